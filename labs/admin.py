from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from labs.roles import is_administrator

from . import cycles
from .models import Cycle, Lab, Membership

# The kinds a cycle takes: the keys of Cycle.WINDOWS (the values of plans' LearningPlan.Kind).
PLANS, REPORTS = "plan", "progress"


class MembershipInline(admin.TabularInline):
    """A membership lets its holder edit the lab's plans: only administrators grant it here."""

    model = Membership
    autocomplete_fields = ["user"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return is_administrator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_administrator(request.user)


@admin.register(Lab)
class LabAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "region")
    list_filter = ("region",)
    search_fields = ("name", "country")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = (
        "year",
        "plans_open_on",
        "plans_close_on",
        "takes_plans",
        "reports_open_on",
        "reports_close_on",
        "takes_reports",
    )
    fieldsets = [
        (None, {"fields": ["year"]}),
        (_("Plans"), {"fields": [("plans_open_on", "plans_close_on")]}),
        (_("Progress reports"), {"fields": [("reports_open_on", "reports_close_on")]}),
    ]
    actions = ["open_plans", "close_plans", "open_reports", "close_reports"]

    @admin.display(boolean=True, description=_("Takes plans today"))
    def takes_plans(self, cycle):
        return cycle.accepts(PLANS)

    @admin.display(boolean=True, description=_("Takes progress reports today"))
    def takes_reports(self, cycle):
        return cycle.accepts(REPORTS)

    @admin.action(description=_("Open the selected cycles to plans now"))
    def open_plans(self, request, queryset):
        self._move(request, queryset, cycles.open_now, PLANS)

    @admin.action(description=_("Close the selected cycles to plans now"))
    def close_plans(self, request, queryset):
        self._move(request, queryset, cycles.close_now, PLANS)

    @admin.action(description=_("Open the selected cycles to progress reports now"))
    def open_reports(self, request, queryset):
        self._move(request, queryset, cycles.open_now, REPORTS)

    @admin.action(description=_("Close the selected cycles to progress reports now"))
    def close_reports(self, request, queryset):
        self._move(request, queryset, cycles.close_now, REPORTS)

    def _move(self, request, queryset, change, kind):
        for cycle in queryset:
            change(cycle, kind)
        self.message_user(
            request,
            _("Updated %(count)s cycle(s): see the dates below.") % {"count": len(queryset)},
            messages.SUCCESS,
        )
