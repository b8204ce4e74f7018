"""Reviewers' comments where the lab works: on each questionnaire step and before submission."""

from django import template

from plans import questionnaire as q
from plans.models import LearningPlan

from ..models import Comment

register = template.Library()


@register.inclusion_tag("review/includes/lab_threads.html", takes_context=True)
def comment_threads(context, plan, section=None):
    """The plan's comment threads (those of one section when given), each with what it is about."""
    threads = Comment.objects.filter(plan=plan).threads()
    if section:
        threads = threads.filter(section=section)
    version = q.get(plan.questionnaire, plan.kind)
    for thread in threads:
        thread.about = _about(version, thread.section, thread.field)
    request_for_changes = None
    if plan.status == LearningPlan.Status.CHANGES_REQUESTED and not section:
        request_for_changes = (
            plan.events.filter(action=LearningPlan.Action.REQUEST_CHANGES)
            .select_related("actor")
            .last()
        )
    return {
        "plan": plan,
        "threads": threads,
        "request_for_changes": request_for_changes,
        "request": context.get("request"),
    }


def _about(version, section_key, field) -> str:
    section = version.section(section_key)
    if section is None:
        return section_key
    for prompt in (*section.prompts, *section.closing):
        if prompt.field == field:
            return f"{section.heading} · {prompt.short_label}"
    return section.heading
