"""The staff's change form of a plan: one fieldset per section of the plan's own questionnaire
version, labelled with its prompts, and its ranked partners, questions and insights inline."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from partners.models import Partnership
from plans import questionnaire as q
from plans.models import (
    IllegalTransition,
    Insight,
    LearningPlan,
    LearningQuestion,
    OtherAnswer,
    PlanEvent,
    Tag,
)
from plans.writing import StaleWrite, writing

# Fields the admin shows beside a questionnaire field, in its fieldset.
BESIDE = {"title": ("heading",)}
ABOUT_FIELDS = (
    "seen_version",
    "kind",
    "status",
    "lab",
    "focal_point",
    "year",
    "plan",
    "questionnaire",
    "language",
    "slug",
    ("latitude", "longitude"),
    "published_at",
)


def questionnaire_fieldsets(version: q.Version) -> list:
    """One fieldset per questionnaire section, in order, holding the plan fields it asks for; the
    tags in the first section that asks for terms."""
    plan_fields = {field.name for field in LearningPlan._meta.concrete_fields}
    asked = set(version.fields)
    # What the version does not ask (a report's title) is edited with the plan's particulars.
    unasked = [name for field in BESIDE if field not in asked for name in (field, *BESIDE[field])]
    fieldsets = [(_("About"), {"fields": (*unasked, *ABOUT_FIELDS)})]
    tags_placed = False
    for section in version.sections:
        names = [
            name
            for prompt in (*section.prompts, *section.closing)
            if prompt.field in plan_fields
            for name in (prompt.field, *BESIDE.get(prompt.field, ()))
        ]
        if section.terms and not tags_placed:
            names.append("tags")
            tags_placed = True
        if section.repeat:
            note = {"partnerships": _("Partners are below, in rank order.")}.get(
                section.repeat.name, _("Learning questions are below.")
            )
        else:
            note = ""
        if names or note:
            fieldsets.append((section.translated_heading, {"fields": names, "description": note}))
    return fieldsets


class VocabularyFilter(admin.SimpleListFilter):
    vocabulary = ""

    def lookups(self, request, model_admin):
        return [(tag.pk, tag.name) for tag in Tag.objects.filter(vocabulary=self.vocabulary)]

    def queryset(self, request, queryset):
        return queryset.filter(tags=self.value()) if self.value() else queryset


def vocabulary_filter(vocabulary: Tag.Vocabulary):
    return type(
        f"{vocabulary.name.title()}Filter",
        (VocabularyFilter,),
        {"title": vocabulary.label, "parameter_name": vocabulary.value, "vocabulary": vocabulary},
    )


class PartnershipInline(admin.TabularInline):
    model = Partnership
    fields = (
        "position",
        "organisation",
        "name_as_written",
        "sector",
        "description",
        "is_new_and_unusual",
    )
    autocomplete_fields = ["organisation"]
    extra = 0
    verbose_name = _("ranked partner")
    verbose_name_plural = _("ranked partners")


class LearningQuestionInline(admin.StackedInline):
    model = LearningQuestion
    fields = (
        "position",
        "question",
        tuple(f"is_{stage}" for stage in LearningQuestion.Stage.values),
        "methods_usage",
        "data_gaps",
    )
    extra = 0


class InsightInline(admin.TabularInline):
    model = Insight
    fields = ("position", "marker", "text")
    extra = 0


class PlanEventInline(admin.TabularInline):
    model = PlanEvent
    fields = ("created_at", "action", "from_status", "to_status", "actor", "message")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class OtherAnswerInline(admin.StackedInline):
    model = OtherAnswer
    fields = ("position", "section", "prompt", "answer", "is_group")
    extra = 0
    classes = ["collapse"]


class TagsWidget(AutocompleteSelectMultiple):
    """Without Select2's "remove all" button: it lands inside the list of chosen terms, which
    screen readers then misread; each term keeps its own remove button."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        return {**super().build_attrs(base_attrs, extra_attrs), "data-allow-clear": "false"}


