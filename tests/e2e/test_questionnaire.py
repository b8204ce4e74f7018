"""A focal point fills in a whole plan in a real browser (type-ahead terms, a proposed data
source, partners added and reordered), leaves, comes back, submits it; a focal point of another
lab cannot reach it; answers typed when the session expired come back after signing in."""

import re

import pytest
from playwright.sync_api import expect

from plans.models import LearningPlan, Tag
from tests.conftest import make_plan
from tests.e2e.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

STATEMENT = "Our challenge is that smallholder farmers lose a third of their harvest."
PARTNERS = [
    # name, sector (its label in the select, its stored value), collaboration
    ("Lusaka Farmers Cooperative", "Civil society", "civil_society", "Runs the pilot."),
    ("University of Zambia", "Academia and research", "academia", "Measures the losses."),
]


@pytest.fixture
def vocabularies(db):
    """A few terms of each vocabulary, so that the classification step offers them."""
    return (
        Tag.objects.create(vocabulary="sdg", name="2. Zero hunger", slug="2", number=2),
        Tag.objects.create(vocabulary="theme", name="Food systems", slug="food-systems"),
        Tag.objects.create(vocabulary="theme", name="Food security", slug="food-security"),
        Tag.objects.create(vocabulary="method", name="Foresight", slug="foresight"),
        Tag.objects.create(vocabulary="method", name="Ethnography", slug="ethnography"),
        Tag.objects.create(vocabulary="datasource", name="Surveys", slug="surveys"),
    )


def save_and_continue(page, next_heading):
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(next_heading)


