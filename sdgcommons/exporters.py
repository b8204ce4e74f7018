"""Plans back into the export format, through the same `PlanData` the importer reads."""

from plans import questionnaire as q
from plans.models import LearningPlan
from plans.questionnaire import PLAN_FIELDS
from plans.vocabularies import sdg_name

from . import document

VOCABULARY_ORDER = ["datasource", "method", "sdg", "theme"]


def plan_data(plan: LearningPlan) -> document.PlanData:
    tags = {}
    for tag in sorted(plan.tags.all(), key=lambda t: (t.number or 0, t.name.casefold(), t.pk)):
        name = sdg_name(tag.number) if tag.number else tag.name
        tags.setdefault(tag.vocabulary, []).append(name)
    fields = {name: getattr(plan, name) for name in PLAN_FIELDS}
    fields["insights"] = [(insight.marker, insight.text) for insight in plan.insights.all()]
    return document.PlanData(
        title=plan.title,
        heading=plan.heading,
        focal_point=plan.focal_point.email if plan.focal_point else "",
        year=plan.year,
        country=plan.lab.name,
        latitude=plan.latitude,
        longitude=plan.longitude,
        tags={
            vocabulary: tags[vocabulary] for vocabulary in VOCABULARY_ORDER if vocabulary in tags
        },
        extra_metadata=plan.extra_metadata,
        version=q.get(plan.questionnaire, plan.kind),
        language=plan.language,
        fields=fields,
        repeats={
            "partnerships": [
                {
                    "name": partnership.name,
                    "sector": partnership.sector,
                    "description": partnership.description,
                    "is_new_and_unusual": partnership.is_new_and_unusual,
                    "source": partnership.source,
                }
                for partnership in plan.partnerships.all()
            ],
            "learning_questions": [
                question.answers() for question in plan.learning_questions.all()
            ],
        },
        others=[
            document.Other(
                other.section,
                None if other.is_preamble else other.prompt,
                other.answer,
                other.is_group,
            )
            for other in plan.other_answers.all()
        ],
    )


def export_plan(plan: LearningPlan, *, public: bool = False) -> str:
    """The plan in the export format; `public` leaves out the focal point's e-mail address."""
    data = plan_data(plan)
    if public:
        data.focal_point = ""
    return document.write(data)
