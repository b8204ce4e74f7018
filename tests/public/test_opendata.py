import csv
import io
import json
import zipfile

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from labs.models import Lab
from partners.models import PartnerOrganisation, Partnership
from plans.models import Insight, LearningPlan, LearningQuestion, Tag
from plans.writing import writing
from public import exports
from sdgcommons.exporters import export_plan
from sdgcommons.importers import Importer
from tests.conftest import FIXTURES, make_plan
from tests.sdgcommons.test_import_plans import GOOD

pytestmark = pytest.mark.django_db


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content(response).decode())))


@pytest.fixture
def tagged_plan(zambia):
    gender = Tag.objects.create(vocabulary="sdg", name="5. Gender equality", slug="5", number=5)
    climate = Tag.objects.create(vocabulary="sdg", name="13. Climate action", slug="13", number=13)
    foresight = Tag.objects.create(vocabulary="method", name="Foresight", slug="foresight")
    mapping = Tag.objects.create(vocabulary="method", name="Mapping", slug="mapping")
    board = PartnerOrganisation.objects.create(
        name="Water Board", normalised_name="water board", slug="water-board"
    )

    def parts(plan):
        Partnership.objects.create(plan=plan, organisation=board, position=2)
        Partnership.objects.create(plan=plan, name_as_written="City Council", position=1)
        LearningQuestion.objects.create(plan=plan, position=1, question="Who owns the wells?")
        LearningQuestion.objects.create(plan=plan, position=2, question="Who pays?")
        Insight.objects.create(plan=plan, position=1, text="Maps help.")

    return make_plan(
        title="Water for Lusaka",
        slug="water-for-lusaka",
        lab=zambia,
        tweet_summary="Wells, mapped.",
        challenge_statement="Wells run dry.",
        tags=[gender, climate, foresight, mapping],
        parts=parts,
    )


def test_the_csv_has_one_row_per_published_plan_with_joined_fields(client, tagged_plan):
    make_plan(title="Another plan")
    make_plan(title="A draft", status=LearningPlan.Status.DRAFT)
    response = client.get(reverse("plans:export_csv"))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="alp-plans.csv"'
    rows = {row["slug"]: row for row in csv_rows(response)}
    assert len(rows) == 2
    row = rows["water-for-lusaka"]
    assert row["url"] == "http://testserver/plans/water-for-lusaka/"
    assert row["title"] == "Water for Lusaka"
    assert (row["country_code"], row["country"], row["region"]) == ("ZM", "Zambia", "RBA")
    assert row["sdgs"] == "5; 13"
    assert row["methods"] == "Foresight; Mapping"
    assert row["partners"] == "City Council; Water Board"
    assert row["learning_questions"] == "Who owns the wells?; Who pays?"
    assert row["insights"] == "Maps help."
    assert row["challenge_statement"] == "Wells run dry."
    assert row["published_at"].startswith(str(tagged_plan.published_at.year))
    assert "status" not in row


def test_the_csv_honours_the_listing_filters(client, tagged_plan, serbia):
    make_plan(title="In Serbia", lab=serbia)
    rows = csv_rows(client.get(reverse("plans:export_csv"), {"sdg": "5"}))
    assert [row["slug"] for row in rows] == ["water-for-lusaka"]
    rows = csv_rows(client.get(reverse("plans:export_csv"), {"region": "RBEC"}))
    assert [row["title"] for row in rows] == ["In Serbia"]


