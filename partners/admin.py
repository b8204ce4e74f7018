from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from plans.admin import PlanPartAdmin
from plans.models import LearningPlan

from .merging import merge_organisations
from .models import PartnerAlias, PartnerOrganisation, Partnership, normalise_name


class MergeForm(ActionForm):
    merge_into = forms.ModelChoiceField(
        PartnerOrganisation.objects.all(), required=False, label=_("Merge into")
    )


class PartnerAliasInline(admin.TabularInline):
    model = PartnerAlias
    fields = ("normalised_name",)
    extra = 0
    verbose_name = _("merged name")
    verbose_name_plural = _("merged names (later imports map them to this organisation)")


class PartnershipInline(admin.TabularInline):
    model = Partnership
    fields = ("plan", "position", "sector", "is_new_and_unusual")
    readonly_fields = ("plan",)
    extra = 0
    can_delete = False


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(PlanPartAdmin):
    list_display = ("name", "sector", "plan_count")
    list_filter = ("sector",)
    search_fields = ("name", "normalised_name", "aliases__normalised_name")
    readonly_fields = ("normalised_name",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [PartnerAliasInline, PartnershipInline]
    action_form = MergeForm
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(plan_count=Count("partnerships__plan", distinct=True))
        )

    @admin.display(ordering="plan_count", description=_("Plans"))
    def plan_count(self, organisation):
        return organisation.plan_count

    def plans_saying(self, organisations):
        return LearningPlan.objects.filter(
            partnerships__organisation__in=list(organisations)
        ).distinct()

    def save_related(self, request, form, formsets, change):
        form.instance.normalised_name = normalise_name(form.instance.name)
        super().save_related(request, form, formsets, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not PartnerAlias:
            return super().save_formset(request, form, formset, change)
        # An alias is only ever matched in its normalised form.
        for alias in formset.save(commit=False):
            alias.normalised_name = normalise_name(alias.normalised_name)
            alias.save()
        for alias in formset.deleted_objects:
            alias.delete()
        formset.save_m2m()

    @admin.action(description=_("Merge the selected organisations into the one chosen below"))
    def merge_selected(self, request, queryset):
        pk = request.POST.get("merge_into") or None
        target = PartnerOrganisation.objects.filter(pk=pk).first()
        if target is None:
            self.message_user(request, _("Choose the organisation to merge into."), messages.ERROR)
            return
        count = merge_organisations(sources=list(queryset), target=target, by=request.user)
        self.message_user(
            request,
            _(
                "Merged %(count)s organisation(s) into “%(target)s”; their names will map to it "
                "on import and in the questionnaire."
            )
            % {"count": count, "target": target},
            messages.SUCCESS,
        )
