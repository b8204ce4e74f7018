"""Open data: the filtered listing as CSV, JSON and markdown.

Every export answers the same query string as the public listing (`listed_plans`), scoped to
what the user may see, so the anonymous public only ever gets published plans. The exports are
streamed a chunk of plans at a time: the whole dataset downloads without being held in memory.
"""

import json
from collections import namedtuple
from concurrent.futures import ThreadPoolExecutor

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.http import StreamingHttpResponse
from django.utils import translation
from django.views.decorators.http import require_safe

from partners.models import Partnership
from plans.models import Insight, LearningPlan, LearningQuestion, OtherAnswer, Tag, plan_paths
from sdgcommons import document
from sdgcommons.exporters import COLUMNS, document_data

from . import spreadsheets, zipping
from .listing import listed_plans
from .serializers import SUMMARY_FIELDS, summary

# Plans are read as rows, not model instances, a chunk at a time: each chunk's parts (tags,
# partners, questions...) in one query per kind of part, so an export makes the same number of
# queries whatever the number of plans.
CHUNK_SIZE = 2000
PIECES_A_WRITE = 100
CSV_COLUMNS = [
    "slug",
    "url",
    "title",
    "kind",
    "year",
    "country_code",
    "country",
    "region",
    "challenge_type",
    "sdgs",
    "methods",
    "datasources",
    "themes",
    "partners",
    "tweet_summary",
    "challenge_statement",
    "learning_questions",
    "insights",
    "published_at",
]

# A plan's parts as the exports read them: by attribute, like the model instances they stand for.
TagRow = namedtuple("TagRow", "pk vocabulary name number")
OtherRow = namedtuple("OtherRow", "section prompt answer is_group is_preamble")


# The CSV row


def plan_row(row: dict, item: dict) -> list:
    """A plan as one CSV row (in `CSV_COLUMNS` order), from its row and its summary `item`:
    multi-valued fields joined with '; '."""
    return [
        item["slug"],
        item["url"],
        item["title"],
        item["kind"],
        item["year"],
        item["country"]["code"],
        item["country"]["name"],
        item["region"],
        item["challenge_type"],
        _joined(item["sdgs"]),
        _joined(item["methods"]),
        _joined(item["datasources"]),
        _joined(item["themes"]),
        _joined(partner["name"] for partner in row["partnerships"]),
        item["tweet_summary"],
        row["challenge_statement"],
        _joined(question["question"] for question in row["learning_questions"]),
        _joined(text for _, text in row["insights"]),
        item["published_at"],
    ]


def _joined(values) -> str:
    return "; ".join(str(value) for value in values if value not in (None, ""))


# Exports


@require_safe
def export_csv(request):
    plans, _ = listed_plans(request)
    writer = spreadsheets.writer(_Echo())
    item = _summary(request)
    columns = [*SUMMARY_FIELDS, "challenge_statement"]
    parts = ["tags", "partnerships", "learning_questions", "insights"]

    def written(chunk):
        return [writer.writerow(plan_row(row, item(row))) for row in chunk]

    rows = _worked_ahead(written, _chunks(plans, columns, parts, user=request.user))
    lines = _chain([writer.writerow(CSV_COLUMNS)], rows)
    return _download(_batched(lines), "text/csv; charset=utf-8", "alp-plans.csv")


@require_safe
def export_json(request):
    plans, _ = listed_plans(request)
    item = _summary(request)
    items = (item(row) for row in _rows(plans, SUMMARY_FIELDS, ["tags"], user=request.user))
    return _download(_batched(_json_array(items)), "application/json", "alp-plans.json")


@require_safe
def export_zip(request):
    plans, _ = listed_plans(request)
    columns = ["slug", "updated_at", "lab__name", *COLUMNS]
    parts = ["tags", "partnerships", "learning_questions", "insights", "other_answers"]
    return _download(
        _zip_of_markdown(_chunks(plans, columns, parts, user=request.user)),
        "application/zip",
        "alp-plans.zip",
    )


def _summary(request):
    """A plan's summary as the API lists it, from its row, its page's address made absolute as
    `build_absolute_uri` makes a path (on this thread: the CSV's rows are written on another)."""
    origin = request.build_absolute_uri("/").removesuffix("/")
    path = plan_paths()

    def item(row):
        return summary(row, origin + path(row["slug"]), row["tags"])

    return item


def _rows(plans, columns, parts, *, user):
    """Each plan as a dict of `columns` and, under each name in `parts`, its list of those parts."""
    for chunk in _chunks(plans, columns, parts, user=user):
        yield from chunk


def _chunks(plans, columns, parts, *, user):
    """The plans as `_rows` gives them, a list of plans at a time: one query per kind of part
    and chunk.

    The plans' ids are read first, in order, and each chunk's rows by id. A database cursor
    over the whole export would, outside a transaction, hold every row's answers before the
    first byte goes out (PostgreSQL materialises a cursor WITH HOLD): 13 s for 100,000 plans.
    A chunk reads its plans again among those this user may see, and in the order read: a plan
    unpublished during a download is left out of the rest of it."""
    pks = list(plans.values_list("pk", flat=True))
    readers = {name: _tags() if name == "tags" else PARTS[name] for name in parts}
    visible = LearningPlan.objects.visible_to(user).order_by()
    for start in range(0, len(pks), CHUNK_SIZE):
        ids = pks[start : start + CHUNK_SIZE]
        by_pk = {row["pk"]: row for row in _among(visible, "id", ids).values("pk", *columns)}
        chunk = [by_pk[pk] for pk in ids if pk in by_pk]
        for name in parts:
            for row in chunk:
                row[name] = []
            for plan_id, part in readers[name](list(by_pk)):
                by_pk[plan_id][name].append(part)
        yield chunk