def open_step(page, heading):
    steps = page.get_by_role("navigation", name="Questionnaire steps")
    steps.get_by_role("link", name=heading, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def field(page, name):
    return page.locator(f'[name="{name}"]')


def test_a_focal_point_fills_in_leaves_returns_and_submits_a_plan(
    live_server, page, browser, alice, bob, zambia, vocabularies, open_cycle, console_errors
):
    base = live_server.url
    sign_in(page, base, "alice@example.org")

    page.goto(f"{base}/my/")
    lab = page.get_by_role("region", name="Zambia")
    lab.get_by_role("button", name=re.compile(r"^Start a plan")).click()

    # Title
    expect(page.get_by_role("heading", level=1)).to_have_text("Title")
    step_url = page.url
    page.get_by_label("Name").fill("Saving the harvest")
    save_and_continue(page, "Challenge statement")

    # Challenge
    page.get_by_label("Challenge type").select_option("exploratory")
    page.get_by_label("Challenge statement").fill(STATEMENT)
    page.get_by_label("Background").fill("Post-harvest losses are high in Central Province.")
    page.get_by_label("Quantitative evidence").fill("30% of maize is lost after harvest.")
    page.get_by_label("Qualitative evidence").fill("Farmers describe rotting stores.")
    page.get_by_label("Value proposition").fill("Cheap hermetic bags, tested with farmers.")
    page.get_by_label(re.compile("tweet")).fill("Fewer lost harvests for Zambian smallholders.")
    save_and_continue(page, "Challenge classification")

    # Classification: SDGs as boxes; methods, data sources and themes by type-ahead.
    page.get_by_label("2. Zero hunger").check()
    methods = page.get_by_role("combobox", name="Methods")
    methods.fill("fore")
    page.get_by_role("option", name="Foresight").click()
    themes = page.get_by_role("combobox", name="Thematic areas")
    themes.fill("food sys")
    themes.press("Enter")  # the first suggestion is the active one
    sources = page.get_by_role("combobox", name="Data sources")
    sources.fill("Drone imagery")
    page.get_by_role("option", name="Propose “Drone imagery” as a new term").click()
    chosen = page.locator(".typeahead-chosen")
    expect(chosen).to_contain_text(["Foresight", "Drone imagery (proposed)", "Food systems"])
    save_and_continue(page, "Partners")

    # Partners: one blank row, a second one added, then moved up to rank 1.
    add = page.get_by_role("button", name="Add another partner")
    for index, (name, sector, _value, description) in enumerate(PARTNERS):
        if index:
            add.click()
        field(page, f"partnerships-{index}-name_as_written").fill(name)
        field(page, f"partnerships-{index}-sector").select_option(label=sector)
        field(page, f"partnerships-{index}-description").fill(description)
    rows = page.locator("fieldset[data-row]")
    rows.nth(1).get_by_role("button", name="Move up").press("Enter")  # from the keyboard
    expect(page.get_by_text("Moved to position 1 of 2.")).to_be_attached()
    expect(rows.nth(0).get_by_role("button", name="Move up")).to_be_focused()
    expect(rows.nth(0)).to_contain_text("Partner 1")
    expect(rows.nth(0).locator("input[name$='-name_as_written']")).to_have_value(PARTNERS[1][0])
    for _ in range(3):
        add.click()
    expect(add).to_be_hidden()  # five partners at most
    save_and_continue(page, "Learning questions")

    # Learning questions
    field(page, "learning_questions-0-question").fill("Do hermetic bags cut the losses?")
    page.locator("#id_learning_questions-0-stages_0").check()  # Sense
    page.locator("#id_learning_questions-0-stages_2").check()  # Test
    field(page, "learning_questions-0-methods_usage").fill("Surveys and a randomised trial.")
    field(page, "learning_questions-0-data_gaps").fill("No district-level loss figures.")
    page.get_by_role("button", name="Add another learning question").click()
    field(page, "learning_questions-1-question").fill("Who sells the bags?")
    save_and_continue(page, "Closing")

    # Closing
    page.get_by_label("Early leads to grow").fill("Two districts want to scale it up.")
    save_and_continue(page, "Review and submit")

    # Leave and come back.
    page.goto(f"{base}/plans/")
    page.goto(f"{base}/my/")
    row = page.get_by_role("row", name=re.compile("Saving the harvest"))
    expect(row).to_contain_text("Draft")
    row.get_by_role("link", name="Edit").click()
    expect(page).to_have_url(step_url)
    expect(page.get_by_label("Name")).to_have_value("Saving the harvest")
    open_step(page, "Challenge statement")
    expect(page.get_by_label("Challenge statement")).to_have_value(STATEMENT)
    expect(page.get_by_label("Challenge type")).to_have_value("exploratory")
    open_step(page, "Challenge classification")
    expect(page.get_by_label("2. Zero hunger")).to_be_checked()
    open_step(page, "Partners")
    for index, (name, _sector, value, description) in enumerate(reversed(PARTNERS)):
        expect(field(page, f"partnerships-{index}-name_as_written")).to_have_value(name)
        expect(field(page, f"partnerships-{index}-sector")).to_have_value(value)
        expect(field(page, f"partnerships-{index}-description")).to_have_value(description)
    open_step(page, "Learning questions")
    expect(page.locator("#id_learning_questions-0-stages_0")).to_be_checked()
    expect(page.locator("#id_learning_questions-0-stages_1")).not_to_be_checked()
    expect(page.locator("#id_learning_questions-0-stages_2")).to_be_checked()
    every_step_complete = page.get_by_role("navigation", name="Questionnaire steps")
    expect(every_step_complete.get_by_text("incomplete")).to_have_count(0)

    # Review: nothing missing; submit.
    open_step(page, "Review and submit")
    expect(page.get_by_text("Still missing before you can submit")).to_have_count(0)
    expect(page.get_by_text("By submitting it you confirm")).to_be_visible()
    expect(page.get_by_role("heading", name="Partners")).to_be_visible()  # answers read back
    review_url = page.url
    page.get_by_role("button", name="Submit").click()

    expect(page).to_have_url(f"{base}/my/")
    expect(page.get_by_text("was submitted for review")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Saving the harvest"))
    expect(row).to_contain_text("Submitted")
    expect(row.get_by_role("link", name="View")).to_be_visible()
    expect(row.get_by_role("link", name="Edit")).to_have_count(0)
    assert console_errors == []

    plan = LearningPlan.objects.get(lab=zambia)
    assert plan.status == LearningPlan.Status.SUBMITTED
    assert [p.name_as_written for p in plan.partnerships.order_by("position")] == [
        partner[0] for partner in reversed(PARTNERS)
    ]
    questions = plan.learning_questions.order_by("position")
    assert [q.question for q in questions][1:] == ["Who sells the bags?"]
    assert questions[0].stages == ["sense", "test"]
    slugs = set(plan.tags.values_list("slug", flat=True))
    assert slugs == {"2", "food-systems", "foresight", "drone-imagery"}
    assert not Tag.objects.get(slug="drone-imagery").is_approved

    # bob, of another lab, in a browser of his own: alice's plan is not there for him.
    context = browser.new_context()
    try:
        other = context.new_page()
        sign_in(other, base, "bob@example.org")
        assert other.goto(step_url).status == 404
        assert other.goto(review_url).status == 404
    finally:
        context.close()


def test_answers_typed_when_the_session_expired_come_back_after_signing_in(
    live_server, page, alice, zambia, console_errors
):
    plan = make_plan(
        lab=zambia,
        status=LearningPlan.Status.DRAFT,
        year=2026,
        title="Untitled plan",
        slug="untitled",
        questionnaire="plan-2023",
    )
    base = live_server.url
    sign_in(page, base, "alice@example.org")
    page.goto(f"{base}/my/plans/{plan.pk}/title/")
    page.get_by_label("Name").fill("Typed while the session expired")
    page.context.clear_cookies(name="sessionid")  # as if the session had run out meanwhile
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_text("Sign in again to get them back")).to_be_visible()
    page.get_by_label("E-mail").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Title")
    expect(
        page.get_by_text("Your unsaved answers were restored; save to keep them.")
    ).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("Typed while the session expired")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    plan.refresh_from_db()
    assert plan.title == "Typed while the session expired"
    assert console_errors == []
