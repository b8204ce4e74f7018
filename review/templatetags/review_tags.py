"""Reviewers' comments where the lab works: on each questionnaire step and before submission."""

from django import template
from django.db.models import Prefetch

from plans import questionnaire as q

from ..models import Comment

register = template.Library()


@register.inclusion_tag("review/includes/lab_threads.html", takes_context=True)
def comment_threads(context, plan, section=None):
    """The plan's comment threads (those of one section when given), each with what it is about."""
    threads = (
        Comment.objects.filter(plan=plan, parent=None)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=Comment.objects.select_related("author")))
    )
    if section:
        threads = threads.filter(section=section)
    version = q.get(plan.questionnaire, plan.kind)
    for thread in threads:
        thread.about = _about(version, thread.section, thread.field)
    return {"plan": plan, "threads": threads, "request": context.get("request")}


def _about(version, section_key, field) -> str:
    section = version.section(section_key)
    if section is None:
        return section_key
    for prompt in (*section.prompts, *section.closing):
        if prompt.field == field:
            return f"{section.heading} · {prompt.short_label}"
    return section.heading
