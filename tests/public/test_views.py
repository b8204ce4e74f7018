import pytest
from django.urls import reverse

from partners.models import PartnerOrganisation, Partnership
from plans import rendering
from plans.models import EvidenceFile, Insight, LearningPlan, LearningQuestion, OtherAnswer, Tag
from plans.writing import writing
from public import plan_index
from tests.conftest import make_plan

pytestmark = pytest.mark.django_db


def test_the_listing_shows_published_plans_only(client):
    make_plan(title="A published plan")
    make_plan(title="A draft plan", status=LearningPlan.Status.DRAFT)
    response = client.get(reverse("plans:list"))
    assert response.status_code == 200
    assert "A published plan" in response.text
    assert "A draft plan" not in response.text


def test_the_listing_paginates_and_keeps_the_query_string(client):
    for number in range(25):
        make_plan(title=f"Plan {number:02}")
    response = client.get(reverse("plans:list"), {"page": 2})
    assert response.status_code == 200
    assert response.context["page"].number == 2
    assert len(response.context["page"].object_list) == 5


def test_the_listing_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries, zambia):
    from plans.models import Tag

    sdg = Tag.objects.create(vocabulary="sdg", name="5. Gender equality", slug="5", number=5)
    for number in range(20):
        make_plan(title=f"Plan {number}", lab=zambia, tags=[sdg])
    with django_assert_max_num_queries(16):
        assert client.get(reverse("plans:list")).status_code == 200


def test_a_plan_page_shows_every_section_in_questionnaire_order(client):
    organisation = PartnerOrganisation.objects.create(
        name="Water Board", normalised_name="water board", slug="water-board"
    )

    def parts(plan):
        Partnership.objects.create(
            plan=plan, organisation=organisation, position=1, sector="government"
        )
        LearningQuestion.objects.create(plan=plan, question="Who owns the wells?", is_sense=True)

    plan = make_plan(
        title="Water for Azuero",
        challenge_statement="Our challenge is that wells run dry.",
        tweet_summary="Dry wells, wet season.",
        early_leads="The water boards.",
        parts=parts,
    )
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    headings = ["Challenge statement", "Partners", "Learning questions", "Closing"]
    positions = [text.index(f">{heading}</h2>") for heading in headings]
    assert positions == sorted(positions)
    # The name is the page's heading; it is not given again as the answer of a "Title" section.
    assert ">Title</h2>" not in text
    assert "Our challenge is that wells run dry." in text
    assert "Water Board" in text
    assert "Who owns the wells?" in text


def test_a_progress_report_page_lists_its_insights(client):
    report = make_plan(
        kind="progress",
        questionnaire="progress-2023",
        title="What we learned",
        parts=lambda plan: Insight.objects.create(
            plan=plan, position=1, text="Evening classes work."
        ),
    )
    response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    assert "Evening classes work." in response.text
    assert "Learnings on your challenge" in response.text


def test_answers_are_rendered_safely(client):
    plan = make_plan(background='<script>alert("x")</script> and [a link](javascript:alert(1))')
    response = client.get(plan.get_absolute_url())
    assert "<script>alert" not in response.text
    assert 'href="javascript:' not in response.text


@pytest.mark.parametrize("status", ["draft", "submitted", "changes_requested", "approved"])
def test_an_unpublished_plan_is_not_found_by_the_public(client, status):
    plan = make_plan(status=status)
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.get(reverse("plans:markdown", args=[plan.slug])).status_code == 404


def test_an_unpublished_plan_is_not_found_by_a_focal_point_of_another_lab(client, bob, zambia):
    plan = make_plan(status="draft", lab=zambia)
    client.force_login(bob)
    assert client.get(plan.get_absolute_url()).status_code == 404


def test_focal_points_see_their_own_labs_drafts(client, alice, zambia):
    plan = make_plan(status="draft", lab=zambia)
    client.force_login(alice)
    assert client.get(plan.get_absolute_url()).status_code == 200


def test_staff_see_unpublished_plans(client, rita):
    plan = make_plan(status="submitted")
    client.force_login(rita)
    assert client.get(plan.get_absolute_url()).status_code == 200


