"""Open data: the filtered listing as CSV, JSON and markdown, and the read-only JSON API.

Everything here answers the same query string as the public listing (`listed_plans`), scoped to
what the user may see, so the anonymous public only ever gets published plans. The exports are
streamed a chunk of plans at a time: the whole dataset downloads without being held in memory.
"""

import json
import zipfile

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch
from django.http import JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from alp_portal import spreadsheets
from partners.models import PartnerOrganisation, Partnership, Sector

from . import countries
from .exporters import export_plan
from .filters import SORTS, STAGES
from .importers import PLAN_FIELDS
from .models import Insight, LearningPlan, LearningQuestion, Region, Tag
from .views import listed_plans

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
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
CHUNK_SIZE = 500
VOCABULARY_KEYS = {"method": "methods", "datasource": "datasources", "theme": "themes"}
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


# Shapes, shared by the API and the exports


def plan_summary(plan, request) -> dict:
    """A plan as the listing shows it. Reads `lab` and `tags`, which callers fetch in bulk."""
    tags = {"sdgs": [], "methods": [], "datasources": [], "themes": []}
    for tag in plan.tags.all():
        if tag.vocabulary == Tag.Vocabulary.SDG:
            tags["sdgs"].append(tag.number)
        else:
            tags[VOCABULARY_KEYS[tag.vocabulary]].append(tag.name)
    tags["sdgs"] = sorted(number for number in tags["sdgs"] if number)
    return {
        "slug": plan.slug,
        "url": request.build_absolute_uri(plan.get_absolute_url()),
        "title": plan.title,
        "kind": plan.kind,
        "year": plan.year,
        "country": {"code": plan.lab.country or None, "name": country_name(plan.lab)},
        "region": plan.lab.region or None,
        "challenge_type": plan.challenge_type or None,
        **tags,
        "tweet_summary": plan.tweet_summary,
        "published_at": plan.published_at.isoformat() if plan.published_at else None,
    }


def plan_full(plan, request, *, parent=None, reports=()) -> dict:
    """A plan with every answer, as `with_answers` fetches it; the related plans passed in."""
    summary = plan_summary(plan, request)
    answers = {name: getattr(plan, name) for name in PLAN_FIELDS if name not in summary}
    return {
        **summary,
        "heading": plan.heading,
        "questionnaire": plan.questionnaire,
        "language": plan.language,
        **answers,
        "partners": [
            partner_entry(rank, partnership, request)
            for rank, partnership in enumerate(plan.partnerships.all(), start=1)
        ],
        "learning_questions": [question.answers() for question in plan.learning_questions.all()],
        "insights": [insight.text for insight in plan.insights.all()],
        "other_answers": [
            {"section": other.section, "prompt": other.prompt, "answer": other.answer}
            for other in plan.other_answers.all()
        ],
        "plan": parent,
        "progress_reports": list(reports),
        "markdown_url": request.build_absolute_uri(reverse("plans:markdown", args=[plan.slug])),
    }


def partner_entry(rank, partnership, request) -> dict:
    organisation = partnership.organisation
    return {
        "rank": rank,
        "name": partnership.name,
        "sector": partnership.sector or None,
        "description": partnership.description,
        "is_new_and_unusual": partnership.is_new_and_unusual,
        "organisation": {
            "slug": organisation.slug,
            "url": request.build_absolute_uri(organisation.get_absolute_url()),
        }
        if organisation
        else None,
    }


def partner_summary(partner, request) -> dict:
    return {
        "slug": partner.slug,
        "url": request.build_absolute_uri(partner.get_absolute_url()),
        "name": partner.name,
        "sector": partner.sector or None,
        "plan_count": partner.plan_count,
    }


def plan_row(plan, request) -> dict:
    """A plan as one CSV row: multi-valued fields joined with '; '."""
    summary = plan_summary(plan, request)
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


def country_name(lab) -> str:
    country = countries.BY_CODE.get(lab.country)
    return country.name if country else lab.name


def _joined(values) -> str:
    return "; ".join(str(value) for value in values if value not in (None, ""))


# Exports