STALE_MESSAGE = _(
    "Someone saved this plan since you opened it. Nothing was saved: your changes are still in "
    "the form. Open the plan again in another tab to see what is stored now, then save again."
)


class PlanAdminForm(forms.ModelForm):
    # The lock version the form was made on: a save over someone else's newer one is refused.
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_version")
        if self.instance.pk and seen is not None and seen != self.instance.version:
            raise forms.ValidationError(STALE_MESSAGE)
        return cleaned


@admin.register(LearningPlan)
class LearningPlanAdmin(admin.ModelAdmin):
    form = PlanAdminForm
    list_display = ("title", "lab", "year", "kind", "status", "updated_at")
    list_filter = (
        "year",
        "kind",
        "lab__region",
        ("lab", admin.RelatedOnlyFieldListFilter),
        "status",
        *(vocabulary_filter(vocabulary) for vocabulary in Tag.Vocabulary),
    )
    search_fields = ("title", "tweet_summary", "challenge_statement", "lab__name")
    list_select_related = ("lab",)
    autocomplete_fields = ("lab", "focal_point", "plan", "tags")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [
        PartnershipInline,
        LearningQuestionInline,
        InsightInline,
        OtherAnswerInline,
        PlanEventInline,
    ]
    actions = ["publish_selected", "unpublish_selected"]
    readonly_fields = ("status",)

    def _version(self, obj):
        return q.get(obj.questionnaire, obj.kind) if obj else q.CURRENT["plan"]

    def get_fieldsets(self, request, obj=None):
        return questionnaire_fieldsets(self._version(obj))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # The prompts of the plan's own questionnaire version label its fields.
        for section in self._version(obj).sections:
            for prompt in (*section.prompts, *section.closing):
                if prompt.field in form.base_fields:
                    field = form.base_fields[prompt.field]
                    field.label = prompt.translated_label
                    field.help_text = prompt.translated_text if prompt.label else ""
        if "questionnaire" in form.base_fields:
            form.base_fields["questionnaire"].widget = forms.Select(
                choices=[(version.key, version.translated_title) for version in q.VERSIONS]
            )
        return form

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            kwargs["widget"] = TagsWidget(db_field, self.admin_site)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Saved in `save_related`, with its inlines, through the one write path."""

    def save_related(self, request, form, formsets, change):
        plan = form.instance
        seen = form.cleaned_data.get("seen_version") if change else None
        with writing(plan, by=request.user, reason="admin", expected_version=seen):
            plan.save()
            super().save_related(request, form, formsets, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleWrite:
            # Someone saved between this form's check and its save: nothing was written.
            self.message_user(request, STALE_MESSAGE, messages.ERROR)
            return HttpResponseRedirect(request.path)

    def delete_model(self, request, obj):
        tags = list(obj.tags.values_list("pk", flat=True))
        super().delete_model(request, obj)
        Tag.objects.filter(pk__in=tags).recount()

    def delete_queryset(self, request, queryset):
        tags = list(Tag.objects.filter(plans__in=queryset).values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        Tag.objects.filter(pk__in=tags).recount()

    @admin.action(description=_("Publish the selected plans"))
    def publish_selected(self, request, queryset):
        self._transition(request, queryset, LearningPlan.Action.PUBLISH)

    @admin.action(description=_("Unpublish the selected plans"))
    def unpublish_selected(self, request, queryset):
        self._transition(request, queryset, LearningPlan.Action.UNPUBLISH)

    def _transition(self, request, queryset, action):
        done, refused = 0, []
        for plan in queryset:
            try:
                plan.transition(action, by=request.user)
                done += 1
            except IllegalTransition as error:
                refused.append(f"{plan}: {error}")
        if done:
            self.message_user(
                request,
                _("%(action)s: %(count)s plan(s).") % {"action": action.label, "count": done},
                messages.SUCCESS,
            )
        for reason in refused:
            self.message_user(request, reason, messages.ERROR)
