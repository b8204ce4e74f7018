"""Measure the public pages at scale: fill the database with synthetic plans, then time each page.

    python manage.py bench_browse --plans 100000

Prints, per page type, the median and 95th-percentile server time of in-process requests, the
median as a multiple of a floor timed in the same run (the sign-in page: middleware and a
template, no plan read), and the number of SQL queries each made. The cache of public pages is
off while it measures, so every figure is uncached.
"""

import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment
from django.urls import reverse
from django.utils import timezone

from labs.models import Lab
from partners.models import PartnerOrganisation, Partnership
from plans import countries, questionnaire
from plans.models import LearningPlan, LearningQuestion, Tag
from plans.search import uses_postgres
from plans.sectors import Sector
from plans.vocabularies import SDGS, sdg_name
from plans.writing import writing

PREFIX = "bench-"
FLOOR = "floor: sign-in page"
CSV_ROWS = 10_000
WORDS = (
    "water energy youth women climate waste circular digital data market informal city rural "
    "farmers health education finance mobility housing plastic recycling solar drought flood "
    "migration jobs skills trust governance citizens community innovation experiment survey "
    "mapping foresight ethnography behaviour incentives platform sensors satellite mobile"
).split()


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
            self.stdout.write(f"filled {plans} plans in {time.perf_counter() - started:.0f} s")
        if uses_postgres() and not connection.in_atomic_block:
            # What autovacuum does on a live server after a bulk load: visibility map and stats.
            # (Not possible inside a transaction, as under the test suite.)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
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


@override_settings(ALP_PUBLIC_CACHE_SECONDS=0)
def measure(requests: int) -> list[tuple[str, float, float, int]]:
    try:
        setup_test_environment()
    except RuntimeError:
        pass  # Already set up: the command runs under the test suite.
    client = Client()
    sample = LearningPlan.objects.filter(slug__startswith=PREFIX).order_by("?").first()
    method = Tag.objects.filter(vocabulary="method").order_by("pk").first()
    pages = [
        (FLOOR, reverse("accounts:sign_in")),
        ("listing", "/plans/"),
        ("listing, 3 filters", f"/plans/?sdg=5&region=RBA&method={method.slug}"),
        ("search", "/plans/?q=water+farmers"),
        ("search + 2 filters", "/plans/?q=youth+skills&year=2023&kind=plan"),
        ("plan page", sample.get_absolute_url()),
        ("API page", "/api/plans/?page=3"),
        ("CSV export", "/plans/export.csv"),
    ]
    rows = []
    for name, url in pages:
        times, queries = [], 0
        count = 3 if name.startswith("CSV") else requests
        for _ in range(count):
            with CaptureQueriesContext(connection) as context:
                started = time.perf_counter()
                response = client.get(url)
                if response.streaming:
                    exported = _read_rows(response, CSV_ROWS)
                times.append((time.perf_counter() - started) * 1000)
            queries = len(context.captured_queries)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
        if response.streaming:
            name = f"{name}, first {exported:,} rows"
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        rows.append((name, statistics.median(times), p95, queries))
    return rows


def _read_rows(response, rows: int) -> int:
    """Read a streamed CSV up to its header and `rows` rows (one chunk each) and drop the rest:
    the first rows of the whole export, the same amount at every database size."""
    read = 0
    for read, _chunk in enumerate(response.streaming_content):  # chunk 0 is the header
        if read == rows:
            break
    # Close the export's database cursor now: left to the garbage collector, it closed in the
    # middle of a later query and deadlocked on the connection. As the test client does at the
    # end of a stream, without closing the connection itself (or the test's transaction).
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    return read


