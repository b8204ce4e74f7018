"""A questionnaire step as GOV.UK would have it: an error summary linking to each mistake, the
valid answers of a step kept beside a mistake, one label and one hint above each field, a title
empty until typed and a tweet counted as the browser counts it."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from plans.models import LearningPlan
from tests.conftest import make_plan
from tests.questionnaire.test_editing import CHALLENGE, draft, formset, post_step, step_url

pytestmark = pytest.mark.django_db

TWEET = "x" * 281


@pytest.fixture(autouse=True)
def _cycle(open_cycle):
    """Plans are started only while a cycle takes them."""


@pytest.fixture
def plan(zambia):
    return draft(zambia, title="Open burning", slug="open-burning")


def title_of(content: str) -> str:
    return re.search(r"<title>(.*?)</title>", content, re.S)[1].strip()


def test_a_mistake_is_summarised_at_the_top_with_a_link_to_its_field(client, alice, plan):
    client.force_login(alice)
    data = {**CHALLENGE, "tweet_summary": TWEET}
    response = post_step(client, plan, "challenge", data)
    assert response.status_code == 200
    content = response.content.decode()
    summary = re.search(r'<div class="error-summary[^>]*>(.*?)</div>', content, re.S)
    assert summary, "no error summary"
    assert 'role="alert"' in summary[0] and 'tabindex="-1"' in summary[0]
    assert "There is a problem" in summary[1]
    assert 'href="#id_tweet_summary"' in summary[1]
    assert title_of(content).startswith("Error:")
    # The summary comes before the step's heading; the message sits above its field.
    assert content.index("error-summary") < content.index("<h1")
    message = content.index('id="error_1_id_tweet_summary"')
    assert content.index('id="id_tweet_summary_helptext"') < message
    assert message < content.index('<textarea name="tweet_summary"')


def test_the_valid_answers_beside_a_mistake_are_saved_and_the_mistake_kept_as_typed(
    client, alice, plan
):
    client.force_login(alice)
    statement = "Our challenge is that the landfill burns every dry season."
    data = {**CHALLENGE, "challenge_statement": statement, "tweet_summary": TWEET}
    content = post_step(client, plan, "challenge", data).content.decode()
    stored = LearningPlan.objects.get(pk=plan.pk)
    assert stored.challenge_statement == statement
    assert stored.tweet_summary == ""
    assert stored.version == plan.version + 1
    assert f">\n{TWEET}</textarea>" in content
    assert "Your other answers on this page were saved" in content
    # The form now carries the new version: saving the corrected tweet is not a conflict.
    assert f'name="version" value="{stored.version}"' in content
    response = post_step(client, plan, "challenge", CHALLENGE, version=stored.version)
    assert response.status_code == 302


def test_a_step_with_nothing_valid_writes_nothing(client, alice, plan):
    client.force_login(alice)
    response = post_step(client, plan, "classification", {"sdgs": list(range(1, 7))})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert LearningPlan.objects.get(pk=plan.pk).version == plan.version


def test_the_summary_links_to_boxes_rows_and_repeated_groups(client, alice, plan):
    client.force_login(alice)
    content = post_step(client, plan, "classification", {"sdgs": list(range(1, 7))}).text
    assert 'href="#id_sdgs_0"' in content  # the first box: a list of boxes has no id of its own
    rows = [{"name_as_written": f"Partner {n}"} for n in range(6)]
    content = post_step(client, plan, "partners", formset("partnerships", rows)).text
    assert 'href="#partnerships-rows"' in content and 'id="partnerships-rows"' in content
    rows = [{"name_as_written": "City council", "position": "-1"}]
    content = post_step(client, plan, "partners", formset("partnerships", rows)).text
    assert 'href="#id_partnerships-0-position">Partner 1, Rank (1 = most important):' in content


def test_a_step_without_mistakes_has_no_summary(client, alice, plan):
    client.force_login(alice)
    content = client.get(step_url(plan, "challenge")).content.decode()
    assert "There is a problem" not in content
    assert not title_of(content).startswith("Error:")


def test_each_prompt_is_a_label_and_a_hint_above_its_field(client, alice, plan):
    client.force_login(alice)
    content = client.get(step_url(plan, "challenge")).content.decode()
    label = content.index('<label for="id_challenge_statement"')
    hint = content.index('<div id="id_challenge_statement_helptext"')
    field = content.index('<textarea name="challenge_statement"')
    assert label < hint < field
    assert 'aria-describedby="id_challenge_statement_helptext"' in content
    # The label is not repeated in the hint.
    assert "Challenge statement: What is your challenge?" not in content
    assert "Challenge statement:\u00a0What is your challenge?" not in content
    assert content.count("What is your challenge?") == 1


def test_a_tweet_is_counted_with_a_line_break_as_one_character(client, alice, plan):
    client.force_login(alice)
    lines = ["x" * 69] * 4
    # 279 characters as the page counts them; 282 as a browser sends them (\r\n).
    tweet = "\r\n".join(lines)
    response = post_step(client, plan, "challenge", {**CHALLENGE, "tweet_summary": tweet})
    assert response.status_code == 302
    assert LearningPlan.objects.get(pk=plan.pk).tweet_summary == "\n".join(lines)
    too_long = "\r\n".join(["x" * 70] * 4)  # 283 characters
    response = post_step(client, plan, "challenge", {**CHALLENGE, "tweet_summary": too_long})
    assert "this summary has 283." in response.content.decode()


# The title ---------------------------------------------------------------------------------


def test_a_started_plan_has_no_title_until_one_is_typed(client, alice, zambia):
    client.force_login(alice)
    client.post(reverse("my:start_plan", args=[zambia.pk]))
    plan = LearningPlan.objects.get(lab=zambia)
    assert plan.title == ""
    content = client.get(step_url(plan, "title")).content.decode()
    field = re.search(r'<input type="text" name="title"[^>]*>', content)[0]
    assert "value=" not in field
    assert "Untitled plan" in client.get(reverse("my:home")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert "Plan sans titre" in client.get(reverse("my:home")).content.decode()


def test_a_title_stored_as_untitled_plan_by_an_older_version_is_no_title(client, alice, zambia):
    plan = draft(zambia, title="Untitled plan")
    client.force_login(alice)
    content = client.get(step_url(plan, "title")).content.decode()
    field = re.search(r'<input type="text" name="title"[^>]*>', content)[0]
    assert "value=" not in field
    review = client.get(reverse("my:review", args=[plan.pk])).content.decode()
    assert "A title for the plan" in review


def test_a_drafts_address_follows_its_title(client, alice, plan):
    client.force_login(alice)
    post_step(client, plan, "title", {"title": "Cleaner air for Lusaka"})
    plan.refresh_from_db()
    assert plan.slug == f"cleaner-air-for-lusaka-zm-{plan.year}"
    post_step(client, plan, "title", {"title": "Cleaner air"})
    plan.refresh_from_db()
    assert plan.slug == f"cleaner-air-zm-{plan.year}"


def test_the_address_of_a_plan_once_published_stays(client, alice, zambia):
    plan = draft(zambia, title="Open burning", slug="open-burning", published_at=timezone.now())
    client.force_login(alice)
    post_step(client, plan, "title", {"title": "Cleaner air"})
    plan.refresh_from_db()
    assert (plan.title, plan.slug) == ("Cleaner air", "open-burning")


def test_a_new_address_is_never_another_plans(client, alice, zambia, plan):
    make_plan(lab=zambia, title="Taken", slug=f"cleaner-air-zm-{plan.year}")
    client.force_login(alice)
    post_step(client, plan, "title", {"title": "Cleaner air"})
    plan.refresh_from_db()
    assert plan.slug == f"cleaner-air-zm-{plan.year}-2"
