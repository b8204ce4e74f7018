"""Revisions: what a snapshot holds, what a comparison shows, what a restore brings back."""

import pytest
from django.utils import translation

from partners.models import PartnerOrganisation, Partnership
from plans.models import Insight, LearningPlan, LearningQuestion, Tag
from plans.vocabularies import merge_tags
from plans.writing import writing
from review import revisions
from review.models import Revision
from tests.conftest import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def water():
    return Tag.objects.create(vocabulary="theme", name="Water", slug="water")


def wells(lab, water, **overrides):
    """A plan (published unless told), imported with a partner, a question and an insight:
    revision 1."""
    board = PartnerOrganisation.objects.create(
        name="Water Board", normalised_name="water board", slug="water-board"
    )

    def parts(plan):
        Partnership.objects.create(
            plan=plan, organisation=board, position=1, name_as_written="Water Board", sector="un"
        )
        question = LearningQuestion(plan=plan, position=1, question="Who digs the wells?")
        question.stages = ["sense", "test"]
        question.save()
        Insight.objects.create(plan=plan, position=1, marker="1.", text="Wells follow roads.")

    return make_plan(
        lab=lab,
        title="Wells of Lusaka",
        challenge_type="exploratory",
        challenge_statement="Our challenge is that wells run dry in the dry season.",
        tweet_summary="Who owns the wells decides who drinks.",
        tags=[water],
        parts=parts,
        **overrides,
    )


@pytest.fixture
def plan(zambia, water):
    return wells(zambia, water)


@pytest.fixture
def draft(zambia, water):
    """The same plan, imported as a draft: its lab has yet to submit it."""
    return wells(zambia, water, status=LearningPlan.Status.DRAFT)


def saved(plan, by=None, reason="edit", **answers):
    """Save `answers` onto the plan through the write path; its latest revision."""
    with writing(plan, by=by, reason=reason):
        for name, value in answers.items():
            setattr(plan, name, value)
        plan.save()
    return plan.revisions.order_by("-number").first()


def test_a_snapshot_holds_answers_tags_partners_questions_and_insights(plan, water):
    data = revisions.snapshot(plan)
    assert data["fields"]["title"] == "Wells of Lusaka"
    assert data["fields"]["challenge_type"] == "exploratory"
    assert data["tags"] == [["theme", "Water", water.pk]]
    assert data["partnerships"][0]["name"] == "Water Board"
    assert data["learning_questions"][0]["stages"] == ["sense", "test"]
    assert data["insights"] == [{"marker": "1.", "text": "Wells follow roads."}]
    assert "status" not in data["fields"]


def test_every_save_keeps_a_numbered_revision_with_who_and_why(plan, alice):
    first = saved(plan, by=alice, tweet_summary="Wells decide.")
    second = saved(plan, reason="admin", tweet_summary="Wells decide who drinks.")
    imported = plan.revisions.get(number=1)
    assert (imported.reason, imported.author) == ("import", None)
    assert (first.number, first.reason, first.author) == (2, "edit", alice)
    assert (second.number, second.reason, second.author) == (3, "admin", None)


def test_a_save_that_changes_nothing_keeps_no_new_revision(plan):
    first = saved(plan, tweet_summary="Wells decide.")
    assert saved(plan) == first
    assert plan.revisions.count() == 2


def test_a_submission_is_always_kept_even_unchanged(draft, alice):
    plan = draft
    saved(plan)
    plan.transition("submit", by=alice)
    assert list(plan.revisions.values_list("number", "reason")) == [(2, "submit"), (1, "import")]


def test_an_anonymous_author_is_kept_as_nobody(plan):
    from django.contrib.auth.models import AnonymousUser

    assert revisions.record(plan, by=AnonymousUser()).author is None


def test_compare_lists_each_changed_answer_in_questionnaire_order(plan, zambia):
    old = revisions.snapshot(plan)
    with writing(plan):
        plan.challenge_type, plan.tweet_summary = "big_bet", "Wells decide."
        plan.save()
        plan.tags.add(Tag.objects.create(vocabulary="method", name="Foresight", slug="foresight"))
        Partnership.objects.filter(plan=plan).update(description="Runs the pumps")
        Partnership.objects.create(plan=plan, position=2, name_as_written="Youth Club")
        LearningQuestion.objects.filter(plan=plan).update(question="Who owns the wells?")
        Insight.objects.filter(plan=plan).delete()
    changes = {c.what: c for c in revisions.compare(old, revisions.snapshot(plan))}
    assert changes["Challenge type"].before == "Exploratory"
    assert changes["Challenge type"].after == "Big bet"
    assert changes["Short “tweet” summary"].kind == "changed"  # as the questionnaire asks
    assert changes["Method"].after == "Foresight" and changes["Method"].kind == "added"
    assert changes["Partner 1: Collaboration"].after == "Runs the pumps"
    assert changes["Partner 2"].after == "Youth Club"
    assert changes["Learning question 1"].after == "Who owns the wells?"
    assert changes["Key insight 1"].kind == "removed"
    assert "Title" not in changes


