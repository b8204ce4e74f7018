"""Cycles decide when plans and progress reports can be started and submitted."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from labs.models import Cycle
from plans.models import LearningPlan, LearningQuestion, Tag
from tests.conftest import make_plan

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MONTH = timedelta(days=30)


def cycle(year=TODAY.year, plans=(-1, 1), reports=(-1, 1)):
    """A cycle whose windows start and end that many months from today."""
    return Cycle.objects.create(
        year=year,
        plans_open_on=TODAY + plans[0] * MONTH,
        plans_close_on=TODAY + plans[1] * MONTH,
        reports_open_on=TODAY + reports[0] * MONTH,
        reports_close_on=TODAY + reports[1] * MONTH,
    )


def ready_plan(lab, **overrides):
    """A draft with everything a submission needs."""
    overrides.setdefault("status", "draft")
    return make_plan(
        lab=lab,
        challenge_type="exploratory",
        challenge_statement="Our challenge is that wells run dry.",
        tweet_summary="Wells decide.",
        tags=[
            Tag.objects.create(vocabulary="sdg", name="6. Water", slug="6", number=6),
            Tag.objects.create(vocabulary="theme", name="Water", slug="water"),
        ],
        parts=lambda plan: LearningQuestion.objects.create(
            plan=plan, position=1, question="Who digs the wells?"
        ),
        **overrides,
    )


def test_accepts_tells_plans_and_reports_apart():
    this = cycle(plans=(-2, -1), reports=(-1, 1))
    assert not this.accepts("plan")
    assert this.accepts("progress")
    assert list(Cycle.objects.accepting_reports()) == [this]
    assert not Cycle.objects.accepting_plans().exists()


def test_a_plan_is_started_in_the_cycle_open_today(client, alice, zambia):
    cycle(year=TODAY.year + 1)
    client.force_login(alice)
    response = client.post(reverse("my:start_plan", args=[zambia.pk]))
    assert response.status_code == 302
    assert LearningPlan.objects.get().year == TODAY.year + 1


def test_no_plan_is_started_without_an_open_cycle(client, alice, zambia):
    cycle(plans=(-3, -1))
    client.force_login(alice)
    response = client.post(reverse("my:start_plan", args=[zambia.pk]), follow=True)
    assert response.status_code == 200
    assert "No cycle is open for new plans today" in response.content.decode()
    assert not LearningPlan.objects.exists()


def test_a_progress_report_waits_for_its_cycles_window(client, alice, zambia):
    cycle(reports=(1, 2))
    plan = make_plan(lab=zambia, year=TODAY.year, status="approved")
    client.force_login(alice)
    response = client.post(reverse("my:start_report", args=[plan.pk]), follow=True)
    assert "Progress reports of the" in response.content.decode()
    assert not LearningPlan.objects.filter(kind="progress").exists()


def test_a_progress_report_is_started_while_its_cycle_takes_them(client, alice, zambia):
    cycle(plans=(-3, -2), reports=(-1, 1))
    plan = make_plan(lab=zambia, year=TODAY.year, status="approved")
    client.force_login(alice)
    client.post(reverse("my:start_report", args=[plan.pk]))
    assert LearningPlan.objects.filter(kind="progress", plan=plan).exists()


def test_a_plan_of_a_year_without_a_cycle_cannot_be_submitted(client, alice, zambia):
    plan = ready_plan(zambia, year=2019)
    client.force_login(alice)
    response = client.post(reverse("my:submit", args=[plan.pk]), follow=True)
    assert "There is no 2019 cycle" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "draft"
    assert plan.challenge_statement == "Our challenge is that wells run dry."


def test_a_plan_is_not_submitted_after_its_cycle_closed(client, alice, zambia):
    cycle(plans=(-3, -1))
    plan = ready_plan(zambia, year=TODAY.year)
    client.force_login(alice)
    response = client.post(reverse("my:submit", args=[plan.pk]), follow=True)
    assert "Nothing was changed" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_a_plan_is_submitted_while_its_cycle_is_open(client, alice, zambia):
    cycle()
    plan = ready_plan(zambia, year=TODAY.year)
    client.force_login(alice)
    client.post(reverse("my:submit", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == "submitted"


def test_changes_asked_by_reviewers_can_be_handed_in_after_the_close(client, alice, zambia):
    cycle(plans=(-3, -1))
    plan = ready_plan(zambia, year=TODAY.year, status="changes_requested")
    client.force_login(alice)
    client.post(reverse("my:submit", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == "submitted"


def test_home_shows_the_open_cycle_and_its_deadlines(client, alice):
    open_now = cycle(plans=(-1, 1), reports=(2, 3))
    client.force_login(alice)
    page = client.get(reverse("my:home")).content.decode()
    assert f"The {open_now.year} cycle is open." in page
    assert f"Start a plan for {open_now.year}" in page


def test_home_offers_no_start_when_no_cycle_is_open(client, alice):
    client.force_login(alice)
    page = client.get(reverse("my:home")).content.decode()
    assert "No cycle is open for new plans at the moment." in page
    assert "Start a plan" not in page


def run_action(client, action, cycles):
    return client.post(
        reverse("admin:labs_cycle_changelist"),
        {"action": action, "_selected_action": [c.pk for c in cycles]},
        follow=True,
    )


def test_administrators_open_a_cycle_to_plans_now(client, root):
    later = cycle(plans=(1, 2))
    client.force_login(root)
    assert run_action(client, "open_plans", [later]).status_code == 200
    later.refresh_from_db()
    assert later.accepts("plan")
    assert later.plans_close_on == TODAY + 2 * MONTH


def test_administrators_close_a_cycle_now(client, root):
    this = cycle()
    client.force_login(root)
    run_action(client, "close_plans", [this])
    run_action(client, "close_reports", [this])
    this.refresh_from_db()
    assert not this.accepts("plan") and not this.accepts("progress")
    assert this.plans_close_on == TODAY - timedelta(days=1)


def test_administrators_open_a_closed_cycle_to_progress_reports(client, root):
    past = cycle(reports=(-3, -2))
    client.force_login(root)
    run_action(client, "open_reports", [past])
    past.refresh_from_db()
    assert past.accepts("progress")
    assert past.reports_close_on == TODAY


def test_the_cycle_list_says_what_each_cycle_takes_today(client, root):
    cycle(plans=(-2, -1))
    client.force_login(root)
    response = client.get(reverse("admin:labs_cycle_changelist"))
    assert response.status_code == 200
    assert "Takes plans today" in response.content.decode()
