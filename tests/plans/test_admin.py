import pytest
from django.urls import reverse

from plans import questionnaire as q
from plans.models import LearningPlan, Tag
from sdgcommons.importers import Importer
from tests.conftest import FIXTURES, make_plan

pytestmark = pytest.mark.django_db


def test_the_change_form_has_one_fieldset_per_section_in_order(client, root):
    plan = make_plan(questionnaire="plan-2021")
    client.force_login(root)
    response = client.get(reverse("admin:plans_learningplan_change", args=[plan.pk]))
    assert response.status_code == 200
    text = response.text
    headings = [section.heading for section in q.get("plan-2021").sections]
    positions = [text.index(f">{heading}</h2>") for heading in headings]
    assert positions == sorted(positions)
    # The prompt is the help text of its field.
    assert "Think about the possible grow phase for this challenge" in text


def test_a_progress_report_form_follows_its_own_version(client, root):
    report = make_plan(kind="progress", questionnaire="progress-2023")
    client.force_login(root)
    response = client.get(reverse("admin:plans_learningplan_change", args=[report.pk]))
    assert ">Learnings on your challenge</h2>" in response.text
    assert "Can you provide more detail on your handover process?" in response.text
    assert ">Challenge statement</h2>" not in response.text


def test_the_admin_is_closed_to_focal_points(client, alice):
    client.force_login(alice)
    response = client.get(reverse("admin:plans_learningplan_changelist"))
    assert response.status_code == 302


def test_the_listing_filters_by_tag_and_region(client, root, zambia):
    sdg = Tag.objects.create(vocabulary="sdg", name="5. Gender equality", slug="5", number=5)
    make_plan(title="Tagged", tags=[sdg], lab=zambia)
    make_plan(title="Untagged")
    client.force_login(root)
    response = client.get(reverse("admin:plans_learningplan_changelist"), {"sdg": sdg.pk})
    assert "Tagged" in response.text
    assert "Untagged" not in response.text
    response = client.get(
        reverse("admin:plans_learningplan_changelist"), {"lab__region__exact": "RBA", "q": "Tag"}
    )
    assert response.status_code == 200
    assert "Tagged" in response.text


def test_merging_tags_moves_plans_and_teaches_the_importer(client, root):
    importer = Importer()
    importer.import_file(FIXTURES / "plan_2021_packed.md")
    plan = LearningPlan.objects.get()
    source = Tag.objects.get(vocabulary="datasource", name="household surveys")
    target = Tag.objects.create(vocabulary="datasource", name="Surveys", slug="surveys")
    client.force_login(root)
    response = client.post(
        reverse("admin:plans_tag_changelist"),
        {"action": "merge_selected", "_selected_action": [source.pk], "merge_into": target.pk},
    )
    assert response.status_code == 302
    assert not Tag.objects.filter(pk=source.pk).exists()
    assert plan.tags.filter(pk=target.pk).exists()

    text = (FIXTURES / "plan_fr.md").read_text()
    other = FIXTURES.parent / "merged.md"
    try:
        other.write_text(
            text.replace("[[methods:", "[[datasources:Household  Surveys]]\n[[methods:")
        )
        Importer().import_file(other)
    finally:
        other.unlink()
    assert (
        Tag.objects.filter(vocabulary="datasource", name__iexact="household surveys").count() == 0
    )
    assert LearningPlan.objects.get(lab__country="SN").tags.filter(pk=target.pk).exists()


def test_merging_needs_a_target(client, root):
    tag = Tag.objects.create(vocabulary="method", name="Foresight", slug="foresight")
    client.force_login(root)
    response = client.post(
        reverse("admin:plans_tag_changelist"),
        {"action": "merge_selected", "_selected_action": [tag.pk], "merge_into": ""},
        follow=True,
    )
    assert "Choose the tag to merge into." in response.text
    assert Tag.objects.filter(pk=tag.pk).exists()
