"""The one write path: whoever writes a plan (the questionnaire, the admin, the importer), what
derives from it is refreshed from what was written, and no writer overwrites another's save."""

import threading
from html.parser import HTMLParser
from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from partners.models import PartnerOrganisation, Partnership
from plans import search
from plans.models import LearningPlan, PlanSearchVector, Tag
from plans.writing import StaleWrite, writing
from sdgcommons.importers import Importer
from tests.conftest import FIXTURES, make_plan

pytestmark = pytest.mark.django_db


def found(client, q):
    response = client.get("/api/plans/", {"q": q})
    return [plan["title"] for plan in response.json()["results"]]


class _FormValues(HTMLParser):
    """What a browser would post back from a page's form, unchanged."""

    def __init__(self):
        super().__init__()
        self.data, self._textarea, self._select = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            if self._textarea:
                # Browsers drop the newline that follows <textarea>.
                value = self.data[self._textarea][0]
                self.data[self._textarea][0] = value.removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_values(response) -> dict:
    parser = _FormValues()
    parser.feed(response.content.decode())
    return {name: values if len(values) != 1 else values[0] for name, values in parser.data.items()}


def admin_change(client, plan):
    url = reverse("admin:plans_learningplan_change", args=[plan.pk])
    return url, form_values(client.get(url))


def test_an_imported_plan_is_found_by_a_word_of_any_answer(client):
    Importer().import_file(FIXTURES / "plan_2023_numbered.md")
    plan = LearningPlan.objects.get()
    assert plan.tweet_summary == "Rubble is a resource."
    # Words of the title, the tweet and of an answer further down: all indexed at import.
    for q in ("construction", "rubble", "dumps"):
        assert found(client, q) == [plan.title], q


def test_a_questionnaire_save_is_found_at_once(client, alice, zambia, open_cycle):
    client.force_login(alice)
    client.post(reverse("my:start_plan", args=[zambia.pk]))
    plan = LearningPlan.objects.get()
    response = client.post(
        reverse("my:step", args=[plan.pk, "challenge"]),
        {
            "version": plan.version,
            "challenge_type": "exploratory",
            "challenge_statement": "Our challenge is that wells of the Copperbelt run dry.",
            "tweet_summary": "Wells run dry.",
        },
    )
    assert response.status_code == 302
    # Drafts are not public: the reviewer's view of search is the stored search text.
    plan.refresh_from_db()
    assert "Copperbelt" in plan.search_text
    with writing(plan):
        plan.status = LearningPlan.Status.PUBLISHED
        plan.published_at = timezone.now()
        plan.save()
    assert found(client, "copperbelt") == [plan.title]


def test_an_admin_save_is_indexed_counted_and_kept_as_a_revision(client, root, zambia):
    water = Tag.objects.create(vocabulary="theme", name="Water", slug="water")
    plan = make_plan(lab=zambia, title="Wells", tweet_summary="Wells run dry.")
    client.force_login(root)
    url, data = admin_change(client, plan)
    data.update(tweet_summary="Boreholes outlast wells.", tags=[str(water.pk)])
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    plan.refresh_from_db()
    water.refresh_from_db()
    assert "Boreholes" in plan.search_text and plan.tag_ids == [water.pk]
    assert water.published_count == 1
    assert plan.revisions.order_by("-number").first().reason == "admin"
    assert found(client, "boreholes") == ["Wells"]


def test_an_admin_save_stops_a_focal_points_stale_save(client, root, alice, zambia, open_cycle):
    plan = make_plan(lab=zambia, title="Wells", status="draft", year=open_cycle.year)
    opened_at = plan.version
    client.force_login(root)
    url, data = admin_change(client, plan)
    data.update(tweet_summary="The administrator's words.")
    assert client.post(url, data).status_code == 302

    client.force_login(alice)
    response = client.post(
        reverse("my:step", args=[plan.pk, "challenge"]),
        {
            "version": opened_at,
            "challenge_type": "exploratory",
            "challenge_statement": "Our challenge is that wells run dry.",
            "tweet_summary": "The focal point's words.",
        },
    )
    assert response.status_code == 409
    assert "The focal point&#x27;s words." in response.content.decode()
    plan.refresh_from_db()
    assert plan.tweet_summary == "The administrator's words."


