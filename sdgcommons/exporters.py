"""Plans back into the export format, through the same `PlanData` the importer reads."""

from plans import questionnaire as q
from plans.models import LearningPlan
from plans.questionnaire import PLAN_FIELDS
from plans.vocabularies import sdg_name

from . import document

VOCABULARY_ORDER = ["datasource", "method", "sdg", "theme"]
# What a document reads of a plan's own row (`values(*COLUMNS)` gives them all).
COLUMNS = [
    "title",
    "heading",
    "year",
    "latitude",
    "longitude",
    "extra_metadata",
    "questionnaire",
    "kind",
    "language",
    *PLAN_FIELDS,
]


def plan_data(plan: LearningPlan) -> document.PlanData:
    return document_data(
        {name: getattr(plan, name) for name in COLUMNS},
        focal_point=plan.focal_point.email if plan.focal_point else "",
        country=plan.lab.name,
        tags=plan.tags.all(),
        partnerships=[
            {
                "name": partnership.name,
                "sector": partnership.sector,
                "description": partnership.description,
                "is_new_and_unusual": partnership.is_new_and_unusual,
                "source": partnership.source,
            }
            for partnership in plan.partnerships.all()
        ],
        learning_questions=[question.answers() for question in plan.learning_questions.all()],
        insights=[(insight.marker, insight.text) for insight in plan.insights.all()],
        others=plan.other_answers.all(),
    )


def document_data(
    row: dict, *, focal_point, country, tags, partnerships, learning_questions, insights, others
) -> document.PlanData:
    """A plan's document from its `COLUMNS` and its parts, as plain values: `tags` and `others`
    are read by attribute (`pk`, `vocabulary`, `name`, `number`; `section`, `prompt`, `answer`,
    `is_group`, `is_preamble`), so the exports can pass rows instead of model instances."""
    names = {}
    for tag in sorted(tags, key=lambda t: (t.number or 0, t.name.casefold(), t.pk)):
        names.setdefault(tag.vocabulary, []).append(
            sdg_name(tag.number) if tag.number else tag.name
        )
    fields = {name: row[name] for name in PLAN_FIELDS}
    fields["insights"] = insights
    return document.PlanData(
        title=row["title"],
        heading=row["heading"],
        focal_point=focal_point,
        year=row["year"],
        country=country,
        latitude=row["latitude"],
        longitude=row["longitude"],
        tags={
            vocabulary: names[vocabulary] for vocabulary in VOCABULARY_ORDER if vocabulary in names
        },
        extra_metadata=row["extra_metadata"],
        version=q.get(row["questionnaire"], row["kind"]),
        language=row["language"],
        fields=fields,
        repeats={"partnerships": partnerships, "learning_questions": learning_questions},
        others=[
            document.Other(
                other.section,
                None if other.is_preamble else other.prompt,
                other.answer,
                other.is_group,
            )
            for other in others
        ],
    )


def export_plan(plan: LearningPlan, *, public: bool = False) -> str:
    """The plan in the export format; `public` leaves out the focal point's e-mail address."""
    data = plan_data(plan)
    if public:
        data.focal_point = ""
    return document.write(data)
