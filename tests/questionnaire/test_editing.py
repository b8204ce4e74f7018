"""Focal points fill in their plans: /my/, the questionnaire steps, review and submission."""

import re
import secrets

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partners.models import Partnership
from plans.models import Insight, LearningPlan, LearningQuestion, Tag
from plans.writing import writing
from questionnaire.views import MAX_KEPT_TOTAL, MAX_KEPT_VALUE
from tests.conftest import make_plan, run_together

pytestmark = pytest.mark.django_db

YEAR = timezone.now().year
CHALLENGE = {
    "challenge_type": "exploratory",
    "challenge_statement": "Our challenge is that waste is burnt in the open.",
    "background": "",
    "quantitative_evidence": "",
    "qualitative_evidence": "",
    "value_proposition": "",
    "tweet_summary": "Less burning, cleaner air.",
}


@pytest.fixture(autouse=True)
def _cycle(open_cycle):
    """Plans and reports are started and submitted only while a cycle takes them."""


def draft(lab, **overrides):
    overrides.setdefault("status", LearningPlan.Status.DRAFT)
    overrides.setdefault("year", YEAR)
    return make_plan(lab=lab, **overrides)


def formset(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def step_url(plan, step):
    return reverse("my:step", args=[plan.pk, step])


def post_step(client, plan, step, data, version=None):
    version = plan.version if version is None else version
    return client.post(step_url(plan, step), {"version": version, "save": "1", **data})


@pytest.fixture
def plan(zambia):
    return draft(zambia, title="Open burning", slug="open-burning")


def hand_in(plan, alice, rita):
    """The lab submits the plan and a reviewer approves it."""
    plan.transition(LearningPlan.Action.SUBMIT, by=alice)
    plan.transition(LearningPlan.Action.APPROVE, by=rita)


@pytest.fixture
def report(client, alice, rita, plan):
    with writing(plan, by=alice):
        Partnership.objects.create(plan=plan, position=1, name_as_written="City council")
    # A report reports on a plan the lab has handed in.
    hand_in(plan, alice, rita)
    client.force_login(alice)
    client.post(reverse("my:start_report", args=[plan.pk]))
    return LearningPlan.objects.get(kind="progress", plan=plan)


def complete(plan):
    with writing(plan):
        for name, value in CHALLENGE.items():
            setattr(plan, name, value)
        plan.save()
        LearningQuestion.objects.create(plan=plan, position=1, question="Who burns waste, why?")
        plan.tags.add(*sdgs(1), *themes(1))
    return plan


def sdgs(count):
    return [
        Tag.objects.get_or_create(
            vocabulary="sdg", number=number, defaults={"name": f"Goal {number}", "slug": number}
        )[0]
        for number in range(1, count + 1)
    ]


def themes(count):
    return [
        Tag.objects.get_or_create(
            vocabulary="theme", slug=f"theme-{n}", defaults={"name": f"Theme {n}"}
        )[0]
        for n in range(1, count + 1)
    ]


# Who may do what ---------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, plan):
    login = resolve_url(settings.LOGIN_URL)
    for url in (reverse("my:home"), step_url(plan, "title")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(login)


# Status codes per user for each questionnaire URL and method. Reviewers (rita, staff) read
# every plan but change none; administrators (root) edit any plan; bob, of another lab, is never
# told the plan exists; anonymous visitors are sent to sign in.
EXPECTED = {
    #                      None  alice  bob  rita  root
    "home": (302, 200, 200, 200, 200),
    "start_plan_post": (302, 302, 404, 404, 404),
    "plan_get": (302, 302, 404, 302, 302),
    "step_get": (302, 200, 404, 302, 200),
    "step_post": (302, 302, 404, 403, 302),
    "review_get": (302, 200, 404, 200, 200),
    "submit_post": (302, 302, 404, 403, 302),
    "start_report_post": (302, 302, 404, 403, 302),
    "evidence_upload_post": (302, 302, 404, 403, 302),
    "evidence_delete_post": (302, 302, 404, 403, 302),
}
USERS = [None, "alice", "bob", "rita", "root"]
CHANGES = {"step_post", "submit_post", "start_report_post", "evidence_upload_post"}


@pytest.fixture
def evidence(settings, tmp_path, plan):
    from django.core.files.base import ContentFile

    from plans.models import EvidenceFile

    settings.MEDIA_ROOT = tmp_path
    return EvidenceFile.objects.create(
        plan=plan, file=ContentFile(b"%PDF-1.4", name="a.pdf"), original_name="a.pdf", size=8
    )


def _act(client, request, action, plan, zambia, evidence):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.questionnaire.test_evidence import png_bytes

    if action == "start_report_post":
        # A report is started on a plan the lab has handed in.
        hand_in(plan, request.getfixturevalue("alice"), request.getfixturevalue("rita"))
    png = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    return {
        "home": lambda: client.get(reverse("my:home")),
        "start_plan_post": lambda: client.post(reverse("my:start_plan", args=[zambia.pk])),
        "plan_get": lambda: client.get(reverse("my:plan", args=[plan.pk])),
        "step_get": lambda: client.get(step_url(plan, "title")),
        "step_post": lambda: post_step(client, plan, "title", {"title": "Changed"}),
        "review_get": lambda: client.get(reverse("my:review", args=[plan.pk])),
        "submit_post": lambda: client.post(reverse("my:submit", args=[plan.pk])),
        "start_report_post": lambda: client.post(reverse("my:start_report", args=[plan.pk])),
        "evidence_upload_post": lambda: client.post(
            reverse("my:evidence_upload", args=[plan.pk]), {"file": png}
        ),
        "evidence_delete_post": lambda: client.post(
            reverse("my:evidence_delete", args=[plan.pk, evidence.pk])
        ),
    }[action]()


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("action", list(EXPECTED))
def test_permission_matrix_focal_points_and_administrators_edit_reviewers_read(
    client, request, zambia, plan, evidence, user, action
):
    if user:
        client.force_login(request.getfixturevalue(user))
    before = (plan.title, plan.evidence_files.count())
    response = _act(client, request, action, plan, zambia, evidence)
    assert response.status_code == EXPECTED[action][USERS.index(user)]
    if response.status_code == 302 and user is None:
        assert response.url.startswith(resolve_url(settings.LOGIN_URL))
    if response.status_code == 302 and user == "rita":
        assert response.url == reverse("my:review", args=[plan.pk])
    plan.refresh_from_db()
    if user in (None, "bob", "rita"):
        assert (plan.title, plan.evidence_files.count()) == before
        assert plan.status in (LearningPlan.Status.DRAFT, LearningPlan.Status.APPROVED)
        assert not LearningPlan.objects.filter(kind="progress").exists()
        assert LearningPlan.objects.filter(lab=zambia).count() == 1
    elif action in CHANGES:
        changed = (plan.title, plan.evidence_files.count()) != before
        reported = LearningPlan.objects.filter(kind="progress").exists()
        assert changed or reported or action == "submit_post"


def test_a_reviewer_reads_the_review_page_without_a_submit_button(client, rita, plan):
    complete(plan)
    client.force_login(rita)
    content = client.get(reverse("my:review", args=[plan.pk])).content.decode()
    assert "You are reading this as a reviewer" in content
    assert reverse("my:submit", args=[plan.pk]) not in content


def test_home_lists_the_labs_plans_with_completeness(client, alice, plan, serbia):
    draft(serbia, title="Someone else's plan")
    client.force_login(alice)
    response = client.get(reverse("my:home"))
    content = response.content.decode()
    assert "Open burning" in content
    assert "Someone else&#x27;s plan" not in content and "Someone else's plan" not in content
    assert "% complete" in content
    assert reverse("my:step", args=[plan.pk, "title"]).rsplit("/", 2)[0] in content


# Starting plans and reports -----------------------------------------------------------------


def test_start_a_plan_creates_a_draft_in_the_lab_and_opens_the_first_step(client, alice, zambia):
    client.force_login(alice)
    response = client.post(reverse("my:start_plan", args=[zambia.pk]))
    plan = LearningPlan.objects.get(lab=zambia)
    assert (plan.status, plan.kind, plan.year, plan.focal_point) == ("draft", "plan", YEAR, alice)
    assert plan.questionnaire == "plan-2023"
    assert response.url == step_url(plan, "title")


def test_starting_a_plan_in_another_lab_is_not_found(client, bob, zambia):
    client.force_login(bob)
    assert client.post(reverse("my:start_plan", args=[zambia.pk])).status_code == 404
    assert not LearningPlan.objects.exists()


def test_a_fourth_plan_for_the_lab_and_year_is_refused(client, alice, zambia):
    for _ in range(3):
        draft(zambia)
    client.force_login(alice)
    response = client.post(reverse("my:start_plan", args=[zambia.pk]), follow=True)
    assert LearningPlan.objects.filter(lab=zambia).count() == 3
    assert "already has 3 plans" in response.content.decode()


def test_start_the_progress_report_copies_the_partners(report, plan):
    assert report.questionnaire == "progress-2023"
    assert (report.lab, report.year, report.status) == (plan.lab, plan.year, "draft")
    assert [p.name_as_written for p in report.partnerships.all()] == ["City council"]
    assert plan.partnerships.count() == 1


# Saving steps ---------------------------------------------------------------------------------


def test_saving_a_step_stores_the_fields_and_bumps_the_version(client, alice, plan):
    client.force_login(alice)
    response = post_step(client, plan, "challenge", {**CHALLENGE, "continue": "1"})
    assert response.status_code == 302
    assert response.url == step_url(plan, "classification")
    stored = LearningPlan.objects.get(pk=plan.pk)
    assert stored.challenge_statement == CHALLENGE["challenge_statement"]
    assert stored.version == plan.version + 1
    assert stored.status == "draft"


def test_save_stays_on_the_step(client, alice, plan):
    client.force_login(alice)
    response = post_step(client, plan, "title", {"title": "Cleaner air"})
    assert response.url == step_url(plan, "title")
    assert LearningPlan.objects.get(pk=plan.pk).title == "Cleaner air"


def test_a_stale_version_is_refused_and_the_typed_text_is_kept(client, alice, plan):
    client.force_login(alice)
    post_step(client, plan, "title", {"title": "Saved by a colleague"})
    response = post_step(client, plan, "title", {"title": "My own typing"}, version=plan.version)
    content = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this plan" in content
    assert "My own typing" in content
    assert "Saved by a colleague" in content  # what the other person saved
    stored = LearningPlan.objects.get(pk=plan.pk)
    assert (stored.title, stored.version) == ("Saved by a colleague", plan.version + 1)


def test_a_tweet_over_280_characters_is_refused_with_the_input_kept(client, alice, plan):
    client.force_login(alice)
    tweet = "x" * 281
    response = post_step(client, plan, "challenge", {**CHALLENGE, "tweet_summary": tweet})
    assert response.status_code == 200
    content = response.content.decode()
    assert "At most 280 characters" in content
    assert tweet in content
    assert 'data-maxlength="280"' in content  # the counter's limit: one may type on past it
    assert LearningPlan.objects.get(pk=plan.pk).tweet_summary == ""


def test_partners_are_saved_in_order_with_their_organisation(client, alice, plan):
    client.force_login(alice)
    rows = [
        {"name_as_written": "Ministry of Health", "sector": "government", "position": "2"},
        {"name_as_written": "Waste pickers' union", "is_new_and_unusual": "true", "position": "1"},
    ]
    response = post_step(client, plan, "partners", formset("partnerships", rows))
    assert response.status_code == 302
    partners = list(plan.partnerships.all())
    assert [p.name_as_written for p in partners] == ["Waste pickers' union", "Ministry of Health"]
    assert [p.position for p in partners] == [1, 2]
    assert partners[0].is_new_and_unusual is True
    assert partners[1].organisation.name == "Ministry of Health"


def test_without_javascript_partners_have_rank_inputs_and_blank_rows(client, alice, plan):
    with writing(plan, by=alice):
        Partnership.objects.create(plan=plan, position=1, name_as_written="City council")
    client.force_login(alice)
    content = client.get(step_url(plan, "partners")).content.decode()
    # One saved partner and four blank rows, each with its rank; the buttons wait for JavaScript.
    assert content.count('name="partnerships-__prefix__-position"') == 1  # the <template> row
    ranks = [f'name="partnerships-{n}-position"' for n in range(5)]
    assert all(rank in content for rank in ranks)
    assert 'name="partnerships-5-position"' not in content
    assert "Add another partner</button>" in content
    assert "data-add hidden" in content and "data-move hidden" in content


def test_six_partners_are_refused(client, alice, plan):
    client.force_login(alice)
    rows = [{"name_as_written": f"Partner {n}"} for n in range(6)]
    response = post_step(client, plan, "partners", formset("partnerships", rows))
    assert response.status_code == 200
    assert "at most 5" in response.content.decode()
    assert not plan.partnerships.exists()


def test_learning_questions_map_stages_to_booleans(client, alice, plan):
    client.force_login(alice)
    rows = [{"question": "Who burns waste?", "stages": ["sense", "test"]}]
    post_step(client, plan, "questions", formset("learning_questions", rows))
    question = plan.learning_questions.get()
    assert (question.is_sense, question.is_explore, question.is_test) == (True, False, True)
    assert question.position == 1


def older_report(report):
    # The time split was asked by the 2021 closing form.
    with writing(report):
        report.questionnaire = "progress-2021"
        report.save()
    return report


def test_a_time_split_not_adding_to_100_is_refused(client, alice, report):
    report = older_report(report)
    data = {"time_sense": "50", "time_explore": "30", "time_test": "", "time_grow": ""}
    response = post_step(client, report, "learnings", {**data, **formset("insights", [])})
    assert response.status_code == 200
    assert "adds up to 80%" in response.content.decode()
    assert LearningPlan.objects.get(pk=report.pk).time_sense is None


def test_a_time_split_adding_to_100_and_insights_are_saved(client, alice, report):
    report = older_report(report)
    data = {"time_sense": "50", "time_explore": "50", "blog_links": "https://example.org/a"}
    insights = formset("insights", [{"text": "People burn because collection is rare."}])
    response = post_step(client, report, "learnings", {**data, **insights})
    assert response.status_code == 302
    stored = LearningPlan.objects.get(pk=report.pk)
    assert (stored.time_sense, stored.time_explore) == (50, 50)
    assert [i.text for i in stored.insights.all()] == ["People burn because collection is rare."]


def test_an_invalid_blog_link_is_refused(client, alice, report):
    data = {"blog_links": "https://example.org/ok\nnot a link", **formset("insights", [])}
    response = post_step(client, report, "learnings", data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Not a valid link" in content and "not a link" in content
    assert LearningPlan.objects.get(pk=report.pk).blog_links == ""


def test_six_insights_are_refused(client, alice, report):
    rows = [{"text": f"Insight {n}"} for n in range(6)]
    response = post_step(client, report, "learnings", formset("insights", rows))
    assert response.status_code == 200
    assert not Insight.objects.filter(plan=report).exists()


def test_a_second_big_bet_for_the_lab_and_year_is_refused(client, alice, zambia, plan):
    draft(zambia, challenge_type="big_bet")
    client.force_login(alice)
    response = post_step(client, plan, "challenge", {**CHALLENGE, "challenge_type": "big_bet"})
    assert response.status_code == 200
    assert "already has a big bet" in response.content.decode()
    assert LearningPlan.objects.get(pk=plan.pk).challenge_type == ""


# Review and submission ----------------------------------------------------------------------


def test_review_lists_what_is_missing_with_links_to_the_steps(client, alice, plan):
    client.force_login(alice)
    content = client.get(reverse("my:review", args=[plan.pk])).content.decode()
    for missing in (
        "The challenge statement",
        "“tweet” summary",
        "At least one learning question",
        "SDGs",
        "Thematic areas",
    ):
        assert missing in content
    assert step_url(plan, "challenge") in content
    assert step_url(plan, "classification") in content
    assert step_url(plan, "questions") in content
    assert 'action="' + reverse("my:submit", args=[plan.pk]) not in content


def test_submitting_an_incomplete_plan_does_nothing(client, alice, plan):
    client.force_login(alice)
    client.post(reverse("my:submit", args=[plan.pk]))
    assert LearningPlan.objects.get(pk=plan.pk).status == "draft"


def test_submit_works_when_complete_and_then_the_plan_is_read_only(client, alice, plan):
    complete(plan)
    client.force_login(alice)
    assert "missing" not in client.get(reverse("my:review", args=[plan.pk])).content.decode()
    response = client.post(reverse("my:submit", args=[plan.pk]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "submitted"
    assert plan.events.get().actor == alice

    response = client.get(step_url(plan, "title"))
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    post_step(client, plan, "title", {"title": "Changed after submission"})
    assert LearningPlan.objects.get(pk=plan.pk).title == "Open burning"


def submit_form(client, plan) -> dict:
    """What the review page's submit button posts: the status the plan was shown in."""
    page = client.get(reverse("my:review", args=[plan.pk])).text
    return dict(re.findall(r'<input type="hidden" name="(seen_status)" value="([^"]*)"', page))


def test_a_submission_made_on_a_status_the_plan_has_left_is_refused(client, alice, rita, plan):
    complete(plan)
    client.force_login(alice)
    seen = submit_form(client, plan)
    assert seen == {"seen_status": "draft"}
    # Meanwhile a colleague submitted it and a reviewer asked for changes she has not read.
    plan.transition(LearningPlan.Action.SUBMIT, by=alice)
    plan.transition(LearningPlan.Action.REQUEST_CHANGES, by=rita, message="Add a partner.")
    response = client.post(reverse("my:submit", args=[plan.pk]), seen, follow=True)
    assert response.status_code == 200
    assert "it is now changes requested" in response.text
    plan.refresh_from_db()
    assert plan.status == "changes_requested"
    assert plan.events.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_submit_submits_once(alice, zambia, open_cycle):
    plan = complete(draft(zambia, title="Open burning", slug="open-burning"))

    def click(number, start):
        browser = Client()
        browser.force_login(alice)
        start()
        return browser.post(reverse("my:submit", args=[plan.pk]), {"seen_status": "draft"})

    responses = run_together(4, click)
    assert {response.status_code for response in responses} == {302}
    plan.refresh_from_db()
    assert plan.status == "submitted"
    assert plan.events.count() == 1
    assert plan.revisions.filter(reason="submit").count() == 1


def test_changes_requested_makes_the_plan_editable_again(client, alice, rita, plan):
    complete(plan)
    plan.transition(LearningPlan.Action.SUBMIT, by=alice)
    plan.transition(LearningPlan.Action.REQUEST_CHANGES, by=rita, message="Add a partner.")
    client.force_login(alice)
    assert client.get(step_url(plan, "title")).status_code == 200
    response = post_step(client, plan, "title", {"title": "Open burning, revised"})
    assert response.status_code == 302
    assert LearningPlan.objects.get(pk=plan.pk).title == "Open burning, revised"


def test_unknown_step_is_not_found(client, alice, plan):
    client.force_login(alice)
    assert client.get(step_url(plan, "nonsense")).status_code == 404


def test_classification_sets_the_four_vocabularies(client, alice, plan):
    sdg = Tag.objects.create(vocabulary="sdg", name="Climate action", slug="climate", number=13)
    theme = Tag.objects.create(vocabulary="theme", name="Waste", slug="waste")
    method = Tag.objects.create(vocabulary="method", name="Ethnography", slug="ethnography")
    source = Tag.objects.create(vocabulary="datasource", name="Surveys", slug="surveys")
    with writing(plan, by=alice):
        plan.tags.add(Tag.objects.create(vocabulary="theme", name="Old", slug="old"))
    client.force_login(alice)
    data = {
        "sdgs": [sdg.number],
        "themes": [theme.pk],
        "methods": [method.pk],
        "datasources": [source.pk],
    }
    response = post_step(client, plan, "classification", data)
    assert response.status_code == 302
    assert set(plan.tags.all()) == {sdg, theme, method, source}
    # The listing's index was refreshed: the old term is gone from it, the new ones are in.
    assert LearningPlan.objects.get(pk=plan.pk).tag_ids == sorted(
        tag.pk for tag in (sdg, theme, method, source)
    )


def test_a_draft_plan_has_no_progress_report_yet(client, alice, plan):
    client.force_login(alice)
    response = client.post(reverse("my:start_report", args=[plan.pk]))
    assert response.status_code == 404
    assert not LearningPlan.objects.filter(kind="progress").exists()


# Tags on submission -------------------------------------------------------------------------


def test_six_sdgs_or_themes_are_refused_with_the_choice_kept(client, alice, plan):
    six_sdgs, six_themes = sdgs(6), themes(6)
    client.force_login(alice)
    data = {"sdgs": [t.number for t in six_sdgs], "themes": [t.pk for t in six_themes]}
    response = post_step(client, plan, "classification", data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "At most 5 SDGs: 6 are chosen." in content
    assert "At most 5 thematic areas: 6 are chosen." in content
    form = response.context["terms_form"]
    assert form.has_error("sdgs") and form.has_error("themes")
    assert [int(n) for n in form["sdgs"].value()] == [t.number for t in six_sdgs]  # input kept
    assert not plan.tags.exists()
    assert LearningPlan.objects.get(pk=plan.pk).version == plan.version


def test_five_sdgs_and_five_themes_are_saved(client, alice, plan):
    five = [*sdgs(5), *themes(5)]
    client.force_login(alice)
    data = {"sdgs": [t.number for t in five[:5]], "themes": [t.pk for t in five[5:]]}
    assert post_step(client, plan, "classification", data).status_code == 302
    assert set(plan.tags.all()) == set(five)


def test_a_plan_without_sdgs_or_themes_cannot_be_submitted(client, alice, plan):
    from questionnaire.views import missing_for_submission

    complete(plan)
    with writing(plan):
        plan.tags.clear()
        plan.tags.add(*themes(1))
    assert [label for label, _ in missing_for_submission(plan)] == ["SDGs"]
    with writing(plan):
        plan.tags.set(sdgs(1))
    assert missing_for_submission(plan) == [("Thematic areas", "classification")]
    client.force_login(alice)
    client.post(reverse("my:submit", args=[plan.pk]))
    assert LearningPlan.objects.get(pk=plan.pk).status == "draft"


def test_a_progress_report_needs_no_sdgs_or_themes(report):
    from questionnaire.views import missing_for_submission

    labels = [label for label, _ in missing_for_submission(report)]
    assert "SDGs" not in labels and "Thematic areas" not in labels


# Keeping answers through an expired session -------------------------------------------------


def sign_in(client, email, next_url):
    data = {"email": email, "password": "a long test password", "next": next_url}
    return client.post(reverse("accounts:sign_in"), data)


def post_while_signed_out(client, plan, title="Typed while signed out"):
    """A step POST whose session expired: the CSRF cookie is still there, the session is not."""
    return post_step(client, plan, "title", {"title": title})


def test_answers_posted_after_the_session_expired_come_back_after_signing_in(client, alice, plan):
    response = post_while_signed_out(client, plan)
    url = step_url(plan, "title")
    assert response.status_code == 302
    assert response.url == f"{resolve_url(settings.LOGIN_URL)}?next={url}"
    assert "Sign in again to get them back" in client.get(response.url).content.decode()

    response = sign_in(client, "alice@example.org", url)
    assert response.status_code == 302 and response.url == url
    response = client.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Your unsaved answers were restored; save to keep them." in content
    assert 'value="Typed while signed out"' in content
    assert LearningPlan.objects.get(pk=plan.pk).title == "Open burning"  # restored, not saved

    # Only once: the next visit shows what is stored.
    assert "Typed while signed out" not in client.get(url).content.decode()


def test_restored_answers_are_saved_with_the_version_they_started_from(client, alice, plan):
    post_while_signed_out(client, plan)
    sign_in(client, "alice@example.org", step_url(plan, "title"))
    response = client.get(step_url(plan, "title"))
    assert response.context["version"] == str(plan.version)
    assert response.context["form"]["title"].value() == "Typed while signed out"


@pytest.mark.parametrize(("user", "status"), [("bob", 404), ("rita", 302)])
def test_kept_answers_are_dropped_for_someone_who_may_not_edit_the_plan(
    client, request, alice, plan, user, status
):
    post_while_signed_out(client, plan)
    request.getfixturevalue(user)
    sign_in(client, f"{user}@example.org", step_url(plan, "title"))
    response = client.get(step_url(plan, "title"))
    assert response.status_code == status
    assert "unsaved_answers" not in client.session
    client.force_login(alice)  # alice on the same browser gets nothing of it either
    assert "Typed while signed out" not in client.get(step_url(plan, "title")).content.decode()


def test_kept_answers_belong_to_their_step_only(client, alice, plan):
    post_while_signed_out(client, plan)
    sign_in(client, "alice@example.org", step_url(plan, "title"))
    content = client.get(step_url(plan, "challenge")).content.decode()
    assert "restored" not in content
    assert "Typed while signed out" in client.get(step_url(plan, "title")).content.decode()


# What an anonymous POST may leave in the session: anyone can post to a step's address.


def kept(client) -> dict:
    return client.session.get("unsaved_answers", {}).get("data", {})


def test_a_huge_anonymous_post_leaves_at_most_the_cap_in_the_session(client, plan):
    huge = secrets.token_hex(1024 * 1024)  # 2 MB, hardly compressible
    response = post_step(client, plan, "title", {"title": huge})
    assert response.status_code == 302
    assert not Session.objects.exists()  # (before the test client makes one to look into)

    # Many fields just under the cap for one answer together pass the cap for all: none is kept.
    rows = [{"name_as_written": secrets.token_hex(MAX_KEPT_VALUE // 2)} for _ in range(5)]
    post_step(client, plan, "partners", formset("partnerships", rows))
    assert not Session.objects.exists()

    # Within the caps, what is stored stays near the size of what is kept.
    rows = [{"name_as_written": secrets.token_hex(MAX_KEPT_TOTAL // 16)} for _ in range(5)]
    post_step(client, plan, "partners", formset("partnerships", rows))
    assert len(kept(client)) == 4 + 5 + 1  # the management form, the rows, the version
    (session,) = Session.objects.all()
    assert len(session.session_data) < MAX_KEPT_TOTAL


def test_a_step_missing_an_answer_too_long_to_keep_is_not_kept_at_all(client, plan):
    post_step(client, plan, "challenge", {**CHALLENGE, "background": "x" * (MAX_KEPT_VALUE + 1)})
    assert not Session.objects.exists()


def test_only_the_fields_of_the_step_are_kept(client, plan):
    extra = {"junk": "x" * 1000, "partnerships-0-name_as_written": "Not on this step"}
    post_step(client, plan, "title", {"title": "Typed while signed out", **extra})
    assert kept(client) == {
        "title": ["Typed while signed out"],
        "version": [str(plan.version)],
    }
    # Nothing of the step but the version: nothing to give back (an empty form would erase).
    post_step(client, plan, "title", extra)
    assert "unsaved_answers" not in client.session


def test_a_formset_steps_rows_are_kept_within_its_bounds(client, plan):
    rows = [{"name_as_written": "City council", "sector": "government"}]
    data = formset("partnerships", rows)
    data["partnerships-99-name_as_written"] = "Past the last row the step takes"
    data["partnerships-0-colour"] = "Not a field of a row"
    post_step(client, plan, "partners", data)
    assert kept(client) == {
        **{name: [value] for name, value in formset("partnerships", rows).items()},
        "version": [str(plan.version)],
    }


@pytest.mark.parametrize("address", [(10**9, "title"), (None, "no-such-step")])
def test_a_post_to_no_plans_step_keeps_nothing(client, plan, address):
    pk, step = address
    response = client.post(reverse("my:step", args=[pk or plan.pk, step]), {"title": "Typed"})
    assert response.status_code == 302
    assert not Session.objects.exists()  # (before the test client makes one to look into)


def test_a_second_post_replaces_the_first(client, plan):
    post_while_signed_out(client, plan, title="First")
    post_step(client, plan, "challenge", CHALLENGE)
    assert client.session["unsaved_answers"]["path"] == step_url(plan, "challenge")
    assert "title" not in kept(client)
    # And one that keeps nothing leaves nothing of the one before.
    client.post(reverse("my:step", args=[plan.pk, "no-such-step"]), {"title": "Typed"})
    assert "unsaved_answers" not in client.session


def test_a_signed_out_formset_step_comes_back_whole(client, alice, plan):
    rows = [
        {"name_as_written": "City council", "sector": "government"},
        {"name_as_written": "Co-op"},
    ]
    post_step(client, plan, "partners", formset("partnerships", rows))
    sign_in(client, "alice@example.org", step_url(plan, "partners"))
    response = client.get(step_url(plan, "partners"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Your unsaved answers were restored" in content
    assert 'value="City council"' in content and 'value="Co-op"' in content
    assert not plan.partnerships.exists()


def test_a_never_submitted_draft_is_deleted_after_confirmation(client, alice, zambia):
    client.force_login(alice)
    for _ in range(3):
        client.post(reverse("my:start_plan", args=[zambia.pk]))
    home = client.get(reverse("my:home")).text
    assert reverse("my:start_plan", args=[zambia.pk]) not in home
    assert "delete a draft to start another" in home
    plan = LearningPlan.objects.filter(lab=zambia).first()
    url = reverse("my:delete", args=[plan.pk])
    assert "This cannot be undone" in client.get(url).text
    assert LearningPlan.objects.filter(pk=plan.pk).exists()  # asking deletes nothing

    assert client.post(url).url == reverse("my:home")
    assert not LearningPlan.objects.filter(pk=plan.pk).exists()
    assert reverse("my:start_plan", args=[zambia.pk]) in client.get(reverse("my:home")).text


@pytest.mark.parametrize(("user", "status"), [("bob", 404), ("rita", 403)])
def test_only_the_labs_focal_points_delete_its_drafts(client, request, zambia, user, status):
    plan = draft(zambia)
    client.force_login(request.getfixturevalue(user))
    assert client.post(reverse("my:delete", args=[plan.pk])).status_code == status
    assert LearningPlan.objects.filter(pk=plan.pk).exists()


def test_a_plan_once_submitted_is_never_deleted(client, alice, rita, plan):
    complete(plan)
    plan.transition(LearningPlan.Action.SUBMIT, by=alice)
    plan.transition(LearningPlan.Action.REQUEST_CHANGES, by=rita, message="More evidence.")
    client.force_login(alice)
    response = client.post(reverse("my:delete", args=[plan.pk]), follow=True)
    assert "Only a draft that was never submitted can be deleted." in response.text
    assert LearningPlan.objects.filter(pk=plan.pk).exists()
