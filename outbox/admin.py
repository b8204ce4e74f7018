from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import Email
from .sending import order_sending


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    """What went out, what waits, and what failed and why. Read-only: the portal writes it."""

    list_display = ("created_at", "recipients", "subject", "language", "status", "attempts")
    list_filter = ("status", "language", "created_at")
    search_fields = ("subject", "to")
    date_hierarchy = "created_at"
    actions = ["send_again"]
    # The bodies are left out: invitations and password resets carry links that sign people in.
    fields = (
        "status",
        "attempts",
        "last_error",
        "last_attempt_at",
        "sent_at",
        "created_at",
        "from_email",
        "to",
        "cc",
        "bcc",
        "reply_to",
        "subject",
        "language",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("To"))
    def recipients(self, email):
        return ", ".join(email.to)

    @admin.action(description=_("Send the selected e-mails again (those not sent)"))
    def send_again(self, request, queryset):
        # A queued one may be stuck behind a worker that died while sending it. Ordering it
        # twice sends it once: the worker locks the message and skips it once it is sent.
        unsent = list(queryset.exclude(status=Email.Status.SENT))
        with transaction.atomic():
            for email in unsent:
                email.requeue()
                order_sending(email)
        level = messages.SUCCESS if unsent else messages.WARNING
        self.message_user(
            request, _("%(count)s e-mail(s) queued again.") % {"count": len(unsent)}, level
        )
