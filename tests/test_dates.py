"""One way of writing a date per language, on every page."""

import re
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.urls import reverse

from review.models import Comment

from .conftest import ROOT, make_plan

pytestmark = pytest.mark.django_db

WRITTEN = datetime(2026, 12, 2, 16, 33, tzinfo=UTC)


@pytest.mark.parametrize(
    "language, when, submitted",
    [
        ("en", "2 December 2026, 16:33", "2 December 2026"),
        ("fr", "2 décembre 2026 16:33", "2 décembre 2026"),
        ("es", "2 de diciembre de 2026 a las 16:33", "2 de diciembre de 2026"),
        ("pt", "2 de dezembro de 2026 às 16:33", "2 de dezembro de 2026"),
    ],
)
def test_dates_are_written_the_languages_way(client, rita, zambia, language, when, submitted):
    plan = make_plan(lab=zambia, status="submitted", submitted_at=WRITTEN)
    comment = Comment.objects.create(plan=plan, section="challenge", author=rita, body="Why?")
    Comment.objects.filter(pk=comment.pk).update(created_at=WRITTEN)
    client.force_login(rita)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = client.get(reverse("review:plan", args=[plan.pk])).content.decode()
    assert f">{when}</time>" in page  # the comment
    assert f">{submitted}</time>" in page  # the submission
    queue = client.get(reverse("review:queue")).content.decode()
    assert f"{submitted}" in queue


def test_no_template_writes_a_date_its_own_way():
    """Dates go through the language's DATE_FORMAT or DATETIME_FORMAT ('c' is for machines)."""
    own_way = []
    for path in (ROOT / "templates").rglob("*.*"):
        for found in re.findall(r"\|date:(\"[^\"]*\"|'[^']*')", path.read_text()):
            if found.strip("\"'") not in ("DATE_FORMAT", "DATETIME_FORMAT", "c"):
                own_way.append(f"{path.relative_to(ROOT)}: {found}")
        if re.search(r"naturaltime|naturalday|timesince", path.read_text()):
            own_way.append(f"{path.relative_to(ROOT)}: a relative date")
    assert own_way == []
