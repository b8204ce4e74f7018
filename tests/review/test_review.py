"""Reviewers' queue, review page, decisions, comments and notifications."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.db.models import Max
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plans.models import LearningPlan, PlanEvent
from plans.writing import writing
from review.models import Comment, Notification, ReviewerRegion
from sdgcommons.importers import Importer
from tests.conftest import FIXTURES, make_plan, run_together, send_queued

pytestmark = pytest.mark.django_db

Status, Action = LearningPlan.Status, LearningPlan.Action


@pytest.fixture
def plan(zambia, alice):
    return make_plan(
        lab=zambia,
        title="Open burning",
        slug="open-burning",
        status=Status.SUBMITTED,
        submitted_at=timezone.now(),
        tweet_summary="Less burning, cleaner air.",
        focal_point=alice,
    )


def decide(client, plan, action, message="", seen=None):
    """Post a decision made on `seen` (the decision form's hidden fields; by default, the plan as
    it is stored now, as a page opened just before would show it)."""
    if seen is None:
        stored = LearningPlan.objects.get(pk=plan.pk)
        last = stored.events.aggregate(last=Max("pk"))["last"] or 0
        seen = {"seen_status": stored.status, "seen_event": last}
    return client.post(
        reverse("review:decide", args=[plan.pk]), {**seen, "action": action, "message": message}
    )


def shown_decision(response) -> dict:
    """The hidden fields of the decision form on a review page: what the decision is made on."""
    assert response.status_code in (200, 400)
    names = ("seen_status", "seen_event")
    fields = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', response.text)
    return {name: value for name, value in fields if name in names}


def comment(client, plan, **data):
    return client.post(reverse("review:comment", args=[plan.pk]), data)


# Who may do what ---------------------------------------------------------------------------

URLS = {
    "queue": ("get", lambda plan: reverse("review:queue"), {}),
    "plan": ("get", lambda plan: reverse("review:plan", args=[plan.pk]), {}),
    "assign": ("post", lambda plan: reverse("review:assign", args=[plan.pk]), {}),
    "decide": (
        "post",
        lambda plan: reverse("review:decide", args=[plan.pk]),
        {"action": "approve", "seen_status": "submitted", "seen_event": 0},
    ),
    "comment": (
        "post",
        lambda plan: reverse("review:comment", args=[plan.pk]),
        {"section": "challenge", "field": "tweet_summary", "body": "Shorter?"},
    ),
    "notifications": ("get", lambda plan: reverse("review:notifications"), {}),
    "notifications_read": ("post", lambda plan: reverse("review:notifications_read"), {}),
}
# The status code each person gets from each URL.
EXPECTED = {
    None: dict.fromkeys(URLS, 302),  # to sign-in
    "alice": {  # the lab's focal point: only replies and her own notifications
        "queue": 404,
        "plan": 404,
        "assign": 404,
        "decide": 404,
        "comment": 302,
        "notifications": 200,
        "notifications_read": 302,
    },
    "bob": {  # another lab's focal point: never told the plan exists
        "queue": 404,
        "plan": 404,
        "assign": 404,
        "decide": 404,
        "comment": 404,
        "notifications": 200,
        "notifications_read": 302,
    },
    "rita": {**dict.fromkeys(URLS, 302), "queue": 200, "plan": 200, "notifications": 200},
    "root": {**dict.fromkeys(URLS, 302), "queue": 200, "plan": 200, "notifications": 200},
}


@pytest.mark.parametrize("user", list(EXPECTED))
@pytest.mark.parametrize("name", list(URLS))
def test_permission_matrix_of_every_review_url(client, request, plan, user, name):
    if user:
        client.force_login(request.getfixturevalue(user))
    method, url, data = URLS[name]
    response = getattr(client, method)(url(plan), data)
    assert response.status_code == EXPECTED[user][name]
    if user is None:
        assert response.url.startswith(resolve_url(settings.LOGIN_URL))
    plan.refresh_from_db()
    if user in (None, "alice", "bob"):
        assert plan.status == Status.SUBMITTED
        assert plan.reviewer is None


ROLES = ["alice", "bob", "rita", "root"]
REVIEWER_ACTIONS = {Action.REQUEST_CHANGES, Action.APPROVE, Action.PUBLISH, Action.UNPUBLISH}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("action", Action.values)
def test_transition_matrix_through_the_review_page(client, request, zambia, role, status, action):
    """Every state × every action × every role: only reviewers decide, only where allowed."""
    plan = make_plan(lab=zambia, status=status)
    client.force_login(request.getfixturevalue(role))
    response = decide(client, plan, action, message="Please name your partners.")
    sources, target = LearningPlan.TRANSITIONS[action]
    allowed = role in ("rita", "root") and action in REVIEWER_ACTIONS and status in sources
    plan.refresh_from_db()
    assert plan.status == (target if allowed else status)
    assert PlanEvent.objects.filter(plan=plan).exists() == allowed
    if role in ("alice", "bob"):
        assert response.status_code == 404
    elif not allowed:
        assert response.status_code in (302, 400)


# The queue ---------------------------------------------------------------------------------


def test_queue_lists_what_waits_oldest_first_with_counts(client, rita, zambia, serbia):
    now = timezone.now()
    newer = make_plan(lab=zambia, title="Newer", status=Status.SUBMITTED, submitted_at=now)
    older = make_plan(
        lab=serbia,
        title="Older",
        status=Status.SUBMITTED,
        submitted_at=now - timezone.timedelta(days=3),
    )
    make_plan(lab=zambia, title="Still a draft", status=Status.DRAFT)
    make_plan(lab=zambia, title="Approved one", status=Status.APPROVED, submitted_at=now)
    client.force_login(rita)
    page = client.get(reverse("review:queue")).content.decode()
    assert page.index(older.title) < page.index(newer.title)
    assert "Approved one" in page and "Still a draft" not in page
    assert "Submitted: 2" in page and "Draft: 1" in page
    drafts = client.get(reverse("review:queue"), {"status": "draft"}).content.decode()
    assert "Still a draft" in drafts and "Older" not in drafts


def test_queue_filters_by_region_kind_cycle_and_reviewer(client, rita, root, zambia, serbia):
    now = timezone.now()
    make_plan(lab=zambia, title="Mine", status=Status.SUBMITTED, submitted_at=now, reviewer=rita)
    make_plan(
        lab=serbia,
        title="Theirs",
        status=Status.SUBMITTED,
        submitted_at=now,
        year=2022,
        reviewer=root,
    )
    client.force_login(rita)

    def titles(**query):
        response = client.get(reverse("review:queue"), query)
        return {plan.title for plan in response.context["page"]}

    assert titles() == {"Mine", "Theirs"}
    assert titles(region="RBA") == {"Mine"}
    assert titles(country="RS") == {"Theirs"}
    assert titles(year="2022") == {"Theirs"}
    assert titles(kind="progress") == set()
    assert titles(reviewer="me") == {"Mine"}
    assert titles(reviewer=str(root.pk)) == {"Theirs"}
    assert titles(reviewer="none") == set()


def test_queue_offers_the_cycles_there_are_and_names_countries_in_the_readers_language(
    client, rita, zambia, open_cycle
):
    make_plan(lab=zambia, year=2022, status=Status.SUBMITTED)
    client.force_login(rita)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get(reverse("review:queue"), {"year": "2022"})
    page = response.content.decode()
    cycle = page[page.index('name="year"') : page.index("</select>", page.index('name="year"'))]
    # A choice of the years with a cycle or plans, not a box to type a year in.
    years = re.findall(r'<option value="(\d+)"', cycle)
    assert years == [str(open_cycle.year), "2022"]
    assert '<option value="2022" selected>' in cycle
    assert '<option value="ZM">Zambie</option>' in page
    # In French alphabetical order, the accent aside: Égypte, Éthiopie, Fidji.
    assert page.index(">Égypte<") < page.index(">Éthiopie<") < page.index(">Fidji<")
    assert "Zambie" in page[page.index("<tbody") :]  # the lab, named as its country


def test_assign_to_me_sets_the_reviewer(client, rita, plan):
    client.force_login(rita)
    client.post(reverse("review:assign", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.reviewer == rita


def test_queue_uses_a_fixed_number_of_queries(client, rita, zambia, django_assert_max_num_queries):
    for _ in range(30):
        make_plan(lab=zambia, status=Status.SUBMITTED, submitted_at=timezone.now())
    client.force_login(rita)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("review:queue"))
    assert len(response.context["page"]) == 30


# The review page, comments and decisions ---------------------------------------------------


def test_a_comment_on_one_answer_shows_under_it_and_reaches_the_lab(client, rita, alice, plan):
    client.force_login(rita)
    response = comment(
        client, plan, section="challenge", field="tweet_summary", body="Say who <b>burns</b>."
    )
    assert response.status_code == 302
    thread = Comment.objects.get()
    assert (thread.section, thread.field, thread.author) == ("challenge", "tweet_summary", rita)
    page = client.get(reverse("review:plan", args=[plan.pk])).content.decode()
    # Under the answer it is about, before the next answer.
    after = page[page.index('id="answer-challenge-tweet_summary"') :]
    answer = after[: after.index('class="reviewed-answer"', 1)]
    assert "Say who &lt;b&gt;burns&lt;/b&gt;." in answer
    assert "Say who &lt;b&gt;burns&lt;/b&gt;." in page and "<b>burns</b>" not in page
    assert Notification.objects.get(recipient=alice).event == Notification.Event.COMMENTED
    assert [message.to for message in send_queued()] == [[alice.email]]


def test_the_focal_point_sees_the_comment_and_replies(client, rita, alice, plan):
    Comment.objects.create(
        plan=plan, section="challenge", field="tweet_summary", author=rita, body="Shorter, please."
    )
    thread = Comment.objects.get()
    client.force_login(alice)
    review_page = client.get(reverse("my:review", args=[plan.pk])).content.decode()
    assert "Shorter, please." in review_page
    response = comment(client, plan, parent=thread.pk, body="Done: 90 characters now.")
    assert response.status_code == 302
    reply = Comment.objects.get(parent=thread)
    assert reply.author == alice and reply.section == "challenge"
    # The reviewer in the thread hears of it.
    assert Notification.objects.get(recipient=rita).event == Notification.Event.COMMENTED


def test_after_a_comment_the_page_opens_at_the_new_comment(client, rita, plan):
    client.force_login(rita)
    page = client.get(reverse("review:plan", args=[plan.pk])).content.decode()
    # The form says where it stands on the page...
    assert (
        f'value="{reverse("review:plan", args=[plan.pk])}#answer-challenge-tweet_summary"' in page
    )
    response = comment(
        client,
        plan,
        section="challenge",
        field="tweet_summary",
        body="Shorter?",
        next=f"{reverse('review:plan', args=[plan.pk])}#answer-challenge-tweet_summary",
    )
    thread = Comment.objects.get()
    # ...and the reader lands on what they wrote, not at the top of the page.
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('review:plan', args=[plan.pk])}#comment-{thread.pk}"
    page = client.get(response["Location"]).content.decode()
    assert f'id="comment-{thread.pk}"' in page

    response = comment(client, plan, parent=thread.pk, body="Yes.", next="https://evil.example/#x")
    reply = Comment.objects.get(parent=thread)
    assert response["Location"] == f"{reverse('review:plan', args=[plan.pk])}#comment-{reply.pk}"


def test_another_lab_cannot_reply_to_a_thread(client, rita, bob, plan):
    thread = Comment.objects.create(plan=plan, section="challenge", author=rita, body="Why?")
    client.force_login(bob)
    assert comment(client, plan, parent=thread.pk, body="Sneaky").status_code == 404
    assert Comment.objects.count() == 1


def test_an_empty_comment_is_refused(client, rita, plan):
    client.force_login(rita)
    comment(client, plan, section="challenge", body="   ")
    assert not Comment.objects.exists()


def test_requesting_changes_needs_a_message_and_keeps_what_was_typed(client, rita, plan):
    client.force_login(rita)
    response = decide(client, plan, Action.REQUEST_CHANGES, message="   ")
    assert response.status_code == 400
    assert "a message is required" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED


def test_a_decision_overtaken_by_another_reviewer_is_refused_keeping_the_message(
    client, rita, root, plan
):
    # rita opened the page while the plan was submitted; root approved and published since.
    plan.transition(Action.APPROVE, by=root)
    plan.transition(Action.PUBLISH, by=root)
    client.force_login(rita)
    response = decide(client, plan, Action.APPROVE, message="Looks good to me")
    assert response.status_code == 400
    assert "Looks good to me" in response.content.decode()
    assert LearningPlan.objects.get(pk=plan.pk).status == Status.PUBLISHED


def test_a_decision_overtaken_by_a_legal_one_is_refused_keeping_the_message(
    client, rita, root, plan
):
    # rita opens the submitted plan; root approves it; rita, still on her page, asks for changes
    # (which the workflow allows from approved too, but she decided on the submitted plan).
    client.force_login(rita)
    seen = shown_decision(client.get(reverse("review:plan", args=[plan.pk])))
    assert seen["seen_status"] == Status.SUBMITTED
    other = Client()
    other.force_login(root)
    assert decide(other, plan, Action.APPROVE).status_code == 302
    response = decide(client, plan, Action.REQUEST_CHANGES, "Name the partners.", seen=seen)
    assert response.status_code == 400
    assert "Name the partners." in response.text
    assert "is now approved" in response.text
    plan.refresh_from_db()
    assert plan.status == Status.APPROVED
    assert list(plan.events.values_list("action", flat=True)) == [Action.APPROVE]
    # The page she gets back shows the plan as it is now: deciding on it works.
    seen = shown_decision(response)
    again = decide(client, plan, Action.REQUEST_CHANGES, "Name them.", seen=seen)
    assert again.status_code == 302
    assert LearningPlan.objects.get(pk=plan.pk).status == Status.CHANGES_REQUESTED


def test_a_decision_on_an_earlier_submission_is_refused(client, rita, root, alice, plan):
    # The plan went round while rita's page stayed open: submitted again, but not what she read.
    client.force_login(rita)
    seen = shown_decision(client.get(reverse("review:plan", args=[plan.pk])))
    plan.transition(Action.REQUEST_CHANGES, by=root, message="Add a partner.")
    plan.transition(Action.SUBMIT, by=alice)
    response = decide(client, plan, Action.APPROVE, "Fine as it is.", seen=seen)
    assert response.status_code == 400
    assert "Fine as it is." in response.text
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED
    assert plan.events.count() == 2


def test_a_decision_that_does_not_say_what_it_was_made_on_is_refused(client, rita, plan):
    client.force_login(rita)
    response = decide(client, plan, Action.APPROVE, "Good.", seen={})
    assert response.status_code == 400
    assert "Good." in response.text
    assert LearningPlan.objects.get(pk=plan.pk).status == Status.SUBMITTED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_concurrent_decisions_exactly_one_is_taken(zambia, alice, django_user_model):
    plan = make_plan(lab=zambia, status=Status.SUBMITTED, submitted_at=timezone.now())
    reviewers = [
        django_user_model.objects.create_user(
            username=f"reviewer{n}", email=f"reviewer{n}@example.org", is_staff=True
        )
        for n in range(8)
    ]
    seen = {"seen_status": Status.SUBMITTED, "seen_event": 0}

    def decide_at_once(number, start):
        reviewer = Client()
        reviewer.force_login(reviewers[number])
        action = Action.APPROVE if number % 2 else Action.REQUEST_CHANGES
        start()
        return decide(reviewer, plan, action, f"Decision {number}", seen=seen).status_code

    codes = run_together(len(reviewers), decide_at_once)
    assert sorted(codes) == [302] + [400] * 7
    event = PlanEvent.objects.get(plan=plan)
    assert event.from_status == Status.SUBMITTED
    plan.refresh_from_db()
    assert plan.status == event.to_status


def test_the_review_page_shows_what_changed_since_the_last_submission(client, rita, alice, zambia):
    plan = make_plan(
        lab=zambia,
        status=Status.DRAFT,
        tweet_summary="Less burning, cleaner air.",
        focal_point=alice,
    )
    plan.transition(Action.SUBMIT, by=alice)
    plan.transition(Action.REQUEST_CHANGES, by=rita, message="Shorter tweet.")
    with writing(plan, by=alice):
        plan.tweet_summary = "Cleaner air."
        plan.save()
    plan.transition(Action.SUBMIT, by=alice)
    client.force_login(rita)
    response = client.get(reverse("review:plan", args=[plan.pk]))
    changes = response.context["changes"]
    assert [(c.before, c.after) for c in changes] == [
        ("Less burning, cleaner air.", "Cleaner air.")
    ]
    assert "What changed since the last submission" in response.content.decode()


def test_the_review_page_uses_a_fixed_number_of_queries(
    client, rita, plan, django_assert_max_num_queries
):
    for _ in range(5):
        thread = Comment.objects.create(plan=plan, section="challenge", author=rita, body="Hm")
        Comment.objects.create(plan=plan, section="challenge", parent=thread, author=rita, body="A")
    client.force_login(rita)
    with django_assert_max_num_queries(25):
        client.get(reverse("review:plan", args=[plan.pk]))


# Notifications -----------------------------------------------------------------------------


def test_submission_tells_the_assigned_reviewer_only(alice, rita, root, zambia):
    plan = make_plan(lab=zambia, status=Status.DRAFT, reviewer=root)
    plan.transition(Action.SUBMIT, by=alice)
    assert [m.to for m in send_queued()] == [[root.email]]
    assert reverse("review:plan", args=[plan.pk]) in mail.outbox[0].body
    assert mail.outbox[0].body.count("http") == 1
    assert Notification.objects.get().recipient == root


def test_submission_tells_the_regions_reviewers_when_nobody_is_assigned(
    alice, rita, root, zambia, django_user_model
):
    ReviewerRegion.objects.create(user=rita, region="RBA")
    ReviewerRegion.objects.create(user=root, region="RBEC")
    make_plan(lab=zambia, status=Status.DRAFT).transition(Action.SUBMIT, by=alice)
    assert [m.to for m in send_queued()] == [[rita.email]]


def test_submission_tells_every_reviewer_when_the_region_has_none(alice, rita, zambia):
    make_plan(lab=zambia, status=Status.DRAFT).transition(Action.SUBMIT, by=alice)
    assert [m.to for m in send_queued()] == [[rita.email]]


@pytest.mark.parametrize(
    "action, event",
    [
        (Action.REQUEST_CHANGES, Notification.Event.CHANGES_REQUESTED),
        (Action.APPROVE, Notification.Event.APPROVED),
    ],
)
def test_decisions_tell_the_labs_focal_points(client, rita, alice, bob, plan, action, event):
    client.force_login(rita)
    decide(client, plan, action, message="Add the partners you met.")
    assert [m.to for m in send_queued()] == [[alice.email]]
    assert "Add the partners you met." in mail.outbox[0].body
    assert reverse("my:review", args=[plan.pk]) in mail.outbox[0].body
    assert Notification.objects.get(recipient=alice).event == event


def test_publication_tells_the_lab(client, rita, alice, zambia):
    plan = make_plan(lab=zambia, status=Status.APPROVED)
    client.force_login(rita)
    decide(client, plan, Action.PUBLISH)
    assert [m.to for m in send_queued()] == [[alice.email]]
    assert "now published" in mail.outbox[0].subject
    assert LearningPlan.objects.published().filter(pk=plan.pk).exists()


def test_unread_notifications_are_counted_and_opening_one_reads_it(client, rita, alice, plan):
    plan.transition(Action.REQUEST_CHANGES, by=rita, message="More evidence.")
    client.force_login(alice)
    page = client.get(reverse("my:home")).content.decode()
    assert 'data-unread="1"' in page
    item = Notification.objects.get(recipient=alice)
    response = client.get(reverse("review:notification", args=[item.pk]))
    assert response.url == reverse("my:review", args=[plan.pk])
    item.refresh_from_db()
    assert item.read_at is not None
    assert 'data-unread="' not in client.get(reverse("my:home")).content.decode()


def test_nobody_opens_someone_elses_notification(client, rita, alice, bob, plan):
    plan.transition(Action.REQUEST_CHANGES, by=rita, message="More evidence.")
    client.force_login(bob)
    item = Notification.objects.get(recipient=alice)
    assert client.get(reverse("review:notification", args=[item.pk])).status_code == 404


def test_mark_all_as_read(client, rita, alice, plan):
    plan.transition(Action.REQUEST_CHANGES, by=rita, message="More evidence.")
    plan.transition(Action.SUBMIT, by=alice)
    plan.transition(Action.APPROVE, by=rita)
    client.force_login(alice)
    client.post(reverse("review:notifications_read"))
    assert not Notification.objects.filter(recipient=alice).unread().exists()


def test_the_lab_reads_why_changes_were_requested(client, rita, alice, plan):
    plan.transition(Action.REQUEST_CHANGES, by=rita, message="Name <i>two</i> partners.")
    client.force_login(alice)
    page = client.get(reverse("my:review", args=[plan.pk])).content.decode()
    assert "asked for changes" in page
    assert "Name &lt;i&gt;two&lt;/i&gt; partners." in page


def test_publishing_approves_the_terms_the_lab_proposed(client, rita, zambia):
    from plans.models import Tag

    proposed = Tag.objects.create(
        vocabulary="datasource", name="Drone imagery", slug="drone-imagery", is_approved=False
    )
    plan = make_plan(lab=zambia, status=Status.APPROVED, tags=[proposed])
    client.force_login(rita)
    page = client.get(reverse("review:plan", args=[plan.pk])).content.decode()
    assert "(proposed)" in page
    decide(client, plan, Action.PUBLISH)
    proposed.refresh_from_db()
    assert proposed.is_approved and proposed.published_count == 1
    client.logout()
    assert "Drone imagery" in client.get(reverse("plans:list")).content.decode()


@pytest.mark.parametrize(
    "language, words",
    [
        ("fr", ("a demandé des modifications", "L’ouvrir dans le portail")),
        ("es", ("cambios", "Ábralo en el portal")),
        ("pt", ("alterações", "Abra-o no portal")),
    ],
)
def test_each_person_is_written_to_in_their_language(client, rita, alice, plan, language, words):
    from accounts.models import set_language_of

    set_language_of(alice, language)
    plan.transition(Action.REQUEST_CHANGES, by=rita, message="Plus de preuves.")
    subject, body = words
    send_queued()
    assert subject in mail.outbox[0].subject
    assert body in mail.outbox[0].body and "Open it in the portal" not in mail.outbox[0].body


# Plans that came in by the importer, and people who left --------------------------------


@pytest.mark.parametrize("who", ["rita", "root"])
def test_an_imported_plan_has_a_review_page(client, request, who):
    plan = Importer().import_file(FIXTURES / "plan_2023_numbered.md").plan
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("review:plan", args=[plan.pk]))
    assert response.status_code == 200
    assert plan.title in response.content.decode()


def test_a_workflow_step_recorded_without_anyone_is_listed(client, rita, zambia):
    plan = Importer(status=Status.SUBMITTED).import_file(FIXTURES / "plan_2021_packed.md").plan
    plan.transition(Action.APPROVE, by=None)
    client.force_login(rita)
    response = client.get(reverse("review:plan", args=[plan.pk]))
    assert response.status_code == 200
    assert "<strong>Approve</strong> · " in response.content.decode()


def test_what_a_since_deleted_reviewer_did_is_shown_as_a_deleted_accounts(
    client, django_user_model, rita, alice, zambia
):
    # An imported Zambian plan is alice's lab's: she is told, and reads the request.
    plan = Importer(status=Status.SUBMITTED).import_file(FIXTURES / "plan_2021_packed.md").plan
    vera = django_user_model.objects.create_user(
        username="vera", email="vera@example.org", is_staff=True
    )
    client.force_login(vera)
    comment(client, plan, section="challenge", field="", body="Which households?")
    decide(client, plan, Action.REQUEST_CHANGES, message="Name the households.")
    vera.delete()

    client.force_login(rita)
    response = client.get(reverse("review:plan", args=[plan.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<strong>A deleted account</strong>" in page  # the comment
    assert "<strong>Request changes</strong> · a deleted account ·" in page
    assert "vera@example.org" not in page

    client.force_login(alice)
    page = client.get(reverse("my:review", args=[plan.pk])).content.decode()
    assert "The reviewers asked for changes:" in page
    assert "Which households?" in page
    response = client.get(reverse("review:notifications"))
    assert response.status_code == 200
    assert "Changes requested" in response.content.decode()
