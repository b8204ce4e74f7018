"""The worker as production runs it (`manage.py db_worker`), in its own process, against the
test database: what a request commits, it sends; what the mail server refuses, it tries again.

The worker reads the database the test run committed to, so these tests need PostgreSQL (the
SQLite test database lives in the test process's memory).
"""

import os
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from labs.models import Membership
from outbox.models import Email
from tests.conftest import ROOT

from .conftest import closed_port

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_worker(**env) -> subprocess.CompletedProcess:
    """`manage.py db_worker --batch`: every task due now, then exit."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgres://{quote(db['USER'])}{password}@{db['HOST']}:{db['PORT']}"
        f"/{db['NAME']}",
        "DJANGO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result


def invite(client, rita, zambia):
    client.force_login(rita)
    response = client.post(
        reverse("accounts:invite"), {"email": "nadia@example.org", "lab": zambia.pk}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user__email="nadia@example.org", lab=zambia).exists()


def test_the_worker_sends_what_an_invitation_committed(client, rita, zambia, tmp_path):
    invite(client, rita, zambia)
    email = Email.objects.get()
    assert email.status == Email.Status.QUEUED

    run_worker(DJANGO_SETTINGS_MODULE="tests.outbox.worker_settings", ALP_TEST_MAIL_DIR=tmp_path)

    (written,) = tmp_path.iterdir()
    message = written.read_text()
    assert "To: nadia@example.org" in message
    assert "Subject: ALP Portal: you are a focal point of Zambia" in message
    assert "/accounts/password-reset/" in message
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (Email.Status.SENT, 1, "")
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_worker_records_refusals_tries_again_and_gives_up(client, rita, zambia):
    invite(client, rita, zambia)
    mail_server = {"DJANGO_EMAIL_HOST": "127.0.0.1", "DJANGO_EMAIL_PORT": str(closed_port())}

    # First attempt: refused, recorded, and another one ordered for a minute later.
    run_worker(**mail_server)
    email = Email.objects.get()
    assert (email.status, email.attempts) == (Email.Status.QUEUED, 1)
    assert email.last_error.startswith("ConnectionRefusedError")
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > timezone.now()

    # Its time comes; without pauses the worker goes through the remaining attempts.
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker(**mail_server, ALP_MAIL_RETRY_SECONDS="0")
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Email.Status.FAILED, 5)
    assert "Connection refused" in email.last_error
    assert not DBTaskResult.objects.filter(status="READY").exists()
