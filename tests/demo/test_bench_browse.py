"""The benchmark command, on a handful of plans."""

from io import StringIO

import pytest
from django.core.management import call_command

from plans.models import LearningPlan
from tests.conftest import make_plan

pytestmark = pytest.mark.django_db


def test_it_fills_and_times_every_page(zambia):
    out = StringIO()
    call_command("bench_browse", plans=60, requests=1, stdout=out)
    assert LearningPlan.objects.published().count() == 60
    report = out.getvalue()
    pages = ["listing, 3 filters", "search + 2 filters", "plan page", "API page", "stats, 1 filter"]
    for page in [*pages, "map, 1 filter", "partner directory"]:
        assert page in report
    # Fewer plans than the 10,000 rows timed: the whole export.
    assert "CSV export, first 60 rows" in report


def test_each_page_is_given_as_a_multiple_of_the_floor_timed_in_the_same_run(zambia):
    out = StringIO()
    call_command("bench_browse", plans=60, requests=2, stdout=out)
    lines = out.getvalue().splitlines()
    header = next(line for line in lines if line.startswith("page"))
    assert "× floor" in header
    table, comparison = lines[lines.index(header) + 1 : -1], lines[-1]
    rows = {line[:34].strip(): line[34:].split() for line in table}
    assert "anchor: regex search, ids only" in rows
    assert comparison.startswith("search page ÷ regex anchor: ")
    assert float(rows["floor: sign-in page"][1]) == 1.0
    for name, (median, ratio, _p95, _queries) in rows.items():
        floor = float(rows["floor: sign-in page"][0])
        # The printed figures are rounded to a tenth: compare within that.
        assert float(ratio) == pytest.approx(float(median) / floor, rel=0.1, abs=0.1), name


def test_it_refuses_a_database_with_real_plans(zambia):
    make_plan(lab=zambia)
    with pytest.raises(Exception, match="real plans"):
        call_command("bench_browse", plans=12, requests=1, stdout=StringIO())


def test_it_fills_a_filled_database_again(zambia):
    for _ in range(2):
        call_command("bench_browse", plans=60, requests=1, stdout=StringIO())
    assert LearningPlan.objects.published().count() == 60
