"""Curators merge duplicate partner organisations; the merged names stay with the one kept."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from partners.models import PartnerAlias, PartnerOrganisation, Partnership
from partners.organisations import organisation_for
from plans.models import LearningPlan
from tests.conftest import FIXTURES, make_plan

pytestmark = pytest.mark.django_db


def organisation(name, **extra):
    return PartnerOrganisation.objects.create(
        name=name, normalised_name=name.lower(), slug=name.lower().replace(" ", "-"), **extra
    )


def merge(client, sources, target):
    return client.post(
        reverse("admin:partners_partnerorganisation_changelist"),
        {
            "action": "merge_selected",
            "_selected_action": [source.pk for source in sources],
            "merge_into": target.pk if target else "",
        },
        follow=True,
    )


@pytest.fixture
def duplicates():
    kept = organisation("ICT Ministry")
    other = organisation("Ministry of ICT", sector="government")
    plans = [
        make_plan(
            parts=lambda plan, org=org: Partnership.objects.create(
                plan=plan, organisation=org, position=1, name_as_written=org.name
            )
        )
        for org in (kept, other)
    ]
    return kept, other, plans


def test_merging_moves_every_partnership_and_remembers_the_name(client, root, duplicates):
    kept, other, plans = duplicates
    client.force_login(root)
    response = merge(client, [kept, other], kept)
    assert response.status_code == 200
    assert "Merged 1 organisation(s)" in response.text
    assert list(PartnerOrganisation.objects.all()) == [kept]
    assert Partnership.objects.filter(organisation=kept).count() == 2
    # The plan still says what the lab wrote.
    assert plans[1].partnerships.get().name == "Ministry of ICT"
    assert PartnerAlias.objects.get().organisation == kept
    kept.refresh_from_db()
    assert kept.sector == "government"


def test_merged_aliases_follow_a_second_merge(client, root, duplicates):
    kept, other, _ = duplicates
    third = organisation("Digital Ministry")
    client.force_login(root)
    merge(client, [other], kept)
    merge(client, [kept], third)
    assert {alias.normalised_name for alias in third.aliases.all()} == {
        "ministry of ict",
        "ict ministry",
    }


def test_the_questionnaire_and_importer_find_the_kept_organisation(client, root, duplicates):
    kept, other, _ = duplicates
    client.force_login(root)
    merge(client, [other], kept)
    assert organisation_for("Ministry of  ICT") == kept
    assert PartnerOrganisation.objects.count() == 1


def test_a_later_import_does_not_recreate_a_merged_organisation(client, root, tmp_path):
    (tmp_path / "report.md").write_text((FIXTURES / "progress_2024_b.md").read_text())
    call_command("import_plans", str(tmp_path), stdout=StringIO(), stderr=StringIO())
    written = PartnerOrganisation.objects.get(normalised_name="ict division")
    kept = organisation("Information and Communication Technology Division")
    client.force_login(root)
    merge(client, [written], kept)

    (tmp_path / "report.md").write_text(
        (FIXTURES / "progress_2024_b.md").read_text().replace("Dhaka", "Dhaka again")
    )
    call_command("import_plans", str(tmp_path), stdout=StringIO(), stderr=StringIO())

    assert not PartnerOrganisation.objects.filter(normalised_name="ict division").exists()
    assert LearningPlan.objects.count() == 2
    named = Partnership.objects.filter(name_as_written__icontains="ICT Division")
    assert {partnership.organisation for partnership in named} == {kept}


def test_merging_needs_a_target(client, root, duplicates):
    kept, other, _ = duplicates
    client.force_login(root)
    response = merge(client, [other], None)
    assert "Choose the organisation to merge into." in response.text
    assert PartnerOrganisation.objects.count() == 2


def test_merging_reindexes_the_plans_that_name_only_the_organisation(client, root, duplicates):
    kept, other, _ = duplicates
    plan = make_plan(
        parts=lambda plan: Partnership.objects.create(plan=plan, organisation=other, position=1)
    )
    plan.refresh_from_db()
    assert "Ministry of ICT" in plan.search_text
    assert "ICT Ministry" not in plan.search_text
    client.force_login(root)
    merge(client, [other], kept)
    plan.refresh_from_db()
    assert "ICT Ministry" in plan.search_text


def test_aliases_typed_in_the_admin_are_normalised(client, root, duplicates):
    kept, _, _ = duplicates
    client.force_login(root)
    url = reverse("admin:partners_partnerorganisation_change", args=[kept.pk])
    data = {
        "name": kept.name,
        "slug": kept.slug,
        "sector": "",
        "aliases-TOTAL_FORMS": "1",
        "aliases-INITIAL_FORMS": "0",
        "aliases-0-normalised_name": "The I.C.T.  Ministry",
        "partnerships-TOTAL_FORMS": "1",
        "partnerships-INITIAL_FORMS": "1",
        "partnerships-0-id": kept.partnerships.get().pk,
        "partnerships-0-organisation": kept.pk,
        "partnerships-0-position": "1",
        "partnerships-0-sector": "",
        "partnerships-0-is_new_and_unusual": "unknown",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert PartnerAlias.objects.get().normalised_name == "i c t ministry"
    assert organisation_for("I.C.T. Ministry") == kept


def test_a_partner_typed_in_the_questionnaire_joins_the_kept_organisation(
    client, root, alice, zambia, duplicates, open_cycle
):
    from tests.questionnaire.test_editing import draft, formset, post_step

    kept, other, _ = duplicates
    client.force_login(root)
    merge(client, [other], kept)
    plan = draft(zambia)
    client.force_login(alice)
    rows = [{"name_as_written": "Ministry of ICT", "sector": "government", "position": "1"}]
    response = post_step(client, plan, "partners", formset("partnerships", rows))
    assert response.status_code == 302
    assert plan.partnerships.get().organisation == kept
    assert PartnerOrganisation.objects.count() == 1
