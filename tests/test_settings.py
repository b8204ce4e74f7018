import os
import subprocess
import sys

from tests.conftest import ROOT


def run_manage(*args, **env):
    environment = {**os.environ, **env}
    # What a production shell has: none of the test run's own settings.
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_production_settings_pass_the_deployment_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 20 + "a-real-secret-key-from-the-environment-0123456789",
        DJANGO_ALLOWED_HOSTS="alp.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_production_sends_mail_through_the_outbox_and_the_database_worker():
    result = run_manage(
        "shell",
        "--verbosity=0",
        "-c",
        "from django.conf import settings as s; from django.core.mail import mailers; "
        "print(s.TASKS['default']['BACKEND'], s.MAILERS['default']['BACKEND'], "
        "type(mailers['delivery']).__module__, mailers['delivery'].timeout)",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 50,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django_tasks_db.DatabaseBackend",
        "outbox.backends.OutboxBackend",
        "django.core.mail.backends.smtp",
        "30",
    ]


def test_development_sends_mail_in_process_to_the_console():
    result = run_manage(
        "shell",
        "--verbosity=0",
        "-c",
        "from django.conf import settings as s; "
        "print(s.TASKS['default']['BACKEND'], s.MAILERS['delivery']['BACKEND'])",
        DJANGO_DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.tasks.backends.immediate.ImmediateBackend",
        "django.core.mail.backends.console.EmailBackend",
    ]


def test_production_caches_public_pages_only_in_a_cache_all_workers_share():
    show = (
        "from django.conf import settings as s; "
        "print(s.ALP_PUBLIC_CACHE_SECONDS, s.CACHES['default']['BACKEND'].rsplit('.', 1)[1])"
    )
    production = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50, "REDIS_URL": ""}
    alone = run_manage("shell", "--verbosity=0", "-c", show, **production)
    assert alone.stdout.split() == ["0", "LocMemCache"], alone.stderr
    production["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    shared = run_manage("shell", "--verbosity=0", "-c", show, **production)
    assert shared.stdout.split() == ["600", "RedisCache"], shared.stderr
