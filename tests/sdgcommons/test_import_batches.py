"""Documents are written many to a transaction, and each still whole or not at all."""

import pytest
from django.db import DatabaseError

from labs.models import Lab
from plans import writing
from plans.models import LearningPlan, Tag
from review.models import Revision
from sdgcommons import importers
from sdgcommons.importers import FAILED, Importer, find_documents
from tests.sdgcommons.test_import_plans import GOOD, folder  # noqa: F401

pytestmark = pytest.mark.django_db


def import_folder(path) -> list:
    return list(Importer().import_files(find_documents([str(path)])))


def assert_refreshed():
    """Every plan indexed, with a revision, and every tag counted."""
    plans = LearningPlan.objects.all()
    assert all(plan.search_text and plan.tag_ids for plan in plans if plan.tags.exists())
    assert Revision.objects.filter(plan__in=plans).count() == plans.count()
    for tag in Tag.objects.all():
        assert tag.published_count == tag.plans.filter(status="published").count(), tag


def test_a_document_failing_amid_a_batch_writes_nothing_and_the_others_land(folder, monkeypatch):  # noqa: F811
    parts = importers._parts

    def failing_for_one(plan, data, importer):
        made = parts(plan, data, importer)  # its plan, lab, tags and organisations are written
        if data.language == "fr":
            raise DatabaseError("the disk is full")
        return made

    monkeypatch.setattr(importers, "_parts", failing_for_one)
    results = import_folder(folder)
    assert [result.path.name for result in results if result.outcome == FAILED] == ["plan_fr.md"]
    assert LearningPlan.objects.count() == len(GOOD) - 1
    assert not LearningPlan.objects.filter(language="fr").exists()
    assert not Lab.objects.filter(name="Senegal").exists()
    assert_refreshed()


def test_when_a_batch_fails_as_a_whole_each_document_is_written_on_its_own(folder, monkeypatch):  # noqa: F811
    index_plans = writing.index_plans

    def failing_for_many(plans):
        if len(plans) > 1:
            raise DatabaseError("the batch failed")
        index_plans(plans)

    monkeypatch.setattr(writing, "index_plans", failing_for_many)
    results = import_folder(folder)
    assert {result.outcome for result in results} == {"created"}
    assert LearningPlan.objects.count() == len(GOOD)
    assert_refreshed()


def test_a_second_run_in_batches_changes_nothing(folder):  # noqa: F811
    import_folder(folder)
    revisions = Revision.objects.count()
    assert {result.outcome for result in import_folder(folder)} == {"unchanged"}
    assert Revision.objects.count() == revisions