def test_compare_names_answers_and_choices_in_the_interfaces_language(plan):
    old = revisions.snapshot(plan)
    with writing(plan):
        plan.challenge_type = "big_bet"
        plan.save()
        Partnership.objects.filter(plan=plan).update(sector="academia")
        LearningQuestion.objects.filter(plan=plan).update(is_sense=False, is_explore=True)
    with translation.override("fr"):
        changes = {c.what: c for c in revisions.compare(old, revisions.snapshot(plan))}
    assert changes["Type de défi"].after == "Pari majeur"
    assert changes["Partenaire 1 : Secteur"].after == "Milieu universitaire et recherche"
    assert changes["Question d’apprentissage 1 : Étapes"].before == "Détecter; Tester"


def test_compare_of_a_snapshot_with_itself_is_empty(plan):
    data = revisions.snapshot(plan)
    assert revisions.compare(data, data) == []


def test_restore_brings_back_answers_tags_partners_questions_and_insights(plan, root, water):
    original = saved(plan)
    before = revisions.snapshot(plan)
    with writing(plan):
        plan.title, plan.tweet_summary = "Changed", ""
        plan.save()
        plan.tags.clear()
        plan.partnerships.all().delete()
        plan.learning_questions.all().delete()
        plan.insights.all().delete()

    restored = revisions.restore(plan, original, by=root)

    plan.refresh_from_db()
    assert revisions.snapshot(plan) == before
    assert plan.title == "Wells of Lusaka"
    assert (restored.number, restored.reason, restored.author) == (3, "restore", root)
    assert restored.restored_from == original
    assert plan.partnerships.get().organisation.slug == "water-board"


def test_restore_bumps_the_version_so_concurrent_editors_are_stopped(plan, root):
    original = saved(plan)
    version = LearningPlan.objects.get(pk=plan.pk).version
    revisions.restore(plan, original, by=root)
    assert LearningPlan.objects.get(pk=plan.pk).version == version + 1


def test_restore_keeps_the_status(plan, root):
    original = saved(plan)
    plan.transition(LearningPlan.Action.UNPUBLISH, by=root)
    revisions.restore(plan, original, by=root)
    assert LearningPlan.objects.get(pk=plan.pk).status == "unpublished"


def test_restoring_an_identical_revision_is_still_recorded(plan, root):
    original = saved(plan)
    revisions.restore(plan, original, by=root)
    assert plan.revisions.count() == 2


def test_restore_refreshes_the_search_index_and_tag_counts(plan, root, water):
    original = saved(plan)
    with writing(plan):
        plan.tags.clear()
        plan.learning_questions.all().delete()
    water.refresh_from_db()
    plan.refresh_from_db()
    assert water.published_count == 0
    assert "digs the wells" not in plan.search_text.lower()

    revisions.restore(plan, original, by=root)

    water.refresh_from_db()
    plan.refresh_from_db()
    assert water.published_count == 1
    assert plan.tag_ids == [water.pk]
    assert "digs the wells" in plan.search_text.lower()


def test_restore_finds_tags_and_partners_merged_away_since(plan, root, water):
    original = saved(plan)
    target = Tag.objects.create(vocabulary="theme", name="Water and sanitation", slug="wash")
    merge_tags(source=water, target=target)
    restored = revisions.restore(plan, original, by=root)
    assert list(plan.tags.all()) == [target]
    # 1 imported, 2 the merge (an administrator's change of the plan's tags), 3 the restore.
    assert restored.number == 3


def test_a_plan_cannot_be_restored_from_another_plans_revision(plan, root):
    other = make_plan()
    foreign = revisions.record(other)
    with pytest.raises(ValueError):
        revisions.restore(plan, foreign, by=root)


def test_last_submission_before(draft, alice, rita):
    plan = draft
    plan.transition("submit", by=alice)
    plan.transition("request_changes", by=rita, message="More evidence")
    saved(plan, by=alice, tweet_summary="Wells decide.")
    plan.transition("submit", by=alice)
    latest = plan.revisions.get(number=4)
    assert latest.reason == Revision.Reason.SUBMIT
    assert revisions.last_submission_before(plan, latest).number == 2
