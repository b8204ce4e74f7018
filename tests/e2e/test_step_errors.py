"""A step's mistakes in a real browser: the error summary takes the focus and leads to the field,
the valid answer beside the mistake survives a reload, leaving unsaved answers asks first, Enter
in a text box does not send the form, the tweet counter counts as the server does; and /my/ and
a step fit a phone's width."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plans.models import LearningPlan
from tests.conftest import make_plan
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

STATEMENT = "Our challenge is that the landfill burns every dry season."


@pytest.fixture
def plan(zambia, alice, open_cycle):
    return make_plan(
        lab=zambia,
        status=LearningPlan.Status.DRAFT,
        year=timezone.localdate().year,
        title="Open burning",
        slug="open-burning",
        questionnaire="plan-2023",
    )


def test_the_error_summary_takes_the_focus_and_the_valid_answer_survives(
    live_server, page, plan, console_errors
):
    base = live_server.url
    sign_in(page, base, "alice@example.org")
    step = f"{base}/my/plans/{plan.pk}/challenge/"
    page.goto(step)
    page.get_by_label("Challenge statement").fill(STATEMENT)
    page.get_by_label("Short “tweet” summary").fill("x" * 281)
    page.get_by_role("button", name="Save", exact=True).click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    assert page.title().startswith("Error:")
    summary.get_by_role("link", name="At most 280 characters").click()
    expect(page.get_by_label("Short “tweet” summary")).to_be_focused()

    # The mistake is unsaved: leaving asks first.
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.goto(step)
    assert dialogs == ["beforeunload"]
    expect(page.get_by_label("Challenge statement")).to_have_value(STATEMENT)
    expect(page.get_by_label("Short “tweet” summary")).to_have_value("")
    assert console_errors == []


def test_leaving_a_changed_step_asks_first_and_an_unchanged_one_does_not(live_server, page, plan):
    base = live_server.url
    sign_in(page, base, "alice@example.org")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.goto(f"{base}/my/plans/{plan.pk}/closing/")
    page.get_by_role("link", name="My plans", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My plans")
    assert dialogs == []

    page.goto(f"{base}/my/plans/{plan.pk}/closing/")
    page.get_by_label("Early leads to grow").fill("Two districts want it.")
    page.get_by_role("link", name="My plans", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Closing")  # dismissed: stays
    assert dialogs == ["beforeunload"]


def test_enter_in_a_text_box_does_not_send_the_step(live_server, page, plan):
    base = live_server.url
    sign_in(page, base, "alice@example.org")
    page.goto(f"{base}/my/plans/{plan.pk}/title/")
    page.get_by_label("Name").fill("Sent by Enter")
    page.get_by_label("Name").press("Enter")
    page.wait_for_timeout(300)
    expect(page.get_by_text("Saved.")).to_have_count(0)
    plan.refresh_from_db()
    assert plan.title == "Open burning"


def test_the_tweet_counter_counts_a_line_break_as_the_server_does(live_server, page, plan):
    base = live_server.url
    sign_in(page, base, "alice@example.org")
    page.goto(f"{base}/my/plans/{plan.pk}/challenge/")
    tweet = page.get_by_label("Short “tweet” summary")
    tweet.fill("First line\nSecond line 🌍")
    expect(page.get_by_text("24 / 280 characters")).to_be_visible()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    plan.refresh_from_db()
    assert len(plan.tweet_summary) == 24


def test_a_new_partner_row_takes_the_focus(live_server, page, plan):
    base = live_server.url
    sign_in(page, base, "alice@example.org")
    page.goto(f"{base}/my/plans/{plan.pk}/partners/")
    page.get_by_role("button", name="Add another partner").click()
    expect(page.locator('[name="partnerships-1-name_as_written"]')).to_be_focused()


@pytest.mark.parametrize("path", ["/my/", "/my/plans/{pk}/challenge/"])
def test_my_plans_and_a_step_fit_a_phone(live_server, page, plan, path):
    base = live_server.url
    sign_in(page, base, "alice@example.org")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + path.format(pk=plan.pk))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for target in page.locator("main a.btn, main button, main summary").all():
        if target.is_visible():
            box = target.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390
            assert box["height"] >= 24
    steps = page.locator("details[data-steps-menu]")
    if steps.count():
        expect(steps).not_to_have_attribute("open", "")
        expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