def _among(rows, column, ids):
    """The `rows` (a queryset or manager) whose `column` is one of `ids`. On PostgreSQL the ids
    go as one array, written as its text: as thousands of IN parameters, Django and psycopg
    prepared and quoted them one by one (a fifth of the zip export's time), and as a list
    psycopg still wrote each id by itself (2–3 ms a query of 2,000 ids, six queries a chunk)."""
    if connection.vendor != "postgresql":
        return rows.filter(**{f"{column}__in": ids})
    table = rows.model._meta.db_table
    array = "{" + ",".join(map(str, ids)) + "}"
    return rows.filter(
        RawSQL(f'"{table}"."{column}" = ANY(%s::bigint[])', (array,), BooleanField())
    )


def _tags():
    """A reader of chunks' tags, each plan's in the tags' own order (as `plan.tags.all()` gives
    them): the tags are read and placed in that order once per export, so that a chunk reads only
    its links, neither joined to the tags nor sorted by the database."""
    tags = {}

    def read(ids):
        links = _among(LearningPlan.tags.through.objects, "learningplan_id", ids)
        links = list(links.values_list("learningplan_id", "tag_id"))
        # Read again if a tag was added since the export started: it takes its place among them.
        if not {tag for _, tag in links} <= tags.keys():
            rows = Tag.objects.values_list("pk", "vocabulary", "name", "number")
            tags.update({row[0]: (place, TagRow(*row)) for place, row in enumerate(rows)})
        links.sort(key=lambda link: tags[link[1]][0])
        return ((plan_id, tags[tag][1]) for plan_id, tag in links)

    return read


def _partnerships(ids):
    rows = _among(Partnership.objects, "plan_id", ids).values_list(
        "plan_id",
        "name_as_written",
        "organisation__name",
        "sector",
        "description",
        "is_new_and_unusual",
        "source",
    )
    for plan_id, name, organisation, sector, description, is_new, source in rows:
        yield (
            plan_id,
            {
                # As `Partnership.name`: the name as written, else the organisation's.
                "name": name or organisation or "",
                "sector": sector,
                "description": description,
                "is_new_and_unusual": is_new,
                "source": source,
            },
        )


def _learning_questions(ids):
    stages = LearningQuestion.Stage.values
    rows = _among(LearningQuestion.objects, "plan_id", ids).values_list(
        "plan_id",
        "question",
        *(f"is_{stage}" for stage in stages),
        "methods_usage",
        "data_gaps",
    )
    for plan_id, question, *flags, methods_usage, data_gaps in rows:
        # As `LearningQuestion.answers()`.
        yield (
            plan_id,
            {
                "question": question,
                "stages": [stage for stage, flag in zip(stages, flags, strict=True) if flag],
                "methods_usage": methods_usage,
                "data_gaps": data_gaps,
            },
        )


def _insights(ids):
    rows = _among(Insight.objects, "plan_id", ids)
    rows = rows.values_list("plan_id", "marker", "text")
    return ((plan_id, (marker, text)) for plan_id, marker, text in rows)


def _other_answers(ids):
    rows = _among(OtherAnswer.objects, "plan_id", ids)
    rows = rows.values_list("plan_id", *OtherRow._fields)
    return ((plan_id, OtherRow(*other)) for plan_id, *other in rows)


PARTS = {
    "partnerships": _partnerships,
    "learning_questions": _learning_questions,
    "insights": _insights,
    "other_answers": _other_answers,
}


def _download(chunks, content_type, filename):
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Echo:
    """A file a CSV writer can write to that hands each line straight back."""

    def write(self, line):
        return line


def _batched(pieces):
    """The pieces joined PIECES_A_WRITE at a time: the response encodes and sends each piece it
    is given, which took longer than writing a row."""
    batch = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) >= PIECES_A_WRITE:
            yield "".join(batch)
            batch.clear()
    yield "".join(batch)


def _chain(first, rest):
    yield from first
    yield from rest


def _json_array(items):
    yield "["
    for number, item in enumerate(items):
        yield ("," if number else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]\n"


def _zip_of_markdown(chunks):
    return zipping.assemble(_worked_ahead(_deflated_files, chunks))


def _deflated_files(chunk) -> list:
    return [
        zipping.deflate(f"{row['slug']}.md", row["updated_at"], _markdown(row)) for row in chunk
    ]


def _worked_ahead(work, chunks):
    """`work`'s results for each of `chunks` in turn, each chunk worked on a second thread while
    this one reads the next: the database sends a chunk's rows, on a core of its own, while
    Python writes the chunk before (one after the other, the database's part was a third of the
    CSV and zip exports' time). The thread touches no database connection: this one's may be in
    a transaction (tests, atomic requests) whose rows another connection would not see. It works
    in the request's language."""
    language = translation.get_language()

    def in_language(chunk):
        with translation.override(language):
            return work(chunk)

    with ThreadPoolExecutor(max_workers=1) as thread:
        pending = None
        for chunk in chunks:
            submitted = thread.submit(in_language, chunk)
            if pending is not None:
                yield from pending.result()
            pending = submitted
        if pending is not None:
            yield from pending.result()


def _markdown(row) -> str:
    """The plan as `export_plan(plan, public=True)` writes it: without the focal point's e-mail."""
    data = document_data(
        row,
        focal_point="",
        country=row["lab__name"],
        tags=row["tags"],
        partnerships=row["partnerships"],
        learning_questions=row["learning_questions"],
        insights=row["insights"],
        others=row["other_answers"],
    )
    return document.write(data)
