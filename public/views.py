from urllib.parse import urlsplit

from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from plans.models import LearningPlan, PublishedGroup
from plans.search import snippets
from plans.sections import plan_sections, shown_sections
from sdgcommons.exporters import export_plan

from . import plan_index
from .caching import cache_for_anonymous
from .filters import FACET_LABELS, SORTS
from .listing import CARD_FIELDS, chips, chosen_sort, in_order, listed_plans
from .plan_parts import get_plan_with_its_parts

PAGE_SIZE = 20
# What a result card shows (templates/includes/plan_card.html). Reading no more of a plan also
# keeps the rest of it out of the sort of a broad search's thousands of matches. Its lab's name
# is shown localised (`lab_name`), which reads the lab's country too.
LATEST = 6


@cache_for_anonymous
def home(request):
    """What the portal is, in figures, the latest published plans, and where each role starts."""
    # Counted from the groups the database keeps (a few thousand rows), not from every plan.
    groups = PublishedGroup.objects.filter(plans__gt=0)
    totals = groups.aggregate(
        of_plans=Coalesce(Sum("plans", filter=Q(kind=LearningPlan.Kind.PLAN)), 0),
        of_reports=Coalesce(Sum("plans", filter=Q(kind=LearningPlan.Kind.PROGRESS)), 0),
        labs=Count("lab", distinct=True),
        years=Count("year", distinct=True),
    )
    figures = {
        "plans": totals["of_plans"],
        "reports": totals["of_reports"],
        "labs": totals["labs"],
        "years": totals["years"],
    }
    published = LearningPlan.objects.published()
    latest = published.with_cards().only(*CARD_FIELDS).order_by("-published_at", "-pk")
    return render(request, "public/home.html", {"figures": figures, "latest": latest[:LATEST]})


@cache_for_anonymous
def plan_list(request):
    query = request.GET.get("q", "").strip()
    sort = chosen_sort(request)
    selection = plan_index.selection_for(request, ranked=sort == "relevance")
    facet_list = plan_index.listing_facets(request, selection)
    if selection is None:
        plans, _ = listed_plans(request)
        paginator = Paginator(plans.with_cards().only(*CARD_FIELDS), PAGE_SIZE)
        # The facets counted the matching plans already: no second COUNT(*).
        paginator.count = facet_list.total
        page = paginator.get_page(request.GET.get("page"))
    else:
        page = Paginator(selection.ids(sort), PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = _cards(page.object_list.tolist())
    active = chips(request, facet_list.labels())
    # The default sort is sent empty, so that typing a search on a page sorted by the default
    # (newest) sorts by relevance, while a sort the visitor chose stays.
    default = "relevance" if query else "newest"
    sorts = [
        ("" if value == default else value, label, value == sort)
        for value, label in (SORTS if query else SORTS[1:])
    ]
    context = {
        "page": page,
        "query": query,
        "sorts": sorts,
        "facets": facet_list,
        "chips": active,
        "active_filters": len([chip for chip in active if chip["name"] != "q"]),
        "snippets": snippets(page.object_list, query),
    }
    return render(request, "plans/plan_list.html", context)


@cache_for_anonymous
def facet_options(request, name):
    """Every option of one facet, with its count under the listing's filters: what a long facet
    on the listing offers beyond its top options."""
    if name not in FACET_LABELS:
        raise Http404
    facets = plan_index.listing_facets(request, plan_index.selection_for(request), expand=name)
    facet = next(facet for facet in facets if facet.name == name)
    # The form's other fields: the listing's filters, kept as they are, but this facet's.
    kept = [
        (key, value)
        for key, values in request.GET.lists()
        if key not in (name, "page")
        for value in values
    ]
    return render(request, "plans/facet_options.html", {"facet": facet, "kept": kept})


def _cards(ids) -> list:
    """The plans of a page of results, in the order of their ids."""
    return in_order(LearningPlan.objects.published().with_cards().only(*CARD_FIELDS), ids)


@cache_for_anonymous
def plan_detail(request, slug):
    plan = get_plan_with_its_parts(LearningPlan.objects.visible_to(request.user), slug)
    sections = shown_sections(plan_sections(plan))
    placed = {tag.pk for section in sections for tag in section.get("tags") or ()}
    # A report's plan and a plan's reports, read together, if it has any: only what their
    # links show.
    linked = []
    if plan.plan_id or plan.has_reports:
        linked = list(
            LearningPlan.objects.visible_to(request.user)
            .filter(Q(pk=plan.plan_id) | Q(plan=plan))
            .only(*LINK_FIELDS)
            .order_by("year", "slug")
        )
    context = {
        "plan": plan,
        "sections": sections,
        # Tags no section of its questionnaire asks for are shown under the title.
        "tags": [tag for tag in plan.tags.all() if tag.pk not in placed],
        "back": _back_to_results(request),
        "related": related_plans(plan),
        "parent": next((other for other in linked if other.pk == plan.plan_id), None),
        "reports": [other for other in linked if other.plan_id == plan.pk],
    }
    return render(request, "plans/plan_detail.html", context)


def _back_to_results(request) -> str | None:
    """The listing the reader came from, with its filters, when the address says (?back=); only
    ever this site's listing, so that the link cannot lead elsewhere. Without it the browser
    fills in the link (static/js/back.js): the page is the same for everyone who asks for it."""
    target = request.GET.get("back", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return None
    parts = urlsplit(target)
    if parts.path != reverse("plans:list"):
        return None
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


# What a link to another plan shows (title, slug) and the line under it on the plan page.
LINK_FIELDS = ["title", "slug", "year", "kind", "plan", "lab__name", "lab__country"]


def related_plans(plan, count=5):
    """Published plans sharing the most of this plan's rarest tags (rare tags say the most),
    found in the index of the published plans: a common tag links thousands of plans."""
    tags = sorted(plan.tags.all(), key=lambda tag: (tag.vocabulary == "sdg", tag.published_count))
    rarest = [tag.pk for tag in tags[:3]]
    if not rarest:
        return []
    ids = plan_index.current().related(plan.pk, rarest, count)
    return in_order(LearningPlan.objects.published().select_related("lab").only(*LINK_FIELDS), ids)


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
    plans = LearningPlan.objects.visible_to(request.user).with_answers().without_search()
    return get_object_or_404(plans, slug=slug)
