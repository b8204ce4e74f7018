"""The public listing: filters, facet counts, chips, sorting, search and snippets."""

import pytest
from django.urls import reverse

from partners.models import Partnership
from plans.models import LearningQuestion, Tag
from tests.conftest import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def tags():
    return {
        "gender": Tag.objects.create(
            vocabulary="sdg", name="5. Gender equality", slug="5", number=5
        ),
        "climate": Tag.objects.create(
            vocabulary="sdg", name="13. Climate action", slug="13", number=13
        ),
        "foresight": Tag.objects.create(vocabulary="method", name="Foresight", slug="foresight"),
        "surveys": Tag.objects.create(vocabulary="datasource", name="Surveys", slug="surveys"),
        "waste": Tag.objects.create(vocabulary="theme", name="Waste", slug="waste"),
    }


@pytest.fixture
def plans(tags, zambia, serbia):
    a = make_plan(
        title="Stoves for Lusaka",
        lab=zambia,
        year=2022,
        tags=[tags["gender"], tags["foresight"]],
        challenge_type="big_bet",
        parts=lambda plan: LearningQuestion.objects.create(
            plan=plan, question="Who cooks?", is_sense=True
        ),
    )

    def rubble(plan):
        LearningQuestion.objects.create(plan=plan, question="Where is rubble?", is_test=True)
        Partnership.objects.create(
            plan=plan, position=1, name_as_written="City", sector="government"
        )

    b = make_plan(
        title="Rubble in Belgrade",
        lab=serbia,
        year=2023,
        tags=[tags["climate"], tags["waste"]],
        parts=rubble,
    )
    c = make_plan(
        title="Floods in Lusaka",
        lab=zambia,
        year=2023,
        kind="progress",
        tags=[tags["climate"], tags["gender"], tags["surveys"]],
    )
    make_plan(title="Secret draft", lab=zambia, year=2023, status="draft", tags=[tags["gender"]])
    return a, b, c


def titles(response):
    return [plan.title for plan in response.context["page"].object_list]


def facet(response, name):
    found = next(f for f in response.context["facets"] if f.name == name)
    return {option.value: option.count for option in found.options}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"sdg": "5"}, {"Stoves for Lusaka", "Floods in Lusaka"}),
        ({"sdg": ["5", "13"]}, {"Stoves for Lusaka", "Floods in Lusaka", "Rubble in Belgrade"}),
        ({"country": "RS"}, {"Rubble in Belgrade"}),
        ({"region": "RBA"}, {"Stoves for Lusaka", "Floods in Lusaka"}),
        ({"year": "2023"}, {"Rubble in Belgrade", "Floods in Lusaka"}),
        ({"kind": "progress"}, {"Floods in Lusaka"}),
        ({"challenge_type": "big_bet"}, {"Stoves for Lusaka"}),
        ({"method": "foresight"}, {"Stoves for Lusaka"}),
        ({"datasource": "surveys"}, {"Floods in Lusaka"}),
        ({"theme": "waste"}, {"Rubble in Belgrade"}),
        ({"stage": "test"}, {"Rubble in Belgrade"}),
        ({"stage": ["sense", "test"]}, {"Stoves for Lusaka", "Rubble in Belgrade"}),
        ({"partner_sector": "government"}, {"Rubble in Belgrade"}),
        ({"sdg": "13", "country": "ZM", "year": "2023"}, {"Floods in Lusaka"}),
        ({"year": "twenty"}, set()),
    ],
)
def test_filters_combine_and_repeat(client, plans, query, expected):
    response = client.get(reverse("plans:list"), query)
    assert response.status_code == 200
    assert set(titles(response)) == expected


def test_facets_count_under_the_other_filters(client, plans):
    response = client.get(reverse("plans:list"), {"sdg": "5", "country": "ZM"})
    # Counting SDGs ignores the SDG filter: both Zambian plans have 5, one has 13.
    assert facet(response, "sdg") == {"5": 2, "13": 1}
    # Counting countries ignores the country filter: Serbia has no plan with SDG 5.
    assert facet(response, "country") == {"ZM": 2}
    assert facet(response, "year") == {"2022": 1, "2023": 1}
    assert facet(response, "kind") == {"plan": 1, "progress": 1}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # On PostgreSQL these count the scalar and the idle tag facets in one query.
        (
            {"sdg": "13"},
            {
                "sdg": {"5": 2, "13": 2},
                "method": {},
                "datasource": {"surveys": 1},
                "theme": {"waste": 1},
                "year": {"2023": 2},
                "kind": {"plan": 1, "progress": 1},
                "region": {"RBA": 1, "RBEC": 1},
                "stage": {"test": 1},
                "partner_sector": {"government": 1},
            },
        ),
        (
            {"q": "Lusaka"},
            {
                "sdg": {"5": 2, "13": 1},
                "method": {"foresight": 1},
                "datasource": {"surveys": 1},
                "theme": {},
                "year": {"2022": 1, "2023": 1},
                "country": {"ZM": 2},
                "stage": {"sense": 1},
                "partner_sector": {},
            },
        ),
    ],
)
def test_search_and_tag_filters_count_every_facet(client, plans, query, expected):
    response = client.get(reverse("plans:list"), query)
    assert {name: facet(response, name) for name in expected} == expected


