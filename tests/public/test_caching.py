"""Public pages come from the cache for anonymous visitors, never with another visitor's
messages, CSRF token or nonce, and fresh again once a change the public would see commits.

The tests' transaction never commits: `committed()` runs what a commit would
(django_capture_on_commit_callbacks), as the end of a real request or import does."""

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from partners.merging import merge_organisations
from partners.models import PartnerOrganisation, Partnership
from plans.models import LearningPlan, Tag
from plans.vocabularies import merge_tags
from plans.writing import writing
from sdgcommons.importers import Importer
from tests.conftest import FIXTURES, make_plan
from tests.plans.test_writing import form_values

pytestmark = pytest.mark.django_db
Status, Action = LearningPlan.Status, LearningPlan.Action


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def csrf_input(text):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)


def same_page(text):
    """The page without what is each visitor's own."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    return re.sub(r'nonce="[^"]+"', "", text)


def script_nonces(text):
    return set(re.findall(r'<script [^>]*nonce="([^"]+)"', text))


@pytest.mark.parametrize(
    "page",
    [
        lambda plan: reverse("home"),
        lambda plan: reverse("plans:list") + "?sdg=5&q=wells&page=1",
        lambda plan: plan.get_absolute_url(),
        lambda plan: reverse("plans:map"),
        lambda plan: reverse("plans:stats"),
        lambda plan: reverse("plans:feed"),
        lambda plan: reverse("partners:list"),
        lambda plan: reverse("partners:detail", args=["water-board"]),
        lambda plan: reverse("api_plans"),
        lambda plan: reverse("api_plan", args=[plan.slug]),
        lambda plan: reverse("api_partners"),
        lambda plan: reverse("api_partner", args=["water-board"]),
    ],
)
def test_a_public_page_is_read_from_the_database_once_for_anonymous_visitors(
    client, django_assert_num_queries, page
):
    plan = make_plan(title="Wells", parts=with_partner("Water Board"))
    url = page(plan)
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = Client().get(url)
    assert again.status_code == 200
    assert again["Content-Type"] == first["Content-Type"]
    assert same_page(again.text) == same_page(first.text)


def with_partner(name):
    def parts(plan):
        organisation = PartnerOrganisation.objects.create(
            name=name, slug="water-board", normalised_name=name.lower()
        )
        Partnership.objects.create(plan=plan, organisation=organisation, position=1)

    return parts


def test_the_api_keeps_its_headers_when_cached(client):
    plan = make_plan()
    client.get(reverse("api_plan", args=[plan.slug]))
    again = client.get(reverse("api_plan", args=[plan.slug]))
    assert again["Access-Control-Allow-Origin"] == "*"
    assert again["Content-Type"] == "application/json"
    assert again.json()["slug"] == plan.slug


def test_a_head_request_is_answered_from_the_cached_page(client, django_assert_num_queries):
    plan = make_plan()
    client.get(plan.get_absolute_url())
    with django_assert_num_queries(0):
        assert client.head(plan.get_absolute_url()).status_code == 200


def test_signed_in_people_always_get_a_fresh_page_and_leave_none(
    client, alice, zambia, django_assert_max_num_queries
):
    make_plan(lab=zambia, title="Wells of Lusaka")
    make_plan(lab=zambia, title="A draft of Lusaka", status=Status.DRAFT)
    client.force_login(alice)
    for _ in range(2):
        text = client.get(reverse("plans:list")).text
        assert "A draft of Lusaka" in text and "Sign out" in text
    anonymous = Client().get(reverse("plans:list")).text
    assert "Wells of Lusaka" in anonymous
    assert "A draft of Lusaka" not in anonymous and "Sign out" not in anonymous
    # What the anonymous visitor left in the cache is not what alice gets.
    assert "A draft of Lusaka" in client.get(reverse("plans:list")).text


def test_a_cached_page_never_shows_another_visitors_message(
    client, alice, django_assert_num_queries
):
    make_plan(title="Wells")
    stranger = Client()
    assert stranger.get("/").status_code == 200  # kept in the cache
    client.force_login(alice)
    # Signing out lands on the home page with a message, for this visitor only.
    landed = client.post(reverse("accounts:sign_out"), follow=True)
    assert "You are signed out." in landed.text
    with django_assert_num_queries(0):
        text = stranger.get("/").text
    assert "You are signed out." not in text and "Wells" in text
    # Shown once, and the page with it was never kept.
    assert "You are signed out." not in client.get("/").text
    assert "You are signed out." not in Client().get("/").text


def test_a_page_with_a_message_is_not_kept_for_others(client, alice):
    make_plan(title="Wells")
    client.force_login(alice)
    assert "You are signed out." in client.post(reverse("accounts:sign_out"), follow=True).text
    assert "You are signed out." not in Client().get("/").text


def test_each_visitor_gets_their_own_csrf_token_and_nonce_on_a_cached_page(client):
    plan = make_plan()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    one, two = first.get(plan.get_absolute_url()), second.get(plan.get_absolute_url())
    assert csrf_input(one.text) != csrf_input(two.text)
    assert one.cookies["csrftoken"].value != two.cookies["csrftoken"].value
    assert "sessionid" not in two.cookies
    # The nonce of the scripts is the one the page's policy allows, new for each request.
    for response in (one, two):
        (nonce,) = script_nonces(response.text)
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert script_nonces(one.text) != script_nonces(two.text)
    # The token a cached page carries works for the visitor who got it (the language switch).
    data = {"language": "fr", "next": "/", "csrfmiddlewaretoken": csrf_input(two.text)}
    assert second.post(reverse("set_language"), data).status_code == 302
    data["csrfmiddlewaretoken"] = csrf_input(one.text)
    assert second.post(reverse("set_language"), data).status_code == 403


def test_each_language_has_its_own_cached_page(client):
    plan = make_plan()
    assert 'lang="en"' in client.get(plan.get_absolute_url()).text
    french = Client(headers={"accept-language": "fr"}).get(plan.get_absolute_url())
    assert '<html lang="fr"' in french.text
    spanish = Client()
    spanish.cookies["django_language"] = "es"
    assert '<html lang="es"' in spanish.get(plan.get_absolute_url()).text
    assert '<html lang="en"' in Client().get(plan.get_absolute_url()).text


@pytest.mark.parametrize("name", ["plans:detail", "api_plan"])
def test_only_successful_pages_are_kept(client, django_assert_max_num_queries, name):
    url = reverse(name, args=["no-such-plan"])
    assert client.get(url).status_code == 404
    with django_assert_max_num_queries(5) as queries:
        assert client.get(url).status_code == 404
    assert len(queries) > 0


def test_no_page_is_kept_when_the_cache_time_is_zero(client, settings):
    settings.ALP_PUBLIC_CACHE_SECONDS = 0
    plan = make_plan(title="Wells")
    client.get(plan.get_absolute_url())
    LearningPlan.objects.filter(pk=plan.pk).update(title="Dry wells")  # behind every writer
    assert "Dry wells" in client.get(plan.get_absolute_url()).text


# What refreshes the pages ----------------------------------------------------------------------


def test_an_edit_of_a_published_plan_shows_at_once(client, committed):
    plan = make_plan(title="Wells")
    assert "Wells" in client.get(plan.get_absolute_url()).text
    assert "Wells" in client.get(reverse("plans:list")).text
    with committed(), writing(plan):
        plan.title = "Dry wells"
        plan.save()
    assert "Dry wells" in client.get(plan.get_absolute_url()).text
    assert "Dry wells" in client.get(reverse("plans:list")).text


def test_an_edit_of_a_plans_part_shows_at_once(client, committed):
    plan = make_plan(parts=with_partner("Water Board"))
    assert "Kanyama" not in client.get(plan.get_absolute_url()).text
    with committed(), writing(plan):
        plan.partnerships.update(description="They run the wells of Kanyama.")
    assert "They run the wells of Kanyama." in client.get(plan.get_absolute_url()).text


def test_a_rolled_back_edit_leaves_the_cached_pages(client, committed, django_assert_num_queries):
    plan = make_plan(title="Wells")
    client.get(plan.get_absolute_url())
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        with writing(plan):
            plan.title = "Dry wells"
            plan.save()
        raise RuntimeError  # after the write: its transaction is rolled back
    with django_assert_num_queries(0):
        assert "Wells" in client.get(plan.get_absolute_url()).text


def test_a_draft_saved_leaves_the_cached_pages(
    client, committed, zambia, django_assert_num_queries
):
    plan = make_plan(title="Wells")
    draft = make_plan(lab=zambia, status=Status.DRAFT)
    client.get(plan.get_absolute_url())
    with committed(), writing(draft):
        draft.title = "Still a draft"
        draft.save()
    with django_assert_num_queries(0):
        client.get(plan.get_absolute_url())


def test_publishing_and_unpublishing_show_at_once(client, committed, rita):
    plan = make_plan(title="Wells of Lusaka", status=Status.APPROVED)
    assert "Wells of Lusaka" not in client.get(reverse("plans:list")).text
    with committed():
        plan.transition(Action.PUBLISH, by=rita)
    assert "Wells of Lusaka" in client.get(reverse("plans:list")).text
    assert client.get(plan.get_absolute_url()).status_code == 200
    with committed():
        plan.transition(Action.UNPUBLISH, by=rita)
    assert "Wells of Lusaka" not in client.get(reverse("plans:list")).text
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.get(reverse("api_plan", args=[plan.slug])).status_code == 404


def test_a_tag_merge_shows_at_once(client, committed):
    source = Tag.objects.create(vocabulary="method", name="Ethnografy", slug="ethnografy")
    target = Tag.objects.create(vocabulary="method", name="Ethnography", slug="ethnography")
    plan = make_plan(tags=[source])
    assert "Ethnografy" in client.get(plan.get_absolute_url()).text
    with committed():
        merge_tags(source=source, target=target)
    text = client.get(plan.get_absolute_url()).text
    assert "Ethnography" in text and "Ethnografy" not in text


def test_a_partner_merge_shows_at_once(client, committed):
    plan = make_plan(parts=with_partner("Water Board"))
    kept = PartnerOrganisation.objects.create(
        name="Lusaka Water", slug="lusaka-water", normalised_name="lusaka water"
    )
    assert client.get(reverse("partners:detail", args=["water-board"])).status_code == 200
    with committed():
        merge_organisations(sources=PartnerOrganisation.objects.exclude(pk=kept.pk), target=kept)
    assert client.get(reverse("partners:detail", args=["water-board"])).status_code == 404
    assert plan.title in client.get(reverse("partners:detail", args=["lusaka-water"])).text


def test_an_import_shows_at_once(client, committed, tmp_path):
    Importer().import_file(FIXTURES / "plan_2023_numbered.md")
    plan = LearningPlan.objects.get()
    assert "Rubble is a resource." in client.get(plan.get_absolute_url()).text
    changed = tmp_path / "plan.md"
    text = (FIXTURES / "plan_2023_numbered.md").read_text()
    changed.write_text(text.replace("Rubble is a resource.", "Rubble is a treasure."))
    with committed():
        Importer().import_file(changed)
    assert "Rubble is a treasure." in client.get(plan.get_absolute_url()).text


def test_a_term_approved_in_the_admin_shows_at_once(client, committed, root):
    proposed = Tag.objects.create(
        vocabulary="method", name="Drone mapping", slug="drone-mapping", is_approved=False
    )
    plan = make_plan(tags=[proposed])
    assert "Drone mapping" not in client.get(reverse("plans:list")).text
    admin = Client()
    admin.force_login(root)
    data = {"action": "approve_selected", "_selected_action": [proposed.pk]}
    with committed():
        admin.post(reverse("admin:plans_tag_changelist"), data)
    assert "Drone mapping" in client.get(reverse("plans:list")).text
    assert "Drone mapping" in client.get(plan.get_absolute_url()).text


def test_a_lab_renamed_or_a_plan_deleted_in_the_admin_shows_at_once(client, committed, zambia):
    plan = make_plan(lab=zambia, title="Wells of Lusaka")
    assert "Wells of Lusaka" in client.get(reverse("plans:list")).text
    with committed():
        zambia.name = "Zambia Accelerator Lab"
        zambia.save()
    assert "Zambia Accelerator Lab" in client.get(plan.get_absolute_url()).text
    with committed():
        plan.delete()
    assert "Wells of Lusaka" not in client.get(reverse("plans:list")).text


def test_an_organisation_renamed_in_the_admin_shows_at_once(client, committed, root):
    plan = make_plan(parts=with_partner("Water Board"))
    assert "Water Board" in client.get(plan.get_absolute_url()).text
    admin = Client()
    admin.force_login(root)
    board = PartnerOrganisation.objects.get()
    url = reverse("admin:partners_partnerorganisation_change", args=[board.pk])
    data = form_values(admin.get(url))
    data["name"] = "Lusaka Water and Sanitation"
    with committed():
        assert admin.post(url, data).status_code == 302
    assert "Lusaka Water and Sanitation" in client.get(plan.get_absolute_url()).text
