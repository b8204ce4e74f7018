from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Email(models.Model):
    """One message on its way out: kept with the change it is about, sent by the worker.

    The text is written (in its recipient's language) when the message is queued; the worker
    only sends it, so a message keeps what it said when it was queued.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    from_email = models.CharField(_("from"), max_length=320)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    bcc = models.JSONField(_("bcc"), default=list, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    subject = models.TextField(_("subject"))
    body = models.TextField()
    html = models.TextField(blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="sent", sent_at__isnull=False)
                | (~models.Q(status="sent") & models.Q(sent_at__isnull=True)),
                name="email_sent_has_date",
            )
        ]
        indexes = [
            # The admin's "failed" and "queued" lists, newest first.
            models.Index(fields=["status", "-created_at"], name="email_status_idx"),
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"

    def as_message(self) -> EmailMultiAlternatives:
        message = EmailMultiAlternatives(
            self.subject,
            self.body,
            self.from_email,
            self.to,
            bcc=self.bcc,
            cc=self.cc,
            reply_to=self.reply_to,
            headers=self.headers,
        )
        if self.html:
            message.attach_alternative(self.html, "text/html")
        return message

    def record_sent(self) -> None:
        self.attempts += 1
        self.status = self.Status.SENT
        self.last_attempt_at = self.sent_at = timezone.now()
        self.save(update_fields=["attempts", "status", "last_attempt_at", "sent_at"])

    def record_failure(self, error: Exception, *, give_up: bool) -> None:
        self.attempts += 1
        self.last_error = f"{type(error).__name__}: {error}"
        self.last_attempt_at = timezone.now()
        if give_up:
            self.status = self.Status.FAILED
        self.save(update_fields=["attempts", "last_error", "last_attempt_at", "status"])

    def requeue(self) -> None:
        """Another round of attempts for a message not sent (its last error stays shown)."""
        self.status, self.attempts = self.Status.QUEUED, 0
        self.save(update_fields=["status", "attempts"])