def test_stage_and_sector_facets_count_under_the_other_filters(client, plans):
    response = client.get(reverse("plans:list"), {"year": "2023"})
    assert facet(response, "stage") == {"test": 1}
    assert facet(response, "partner_sector") == {"government": 1}
    response = client.get(reverse("plans:list"), {"stage": "sense", "country": "RS"})
    # Stages count without the stage filter: Belgrade's plan asks a test question.
    assert facet(response, "stage") == {"sense": 0, "test": 1}
    # Sectors count under both filters: no Serbian plan asks a sense question.
    assert facet(response, "partner_sector") == {}


def test_facets_never_count_unpublished_plans(client, plans):
    response = client.get(reverse("plans:list"))
    assert facet(response, "sdg") == {"5": 2, "13": 2}
    assert facet(response, "region") == {"RBA": 2, "RBEC": 1}


def test_a_selected_option_with_no_plans_stays_visible(client, plans):
    response = client.get(reverse("plans:list"), {"country": "RS", "kind": "progress"})
    assert facet(response, "kind") == {"plan": 1, "progress": 0}


def test_active_filters_show_as_removable_chips(client, plans):
    response = client.get(reverse("plans:list"), {"sdg": ["5", "13"], "region": "RBA"})
    chips = {chip["label"]: chip["url"] for chip in response.context["chips"]}
    assert set(chips) == {"SDG 5", "SDG 13", "Africa"}
    assert "sdg=5" not in chips["SDG 5"]
    assert "sdg=13" in chips["SDG 5"]
    assert "Clear all" in response.text


def test_pagination_keeps_the_filters(client, zambia):
    for number in range(25):
        make_plan(title=f"Plan {number:02}", lab=zambia)
    response = client.get(reverse("plans:list"), {"country": "ZM"})
    assert 'href="?country=ZM&amp;page=2"' in response.text


def test_sorting_by_title_and_newest(client, plans):
    by_title = client.get(reverse("plans:list"), {"sort": "title"})
    assert titles(by_title) == ["Floods in Lusaka", "Rubble in Belgrade", "Stoves for Lusaka"]
    newest = client.get(reverse("plans:list"))
    assert titles(newest)[-1] == "Stoves for Lusaka"


def test_search_finds_words_and_excludes(client, plans):
    assert set(titles(client.get(reverse("plans:list"), {"q": "Lusaka"}))) == {
        "Stoves for Lusaka",
        "Floods in Lusaka",
    }
    assert titles(client.get(reverse("plans:list"), {"q": "Lusaka -floods"})) == [
        "Stoves for Lusaka"
    ]
    assert set(titles(client.get(reverse("plans:list"), {"q": "rubble or stoves"}))) == {
        "Stoves for Lusaka",
        "Rubble in Belgrade",
    }


def test_search_never_finds_unpublished_plans(client, plans):
    assert titles(client.get(reverse("plans:list"), {"q": "secret"})) == []


def test_search_results_carry_a_highlighted_snippet(client, plans):
    response = client.get(reverse("plans:list"), {"q": "rubble"})
    assert "<mark>" in response.text
    assert "Rubble" in response.text


def test_the_listing_works_without_javascript(client, plans):
    response = client.get(reverse("plans:list"))
    assert '<form method="get"' in response.text
    assert 'type="checkbox" name="sdg" value="5"' in response.text
    assert "Apply filters" in response.text


def test_long_facets_show_their_top_options_until_expanded(client, zambia):
    terms = [
        Tag.objects.create(vocabulary="theme", name=f"Theme {n:02}", slug=f"theme-{n}")
        for n in range(30)
    ]
    make_plan(lab=zambia, tags=terms)
    response = client.get(reverse("plans:list"))
    assert len(facet(response, "theme")) == 25
    assert "Show all 30" in response.text
    response = client.get(reverse("plans:list"), {"more": "theme"})
    assert len(facet(response, "theme")) == 30


@pytest.mark.parametrize("size", [3, 30])
def test_the_listing_query_count_does_not_grow(
    client, django_assert_max_num_queries, tags, zambia, size
):
    def parts(plan):
        Partnership.objects.create(
            plan=plan, position=1, name_as_written="City", sector="government"
        )
        LearningQuestion.objects.create(plan=plan, question="Why?", is_sense=True)

    for number in range(size):
        make_plan(
            title=f"Plan {number}",
            lab=zambia,
            kind="progress" if number % 2 else "plan",
            tags=list(tags.values()),
            parts=parts,
        )
    with django_assert_max_num_queries(10):
        client.get(reverse("plans:list"))
    with django_assert_max_num_queries(14):
        client.get(
            reverse("plans:list"), {"sdg": "5", "method": "foresight", "region": "RBA", "q": "plan"}
        )
