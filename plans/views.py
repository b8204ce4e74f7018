from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext

from . import questionnaire as q
from .exporters import export_plan
from .filters import FILTER_NAMES, SORTS, PlanFilter, facets
from .models import LearningPlan
from .search import search, snippets, uses_postgres

PAGE_SIZE = 20
# What a result card shows (templates/includes/plan_card.html). Reading no more of a plan also
# keeps the rest of it out of the sort of a broad search's thousands of matches.
CARD_FIELDS = ["title", "slug", "lab", "year", "kind", "challenge_type", "status", "tweet_summary"]


def plan_list(request):
    query = request.GET.get("q", "").strip()
    plans, sort = listed_plans(request)
    facet_list = facets(
        request.GET,
        _visible(request),
        expand=request.GET.get("more", ""),
        all_published=not request.user.is_authenticated,
        request=request,
    )
    # SQLite's snippets are cut from the plans' search text.
    card = CARD_FIELDS if uses_postgres() else [*CARD_FIELDS, "search_text"]
    paginator = Paginator(plans.with_cards().only(*card), PAGE_SIZE)
    # The facets counted the matching plans already: no second COUNT(*).
    paginator.count = facet_list.total
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "sort": sort,
        "sorts": SORTS if query else SORTS[1:],
        "facets": facet_list,
        "chips": chips(request, facet_list),
        "snippets": snippets(page.object_list, query),
    }
    return render(request, "plans/plan_list.html", context)


def _visible(request):
    plans = LearningPlan.objects.visible_to(request.user)
    # The vectors are never read back; the text only by SQLite's snippets.
    heavy = ["search_vector", "rank_vector"]
    if uses_postgres():
        heavy.append("search_text")
    return search(plans, request.GET.get("q", "")).defer(*heavy)


def listed_plans(request):
    """The visible plans the query string asks for, in its order; the sort actually used."""
    query = request.GET.get("q", "").strip()
    plans = PlanFilter(request.GET, queryset=_visible(request), request=request).qs
    sort = request.GET.get("sort") or ("relevance" if query else "newest")
    if sort == "relevance" and query:
        plans = plans.order_by("-rank", "-year", "title")
    elif sort == "title":
        plans = plans.order_by("title", "-year")
    else:
        sort = "newest"
        plans = plans.order_by("-year", "-published_at", "title")
    return plans, sort


def chips(request, facet_list) -> list[dict]:
    """The active filters, each with the link that removes it."""
    labels = {("q", request.GET.get("q", "")): f"“{request.GET.get('q', '').strip()}”"}
    for facet in facet_list:
        for option in facet.options:
            labels[(facet.name, option.value)] = option.label
    active = []
    for name in ["q", *FILTER_NAMES]:
        for value in request.GET.getlist(name):
            if not value.strip() or (name, value) not in labels:
                continue
            remaining = request.GET.copy()
            remaining.setlist(name, [v for v in remaining.getlist(name) if v != value])
            remaining.pop("page", None)
            label = labels[(name, value)]
            if name == "year":
                label = gettext("Year %(year)s") % {"year": label}
            elif name == "sdg":
                label = gettext("SDG %(number)s") % {"number": value}
            active.append({"name": name, "label": label, "url": "?" + remaining.urlencode()})
    return active


def plan_detail(request, slug):
    plan = _get_visible_plan(request, slug)
    context = {
        "plan": plan,
        "sections": plan_sections(plan),
        "related": related_plans(plan, request.user),
        "parent": LearningPlan.objects.visible_to(request.user).filter(pk=plan.plan_id).first(),
        "reports": LearningPlan.objects.visible_to(request.user).filter(plan=plan),
    }
    return render(request, "plans/plan_detail.html", context)


def related_plans(plan, user, count=5):
    """Visible plans sharing the most of this plan's rarest tags (rare tags say the most)."""
    tags = sorted(plan.tags.all(), key=lambda tag: (tag.vocabulary == "sdg", tag.published_count))
    shared = dict(
        LearningPlan.tags.through.objects.filter(tag__in=[tag.pk for tag in tags[:3]])
        .exclude(learningplan=plan)
        .values_list("learningplan")
        .annotate(shared=Count("*"))
        .order_by("-shared")[:50]
    )
    plans = (
        LearningPlan.objects.visible_to(user)
        .filter(pk__in=shared)
        .select_related("lab")
        .defer("search_text", "search_vector", "rank_vector")
    )
    return sorted(plans, key=lambda other: (-shared[other.pk], -other.year, other.title))[:count]


def plan_markdown(request, slug):
    plan = _get_visible_plan(request, slug)
    response = HttpResponse(
        export_plan(plan, public=True), content_type="text/markdown; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}.md"'
    return response


def evidence_file(request, slug, pk):
    """A supporting file, only to those who may see its plan; always a download, never sniffed."""
    plan = get_object_or_404(LearningPlan.objects.visible_to(request.user), slug=slug)
    evidence = get_object_or_404(plan.evidence_files, pk=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _get_visible_plan(request, slug):
    """The plan if this user may see it; 404 otherwise, so hidden plans do not show they exist."""
    plans = LearningPlan.objects.visible_to(request.user).with_answers()
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
                "heading": section.translated_heading,
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
            {
                "key": "other",
                "heading": gettext("Other answers"),
                "entries": [],
                "others": leftovers,
            }
        )
    return sections
