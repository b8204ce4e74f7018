"""E-mail is kept in the outbox with the change it is about; the worker sends it, and tries
again while the mail server does not take it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from outbox.models import Email
from outbox.sending import deliver
from tests.conftest import send_queued

pytestmark = pytest.mark.django_db


class Refused(Exception):
    pass


def test_a_message_is_kept_in_the_outbox_and_the_worker_sends_it():
    with transaction.atomic():
        assert send_mail("Hello", "A body.", None, ["nadia@example.org"]) == 1
    email = Email.objects.get()
    assert (email.to, email.subject, email.body) == (["nadia@example.org"], "Hello", "A body.")
    assert email.from_email == "ALP Portal <alp@localhost>"
    assert (email.status, email.attempts, email.sent_at) == (Email.Status.QUEUED, 0, None)
    assert DBTaskResult.objects.ready().count() == 1
    assert mail.outbox == []

    (message,) = send_queued()
    assert (message.to, message.subject, message.body) == (
        ["nadia@example.org"],
        "Hello",
        "A body.",
    )
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (Email.Status.SENT, 1, "")
    assert email.sent_at is not None
    # Sent once: the worker has nothing left to do.
    assert len(send_queued()) == 1


def test_a_rolled_back_change_sends_nothing():
    with pytest.raises(Refused), transaction.atomic():
        send_mail("Hello", "A body.", None, ["nadia@example.org"])
        raise Refused
    assert not Email.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert send_queued() == []


def test_the_language_the_message_was_written_in_and_its_html_are_kept():
    with translation.override("fr"):
        send_mail("Bonjour", "Texte.", None, ["ana@example.org"], html_message="<p>Texte.</p>")
    email = Email.objects.get()
    assert (email.language, email.html) == ("fr", "<p>Texte.</p>")
    (message,) = send_queued()
    assert message.alternatives[0].content == "<p>Texte.</p>"


def test_copies_and_reply_to_are_kept():
    EmailMessage(
        "Hi",
        "Body",
        "lab@example.org",
        ["a@example.org"],
        bcc=["b@example.org"],
        cc=["c@example.org"],
        reply_to=["r@example.org"],
        headers={"X-Portal": "yes"},
    ).send()
    (message,) = send_queued()
    assert message.from_email == "lab@example.org"
    assert message.recipients() == ["a@example.org", "c@example.org", "b@example.org"]
    assert (message.reply_to, message.extra_headers) == (["r@example.org"], {"X-Portal": "yes"})


def test_a_message_without_recipients_is_not_kept():
    assert send_mail("Hello", "Body", None, []) == 0
    assert not Email.objects.exists()


def test_attachments_are_refused_rather_than_lost():
    message = EmailMessage("Report", "Attached.", None, ["rita@example.org"])
    message.attach("report.csv", "a,b\n", "text/csv")
    with pytest.raises(ValueError, match="without attachments"):
        message.send()
    html_only = EmailMessage("Report", "<p>Hi</p>", None, ["rita@example.org"])
    html_only.content_subtype = "html"
    with pytest.raises(ValueError, match="a text body and an HTML one"):
        html_only.send()
    assert not Email.objects.exists()


def test_a_failure_is_recorded_and_tried_again_later_with_a_longer_pause(mail_server_down):
    send_mail("Hello", "Body", None, ["nadia@example.org"])
    assert send_queued() == []
    email = Email.objects.get()
    assert (email.status, email.attempts) == (Email.Status.QUEUED, 1)
    assert email.last_error.startswith("ConnectionRefusedError")
    retry = DBTaskResult.objects.get(status="READY")
    assert timedelta(seconds=55) < retry.run_after - timezone.now() <= timedelta(seconds=60)

    # Its time comes: it fails again, and the next pause is four times longer.
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    assert send_queued() == []
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Email.Status.QUEUED, 2)
    retry = DBTaskResult.objects.get(status="READY")
    assert timedelta(seconds=235) < retry.run_after - timezone.now() <= timedelta(seconds=240)


def test_a_message_that_keeps_failing_stays_failed_after_five_attempts(mail_server_down, settings):
    settings.ALP_MAIL_RETRY_SECONDS = 0
    send_mail("Hello", "Body", None, ["nadia@example.org"])
    assert send_queued() == []
    email = Email.objects.get()
    assert (email.status, email.attempts) == (Email.Status.FAILED, 5)
    assert "Connection refused" in email.last_error
    assert not DBTaskResult.objects.ready().exists()
    assert DBTaskResult.objects.count() == 5


def test_once_the_mail_server_is_back_the_next_attempt_sends_it(mail_server_down, settings):
    send_mail("Hello", "Body", None, ["nadia@example.org"])
    send_queued()
    settings.MAILERS = {
        **settings.MAILERS,
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    assert len(send_queued()) == 1
    email = Email.objects.get()
    assert (email.status, email.attempts) == (Email.Status.SENT, 2)
    assert email.last_error.startswith("ConnectionRefusedError")


def test_a_task_for_a_message_already_sent_sends_nothing():
    send_mail("Hello", "Body", None, ["nadia@example.org"])
    send_queued()
    deliver.enqueue(Email.objects.get().pk)
    assert len(send_queued()) == 1


# Development: no worker, the web process sends right after the commit -------------------------


@pytest.fixture
def in_process(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_in_development_the_message_goes_right_after_the_commit(
    in_process, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Hello", "Body", None, ["nadia@example.org"])
        assert mail.outbox == []
    assert [message.to for message in mail.outbox] == [["nadia@example.org"]]
    assert Email.objects.get().status == Email.Status.SENT
    assert not DBTaskResult.objects.exists()


def test_in_development_a_rolled_back_change_sends_nothing(
    in_process, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Refused), transaction.atomic():
            send_mail("Hello", "Body", None, ["nadia@example.org"])
            raise Refused
    assert mail.outbox == []
    assert not Email.objects.exists()


def test_in_development_a_failure_is_recorded_once_without_blocking(
    in_process, mail_server_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Hello", "Body", None, ["nadia@example.org"])
    email = Email.objects.get()
    # Nothing in the process could try again later: it is shown as failed, to send again.
    assert (email.status, email.attempts) == (Email.Status.FAILED, 1)
    assert email.last_error.startswith("ConnectionRefusedError")
