"""Measure the open-data exports at scale: how many plans a second each format streams.

    python manage.py bench_exports --plans 100000

Fills the database with N synthetic published plans as `bench_browse` does (or reuses them with
`--keep`), then downloads the whole CSV, JSON and zip export in process, each `--runs` times,
and prints per format the median wall time from the request to the last byte (the database
preparing its cursor included), plans a second, this process's CPU time, the size and the
number of SQL queries.
"""

import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings, setup_test_environment
from django.urls import reverse

from plans.models import LearningPlan

from .bench_browse import counted_queries, prepare

EXPORTS = [("CSV", "plans:export_csv"), ("JSON", "plans:export_json"), ("zip", "plans:export_zip")]


class Command(BaseCommand):
    help = (
        "Fill the database with N synthetic published plans (refusing one that holds real plans "
        "unless --force) and print how many plans a second the CSV, JSON and zip exports stream."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plans", type=int, default=10_000, help="How many synthetic plans.")
        parser.add_argument("--runs", type=int, default=3, help="Downloads per format.")
        parser.add_argument("--force", action="store_true", help="Run beside real plans.")
        parser.add_argument("--keep", action="store_true", help="Reuse existing synthetic plans.")

    def handle(self, *args, plans, runs, force, keep, **options):
        prepare(self, plans, force=force, keep=keep)
        count = LearningPlan.objects.published().count()
        self.stdout.write(f"database: {connection.vendor}, published plans: {count}")
        header = (
            f"{'export':<6} {'median s':>9} {'plans/s':>9} {'CPU s':>7} {'MB':>7} {'queries':>8}"
        )
        self.stdout.write(header)
        for name, wall, cpu, size, queries in measure(runs):
            rate = count / wall if wall else 0
            self.stdout.write(
                f"{name:<6} {wall:>9.2f} {rate:>9.0f} {cpu:>7.2f} {size / 1e6:>7.1f} {queries:>8}"
            )


def measure(runs: int) -> list[tuple[str, float, float, int, int]]:
    """Per export: its median wall and CPU seconds over `runs` whole downloads, size, queries."""
    try:
        setup_test_environment()
    except RuntimeError:
        pass  # Already set up: the command runs under the test suite.
    client = Client()
    # As to a server (bench_browse does the same): its hosts, and the test client's.
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        return _downloads(client, runs)


def _downloads(client, runs: int) -> list[tuple[str, float, float, int, int]]:
    results = []
    for name, url_name in EXPORTS:
        walls, cpus = [], []
        for _ in range(runs):
            with counted_queries() as sent:
                started, started_cpu = time.perf_counter(), time.process_time()
                # As to a server: over https, so that no redirect to it answers.
                response = client.get(reverse(url_name), secure=True)
                if response.status_code != 200:
                    raise CommandError(f"{name} export answered {response.status_code}")
                size = sum(len(chunk) for chunk in response.streaming_content)
                walls.append(time.perf_counter() - started)
                cpus.append(time.process_time() - started_cpu)
        median = statistics.median
        results.append((name, median(walls), median(cpus), size, len(sent)))
    return results
