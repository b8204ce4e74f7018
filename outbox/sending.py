"""E-mail leaves the request: it is kept in the outbox with the change it is about, and a worker
sends it, trying again with growing pauses while the mail server does not take it.

Every message the portal sends goes through `mailers.default`, which is the outbox
(`outbox.backends.OutboxBackend`): `queue()` stores it and orders its sending in the current
transaction, so a rolled-back change sends nothing and a committed one always has its message
kept. The `deliver` task sends it through the `delivery` mailer (SMTP in production, the console
in development) and records the outcome on the message, where staff see it in the admin.
"""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import get_language
from django_tasks_db import DatabaseBackend

from .models import Email

# The mailer (settings.MAILERS) the worker sends through.
DELIVERY = "delivery"


def queue(message: EmailMessage) -> Email | None:
    """Keep the message in the outbox and order its sending, in the current transaction."""
    if not message.recipients():
        return None
    alternatives = getattr(message, "alternatives", [])  # only EmailMultiAlternatives has any
    if (
        message.attachments
        or message.content_subtype != "plain"
        or any(part.mimetype != "text/html" for part in alternatives)
    ):
        raise ValueError("The outbox keeps a text body and an HTML one, without attachments.")
    html = next((part.content for part in alternatives), "")
    with transaction.atomic():
        email = Email.objects.create(
            from_email=message.from_email,
            to=list(message.to),
            cc=list(message.cc),
            bcc=list(message.bcc),
            reply_to=list(message.reply_to),
            headers=dict(message.extra_headers),
            subject=message.subject,
            body=message.body,
            html=html,
            language=get_language() or "",
        )
        order_sending(email)
    return email


def order_sending(email: Email) -> None:
    if isinstance(deliver.get_backend(), DatabaseBackend):
        # The task is a row in the same database: it commits, or rolls back, with the change.
        deliver.enqueue(email.pk)
    else:
        # Any other backend may run the task before the commit (development's ImmediateBackend
        # runs it at once, in this process): wait for it, so a rolled-back change sends nothing.
        transaction.on_commit(partial(deliver.enqueue, email.pk), robust=True)


def retry_delay(attempts: int) -> timedelta:
    """The pause after the given number of failed attempts: 1, 4, 16, 64 minutes by default."""
    return timedelta(seconds=settings.ALP_MAIL_RETRY_SECONDS * 4 ** (attempts - 1))


@task
def deliver(email_id: int) -> str:
    """Send one message of the outbox, or record why not and try again later."""
    with transaction.atomic():
        # Locked while it is sent, so that a second task for it (sent again from the admin)
        # waits, then finds it sent.
        email = Email.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != Email.Status.QUEUED:
            return "nothing to send"
        try:
            email.as_message().send(using=DELIVERY)
        except Exception as error:
            backend = deliver.get_backend()
            give_up = (
                email.attempts + 1 >= settings.ALP_MAIL_MAX_ATTEMPTS
                # Without deferred tasks nothing here would try again: staff can, in the admin.
                or not backend.supports_defer
            )
            email.record_failure(error, give_up=give_up)
            if give_up:
                return f"failed after {email.attempts} attempt(s): {email.last_error}"
            delay = retry_delay(email.attempts)
            deliver.using(run_after=timezone.now() + delay).enqueue(email.pk)
            return f"attempt {email.attempts} failed, next in {delay}: {email.last_error}"
        email.record_sent()
        return "sent"
