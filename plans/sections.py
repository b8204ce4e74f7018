"""A plan's answers laid out section by section: for its public page, the reviewers' page and the
focal points' look over it before submitting."""

from django.utils.translation import gettext

from plans import questionnaire as q
from plans.models import TERMS


def plan_sections(plan):
    """The plan's answers section by section, in the order and words of its questionnaire."""
    version = q.get(plan.questionnaire, plan.kind)
    others = list(plan.other_answers.all())
    tags = list(plan.tags.all())
    sections = []
    for section in version.sections:
        entries = []
        for prompt in (*section.prompts, *section.closing):
            if not prompt.field:
                continue
            value = plan.title if prompt.field == "title" else getattr(plan, prompt.field, None)
            if prompt.field == "insights":
                value = list(plan.insights.all())
            entries.append({"prompt": prompt, "kind": prompt.kind, "value": value})
        repeat = section.repeat.name if section.repeat else None
        vocabularies = {TERMS[name] for name in section.terms}
        mine = [
            other
            for other in others
            if (found := q.section_for_heading(other.section)) and found[0] == section.key
        ]
        sections.append(
            {
                "key": section.key,
                "heading": section.translated_heading,
                "entries": entries,
                "partnerships": list(plan.partnerships.all()) if repeat == "partnerships" else None,
                "questions": list(plan.learning_questions.all())
                if repeat == "learning_questions"
                else None,
                "tags": [tag for tag in tags if tag.vocabulary in vocabularies]
                if section.terms
                else None,
                "others": [other for other in mine if other.answer],
            }
        )
    placed = {other.pk for section in sections for other in section["others"]}
    leftovers = [other for other in others if other.pk not in placed and other.answer]
    if leftovers:
        sections.append(
            {
                "key": "other",
                "heading": gettext("Other answers"),
                "entries": [],
                "others": leftovers,
            }
        )
    return sections


def shown_sections(sections) -> list[dict]:
    """The sections a reader needs: not the plan's name again under its heading, nor a heading
    with nothing under it."""
    shown = []
    for section in sections:
        entries = [e for e in section["entries"] if e["prompt"].field != "title"]
        section = {**section, "entries": entries}
        if any(is_answered(entry["value"]) for entry in entries) or any(
            section.get(part) for part in ("partnerships", "questions", "tags", "others")
        ):
            shown.append(section)
    return shown


def is_answered(value) -> bool:
    """Whether an answer holds something: not nothing, no empty text or list."""
    return value not in (None, "", [], {})
