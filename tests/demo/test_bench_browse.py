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
    for page in ["listing, 3 filters", "search + 2 filters", "plan page", "API page"]:
        assert page in report
    # Fewer plans than the 10,000 rows timed: the whole export.
    assert "CSV export, first 60 rows" in report


def test_it_refuses_a_database_with_real_plans(zambia):
    make_plan(lab=zambia)
    with pytest.raises(Exception, match="real plans"):
        call_command("bench_browse", plans=12, requests=1, stdout=StringIO())


def test_it_fills_a_filled_database_again(zambia):
    for _ in range(2):
        call_command("bench_browse", plans=60, requests=1, stdout=StringIO())
    assert LearningPlan.objects.published().count() == 60