def test_the_json_export_is_an_array_of_list_items(client, tagged_plan):
    make_plan(title="A draft", status=LearningPlan.Status.DRAFT)
    response = client.get(reverse("plans:export_json"), {"method": "foresight"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="alp-plans.json"'
    items = json.loads(content(response))
    assert [item["slug"] for item in items] == ["water-for-lusaka"]
    assert items[0]["sdgs"] == [5, 13]
    assert items[0]["country"] == {"code": "ZM", "name": "Zambia"}
    api_item = client.get(reverse("api_plans")).json()["results"][0]
    assert items[0] == api_item


def test_the_json_export_of_nothing_is_an_empty_array(client):
    assert json.loads(content(client.get(reverse("plans:export_json")))) == []


def test_the_zip_holds_one_markdown_file_per_published_plan(client, tagged_plan):
    make_plan(title="Another plan", slug="another-plan")
    make_plan(title="A draft", slug="a-draft", status=LearningPlan.Status.DRAFT)
    response = client.get(reverse("plans:export_zip"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="alp-plans.zip"'
    with zipfile.ZipFile(io.BytesIO(content(response))) as archive:
        assert archive.testzip() is None
        assert sorted(archive.namelist()) == ["another-plan.md", "water-for-lusaka.md"]
        text = archive.read("water-for-lusaka.md").decode()
    assert text.startswith("# ")
    assert "[[type:learningplan]]" in text
    assert "Water for Lusaka" in text


def test_drafts_never_appear_in_any_export(client, zambia):
    make_plan(title="Published plan", slug="published-plan", lab=zambia)
    for status in ["draft", "submitted", "changes_requested", "approved"]:
        make_plan(title=f"Secret {status}", slug=f"secret-{status}", lab=zambia, status=status)
    for name in ["plans:export_csv", "plans:export_json", "plans:export_zip"]:
        body = content(client.get(reverse(name)))
        assert b"published-plan" in body
        assert b"secret" not in body.lower()


def test_a_focal_point_exports_the_drafts_of_their_lab_too(client, alice, zambia, serbia):
    make_plan(title="Zambian draft", lab=zambia, status=LearningPlan.Status.DRAFT)
    make_plan(title="Serbian draft", lab=serbia, status=LearningPlan.Status.DRAFT)
    client.force_login(alice)
    titles = [row["title"] for row in csv_rows(client.get(reverse("plans:export_csv")))]
    assert titles == ["Zambian draft"]


def _parts(plan):
    Partnership.objects.create(
        plan=plan, organisation=PartnerOrganisation.objects.first(), position=1
    )
    LearningQuestion.objects.create(plan=plan, question="Why?")
    Insight.objects.create(plan=plan, text="Because.")


def _add_plans(count):
    for number in range(count):
        make_plan(title=f"Plan {number}", tags=list(Tag.objects.all()), parts=_parts)


def _queries(client, name) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert content(client.get(reverse(name)))
    return len(queries)


@pytest.mark.parametrize("name", ["plans:export_csv", "plans:export_json", "plans:export_zip"])
def test_the_exports_use_a_number_of_queries_independent_of_the_plans(
    client, name, django_assert_max_num_queries
):
    Tag.objects.create(vocabulary="sdg", name="5. Gender equality", slug="5", number=5)
    Tag.objects.create(vocabulary="method", name="Foresight", slug="foresight")
    PartnerOrganisation.objects.create(name="Board", normalised_name="board", slug="board")
    _add_plans(5)
    few = _queries(client, name)
    _add_plans(45)
    assert _queries(client, name) == few
    with django_assert_max_num_queries(8):
        response = client.get(reverse(name))
        assert isinstance(response, StreamingHttpResponse)
        content(response)


@pytest.mark.parametrize("name", ["plans:export_csv", "plans:export_json", "plans:export_zip"])
def test_the_exports_read_the_parts_of_a_whole_chunk_of_plans_at_once(client, name, monkeypatch):
    _add_plans(5)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    chunked = _queries(client, name)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2000)
    # Three chunks of plans against one: each further chunk reads its parts once more.
    assert chunked > _queries(client, name)
    assert len(csv_rows(client.get(reverse("plans:export_csv")))) == 5


@pytest.fixture
def varied_plans(alice, zambia, tagged_plan):
    """Plans that exercise every branch of a summary: no region, no country, no challenge type,
    a draft (no publication date) a focal point sees, accents, several vocabularies."""
    nowhere = Lab.objects.create(name="Atlantis", slug="atlantis", country="", region="")
    theme = Tag.objects.create(vocabulary="theme", name="Énergie", slug="energie")
    source = Tag.objects.create(vocabulary="datasource", name="Surveys", slug="surveys")
    make_plan(title="Sous l’eau", lab=nowhere, challenge_type="big_bet", tags=[theme, source])
    make_plan(title="Nothing chosen", lab=zambia, challenge_type="", tweet_summary="")
    make_plan(title="Zambian draft", lab=zambia, status=LearningPlan.Status.DRAFT, tags=[theme])
    return alice


def test_each_json_item_is_the_api_list_item(client, varied_plans):
    client.force_login(varied_plans)
    for query in [{}, {"sort": "title"}, {"theme": "energie"}]:
        items = json.loads(content(client.get(reverse("plans:export_json"), query)))
        api = client.get(reverse("api_plans"), {**query, "page_size": 100}).json()["results"]
        assert len(items) == len(api) > 0
        assert items == api


def test_each_csv_row_is_the_json_item_flattened(client, varied_plans):
    client.force_login(varied_plans)
    rows = csv_rows(client.get(reverse("plans:export_csv")))
    items = json.loads(content(client.get(reverse("plans:export_json"))))
    assert [row["slug"] for row in rows] == [item["slug"] for item in items]
    for row, item in zip(rows, items, strict=True):
        assert row["url"] == item["url"] and row["title"] == item["title"]
        assert (row["country_code"], row["country"]) == (
            item["country"]["code"] or "",
            item["country"]["name"],
        )
        assert (row["region"], row["challenge_type"]) == (
            item["region"] or "",
            item["challenge_type"] or "",
        )
        assert row["themes"] == "; ".join(item["themes"])
        assert row["published_at"] == (item["published_at"] or "")


# In chunks of two, each chunk's files are written on the export's second thread while the next
# chunk is read; asked in French, where that thread has no language of its own.
@pytest.mark.parametrize("chunk_size", [2000, 2])
def test_each_markdown_file_in_the_zip_is_the_plans_public_export(client, monkeypatch, chunk_size):
    monkeypatch.setattr(exports, "CHUNK_SIZE", chunk_size)
    importer = Importer()
    for name in GOOD:
        assert importer.import_file(FIXTURES / name).outcome == "created"
    response = client.get(reverse("plans:export_zip"), {"sort": "title"}, HTTP_ACCEPT_LANGUAGE="fr")
    with zipfile.ZipFile(io.BytesIO(content(response))) as archive:
        files = [(name, archive.read(name).decode()) for name in archive.namelist()]
    plans = LearningPlan.objects.with_answers().order_by("title")
    assert len(plans) > 2 * chunk_size or chunk_size > len(plans)
    assert files == [(f"{plan.slug}.md", export_plan(plan, public=True)) for plan in plans]


# Spreadsheet formulas ---------------------------------------------------------------------------

FORMULA = '=HYPERLINK("http://evil","x")'


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_written_as_text(client, zambia):
    def parts(plan):
        Partnership.objects.create(plan=plan, name_as_written="\tTabbed partner", position=1)
        LearningQuestion.objects.create(plan=plan, position=1, question="@SUM(A1:A9)")
        Insight.objects.create(plan=plan, position=1, text="\rcmd|' /C calc'!A0")

    make_plan(
        title=FORMULA,
        slug="formula",
        lab=zambia,
        tweet_summary="+1 555 0100",
        challenge_statement="-2+3",
        parts=parts,
    )
    response = client.get(reverse("plans:export_csv"))
    assert response.status_code == 200
    raw = content(response).decode()
    (row,) = csv.DictReader(io.StringIO(raw))
    assert row["title"] == "'" + FORMULA
    assert row["tweet_summary"] == "'+1 555 0100"
    assert row["challenge_statement"] == "'-2+3"
    assert row["learning_questions"] == "'@SUM(A1:A9)"
    assert row["partners"] == "'\tTabbed partner"
    assert row["insights"] == "'\rcmd|' /C calc'!A0"
    # Numbers are not text anyone typed: written as they are, unquoted.
    assert row["year"] == "2023" and ",2023," in raw
    assert row["slug"] == "formula" and row["country"] == "Zambia"


def test_a_plan_unpublished_during_a_download_is_left_out_of_the_rest(client, rita, monkeypatch):
    _add_plans(5)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    monkeypatch.setattr(exports, "PIECES_A_WRITE", 1)
    stream = client.get(reverse("plans:export_csv"), {"sort": "title"}).streaming_content
    header_and_first_chunk = [next(stream) for _ in range(3)]
    LearningPlan.objects.get(title="Plan 4").transition(LearningPlan.Action.UNPUBLISH, by=rita)
    rest = b"".join(stream)
    titles = [
        row["title"]
        for row in csv.DictReader(io.StringIO(b"".join([*header_and_first_chunk, rest]).decode()))
    ]
    assert titles == ["Plan 0", "Plan 1", "Plan 2", "Plan 3"]


def test_a_term_added_during_a_download_is_exported_in_its_order(client, monkeypatch):
    Tag.objects.create(vocabulary="method", name="Mapping", slug="mapping")
    _add_plans(4)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    monkeypatch.setattr(exports, "PIECES_A_WRITE", 1)
    stream = client.get(reverse("plans:export_json"), {"sort": "title"}).streaming_content
    first = [next(stream) for _ in range(3)]  # the opening and the first chunk's two plans
    plan = LearningPlan.objects.get(title="Plan 3")
    with writing(plan, reason="edit"):
        plan.tags.add(Tag.objects.create(vocabulary="method", name="Ethnography", slug="eth"))
    items = json.loads(b"".join([*first, *stream]))
    assert [item["methods"] for item in items] == [["Mapping"]] * 3 + [["Ethnography", "Mapping"]]
