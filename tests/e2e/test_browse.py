"""A visitor filters the listing by an SDG, searches, and opens a plan, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from partners.models import Partnership
from plans.models import Insight, Tag
from plans.vocabularies import TagBook
from tests.conftest import make_plan

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def plans(zambia, serbia):
    for lab, (latitude, longitude) in [(zambia, (-15.4, 28.3)), (serbia, (44.8, 20.5))]:
        lab.latitude, lab.longitude = latitude, longitude
        lab.save()
    gender = Tag.objects.create(vocabulary="sdg", name="5. Gender equality", slug="5", number=5)
    climate = Tag.objects.create(vocabulary="sdg", name="13. Climate action", slug="13", number=13)
    make_plan(
        title="Women coders of Lusaka",
        lab=zambia,
        tags=[gender],
        tweet_summary="Coding clubs for young women.",
        challenge_statement="Our challenge is that few women find work in software.",
    )
    make_plan(title="Floods and farmers", lab=zambia, tags=[climate], background="Rivers rise.")
    make_plan(title="Rubble to bricks", lab=serbia, tags=[climate, gender], background="Bricks.")
    make_plan(title="Unpublished idea", lab=serbia, tags=[gender], status="draft")


def test_a_visitor_filters_by_sdg_searches_and_opens_a_plan(
    live_server, page, plans, console_errors
):
    page.goto(f"{live_server.url}/plans/")
    expect(page.get_by_role("heading", name="3 plans")).to_be_visible()

    # Ticking a facet changes nothing until the visitor applies it (WCAG 3.2.2).
    page.get_by_label(re.compile(r"^13\. Climate action")).check()
    page.wait_for_timeout(300)
    assert "sdg=13" not in page.url
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"sdg=13"))
    expect(page.get_by_role("heading", name="2 plans")).to_be_visible()
    expect(page.get_by_role("link", name="Floods and farmers")).to_be_visible()
    expect(page.get_by_role("link", name="Women coders of Lusaka")).to_have_count(0)

    page.get_by_label("Search the plans").fill("bricks")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"q=bricks"))
    expect(page.get_by_role("heading", name="1 plan", exact=True)).to_be_visible()

    page.get_by_role("link", name="Rubble to bricks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rubble to bricks")
    expect(page.get_by_role("link", name="13. Climate action")).to_be_visible()

    # The way back keeps the filters and the search.
    page.get_by_role("link", name="Back to results").click()
    expect(page).to_have_url(re.compile(r"/plans/\?.*sdg=13.*q=bricks|/plans/\?.*q=bricks.*sdg=13"))
    expect(page.get_by_role("heading", name="1 plan", exact=True)).to_be_visible()
    assert console_errors == []


def test_removing_a_chip_clears_its_filter(live_server, page, plans, console_errors):
    page.goto(f"{live_server.url}/plans/?sdg=5&sdg=13")
    expect(page.get_by_role("heading", name="3 plans")).to_be_visible()
    page.get_by_role("link", name="Remove filter SDG 13").click()
    expect(page.get_by_role("heading", name="2 plans")).to_be_visible()
    assert "sdg=13" not in page.url
    assert console_errors == []


def test_the_public_never_sees_an_unpublished_plan(live_server, page, plans):
    page.goto(f"{live_server.url}/plans/?q=unpublished")
    expect(page.get_by_role("heading", name="0 plans")).to_be_visible()


def test_map_and_statistics_render_without_errors(live_server, page, plans, console_errors):
    page.goto(f"{live_server.url}/plans/map/?sdg=5")
    expect(page.locator("svg circle").first).to_be_attached()
    page.goto(f"{live_server.url}/plans/stats/")
    expect(page.locator("svg").first).to_be_visible()
    assert console_errors == []


def test_on_a_phone_the_results_come_first_and_filters_open_on_demand(live_server, browser, plans):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"{live_server.url}/plans/?sdg=5&region=RBA")
    expect(page.get_by_role("heading", name="1 plan", exact=True)).to_be_visible()

    # The first result is on the first screen; the filters wait behind their button.
    first_result = page.locator("article").first.bounding_box()
    assert first_result["y"] < 844 / 2
    expect(page.get_by_label(re.compile(r"^13\. Climate action"))).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_text("Filters (2)").click()
    climate = page.get_by_label(re.compile(r"^13\. Climate action"))
    expect(climate).to_be_visible()
    assert climate.locator("xpath=..").bounding_box()["height"] >= 24  # its label, the tap target
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # Choosing a sort changes nothing until it is applied.
    page.get_by_label("Sort by").select_option("title")
    page.wait_for_timeout(300)
    assert "sort=" not in page.url
    page.get_by_role("button", name="Sort", exact=True).click()
    expect(page).to_have_url(re.compile(r"sort=title"))
    assert errors == []
    context.close()


def test_on_a_phone_a_long_address_in_an_answer_breaks_rather_than_widen_the_page(
    live_server, browser, zambia
):
    address = "https://example.org/board/?share_link_id=" + "4823143058" * 8
    report = make_plan(
        title="Links",
        lab=zambia,
        kind="progress",
        questionnaire="progress-2023",
        parts=lambda plan: Insight.objects.create(plan=plan, position=1, text=address),
    )
    plan = make_plan(
        title="Partners",
        lab=zambia,
        parts=lambda plan: Partnership.objects.create(
            plan=plan, position=1, name_as_written=address
        ),
    )
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    for shown in (report, plan):
        page.goto(f"{live_server.url}{shown.get_absolute_url()}")
        expect(page.get_by_text(address, exact=True)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, shown.title
    page.context.close()


def test_show_all_loads_a_long_facet_in_place(live_server, page, zambia, console_errors):
    book = TagBook()
    themes = [book.get("theme", f"Theme number {number:02}") for number in range(30)]
    make_plan(title="Many themes", lab=zambia, tags=themes)
    make_plan(title="Two themes", lab=zambia, tags=themes[-2:])
    page.goto(f"{live_server.url}/plans/")
    page.get_by_text("Thematic area", exact=True).first.click()
    boxes = page.locator('input[name="theme"]')
    expect(boxes).to_have_count(10)
    page.get_by_label(re.compile(r"^Theme number 29")).check()

    page.get_by_role("link", name="Show all 30").click()
    expect(boxes).to_have_count(30)
    assert page.url == f"{live_server.url}/plans/"
    # A box ticked before is still ticked, and the keyboard is in the list.
    expect(page.get_by_label(re.compile(r"^Theme number 29"))).to_be_checked()
    assert page.evaluate("document.activeElement.name") == "theme"
    page.get_by_label(re.compile(r"^Theme number 00")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(
        re.compile(
            r"theme=theme-number-29.*theme=theme-number-00|theme=theme-number-00.*theme=theme-number-29"
        )
    )
    assert console_errors == []