@require_safe
def export_csv(request):
    plans, _ = listed_plans(request)
    writer = spreadsheets.dict_writer(_Echo(), fieldnames=CSV_COLUMNS)
    rows = (writer.writerow(plan_row(plan, request)) for plan in _rows(plans))
    lines = _chain([writer.writeheader()], rows)
    return _download(lines, "text/csv; charset=utf-8", "alp-plans.csv")


@require_safe
def export_json(request):
    plans, _ = listed_plans(request)
    items = (plan_summary(plan, request) for plan in _rows(plans))
    return _download(_json_array(items), "application/json", "alp-plans.json")


@require_safe
def export_zip(request):
    plans, _ = listed_plans(request)
    return _download(_zip_of_markdown(_each(plans)), "application/zip", "alp-plans.zip")


def _each(plans):
    return plans.with_answers().without_search().iterator(chunk_size=CHUNK_SIZE)


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


# The API


@require_safe
def api_plans(request):
    plans, _ = listed_plans(request)
    plans = plans.select_related("lab").prefetch_related("tags")
    return _paginated(request, plans, plan_summary)


@require_safe
def api_plan(request, slug):
    visible = LearningPlan.objects.visible_to(request.user)
    plan = visible.with_answers().without_search().filter(slug=slug).first()
    if plan is None:
        # The same answer for a plan that does not exist and one this user may not see.
        return _api_response({"detail": "No plan found with this slug."}, status=404)
    parent = visible.filter(pk=plan.plan_id).values_list("slug", flat=True).first()
    reports = visible.filter(plan=plan).order_by("year", "slug").values_list("slug", flat=True)
    return _api_response(plan_full(plan, request, parent=parent, reports=reports))


