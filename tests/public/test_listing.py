"""The public listing: filters, facet counts, chips, sorting, search and snippets."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

from partners.models import Partnership
from plans.models import Insight, LearningQuestion, Tag
from plans.vocabularies import TagBook
from plans.writing import writing
from public import views
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


def theme_boxes(response) -> list[str]:
    return re.findall(r'name="theme" value="([^"]+)"', response.text)


@pytest.fixture
def many_themes(zambia):
    """500 approved themes, made as the importer makes them; ten of them on two plans."""
    book = TagBook()
    themes = [book.get("theme", f"Theme number {number:03}") for number in range(500)]
    make_plan(lab=zambia, tags=themes)
    make_plan(lab=zambia, tags=themes[-10:])
    return themes


def test_a_long_facet_shows_its_most_frequent_options_and_links_to_all(client, many_themes):
    response = client.get(reverse("plans:list"))
    assert response.status_code == 200
    assert theme_boxes(response) == [theme.slug for theme in many_themes[-10:]]
    assert "Show all 500" in response.text
    assert reverse("plans:facet", args=["theme"]) in response.text
    # Every term on the page made it 78 KB; the top ten keep it small.
    assert len(response.content) < 30_000


def test_a_selected_option_outside_the_top_stays_shown(client, many_themes):
    rare = many_themes[0]
    response = client.get(reverse("plans:list"), {"theme": rare.slug})
    assert set(theme_boxes(response)) == {rare.slug, *(t.slug for t in many_themes[-10:])}
    assert f'name="theme" value="{rare.slug}" checked' in response.text
    assert [chip["label"] for chip in response.context["chips"]] == [rare.name]


def test_show_all_lists_every_option_under_the_other_filters(client, many_themes, zambia):
    make_plan(lab=zambia, year=2020, tags=many_themes[:3])
    url = reverse("plans:facet", args=["theme"])
    response = client.get(url, {"year": "2023", "theme": many_themes[-1].slug, "page": "2"})
    assert response.status_code == 200
    assert len(theme_boxes(response)) == 500
    counts = {option.value: option.count for option in response.context["facet"].options}
    assert counts[many_themes[-1].slug] == 2
    assert counts[many_themes[0].slug] == 1  # not the 2020 plan
    # A form to the listing, keeping the other filters; this facet's selection is its boxes.
    assert f'action="{reverse("plans:list")}"' in response.text
    assert '<input type="hidden" name="year" value="2023">' in response.text
    assert 'type="hidden" name="theme"' not in response.text
    assert 'name="page"' not in response.text
    assert f'value="{many_themes[-1].slug}" checked' in response.text
    assert "Apply filters" in response.text


def test_show_all_counts_with_a_fixed_number_of_queries(
    client, many_themes, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        client.get(reverse("plans:facet", args=["theme"]), {"sdg": "5", "q": "theme"})


def test_show_all_of_an_unknown_facet_is_not_found(client):
    assert client.get(reverse("plans:facet", args=["colour"])).status_code == 404


def test_the_filters_button_counts_the_active_filters(client, plans):
    response = client.get(reverse("plans:list"), {"sdg": ["5", "13"], "region": "RBA", "q": "x"})
    assert "Filters (3)" in response.text
    assert "Filters (0)" in client.get(reverse("plans:list")).text


def test_filters_and_sort_apply_only_on_a_button(client, plans):
    response = client.get(reverse("plans:list"))
    assert '<button class="btn btn-primary" type="submit">Apply filters</button>' in response.text
    assert ">Sort</button>" in response.text
    script = (settings.BASE_DIR / "static" / "js" / "listing.js").read_text()
    assert "requestSubmit" not in script and ".submit()" not in script


def selected_sort(response) -> str:
    return next(label for _, label, selected in response.context["sorts"] if selected)


def test_a_search_sorts_by_relevance_unless_another_sort_was_chosen(client, plans):
    # The default sort is sent empty: typing a search on the default listing ranks.
    listing = client.get(reverse("plans:list"))
    assert '<option value="" selected>Newest</option>' in listing.text
    assert selected_sort(client.get(reverse("plans:list"), {"q": "lusaka", "sort": ""})) == (
        "Relevance"
    )
    chosen = client.get(reverse("plans:list"), {"q": "lusaka", "sort": "title"})
    assert selected_sort(chosen) == "Title"
    assert titles(chosen) == ["Floods in Lusaka", "Stoves for Lusaka"]
    assert selected_sort(client.get(reverse("plans:list"), {"q": "lusaka", "sort": "newest"})) == (
        "Newest"
    )


def test_search_matches_words_from_their_start(client, zambia):
    make_plan(lab=zambia, title="Drinking water", background="L'accès à l'eau potable.")
    make_plan(lab=zambia, title="Rivers", background="Les eaux de pluie.")
    make_plan(lab=zambia, title="Tourism", background="The beauty of the Statistics Bureau.")
    found = titles(client.get(reverse("plans:list"), {"q": "eau"}))
    assert set(found) <= {"Drinking water", "Rivers"}
    assert "Drinking water" in found
    assert titles(client.get(reverse("plans:list"), {"q": "bureau"})) == ["Tourism"]
    assert titles(client.get(reverse("plans:list"), {"q": "drinking -eau"})) == []


def test_snippets_are_whole_words_of_the_answers(client, zambia):
    water = Tag.objects.create(vocabulary="theme", name="Wells and pumps", slug="wells-and-pumps")
    words = " ".join(f"word{number}" for number in range(60))
    make_plan(
        lab=zambia,
        title="Dry wells",
        challenge_type="big_bet",
        tags=[water],
        background=(
            f"{words} ![map](https://example.org/wells-map.png) The **wells** of the north run "
            f"dry by May, see [the survey](https://example.org/survey) or www.example.org/wells. "
            f"{words}"
        ),
    )
    response = client.get(reverse("plans:list"), {"q": "wells"})
    snippet = str(response.context["snippets"][response.context["page"][0].pk])
    assert "<mark>wells</mark> of the north run dry by May" in snippet
    assert "the survey" in snippet
    for noise in ["big_bet", "Wells and pumps", "http", "www", "![", ".png", "**", "]("]:
        assert noise not in snippet
    # It starts and ends on whole words.
    text = snippet.removeprefix("… ").removesuffix(" …")
    assert re.fullmatch(r"(word\d+ )*The .*(\S+ )*word\d+", text)


def test_pages_are_numbered_around_the_current_one(client, zambia, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    for number in range(20):
        make_plan(title=f"Plan {number:02}", lab=zambia)
    response = client.get(reverse("plans:list"), {"country": "ZM", "page": "6"})
    nav = re.search(r'<nav aria-label="Pages">.*?</nav>', response.text, re.S).group()
    numbers = re.findall(r'<span class="visually-hidden">Page </span>(\d+)<', nav)
    assert numbers == ["1", "4", "5", "6", "7", "8", "20"]
    assert nav.count("…") == 2
    assert re.search(r'aria-current="page"><span class="visually-hidden">Page </span>6<', nav)
    assert 'href="?country=ZM&amp;page=5" rel="prev"' in nav
    assert 'href="?country=ZM&amp;page=7" rel="next"' in nav
    assert 'href="?country=ZM&amp;page=20"' in nav


@pytest.mark.parametrize(
    ("language", "placeholder"),
    [
        ("en", 'Search: words, "a phrase", -exclude, this OR that'),
        ("fr", "Rechercher : des mots, « une expression », -exclure, ceci OR cela"),
        ("es", "Buscar: palabras, «una frase», -excluir, esto OR aquello"),
        ("pt", "Pesquisar: palavras, «uma frase», -excluir, isto OR aquilo"),
    ],
)
def test_the_search_box_placeholder_is_translated_whole(client, language, placeholder):
    response = client.get(reverse("plans:list"), headers={"accept-language": language})
    inputs = InputParser()
    inputs.feed(response.text)
    assert inputs.attributes["plan-q"]["placeholder"] == placeholder


class InputParser(HTMLParser):
    """The attributes of each <input> with an id, as a browser reads them."""

    def __init__(self):
        super().__init__()
        self.attributes = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and "id" in attributes:
            self.attributes[attributes["id"]] = attributes


def test_a_card_shows_the_plans_goals_and_follows_a_rewrite_of_its_terms(
    client, django_capture_on_commit_callbacks, tags, zambia
):
    def badges():
        content = client.get(reverse("plans:list")).content.decode()
        return re.findall(r'class="sdg-badge sdg-(\d+)" href="[^"]*\?sdg=(\d+)"', content)

    plan = make_plan(lab=zambia, tags=[tags["climate"], tags["waste"], tags["gender"]])
    assert badges() == [("5", "5"), ("13", "13")]
    with django_capture_on_commit_callbacks(execute=True), writing(plan):
        plan.tags.set([tags["climate"], tags["foresight"]])
    assert badges() == [("13", "13")]


def test_a_card_without_a_tweet_shows_the_first_insight(client, zambia):
    def insights(plan):
        Insight.objects.create(plan=plan, position=2, text="Then the rains came late.")
        Insight.objects.create(plan=plan, position=1, text="Wells dried up first.")

    make_plan(lab=zambia, kind="progress", tweet_summary="", parts=insights)
    content = client.get(reverse("plans:list")).content.decode()
    assert "Wells dried up first." in content and "rains came late" not in content


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
