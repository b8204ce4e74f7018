"""The cycle dashboard under /review/cycle/<year>/: every lab, its plans, reminders, CSV."""

import csv
import io

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from labs.models import Lab, Membership
from review.models import Notification
from tests.conftest import make_plan, send_queued

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def labs(zambia, serbia, alice, bob):
    """Zambia has a draft, Serbia a submitted plan with changes requested on another; Chile
    has nothing; Kenya handed everything in."""
    chile = Lab.objects.create(name="Chile", slug="chile", country="CL", region="RBLAC")
    kenya = Lab.objects.create(name="Kenya", slug="kenya", country="KE", region="RBA")
    make_plan(lab=zambia, year=YEAR, status="draft", title="Zambian draft")
    make_plan(lab=serbia, year=YEAR, status="submitted", title="Serbian plan")
    make_plan(lab=serbia, year=YEAR, status="changes_requested", title="Serbian second")
    plan = make_plan(lab=kenya, year=YEAR, status="published", title="Kenyan plan")
    make_plan(lab=kenya, year=YEAR, kind="progress", plan=plan, status="draft", title="Report")
    make_plan(lab=chile, year=YEAR - 1, status="published", title="Last year's")
    return {"zambia": zambia, "serbia": serbia, "chile": chile, "kenya": kenya}


def url(name="review:cycle", year=YEAR):
    return reverse(name, args=[year])


def groups_of(response):
    return {key: [row.lab.name for row in rows] for key, _, rows in response.context["groups"]}


def test_anonymous_visitors_are_sent_to_sign_in(client):
    login = resolve_url(settings.LOGIN_URL)
    for response in (
        client.get(url()),
        client.get(url("review:cycle_export")),
        client.get(reverse("review:cycle_current")),
        client.post(url("review:cycle_remind"), {"labs": []}),
    ):
        assert response.status_code == 302
        assert response.url.startswith(login)


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_focal_points_are_not_told_the_page_exists(client, request, labs, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url()).status_code == 404
    assert client.get(url("review:cycle_export")).status_code == 404
    assert client.get(reverse("review:cycle_current")).status_code == 404
    response = client.post(url("review:cycle_remind"), {"labs": [labs["zambia"].pk]})
    assert response.status_code == 404
    assert not send_queued()


@pytest.mark.parametrize("who", ["rita", "root"])
def test_reviewers_and_administrators_see_every_lab_grouped(client, request, labs, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url())
    assert response.status_code == 200
    assert groups_of(response) == {
        "not_started": ["Chile"],
        "not_submitted": ["Zambia"],
        "changes_requested": ["Serbia"],
        "handed_in": ["Kenya"],
    }
    page = response.content.decode()
    assert "Zambian draft" in page and "Report" in page
    assert "Last year's" not in page
    assert response.context["lab_count"] == 4


def test_the_region_filter_keeps_the_regions_labs(client, rita, labs):
    client.force_login(rita)
    response = client.get(url(), {"region": "RBA"})
    assert groups_of(response) == {
        "not_started": [],
        "not_submitted": ["Zambia"],
        "changes_requested": [],
        "handed_in": ["Kenya"],
    }


def test_labs_are_named_in_the_readers_language(client, rita, labs):
    client.force_login(rita)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    page = client.get(url()).content.decode()
    assert f'<label for="remind-{labs["kenya"].pk}">Kenia</label>' in page
    assert 'aria-label="Recordar a Kenia"' in page
    assert ">Kenya<" not in page


def test_the_current_cycle_address_opens_the_latest_cycle(client, rita, open_cycle):
    client.force_login(rita)
    response = client.get(reverse("review:cycle_current"))
    assert response.url == url(year=open_cycle.year)


def test_the_page_reads_a_fixed_number_of_queries(client, rita, labs):
    client.force_login(rita)
    with CaptureQueriesContext(connection) as few:
        client.get(url())
    for number in range(30):
        lab = Lab.objects.create(name=f"Lab {number}", slug=f"lab-{number}")
        make_plan(lab=lab, year=YEAR, status="draft")
        make_plan(lab=lab, year=YEAR, kind="progress", status="submitted")
        Membership.objects.create(user=rita, lab=lab)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url())
    assert response.context["lab_count"] == 34
    assert len(many) == len(few) <= 8


