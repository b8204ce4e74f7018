"""Counts the database keeps: the published plans per lab, year, kind and challenge type
(`PublishedGroup`, kept by triggers; the API's count) and each term's published count. Written
through the paths plans take, every count is compared with one made afresh from the plans; so
are the unfiltered facets the listing's index counts."""

import pytest
from django.db import DatabaseError
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from plans.models import LearningPlan, LearningQuestion, PublishedGroup
from plans.vocabularies import TagBook
from plans.writing import writing
from public import filters, plan_index
from sdgcommons.importers import Importer, find_documents
from tests.conftest import FIXTURES, make_plan, run_together

Status, Action = LearningPlan.Status, LearningPlan.Action


def kept() -> dict:
    columns = [*filters.SCALAR_FIELDS, "plans", *filters.PUBLISHED_BITS]
    rows = PublishedGroup.objects.filter(plans__gt=0).values_list(*columns)
    return {row[:4]: row[4:] for row in rows}


def afresh() -> dict:
    rows, _ = filters._group(LearningPlan.objects.published().order_by(), count_tags=False)
    return {row[:4]: row[4:] for row in rows}


def assert_counted():
    assert kept() == afresh()


@pytest.mark.django_db
def test_imports_edits_publication_and_deletion_keep_the_counts(rita, zambia):
    list(Importer().import_files(find_documents([str(FIXTURES)])))
    assert LearningPlan.objects.published().count() > 5
    assert_counted()

    plan = LearningPlan.objects.published().filter(kind="plan").first()
    with writing(plan):
        plan.year, plan.lab, plan.challenge_type = 2019, zambia, "exploratory"
        plan.save()
        LearningQuestion.objects.create(plan=plan, position=99, question="Why?", stages=["grow"])
    plan.refresh_from_db()
    assert plan.stage_mask & 8
    assert_counted()

    plan.transition(Action.UNPUBLISH, by=rita)
    assert (zambia.pk, 2019, "plan", "exploratory") not in kept()
    assert_counted()
    plan.transition(Action.PUBLISH, by=rita)
    assert kept()[(zambia.pk, 2019, "plan", "exploratory")][0] == 1
    assert_counted()

    with pytest.raises(DatabaseError), writing(plan):
        plan.year = 2018
        plan.save()
        raise DatabaseError("the disk is full")
    assert_counted()

    LearningPlan.objects.filter(pk=plan.pk).delete()
    assert_counted()


@pytest.mark.django_db
def test_saving_a_draft_counts_nothing(zambia):
    draft = make_plan(lab=zambia, status=Status.DRAFT)
    with writing(draft):
        draft.year = 2020
        draft.save()
    assert not PublishedGroup.objects.exists()


@pytest.fixture
def tied_themes(zambia, serbia):
    """A long facet whose tenth place is shared: twelve themes on three plans, 40 on one."""
    book = TagBook()
    themes = [book.get("theme", f"Theme {number:02}") for number in range(52)]
    for lab in [zambia, serbia, zambia]:
        make_plan(lab=lab, tags=themes[:12])
    make_plan(lab=serbia, year=2022, kind="progress", tags=themes[12:])
    make_plan(lab=serbia, status=Status.DRAFT, tags=themes[40:])
    return themes


@pytest.mark.django_db
def test_the_unfiltered_facets_from_the_index_are_those_counted_afresh(tied_themes):
    plans = LearningPlan.objects.published()
    for expand in ["", "theme"]:
        selection = plan_index.Selection(plan_index.current(), QueryDict())
        from_kept = filters.facets(QueryDict(), plans, expand=expand, selection=selection)
        from_plans = filters.facets(QueryDict(), plans, expand=expand)
        assert from_kept == from_plans
        assert from_kept.total == from_plans.total == 4
    theme = next(facet for facet in from_kept if facet.name == "theme")
    assert (len(theme.options), theme.total) == (52, 52)


@pytest.mark.django_db
def test_the_unfiltered_listing_reads_a_fixed_number_of_queries(
    client, tied_themes, django_assert_max_num_queries
):
    # The first request builds the listing's index (four queries); those after it read only
    # its token, then name the options shown and read the page's plans.
    with django_assert_max_num_queries(10):
        client.get(reverse("plans:list") + "?page=1")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("plans:list"))
    themes = next(facet for facet in response.context["facets"] if facet.name == "theme")
    assert [option.count for option in themes.options] == [3] * 10
    assert themes.total == 52


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_publications_in_one_group_are_all_counted(root, zambia):
    plans = [make_plan(lab=zambia, status=Status.APPROVED) for _ in range(4)]

    def publish(number, start):
        admin = Client()
        admin.force_login(root)
        start()
        return admin.post(
            reverse("admin:plans_learningplan_changelist"),
            {"action": "publish_selected", "_selected_action": [plans[number].pk]},
        )

    assert {response.status_code for response in run_together(4, publish)} == {302}
    assert kept()[(zambia.pk, 2023, "plan", "")][0] == 4
    assert_counted()
