"""A plan and all its parts in one query: what the plan page reads.

Each part (its terms, partners, learning questions, insights, other answers and files) comes
with the plan's row as a JSON list of rows and is made into model instances, left on the plan
as a prefetch leaves them (`plan.partnerships.all()` reads no more). A prefetch per part took
2.3 of a plan page's 10 ms at 100,000 plans, most of it the ORM building each query; read so,
the plan and its parts take 1.6 ms (bench_browse, PostgreSQL).
"""

import json
from functools import cache

from django.db import connection
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404

from partners.models import PartnerOrganisation, Partnership
from plans.models import EvidenceFile, Insight, LearningPlan, LearningQuestion, OtherAnswer, Tag

# What the plan page reads of each part; any other field is deferred (asked for, it is a query
# of its own: the plan page's query-count test would see it). JSON and date columns would read
# back differently from each database (SQLite's dates as naive text): the page shows neither.
PARTS = {
    "tags": (Tag, ["id", "vocabulary", "name", "slug", "number", "is_approved", "published_count"]),
    "partnerships": (
        Partnership,
        ["id", "organisation_id", "position", "name_as_written", "sector", "description"]
        + ["is_new_and_unusual"],
    ),
    "learning_questions": (
        LearningQuestion,
        ["id", "position", "question", "is_sense", "is_explore", "is_test", "is_grow"]
        + ["methods_usage", "data_gaps"],
    ),
    "insights": (Insight, ["id", "position", "marker", "text"]),
    "other_answers": (
        OtherAnswer,
        ["id", "position", "section", "prompt", "answer", "is_group", "is_preamble"],
    ),
    "evidence_files": (
        EvidenceFile,
        ["id", "file", "original_name", "content_type", "size", "uploaded_by_id"],
    ),
}
# A partnership's organisation, read beside it (a partnership may name none).
ORGANISATION = (PartnerOrganisation, ["id", "name", "normalised_name", "slug", "sector"])
_PLANS = LearningPlan._meta.db_table
# Whether a report names it as its plan: a plan without reports, itself no report, has no links
# to read.
_REPORTS = RawSQL(
    f'EXISTS (SELECT 1 FROM "{_PLANS}" AS report WHERE report.plan_id = "{_PLANS}".id)', ()
)


def get_plan_with_its_parts(plans, slug) -> LearningPlan:
    """The plan of `plans` (a queryset) with this slug, its lab and all its parts; 404 if none."""
    rows = {f"{name}_rows": RawSQL(sql, ()) for name, sql in _rows_sql(connection.vendor).items()}
    plan = get_object_or_404(
        plans.select_related("lab").without_search().annotate(**rows, has_reports=_REPORTS),
        slug=slug,
    )
    prefetched = vars(plan).setdefault("_prefetched_objects_cache", {})
    for name, (model, fields) in PARTS.items():
        instances = []
        for row in json.loads(getattr(plan, f"{name}_rows") or "[]"):
            part = _instance(plan, model, fields, row[: len(fields)])
            if model is Partnership:
                organisation = row[len(fields) :]
                named = organisation[0] is not None
                part.organisation = _instance(plan, *ORGANISATION, organisation) if named else None
            if model is not Tag:
                part._meta.get_field("plan").set_cached_value(part, plan)
            instances.append(part)
        # As Django's prefetch leaves them: the related manager's queryset, already read.
        queryset = getattr(plan, name).get_queryset()
        queryset._result_cache, queryset._prefetch_done = instances, True
        prefetched[name] = queryset
    return plan


def _instance(plan, model, fields, values):
    """A model instance read with `plan`, from its fields' values as JSON gave them (a boolean
    is 0 or 1 from SQLite, a date is text): each made the field's Python value."""
    get_field = model._meta.get_field
    values = [get_field(name).to_python(value) for name, value in zip(fields, values, strict=True)]
    return model.from_db(plan._state.db, fields, values)


@cache
def _rows_sql(vendor: str) -> dict[str, str]:
    """Per part, SQL that gives the plan's rows of it as JSON text, in the part's order: each
    row a list of the fields' values (and its organisation's, for a partnership)."""
    sql = {}
    for name, (model, fields) in PARTS.items():
        table = model._meta.db_table
        columns = _columns(model, fields)
        joins, plan = "", f'"{table}"."plan_id"'
        if model is Tag:
            through = LearningPlan.tags.through._meta.db_table
            joins = f'JOIN "{through}" ON "{through}"."tag_id" = "{table}"."id"'
            plan = f'"{through}"."learningplan_id"'
        if model is Partnership:
            other = ORGANISATION[0]._meta.db_table
            joins = f'LEFT JOIN "{other}" ON "{other}"."id" = "{table}"."organisation_id"'
            columns += _columns(*ORGANISATION)
        order = ", ".join(_ordered(model, field) for field in model._meta.ordering)
        rows = f'FROM "{table}" {joins} WHERE {plan} = "{_PLANS}"."id"'
        if vendor == "postgresql":
            row = f"json_build_array({', '.join(columns)})"
            sql[name] = f"(SELECT json_agg({row} ORDER BY {order})::text {rows})"
        else:
            # SQLite aggregates a subquery's rows in its order; each row, text once out of the
            # subquery, is read as JSON again.
            row = f"json_array({', '.join(columns)})"
            ordered = f"SELECT {row} AS row {rows} ORDER BY {order}"
            sql[name] = f"(SELECT json_group_array(json(row)) FROM ({ordered}))"
    return sql


def _columns(model, fields) -> list[str]:
    return [f'"{model._meta.db_table}"."{model._meta.get_field(f).column}"' for f in fields]


def _ordered(model, field: str) -> str:
    name = field.removeprefix("-")
    column = "id" if name == "pk" else model._meta.get_field(name).column
    return f'"{model._meta.db_table}"."{column}"' + (" DESC" if field.startswith("-") else "")
