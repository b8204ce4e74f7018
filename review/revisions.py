"""Revisions: a plan's answers after each save, compared field by field and restorable.

A snapshot holds what a lab wrote (the plan's answer fields, tags, ranked partners, learning
questions and insights), not its workflow state: restoring one brings back answers, never a
status.
"""

from dataclasses import dataclass

from django.db.models import Max, prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from partners.models import PartnerOrganisation, Partnership
from partners.organisations import organisation_for
from plans import questionnaire as q
from plans.models import Insight, LearningPlan, LearningQuestion, Tag
from plans.questionnaire import PLAN_FIELDS
from plans.search import PARTS
from plans.vocabularies import TagBook
from plans.writing import writing

from .models import Revision

FIELDS = ["title", "heading", "language", *PLAN_FIELDS]
PARTNER_FIELDS = ["name", "sector", "description", "is_new_and_unusual"]
QUESTION_FIELDS = ["question", "stages", "methods_usage", "data_gaps"]


def snapshot(plan: LearningPlan) -> dict:
    """The plan's answers; parts are read with `.all()`, so prefetched ones are used."""
    by_position = lambda rows: sorted(rows, key=lambda row: row.position)  # noqa: E731
    return {
        "fields": {name: getattr(plan, name) for name in FIELDS},
        "tags": sorted([tag.vocabulary, tag.name, tag.pk] for tag in plan.tags.all()),
        "partnerships": [
            {
                "name": partner.name,
                "sector": partner.sector,
                "description": partner.description,
                "is_new_and_unusual": partner.is_new_and_unusual,
                # Not compared, but needed to restore the partner exactly as it was.
                "name_as_written": partner.name_as_written,
                "organisation": partner.organisation_id,
                "source": partner.source,
            }
            for partner in by_position(plan.partnerships.all())
        ],
        "learning_questions": [
            question.answers() for question in by_position(plan.learning_questions.all())
        ],
        "insights": [
            {"marker": insight.marker, "text": insight.text}
            for insight in by_position(plan.insights.all())
        ],
    }


def record(plan: LearningPlan, *, by=None, reason=Revision.Reason.EDIT, restored_from=None):
    """Keep the plan's answers as stored now as a new revision, unless nothing changed since
    the last one.

    A submission and a restore are always kept: they mark what reviewers were shown and when
    answers were brought back.
    """
    stored = LearningPlan.objects.get(pk=plan.pk)
    return record_many([stored], by=by, reason=reason, restored_from=restored_from)[0]


def record_many(plans, *, by=None, reason=Revision.Reason.EDIT, restored_from=None):
    """`record` for many plans as just read from the database (`writing()` hands them over with
    their parts), in a fixed number of queries (new plans have no revision to compare with)."""
    if by is not None and not by.is_authenticated:
        by = None
    prefetch_related_objects(plans, *PARTS)
    latest = dict(
        Revision.objects.filter(plan__in=[plan.pk for plan in plans])
        .values("plan")
        .annotate(number=Max("number"))
        .values_list("plan", "number")
    )
    always = (Revision.Reason.SUBMIT, Revision.Reason.RESTORE)
    kept, new = {}, []
    for plan in plans:
        data = snapshot(plan)
        number = latest.get(plan.pk, 0)
        if number and reason not in always:
            last = Revision.objects.get(plan=plan, number=number)
            if last.data == data:
                kept[plan.pk] = last
                continue
        new.append(
            Revision(
                plan=plan,
                number=number + 1,
                reason=reason,
                author=by,
                data=data,
                restored_from=restored_from,
            )
        )
    kept |= {revision.plan_id: revision for revision in Revision.objects.bulk_create(new)}
    return [kept[plan.pk] for plan in plans]


def _has_parts(plan) -> bool:
    cached = getattr(plan, "_prefetched_objects_cache", {})
    return all(
        name in cached for name in ("tags", "partnerships", "learning_questions", "insights")
    )


def _read(plans):
    return LearningPlan.objects.filter(pk__in=[plan.pk for plan in plans]).prefetch_related(*PARTS)


