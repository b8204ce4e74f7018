from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from alp_portal.caching import cache_for_anonymous
from plans.models import LearningPlan
from plans.search import snippets, uses_postgres
from sdgcommons.exporters import export_plan

from .filters import SORTS, facets
from .listing import chips, listed_plans, visible_plans
from .sections import plan_sections

PAGE_SIZE = 20
# What a result card shows (templates/includes/plan_card.html). Reading no more of a plan also
# keeps the rest of it out of the sort of a broad search's thousands of matches.
CARD_FIELDS = ["title", "slug", "lab", "year", "kind", "challenge_type", "status", "tweet_summary"]


LATEST = 6


@cache_for_anonymous
def home(request):
    """What the portal is, in figures, the latest published plans, and where each role starts."""
    published = LearningPlan.objects.published()
    figures = published.aggregate(
        plans=Count("pk", filter=Q(kind=LearningPlan.Kind.PLAN)),
        reports=Count("pk", filter=Q(kind=LearningPlan.Kind.PROGRESS)),
        labs=Count("lab", distinct=True),
        years=Count("year", distinct=True),
    )
    latest = published.with_cards().only(*CARD_FIELDS).order_by("-published_at", "-pk")
    return render(request, "public/home.html", {"figures": figures, "latest": latest[:LATEST]})


@cache_for_anonymous
def plan_list(request):
    query = request.GET.get("q", "").strip()
    plans, sort = listed_plans(request)
    facet_list = facets(
        request.GET,
        visible_plans(request),
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


@cache_for_anonymous
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
