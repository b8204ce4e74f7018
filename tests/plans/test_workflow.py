"""The review workflow, defined once on the model: every state × every action."""

import pytest
from django.test import Client
from django.urls import reverse

from plans.models import IllegalTransition, LearningPlan, PlanEvent
from tests.conftest import make_plan, run_together

pytestmark = pytest.mark.django_db

Status, Action = LearningPlan.Status, LearningPlan.Action
ALLOWED = {
    (Status.DRAFT, Action.SUBMIT): Status.SUBMITTED,
    (Status.CHANGES_REQUESTED, Action.SUBMIT): Status.SUBMITTED,
    (Status.SUBMITTED, Action.REQUEST_CHANGES): Status.CHANGES_REQUESTED,
    (Status.APPROVED, Action.REQUEST_CHANGES): Status.CHANGES_REQUESTED,
    (Status.SUBMITTED, Action.APPROVE): Status.APPROVED,
    (Status.APPROVED, Action.PUBLISH): Status.PUBLISHED,
    (Status.UNPUBLISHED, Action.PUBLISH): Status.PUBLISHED,
    (Status.PUBLISHED, Action.UNPUBLISH): Status.UNPUBLISHED,
}


@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("action", Action.values)
def test_every_state_and_action(status, action, rita):
    plan = make_plan(status=status)
    expected = ALLOWED.get((status, action))
    if expected is None:
        with pytest.raises(IllegalTransition):
            plan.transition(action, by=rita, message="Please add a partner.")
        plan.refresh_from_db()
        assert plan.status == status
        assert not PlanEvent.objects.exists()
    else:
        event = plan.transition(action, by=rita, message="Please add a partner.")
        plan.refresh_from_db()
        assert plan.status == expected
        assert (event.from_status, event.to_status, event.actor) == (status, expected, rita)


def test_asking_for_changes_needs_a_message(rita):
    plan = make_plan(status=Status.SUBMITTED)
    with pytest.raises(IllegalTransition, match="message is required"):
        plan.transition(Action.REQUEST_CHANGES, by=rita, message="  ")
    assert LearningPlan.objects.get(pk=plan.pk).status == Status.SUBMITTED


def test_submitting_and_publishing_stamp_their_time(alice):
    plan = make_plan(status=Status.DRAFT)
    plan.transition(Action.SUBMIT, by=alice)
    assert plan.submitted_at is not None
    plan.transition(Action.APPROVE)
    plan.transition(Action.PUBLISH)
    assert LearningPlan.objects.published().filter(pk=plan.pk).exists()
    assert list(plan.events.values_list("action", flat=True)) == ["submit", "approve", "publish"]


def test_unpublishing_takes_a_plan_out_of_public_view(
    client, rita, django_capture_on_commit_callbacks
):
    plan = make_plan(status=Status.PUBLISHED)
    assert client.get(plan.get_absolute_url()).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # committed: cached pages refresh
        plan.transition(Action.UNPUBLISH, by=rita)
    assert client.get(plan.get_absolute_url()).status_code == 404


def test_the_admin_refuses_an_illegal_publication(client, root):
    draft = make_plan(title="Only a draft", status=Status.DRAFT)
    approved = make_plan(title="Approved", status=Status.APPROVED)
    client.force_login(root)
    response = client.post(
        reverse("admin:plans_learningplan_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk, approved.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "cannot be published" in response.text
    assert LearningPlan.objects.get(pk=draft.pk).status == Status.DRAFT
    assert LearningPlan.objects.get(pk=approved.pk).status == Status.PUBLISHED


def test_the_admin_form_does_not_edit_the_status(client, root):
    plan = make_plan(status=Status.DRAFT)
    client.force_login(root)
    response = client.get(reverse("admin:plans_learningplan_change", args=[plan.pk]))
    assert 'name="status"' not in response.text


def test_a_decision_made_on_a_status_the_plan_has_left_is_refused(rita, root):
    plan = make_plan(status=Status.SUBMITTED)
    seen = LearningPlan.objects.get(pk=plan.pk)  # what rita's page was made from
    plan.transition(Action.APPROVE, by=root)
    with pytest.raises(IllegalTransition, match="it is now approved"):
        seen.transition(Action.REQUEST_CHANGES, by=rita, message="Name the partners.")
    plan.refresh_from_db()
    assert plan.status == Status.APPROVED
    assert list(plan.events.values_list("action", flat=True)) == [Action.APPROVE]


def test_a_decision_made_before_the_plans_last_step_is_refused(rita, root, alice):
    plan = make_plan(status=Status.SUBMITTED)
    plan.transition(Action.REQUEST_CHANGES, by=root, message="Add a partner.")
    plan.transition(Action.SUBMIT, by=alice)
    first = plan.events.first()
    with pytest.raises(IllegalTransition, match="it is now submitted"):
        plan.transition(Action.APPROVE, by=rita, seen_status=Status.SUBMITTED, seen_event=first.pk)
    assert plan.events.count() == 2
    event = plan.transition(Action.APPROVE, by=rita, seen_event=plan.events.last().pk)
    assert event.from_status == Status.SUBMITTED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_publications_in_the_admin_publish_once(root):
    plan = make_plan(status=Status.APPROVED)

    def publish(number, start):
        admin = Client()
        admin.force_login(root)
        start()
        return admin.post(
            reverse("admin:plans_learningplan_changelist"),
            {"action": "publish_selected", "_selected_action": [plan.pk]},
        )

    responses = run_together(4, publish)
    assert {response.status_code for response in responses} == {302}
    plan.refresh_from_db()
    assert plan.status == Status.PUBLISHED
    assert plan.events.get().action == Action.PUBLISH
