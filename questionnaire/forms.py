"""The focal points' questionnaire forms: a ModelForm per section, built from the questionnaire.

Nothing is required while a plan is a draft; the rules that always hold (tweet length, time split,
blog links, how many plans and big bets a lab may have a year) are checked here, on the server.
"""

import filetype
from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partners.models import Partnership
from partners.organisations import organisation_for
from plans import questionnaire as q
from plans.models import TERMS, Insight, LearningPlan, LearningQuestion, Tag
from plans.questionnaire import PLAN_FIELDS
from plans.sdgs import SDGS, sdg_label_lazy
from plans.vocabularies import create_tag, existing_tag, normalise

TWEET_LENGTH = 280
MAX_PARTNERS = 5
MAX_INSIGHTS = 5
MAX_SDGS = 5
MAX_THEMES = 5
MAX_TERM_LENGTH = 100
TIME_FIELDS = tuple(f"time_{stage}" for stage in LearningQuestion.Stage.values)


def step_prompts(section: q.Section) -> list[q.Prompt]:
    """The section's plan-level prompts that fill a LearningPlan field, in order."""
    names = {"title", *PLAN_FIELDS}
    return [p for p in (*section.prompts, *section.closing) if p.field in names]


def hint(prompt: q.Prompt) -> str:
    """The prompt's question without its label, in the active language: the label is shown once,
    above it ("Challenge statement: What is your challenge?" gives "What is your challenge?")."""
    text = prompt.translated_text
    rest = text.removeprefix(prompt.translated_label).lstrip(" \u00a0\u202f")
    if rest == text or not rest.startswith(":"):
        return text
    rest = rest[1:].strip()
    return rest[:1].upper() + rest[1:]


# Every field of a step as GOV.UK lays it out: label, hint, error message, then the field
# (templates/my/_field.html); the step page writes its own <form> tag.
FIELD_LAYOUT = FormHelper()
FIELD_LAYOUT.form_tag = False
FIELD_LAYOUT.disable_csrf = True
FIELD_LAYOUT.field_template = "my/_field.html"


def has_insights(section: q.Section) -> bool:
    return any(p.field == "insights" for p in section.prompts)


def clean_blog_links(value: str) -> str:
    """One URL per line; returns them normalised, one per line."""
    validate = URLValidator(schemes=["http", "https"])
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    bad = []
    for line in lines:
        try:
            validate(line)
        except ValidationError:
            bad.append(line)
    if bad:
        raise ValidationError(
            _("Not a valid link (one full address per line, starting with https://): %(bad)s"),
            params={"bad": ", ".join(bad)},
        )
    return "\n".join(lines)


