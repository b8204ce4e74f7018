import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from partners.models import PartnerOrganisation, Partnership
from plans.models import Insight, LearningPlan, LearningQuestion, OtherAnswer, Tag
from plans.writing import writing
from public import plan_index
from public.filters import FILTER_NAMES
from public.listing import listed_plans
from public.serializers import PlanSummarySerializer, with_summary_tags
from tests.conftest import make_plan

pytestmark = pytest.mark.django_db

SUMMARY_KEYS = {
    "slug",
    "url",
    "title",
    "kind",
    "year",
    "country",
    "region",
    "challenge_type",
    "sdgs",
    "methods",
    "datasources",
    "themes",
    "tweet_summary",
    "published_at",
}


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["results"]]


@pytest.fixture
def gender():
    return Tag.objects.create(vocabulary="sdg", name="5. Gender equality", slug="5", number=5)


@pytest.fixture
def foresight():
    return Tag.objects.create(vocabulary="method", name="Foresight", slug="foresight")


def test_the_plan_list_has_count_links_and_results(client, zambia, gender, foresight):
    make_plan(
        title="Water", slug="water", lab=zambia, challenge_type="big_bet", tags=[gender, foresight]
    )
    make_plan(title="A draft", status=LearningPlan.Status.DRAFT)
    response = client.get(reverse("api_plans"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data == {"count": 1, "next": None, "previous": None, "results": data["results"]}
    item = data["results"][0]
    assert set(item) == SUMMARY_KEYS
    assert item["url"] == "http://testserver/plans/water/"
    assert item["country"] == {"code": "ZM", "name": "Zambia"}
    assert (item["region"], item["kind"], item["year"]) == ("RBA", "plan", 2023)
    assert item["challenge_type"] == "big_bet"
    assert (item["sdgs"], item["methods"], item["themes"]) == ([5], ["Foresight"], [])
    assert item["published_at"].startswith("20")


def test_the_plan_list_paginates_with_next_and_previous_links(client):
    for number in range(5):
        make_plan(title=f"Plan {number}", slug=f"p{number}")
    first = client.get(reverse("api_plans"), {"page_size": 2, "sort": "title"}).json()
    assert first["count"] == 5
    assert [item["slug"] for item in first["results"]] == ["p0", "p1"]
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/plans/?page_size=2&sort=title&page=2"
    second = client.get(first["next"]).json()
    assert [item["slug"] for item in second["results"]] == ["p2", "p3"]
    assert second["previous"].endswith("page=1")
    last = client.get(second["next"]).json()
    assert [item["slug"] for item in last["results"]] == ["p4"]
    assert last["next"] is None


def test_the_page_size_defaults_to_20_and_is_capped_at_100(client):
    lab = make_plan().lab
    plans = [
        LearningPlan(
            title=f"Plan {number}",
            slug=f"plan-bulk-{number}",
            year=2023,
            lab=lab,
            questionnaire="plan-2023",
            status="published",
            published_at=timezone.now(),
        )
        for number in range(120)
    ]
    with writing(*plans, reason="import"):  # one write of many plans, as an import run
        for plan in plans:
            plan.save()
    assert len(client.get(reverse("api_plans")).json()["results"]) == 20
    assert len(client.get(reverse("api_plans"), {"page_size": 1000}).json()["results"]) == 100
    assert len(client.get(reverse("api_plans"), {"page_size": "x"}).json()["results"]) == 20


@pytest.mark.parametrize("page", ["2", "0", "abc"])
def test_an_invalid_page_is_a_json_404(client, page):
    make_plan()
    response = client.get(reverse("api_plans"), {"page": page})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_the_plan_list_takes_the_listing_filters(client, zambia, serbia, gender, foresight):
    make_plan(slug="zm-2023", lab=zambia, year=2023, tags=[gender])
    make_plan(slug="zm-2024", lab=zambia, year=2024, tags=[foresight], kind="progress")
    make_plan(slug="rs-2024", lab=serbia, year=2024, tags=[gender, foresight])
    url = reverse("api_plans")
    assert sorted(slugs(client.get(url, {"sdg": 5}))) == ["rs-2024", "zm-2023"]
    assert sorted(slugs(client.get(url, {"year": 2024}))) == ["rs-2024", "zm-2024"]
    assert sorted(slugs(client.get(url, {"region": "RBA"}))) == ["zm-2023", "zm-2024"]
    assert slugs(client.get(url, {"kind": "progress"})) == ["zm-2024"]
    assert sorted(slugs(client.get(url, {"method": "foresight"}))) == ["rs-2024", "zm-2024"]
    assert slugs(client.get(url, {"method": "foresight", "region": "RBEC"})) == ["rs-2024"]
    assert sorted(slugs(client.get(url + "?year=2023&year=2024&country=ZM"))) == [
        "zm-2023",
        "zm-2024",
    ]


def test_the_plan_list_uses_a_fixed_number_of_queries(
    client, zambia, gender, foresight, django_assert_max_num_queries
):
    for number in range(60):
        make_plan(title=f"Plan {number}", lab=zambia, tags=[gender, foresight])
    plan_index.current()  # built once after a change, for every page that reads it
    for page_size in [5, 60]:
        with django_assert_max_num_queries(3):
            response = client.get(reverse("api_plans"), {"page_size": page_size})
        assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"sort": "title"},
        {"q": "water"},
        {"q": "water", "sort": "newest"},
        {"year": "2023", "kind": "plan"},
        {"sdg": "5", "sort": "title"},
    ],
)
def test_any_page_of_the_plan_list_is_the_listings_page_in_its_order(
    client, zambia, serbia, gender, query
):
    for number in range(45):
        make_plan(
            title=f"Plan {number % 7}" + (" on water" if number % 3 else ""),
            lab=[zambia, serbia][number % 2],
            year=2021 + number % 4,
            kind=["plan", "progress"][number % 5 == 0],
            tags=[gender] if number % 2 else [],
        )
    make_plan(title="A water draft", status=LearningPlan.Status.DRAFT)
    request = RequestFactory().get("/plans/", query)
    request.user = AnonymousUser()
    expected = list(listed_plans(request)[0].values_list("slug", flat=True))
    assert expected
    pages = []
    for page in range(1, -(-len(expected) // 7) + 1):
        response = client.get(reverse("api_plans"), {**query, "page_size": 7, "page": page})
        assert response.json()["count"] == len(expected)
        pages += slugs(response)
    assert pages == expected


@pytest.fixture
def full_plan(zambia, gender):
    board = PartnerOrganisation.objects.create(
        name="Water Board", normalised_name="water board", slug="water-board", sector="government"
    )

    def parts(plan):
        Partnership.objects.create(
            plan=plan, organisation=board, position=1, sector="government", is_new_and_unusual=True
        )
        Partnership.objects.create(plan=plan, name_as_written="Youth club", position=2)
        LearningQuestion.objects.create(
            plan=plan, question="Who owns the wells?", is_sense=True, is_test=True, data_gaps="Maps"
        )
        Insight.objects.create(plan=plan, position=1, text="Maps help.")
        OtherAnswer.objects.create(
            plan=plan, section="Extra", prompt="Anything else?", answer="No."
        )

    return make_plan(
        title="Water for Lusaka",
        slug="water-for-lusaka",
        lab=zambia,
        tags=[gender],
        challenge_statement="Wells run dry.",
        background="A long drought.",
        questionnaire="plan-2023",
        language="en",
        parts=parts,
    )


def test_a_plan_in_full(client, full_plan):
    report = make_plan(title="Report", slug="report", kind="progress", plan=full_plan)
    make_plan(slug="hidden-report", kind="progress", plan=full_plan, status="draft")
    response = client.get(reverse("api_plan", args=[full_plan.slug]))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert SUMMARY_KEYS <= set(data)
    assert data["challenge_statement"] == "Wells run dry."
    assert data["background"] == "A long drought."
    assert {"value_proposition", "early_leads", "barriers", "time_sense"} <= set(data)
    assert (data["questionnaire"], data["language"]) == ("plan-2023", "en")
    assert data["partners"] == [
        {
            "rank": 1,
            "name": "Water Board",
            "sector": "government",
            "description": "",
            "is_new_and_unusual": True,
            "organisation": {
                "slug": "water-board",
                "url": "http://testserver/partners/water-board/",
            },
        },
        {
            "rank": 2,
            "name": "Youth club",
            "sector": None,
            "description": "",
            "is_new_and_unusual": None,
            "organisation": None,
        },
    ]
    assert data["learning_questions"] == [
        {
            "question": "Who owns the wells?",
            "stages": ["sense", "test"],
            "methods_usage": "",
            "data_gaps": "Maps",
        }
    ]
    assert data["insights"] == ["Maps help."]
    assert data["other_answers"] == [
        {"section": "Extra", "prompt": "Anything else?", "answer": "No."}
    ]
    assert data["plan"] is None
    assert data["progress_reports"] == [report.slug]
    assert data["markdown_url"] == "http://testserver/plans/water-for-lusaka/export.md"
    assert client.get(reverse("api_plan", args=["report"])).json()["plan"] == full_plan.slug


def test_non_ascii_text_is_written_as_is(client):
    make_plan(title="Côte d’Ivoire", slug="civ")
    response = client.get(reverse("api_plan", args=["civ"]))
    assert "Côte d’Ivoire".encode() in response.content


@pytest.mark.parametrize("status", ["draft", "submitted", "approved"])
def test_an_unpublished_plan_is_a_json_404_to_the_public(client, zambia, status):
    plan = make_plan(slug="secret", lab=zambia, status=status)
    response = client.get(reverse("api_plan", args=[plan.slug]))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "No plan found with this slug."}
    assert client.get(reverse("api_plan", args=["no-such-plan"])).json() == response.json()
    assert "secret" not in json.dumps(client.get(reverse("api_plans")).json())


def test_a_focal_point_sees_their_own_draft_but_not_others(client, alice, zambia, serbia):
    make_plan(slug="own-draft", lab=zambia, status="draft")
    make_plan(slug="other-draft", lab=serbia, status="draft")
    client.force_login(alice)
    assert client.get(reverse("api_plan", args=["own-draft"])).status_code == 200
    assert client.get(reverse("api_plan", args=["other-draft"])).status_code == 404


@pytest.fixture
def partners(zambia):
    board = PartnerOrganisation.objects.create(
        name="Water Board", normalised_name="water board", slug="water-board", sector="government"
    )
    bank = PartnerOrganisation.objects.create(
        name="Seed Bank", normalised_name="seed bank", slug="seed-bank"
    )
    hidden = PartnerOrganisation.objects.create(
        name="Hidden Ltd", normalised_name="hidden ltd", slug="hidden"
    )

    def published_parts(plan):
        Partnership.objects.create(plan=plan, organisation=board, sector="government")
        Partnership.objects.create(plan=plan, organisation=bank, sector="private", position=1)

    def draft_parts(plan):
        Partnership.objects.create(plan=plan, organisation=hidden, sector="private")
        Partnership.objects.create(plan=plan, organisation=board, sector="government")

    make_plan(title="Published", slug="published", lab=zambia, parts=published_parts)
    make_plan(title="Draft", slug="draft", lab=zambia, status="draft", parts=draft_parts)
    return board


def test_the_partner_list_has_only_organisations_with_a_visible_plan(client, partners):
    response = client.get(reverse("api_partners"))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert (data["count"], data["next"], data["previous"]) == (2, None, None)
    assert {item["slug"] for item in data["results"]} == {"water-board", "seed-bank"}
    board = next(item for item in data["results"] if item["slug"] == "water-board")
    assert board == {
        "slug": "water-board",
        "url": "http://testserver/partners/water-board/",
        "name": "Water Board",
        "sector": "government",
        "plan_count": 1,
    }


def test_the_partner_list_filters_and_paginates(client, partners):
    url = reverse("api_partners")
    assert slugs(client.get(url, {"q": "seed"})) == ["seed-bank"]
    assert slugs(client.get(url, {"sector": "government"})) == ["water-board"]
    page = client.get(url, {"page_size": 1}).json()
    assert page["count"] == 2 and len(page["results"]) == 1
    assert page["next"].endswith("page_size=1&page=2")
    assert client.get(url, {"page": 3}).status_code == 404


def test_a_partner_lists_its_visible_plans(client, partners):
    response = client.get(reverse("api_partner", args=["water-board"]))
    assert response.status_code == 200
    data = response.json()
    assert data["plan_count"] == 1
    assert data["plans"] == [
        {"slug": "published", "title": "Published", "url": "http://testserver/plans/published/"}
    ]
    hidden = client.get(reverse("api_partner", args=["hidden"]))
    assert hidden.status_code == 404
    assert hidden.json() == {"detail": "No partner found with this slug."}


def test_staff_see_every_plan_of_a_partner(client, partners, rita):
    client.force_login(rita)
    data = client.get(reverse("api_partner", args=["water-board"])).json()
    assert [plan["slug"] for plan in data["plans"]] == ["draft", "published"]
    assert client.get(reverse("api_partner", args=["hidden"])).status_code == 200


def test_the_openapi_description_covers_every_endpoint_and_filter(client):
    response = client.get(reverse("api_openapi"))
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.1")
    assert set(spec["paths"]) == {
        "/api/plans/",
        "/api/plans/{slug}/",
        "/api/partners/",
        "/api/partners/{slug}/",
    }
    parameters = spec["components"]["parameters"]
    assert set(FILTER_NAMES) | {"q", "sort", "page", "page_size"} <= set(parameters)
    assert parameters["region"]["schema"]["items"]["enum"] == [
        "RBA",
        "RBAP",
        "RBAS",
        "RBEC",
        "RBLAC",
    ]
    assert parameters["stage"]["schema"]["items"]["enum"] == ["sense", "explore", "test", "grow"]
    assert parameters["sdg"]["schema"]["items"] == {"type": "integer", "minimum": 1, "maximum": 17}
    listed = [
        p["$ref"].rsplit("/", 1)[1] for p in spec["paths"]["/api/plans/"]["get"]["parameters"]
    ]
    assert set(parameters) == set(listed)


def test_the_openapi_schemas_match_what_the_api_answers(client, full_plan):
    schemas = client.get(reverse("api_openapi")).json()["components"]["schemas"]
    item = client.get(reverse("api_plans")).json()["results"][0]
    assert set(item) == set(schemas["PlanSummary"]["properties"])
    plan = client.get(reverse("api_plan", args=[full_plan.slug])).json()
    assert set(plan) == set(schemas["Plan"]["properties"])
    partner = client.get(reverse("api_partner", args=["water-board"])).json()
    assert set(partner) == set(schemas["Partner"]["properties"])


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_the_api_is_read_only(client, method):
    assert getattr(client, method)(reverse("api_plans")).status_code == 405


def test_the_docs_page_serves_swagger_ui_from_our_own_static_files(client):
    response = client.get(reverse("api_docs"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    # The CSP refuses inline script and style: the start-up script has an address of its own.
    assert "<style" not in page and "<script>" not in page
    script = client.get(reverse("api_docs"), {"script": ""})
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert reverse("api_openapi") in script.content.decode()


def test_a_summary_is_what_the_serializers_fields_give(rf, zambia, serbia, gender, foresight):
    more = [
        Tag.objects.create(vocabulary=vocabulary, name=name, slug=slug, number=number)
        for vocabulary, name, slug, number in [
            ("sdg", "13. Climate action", "13", 13),
            ("method", "Ethnography", "ethnography", None),
            ("method", "Co-design", "co-design", None),
            ("theme", "Water", "water", None),
        ]
    ]
    water = make_plan(
        title="Water", lab=zambia, challenge_type="big_bet", tags=[*more, gender, foresight]
    )
    draft = make_plan(title="Bare", lab=serbia, kind="progress", status=LearningPlan.Status.DRAFT)
    # A lab without a country or region, a draft without a publication date: nulls.
    type(serbia).objects.filter(pk=serbia.pk).update(region="", country="")
    serializer = PlanSummarySerializer(context={"request": rf.get("/")})
    for plan in LearningPlan.objects.filter(pk__in=[water.pk, draft.pk]).select_related("lab"):
        fields = serializers.ModelSerializer.to_representation(serializer, plan)
        written = serializer.to_representation(plan)
        assert json.dumps(written) == json.dumps(fields)
        # The list reads the tags as rows.
        listed = serializer.to_representation(with_summary_tags([plan])[0])
        assert json.dumps(listed) == json.dumps(fields)