def test_the_table_downloads_as_csv(client, rita, labs):
    client.force_login(rita)
    for response in (
        client.get(url("review:cycle_export")),
        client.get(url(), {"format": "csv"}),
    ):
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        by_lab = {row["lab"]: row for row in rows}
        assert set(by_lab) == {"Chile", "Kenya", "Serbia", "Zambia"}
        assert by_lab["Serbia"]["situation"] == "changes_requested"
        assert by_lab["Serbia"]["plans"] == "Serbian plan; Serbian second"
        assert by_lab["Serbia"]["plan_statuses"] == "submitted; changes_requested"
        assert by_lab["Kenya"]["progress_reports"] == "Report"
        assert by_lab["Zambia"]["focal_points"] == "alice@example.org"
        assert by_lab["Chile"]["situation"] == "not_started"


def test_the_csv_follows_the_region_filter(client, rita, labs):
    client.force_login(rita)
    response = client.get(url("review:cycle_export"), {"region": "RBEC"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["lab"] for row in rows] == ["Serbia"]
    assert "RBEC" in response["Content-Disposition"]


def test_the_csv_writes_formulas_as_text(client, rita, zambia):
    lab = Lab.objects.create(name="=1+1", slug="formula-lab", country="", region="RBA")
    make_plan(lab=lab, year=YEAR, status="draft", title='@HYPERLINK("http://evil","x")')
    make_plan(lab=zambia, year=YEAR, status="draft", title="-1")
    client.force_login(rita)
    response = client.get(url("review:cycle_export"))
    assert response.status_code == 200
    by_lab = {row["lab"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert set(by_lab) == {"'=1+1", "Zambia"}
    assert by_lab["'=1+1"]["plans"] == '\'@HYPERLINK("http://evil","x")'
    assert by_lab["Zambia"]["plans"] == "'-1"


def test_reminders_go_to_the_chosen_labs_focal_points_with_a_link(client, rita, labs, alice):
    carol = Membership.objects.create(
        user=type(alice).objects.create_user("carol", "carol@example.org"), lab=labs["zambia"]
    ).user
    client.force_login(rita)
    response = client.post(
        url("review:cycle_remind"),
        {"labs": [labs["zambia"].pk], "message": "Please hand in by Friday.", "region": "RBA"},
    )
    assert response.status_code == 302
    assert response.url == url() + "?region=RBA"
    assert sorted(email.to[0] for email in send_queued()) == [
        "alice@example.org",
        "carol@example.org",
    ]
    email = mail.outbox[0]
    assert f"{YEAR} cycle of Zambia" in email.subject
    assert settings.PORTAL_URL + reverse("my:home") in email.body
    assert "Please hand in by Friday." in email.body
    reminders = Notification.objects.filter(event="reminder")
    assert {n.recipient for n in reminders} == {alice, carol}
    assert {n.url for n in reminders} == {reverse("my:home")}


def test_a_lab_without_focal_points_is_reported(client, rita, labs):
    client.force_login(rita)
    response = client.post(url("review:cycle_remind"), {"labs": [labs["chile"].pk]}, follow=True)
    assert "No focal point to remind in: Chile." in response.content.decode()
    assert not send_queued()


def test_reminding_nobody_is_refused(client, rita, labs):
    client.force_login(rita)
    response = client.post(url("review:cycle_remind"), {}, follow=True)
    assert "Choose at least one lab" in response.content.decode()
    assert not send_queued()


def test_the_header_links_reviewers_to_the_cycle(client, rita, alice):
    client.force_login(rita)
    assert reverse("review:cycle_current") in client.get(reverse("my:home")).content.decode()
    client.force_login(alice)
    assert reverse("review:cycle_current") not in client.get(reverse("my:home")).content.decode()


def test_each_focal_point_is_reminded_in_their_language(client, rita, labs, alice, monkeypatch):
    from django.utils import translation

    from accounts.models import set_language_of
    from review import notifications

    set_language_of(alice, "fr")
    languages = {}
    render = notifications.render_to_string

    def render_noting_the_language(template, context):
        languages[context["user"].email] = translation.get_language()
        return render(template, context)

    monkeypatch.setattr(notifications, "render_to_string", render_noting_the_language)
    client.force_login(rita)
    client.post(url("review:cycle_remind"), {"labs": [labs["zambia"].pk, labs["serbia"].pk]})
    assert languages == {"alice@example.org": "fr", "bob@example.org": "en"}
    assert len(send_queued()) == 2
