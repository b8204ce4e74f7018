"""Staff see in the admin what went out, what waits and what failed, and can send again."""

import pytest
from django.core.mail import send_mail
from django.urls import reverse

from outbox.models import Email
from tests.conftest import send_queued

pytestmark = pytest.mark.django_db

LIST = reverse("admin:outbox_email_changelist")


@pytest.fixture
def failed(mail_server_down, settings):
    settings.ALP_MAIL_RETRY_SECONDS = 0
    send_mail("Your link", "https://portal/accounts/password-reset/x/y/", None, ["a@example.org"])
    send_queued()
    return Email.objects.get(status=Email.Status.FAILED)


def test_failed_emails_are_listed_with_their_error_and_without_their_text(client, root, failed):
    send_mail("Sent fine", "Body", None, ["b@example.org"])
    client.force_login(root)
    listing = client.get(LIST, {"status__exact": "failed"})
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [failed]
    found = client.get(LIST, {"q": "a@example.org"})
    assert list(found.context["cl"].result_list) == [failed]
    page = client.get(reverse("admin:outbox_email_change", args=[failed.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "ConnectionRefusedError" in content and "Your link" in content
    # The text is not shown: links in it sign people in.
    assert "/accounts/password-reset/x/y/" not in content
    assert page.context["has_change_permission"] is False
    assert client.get(reverse("admin:outbox_email_add")).status_code == 403
    delete = client.post(reverse("admin:outbox_email_delete", args=[failed.pk]), {"post": "yes"})
    assert delete.status_code == 403


def test_sending_again_gives_a_failed_email_new_attempts(client, root, failed, settings):
    settings.MAILERS = {
        **settings.MAILERS,
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }
    client.force_login(root)
    response = client.post(
        LIST, {"action": "send_again", "_selected_action": [failed.pk]}, follow=True
    )
    assert response.status_code == 200
    assert "1 e-mail(s) queued again." in response.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Email.Status.QUEUED, 0)
    (message,) = send_queued()
    assert message.to == ["a@example.org"]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Email.Status.SENT, 1)


def test_sent_emails_are_not_sent_again(client, root):
    send_mail("Hello", "Body", None, ["b@example.org"])
    send_queued()
    client.force_login(root)
    response = client.post(
        LIST, {"action": "send_again", "_selected_action": [Email.objects.get().pk]}, follow=True
    )
    assert "0 e-mail(s) queued again." in response.content.decode()
    assert len(send_queued()) == 1


def test_a_reviewer_without_the_permission_does_not_see_them(client, rita, failed):
    client.force_login(rita)
    assert client.get(LIST).status_code == 403
