from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.db import transaction
from django.db.models import Count

from .models import PartnerOrganisation, Partnership


class MergeForm(ActionForm):
    merge_into = forms.ModelChoiceField(
        PartnerOrganisation.objects.all(), required=False, label="Merge into"
    )


class PartnershipInline(admin.TabularInline):
    model = Partnership
    fields = ("plan", "position", "sector", "is_new_and_unusual")
    readonly_fields = ("plan",)
    extra = 0
    can_delete = False


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "sector", "plan_count")
    list_filter = ("sector",)
    search_fields = ("name", "normalised_name")
    readonly_fields = ("normalised_name",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [PartnershipInline]
    action_form = MergeForm
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(plan_count=Count("partnerships__plan", distinct=True))
        )

    @admin.display(ordering="plan_count", description="Plans")
    def plan_count(self, organisation):
        return organisation.plan_count

    def save_model(self, request, obj, form, change):
        from .models import normalise_name

        obj.normalised_name = normalise_name(obj.name)
        super().save_model(request, obj, form, change)

    @admin.action(description="Merge the selected organisations into the one chosen below")
    def merge_selected(self, request, queryset):
        pk = request.POST.get("merge_into") or None
        target = PartnerOrganisation.objects.filter(pk=pk).first()
        if target is None:
            self.message_user(request, "Choose the organisation to merge into.", messages.ERROR)
            return
        with transaction.atomic():
            sources = queryset.exclude(pk=target.pk)
            Partnership.objects.filter(organisation__in=sources).update(organisation=target)
            count = sources.count()
            sources.delete()
        self.message_user(
            request, f"Merged {count} organisation(s) into “{target}”.", messages.SUCCESS
        )