def fill(count: int, seed: int = 7) -> None:
    """Synthetic published plans with tags, partners and learning questions, in bulk."""
    rng = random.Random(seed)
    labs = [
        Lab.objects.get_or_create(
            name=country.name,
            defaults={
                "slug": f"{PREFIX}{country.code.lower()}",
                "country": country.code,
                "region": country.region,
                "latitude": rng.uniform(-30, 50),
                "longitude": rng.uniform(-90, 120),
            },
        )[0]
        for country in countries.COUNTRIES
    ]
    tags = {
        "sdg": [
            Tag.objects.get_or_create(
                vocabulary="sdg", number=n, defaults={"name": sdg_name(n), "slug": str(n)}
            )[0]
            for n in SDGS
        ]
    }
    for vocabulary, size in [("method", 40), ("datasource", 120), ("theme", 200)]:
        tags[vocabulary] = [
            Tag.objects.get_or_create(
                vocabulary=vocabulary,
                slug=f"{PREFIX}{vocabulary}-{n}",
                defaults={"name": f"{rng.choice(WORDS)} {vocabulary} {n}"},
            )[0]
            for n in range(size)
        ]
    organisations = PartnerOrganisation.objects.bulk_create(
        PartnerOrganisation(
            name=f"{rng.choice(WORDS).title()} Partners {n}",
            normalised_name=f"{PREFIX}{n}",
            slug=f"{PREFIX}org-{n}",
        )
        for n in range(max(count // 20, 10))
    )
    now = timezone.now()
    batch = 2000
    for start in range(0, count, batch):
        plans = [_plan(rng, start + n, labs, now) for n in range(min(batch, count - start))]
        # Through the one write path, as every writer: indexed, counted and a revision each.
        with writing(*plans, reason="import"):
            LearningPlan.objects.bulk_create(plans)
            through = LearningPlan.tags.through
            links = []
            for plan in plans:
                chosen = [*rng.sample(tags["sdg"], 3)]
                for vocabulary in ("method", "datasource", "theme"):
                    chosen += rng.sample(tags[vocabulary], 3)
                links += [through(learningplan_id=plan.pk, tag_id=tag.pk) for tag in chosen]
            through.objects.bulk_create(links, batch_size=5000)
            Partnership.objects.bulk_create(
                (
                    Partnership(
                        plan=plan,
                        organisation=rng.choice(organisations),
                        position=position,
                        sector=rng.choice(Sector.values),
                        description=_sentence(rng),
                        is_new_and_unusual=rng.random() < 0.3,
                    )
                    for plan in plans
                    for position in (1, 2, 3)
                ),
                batch_size=5000,
            )
            questions = []
            for plan in plans:
                for position in (1, 2):
                    question = LearningQuestion(
                        plan=plan, position=position, question=_sentence(rng) + "?"
                    )
                    question.stages = rng.sample(LearningQuestion.Stage.values, 2)
                    questions.append(question)
            LearningQuestion.objects.bulk_create(questions, batch_size=5000)


def _plan(rng, number, labs, now) -> LearningPlan:
    lab = rng.choice(labs)
    kind = "plan" if rng.random() < 0.65 else "progress"
    return LearningPlan(
        slug=f"{PREFIX}{number}",
        title=f"{_sentence(rng, 5).title()} in {lab.name}",
        kind=kind,
        questionnaire=questionnaire.CURRENT[kind].key,
        status=LearningPlan.Status.PUBLISHED,
        published_at=now,
        lab=lab,
        year=rng.choice([2021, 2022, 2023, 2024, 2025]),
        language=rng.choice(["en", "en", "en", "fr", "es"]),
        challenge_type=rng.choice(["big_bet", "exploratory", ""]) if kind == "plan" else "",
        challenge_statement="Our challenge is that " + _sentence(rng, 25) + ".",
        background=_sentence(rng, 80),
        tweet_summary=_sentence(rng, 30),
        value_proposition=_sentence(rng, 40),
    )


def _vocabulary(size: int = 4000) -> tuple[list[str], list[float]]:
    """Made-up words with the themes' real words among them, drawn by Zipf's law as natural
    text is, so that a search for two topical words matches a realistic share of plans."""
    rng = random.Random(1)
    syllables = "ka lo mi ne su ra to vi de pa gu ze ho bi tu fe ja ru no si".split()
    words = []
    while len(words) < size:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in words:
            words.append(word)
    words[200 : 200 + len(WORDS)] = WORDS
    total, cumulative = 0.0, []
    for rank in range(1, size + 1):
        total += 1 / rank
        cumulative.append(total)
    return words, cumulative


VOCABULARY, CUMULATIVE = _vocabulary()


def _sentence(rng, words: int = 12) -> str:
    return " ".join(rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=words))
