import threading
import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connections
from django.test import Client
from django.urls import reverse

from accounts import forms

pytestmark = pytest.mark.django_db

URL = reverse("accounts:sign_in")
PASSWORD = "a long test password"


def sign_in(client, email, password=PASSWORD, address="127.0.0.1", **data):
    return client.post(URL, {"email": email, "password": password, **data}, REMOTE_ADDR=address)


def test_the_form_asks_for_email_and_password(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["email", "password"]
    assert b"E-mail" in response.content


@pytest.mark.parametrize("typed", ["alice@example.org", "Alice@Example.ORG", " ALICE@example.org "])
def test_it_signs_in_by_email_in_any_case_and_redirects_home(client, alice, typed):
    response = sign_in(client, typed)
    assert response.status_code == 302
    assert response.url == "/my/"  # a focal point lands on their plans
    assert client.session[SESSION_KEY] == str(alice.pk)


def test_it_redirects_to_a_safe_next_page_only(client, alice):
    response = sign_in(client, "alice@example.org", next="/my/")
    assert response.status_code == 302
    assert response.url == "/my/"
    client.logout()
    response = sign_in(client, "alice@example.org", next="https://evil.example.com/")
    assert response.status_code == 302
    assert response.url == "/my/"


def test_each_role_lands_on_what_it_uses(client, rita, django_user_model):
    assert sign_in(client, "rita@example.org").url == "/review/"
    client.logout()
    django_user_model.objects.create_user(
        username="vera", email="vera@example.org", password=PASSWORD
    )
    assert sign_in(client, "vera@example.org").url == "/"  # no lab, no reviewing: the portal


def test_a_wrong_password_shows_an_error_and_keeps_the_email(client, alice):
    response = sign_in(client, "alice@example.org", password="not the password")
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert b"The e-mail or the password is not right" in response.content
    assert b'value="alice@example.org"' in response.content
    assert b"not the password" not in response.content


def test_an_unknown_email_gets_the_same_error(client, alice):
    response = sign_in(client, "nobody@example.org")
    assert response.status_code == 200
    assert b"The e-mail or the password is not right" in response.content


def test_the_username_does_not_sign_in(client, alice):
    response = client.post(URL, {"email": "alice", "password": PASSWORD})
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_an_inactive_account_cannot_sign_in(client, alice):
    alice.is_active = False
    alice.save()
    response = sign_in(client, "alice@example.org")
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_the_sixth_failure_for_one_email_is_refused_with_429(client, alice, bob):
    for _ in range(5):
        assert sign_in(client, "alice@example.org", password="wrong guess").status_code == 200
    response = sign_in(client, "ALICE@example.org", password="wrong guess")
    assert response.status_code == 429
    assert b"Too many attempts: try again in 15 minutes" in response.content

    # Even the right password waits, and the page does not say whether it was right.
    response = sign_in(client, "alice@example.org")
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    assert b"not right" not in response.content

    # Someone else, elsewhere, is not affected.
    response = sign_in(Client(), "bob@example.org", address="10.0.0.2")
    assert response.status_code == 302


def test_the_lock_lifts_when_the_window_has_passed(client, alice, settings):
    settings.ALP_SIGN_IN_WINDOW_SECONDS = 1
    settings.ALP_SIGN_IN_MAX_FAILURES = 1
    assert sign_in(client, "alice@example.org", password="wrong guess").status_code == 200
    assert sign_in(client, "alice@example.org").status_code == 429
    time.sleep(1.1)
    assert sign_in(client, "alice@example.org").status_code == 302


def test_too_many_failures_from_one_address_lock_it_for_every_email(client, alice, settings):
    settings.ALP_SIGN_IN_MAX_FAILURES_PER_ADDRESS = 3
    for number in range(3):
        sign_in(client, f"guess{number}@example.org", address="10.9.9.9")
    response = sign_in(client, "alice@example.org", address="10.9.9.9")
    assert response.status_code == 429
    assert b"Too many attempts" in response.content
    assert sign_in(client, "alice@example.org", address="10.0.0.3").status_code == 302


def test_a_successful_sign_in_clears_the_accounts_count(client, alice):
    for _ in range(4):
        sign_in(client, "alice@example.org", password="wrong guess")
    assert sign_in(client, "alice@example.org").status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "alice@example.org", password="wrong guess").status_code == 200
    assert sign_in(client, "alice@example.org").status_code == 302


def test_a_form_without_a_password_checks_nothing_and_is_not_counted(client, alice, settings):
    settings.ALP_SIGN_IN_MAX_FAILURES = 1
    for _ in range(3):
        assert sign_in(client, "alice@example.org", password="").status_code == 200
    assert sign_in(client, "alice@example.org").status_code == 302


def test_sign_ins_that_succeed_do_not_use_up_the_addresss_limit(client, alice, settings):
    settings.ALP_SIGN_IN_MAX_FAILURES_PER_ADDRESS = 2
    for _ in range(4):
        assert sign_in(client, "alice@example.org").status_code == 302
        client.logout()
    assert sign_in(client, "alice@example.org", password="wrong guess").status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_attempts_check_no_more_passwords_than_the_limit(alice, monkeypatch):
    """30 wrong passwords at once, as a script would send them: only 5 are ever checked."""
    checked = []
    authenticate = forms.authenticate

    def slow_authenticate(*args, **kwargs):
        checked.append(kwargs["username"])
        time.sleep(0.05)  # as long as a real hasher: every request overlaps the others
        return authenticate(*args, **kwargs)

    monkeypatch.setattr(forms, "authenticate", slow_authenticate)
    start = threading.Barrier(30)
    statuses = []

    def attempt():
        try:
            client = Client()
            start.wait()
            statuses.append(sign_in(client, "alice@example.org", password="wrong").status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(checked) == 5
    assert sorted(statuses) == [200] * 5 + [429] * 25


def test_sign_in_enforces_csrf():
    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, {"email": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 403


def test_sign_in_with_the_csrf_token_works(alice):
    client = Client(enforce_csrf_checks=True)
    client.get(URL)
    token = client.cookies["csrftoken"].value
    response = client.post(
        URL, {"email": "alice@example.org", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_sign_out_requires_post(client, alice):
    client.force_login(alice)
    assert client.get(reverse("accounts:sign_out")).status_code == 405
    assert SESSION_KEY in client.session
    response = client.post(reverse("accounts:sign_out"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_the_header_links_to_sign_in_and_offers_sign_out(client, alice):
    response = client.get(URL)
    assert f'href="{URL}?next='.encode() in response.content
    client.force_login(alice)
    response = client.get(URL)
    assert f'action="{reverse("accounts:sign_out")}"'.encode() in response.content
    assert b"Sign out" in response.content


def test_behind_a_trusted_proxy_the_forwarded_address_is_limited(settings):
    from django.test import RequestFactory

    from accounts.views import client_address

    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")
    settings.TRUST_X_FORWARDED_FOR = False
    assert client_address(request) == "127.0.0.1"
    settings.TRUST_X_FORWARDED_FOR = True
    assert client_address(request) == "198.51.100.7"