def test_a_stale_admin_form_is_refused_and_keeps_what_was_typed(client, root, alice, zambia):
    plan = make_plan(lab=zambia, title="Wells", tweet_summary="First words.")
    client.force_login(root)
    url, data = admin_change(client, plan)
    with writing(plan, by=alice):
        plan.tweet_summary = "A colleague's words."
        plan.save()
    data.update(tweet_summary="The administrator's words.")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Someone saved this plan since you opened it" in response.content.decode()
    assert "The administrator&#x27;s words." in response.content.decode()
    plan.refresh_from_db()
    assert plan.tweet_summary == "A colleague's words."


def test_a_writer_from_an_old_version_is_refused(zambia):
    plan = make_plan(lab=zambia, title="Wells")
    version = plan.version
    with writing(plan, expected_version=version):
        plan.title = "Boreholes"
        plan.save()
    with pytest.raises(StaleWrite), writing(plan, expected_version=version):
        plan.title = "Lost"
        plan.save()
    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("Boreholes", version + 1)


def test_a_writer_that_read_the_plan_before_a_decision_does_not_undo_it(zambia, rita):
    plan = make_plan(lab=zambia, title="Wells", status=LearningPlan.Status.SUBMITTED)
    read_before = LearningPlan.objects.get(pk=plan.pk)
    plan.transition(LearningPlan.Action.APPROVE, by=rita)
    with writing(read_before, reason="admin"):
        read_before.title = "Boreholes"
        read_before.save()  # the whole row, as the admin and the importer save it
    plan.refresh_from_db()
    assert (plan.title, plan.status) == ("Boreholes", LearningPlan.Status.APPROVED)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_concurrent_writers_from_one_version_exactly_one_wins(zambia):
    plan = make_plan(lab=zambia, title="Wells")
    version, writers = plan.version, 6
    barrier, outcomes = threading.Barrier(writers), []

    def write(number):
        try:
            mine = LearningPlan.objects.get(pk=plan.pk)
            barrier.wait()
            with writing(mine, expected_version=version):
                mine.title = f"Title {number}"
                mine.save()
            outcomes.append(("saved", number))
        except StaleWrite:
            outcomes.append(("refused", number))
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = [number for outcome, number in outcomes if outcome == "saved"]
    assert len(saved) == 1 and len(outcomes) == writers
    plan.refresh_from_db()
    assert (plan.title, plan.version) == (f"Title {saved[0]}", version + 1)
    assert plan.revisions.count() == 2


@pytest.fixture
def tagged(zambia):
    water = Tag.objects.create(vocabulary="theme", name="Water", slug="water")
    return make_plan(lab=zambia, title="Wells", tags=[water]), water


def test_renaming_a_term_in_the_admin_reindexes_its_plans(client, root, tagged):
    plan, water = tagged
    client.force_login(root)
    url = reverse("admin:plans_tag_change", args=[water.pk])
    data = form_values(client.get(url))
    data.update(name="Seaweed", slug="seaweed")
    assert client.post(url, data).status_code == 302
    assert found(client, "seaweed") == ["Wells"]
    assert found(client, "water") == []
    assert plan.revisions.order_by("-number").first().reason == "admin"