@require_safe
def api_partners(request):
    partners = PartnerOrganisation.objects.visible_to(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        partners = partners.filter(name__icontains=query)
    sectors = [sector for sector in request.GET.getlist("sector") if sector in Sector.values]
    if sectors:
        partners = partners.filter(partnerships__sector__in=sectors).distinct()
    return _paginated(request, partners.order_by("-plan_count", "name"), partner_summary)


@require_safe
def api_partner(request, slug):
    partner = PartnerOrganisation.objects.visible_to(request.user).filter(slug=slug).first()
    if partner is None:
        return _api_response({"detail": "No partner found with this slug."}, status=404)
    plans = (
        LearningPlan.objects.visible_to(request.user)
        .filter(partnerships__organisation=partner)
        .distinct()
        .order_by("-year", "title")
    )
    listed = [
        {
            "slug": plan.slug,
            "title": plan.title,
            "url": request.build_absolute_uri(plan.get_absolute_url()),
        }
        for plan in plans.only("slug", "title")
    ]
    return _api_response({**partner_summary(partner, request), "plans": listed})


@require_safe
def openapi(request):
    return _api_response(openapi_description(request))


def _paginated(request, queryset, shape):
    paginator = Paginator(queryset, _page_size(request))
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        return _api_response({"detail": f"Invalid page: {error}"}, status=404)
    return _api_response(
        {
            "count": paginator.count,
            "next": _page_url(request, page.next_page_number()) if page.has_next() else None,
            "previous": _page_url(request, page.previous_page_number())
            if page.has_previous()
            else None,
            "results": [shape(item, request) for item in page.object_list],
        }
    )


def _page_size(request) -> int:
    try:
        size = int(request.GET.get("page_size", PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE
    return min(max(size, 1), MAX_PAGE_SIZE)


def _page_url(request, number) -> str:
    params = request.GET.copy()
    params["page"] = number
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _api_response(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    # Public data: any site may read it (cookies are never sent cross-origin with "*").
    response["Access-Control-Allow-Origin"] = "*"
    return response


# The OpenAPI description


def openapi_description(request) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ALP Portal API",
            "version": "1.0",
            "description": (
                "The published action learning plans and progress reports of the UNDP "
                "Accelerator Labs network, and the organisations they partner with. Read-only; "
                "no key needed. The plan list takes the same filters as the /plans/ listing: a "
                "repeated parameter means any of its values, different parameters all apply."
            ),
        },
        "servers": [{"url": request.build_absolute_uri("/").rstrip("/")}],
        "paths": {
            "/api/plans/": {
                "get": {
                    "summary": "Plans, filtered and paginated",
                    "operationId": "listPlans",
                    "parameters": [
                        *({"$ref": f"#/components/parameters/{name}"} for name in PLAN_PARAMETERS),
                        {"$ref": "#/components/parameters/page"},
                        {"$ref": "#/components/parameters/page_size"},
                    ],
                    "responses": {
                        "200": _json_content("A page of plans", "PlanPage"),
                        "404": _json_content("No such page", "Error"),
                    },
                }
            },
            "/api/plans/{slug}/": {
                "get": {
                    "summary": "One plan with every answer",
                    "operationId": "getPlan",
                    "parameters": [_slug_parameter("The plan's slug")],
                    "responses": {
                        "200": _json_content("The plan", "Plan"),
                        "404": _json_content("No such plan, or not published", "Error"),
                    },
                }
            },
            "/api/partners/": {
                "get": {
                    "summary": "Partner organisations with at least one published plan",
                    "operationId": "listPartners",
                    "parameters": [
                        _query_parameter("q", "Part of the organisation's name.", _STRING),
                        _query_parameter(
                            "sector",
                            "Organisations some plan lists under this sector.",
                            {"type": "string", "enum": Sector.values},
                            repeated=True,
                        ),
                        {"$ref": "#/components/parameters/page"},
                        {"$ref": "#/components/parameters/page_size"},
                    ],
                    "responses": {
                        "200": _json_content("A page of partners", "PartnerPage"),
                        "404": _json_content("No such page", "Error"),
                    },
                }
            },
            "/api/partners/{slug}/": {
                "get": {
                    "summary": "One partner organisation and its plans",
                    "operationId": "getPartner",
                    "parameters": [_slug_parameter("The organisation's slug")],
                    "responses": {
                        "200": _json_content("The organisation", "Partner"),
                        "404": _json_content("No such organisation", "Error"),
                    },
                }
            },
        },
        "components": {"parameters": _parameters(), "schemas": _schemas()},
    }


_STRING = {"type": "string"}
_TERM_SLUG = {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"}
PLAN_PARAMETERS = {
    "q": ('Full-text search: words, "a phrase", `or`, -excluded.', _STRING, False),
    "country": (
        "ISO 3166-1 alpha-2 code of the lab's country.",
        {"type": "string", "pattern": "^[A-Z]{2}$"},
        True,
    ),
    "region": ("UNDP regional bureau.", {"type": "string", "enum": Region.values}, True),
    "year": ("Year of the plan.", {"type": "string", "pattern": r"^\d{4}$"}, True),
    "kind": (
        "Learning plan or progress report.",
        _STRING | {"enum": LearningPlan.Kind.values},
        True,
    ),
    "challenge_type": (
        "Type of challenge.",
        _STRING | {"enum": LearningPlan.ChallengeType.values},
        True,
    ),
    "sdg": (
        "Sustainable Development Goal number.",
        {"type": "integer", "minimum": 1, "maximum": 17},
        True,
    ),
    "method": ("Method term slug.", _TERM_SLUG, True),
    "datasource": ("Data source term slug.", _TERM_SLUG, True),
    "theme": ("Thematic area term slug.", _TERM_SLUG, True),
    "stage": (
        "A learning question of the plan is at this stage of the learning cycle.",
        _STRING | {"enum": [stage for stage, _ in STAGES]},
        True,
    ),
    "partner_sector": (
        "A partner of the plan is in this sector.",
        _STRING | {"enum": Sector.values},
        True,
    ),
    "sort": (
        "Order: relevance (the default with q), newest (the default without), title.",
        _STRING | {"enum": [sort for sort, _ in SORTS]},
        False,
    ),
}


def _parameters() -> dict:
    parameters = {
        name: _query_parameter(name, description, schema, repeated=repeated)
        for name, (description, schema, repeated) in PLAN_PARAMETERS.items()
    }
    parameters["page"] = _query_parameter(
        "page", "Page number, from 1.", {"type": "integer", "minimum": 1, "default": 1}
    )
    parameters["page_size"] = _query_parameter(
        "page_size",
        f"Results per page; larger values are capped at {MAX_PAGE_SIZE}.",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": PAGE_SIZE},
    )
    return parameters


def _query_parameter(name, description, schema, *, repeated=False) -> dict:
    parameter = {"name": name, "in": "query", "required": False}
    if repeated:
        description += " Repeat the parameter to match any of several values."
        schema = {"type": "array", "items": schema}
        parameter |= {"style": "form", "explode": True}
    return parameter | {"description": description, "schema": schema}


def _slug_parameter(description) -> dict:
    return {
        "name": "slug",
        "in": "path",
        "required": True,
        "description": description,
        "schema": _TERM_SLUG,
    }


def _json_content(description, schema) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def _schemas() -> dict:
    text = {"type": "string"}
    url = {"type": "string", "format": "uri"}
    nullable_text = {"type": ["string", "null"]}
    names = {"type": "array", "items": text}
    summary = {
        "slug": text,
        "url": url | {"description": "The plan's public page."},
        "title": text,
        "kind": {"type": "string", "enum": LearningPlan.Kind.values},
        "year": {"type": "integer"},
        "country": {
            "type": "object",
            "properties": {"code": nullable_text, "name": text},
            "required": ["code", "name"],
        },
        "region": {"type": ["string", "null"], "enum": [*Region.values, None]},
        "challenge_type": {
            "type": ["string", "null"],
            "enum": [*LearningPlan.ChallengeType.values, None],
        },
        "sdgs": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 17}},
        "methods": names,
        "datasources": names,
        "themes": names,
        "tweet_summary": text,
        "published_at": {"type": ["string", "null"], "format": "date-time"},
    }
    answers = {
        name: {"type": ["integer", "null"]}
        if name.startswith("time_")
        else names
        if name == "handover_options"
        else text
        for name in PLAN_FIELDS
        if name not in summary
    }
    full = {
        **summary,
        "heading": text,
        "questionnaire": text | {"description": "The questionnaire version it answers."},
        "language": text,
        **answers,
        "partners": {"type": "array", "items": {"$ref": "#/components/schemas/Partnership"}},
        "learning_questions": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "question": text,
                    "stages": {
                        "type": "array",
                        "items": {"type": "string", "enum": [stage for stage, _ in STAGES]},
                    },
                    "methods_usage": text,
                    "data_gaps": text,
                },
            },
        },
        "insights": names,
        "other_answers": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"section": text, "prompt": text, "answer": text},
            },
        },
        "plan": nullable_text | {"description": "For a progress report: the plan's slug."},
        "progress_reports": names | {"description": "Slugs of the reports on this plan."},
        "markdown_url": url | {"description": "The plan in the SDG Commons markdown format."},
    }
    partner = {
        "slug": text,
        "url": url,
        "name": text,
        "sector": {"type": ["string", "null"], "enum": [*Sector.values, None]},
        "plan_count": {"type": "integer"},
    }
    return {
        "PlanSummary": _object(summary),
        "Plan": _object(full),
        "PlanPage": _page("PlanSummary"),
        "Partnership": _object(
            {
                "rank": {"type": "integer", "minimum": 1},
                "name": text,
                "sector": partner["sector"],
                "description": text,
                "is_new_and_unusual": {"type": ["boolean", "null"]},
                "organisation": {
                    "type": ["object", "null"],
                    "properties": {"slug": text, "url": url},
                },
            }
        ),
        "PartnerSummary": _object(partner),
        "Partner": _object(
            {
                **partner,
                "plans": {
                    "type": "array",
                    "items": _object({"slug": text, "title": text, "url": url}),
                },
            }
        ),
        "PartnerPage": _page("PartnerSummary"),
        "Error": _object({"detail": text}),
    }


def _object(properties) -> dict:
    return {"type": "object", "properties": properties, "required": list(properties)}


def _page(item) -> dict:
    nullable_url = {"type": ["string", "null"], "format": "uri"}
    return _object(
        {
            "count": {"type": "integer"},
            "next": nullable_url,
            "previous": nullable_url,
            "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
        }
    )
