"""Measure the public pages at scale: fill the database with synthetic plans shaped like the real
export (demo/scale.py), then time each page.

    python manage.py bench_browse --plans 100000

Prints, per page type, the median and 95th-percentile server time of in-process requests, the
median as a multiple of a floor timed in the same run (the sign-in page: middleware and a
template, no plan read), and the number of SQL queries each made. Each request of a page type
asks for a different address (another page, filter, search words or plan), and a floor request
goes before each, so that no cache answers and a busy machine slows both alike. Nothing here is
cached, so every figure is uncached.
"""

import csv
import io
import random
import statistics
import time
from contextlib import contextmanager
from unittest import mock

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from demo.scale import PREFIX, WORDS, fill
from partners.models import PartnerOrganisation
from plans.models import LearningPlan, Tag
from plans.search import uses_postgres
from public import exports, plan_index

FLOOR = "floor: sign-in page"
CSV_ROWS = 10_000
WARM_UP = 5
API_PAGE_SIZE = 20


class Command(BaseCommand):
    help = (
        "Fill the database with N synthetic published plans (refusing one that holds real plans "
        "unless --force) and print median and 95th-percentile server times and SQL query counts "
        "of the listing, filtered listing, search, plan page, API page and the first 10,000 rows "
        "of the CSV export."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plans", type=int, default=1000, help="How many synthetic plans.")
        parser.add_argument("--requests", type=int, default=15, help="Requests per page type.")
        parser.add_argument("--force", action="store_true", help="Run beside real plans.")
        parser.add_argument("--keep", action="store_true", help="Reuse existing synthetic plans.")

    def handle(self, *args, plans, requests, force, keep, **options):
        prepare(self, plans, force=force, keep=keep)
        self.stdout.write(f"database: {connection.vendor}, plans: {LearningPlan.objects.count()}")
        self.report(measure(requests))

    def report(self, rows):
        # Machines differ several-fold: each page is also given as a multiple of the floor, a
        # bare page (middleware and a template, no plan read) timed in the same run.
        floor = rows[0][1]
        header = f"{'page':<34} {'median ms':>10} {'× floor':>8} {'p95 ms':>8} {'queries':>8}"
        self.stdout.write(header)
        for name, median, p95, queries in rows:
            ratio = median / floor if floor else 0
            self.stdout.write(f"{name:<34} {median:>10.1f} {ratio:>8.1f} {p95:>8.1f} {queries:>8}")
        medians = {name: median for name, median, _p95, _queries in rows}
        anchor = medians["anchor: regex search, ids only"]
        self.stdout.write(f"search page ÷ regex anchor: {medians['search'] / anchor:.2f}")


def prepare(command: BaseCommand, plans: int, *, force: bool, keep: bool) -> None:
    """What the benchmarks start from: `plans` synthetic plans, filled again unless `keep` finds
    as many (refused beside real plans unless `force`), and the database vacuumed."""
    real = LearningPlan.objects.exclude(slug__startswith=PREFIX)
    if real.exists() and not force:
        raise CommandError(
            f"This database holds {real.count()} real plans; use an empty database "
            "(e.g. DATABASE_URL=postgres://…/alp_bench) or pass --force."
        )
    existing = LearningPlan.objects.filter(slug__startswith=PREFIX).count()
    if existing != plans or not keep:
        started = time.perf_counter()
        LearningPlan.objects.filter(slug__startswith=PREFIX).delete()
        PartnerOrganisation.objects.filter(slug__startswith=f"{PREFIX}org-").delete()
        fill(plans)
        command.stdout.write(f"filled {plans} plans in {time.perf_counter() - started:.0f} s")
    if uses_postgres() and not connection.in_atomic_block:
        # What autovacuum does on a live server after a bulk load: visibility map and stats.
        # (Not possible inside a transaction, as under the test suite.)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


# Uncached: no page kept, and every search asked of the database as if for the first time.
@override_settings(ALP_PUBLIC_CACHE_SECONDS=0)
@mock.patch.object(plan_index, "KEPT_SEARCHES", 0)
def measure(requests: int) -> list[tuple[str, float, float, int]]:
    client = Client()
    rng = random.Random(11)
    plans = LearningPlan.objects.filter(slug__startswith=PREFIX)
    total = plans.count()
    slugs = list(plans.order_by("?").values_list("slug", flat=True)[:requests])
    methods = list(
        Tag.objects.filter(vocabulary="method", published_count__gt=0)
        .order_by("-published_count")
        .values_list("slug", flat=True)[:10]
    )
    listing_pages = max(1, -(-total // 20))
    api_pages = max(1, -(-total // API_PAGE_SIZE))
    pairs = [rng.sample(WORDS, 2) for _ in range(requests + 1)]  # one to warm up
    regions = ["RBA", "RBAP", "RBAS", "RBEC", "RBLAC"]
    pages = [
        ("listing", lambda i: f"/plans/?page={i % listing_pages + 1}"),
        (
            "listing, 3 filters",
            lambda i: (
                f"/plans/?sdg={i % 17 + 1}&region={regions[i % 5]}"
                f"&method={methods[i % len(methods)]}"
            ),
        ),
        ("search", lambda i: f"/plans/?q={'+'.join(pairs[i])}"),
        (
            "search + 2 filters",
            lambda i: f"/plans/?q={'+'.join(pairs[i])}&year={2021 + i % 5}&kind=plan",
        ),
        ("plan page", lambda i: f"/plans/{slugs[i % len(slugs)]}/"),
        (
            "API page",
            lambda i: f"/api/plans/?page={i % api_pages + 1}",
        ),
        ("stats, 1 filter", lambda i: f"/plans/stats/?sdg={i % 17 + 1}"),
        ("map, 1 filter", lambda i: f"/plans/map/?year={2021 + i % 5}"),
        ("partner directory", lambda i: f"/partners/?page={i % 5 + 1}"),
        ("CSV export", lambda i: "/plans/export.csv"),
    ]
    floors, rows = [], []
    sign_in = reverse("accounts:sign_in")
    # As a server answers: https (no redirect to it), and without the test suite's template
    # instrumentation, which copies every template's context for the test client to inspect.
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(ALLOWED_HOSTS=hosts):
        # Each page asked first, as a running server has answered before: the first request
        # after VACUUM (or a restart) reads cold indexes and compiles templates, and psycopg
        # prepares a query the fifth time a connection asks it (see settings).
        _get(client, sign_in)
        for name, address in pages:
            if not name.startswith("CSV"):
                for _ in range(WARM_UP):
                    _get(client, address(requests))
        for name, address in pages:
            times, queries = [], 0
            count = 3 if name.startswith("CSV") else requests
            for i in range(count):
                started = time.perf_counter()
                _get(client, f"{sign_in}?next=/plans/{i}/{name.replace(' ', '')}/")
                floors.append((time.perf_counter() - started) * 1000)
                url = address(i)
                with counted_queries() as sent:
                    started = time.perf_counter()
                    response = _get(client, url)
                    if response.streaming:
                        exported = _read_rows(response, CSV_ROWS)
                    times.append((time.perf_counter() - started) * 1000)
                if response.streaming:
                    exported = len(list(csv.reader(io.StringIO(exported.decode())))) - 1
                queries = len(sent)
            if response.streaming:
                name = f"{name}, first {exported:,} rows"
            rows.append((name, *_median_p95(times), queries))
    return [(FLOOR, *_median_p95(floors), 0), *rows, _regex_anchor(plans, pairs[:requests])]


@contextmanager
def counted_queries():
    """The queries the block sends, counted as they go: Django's debug cursor, which the test
    suite's query capture turns on, writes out each query's SQL with its parameters, as a
    server does not (with server-side binding, 0.3 ms of a plan page)."""
    sent = []

    def count(execute, sql, params, many, context):
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield sent


def _regex_anchor(plans, pairs) -> tuple[str, float, float, int]:
    """How SDG Commons searches, for comparison: an unindexed case-insensitive regular expression
    per word over each plan's whole text, the matching ids read (no page, no facets)."""
    times = []
    for words in pairs:
        matching = plans
        for word in words:
            matching = matching.filter(search_text__iregex=word)
        started = time.perf_counter()
        list(matching.values_list("pk", flat=True))
        times.append((time.perf_counter() - started) * 1000)
    return ("anchor: regex search, ids only", *_median_p95(times), 1)


def _get(client, url):
    response = client.get(url, secure=True)
    if response.status_code != 200:
        raise CommandError(f"{url} answered {response.status_code}")
    return response


def _median_p95(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def _read_rows(response, rows: int) -> bytes:
    """Read a streamed CSV up to its header and some `rows` rows and drop the rest: the first
    rows of the whole export, about the same amount at every database size. The export sends
    its rows `PIECES_A_WRITE` a piece (the caller counts the rows read afterwards, untimed)."""
    pieces = []
    for piece in response.streaming_content:
        pieces.append(piece)
        if len(pieces) * exports.PIECES_A_WRITE > rows:
            break
    # Close the export's database cursor now: left to the garbage collector, it closed in the
    # middle of a later query and deadlocked on the connection. As the test client does at the
    # end of a stream, without closing the connection itself (or the test's transaction).
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    return b"".join(pieces)
