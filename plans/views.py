from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from . import questionnaire as q
from .exporters import export_plan, for_export
from .models import LearningPlan

PAGE_SIZE = 20


def plan_list(request):
    plans = LearningPlan.objects.visible_to(request.user).with_cards().order_by("-year", "title")
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "plans/plan_list.html", {"page": page})


def plan_detail(request, slug):
    plan = _get_visible_plan(request, slug)
    context = {"plan": plan, "sections": plan_sections(plan)}
    return render(request, "plans/plan_detail.html", context)


def plan_markdown(request, slug):
    plan = _get_visible_plan(request, slug)
    response = HttpResponse(export_plan(plan), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}.md"'
    return response


def _get_visible_plan(request, slug):
    """The plan if this user may see it; 404 otherwise, so hidden plans do not show they exist."""
    plans = for_export(LearningPlan.objects.visible_to(request.user)).select_related("plan")
    return get_object_or_404(plans, slug=slug)


def plan_sections(plan):
    """The plan's answers section by section, in the order and words of its questionnaire."""
    version = q.get(plan.questionnaire, plan.kind)
    others = list(plan.other_answers.all())
    sections = []
    for section in version.sections:
        entries = []
        for prompt in (*section.prompts, *section.closing):
            if not prompt.field:
                continue
            value = plan.title if prompt.field == "title" else getattr(plan, prompt.field, None)
            if prompt.field == "insights":
                value = list(plan.insights.all())
            entries.append({"prompt": prompt, "kind": prompt.kind, "value": value})
        repeat = section.repeat.name if section.repeat else None
        mine = [
            other
            for other in others
            if (found := q.section_for_heading(other.section)) and found[0] == section.key
        ]
        sections.append(
            {
                "key": section.key,
                "heading": section.heading,
                "entries": entries,
                "partnerships": list(plan.partnerships.all()) if repeat == "partnerships" else None,
                "questions": list(plan.learning_questions.all())
                if repeat == "learning_questions"
                else None,
                "tags": list(plan.tags.all()) if section.key == "classification" else None,
                "others": [other for other in mine if other.answer],
            }
        )
    placed = {other.pk for section in sections for other in section["others"]}
    leftovers = [other for other in others if other.pk not in placed and other.answer]
    if leftovers:
        sections.append(
            {"key": "other", "heading": "Other answers", "entries": [], "others": leftovers}
        )
    return sections
