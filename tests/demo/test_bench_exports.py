"""The exports benchmark, on a handful of plans."""

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_exports_benchmark_times_every_format_over_every_plan(zambia):
    out = StringIO()
    call_command("bench_exports", plans=30, runs=1, stdout=out)
    lines = out.getvalue().splitlines()
    header = next(line for line in lines if line.startswith("export"))
    assert "plans/s" in header
    rows = {line.split()[0]: line.split()[1:] for line in lines[lines.index(header) + 1 :]}
    assert list(rows) == ["CSV", "JSON", "zip"]
    assert "published plans: 30" in out.getvalue()
    for _wall, rate, _cpu, _megabytes, queries in rows.values():
        assert float(rate) > 0 and 0 < int(queries) <= 8
