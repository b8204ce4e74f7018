"""Revisions: a plan's answers after each save, compared field by field and restorable.

A snapshot holds what a lab wrote (the plan's answer fields, tags, ranked partners, learning
questions and insights), not its workflow state: restoring one brings back answers, never a
status.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from partners.models import Partnership
from plans.importers import PLAN_FIELDS, organisation_for
from plans.models import Insight, LearningPlan, LearningQuestion, Tag
from plans.search import index_plans
from plans.vocabularies import refresh_tag_counts

from .models import Revision

FIELDS = ["title", "heading", "language", *PLAN_FIELDS]
PARTNER_FIELDS = ["name", "sector", "description", "is_new_and_unusual"]
QUESTION_FIELDS = ["question", "stages", "methods_usage", "data_gaps"]


def snapshot(plan: LearningPlan) -> dict:
    return {
        "fields": {name: getattr(plan, name) for name in FIELDS},
        "tags": sorted(
            [tag.vocabulary, tag.name, tag.pk] for tag in plan.tags.order_by("vocabulary", "name")
        ),
        "partnerships": [
            {
                "name": partner.name,
                "sector": partner.sector,
                "description": partner.description,
                "is_new_and_unusual": partner.is_new_and_unusual,
            }
            for partner in plan.partnerships.select_related("organisation").order_by("position")
        ],
        "learning_questions": [
            question.answers() for question in plan.learning_questions.order_by("position")
        ],
        "insights": [
            {"marker": insight.marker, "text": insight.text}
            for insight in plan.insights.order_by("position")
        ],
    }


def record(plan: LearningPlan, *, by=None, reason=Revision.Reason.EDIT, restored_from=None):
    """Keep the plan's answers as a new revision, unless nothing changed since the last one.

    A submission and a restore are always kept: they mark what reviewers were shown and when
    answers were brought back.
    """
    data = snapshot(plan)
    last = plan.revisions.order_by("-number").first()
    always = (Revision.Reason.SUBMIT, Revision.Reason.RESTORE)
    if last and last.data == data and reason not in always:
        return last
    if by is not None and not by.is_authenticated:
        by = None
    return Revision.objects.create(
        plan=plan,
        number=(last.number if last else 0) + 1,
        reason=reason,
        author=by,
        data=data,
        restored_from=restored_from,
    )


def last_submission_before(plan: LearningPlan, revision: Revision | None = None):
    """The revision of the submission before `revision` (or before the latest one)."""
    submissions = plan.revisions.filter(reason=Revision.Reason.SUBMIT).order_by("-number")
    if revision is not None:
        submissions = submissions.filter(number__lt=revision.number)
    return submissions.first()


@dataclass
class Change:
    what: str
    before: str
    after: str

    @property
    def kind(self):
        if not self.before:
            return "added"
        if not self.after:
            return "removed"
        return "changed"


def compare(old: dict, new: dict) -> list[Change]:
    """What differs between two snapshots, answer by answer, in questionnaire order."""
    changes = []
    for name in FIELDS:
        before, after = old["fields"].get(name), new["fields"].get(name)
        if before != after:
            changes.append(Change(_label(name), _text(before), _text(after)))
    for vocabulary, label in Tag.Vocabulary.choices:
        before = [name for v, name, _ in old["tags"] if v == vocabulary]
        after = [name for v, name, _ in new["tags"] if v == vocabulary]
        if before != after:
            changes.append(Change(str(label), _text(before), _text(after)))
    for key, noun, names in [
        ("partnerships", "Partner", PARTNER_FIELDS),
        ("learning_questions", "Learning question", QUESTION_FIELDS),
        ("insights", "Key insight", ["text"]),
    ]:
        before_rows, after_rows = old.get(key, []), new.get(key, [])
        for index in range(max(len(before_rows), len(after_rows))):
            before_row = before_rows[index] if index < len(before_rows) else {}
            after_row = after_rows[index] if index < len(after_rows) else {}
            for name in names:
                before, after = before_row.get(name), after_row.get(name)
                if before != after:
                    label = f"{noun} {index + 1}" + ("" if name == names[0] else f": {name}")
                    changes.append(Change(label.replace("_", " "), _text(before), _text(after)))
    return changes


def _label(name: str) -> str:
    return str(LearningPlan._meta.get_field(name).verbose_name).capitalize()


def _text(value) -> str:
    if value in (None, "", []):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


def restore(plan: LearningPlan, revision: Revision, *, by) -> Revision:
    """Bring back the answers of `revision`; the restore is itself a new revision.

    The plan's version moves on, so anyone editing it at the same time is told (see
    plans/editing.py) instead of overwriting the restored answers.
    """
    data = revision.data
    with transaction.atomic():
        plan = LearningPlan.objects.select_for_update().get(pk=plan.pk)
        for name in FIELDS:
            if name in data["fields"]:
                setattr(plan, name, data["fields"][name])
        plan.version = F("version") + 1
        plan.save()
        plan.refresh_from_db()
        tag_ids = [pk for _, _, pk in data["tags"]]
        plan.tags.set(Tag.objects.filter(pk__in=tag_ids))
        plan.partnerships.all().delete()
        Partnership.objects.bulk_create(
            Partnership(
                plan=plan,
                position=position,
                organisation=organisation_for(row["name"]),
                name_as_written=row["name"],
                sector=row["sector"],
                description=row["description"],
                is_new_and_unusual=row["is_new_and_unusual"],
            )
            for position, row in enumerate(data["partnerships"], 1)
        )
        plan.learning_questions.all().delete()
        questions = []
        for position, row in enumerate(data["learning_questions"], 1):
            question = LearningQuestion(
                plan=plan,
                position=position,
                question=row["question"],
                methods_usage=row["methods_usage"],
                data_gaps=row["data_gaps"],
            )
            question.stages = row["stages"]
            questions.append(question)
        LearningQuestion.objects.bulk_create(questions)
        plan.insights.all().delete()
        Insight.objects.bulk_create(
            Insight(plan=plan, position=position, marker=row["marker"], text=row["text"])
            for position, row in enumerate(data["insights"], 1)
        )
        restored = record(plan, by=by, reason=Revision.Reason.RESTORE, restored_from=revision)
    index_plans([plan.pk])
    if plan.status == LearningPlan.Status.PUBLISHED:
        refresh_tag_counts()
    return restored
