import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Insight, LearningPlan, Tag
from tests.conftest import make_plan

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[ET.Element]:
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def titles(response) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in entries(response)]


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def test_the_feed_is_atom_with_the_newest_published_plans_first(client, zambia):
    sdg = Tag.objects.create(vocabulary="sdg", name="5. Gender equality", slug="5", number=5)
    make_plan(title="Older", published_at=days_ago(3), lab=zambia, tweet_summary="Old <news>.")
    make_plan(title="Newer", slug="newer", published_at=days_ago(1), lab=zambia, tags=[sdg])
    make_plan(
        title="Report",
        published_at=days_ago(2),
        lab=zambia,
        kind="progress",
        parts=lambda plan: Insight.objects.create(plan=plan, text="Maps help."),
    )
    make_plan(title="Draft", status=LearningPlan.Status.DRAFT, lab=zambia)
    response = client.get(reverse("plans:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert titles(response) == ["Newer", "Report", "Older"]
    newer, report_entry, older = entries(response)
    assert newer.find(f"{ATOM}link").get("href") == "http://testserver/plans/newer/"
    assert newer.find(f"{ATOM}category").get("term") == "5. Gender equality"
    assert newer.findtext(f"{ATOM}author/{ATOM}name") == "Zambia"
    assert newer.findtext(f"{ATOM}published").startswith(str(days_ago(1).date()))
    assert report_entry.findtext(f"{ATOM}summary") == "Maps help."
    assert newer.findtext(f"{ATOM}summary") in (None, "")  # no tweet, no insight: no "None"
    assert older.findtext(f"{ATOM}summary") == "Old &lt;news&gt;."


def test_the_feed_honours_the_listing_filters(client, zambia, serbia):
    make_plan(title="In Zambia", lab=zambia)
    make_plan(title="In Serbia", lab=serbia)
    make_plan(title="A report", lab=serbia, kind="progress")
    assert titles(client.get(reverse("plans:feed"), {"region": "RBEC", "kind": "plan"})) == [
        "In Serbia"
    ]
    assert titles(client.get(reverse("plans:feed"), {"country": "ZM"})) == ["In Zambia"]


def test_the_feed_shows_only_published_plans_even_to_staff(client, rita, alice, zambia):
    make_plan(title="Published", lab=zambia)
    for status in ["draft", "submitted", "approved"]:
        make_plan(title=f"Unpublished {status}", lab=zambia, status=status)
    for user in [rita, alice]:
        client.force_login(user)
        assert titles(client.get(reverse("plans:feed"))) == ["Published"]


def test_the_feed_holds_the_50_newest(client, django_assert_max_num_queries):
    for number in range(55):
        make_plan(title=f"Plan {number:02}", published_at=days_ago(number))
    with django_assert_max_num_queries(4):
        response = client.get(reverse("plans:feed"))
    found = titles(response)
    assert len(found) == 50
    assert found[0] == "Plan 00" and found[-1] == "Plan 49"
