"""Before submitting, the focal point reads every answer back, section by section, with a way
back to each step, and submits under a declaration; a progress report is offered exactly when it
can be started."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from labs.models import Cycle
from partners.models import Partnership
from plans.models import LearningPlan
from plans.writing import writing
from tests.questionnaire.test_editing import CHALLENGE, complete, draft, hand_in, step_url

pytestmark = pytest.mark.django_db

START_REPORT = "Start the progress report"


@pytest.fixture(autouse=True)
def _cycle(open_cycle):
    """Plans and reports are started and submitted only while a cycle takes them."""


@pytest.fixture
def plan(zambia):
    return draft(zambia, title="Open burning", slug="open-burning")


def review_page(client, plan) -> str:
    return client.get(reverse("my:review", args=[plan.pk])).content.decode()


def test_every_answer_is_read_back_with_a_change_link_per_section(client, alice, plan):
    complete(plan)
    with writing(plan, by=alice):
        Partnership.objects.create(plan=plan, position=1, name_as_written="City council")
    client.force_login(alice)
    content = review_page(client, plan)
    for answer in (
        "Open burning",
        CHALLENGE["challenge_statement"],
        "City council",
        "1. No poverty",
        "Theme 1",
    ):
        assert answer in content
    for key, heading in [
        ("title", "Title"),
        ("challenge", "Challenge statement"),
        ("classification", "Challenge classification"),
        ("partners", "Partners"),
        ("questions", "Learning questions"),
    ]:
        link = f'<a href="{step_url(plan, key)}">Change<span class="visually-hidden"> {heading}'
        assert link in content
    assert "Not answered." in content  # the background, left empty


def test_a_complete_plan_is_submitted_under_a_declaration(client, alice, plan):
    complete(plan)
    client.force_login(alice)
    content = review_page(client, plan)
    assert "By submitting it you confirm" in content
    assert "Accept and submit" in content
    assert content.index("Accept and submit") > content.index(CHALLENGE["challenge_statement"])
    response = client.post(reverse("my:submit", args=[plan.pk]), {"seen_status": "draft"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "submitted"


def test_an_incomplete_plan_lists_what_is_missing_with_links_and_no_submit(client, alice, plan):
    client.force_login(alice)
    content = review_page(client, plan)
    assert (
        f'<a class="alert-link" href="{step_url(plan, "challenge")}">The challenge statement</a>'
        in content
    )
    assert "Accept and submit" not in content
    assert CHALLENGE["challenge_statement"] not in content


def test_the_read_back_takes_a_fixed_number_of_queries(
    client, alice, plan, django_assert_max_num_queries
):
    complete(plan)
    client.force_login(alice)
    review_page(client, plan)  # the session and the like, once
    with django_assert_max_num_queries(30) as few:
        review_page(client, plan)
    with writing(plan, by=alice):
        for position in range(1, 6):
            Partnership.objects.create(
                plan=plan, position=position, name_as_written=f"Partner {position}"
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        review_page(client, plan)


# Progress reports ---------------------------------------------------------------------------


def home(client) -> str:
    return client.get(reverse("my:home")).content.decode()


def test_no_progress_report_is_offered_on_a_plan_just_submitted(client, alice, plan):
    complete(plan)
    plan.transition(LearningPlan.Action.SUBMIT, by=alice)
    client.force_login(alice)
    assert START_REPORT not in home(client)
    response = client.post(reverse("my:start_report", args=[plan.pk]))
    assert response.status_code == 404
    assert not LearningPlan.objects.filter(kind="progress").exists()


def test_a_progress_report_is_offered_on_an_approved_plan_while_reports_are_taken(
    client, alice, rita, plan
):
    hand_in(plan, alice, rita)
    client.force_login(alice)
    assert START_REPORT in home(client)
    response = client.post(reverse("my:start_report", args=[plan.pk]))
    assert response.status_code == 302
    assert LearningPlan.objects.filter(kind="progress", plan=plan).exists()
    assert START_REPORT not in home(client)  # it is started: it is listed instead


def test_no_progress_report_is_offered_outside_the_cycles_reporting_window(
    client, alice, rita, plan
):
    hand_in(plan, alice, rita)
    later = timezone.localdate() + timedelta(days=60)
    Cycle.objects.filter(year=plan.year).update(reports_open_on=later, reports_close_on=later)
    client.force_login(alice)
    assert START_REPORT not in home(client)
    response = client.post(reverse("my:start_report", args=[plan.pk]), follow=True)
    assert "Progress reports of the" in response.content.decode()
    assert not LearningPlan.objects.filter(kind="progress").exists()
