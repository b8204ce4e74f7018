"""The rules a plan or progress report must meet to be handed in, in one place: what is missing or
wrong in its answers (each with the step to fix it on), how many plans a lab may have a year, and
the cycle's dates."""

from django.utils.translation import gettext

from labs import cycles
from plans.models import LearningPlan

from . import forms
from .steps import UNTITLED, steps_for


def missing_for_submission(plan: LearningPlan) -> list[tuple[str, str]]:
    """(what is missing or wrong, step key) — empty when the plan can be submitted."""
    steps = {step.key: step for step in steps_for(plan)}

    def step_of(name):
        for step in steps.values():
            if name == "tags" and step.tags:
                return step.key
            if step.form_class and name in step.form_class.base_fields:
                return step.key
            if name in step.formsets:
                return step.key
        return ""

    missing = []
    if plan.kind == LearningPlan.Kind.PLAN:
        for name, label in [
            ("title", gettext("A title for the plan")),
            ("challenge_type", gettext("The challenge type (big bet or exploratory)")),
            ("challenge_statement", gettext("The challenge statement")),
            ("tweet_summary", gettext("The short “tweet” summary")),
        ]:
            value = getattr(plan, name).strip()
            if not value or (name == "title" and value == UNTITLED):
                missing.append((label, step_of(name)))
        if not plan.learning_questions.exclude(question="").exists():
            missing.append(
                (gettext("At least one learning question"), step_of("learning_questions"))
            )
        vocabularies = list(plan.tags.values_list("vocabulary", flat=True))
        for vocabulary, label, too_many, limit in [
            ("sdg", gettext("SDGs"), gettext("At most %(limit)s SDGs"), forms.MAX_SDGS),
            (
                "theme",
                gettext("Thematic areas"),
                gettext("At most %(limit)s thematic areas"),
                forms.MAX_THEMES,
            ),
        ]:
            count = vocabularies.count(vocabulary)
            if not count:
                missing.append((label, step_of("tags")))
            elif count > limit:
                missing.append((too_many % {"limit": limit}, step_of("tags")))
        problems = plan.lab_year_problems()
        missing += [(problem, step_of("challenge_type")) for problem in problems]
    else:
        if "insights" in {name for step in steps.values() for name in step.formsets}:
            if not plan.insights.exists():
                missing.append((gettext("At least one key insight"), step_of("insights")))
        times = [getattr(plan, name) for name in forms.TIME_FIELDS]
        if step_of("time_sense") and any(t is not None for t in times):
            if sum(t or 0 for t in times) != 100:
                missing.append(
                    (gettext("The time split must add up to 100%"), step_of("time_sense"))
                )
    if len(plan.tweet_summary) > forms.TWEET_LENGTH:
        missing.append(
            (gettext("A shorter “tweet” summary (280 characters)"), step_of("tweet_summary"))
        )
    if plan.partnerships.count() > forms.MAX_PARTNERS:
        missing.append((gettext("At most 5 partners"), step_of("partnerships")))
    if plan.insights.count() > forms.MAX_INSIGHTS:
        missing.append((gettext("At most 5 key insights"), step_of("insights")))
    return missing


def refusal(plan: LearningPlan) -> str:
    """Why the cycle does not take the plan today ("" if it does). Answering the reviewers' request
    for changes is not a new submission: the cycle's dates do not apply to it."""
    if plan.status == LearningPlan.Status.CHANGES_REQUESTED:
        return ""
    return cycles.refusal(plan.kind, plan.year)


def start_problems(plan: LearningPlan) -> list[str]:
    """What stops a new plan from being started: the lab's plans of its year."""
    return plan.lab_year_problems()