def test_a_plan_downloads_as_markdown_in_the_export_format(client):
    plan = make_plan(title="Water for Azuero", questionnaire="plan-2023")
    response = client.get(reverse("plans:markdown", args=[plan.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/markdown")
    text = response.content.decode()
    assert text.startswith("# Water for Azuero\n")
    assert "[[type:learningplan]]" in text
    assert "> Please state the name of the partner:" in text


def test_an_answer_is_rendered_once_when_written_and_again_when_edited(
    client, zambia, monkeypatch, django_capture_on_commit_callbacks
):
    rendered = []
    render = rendering.render
    monkeypatch.setattr(rendering, "render", lambda text: rendered.append(text) or render(text))
    plan = make_plan(lab=zambia, title="Wells", background="Wells run **dry** in May.")
    assert rendered.count("Wells run **dry** in May.") == 1
    for _ in range(3):
        assert "<strong>dry</strong>" in client.get(plan.get_absolute_url()).text
    assert rendered.count("Wells run **dry** in May.") == 1
    with django_capture_on_commit_callbacks(execute=True), writing(plan):
        plan.background = "Wells run **empty** in May."
        plan.save()
    assert "<strong>empty</strong>" in client.get(plan.get_absolute_url()).text
    assert rendered.count("Wells run **empty** in May.") == 1


def test_an_answer_stored_before_it_was_rendered_is_rendered_on_its_page(client, zambia):
    plan = make_plan(lab=zambia, title="Wells", background="Wells run **dry** in May.")
    LearningPlan.objects.filter(pk=plan.pk).update(rendered={})
    assert "<strong>dry</strong>" in client.get(plan.get_absolute_url()).text


def _with_parts(count):
    def parts(plan):
        for position in range(1, count + 1):
            Partnership.objects.create(plan=plan, position=position, name_as_written=f"P{position}")
            organisation = PartnerOrganisation.objects.create(
                name=f"Org {position}",
                normalised_name=f"{plan.slug} org {position}",
                slug=f"{plan.slug}-org-{position}",
            )
            Partnership.objects.create(
                plan=plan, position=count + position, organisation=organisation
            )
            OtherAnswer.objects.create(
                plan=plan, position=position, prompt="Else?", answer=f"A{position}"
            )
            LearningQuestion.objects.create(plan=plan, position=position, question=f"Q{position}?")
            EvidenceFile.objects.create(
                plan=plan,
                file=f"evidence/{position}.pdf",
                original_name=f"f{position}.pdf",
                content_type="application/pdf",
                size=10,
            )

    return parts


def _with_insights(count):
    def insights(report):
        for position in range(1, count + 1):
            Insight.objects.create(plan=report, position=position, text=f"I{position}")

    return insights


def test_the_plan_page_uses_a_fixed_number_of_queries(
    client, zambia, django_assert_max_num_queries
):
    water = Tag.objects.create(vocabulary="theme", name="Water", slug="water")
    make_plan(lab=zambia, tags=[water], title="Wells")  # related to both
    pages = []
    for count in [1, 5]:
        plan = make_plan(lab=zambia, tags=[water], parts=_with_parts(count))
        for _ in range(count):
            report = make_plan(
                lab=zambia,
                kind="progress",
                questionnaire="progress-2023",
                plan=plan,
                parts=_with_insights(count),
            )
        plan_index.current()  # built once after a change, for every page that reads it
        with django_assert_max_num_queries(4) as queries:
            response = client.get(plan.get_absolute_url())
        with django_assert_max_num_queries(4):
            report_text = client.get(report.get_absolute_url()).text
        assert f"I{count}" in report_text
        pages.append((len(queries.captured_queries), response))
    (few, _), (many, response) = pages
    assert few == many
    text = response.text
    assert "P5" in text and "f5.pdf" in text
    assert f'href="/partners/{plan.slug}-org-5/">Org 5</a>' in text and "A5" in text
    assert text.count("Progress reports:") == 1
    # The first plan shares the thematic area: it is related.
    first = LearningPlan.objects.filter(kind="plan").order_by("pk").first()
    assert text.index("Related plans") < text.index(first.get_absolute_url())
