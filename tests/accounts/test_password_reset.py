import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import send_queued

from .conftest import link_in, set_password

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "brand new river stones"


def test_a_reset_sends_one_email_to_the_accounts_address(client, alice, bob):
    response = client.post(reverse("accounts:password_reset"), {"email": "ALICE@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    send_queued()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.org"]
    assert "choose a new password" in mail.outbox[0].subject


def test_an_unknown_address_sends_nothing_but_looks_the_same(client, alice):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert send_queued() == []


def test_the_emailed_link_sets_a_new_password_that_signs_in(client, alice):
    client.post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
    link = link_in(send_queued()[0])

    response = set_password(client, link, NEW_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)

    response = client.post(
        reverse("accounts:sign_in"), {"email": "alice@example.org", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(alice.pk)


def test_the_link_works_once(client, alice):
    client.post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
    link = link_in(send_queued()[0])
    set_password(client, link, NEW_PASSWORD)

    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert not response.context["validlink"]
    assert b"does not work any more" in response.content


def test_a_short_password_is_refused(client, alice):
    client.post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
    response = set_password(client, link_in(send_queued()[0]), "short1")
    assert response.status_code == 200
    assert response.context["form"].errors
    alice.refresh_from_db()
    assert alice.check_password("a long test password")


def test_the_pages_render(client):
    for name in ("password_reset", "password_reset_done", "password_reset_complete"):
        assert client.get(reverse(f"accounts:{name}")).status_code == 200


def steps_of_a_reset(client, monkeypatch, email) -> dict:
    """What answering a reset request does: queries, templates, tokens and messages handed over."""
    tokens, handed_over = [], []
    make_token = default_token_generator.make_token
    send = mail.EmailMessage.send

    def spy_make_token(user):
        tokens.append(user.email)
        return make_token(user)

    def spy_send(message, *args, **kwargs):
        handed_over.append(message.subject)
        return send(message, *args, **kwargs)

    monkeypatch.setattr(default_token_generator, "make_token", spy_make_token)
    monkeypatch.setattr(mail.EmailMessage, "send", spy_send)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("accounts:password_reset"), {"email": email})
    monkeypatch.undo()
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    return {
        "queries": len(queries),
        "templates": [template.name for template in response.templates],
        "tokens": len(tokens),
        "messages": handed_over,
    }


@pytest.mark.parametrize("unknown", ["nobody@example.org", "bob@example.org"])
def test_an_unknown_or_inactive_address_takes_the_same_steps_as_a_known_one(
    client, monkeypatch, alice, bob, unknown
):
    bob.is_active = False
    bob.save()
    known = steps_of_a_reset(client, monkeypatch, "alice@example.org")
    assert len(send_queued()) == 1

    assert steps_of_a_reset(client, monkeypatch, unknown) == known
    assert "accounts/emails/password_reset.txt" in known["templates"]
    assert known["tokens"] == 1
    assert len(send_queued()) == 1, "nothing more was sent"
