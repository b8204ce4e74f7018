"""Open data: the filtered listing as CSV, JSON and markdown.

Every export answers the same query string as the public listing (`listed_plans`), scoped to
what the user may see, so the anonymous public only ever gets published plans. The exports are
streamed a chunk of plans at a time: the whole dataset downloads without being held in memory.
"""

import json
import zipfile

from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.views.decorators.http import require_safe

from partners.models import Partnership
from plans.models import Insight, LearningQuestion
from sdgcommons.exporters import export_plan

from . import spreadsheets
from .listing import listed_plans
from .serializers import PlanSummarySerializer

ROW_FIELDS = [
    "slug",
    "title",
    "kind",
    "year",
    "challenge_type",
    "tweet_summary",
    "challenge_statement",
    "published_at",
    "lab__name",
    "lab__country",
    "lab__region",
]
CHUNK_SIZE = 500
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


# The CSV row


def plan_row(plan, summary) -> dict:
    """A plan as one CSV row, from its summary: multi-valued fields joined with '; '."""
    return {
        **{name: summary[name] for name in CSV_COLUMNS if name in summary},
        "country_code": summary["country"]["code"],
        "country": summary["country"]["name"],
        "sdgs": _joined(summary["sdgs"]),
        "methods": _joined(summary["methods"]),
        "datasources": _joined(summary["datasources"]),
        "themes": _joined(summary["themes"]),
        "partners": _joined(p.name for p in plan.partnerships.all()),
        "challenge_statement": plan.challenge_statement,
        "learning_questions": _joined(q.question for q in plan.learning_questions.all()),
        "insights": _joined(insight.text for insight in plan.insights.all()),
    }


def _joined(values) -> str:
    return "; ".join(str(value) for value in values if value not in (None, ""))


# Exports


@require_safe
def export_csv(request):
    plans, _ = listed_plans(request)
    writer = spreadsheets.dict_writer(_Echo(), fieldnames=CSV_COLUMNS)
    summary = _summary(request)
    rows = (writer.writerow(plan_row(plan, summary(plan))) for plan in _rows(plans))
    lines = _chain([writer.writeheader()], rows)
    return _download(lines, "text/csv; charset=utf-8", "alp-plans.csv")


@require_safe
def export_json(request):
    plans, _ = listed_plans(request)
    summary = _summary(request)
    items = (summary(plan) for plan in _rows(plans))
    return _download(_json_array(items), "application/json", "alp-plans.json")


@require_safe
def export_zip(request):
    plans, _ = listed_plans(request)
    return _download(_zip_of_markdown(_each(plans)), "application/zip", "alp-plans.zip")


def _summary(request):
    """A plan's summary as the API lists it. One serializer for every row: binding its fields
    once is what keeps a whole-dataset export fast."""
    return PlanSummarySerializer(context={"request": request}).to_representation


def _each(plans):
    everything = plans.with_answers().without_search()
    return everything.iterator(chunk_size=CHUNK_SIZE)


def _rows(plans):
    """Just what a CSV row or JSON item reads: no long answers, no other answers."""
    rows = (
        plans.select_related("lab")
        .only(*ROW_FIELDS)
        .prefetch_related(
            "tags",
            Prefetch(
                "partnerships",
                queryset=Partnership.objects.select_related("organisation").order_by("position"),
            ),
            Prefetch(
                "learning_questions", queryset=LearningQuestion.objects.only("plan", "question")
            ),
            Prefetch("insights", queryset=Insight.objects.only("plan", "text")),
        )
    )
    return rows.iterator(chunk_size=2000)


def _download(chunks, content_type, filename):
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Echo:
    """A file a CSV writer can write to that hands each line straight back."""

    def write(self, line):
        return line


def _chain(first, rest):
    yield from first
    yield from rest


def _json_array(items):
    yield "["
    for number, item in enumerate(items):
        yield ("," if number else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]\n"


class _Pipe:
    """A write-only, unseekable stream: zipfile writes into it, and we drain it between files."""

    def __init__(self):
        self.chunks = []

    def write(self, data):
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def drain(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def _zip_of_markdown(plans):
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for plan in plans:
            entry = zipfile.ZipInfo(f"{plan.slug}.md", plan.updated_at.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, export_plan(plan, public=True))
            yield pipe.drain()
    yield pipe.drain()  # the central directory, written on close
