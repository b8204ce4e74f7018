"""With no mail server to take the e-mail, what people do still works: the e-mail waits in the
outbox, kept with the change it is about, and the worker records each failed attempt and tries
again."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from labs.models import Membership
from outbox.models import Email
from plans.models import LearningPlan
from plans.signals import plan_transitioned
from review.models import Notification
from tests.conftest import make_plan, send_queued

pytestmark = pytest.mark.django_db


def test_an_invitation_is_made_and_its_email_waits_for_the_mail_server(
    client, rita, zambia, mail_server_down
):
    client.force_login(rita)
    response = client.post(
        reverse("accounts:invite"), {"email": "nadia@example.org", "lab": zambia.pk}
    )
    assert response.status_code == 302
    nadia = get_user_model().objects.get(email="nadia@example.org")
    assert Membership.objects.filter(user=nadia, lab=zambia).exists()
    email = Email.objects.get()
    assert email.to == ["nadia@example.org"]
    assert "Zambia" in email.subject
    assert email.status == Email.Status.QUEUED

    assert send_queued() == []
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Email.Status.QUEUED, 1)
    assert email.last_error.startswith("ConnectionRefusedError")
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > timezone.now()
    assert retry.args_kwargs == {"args": [email.pk], "kwargs": {}}


def test_a_password_reset_waits_for_the_mail_server_too(client, alice, mail_server_down):
    response = client.post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
    assert response.status_code == 302
    assert send_queued() == []
    email = Email.objects.get()
    assert (email.to, email.status, email.attempts) == (["alice@example.org"], "queued", 1)
    assert "/accounts/password-reset/" in email.body


def test_the_invitation_email_goes_once_the_mail_server_is_back(
    client, rita, zambia, mail_server_down, settings
):
    client.force_login(rita)
    client.post(reverse("accounts:invite"), {"email": "nadia@example.org", "lab": zambia.pk})
    send_queued()
    settings.MAILERS = {
        **settings.MAILERS,
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    (message,) = send_queued()
    assert message.to == ["nadia@example.org"]
    assert "/accounts/password-reset/" in message.body
    assert Email.objects.get().status == Email.Status.SENT
    assert len(mail.outbox) == 1


class Broken(Exception):
    pass


def test_a_decision_and_its_emails_are_kept_together_or_not_at_all(rita, alice, zambia):
    plan = make_plan(lab=zambia, status=LearningPlan.Status.SUBMITTED)

    def fail_after_the_notifications(**kwargs):
        raise Broken

    # Connected after the review app's receiver: the e-mail is queued, then the change fails.
    plan_transitioned.connect(fail_after_the_notifications)
    try:
        with pytest.raises(Broken):
            plan.transition(LearningPlan.Action.REQUEST_CHANGES, by=rita, message="More.")
    finally:
        plan_transitioned.disconnect(fail_after_the_notifications)
    assert LearningPlan.objects.get(pk=plan.pk).status == LearningPlan.Status.SUBMITTED
    assert not Notification.objects.exists()
    assert not Email.objects.exists()
    assert send_queued() == []

    plan.refresh_from_db()
    plan.transition(LearningPlan.Action.REQUEST_CHANGES, by=rita, message="More.")
    assert Notification.objects.get().recipient == alice
    assert [message.to for message in send_queued()] == [[alice.email]]
