"""The anonymous public sees published plans only, on every page and endpoint; anything else
answers 404, never 403."""

import io
import zipfile

import pytest
from django.urls import reverse

from partners.models import PartnerOrganisation, Partnership
from plans.models import LearningPlan, Tag
from tests.conftest import make_plan

pytestmark = pytest.mark.django_db

SECRET = "Zanzibar seaweed secret"


@pytest.fixture
def hidden(zambia):
    zambia.latitude, zambia.longitude = -15.4, 28.3
    zambia.save()
    sdg = Tag.objects.create(vocabulary="sdg", name="14. Life below water", slug="14", number=14)
    organisation = PartnerOrganisation.objects.create(
        name="Seaweed Cooperative",
        normalised_name="seaweed cooperative",
        slug="seaweed-cooperative",
    )
    plans = [
        make_plan(
            title=f"{SECRET} {status}",
            status=status,
            lab=zambia,
            tags=[sdg],
            parts=lambda plan: Partnership.objects.create(
                plan=plan, organisation=organisation, position=1
            ),
        )
        for status in ["draft", "submitted", "changes_requested", "approved"]
    ]
    make_plan(title="A published plan", status=LearningPlan.Status.PUBLISHED)
    return plans


LISTS = [
    ("plans:list", {}),
    ("plans:list", {"q": "seaweed"}),
    ("plans:list", {"sdg": "14"}),
    ("plans:map", {}),
    ("plans:stats", {}),
    ("plans:feed", {}),
    ("plans:export_csv", {}),
    ("plans:export_json", {}),
    ("api_plans", {}),
    ("api_plans", {"q": "seaweed"}),
    ("api_partners", {}),
    ("partners:list", {}),
]


@pytest.mark.parametrize(("name", "query"), LISTS)
def test_unpublished_plans_appear_nowhere(client, hidden, name, query):
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert SECRET.encode() not in body
    assert b"Seaweed Cooperative" not in body
    if name == "plans:list" and not query:
        sdgs = next(f for f in response.context["facets"] if f.name == "sdg")
        assert [option.value for option in sdgs.options] == []


def test_the_zip_of_markdown_leaves_them_out(client, hidden):
    response = client.get(reverse("plans:export_zip"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert [name for name in archive.namelist() if "seaweed" in name] == []


@pytest.mark.parametrize("endpoint", ["plans:detail", "plans:markdown", "api_plan"])
def test_an_unpublished_plan_answers_404_not_403(client, hidden, endpoint):
    for plan in hidden:
        assert client.get(reverse(endpoint, args=[plan.slug])).status_code == 404


def test_a_partner_known_only_from_unpublished_plans_answers_404(client, hidden):
    assert client.get(reverse("partners:detail", args=["seaweed-cooperative"])).status_code == 404
    assert client.get(reverse("api_partner", args=["seaweed-cooperative"])).status_code == 404


def test_a_focal_point_of_another_lab_gets_404_too(client, hidden, bob):
    client.force_login(bob)
    for plan in hidden:
        assert client.get(reverse("plans:detail", args=[plan.slug])).status_code == 404
        assert client.get(reverse("api_plan", args=[plan.slug])).status_code == 404
