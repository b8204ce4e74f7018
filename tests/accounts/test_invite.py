import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.urls import reverse

from labs.models import Membership
from plans.models import LearningPlan
from tests.conftest import make_plan, send_queued
from tests.questionnaire.test_editing import CHALLENGE

from .conftest import link_in, set_password

pytestmark = pytest.mark.django_db

URL = reverse("accounts:invite")
User = get_user_model()


def test_staff_invite_creates_the_account_and_membership_and_emails_a_link(client, rita, zambia):
    client.force_login(rita)
    response = client.post(
        URL, {"email": "Nadia@Example.org", "lab": zambia.pk, "name": "Nadia Banda"}
    )
    assert response.status_code == 302

    nadia = User.objects.get(email="nadia@example.org")
    assert nadia.username == "nadia@example.org"
    assert (nadia.first_name, nadia.last_name) == ("Nadia", "Banda")
    assert not nadia.has_usable_password()
    assert Membership.objects.filter(user=nadia, lab=zambia).exists()
    assert mail.outbox == []  # kept in the outbox: the worker sends it
    send_queued()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nadia@example.org"]
    assert "Zambia" in mail.outbox[0].body


def test_the_invitation_link_sets_a_password_once(client, rita, zambia):
    client.force_login(rita)
    client.post(URL, {"email": "nadia@example.org", "lab": zambia.pk})
    link = link_in(send_queued()[0])
    client.logout()

    response = set_password(client, link, "a password of her own")
    assert response.status_code == 302
    nadia = User.objects.get(email="nadia@example.org")
    assert nadia.check_password("a password of her own")

    response = client.get(link, follow=True)
    assert not response.context["validlink"]

    response = client.post(
        reverse("accounts:sign_in"),
        {"email": "nadia@example.org", "password": "a password of her own"},
    )
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(nadia.pk)


def test_inviting_an_existing_person_to_another_lab_adds_a_membership(
    client, rita, alice, zambia, serbia
):
    client.force_login(rita)
    response = client.post(URL, {"email": "ALICE@example.org", "lab": serbia.pk})
    assert response.status_code == 302
    assert set(alice.labs.all()) == {zambia, serbia}
    assert User.objects.filter(email__iexact="alice@example.org").count() == 1
    # She has a password: the e-mail tells her about the lab, without a set-password link.
    send_queued()
    assert len(mail.outbox) == 1
    assert "/accounts/password-reset/" not in mail.outbox[0].body
    alice.refresh_from_db()
    assert alice.check_password("a long test password")


def test_inviting_twice_keeps_one_membership(client, rita, zambia):
    client.force_login(rita)
    client.post(URL, {"email": "nadia@example.org", "lab": zambia.pk})
    client.post(URL, {"email": "nadia@example.org", "lab": zambia.pk})
    assert Membership.objects.filter(user__email="nadia@example.org").count() == 1


def test_an_invalid_form_creates_nothing(client, rita):
    client.force_login(rita)
    response = client.post(URL, {"email": "not an address", "lab": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"email", "lab"}
    assert not User.objects.filter(username="not an address").exists()
    assert send_queued() == []


def test_staff_see_the_form(client, rita):
    client.force_login(rita)
    response = client.get(URL)
    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["email", "lab", "name", "language"]


def test_a_focal_point_gets_404(client, alice, zambia):
    client.force_login(alice)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"email": "x@example.org", "lab": zambia.pk}).status_code == 404
    assert not User.objects.filter(email="x@example.org").exists()


def test_an_anonymous_visitor_gets_404(client):
    assert client.get(URL).status_code == 404


def test_a_reviewer_cannot_make_themselves_a_focal_point_and_edit_the_labs_plans(
    client, rita, zambia, open_cycle
):
    plan = make_plan(lab=zambia, status=LearningPlan.Status.DRAFT, year=open_cycle.year)
    client.force_login(rita)
    response = client.post(URL, {"email": "rita@example.org", "lab": zambia.pk})
    assert response.status_code == 200
    assert "yourself" in str(response.context["form"].errors["email"])
    assert not Membership.objects.filter(user=rita).exists()
    assert send_queued() == []

    step = reverse("my:step", args=[plan.pk, "challenge"])
    response = client.post(step, {"version": plan.version, "save": "1", **CHALLENGE})
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.challenge_statement == ""


@pytest.mark.parametrize("inviter", ["rita", "root"])
@pytest.mark.parametrize("invited", ["Rex@Example.org", "ROOT@example.org"])
def test_an_email_of_a_staff_account_is_refused(
    client, django_user_model, rita, root, zambia, inviter, invited
):
    django_user_model.objects.create_user(username="rex", email="rex@example.org", is_staff=True)
    client.force_login({"rita": rita, "root": root}[inviter])
    response = client.post(URL, {"email": invited, "lab": zambia.pk})
    assert response.status_code == 200
    if invited.lower() != f"{inviter}@example.org":
        assert "reviewer or administrator" in str(response.context["form"].errors["email"])
    assert not Membership.objects.exists()
    assert send_queued() == []


def test_nobody_invites_themselves(client, root, zambia):
    client.force_login(root)
    response = client.post(URL, {"email": " Root@Example.ORG ", "lab": zambia.pk})
    assert response.status_code == 200
    assert "You cannot invite yourself" in response.content.decode()
    assert not Membership.objects.exists()


def test_an_address_differing_only_in_case_gets_no_second_account(
    client, django_user_model, rita, zambia
):
    nadia = django_user_model.objects.create_user(username="nadia", email="Nadia.Banda@Example.org")
    client.force_login(rita)
    response = client.post(URL, {"email": "nadia.banda@example.ORG", "lab": zambia.pk})
    assert response.status_code == 302
    assert django_user_model.objects.count() == 2
    assert list(Membership.objects.values_list("user", "lab")) == [(nadia.pk, zambia.pk)]
    assert send_queued()[0].to == [nadia.email]


def test_an_invitation_is_recorded_in_the_labs_history(client, rita, zambia):
    client.force_login(rita)
    client.post(URL, {"email": "nadia@example.org", "lab": zambia.pk})
    nadia = User.objects.get(email="nadia@example.org")
    entries = LogEntry.objects.filter(user=rita).order_by("pk")
    assert [(entry.action_flag, entry.get_edited_object()) for entry in entries] == [
        (ADDITION, nadia),
        (CHANGE, zambia),
    ]
    assert entries[1].get_change_message() == "Added membership “nadia@example.org @ Zambia”."

    # Inviting her again changes nothing and records nothing more.
    client.post(URL, {"email": "nadia@example.org", "lab": zambia.pk})
    assert LogEntry.objects.count() == 2
