"""Vocabularies on the questionnaire: closed methods, open data sources and thematic areas whose
new terms wait for curators, and proposed terms kept out of the public facets."""

import html

import pytest
from django.urls import reverse

from plans.models import LearningPlan, Tag, TagAlias
from plans.vocabularies import TagBook
from plans.writing import writing
from tests.conftest import make_plan
from tests.questionnaire.test_editing import draft, hand_in, post_step, step_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cycle(open_cycle):
    """Reports are started only while a cycle takes them."""


@pytest.fixture
def plan(zambia):
    return draft(zambia, title="Open burning", slug="open-burning")


@pytest.fixture
def book(db):
    """Terms as the importer makes them: approved, with their aliases."""
    book = TagBook()
    return {
        "ethnography": book.get("method", "Ethnography"),
        "interviews": book.get("datasource", "In-depth interviews"),
        "waste": book.get("theme", "Waste management"),
    }


def classify(client, plan, **data):
    return post_step(client, plan, "classification", data)


def test_a_method_that_is_not_an_approved_term_is_refused_next_to_the_field(
    client, alice, plan, book
):
    waiting = Tag.objects.create(vocabulary="method", name="Vibes", slug="vibes", is_approved=False)
    client.force_login(alice)
    response = classify(client, plan, methods=[book["ethnography"].pk, waiting.pk])
    assert response.status_code == 200
    form = response.context["terms_form"]
    assert "Choose methods from the list" in form.errors["methods"][0]
    assert "Choose methods from the list" in response.content.decode()
    assert [int(pk) for pk in form["methods"].value()] == [book["ethnography"].pk, waiting.pk]
    assert not plan.tags.exists()


def test_a_method_typed_as_text_is_refused(client, alice, plan, book):
    client.force_login(alice)
    response = classify(client, plan, methods=["Astrology"])
    assert response.status_code == 200
    assert response.context["terms_form"].has_error("methods")


def test_a_new_data_source_is_proposed_attached_and_shown_as_proposed(client, alice, plan, book):
    client.force_login(alice)
    response = classify(client, plan, datasources_new="Drone  imagery\n")
    assert response.status_code == 302
    tag = Tag.objects.get(vocabulary="datasource", name="Drone imagery")
    assert (tag.is_approved, tag.proposed_by) == (False, alice)
    assert list(plan.tags.all()) == [tag]
    assert TagAlias.objects.filter(tag=tag, key="drone imagery").exists()
    content = client.get(step_url(plan, "classification")).content.decode()
    assert "Drone imagery (proposed)" in content


def test_a_proposed_term_that_spells_an_existing_one_maps_onto_it(client, alice, plan, book):
    made_in_admin = Tag.objects.create(vocabulary="theme", name="Food systems", slug="food")
    client.force_login(alice)
    data = {
        "datasources_new": "in depth Interview\nIN-DEPTH INTERVIEWS",  # an alias, twice
        "themes_new": "food-systems\nWaste management",  # a name without alias; a name
    }
    assert classify(client, plan, **data).status_code == 302
    assert set(plan.tags.all()) == {book["interviews"], made_in_admin, book["waste"]}
    assert not Tag.objects.filter(is_approved=False).exists()


@pytest.mark.parametrize("term", ["数据", "???"])
def test_a_term_with_nothing_to_file_it_under_is_refused_and_kept(client, alice, plan, term):
    client.force_login(alice)
    response = classify(client, plan, datasources_new=f"Drone imagery\n{term}")
    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    assert f"“{term}” has no Latin letters or digits" in content
    assert f"Drone imagery\n{term}</textarea>" in content  # still in the box, as typed
    assert not plan.tags.exists() and not Tag.objects.filter(vocabulary="datasource").exists()


def test_two_labs_proposing_one_new_term_share_it(client, alice, bob, plan, serbia):
    other = draft(serbia, slug="other")
    client.force_login(alice)
    classify(client, plan, themes_new="Circular economy")
    client.force_login(bob)
    classify(client, other, themes_new="circular-Economy")
    tag = Tag.objects.get(vocabulary="theme")
    assert set(tag.plans.all()) == {plan, other}
    assert tag.proposed_by == alice


def test_a_proposed_term_counts_towards_the_limit_of_five_themes(client, alice, plan):
    themes = [Tag.objects.create(vocabulary="theme", name=f"T{n}", slug=f"t{n}") for n in range(5)]
    client.force_login(alice)
    response = classify(client, plan, themes=[t.pk for t in themes], themes_new="A sixth one")
    assert response.status_code == 200
    assert "At most 5 thematic areas: 6 are chosen." in response.content.decode()
    assert "A sixth one" in response.content.decode()  # kept as typed
    assert not Tag.objects.filter(name="A sixth one").exists()


