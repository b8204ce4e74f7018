"""A reviewer sends a plan back with a comment on one answer; the focal point fixes it and
resubmits; the reviewer sees exactly what changed, approves and publishes; the public sees it."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plans.models import LearningPlan, LearningQuestion, Tag
from tests.conftest import make_plan
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

OLD_TWEET = "Fewer lost harvests."
NEW_TWEET = "Hermetic bags: fewer lost harvests for 2,000 smallholders."


@pytest.fixture
def submitted(zambia, alice):
    plan = make_plan(
        lab=zambia,
        status=LearningPlan.Status.DRAFT,
        year=timezone.now().year,
        title="Saving the harvest",
        slug="saving-the-harvest",
        focal_point=alice,
        challenge_type="exploratory",
        challenge_statement="Smallholders lose a third of their harvest.",
        tweet_summary=OLD_TWEET,
        tags=[
            Tag.objects.create(vocabulary="sdg", name="2. Zero hunger", slug="2", number=2),
            Tag.objects.create(vocabulary="theme", name="Food systems", slug="food-systems"),
        ],
        parts=lambda plan: LearningQuestion.objects.create(
            plan=plan, position=1, question="Do bags cut the losses?"
        ),
    )
    plan.transition(LearningPlan.Action.SUBMIT, by=alice)
    return plan


def test_review_round_from_comment_to_publication(
    live_server, page, browser, alice, rita, submitted, console_errors
):
    base = live_server.url

    # The reviewer finds the plan in the queue and comments on the tweet summary only.
    sign_in(page, base, "rita@example.org")
    page.goto(f"{base}/review/")
    page.get_by_role("link", name="Saving the harvest").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saving the harvest")
    answer = page.locator("#answer-challenge-tweet_summary")
    answer.get_by_text("Comment on this answer").click()
    answer.get_by_label("Your comment").fill("Say how many farmers and with what.")
    answer.get_by_role("button", name="Add comment").click()
    expect(page.locator("#answer-challenge-tweet_summary")).to_contain_text(
        "Say how many farmers and with what."
    )
    page.get_by_label("Message to the lab").fill("One answer needs work: see the comment.")
    page.get_by_role("button", name="Request changes").click()
    expect(page.locator("[data-status]")).to_have_text("Changes requested")

    # The focal point, in a browser of her own, is told, reads the comment and fixes the answer.
    context = browser.new_context()
    try:
        lab_page = context.new_page()
        sign_in(lab_page, base, "alice@example.org")
        expect(lab_page.locator("[data-unread]")).to_have_text(re.compile("^2"))
        lab_page.goto(f"{base}/my/")
        row = lab_page.get_by_role("row", name=re.compile("Saving the harvest"))
        expect(row).to_contain_text("Changes requested")
        row.get_by_role("link", name="Edit").click()
        lab_page.get_by_role("navigation", name="Questionnaire steps").get_by_role(
            "link", name="Challenge statement", exact=True
        ).click()
        comments = lab_page.get_by_role("region", name="Reviewers' comments")
        expect(comments).to_contain_text("Say how many farmers and with what.")
        comments.get_by_text("Reply", exact=True).click()
        comments.get_by_label("Your reply").fill("Done: the number is in.")
        comments.get_by_role("button", name="Send reply").click()
        lab_page.get_by_label(re.compile("tweet")).fill(NEW_TWEET)
        lab_page.get_by_role("button", name="Save", exact=True).click()
        expect(lab_page.get_by_text("Saved.")).to_be_visible()
        lab_page.goto(f"{base}/my/plans/{submitted.pk}/review/")
        lab_page.get_by_role("button", name="Submit").click()
        expect(lab_page.get_by_text("was submitted for review")).to_be_visible()
    finally:
        context.close()

    # The reviewer sees exactly what changed, and the reply; approves and publishes.
    page.goto(f"{base}/review/plans/{submitted.pk}/")
    changes = page.get_by_role("region", name="What changed since the last submission")
    expect(changes.locator("tbody tr")).to_have_count(1)
    expect(changes).to_contain_text(OLD_TWEET)
    expect(changes).to_contain_text(NEW_TWEET)
    expect(page.locator("#answer-challenge-tweet_summary")).to_contain_text(
        "Done: the number is in."
    )
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("[data-status]")).to_have_text("Approved")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("[data-status]")).to_have_text("Published")

    # The history shows every step of the round, newest first.
    page.get_by_role("link", name="history").click()
    steps = page.locator("tr.table-light")
    expect(steps).to_have_count(5)
    for row, text in zip(
        steps.all(),
        ["Publish", "Approve", "Submit", "Request changes", "Submit"],
        strict=True,
    ):
        expect(row).to_contain_text(text)
    assert console_errors == []

    # The public listing shows it now, with the new summary.
    public = browser.new_context()
    try:
        visitor = public.new_page()
        visitor.goto(f"{base}/plans/")
        card = visitor.get_by_role("article").filter(has_text="Saving the harvest")
        expect(card).to_contain_text(NEW_TWEET)
    finally:
        public.close()
    events = list(submitted.events.values_list("action", flat=True))
    assert events == ["submit", "request_changes", "submit", "approve", "publish"]
