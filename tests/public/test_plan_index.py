"""The anonymous listing's index of the published plans counts, filters and sorts as the SQL
path does, and is built afresh whenever a committed change makes it stale: plans written
through the importer and the one write path, on SQLite and PostgreSQL."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import QueryDict
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from labs.models import Lab
from plans.models import LearningPlan, PublishedVersion
from plans.vocabularies import TagBook, merge_tags
from plans.writing import writing
from public import explore, filters, plan_index
from public.listing import chips, chosen_sort, listed_plans, visible_plans
from public.views import related_plans
from sdgcommons.importers import Importer, find_documents
from tests.conftest import FIXTURES, make_plan

Status, Action = LearningPlan.Status, LearningPlan.Action


@pytest.fixture
def plans(zambia, serbia):
    """The fixture documents imported, with plans of other labs, years, kinds and terms, a term
    not approved, and a draft."""
    list(Importer().import_files(find_documents([str(FIXTURES)])))
    book = TagBook()
    themes = [book.get("theme", f"Theme {number:02}") for number in range(30)]
    water = book.get("theme", "Water")
    pending = book.get("theme", "Proposed term")
    pending.is_approved = False
    pending.save()
    goals = [book.get("sdg", str(number)) for number in (5, 6, 13)]
    for number, (lab, year, kind) in enumerate(
        itertools.product([zambia, serbia], [2022, 2023], ["plan", "progress"])
    ):
        make_plan(
            lab=lab,
            year=year,
            kind=kind,
            title=f"Water and farmers {number % 3}",
            challenge_type=["big_bet", "exploratory", ""][number % 3],
            tags=[*themes[number : number + 12], goals[number % 3], water, pending],
        )
    make_plan(lab=serbia, status=Status.DRAFT, title="Water draft", tags=[water])
    return LearningPlan.objects.published()


def anonymous(query: str):
    request = RequestFactory().get("/plans/", QueryDict(query))
    request.user = AnonymousUser()
    return request


def both_ways(query: str, expand: str = ""):
    """The facets and the ordered ids, from the SQL path and from the index."""
    request = anonymous(query)
    from_sql = filters.facets(request.GET, visible_plans(request), expand=expand, request=request)
    ids = list(listed_plans(request)[0].values_list("pk", flat=True))
    sort = chosen_sort(request)
    selection = plan_index.Selection(
        plan_index.current(), request.GET, request, ranked=sort == "relevance"
    )
    from_index = filters.facets(
        request.GET, visible_plans(request), expand=expand, request=request, selection=selection
    )
    return (from_sql, from_sql.total, ids), (
        from_index,
        from_index.total,
        selection.ids(sort).tolist(),
    )


def queries(facet_list) -> list[str]:
    """Every facet's first two options alone, each pair of facets together, and values that
    match nothing, with and without a search and in each sort."""
    firsts = {
        facet.name: [option.value for option in facet.options if option.count][:2]
        for facet in facet_list
    }
    single = [f"{name}={value}" for name, values in firsts.items() for value in values]
    both = [f"{name}={values[0]}&{name}={values[-1]}" for name, values in firsts.items() if values]
    pairs = [
        f"{first}={firsts[first][0]}&{second}={firsts[second][-1]}"
        for first, second in itertools.combinations([n for n in firsts if firsts[n]], 2)
    ]
    nothing = ["year=20x3", "kind=other", "stage=nowhere", "sdg=99", "theme=no-such-term"]
    searched = [f"q=water&{query}" for query in single[::3]]
    sorted_ = [f"{query}&sort=title" for query in ["", "q=water", "q=farmers -draft", *single[:5]]]
    return ["", "q=water", "q=water farmers", *single, *both, *pairs, *nothing, *searched, *sorted_]


@pytest.mark.django_db
def test_the_index_counts_filters_and_sorts_as_the_database_does(plans):
    assert plans.count() > 10
    every = filters.facets(QueryDict(), plans)
    checked = queries(every)
    assert len(checked) > 100
    for query in checked:
        from_sql, from_index = both_ways(query)
        assert from_index == from_sql, query
    for name in ["theme", "sdg", "country"]:
        from_sql, from_index = both_ways("q=water&kind=plan", expand=name)
        assert from_index == from_sql


@pytest.mark.django_db
def test_the_map_and_the_charts_count_in_the_index_as_the_database_does(plans):
    Lab.objects.update(latitude=-13.1, longitude=27.8)
    checked = queries(filters.facets(QueryDict(), plans))
    for query in checked:
        request = anonymous(query)
        from_sql = explore.Counted(request, None)
        from_index = explore.Counted(request, plan_index.selection_for(request))
        assert from_index.selection is not None
        for draw in [
            explore.country_counts,
            explore.year_kind_chart,
            explore.region_chart,
            explore.tag_charts,
        ]:
            assert draw(request, from_index) == draw(request, from_sql), (query, draw)
    # Twelve themes out of some twenty: the most used, ties by name.
    counted = explore.Counted(anonymous(""), plan_index.selection_for(anonymous("")))
    themes = next(
        chart for chart in explore.tag_charts(anonymous(""), counted) if chart.key == "theme"
    )
    shown = [(-bar.value, bar.label) for bar in themes.bars]
    assert len(shown) == 12
    assert shown == sorted(shown)
    theme_counts = counted.terms()["theme"]
    assert len(theme_counts) > 12
    assert sorted(theme_counts.values(), reverse=True)[:12] == [-value for value, _ in shown]


@pytest.mark.django_db
def test_the_map_and_the_charts_name_the_chosen_filters_as_the_listing_does(plans):
    chosen_elsewhere = "theme=theme-00&year=2023&kind=progress"  # no plan carries it there
    checked = [*queries(filters.facets(QueryDict(), plans)), chosen_elsewhere]
    checked += ["theme=proposed-term", "country=XX&region=NOWHERE", "sdg=x", "theme=&year= "]
    for query in checked:
        request = anonymous(query)
        listing = filters.facets(request.GET, visible_plans(request), request=request)
        assert chips(request, filters.chosen_labels(request.GET)) == chips(
            request, listing.labels()
        ), query
    request = anonymous(chosen_elsewhere)
    assert {chip["label"] for chip in chips(request, filters.chosen_labels(request.GET))} == {
        "Theme 00",
        "Year 2023",
        "Progress report",
    }


@pytest.mark.django_db
def test_a_term_not_approved_is_no_option_but_still_filters(plans):
    (facet_list, total, ids), _ = both_ways("theme=proposed-term")
    theme = next(facet for facet in facet_list if facet.name == "theme")
    assert "proposed-term" not in [option.value for option in theme.options if option.count]
    assert total == len(ids) == 8


@pytest.fixture
def uncached(settings):
    # What is tested is the index, not the page cache in front of it.
    settings.ALP_PUBLIC_CACHE_SECONDS = 0


def listed(client, query="") -> list[str]:
    response = client.get(reverse("plans:list") + query)
    return [plan.title for plan in response.context["page"].object_list]


def token():
    return PublishedVersion.objects.get().token


@pytest.mark.django_db
def test_each_change_the_listing_shows_renews_the_index_and_a_draft_does_not(
    client, plans, rita, uncached
):
    assert "Water draft" not in listed(client, "?q=water")
    draft = LearningPlan.objects.get(title="Water draft")
    before = token()
    with writing(draft):
        draft.title = "Water draft, edited"
        draft.save()
    assert token() == before

    for action in [Action.SUBMIT, Action.APPROVE, Action.PUBLISH]:
        draft.transition(action, by=rita)
    assert token() != before
    assert "Water draft, edited" in listed(client, "?q=water")

    before = token()
    plan = LearningPlan.objects.get(title="Water draft, edited")
    with writing(plan):
        plan.title = "Renamed"
        plan.save()
    assert token() != before
    assert "Renamed" in listed(client, "?sort=title")

    plan.transition(Action.UNPUBLISH, by=rita)
    assert "Renamed" not in listed(client, "?sort=title")


@pytest.mark.django_db
def test_a_published_plans_new_words_are_found_by_a_search_asked_before(client, plans, uncached):
    # The index keeps a search's matches for the visitors who page through it or narrow it.
    assert listed(client, "?q=boreholes") == []
    plan = LearningPlan.objects.get(title="Water and farmers 1", lab__name="Zambia", year=2022)
    before = token()
    with writing(plan):
        plan.background = "In the north, the boreholes run dry by May, and the wells by June."
        plan.save()
    assert token() != before
    response = client.get(reverse("plans:list"), {"q": "boreholes"})
    assert [card.pk for card in response.context["page"].object_list] == [plan.pk]
    assert "the <mark>boreholes</mark>" in str(response.context["snippets"][plan.pk])


@pytest.mark.django_db
def test_approving_or_merging_a_term_renews_the_index(client, plans, uncached):
    book = TagBook()
    pending = book.get("theme", "Proposed term")
    before = token()
    pending.is_approved = True
    pending.save()
    assert token() != before
    theme = next(
        facet
        for facet in client.get(reverse("plans:list")).context["facets"]
        if facet.name == "theme"
    )
    assert "proposed-term" in [option.value for option in theme.options]

    before = token()
    merge_tags(source=pending, target=book.get("theme", "Water"))
    assert token() != before
    _, from_index = both_ways("theme=water")
    from_sql, _ = both_ways("theme=water")
    assert from_index == from_sql


@pytest.mark.django_db
def test_paging_through_a_search_reads_its_matches_once(client, plans, uncached):
    first = listed(client, "?q=water&sort=title")
    with CaptureQueriesContext(connection) as queries:
        narrowed = listed(client, "?q=water&sort=title&kind=plan")
    searched = [q["sql"] for q in queries if "search_text" in q["sql"] or "@@" in q["sql"]]
    assert searched == []
    assert narrowed and set(narrowed) < set(first)


def test_related_plans_share_the_most_of_a_plans_rarest_terms_latest_first_then_by_title(plans):
    # The rule, computed plainly from the database for every published plan.
    published = LearningPlan.objects.published().prefetch_related("tags")
    in_title_order = list(published.order_by("title", "-year", "pk").values_list("pk", flat=True))
    assert len(in_title_order) > 15
    found = 0
    for plan in published:
        tags = sorted(
            plan.tags.all(), key=lambda tag: (tag.vocabulary == "sdg", tag.published_count)
        )
        rarest = {tag.pk for tag in tags[:3]}
        shared = {
            other: len(rarest & {tag.pk for tag in other.tags.all()})
            for other in published
            if other.pk != plan.pk
        }
        expected = sorted(
            (other for other, count in shared.items() if count),
            key=lambda other: (-shared[other], -other.year, in_title_order.index(other.pk)),
        )[:5]
        assert related_plans(plan) == expected
        found += bool(expected)
    assert found > 10


def test_the_plan_page_relates_published_plans_only_whoever_reads_it(plans, client, bob):
    water_plan = plans.filter(lab__name="Serbia", tags__name="Water").first()
    draft = LearningPlan.objects.get(title="Water draft")
    client.force_login(bob)  # of the draft's lab: the draft's own page is theirs to see
    assert client.get(draft.get_absolute_url()).status_code == 200
    page = client.get(water_plan.get_absolute_url()).text
    assert "Related plans" in page
    assert draft.get_absolute_url() not in page
