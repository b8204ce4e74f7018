"""The public plan page reads well: no empty headings, its tags where they were asked, a way
back to the results it was found in."""

import pytest
from django.conf import settings

from partners.models import Partnership
from plans.models import EvidenceFile, LearningPlan, LearningQuestion, Tag
from plans.writing import writing
from public.plan_parts import ORGANISATION, PARTS, get_plan_with_its_parts
from sdgcommons.importers import FAILED, Importer, find_documents
from tests.conftest import CORPUS, FIXTURES, make_plan

pytestmark = pytest.mark.django_db


def headings(response) -> str:
    assert response.status_code == 200
    return response.text


def test_a_section_with_nothing_in_it_has_no_heading(client):
    plan = make_plan(title="Dry wells", challenge_statement="Wells run dry.")
    text = headings(client.get(plan.get_absolute_url()))
    assert ">Challenge statement</h2>" in text
    assert ">Challenge classification</h2>" not in text


def test_the_tags_are_shown_in_the_section_that_asks_for_them(client):
    climate = Tag.objects.create(vocabulary="sdg", name="13. Climate action", slug="13", number=13)
    plan = make_plan(title="Dry wells", tags=[climate])
    text = headings(client.get(plan.get_absolute_url()))
    section = text[text.index(">Challenge classification</h2>") :]
    assert "13. Climate action" in section[: section.index("</section>")]
    assert text.count("13. Climate action</a>") == 1  # not in the header as well


def test_stages_are_named_in_the_interfaces_language(client):
    plan = make_plan(
        parts=lambda plan: LearningQuestion.objects.create(
            plan=plan, question="Who owns the wells?", is_sense=True, is_test=True
        )
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    text = headings(client.get(plan.get_absolute_url()))
    assert '?stage=sense">Détecter</a>' in text
    assert '?stage=test">Tester</a>' in text
    assert ">Sense</a>" not in text


@pytest.mark.parametrize(
    "back",
    ["/plans/?q=water&country=ZM", "http://testserver/plans/?q=water&country=ZM"],
)
def test_back_to_results_returns_to_the_filtered_listing(client, back):
    plan = make_plan()
    response = client.get(plan.get_absolute_url(), {"back": back})
    assert headings(response)
    assert response.context["back"] == "/plans/?q=water&country=ZM"
    assert 'href="/plans/?q=water&amp;country=ZM">← Back to results</a>' in response.text


def test_the_page_is_the_same_whoever_referred_the_reader(client):
    # The browser fills in the way back from its Referer (static/js/back.js; tests/e2e).
    plan = make_plan()
    response = client.get(
        plan.get_absolute_url(), HTTP_REFERER="http://testserver/plans/?year=2024&page=2"
    )
    assert response.context["back"] is None
    assert "year=2024" not in response.text
    assert '<p class="d-print-none mb-2" hidden data-back-from-referrer><a href="/plans/">' in (
        response.text
    )


@pytest.mark.parametrize(
    "back",
    [
        "https://evil.example/plans/?q=x",
        "//evil.example/plans/",
        "/admin/",
        "/plans/some-plan/",
        "javascript:alert(1)",
    ],
)
def test_back_to_results_never_leads_off_the_listing(client, back):
    plan = make_plan()
    for response in (
        client.get(plan.get_absolute_url(), {"back": back}),
        client.get(plan.get_absolute_url(), HTTP_REFERER=back),
    ):
        assert response.context["back"] is None
        assert 'hidden data-back-from-referrer><a href="/plans/">' in headings(response)


def parts_of(plan) -> dict:
    """Each part of the plan as its fields' values and their types, in the part's order."""
    parts = {}
    for name, (_, fields) in PARTS.items():
        parts[name] = [_values(part, fields) for part in getattr(plan, name).all()]
    parts["organisations"] = [
        partnership.organisation and _values(partnership.organisation, ORGANISATION[1])
        for partnership in plan.partnerships.all()
    ]
    return parts


def _values(instance, fields) -> list:
    return [(getattr(instance, name), type(getattr(instance, name))) for name in fields]


def assert_the_page_reads_every_part_as_the_orm(plans):
    for plan in plans:
        read = get_plan_with_its_parts(LearningPlan.objects.all(), plan.slug)
        assert read == plan
        assert parts_of(read) == parts_of(plan), plan.slug


def test_the_page_reads_every_part_of_imported_plans_as_the_orm_does():
    documents = [path for path in FIXTURES.glob("*.md") if path.name not in {"bad_year.md"}]
    importer = Importer()
    for result in importer.import_files(documents):
        assert result.outcome != FAILED or result.path.name == "two_years.md", str(result)
    plan = LearningPlan.objects.filter(partnerships__organisation__isnull=False).first()
    # What no document holds: a file, a partner named as no organisation, a proposed term.
    with writing(plan, reason="edit"):
        EvidenceFile.objects.create(
            plan=plan, file="evidence/a.pdf", original_name="a.pdf", content_type="x", size=3
        )
        Partnership.objects.create(plan=plan, position=99, name_as_written="Anyone", sector="")
        plan.tags.add(Tag.objects.create(vocabulary="theme", name="Wells", is_approved=False))
    plans = LearningPlan.objects.prefetch_related(*PARTS, "partnerships__organisation")
    assert plans.filter(partnerships__organisation__isnull=True).exists()
    assert_the_page_reads_every_part_as_the_orm(plans.order_by("pk"))


@pytest.mark.corpus
def test_the_page_reads_every_part_of_the_real_export_as_the_orm_does():
    results = Importer().import_files(find_documents([str(CORPUS)]))
    assert all(result.outcome != FAILED for result in results)
    plans = LearningPlan.objects.prefetch_related(*PARTS, "partnerships__organisation")
    assert_the_page_reads_every_part_as_the_orm(plans.order_by("pk"))
