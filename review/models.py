from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from labs.models import Region
from plans.models import LearningPlan


class ReviewerRegion(models.Model):
    """A reviewer who looks after a region's labs: told of their submissions when no one is
    assigned to the plan."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_regions",
        limit_choices_to={"is_staff": True},
        verbose_name=_("reviewer"),
    )
    region = models.CharField(_("region"), max_length=5, choices=Region)

    class Meta:
        ordering = ["region", "user"]
        verbose_name = _("region of a reviewer")
        verbose_name_plural = _("regions of reviewers")
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="reviewerregion_unique")
        ]

    def __str__(self):
        return f"{self.user} reviews {self.get_region_display()}"


class CommentQuerySet(models.QuerySet):
    def threads(self):
        """The first comments of threads, with their authors and replies, as pages show them."""
        replies = Comment.objects.select_related("author")
        return (
            self.filter(parent=None)
            .select_related("author")
            .prefetch_related(models.Prefetch("replies", queryset=replies))
        )


class Comment(models.Model):
    """Feedback on a section of a plan or on one of its answers; replies hang off the first."""

    plan = models.ForeignKey(
        LearningPlan, on_delete=models.CASCADE, related_name="comments", verbose_name=_("plan")
    )
    # The questionnaire section's key, and the answer's field name ("" for the whole section).
    section = models.CharField(_("section"), max_length=60)
    field = models.CharField(_("field"), max_length=60, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["plan", "section", "field"], name="comment_anchor_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="comment_not_empty"),
        ]

    def __str__(self):
        return self.body[:80]


class Revision(models.Model):
    """The plan's answers as they stood after one save: compared field by field, restorable."""

    class Reason(models.TextChoices):
        EDIT = "edit", _("Edited in the questionnaire")
        SUBMIT = "submit", _("Submitted")
        ADMIN = "admin", _("Edited in the administration")
        IMPORT = "import", _("Imported")
        RESTORE = "restore", _("Restored from an earlier revision")

    plan = models.ForeignKey(
        LearningPlan, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("plan")
    )
    number = models.PositiveIntegerField(_("number"))
    reason = models.CharField(_("reason"), max_length=10, choices=Reason)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    # review.revisions.snapshot(): fields, tags, partners, questions and insights.
    data = models.JSONField()
    restored_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("restored from"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["plan_id", "-number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="revision_unique_number")
        ]

    def __str__(self):
        return f"{self.plan} #{self.number}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at=None)


class Notification(models.Model):
    """An event someone should know of, listed in the portal (and e-mailed when it happens)."""

    class Event(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        COMMENTED = "commented", _("New comment")
        REMINDER = "reminder", _("Reminder")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    event = models.CharField(_("event"), max_length=20, choices=Event)
    plan = models.ForeignKey(
        LearningPlan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plan"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    message = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
        ]

    def __str__(self):
        return f"{self.get_event_display()}: {self.plan or ''}"

    def get_absolute_url(self):
        return reverse("review:notification", args=[self.pk])