def test_deleting_a_term_in_the_admin_takes_it_off_its_plans(client, root, tagged):
    plan, water = tagged
    client.force_login(root)
    url = reverse("admin:plans_tag_delete", args=[water.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    plan.refresh_from_db()
    assert plan.tag_ids == [] and "Water" not in plan.search_text
    assert found(client, "water") == []


def test_an_organisation_changed_in_the_admin_is_what_its_plans_say(client, root, zambia):
    board = PartnerOrganisation.objects.create(name="Board", normalised_name="board", slug="b")
    plan = make_plan(
        lab=zambia,
        title="Wells",
        parts=lambda plan: Partnership.objects.create(plan=plan, organisation=board, position=1),
    )
    client.force_login(root)
    url = reverse("admin:partners_partnerorganisation_change", args=[board.pk])
    data = form_values(client.get(url))
    data.update({"name": "Zanzibar Trust", "partnerships-0-sector": "government"})
    response = client.post(url, data)
    assert response.status_code == 302
    assert found(client, "zanzibar") == ["Wells"]
    assert found(client, "board") == []
    listed = client.get(reverse("plans:list"), {"partner_sector": "government"})
    assert [p.title for p in listed.context["page"].object_list] == ["Wells"]
    assert plan.revisions.count() == 2


def test_reindexing_refreshes_what_derives_and_adds_no_revision(zambia):
    plan = make_plan(lab=zambia, title="Wells", tweet_summary="Who owns the wells?")
    LearningPlan.objects.filter(pk=plan.pk).update(search_text="", tag_ids=[0])  # a stale index
    out = StringIO()
    call_command("reindex_plans", stdout=out)
    plan.refresh_from_db()
    assert out.getvalue().strip() == "reindexed=1"
    assert "owns the wells" in plan.search_text and plan.tag_ids == []
    assert plan.revisions.count() == 1


def test_the_index_is_stored_in_one_statement_as_the_orm_would_store_it(monkeypatch):
    def stored():
        # The JSON fields as stored texts (as a trigger compares them), and the vectors.
        columns = [*search.INDEXED_FIELDS]
        if connection.vendor == "postgresql":
            vector = "SELECT vector FROM plans_plansearchvector WHERE plan_id = id"
            columns += [f"({vector})::text", "rank_vector::text"]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(columns)} FROM plans_learningplan ORDER BY id")
            return cursor.fetchall()

    # The fixture documents, indexed in one statement per batch.
    list(Importer().import_files(sorted(FIXTURES.glob("*.md"))))
    in_one_statement = stored()
    assert len(in_one_statement) > 3 and all(row[0] for row in in_one_statement)
    monkeypatch.setattr(search, "_store", search._store_by_orm)
    monkeypatch.setattr(search, "_store_with_vectors", search._store_by_orm)
    stale = {"search_text": "", "answer_text": "", "stage_mask": 0, "sector_mask": 0}
    stale |= {"tag_ids": [], "goal_numbers": None, "rendered": {}}
    LearningPlan.objects.update(**stale, rank_vector=None)
    PlanSearchVector.objects.all().delete()
    call_command("reindex_plans", stdout=StringIO())
    assert stored() == in_one_statement


def test_the_migration_fills_each_plans_answer_text_as_the_write_path_stores_it():
    fill = import_module("plans.migrations.0022_answer_text").fill
    list(Importer().import_files(sorted(FIXTURES.glob("*.md"))))
    written = dict(LearningPlan.objects.values_list("pk", "answer_text"))
    assert len(written) > 3 and any(written.values()) and None not in written.values()
    LearningPlan.objects.update(answer_text=None)  # as the new column is before the migration
    fill(django_apps, None)
    assert dict(LearningPlan.objects.values_list("pk", "answer_text")) == written


def test_the_migration_fills_each_plans_goal_numbers_as_the_write_path_stores_them():
    fill = import_module("plans.migrations.0027_goal_numbers").fill
    list(Importer().import_files(sorted(FIXTURES.glob("*.md"))))
    written = dict(LearningPlan.objects.values_list("pk", "goal_numbers"))
    assert len(written) > 3 and any(written.values()) and [] in written.values()
    LearningPlan.objects.update(goal_numbers=None)  # as the new column is before the migration
    fill(django_apps, None)
    assert dict(LearningPlan.objects.values_list("pk", "goal_numbers")) == written
