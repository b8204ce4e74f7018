"""Shared fixtures: a small cast of users, labs and a `make_plan` helper.

alice is the focal point of the Zambia lab, bob of the Serbia lab; rita is a reviewer (staff);
root is an administrator.
"""

import os
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.utils import timezone, translation
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from labs.models import Cycle, Lab, Membership
from plans.models import LearningPlan
from plans.writing import writing

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "documents"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "learningplans"
SEEDS = SHARED / "seeds"


def pytest_collection_modifyitems(config, items):
    on_postgres = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL"))
        if "corpus" in item.keywords and not CORPUS.is_dir():
            item.add_marker(pytest.mark.skip(reason=f"the shared corpus is absent ({CORPUS})"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # CI provides PostgreSQL, Chromium and ../shared: there, a skip is a failure.
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("ALP_NO_SKIPS") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where nothing may skip: {report.longrepr}"


def pytest_sessionstart(session):
    # `make test` compiles the translations first; a bare `pytest` does it here, in pure Python.
    for po in ROOT.glob("locale/*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source, mo.open("wb") as target:
                write_mo(target, read_po(source))


@pytest.fixture(autouse=True)
def _english_after_each_test():
    # A request in another language leaves it active in the thread (LocaleMiddleware does not
    # reset it): every test starts in English, as existing tests expect.
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _no_cached_pages():
    # Public pages are kept in the cache for anonymous visitors: none outlives its test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _mail_through_the_outbox(settings):
    # Django's test runner makes every mailer the in-memory one; e-mail goes as in production
    # instead: kept in the outbox with a task in the database, and only `send_queued()` (the
    # worker's step) fills `mail.outbox`.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MAILERS = {
        "default": {"BACKEND": "outbox.backends.OutboxBackend"},
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }


def send_queued() -> list:
    """What `manage.py db_worker --batch` does, in the test's own transaction: run every task due
    now (a retry due later waits). Returns the e-mails sent so far, `mail.outbox`."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    while (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
    return mail.outbox


@pytest.fixture
def zambia(db):
    return Lab.objects.create(name="Zambia", slug="zambia", country="ZM", region="RBA")


@pytest.fixture
def serbia(db):
    return Lab.objects.create(name="Serbia", slug="serbia", country="RS", region="RBEC")


def _user(django_user_model, name, **extra):
    return django_user_model.objects.create_user(
        username=name, email=f"{name}@example.org", password="a long test password", **extra
    )


@pytest.fixture
def alice(django_user_model, zambia):
    user = _user(django_user_model, "alice")
    Membership.objects.create(user=user, lab=zambia)
    return user


@pytest.fixture
def bob(django_user_model, serbia):
    user = _user(django_user_model, "bob")
    Membership.objects.create(user=user, lab=serbia)
    return user


@pytest.fixture
def rita(django_user_model):
    return _user(django_user_model, "rita", is_staff=True)


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser(
        username="root", email="root@example.org", password="a long test password"
    )


@pytest.fixture
def open_cycle(db):
    """This year's cycle, taking plans and progress reports today."""
    today = timezone.localdate()
    month = timedelta(days=30)
    return Cycle.objects.create(
        year=today.year,
        plans_open_on=today - month,
        plans_close_on=today + month,
        reports_open_on=today - month,
        reports_close_on=today + month,
    )


_counter = iter(range(1, 10**6))


def make_plan(*, parts=None, **overrides) -> LearningPlan:
    """A saved plan with sensible defaults; any field can be overridden. `parts(plan)` writes its
    partners, questions or insights in the same write."""
    number = next(_counter)
    if "lab" not in overrides:
        overrides["lab"], _ = Lab.objects.get_or_create(
            name="Kenya", defaults={"slug": "kenya", "country": "KE", "region": "RBA"}
        )
    overrides.setdefault("title", f"Plan number {number}")
    overrides.setdefault("slug", f"plan-{number}")
    overrides.setdefault("year", 2023)
    overrides.setdefault("questionnaire", "plan-2023")
    overrides.setdefault("status", LearningPlan.Status.PUBLISHED)
    if overrides["status"] == LearningPlan.Status.PUBLISHED:
        overrides.setdefault("published_at", timezone.now())
    tags = overrides.pop("tags", [])
    plan = LearningPlan(**overrides)
    # The one write path, as every writer takes: indexed, counted, a first revision.
    with writing(plan, reason="import"):
        plan.save()
        plan.tags.set(tags)
        if parts:
            parts(plan)
    return plan


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"


def run_together(count, work) -> list:
    """Run `work(number, start)` for each number below `count`, each in its own thread (and so its
    own database connection, closed at the end); `start()` waits until all are ready, so that
    what follows it runs at once. Returns what each returned, in order; re-raises an error."""
    barrier, results, errors = threading.Barrier(count), [None] * count, []

    def run(number):
        try:
            results[number] = work(number, barrier.wait)
        except Exception as error:  # handed to the test's thread
            errors.append(error)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results
