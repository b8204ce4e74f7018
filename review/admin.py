from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Comment, Notification, ReviewerRegion, Revision


@admin.register(ReviewerRegion)
class ReviewerRegionAdmin(admin.ModelAdmin):
    list_display = ("user", "region")
    list_filter = ("region",)
    search_fields = ("user__email", "user__username")
    autocomplete_fields = ["user"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Kept by the portal as things happen: listed for curators, never typed in."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ("plan", "number", "reason", "author", "created_at", "history")
    list_filter = ("reason", "created_at")
    search_fields = ("plan__title", "plan__lab__name")
    list_select_related = ("plan", "author")
    exclude = ("data",)
    date_hierarchy = "created_at"

    @admin.display(description=_("History"))
    def history(self, revision):
        url = reverse("review:history", args=[revision.plan_id])
        return format_html('<a href="{}#revision-{}">{}</a>', url, revision.number, _("compare"))


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("plan", "section", "field", "author", "created_at")
    list_filter = ("section", "created_at")
    search_fields = ("body", "plan__title")
    list_select_related = ("plan", "author")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("recipient", "event", "plan", "actor", "created_at", "read_at")
    list_filter = ("event", "created_at")
    search_fields = ("recipient__email", "plan__title", "message")
    list_select_related = ("recipient", "plan", "actor")
