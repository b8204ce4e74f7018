"""The admin of terms and of what plans say in common. A plan's own change form mirrors its
questionnaire and lists its partners: it is the questionnaire app's (see questionnaire/admin.py)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import LearningPlan, Tag, TagAlias
from .vocabularies import merge_tags, normalise
from .writing import writing


class PlanPartAdmin(admin.ModelAdmin):
    """The admin of something plans say (a term, a partner organisation): its changes and its
    deletion are written through the write path of the plans that say it, which are reindexed
    and keep a revision."""

    def plans_saying(self, objects):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        """Saved in `save_related`, with its inlines, inside the plans' write."""

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        plans = self.plans_saying([obj]) if change else []
        with writing(*plans, by=request.user, reason="admin"):
            super().save_model(request, obj, form, change)
            super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        with writing(*self.plans_saying([obj]), by=request.user, reason="admin"):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with writing(*self.plans_saying(queryset), by=request.user, reason="admin"):
            super().delete_queryset(request, queryset)


class MergeForm(ActionForm):
    merge_into = forms.ModelChoiceField(
        Tag.objects.all(),
        required=False,
        label=_("Merge into"),
        help_text=_("For the merge action."),
    )


class TagAliasInline(admin.TabularInline):
    model = TagAlias
    fields = ("key",)
    extra = 0


@admin.register(Tag)
class TagAdmin(PlanPartAdmin):
    list_display = ("name", "vocabulary", "number", "plan_count", "is_approved", "proposed_by")
    list_filter = ("is_approved", "vocabulary")
    search_fields = ("name", "aliases__key")
    prepopulated_fields = {"slug": ("name",)}
    raw_id_fields = ("proposed_by",)
    inlines = [TagAliasInline]
    action_form = MergeForm
    actions = ["approve_selected", "merge_selected"]

    def plans_saying(self, tags):
        return LearningPlan.objects.filter(tags__in=list(tags)).distinct()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "is_approved" in form.changed_data:
            # An approved term counts in the public facets.
            Tag.objects.filter(pk=form.instance.pk).recount()

    @admin.action(description=_("Approve the selected proposed terms"))
    def approve_selected(self, request, queryset):
        proposed = list(queryset.filter(is_approved=False))
        for tag in proposed:
            tag.is_approved = True
            # Saved one by one, so that those listening for a term saved hear of it.
            tag.save(update_fields=["is_approved"])
        Tag.objects.filter(pk__in=[tag.pk for tag in proposed]).recount()
        self.message_user(
            request,
            _("%(count)s term(s) approved: they now appear in the public filters.")
            % {"count": len(proposed)},
        )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(plan_count=Count("plans"))

    @admin.display(ordering="plan_count", description=_("Plans"))
    def plan_count(self, tag):
        return tag.plan_count

    @admin.action(description=_("Merge the selected tags into the tag chosen below"))
    def merge_selected(self, request, queryset):
        target = Tag.objects.filter(pk=request.POST.get("merge_into") or None).first()
        if target is None:
            self.message_user(request, _("Choose the tag to merge into."), messages.ERROR)
            return
        if queryset.exclude(vocabulary=target.vocabulary).exists():
            self.message_user(
                request, _("Only tags of one vocabulary can be merged."), messages.ERROR
            )
            return
        merged = 0
        for tag in queryset.exclude(pk=target.pk):
            merge_tags(source=tag, target=target, by=request.user)
            merged += 1
        self.message_user(
            request,
            _(
                "Merged %(count)s tag(s) into “%(target)s”; their spellings will map to it on "
                "import."
            )
            % {"count": merged, "target": target},
            messages.SUCCESS,
        )

    def save_formset(self, request, form, formset, change):
        # An alias lives in its tag's vocabulary and is matched in its normalised form.
        aliases = formset.save(commit=False)
        for alias in aliases:
            alias.vocabulary = form.instance.vocabulary
            alias.key = normalise(alias.key)
            alias.save()
        for alias in formset.deleted_objects:
            alias.delete()
