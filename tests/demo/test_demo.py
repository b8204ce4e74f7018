from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from demo.generator import DEMO_PASSWORD
from labs.models import Cycle, Region
from partners.models import PartnerOrganisation
from plans.models import LearningPlan, Tag
from sdgcommons import document
from sdgcommons.exporters import export_plan

pytestmark = pytest.mark.django_db


def load_demo(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo():
    load_demo()
    return LearningPlan.objects.select_related("lab")


def test_it_creates_at_least_forty_plans_and_says_how_many():
    out = load_demo()
    assert LearningPlan.objects.count() >= 40
    assert out.strip().splitlines()[-1] == f"demo plans created={LearningPlan.objects.count()}"


def test_it_covers_every_region(demo):
    assert {plan.lab.region for plan in demo} == set(Region.values)
    assert len({plan.lab.country for plan in demo}) >= 15


def test_it_has_plans_and_progress_reports(demo):
    kinds = Counter(plan.kind for plan in demo)
    assert kinds[LearningPlan.Kind.PLAN] > kinds[LearningPlan.Kind.PROGRESS] > 0
    challenge_types = {plan.challenge_type for plan in demo.filter(kind=LearningPlan.Kind.PLAN)}
    assert challenge_types == {"big_bet", "exploratory"}


def test_its_plans_span_at_least_four_years(demo):
    assert len({plan.year for plan in demo}) >= 4


def test_every_vocabulary_has_tags(demo):
    used = set(Tag.objects.filter(plans__isnull=False).values_list("vocabulary", flat=True))
    assert used == set(Tag.Vocabulary.values)


def test_some_partner_organisation_works_on_several_plans(demo):
    organisations = PartnerOrganisation.objects.annotate(
        plan_count=Count("partnerships__plan", distinct=True)
    )
    assert organisations.filter(plan_count__gte=2).exists()


def test_progress_reports_are_linked_to_an_earlier_plan_of_their_lab(demo):
    for report in demo.filter(kind=LearningPlan.Kind.PROGRESS).select_related("plan"):
        assert report.plan.lab_id == report.lab_id
        assert report.plan.year <= report.year


def test_all_are_published_except_two_drafts_and_one_submitted(demo):
    statuses = Counter(plan.status for plan in demo)
    assert statuses == {
        "published": demo.count() - 3,
        "draft": 2,
        "submitted": 1,
    }
    assert not demo.filter(status="published", published_at__isnull=True).exists()


def test_if_empty_does_nothing_once_plans_exist(demo):
    before = demo.count()
    out = load_demo("--if-empty")
    assert LearningPlan.objects.count() == before
    assert "no demo plans created" in out


def test_if_empty_loads_into_an_empty_database():
    load_demo("--if-empty", "--count", "12")
    assert LearningPlan.objects.count() == 12


def test_the_same_seed_gives_the_same_titles():
    load_demo()
    first = list(LearningPlan.objects.order_by("pk").values_list("title", flat=True))
    LearningPlan.objects.all().delete()
    load_demo()
    second = list(LearningPlan.objects.order_by("pk").values_list("title", flat=True))
    assert first == second


def test_every_demo_plan_exports_and_reads_back(demo):
    for plan in demo.order_by("pk").with_answers():
        data = document.read(export_plan(plan))
        assert data.title == plan.title
        assert data.kind == plan.kind


def test_it_opens_this_years_cycle_when_there_is_none():
    load_demo()
    cycle = Cycle.objects.get()
    assert cycle.year == timezone.localdate().year
    assert cycle.accepts("plan") and cycle.accepts("progress")


def test_it_leaves_existing_cycles_alone():
    Cycle.objects.create(
        year=2020,
        plans_open_on="2020-01-01",
        plans_close_on="2020-02-01",
        reports_open_on="2020-03-01",
        reports_close_on="2020-04-01",
    )
    load_demo("--count", "1")
    assert list(Cycle.objects.values_list("year", flat=True)) == [2020]


def test_demo_accounts_sign_in_with_their_roles(client, settings):
    settings.DEBUG = True
    out = load_demo("--count", "4", "--accounts")
    assert DEMO_PASSWORD in out
    focal_point = out.split("(focal point of")[0].split()[-1]
    for email, review_status in [
        ("admin@example.org", 200),
        ("reviewer@example.org", 200),
        (focal_point, 404),
    ]:
        signed_in = client.post(
            reverse("accounts:sign_in"), {"email": email, "password": DEMO_PASSWORD}
        )
        assert signed_in.status_code == 302, email
        assert client.get(reverse("review:queue")).status_code == review_status
        assert client.get(reverse("my:home")).status_code == 200
        client.post(reverse("accounts:sign_out"))


def test_demo_accounts_are_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        load_demo("--accounts")
    assert not LearningPlan.objects.exists()
