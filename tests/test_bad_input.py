"""A NUL byte in a parameter is refused with 400 before any view reads it: PostgreSQL cannot store
or compare text that holds one, so it would otherwise be a server error (500), on streamed
exports in the middle of the download."""

import pytest
from django.db import DataError, connection
from django.urls import reverse

from plans.models import LearningPlan
from tests.conftest import make_plan

pytestmark = pytest.mark.django_db

MESSAGE = "The request contains a null character, which is not allowed."
LISTING = [
    "q",
    "country",
    "region",
    "year",
    "kind",
    "challenge_type",
    "sdg",
    "method",
    "datasource",
    "theme",
    "stage",
    "partner_sector",
    "sort",
    "page",
]
PARAMETERS = {
    "plans:list": LISTING,
    "plans:map": LISTING,
    "plans:stats": LISTING,
    "plans:feed": LISTING,
    "plans:export_csv": LISTING,
    "plans:export_json": LISTING,
    "plans:export_zip": LISTING,
    "api_plans": [*LISTING, "page_size"],
    "partners:list": ["q", "sector", "page"],
    "api_partners": ["q", "sector", "page", "page_size"],
    "accounts:sign_in": ["next"],
    "accounts:password_reset": ["next"],
}
CASES = [(name, parameter) for name, names in PARAMETERS.items() for parameter in names]


@pytest.fixture
def published(zambia):
    return make_plan(title="Water for Lusaka", slug="water-for-lusaka", lab=zambia)


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def assert_refused(response):
    assert response.status_code == 400
    assert not response.streaming
    assert MESSAGE in body(response)


@pytest.mark.parametrize(("name", "parameter"), CASES)
@pytest.mark.parametrize("value", ["%00", "water%00", "%00water"])
def test_a_nul_in_any_public_parameter_is_a_bad_request(client, published, name, parameter, value):
    assert_refused(client.get(f"{reverse(name)}?{parameter}={value}"))


@pytest.mark.parametrize("name", PARAMETERS)
def test_a_nul_in_a_parameter_name_is_a_bad_request(client, published, name):
    assert_refused(client.get(f"{reverse(name)}?q%00=water"))


@pytest.mark.parametrize(
    "url",
    [
        reverse("plans:detail", args=["water-for-lusaka"]),
        reverse("plans:markdown", args=["water-for-lusaka"]),
        reverse("api_plan", args=["water-for-lusaka"]),
        reverse("api_openapi"),
    ],
)
def test_pages_that_read_no_parameter_refuse_one_with_a_nul_too(client, published, url):
    assert_refused(client.get(f"{url}?page=%00"))


def test_the_same_parameters_without_a_nul_are_answered(client, published):
    for name in PARAMETERS:
        assert client.get(reverse(name), {"q": "water", "page": "1"}).status_code == 200


def test_the_refusal_is_in_the_visitors_language_with_the_sites_chrome(client):
    response = client.get("/plans/?q=%00", headers={"accept-language": "fr"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "La requête contient un caractère nul, ce qui n’est pas autorisé." in page
    assert "Plans d’apprentissage" in page  # the header
    assert "Content-Security-Policy" in response.headers


def test_a_nul_in_a_posted_form_field_is_a_bad_request(client, alice):
    url = reverse("accounts:sign_in")
    response = client.post(url, {"email": "alice@example.org\x00", "password": "x"})
    assert_refused(response)
    response = client.post(url, {"email\x00": "alice@example.org", "password": "x"})
    assert_refused(response)


def test_a_nul_in_a_questionnaire_step_is_a_bad_request_and_saves_nothing(client, alice, zambia):
    plan = make_plan(lab=zambia, title="Open burning", status=LearningPlan.Status.DRAFT)
    client.force_login(alice)
    url = reverse("my:step", args=[plan.pk, "title"])
    response = client.post(url, {"version": plan.version, "title": "Open\x00burning"})
    assert_refused(response)
    plan.refresh_from_db()
    assert plan.title == "Open burning"


@pytest.mark.postgres
def test_postgresql_is_why(db):
    """What the refusal spares the views: PostgreSQL refuses the text outright."""
    with pytest.raises(DataError, match="NUL"), connection.cursor() as cursor:
        cursor.execute("SELECT %s", ["a\x00b"])


def test_a_cookie_holding_a_nul_is_dropped_and_the_page_answered(client, published):
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    response = client.get(reverse("plans:list"))
    assert response.status_code == 200
    assert "Water for Lusaka" in response.content.decode()


def test_djangos_own_refusals_get_the_sites_400_page(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = client.post(reverse("accounts:sign_in"), {f"field{n}": "x" for n in range(20)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The request could not be understood." in page
    assert "Learning plans" in page
