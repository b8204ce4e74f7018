"""The questionnaire as the focal points go through it: a step per section with something to fill
in, and how complete a plan is."""

from dataclasses import dataclass, field

from plans import questionnaire as q
from plans.models import UNTITLED, LearningPlan
from plans.sections import is_answered

from . import forms


@dataclass
class Step:
    """One page of the questionnaire: a section with something to fill in."""

    section: q.Section
    form_class: type | None = None
    formsets: list[str] = field(default_factory=list)

    @property
    def vocabularies(self) -> tuple[str, ...]:
        """The TermsForm fields the step asks for (sdgs, methods, datasources, themes)."""
        return self.section.terms

    @property
    def tags(self):
        return bool(self.vocabularies)

    @property
    def key(self):
        return self.section.key

    @property
    def heading(self):
        return self.section.translated_heading

    @property
    def intro(self):
        return [p.translated_text for p in self.section.prompts if not p.field]

    def items(self, plan) -> list[tuple[str, bool]]:
        """(what, filled) for each answerable thing the step asks."""
        found = [
            (name, is_answered(getattr(plan, name)) and getattr(plan, name) != UNTITLED)
            for name in (self.form_class.base_fields if self.form_class else ())
            if name != "language"  # always set: not something left to answer
        ]
        found += [(name, getattr(plan, name).exists()) for name in self.formsets]
        if self.tags:
            found.append(("tags", plan.tags.exists()))
        return found

    def is_complete(self, plan) -> bool:
        return all(filled for _, filled in self.items(plan))


def steps_for(plan: LearningPlan) -> list[Step]:
    """The plan's questionnaire as steps, skipping sections with nothing to fill."""
    steps = []
    for section in q.get(plan.questionnaire, plan.kind).sections:
        step = Step(section, form_class=forms.step_form(section))
        if forms.has_insights(section):
            step.formsets.append("insights")
        if section.repeat and section.repeat.name in forms.FORMSETS:
            step.formsets.append(section.repeat.name)
        if step.form_class or step.formsets or step.tags:
            steps.append(step)
    return steps


def completeness(plan: LearningPlan) -> int:
    """The percentage of the questionnaire's answerable fields that are filled."""
    items = [item for step in steps_for(plan) for item in step.items(plan)]
    if not items:
        return 0
    return round(100 * sum(filled for _, filled in items) / len(items))
