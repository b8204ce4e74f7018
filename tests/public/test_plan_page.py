"""The public plan page reads well: no empty headings, its tags where they were asked, a way
back to the results it was found in."""

import pytest
from django.conf import settings

from plans.models import LearningQuestion, Tag
from tests.conftest import make_plan

pytestmark = pytest.mark.django_db


def headings(response) -> str:
    assert response.status_code == 200
    return response.text


def test_a_section_with_nothing_in_it_has_no_heading(client):
    plan = make_plan(title="Dry wells", challenge_statement="Wells run dry.")
    text = headings(client.get(plan.get_absolute_url()))
    assert ">Challenge statement</h2>" in text
    assert ">Challenge classification</h2>" not in text


def test_the_tags_are_shown_in_the_section_that_asks_for_them(client):
    climate = Tag.objects.create(vocabulary="sdg", name="13. Climate action", slug="13", number=13)
    plan = make_plan(title="Dry wells", tags=[climate])
    text = headings(client.get(plan.get_absolute_url()))
    section = text[text.index(">Challenge classification</h2>") :]
    assert "13. Climate action" in section[: section.index("</section>")]
    assert text.count("13. Climate action</a>") == 1  # not in the header as well


def test_stages_are_named_in_the_interfaces_language(client):
    plan = make_plan(
        parts=lambda plan: LearningQuestion.objects.create(
            plan=plan, question="Who owns the wells?", is_sense=True, is_test=True
        )
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    text = headings(client.get(plan.get_absolute_url()))
    assert '?stage=sense">Détecter</a>' in text
    assert '?stage=test">Tester</a>' in text
    assert ">Sense</a>" not in text


@pytest.mark.parametrize(
    "back",
    ["/plans/?q=water&country=ZM", "http://testserver/plans/?q=water&country=ZM"],
)
def test_back_to_results_returns_to_the_filtered_listing(client, back):
    plan = make_plan()
    response = client.get(plan.get_absolute_url(), {"back": back})
    assert headings(response)
    assert response.context["back"] == "/plans/?q=water&country=ZM"
    assert 'href="/plans/?q=water&amp;country=ZM">← Back to results</a>' in response.text


def test_the_page_is_the_same_whoever_referred_the_reader(client):
    # The browser fills in the way back from its Referer (static/js/back.js; tests/e2e).
    plan = make_plan()
    response = client.get(
        plan.get_absolute_url(), HTTP_REFERER="http://testserver/plans/?year=2024&page=2"
    )
    assert response.context["back"] is None
    assert "year=2024" not in response.text
    assert '<p class="d-print-none mb-2" hidden data-back-from-referrer><a href="/plans/">' in (
        response.text
    )


@pytest.mark.parametrize(
    "back",
    [
        "https://evil.example/plans/?q=x",
        "//evil.example/plans/",
        "/admin/",
        "/plans/some-plan/",
        "javascript:alert(1)",
    ],
)
def test_back_to_results_never_leads_off_the_listing(client, back):
    plan = make_plan()
    for response in (
        client.get(plan.get_absolute_url(), {"back": back}),
        client.get(plan.get_absolute_url(), HTTP_REFERER=back),
    ):
        assert response.context["back"] is None
        assert 'hidden data-back-from-referrer><a href="/plans/">' in headings(response)