def last_submission_before(plan: LearningPlan, revision: Revision | None = None):
    """The submission before `revision`; without one, the latest submission."""
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
    """What differs between two snapshots, answer by answer, in questionnaire order, named and
    worded as the questionnaire shows them in the interface's language."""
    changes = []
    for name in FIELDS:
        before, after = old["fields"].get(name), new["fields"].get(name)
        if before != after:
            label, choices = _described(LearningPlan, "", name)
            changes.append(Change(label, _text(before, choices), _text(after, choices)))
    for vocabulary, label in Tag.Vocabulary.choices:
        before = [tag[1] for tag in old.get("tags", []) if tag[0] == vocabulary]
        after = [tag[1] for tag in new.get("tags", []) if tag[0] == vocabulary]
        if before != after:
            changes.append(Change(str(label), _text(before), _text(after)))
    for key, noun, model, names in [
        ("partnerships", _("Partner"), Partnership, PARTNER_FIELDS),
        ("learning_questions", _("Learning question"), LearningQuestion, QUESTION_FIELDS),
        ("insights", _("Key insight"), Insight, ["text"]),
    ]:
        before_rows, after_rows = old.get(key, []), new.get(key, [])
        for index in range(max(len(before_rows), len(after_rows))):
            before_row = before_rows[index] if index < len(before_rows) else {}
            after_row = after_rows[index] if index < len(after_rows) else {}
            for name in names:
                before, after = before_row.get(name), after_row.get(name)
                if before != after:
                    answer, choices = _described(model, key, name)
                    label = f"{noun} {index + 1}"
                    if name != names[0]:
                        label = pgettext("a part's answer", "%(part)s: %(answer)s") % {
                            "part": label,
                            "answer": answer,
                        }
                    changes.append(Change(label, _text(before, choices), _text(after, choices)))
    return changes


def _described(model, part: str, name: str) -> tuple[str, dict]:
    """An answer's label, as the questionnaire gives it, and the labels of its choices."""
    verbose_name, choices = name.replace("_", " "), ()
    if name == "stages":  # a list of stages, not a field
        choices = LearningQuestion.Stage.choices
    elif name != "name":  # a partner's name comes from its organisation
        field = model._meta.get_field(name)
        verbose_name, choices = field.verbose_name, field.flatchoices if field.choices else ()
    label = q.ANSWER_LABELS.get((part, name))
    return _(label) if label else str(verbose_name).capitalize(), dict(choices)


def _text(value, choices=None) -> str:
    if value in (None, "", []):
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    # A choice reads as its label ("Big bet"), not its stored value ("big_bet").
    choices = choices or {}
    if isinstance(value, list):
        return "; ".join(str(choices.get(item, item)) for item in value)
    return str(choices.get(value, value))


def restore(plan: LearningPlan, revision: Revision, *, by) -> Revision:
    """Bring back the answers of `revision`; the restore is itself a new revision.

    The plan's version moves on, so anyone editing it at the same time is told (see
    questionnaire/views.py) instead of overwriting the restored answers.
    """
    if revision.plan_id != plan.pk:
        raise ValueError("A plan can only be restored from one of its own revisions.")
    data = revision.data
    with writing(plan, by=by, reason=Revision.Reason.RESTORE, restored_from=revision):
        for name in FIELDS:
            if name in data["fields"]:
                setattr(plan, name, data["fields"][name])
        plan.save(update_fields=[name for name in FIELDS if name in data["fields"]])
        plan.tags.set(_tags(data["tags"]))
        plan.partnerships.all().delete()
        Partnership.objects.bulk_create(_partnerships(plan, data["partnerships"]))
        plan.learning_questions.all().delete()
        LearningQuestion.objects.bulk_create(
            LearningQuestion.from_answers(plan, position, row)
            for position, row in enumerate(data["learning_questions"], 1)
        )
        plan.insights.all().delete()
        Insight.objects.bulk_create(
            Insight(plan=plan, position=position, marker=row["marker"], text=row["text"])
            for position, row in enumerate(data["insights"], 1)
        )
    return plan.revisions.order_by("-number").first()


def _tags(rows) -> list[Tag]:
    """The snapshot's tags; one merged away since is found again through its alias."""
    existing = Tag.objects.in_bulk([pk for _vocabulary, _name, pk in rows])
    book = None
    tags = []
    for vocabulary, name, pk in rows:
        tag = existing.get(pk)
        if tag is None:
            book = book or TagBook()
            tag = book.get(vocabulary, name)
        if tag is not None:
            tags.append(tag)
    return tags


def _partnerships(plan, rows):
    """The snapshot's partners; an organisation merged away since is found by its name."""
    organisations = PartnerOrganisation.objects.in_bulk(
        [row.get("organisation") for row in rows if row.get("organisation")]
    )
    for position, row in enumerate(rows, 1):
        organisation = organisations.get(row.get("organisation")) or organisation_for(row["name"])
        yield Partnership(
            plan=plan,
            position=position,
            organisation=organisation,
            name_as_written=row.get("name_as_written", row["name"]),
            sector=row["sector"],
            description=row["description"],
            is_new_and_unusual=row["is_new_and_unusual"],
            source=row.get("source") or {},
        )
