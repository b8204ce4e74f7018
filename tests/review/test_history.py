"""A plan's history under /review/plans/<pk>/history/: list, compare, restore."""

import html

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from plans.models import LearningPlan
from plans.writing import writing
from review.history import word_diff
from sdgcommons.importers import Importer
from tests.conftest import FIXTURES, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(zambia, alice):
    plan = make_plan(lab=zambia, title="Wells", tweet_summary="Wells run dry.", status="draft")
    with writing(plan, by=alice):
        plan.tweet_summary = "Wells run <b>dry</b> in May."
        plan.save()
    return plan


def urls(plan):
    return {
        "history": reverse("review:history", args=[plan.pk]),
        "compare": reverse("review:history_compare", args=[plan.pk]) + "?a=1&b=2",
        "restore": reverse("review:history_restore", args=[plan.pk, 1]),
    }


# (history, compare, restore GET, restore POST) for each kind of visitor.
EXPECTED = {
    "alice": (200, 200, 403, 403),  # the lab's focal point: reads, never restores
    "bob": (404, 404, 404, 404),  # another lab's focal point: never told the plan exists
    "rita": (200, 200, 403, 403),  # a reviewer
    "root": (200, 200, 200, 302),  # an administrator
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_who_may_see_and_restore(client, request, plan, who):
    client.force_login(request.getfixturevalue(who))
    history, compare, restore = urls(plan).values()
    codes = (
        client.get(history).status_code,
        client.get(compare).status_code,
        client.get(restore).status_code,
        client.post(restore).status_code,
    )
    assert codes == EXPECTED[who]


def test_anonymous_visitors_are_sent_to_sign_in(client, plan):
    login = resolve_url(settings.LOGIN_URL)
    for url in urls(plan).values():
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(login)
    response = client.post(urls(plan)["restore"])
    assert response.status_code == 302 and response.url.startswith(login)
    assert plan.revisions.count() == 2


def test_history_lists_revisions_and_workflow_steps(client, rita, alice, plan):
    plan.transition("submit", by=alice)
    client.force_login(rita)
    response = client.get(urls(plan)["history"])
    page = response.content.decode()
    assert response.status_code == 200
    assert [kind for kind, _, _ in response.context["timeline"]] == [
        "revision",
        "event",
        "revision",
        "revision",
    ]
    assert "Submitted" in page and "Edited in the questionnaire" in page
    assert "alice@example.org" in page
    assert (response.context["a"], response.context["b"]) == (2, 3)
    assert "Restore…" not in page


def test_administrators_are_offered_a_restore(client, root, plan):
    client.force_login(root)
    assert "Restore…" in client.get(urls(plan)["history"]).content.decode()


def test_compare_shows_each_changed_answer_with_the_words_marked_and_escaped(client, rita, plan):
    client.force_login(rita)
    response = client.get(urls(plan)["compare"])
    page = response.content.decode()
    assert response.status_code == 200
    [(change, before, after)] = response.context["rows"]
    assert change.what == "Short “tweet” summary"
    assert "&lt;b&gt;dry&lt;/b&gt;" in page
    assert "<b>dry</b>" not in page
    assert after.startswith('Wells run <ins class="bg-success-subtle">&lt;b&gt;dry')


@pytest.mark.parametrize("query", ["", "?a=1", "?a=1&b=9", "?a=x&b=2"])
def test_compare_of_unknown_revisions_is_not_found(client, rita, plan, query):
    client.force_login(rita)
    url = reverse("review:history_compare", args=[plan.pk]) + query
    assert client.get(url).status_code == 404


def test_restore_asks_first_then_restores_and_records_it(client, root, plan):
    client.force_login(root)
    confirm = client.get(urls(plan)["restore"])
    assert confirm.status_code == 200
    assert "Restore revision 1" in confirm.content.decode()
    assert plan.revisions.count() == 2

    response = client.post(urls(plan)["restore"])

    assert response.status_code == 302
    assert response.url == urls(plan)["history"]
    plan.refresh_from_db()
    assert plan.tweet_summary == "Wells run dry."
    latest = plan.revisions.order_by("-number").first()
    assert (latest.number, latest.reason, latest.author, latest.restored_from.number) == (
        3,
        "restore",
        root,
        1,
    )


def test_restoring_an_unknown_revision_is_not_found(client, root, plan):
    client.force_login(root)
    url = reverse("review:history_restore", args=[plan.pk, 99])
    assert client.post(url).status_code == 404


IMPORTER = {"en": "the import", "fr": "l’importation", "es": "la importación", "pt": "a importação"}


@pytest.mark.parametrize("language", list(IMPORTER))
@pytest.mark.parametrize("who", ["rita", "root"])
def test_an_imported_plans_history_names_the_import(client, request, who, language):
    plan = Importer().import_file(FIXTURES / "plan_2021_packed.md").plan
    client.force_login(request.getfixturevalue(who))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(urls(plan)["history"])
    assert response.status_code == 200
    assert IMPORTER[language] in html.unescape(response.content.decode())


def test_a_submission_by_a_since_deleted_account_is_shown_as_such(
    client, django_user_model, root, plan
):
    vera = django_user_model.objects.create_user(username="vera", email="vera@example.org")
    plan.transition(LearningPlan.Action.SUBMIT, by=vera)
    vera.delete()
    client.force_login(root)
    response = client.get(urls(plan)["history"])
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("a deleted account") == 2  # the submission's revision and workflow step
    assert "vera@example.org" not in page


def test_word_diff_marks_only_the_changed_words():
    before, after = word_diff("a b c", "a x c")
    assert before == 'a <del class="bg-danger-subtle">b</del> c'
    assert after == 'a <ins class="bg-success-subtle">x</ins> c'
