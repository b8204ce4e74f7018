"""What the public listing selects: the visible plans a query string asks for, in its order.

The listing page, the map and stats, the feed, the exports and the API all read the same query
string through these helpers, so a link copied from one of them selects the same plans in another.
"""

from django.utils.translation import gettext

from plans.models import LearningPlan
from plans.search import search

from .filters import FILTER_NAMES, PlanFilter


def visible_plans(request):
    """The plans this user may see that match the search `q`, ranked when searching."""
    plans = LearningPlan.objects.visible_to(request.user)
    # Searched, or shown on a plan's page only: never read back here.
    return search(plans, request.GET.get("q", "")).without_search().defer("rendered")


def listed_plans(request):
    """The visible plans the query string asks for, in its order; the sort actually used."""
    plans = PlanFilter(request.GET, queryset=visible_plans(request), request=request).qs
    return sorted_plans(request, plans)


# What a result card reads of a plan (with `with_cards`), and the feed of each item.
CARD_FIELDS = [
    *("title", "slug", "year", "kind", "challenge_type", "status", "tweet_summary"),
    *("lab", "lab__name", "lab__country", "goal_numbers"),
]

# Each sort's order, the id last so that plans alike keep one order from page to page (and the
# listing's index, `plan_index`, orders them as the database does).
ORDERS = {
    "relevance": ["-rank", "-year", "title", "pk"],
    "title": ["title", "-year", "pk"],
    "newest": ["-year", "-published_at", "title", "pk"],
}


def in_order(plans, ids) -> list:
    """Those of `plans` whose ids are `ids`, in the order of `ids` (as the listing's index gives
    a page of them), read in one query."""
    by_id = {plan.pk: plan for plan in plans.filter(pk__in=ids).order_by()}
    return [by_id[pk] for pk in ids if pk in by_id]


def sorted_plans(request, plans):
    """The plans in the order `sort` asks for (relevance only with a search); the sort used."""
    sort = chosen_sort(request)
    return plans.order_by(*ORDERS[sort]), sort


def chosen_sort(request) -> str:
    query = request.GET.get("q", "").strip()
    sort = request.GET.get("sort") or ("relevance" if query else "newest")
    if sort == "relevance" and query or sort == "title":
        return sort
    return "newest"


def chips(request, labels: dict[tuple[str, str], str]) -> list[dict]:
    """The active filters, each with the link that removes it; `labels`: each chosen value's,
    by filter name and value (`FacetList.labels`, `filters.chosen_labels`)."""
    labels = {**labels, ("q", request.GET.get("q", "")): f"“{request.GET.get('q', '').strip()}”"}
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