def normalise_line_breaks(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class PlanStepForm(forms.ModelForm):
    """The base of every step's form; step_form() picks its fields from the questionnaire."""

    class Meta:
        model = LearningPlan
        fields = []

    def clean_tweet_summary(self):
        # Browsers send a line break as \r\n; it is kept, and counted, as one character, as the
        # counter under the field (static/js/questionnaire.js) counts it.
        value = normalise_line_breaks(self.cleaned_data["tweet_summary"]).strip()
        if len(value) > TWEET_LENGTH:
            raise ValidationError(
                _("At most %(limit)s characters: this summary has %(length)s."),
                params={"limit": TWEET_LENGTH, "length": len(value)},
            )
        return value

    def clean_blog_links(self):
        return clean_blog_links(self.cleaned_data["blog_links"])

    def clean_challenge_type(self):
        value = self.cleaned_data["challenge_type"]
        problems = self.instance.lab_year_problems(value) if value else []
        if problems:
            raise ValidationError(problems)
        return value

    def clean(self):
        cleaned = super().clean()
        if all(name in self.fields for name in TIME_FIELDS):
            values = [cleaned.get(name) for name in TIME_FIELDS]
            if any(v is not None for v in values) and not any(
                self.has_error(n) for n in TIME_FIELDS
            ):
                total = sum(v or 0 for v in values)
                if total != 100:
                    self.add_error(
                        "time_sense",
                        gettext("The time split adds up to %(total)s%%: it must add up to 100%%.")
                        % {"total": total},
                    )
        return cleaned


def _widget(prompt: q.Prompt):
    if prompt.field == "tweet_summary":
        # The counter's word, in the interface's language, for static/js/questionnaire.js.
        counter = gettext("characters")
        # No maxlength: as GOV.UK's character count, one may type on and is told how far over.
        attrs = {"rows": 3, "data-maxlength": TWEET_LENGTH, "data-counter": counter}
        return forms.Textarea(attrs=attrs)
    if prompt.field == "blog_links":
        return forms.Textarea(attrs={"rows": 3, "placeholder": "https://…"})
    if prompt.kind == q.NUMBER:
        return forms.NumberInput(attrs={"min": 0, "max": 100})
    if isinstance(LearningPlan._meta.get_field(prompt.field), models.TextField):
        return forms.Textarea(attrs={"rows": 4})
    return None


def step_form(section: q.Section) -> type[PlanStepForm] | None:
    """A ModelForm class for the section's plan-level prompts, or None when it has none."""
    prompts = step_prompts(section)
    if not prompts:
        return None
    names = [p.field for p in prompts]
    labels, help_texts, widgets = {}, {}, {}
    for prompt in prompts:
        if prompt.field in TIME_FIELDS:
            labels[prompt.field] = f"{prompt.translated_text} (%)"
        else:
            labels[prompt.field] = prompt.translated_label
        if prompt.field == "challenge_type" and prompt.note:
            help_texts[prompt.field] = f"{hint(prompt)} {prompt.translated_note}"
        elif prompt.label:
            help_texts[prompt.field] = hint(prompt)
        if widget := _widget(prompt):
            widgets[prompt.field] = widget
    if section.key == "title":
        # The first step says which language the answers are in (set from the interface at start).
        names.append("language")
        labels["language"] = _("Language of the answers")
        help_texts["language"] = _("The language you write in; answers are kept as typed.")
    form_class = forms.modelform_factory(
        LearningPlan,
        form=PlanStepForm,
        fields=names,
        labels=labels,
        help_texts=help_texts,
        widgets=widgets,
    )
    if "title" in names:
        # Nothing is required while the plan is a draft (see missing_for_submission), the title
        # included: it stays empty until typed.
        form_class.base_fields["title"].required = False
    if "language" in names:
        # A post without it (an older page, a script) keeps the plan's language.
        form_class.base_fields["language"].required = False
    if "handover_options" in names:
        form_class.base_fields["handover_options"] = forms.MultipleChoiceField(
            label=labels["handover_options"],
            help_text=help_texts.get("handover_options", ""),
            choices=[(option, gettext(option)) for option in q.HANDOVER_OPTIONS],
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
    return form_class


# What typeahead.js says, here so that it can be translated; {term} and {count} are filled in.
TYPEAHEAD_TEXT = {
    "data-typeahead": "",
    "data-hint": _("Type to filter, then choose with the arrow keys and Enter, or a click."),
    "data-remove": _("Remove {term}"),
    "data-removed": _("{term} removed."),
    "data-added": _("{term} added."),
    "data-count": _("{count} suggestions."),
    "data-proposed": _("proposed"),
    "data-propose": _("Propose “{term}” as a new term"),
}


class TermsField(forms.ModelMultipleChoiceField):
    """Terms of one vocabulary, as a list the browser turns into a type-ahead (typeahead.js)."""

    def __init__(self, vocabulary, **kwargs):
        kwargs.setdefault("widget", forms.SelectMultiple(attrs={"size": 8, **TYPEAHEAD_TEXT}))
        kwargs.setdefault("help_text", _("Hold Ctrl (or ⌘) to choose several."))
        super().__init__(Tag.objects.filter(vocabulary=vocabulary), required=False, **kwargs)
        self.vocabulary = vocabulary

    def label_from_instance(self, tag):
        return tag.name if tag.is_approved else _("%(name)s (proposed)") % {"name": tag.name}


class ProposedTermsField(forms.CharField):
    """New terms typed in, one a line (typeahead.js fills it from the type-ahead)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        terms = [" ".join(t.split()) for t in super().to_python(value).splitlines()]
        terms = [t for t in terms if t]
        if too_long := [t for t in terms if len(t) > MAX_TERM_LENGTH]:
            raise ValidationError(
                _("At most %(limit)d characters a term: “%(term)s…” is longer."),
                params={"limit": MAX_TERM_LENGTH, "term": too_long[0][:40]},
            )
        # Terms are filed under a key of Latin letters and digits (vocabularies.normalise).
        if unfiled := [t for t in terms if not normalise(t)]:
            raise ValidationError(
                _(
                    "“%(term)s” has no Latin letters or digits to file it under: write the term "
                    "in English, French, Spanish or Portuguese."
                ),
                params={"term": unfiled[0][:40]},
            )
        return terms


class TermsForm(forms.Form):
    """The plan's terms from the vocabularies a step asks for.

    SDGs are the 17 goals; methods are a closed list (a method that is not an approved term is
    refused); data sources and thematic areas are open: a term typed in is matched against every
    existing term and alias (see vocabularies.normalise) and, only when it is new, saved as a
    term proposed by the focal point, for curators to approve or merge.
    """

    sdgs = forms.TypedMultipleChoiceField(
        label=_("Sustainable Development Goals"),
        help_text=_("At most 5."),
        choices=[(number, sdg_label_lazy(number)) for number in SDGS],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    methods = TermsField(
        Tag.Vocabulary.METHOD,
        label=_("Methods"),
        error_messages=dict.fromkeys(
            ["invalid_choice", "invalid_pk_value"],
            _(
                "Choose methods from the list: a method that is not on it cannot be added here "
                "(ask the portal's curators to add it)."
            ),
        ),
    )
    datasources = TermsField(Tag.Vocabulary.DATASOURCE, label=_("Data sources"))
    datasources_new = ProposedTermsField(
        label=_("Not in the list? Propose data sources"),
        help_text=_("One a line. A spelling of an existing term is matched to it."),
    )
    themes = TermsField(Tag.Vocabulary.THEME, label=_("Thematic areas"))
    themes_new = ProposedTermsField(
        label=_("Not in the list? Propose thematic areas"),
        help_text=_("One a line. A spelling of an existing term is matched to it."),
    )

    VOCABULARIES = TERMS
    LIMITS = {
        "sdgs": (MAX_SDGS, _("At most %(limit)s SDGs: %(count)s are chosen.")),
        "themes": (MAX_THEMES, _("At most %(limit)s thematic areas: %(count)s are chosen.")),
    }

    def __init__(self, data=None, *, instance: LearningPlan, names=tuple(VOCABULARIES), user=None):
        self.instance, self.user = instance, user
        tags = list(instance.tags.all())
        initial = {
            name: [t.number if name == "sdgs" else t.pk for t in tags if t.vocabulary == vocabulary]
            for name, vocabulary in self.VOCABULARIES.items()
        }
        super().__init__(data, initial=initial)
        for name in self.VOCABULARIES.keys() - set(names):
            self.fields.pop(name)
            self.fields.pop(f"{name}_new", None)
        own = [t.pk for t in tags]
        for field in self.fields.values():
            if isinstance(field, TermsField):
                # Proposed terms are offered only on the plan that uses them.
                field.queryset = field.queryset.filter(Q(is_approved=True) | Q(pk__in=own))
        self.proposed = {}

    @property
    def vocabularies(self):
        return [self.VOCABULARIES[name] for name in self.VOCABULARIES if name in self.fields]

    def clean(self):
        cleaned = super().clean()
        for name in ("datasources", "themes"):
            if f"{name}_new" not in cleaned or name not in cleaned:
                continue
            chosen, new = list(cleaned[name]), {}
            for term in cleaned[f"{name}_new"]:
                # An existing term or alias, in any spelling, is used rather than a new one.
                tag = existing_tag(self.VOCABULARIES[name], term)
                if tag is None:
                    new.setdefault(normalise(term), term)
                elif tag not in chosen:
                    chosen.append(tag)
            cleaned[name], self.proposed[name] = chosen, new
        for name, (limit, message) in self.LIMITS.items():
            count = len(cleaned.get(name, [])) + len(self.proposed.get(name, []))
            if count > limit:
                error = ValidationError(message, params={"limit": limit, "count": count})
                self.add_error(name, error)
        return cleaned

    def save(self):
        chosen = [
            tag
            for name in self.VOCABULARIES
            if name in self.fields and name != "sdgs"
            for tag in self.cleaned_data[name]
        ]
        if "sdgs" in self.fields:
            # The 17 goals are fixed: a goal's tag is made the first time a plan names it.
            sdg = Tag.Vocabulary.SDG
            chosen += [create_tag(sdg, str(n), "") for n in self.cleaned_data["sdgs"]]
        for name, terms in self.proposed.items():
            vocabulary = self.VOCABULARIES[name]
            # No spelling of these matched a term (see clean()): they are new, awaiting curators.
            chosen += [
                create_tag(vocabulary, key, term, proposed_by=self.user)
                for key, term in terms.items()
                if key
            ]
        kept = self.instance.tags.exclude(vocabulary__in=self.vocabularies)
        self.instance.tags.set([*kept, *chosen])
        return self.instance


# Supporting evidence --------------------------------------------------------------------------

# What filetype recognises by content -> what may be uploaded. Legacy Office files (OLE) may not be
# recognised at all: then they are refused, as anything else unknown.
EVIDENCE_TYPES = {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "png", "jpg"}
EVIDENCE_HELP = _("PDF, Word, Excel, PowerPoint, PNG or JPEG")


def sniff(upload):
    """The filetype kind of an uploaded file, read from its first bytes (None when unknown)."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    return filetype.guess(head)


class EvidenceForm(forms.Form):
    """One supporting file; its type is checked by its content, never by its name."""

    file = forms.FileField(label=_("Add a supporting file"), help_text=EVIDENCE_HELP)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.ALP_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("“%(name)s” is %(size)s: at most %(limit)s a file."),
                params={
                    "name": upload.name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(limit),
                },
            )
        kind = sniff(upload)
        if kind is None or kind.extension not in EVIDENCE_TYPES:
            raise ValidationError(
                _("“%(name)s” is not a %(types)s file (judged by its content, not its name)."),
                params={"name": upload.name, "types": EVIDENCE_HELP},
            )
        self.kind = kind
        return upload


# Repeated groups -------------------------------------------------------------------------------


class PositionedFormSet(forms.BaseInlineFormSet):
    """Saves its rows numbered 1, 2, … in the order given (by `position` when one is typed)."""

    # How the step page shows the rows (templates/my/step.html, static/js/formsets.js).
    legend = _("Item")
    add_label = _("Add another")
    reorderable = False

    def save(self, commit=True):
        kept = []
        for index, form in enumerate(self.forms):
            if self.can_delete and self._should_delete_form(form):
                if form.instance.pk:
                    form.instance.delete()
                continue
            if form in self.extra_forms and not form.has_changed():
                continue
            kept.append((form.cleaned_data.get("position") or 10**4, index, form))
        saved = []
        for position, (*_key, form) in enumerate(sorted(kept, key=lambda item: item[:2]), 1):
            obj = form.save(commit=False)
            obj.position = position
            self.before_save(obj)
            obj.save()
            saved.append(obj)
        return saved

    def before_save(self, obj):
        pass


# The model keeps the partner's name as written; the questionnaire's prompt fills `name`.
PROMPT_FIELDS = {"name_as_written": "name"}


def _label_from_prompts(form, prompts: dict[str, q.Prompt]) -> None:
    """Label each of the form's fields with its prompt's label, and the question as help."""
    for name, field in form.fields.items():
        if prompt := prompts.get(PROMPT_FIELDS.get(name, name)):
            field.label = prompt.translated_label
            if prompt.label:
                field.help_text = hint(prompt)


class PartnershipForm(forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["position", "name_as_written", "sector", "description", "is_new_and_unusual"]
        labels = {"position": _("Rank (1 = most important)")}
        widgets = {
            "name_as_written": forms.TextInput(),
            "description": forms.Textarea(attrs={"rows": 2}),
            "position": forms.NumberInput(attrs={"max": MAX_PARTNERS}),
        }

    def __init__(self, *args, prompts=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The prompts of the plan's own questionnaire version, else of the current plan's.
        partners = q.CURRENT["plan"].section("partners").repeat
        _label_from_prompts(self, prompts or {p.field: p for p in partners.prompts})
        self.fields["position"].required = False
        # Here, not in Meta: the model field's own minimum (0) would replace it.
        self.fields["position"].widget.attrs["min"] = 1
        if not self.instance.pk:
            self.initial["position"] = None  # not the model's default 0: left empty, kept in order


class PartnershipFormSet(PositionedFormSet):
    legend = _("Partner")
    add_label = _("Add another partner")
    reorderable = True

    def get_form_kwargs(self, index):
        section = q.get(self.instance.questionnaire, self.instance.kind).section("partners")
        prompts = {p.field: p for p in section.repeat.prompts} if section and section.repeat else {}
        return {**super().get_form_kwargs(index), "prompts": prompts}

    def before_save(self, obj):
        obj.organisation = organisation_for(obj.name_as_written)


class LearningQuestionForm(forms.ModelForm):
    stages = forms.MultipleChoiceField(
        label=_("Stages of the learning cycle"),
        choices=LearningQuestion.Stage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = LearningQuestion
        fields = ["question", "stages", "methods_usage", "data_gaps"]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 2}),
            "methods_usage": forms.Textarea(attrs={"rows": 3}),
            "data_gaps": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("stages", self.instance.stages)
        _label_from_prompts(self, {p.field: p for p in q.PLAN_QUESTIONS.repeat.prompts})

    def save(self, commit=True):
        self.instance.stages = self.cleaned_data.get("stages", [])
        return super().save(commit=commit)


class InsightForm(forms.ModelForm):
    class Meta:
        model = Insight
        fields = ["text"]
        labels = {"text": _("Key insight")}
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class QuestionFormSet(PositionedFormSet):
    legend = _("Learning question")
    add_label = _("Add another learning question")


class InsightFormSet(PositionedFormSet):
    legend = _("Key insight")
    add_label = _("Add another key insight")


# The questionnaire's repeated groups, by the plan's related name.
FORMSETS = {
    "partnerships": forms.inlineformset_factory(
        LearningPlan,
        Partnership,
        form=PartnershipForm,
        formset=PartnershipFormSet,
        extra=MAX_PARTNERS,
        max_num=MAX_PARTNERS,
        validate_max=True,
        can_delete=True,
    ),
    "learning_questions": forms.inlineformset_factory(
        LearningPlan,
        LearningQuestion,
        form=LearningQuestionForm,
        formset=QuestionFormSet,
        extra=2,
        can_delete=True,
    ),
    "insights": forms.inlineformset_factory(
        LearningPlan,
        Insight,
        form=InsightForm,
        formset=InsightFormSet,
        extra=MAX_INSIGHTS,
        max_num=MAX_INSIGHTS,
        validate_max=True,
        can_delete=True,
    ),
}