def test_proposed_terms_are_offered_only_on_the_plan_that_uses_them(
    client, alice, bob, plan, serbia
):
    client.force_login(alice)
    classify(client, plan, themes_new="Circular economy")
    client.force_login(bob)
    content = client.get(step_url(draft(serbia, slug="other"), "classification")).content
    assert "Circular economy" not in content.decode()


def test_a_progress_report_asks_for_methods_and_data_sources_and_keeps_the_rest(
    client, alice, rita, plan, book, open_cycle
):
    sdg = Tag.objects.create(vocabulary="sdg", name="13. Climate action", slug="13", number=13)
    with writing(plan, by=alice):
        plan.tags.add(sdg, book["waste"])
    hand_in(plan, alice, rita)
    client.force_login(alice)
    client.post(reverse("my:start_report", args=[plan.pk]))
    report = LearningPlan.objects.get(kind="progress")
    data = {"methods": [book["ethnography"].pk], "datasources_new": "Satellite data"}
    response = post_step(client, report, "data_methods", data)
    assert response.status_code == 302
    names = set(report.tags.values_list("name", flat=True))
    assert names == {"13. Climate action", "Waste management", "Ethnography", "Satellite data"}


# Curators and the public -----------------------------------------------------------------------


def test_proposed_terms_stay_out_of_public_facets_and_counts_until_approved(
    client, root, book, django_capture_on_commit_callbacks
):
    proposed = Tag.objects.create(
        vocabulary="datasource", name="Drone imagery", slug="drone-imagery", is_approved=False
    )
    make_plan(tags=[proposed, book["interviews"]])
    proposed.refresh_from_db()
    book["interviews"].refresh_from_db()
    assert (proposed.published_count, book["interviews"].published_count) == (0, 1)
    for query in ("", "?year=2023"):  # from the stored counts, and counted on the fly
        content = client.get(reverse("plans:list") + query).content.decode()
        assert "In-depth interviews" in content
        assert "Drone imagery" not in content

    client.force_login(root)
    data = {"action": "approve_selected", "_selected_action": [proposed.pk]}
    with django_capture_on_commit_callbacks(execute=True):  # committed: cached pages refresh
        client.post(reverse("admin:plans_tag_changelist"), data)
    client.logout()
    assert "Drone imagery" in client.get(reverse("plans:list")).content.decode()


def test_curators_approve_proposed_terms_in_the_admin(client, root, alice):
    proposed = Tag.objects.create(
        vocabulary="theme", name="Night markets", slug="night", is_approved=False, proposed_by=alice
    )
    make_plan(tags=[proposed])
    client.force_login(root)
    listing = client.get(reverse("admin:plans_tag_changelist") + "?is_approved__exact=0")
    assert "Night markets" in listing.content.decode()
    data = {"action": "approve_selected", "_selected_action": [proposed.pk]}
    client.post(reverse("admin:plans_tag_changelist"), data)
    proposed.refresh_from_db()
    assert proposed.is_approved and proposed.published_count == 1


def test_curators_merge_a_proposed_term_into_an_existing_one(client, root, alice, plan, book):
    client.force_login(alice)
    classify(client, plan, datasources_new="Key informant talks")
    proposed = Tag.objects.get(name="Key informant talks")
    client.force_login(root)
    data = {
        "action": "merge_selected",
        "_selected_action": [proposed.pk],
        "merge_into": book["interviews"].pk,
    }
    client.post(reverse("admin:plans_tag_changelist"), data)
    assert list(plan.tags.all()) == [book["interviews"]]
    # The spelling now maps onto the kept term.
    client.force_login(alice)
    plan.refresh_from_db()
    response = classify(client, plan, datasources_new="key informant talk")
    assert response.status_code == 302
    assert list(plan.tags.all()) == [book["interviews"]]
    assert not Tag.objects.filter(is_approved=False).exists()


def test_the_17_goals_are_offered_whether_or_not_a_plan_named_them_before(client, alice, plan):
    client.force_login(alice)
    content = client.get(step_url(plan, "classification")).content.decode()
    assert "1. No poverty" in content and "17. Partnerships for the goals" in content
    assert post_step(client, plan, "classification", {"sdgs": ["5", "13"]}).status_code == 302
    assert sorted(plan.tags.values_list("number", flat=True)) == [5, 13]
    plan.refresh_from_db()
    assert post_step(client, plan, "classification", {"sdgs": ["18"]}).status_code == 200
