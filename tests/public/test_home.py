"""The home page: what the portal is, its figures, the latest published plans, where to start."""

import pytest
from django.urls import reverse

from plans.models import LearningPlan
from tests.conftest import make_plan

pytestmark = pytest.mark.django_db


def test_it_says_what_the_portal_is_with_figures_and_the_latest_plans(client, zambia, serbia):
    make_plan(lab=zambia, title="Wells of Lusaka")
    make_plan(lab=serbia, title="Rubble in Belgrade", kind="progress")
    make_plan(lab=zambia, title="A draft nobody sees", status="draft")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["figures"] == {"plans": 1, "reports": 1, "labs": 2, "years": 1}
    text = response.text
    assert "Action Learning Plans of the UNDP Accelerator Labs" in text
    assert "Wells of Lusaka" in text and "Rubble in Belgrade" in text
    assert "A draft nobody sees" not in text
    assert f'action="{reverse("plans:list")}"' in text


def test_its_figures_follow_publications(client, zambia, serbia, rita, settings):
    settings.ALP_PUBLIC_CACHE_SECONDS = 0  # the page itself, each time
    plan = make_plan(lab=zambia, year=2021)
    make_plan(lab=serbia, year=2022, kind="progress")
    make_plan(lab=serbia, year=2022, challenge_type="big_bet")
    assert client.get(reverse("home")).context["figures"] == {
        "plans": 2,
        "reports": 1,
        "labs": 2,
        "years": 2,
    }
    plan.transition(LearningPlan.Action.UNPUBLISH, by=rita)
    assert client.get(reverse("home")).context["figures"] == {
        "plans": 1,
        "reports": 1,
        "labs": 1,
        "years": 1,
    }


def test_it_reads_a_fixed_number_of_queries(client, zambia, django_assert_max_num_queries):
    for number in range(12):
        make_plan(lab=zambia, title=f"Plan {number}")
    with django_assert_max_num_queries(5):
        response = client.get(reverse("home"))
    assert len(response.context["latest"]) == 6


@pytest.mark.parametrize(
    ("user", "entry"), [(None, "accounts:sign_in"), ("alice", "my:home"), ("rita", "review:queue")]
)
def test_each_role_finds_where_it_starts(client, request, user, entry):
    if user:
        client.force_login(request.getfixturevalue(user))
    assert f'href="{reverse(entry)}"' in client.get(reverse("home")).text


def test_it_speaks_the_visitors_language(client):
    client.cookies["django_language"] = "fr"
    text = client.get(reverse("home")).text
    assert "Les plans d’apprentissage par l’action des Accelerator Labs du PNUD" in text
    assert "Rien n’est encore publié." in text


def test_the_portals_name_in_the_header_leads_home_from_every_page(client):
    for url in [reverse("plans:list"), reverse("partners:list"), reverse("accounts:sign_in")]:
        assert '<a class="navbar-brand fw-semibold" href="/">' in client.get(url).text
