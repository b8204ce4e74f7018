"""Curators' tools in the admin: vocabularies with their aliases, publishing in bulk."""

import pytest
from django.urls import reverse

from plans.models import LearningPlan, PlanEvent, Tag, TagAlias
from plans.vocabularies import TagBook, merge_tags
from tests.conftest import make_plan

pytestmark = pytest.mark.django_db


def test_the_tag_list_searches_names_and_aliases_and_filters_by_vocabulary(client, root):
    water = Tag.objects.create(vocabulary="theme", name="Water", slug="water")
    TagAlias.objects.create(vocabulary="theme", key="h2o", tag=water)
    Tag.objects.create(vocabulary="method", name="Water diaries", slug="water-diaries")
    client.force_login(root)
    url = reverse("admin:plans_tag_changelist")
    assert list(client.get(url, {"q": "h2o"}).context["cl"].result_list) == [water]
    assert list(client.get(url, {"vocabulary": "theme"}).context["cl"].result_list) == [water]


def test_an_alias_added_in_the_admin_takes_the_tags_vocabulary_and_normal_form(client, root):
    water = Tag.objects.create(vocabulary="theme", name="Water", slug="water")
    client.force_login(root)
    response = client.post(
        reverse("admin:plans_tag_change", args=[water.pk]),
        {
            "vocabulary": "theme",
            "name": "Water",
            "slug": "water",
            "number": "",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-key": "Drinking  Waters",
        },
    )
    assert response.status_code == 302
    alias = TagAlias.objects.get()
    assert (alias.vocabulary, alias.key, alias.tag) == ("theme", "drinking water", water)
    assert TagBook().get("theme", "drinking-water") == water


def test_merging_tags_reindexes_the_plans_tag_ids(db):
    source = Tag.objects.create(vocabulary="theme", name="Waters", slug="waters")
    target = Tag.objects.create(vocabulary="theme", name="Water", slug="water")
    plan = make_plan(tags=[source])
    merge_tags(source=source, target=target)
    plan.refresh_from_db()
    assert plan.tag_ids == [target.pk]
    target.refresh_from_db()
    assert target.published_count == 1


def test_bulk_publishing_goes_through_the_workflow(client, root):
    approved = make_plan(status="approved")
    draft = make_plan(status="draft")
    client.force_login(root)
    response = client.post(
        reverse("admin:plans_learningplan_changelist"),
        {"action": "publish_selected", "_selected_action": [approved.pk, draft.pk]},
        follow=True,
    )
    assert response.status_code == 200
    approved.refresh_from_db()
    draft.refresh_from_db()
    assert (approved.status, draft.status) == ("published", "draft")
    event = PlanEvent.objects.get()
    assert (event.plan, event.action, event.actor) == (approved, "publish", root)
    assert "cannot be" in response.text

    client.post(
        reverse("admin:plans_learningplan_changelist"),
        {"action": "unpublish_selected", "_selected_action": [approved.pk]},
    )
    assert LearningPlan.objects.get(pk=approved.pk).status == "unpublished"
