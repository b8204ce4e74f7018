"""The one way a plan and its parts are written.

Every writer (the questionnaire, the admin, the importer, restoring a revision, merging terms or
partner organisations, the demo, the benchmark and the tests' factories) changes plans inside
`writing(...)`. On the way in it claims each stored plan: its lock version moves on (refused with
`StaleWrite` when the writer started from an older one), its status is taken as stored (only
`LearningPlan.transition` moves it) and, on PostgreSQL, its row stays locked until the transaction
ends. On the way out, in the same transaction, it refreshes what is derived from what was written:
the search text and vectors, the stage and sector bits, the tag ids, the published counts of the
tags involved, and it announces the save (`plan_saved`: the review app keeps a revision).
"""

from contextlib import contextmanager
from typing import NamedTuple

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import LearningPlan, Tag
from .search import PARTS, index_plans
from .signals import plan_saved

# Moved only by LearningPlan.transition.
WORKFLOW_FIELDS = ("status", "submitted_at", "published_at")


class StaleWrite(Exception):
    """The plan was saved by someone else since the writer read it."""


@contextmanager
def writing(*plans: LearningPlan, by=None, reason: str = "edit", expected_version=None, **extra):
    """Write `plans` (new or stored) and their parts in the block; refresh what derives from them.

    `expected_version` (one plan only) is the lock version the writer's form was made on.
    `reason` and `extra` go with `plan_saved` (the review app's Revision.Reason values).

    The block gets a `Writes`: a writer of many documents (the importer) adds each plan with
    `writes.each(plan)` as it comes, each in a savepoint of its own, and what derives from them
    all is refreshed once, at the end.
    """
    if expected_version is not None and len(plans) != 1:
        raise ValueError("An expected version names the version of one plan.")
    with transaction.atomic():
        writes = Writes()
        writes.add(*plans, expected_version=expected_version)
        yield writes
        ids = [plan.pk for plan in writes.plans]
        if None in ids:
            raise ValueError("A plan written in `writing()` must be saved in its block.")
        if not ids:
            return
        # Read back as written, once, for the index and for the revisions.
        written = list(LearningPlan.objects.filter(pk__in=ids).prefetch_related(*PARTS))
        index_plans(written)
        if writes.published or any(plan.status == plan.Status.PUBLISHED for plan in written):
            tag_ids = {tag.pk for plan in written for tag in plan.tags.all()}
            Tag.objects.filter(pk__in=writes.tag_ids | tag_ids).recount()
        plan_saved.send(LearningPlan, plans=written, by=by, reason=reason, **extra)


class Writes:
    """The plans of one `writing()` block, and what the stored ones were before it: their tags
    and whether one was published (whose tag counts must then be redone)."""

    def __init__(self):
        self.plans: list[LearningPlan] = []
        self.tag_ids: set[int] = set()
        self.published = False

    def add(self, *plans: LearningPlan, expected_version=None) -> None:
        stored = [plan for plan in plans if plan.pk is not None]
        _claim(stored, expected_version)
        before = _tags_and_publication([plan.pk for plan in stored])
        self.tag_ids |= before.tag_ids
        self.published |= before.published
        self.plans += plans

    @contextmanager
    def each(self, plan: LearningPlan):
        """Write one more plan in the block, in a savepoint: if the block raises, nothing of it
        is kept and it leaves the plans to refresh."""
        with transaction.atomic():
            self.add(plan)
            try:
                yield
            except BaseException:
                self.plans.remove(plan)
                raise


def _claim(plans: list[LearningPlan], expected_version) -> None:
    """Move each plan's lock version on, atomically: of two writers from one version, one wins."""
    if not plans:
        return
    ids = {plan.pk for plan in plans}
    rows = LearningPlan.objects.filter(pk__in=ids)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if rows.update(version=F("version") + 1, updated_at=timezone.now()) != len(ids):
        raise StaleWrite
    stored = LearningPlan.objects.filter(pk__in=ids).values("pk", "version", *WORKFLOW_FIELDS)
    stored = {row["pk"]: row for row in stored}
    for plan in plans:
        # A writer that saves the whole row afterwards must not write back the old version, nor
        # a status a decision has moved since it read the plan (a decision now waits for this
        # transaction: the claim holds the row).
        for name in ("version", *WORKFLOW_FIELDS):
            setattr(plan, name, stored[plan.pk][name])


class _State(NamedTuple):
    tag_ids: set[int]
    published: bool


def _tags_and_publication(ids) -> _State:
    if not ids:
        return _State(set(), False)
    through = LearningPlan.tags.through
    tag_ids = set(through.objects.filter(learningplan_id__in=ids).values_list("tag_id", flat=True))
    published = LearningPlan.objects.filter(
        pk__in=ids, status=LearningPlan.Status.PUBLISHED
    ).exists()
    return _State(tag_ids, published)
