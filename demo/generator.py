"""Invented learning plans and progress reports, so the portal has something to show.

All text is composed from the phrase templates and word lists of demo/phrases.py; none of it
comes from real plans. The same seed gives the same plans. Each document is built as a `PlanData`
and saved through the importer, so demo plans look exactly like imported ones.
"""

import random
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from labs.models import Cycle
from plans import questionnaire as q
from plans.models import LearningPlan, LearningQuestion
from plans.vocabularies import sdg_name
from plans.writing import writing
from sdgcommons.document import PlanData
from sdgcommons.importers import Importer, save_plan, write_parts

from .phrases import (
    BACKGROUND_ACTORS,
    BACKGROUND_CLOSINGS,
    BACKGROUND_EFFECTS,
    BACKGROUND_OPENINGS,
    BONUS_ANSWERS,
    DATA_GAPS,
    EARLY_LEADS,
    GENERIC_INSIGHTS,
    GENERIC_QUESTIONS,
    HANDOVER_DETAILS,
    INTERNATIONAL,
    MEDIA,
    METHOD_RESULTS,
    METHOD_USES,
    METHODS,
    PLACES,
    PLAN_DESCRIPTIONS,
    QUALITATIVE_INTROS,
    QUOTES,
    REPORT_DESCRIPTIONS,
    THEMES,
    VALUE_ADDS,
    VALUE_PROPOSITIONS,
    Place,
    Theme,
)


@dataclass
class _Spec:
    data: PlanData
    reports_on: int | None = None  # for a report: the index of its plan
    is_follow_up: bool = False  # a later plan of the same lab, which no report covers


def make_demo_cycle() -> Cycle:
    """This year's cycle, open all year to plans and until the next spring to progress reports."""
    year = timezone.localdate().year
    cycle, _ = Cycle.objects.get_or_create(
        year=year,
        defaults={
            "plans_open_on": date(year, 1, 1),
            "plans_close_on": date(year, 12, 31),
            "reports_open_on": date(year, 1, 1),
            "reports_close_on": date(year + 1, 3, 31),
        },
    )
    return cycle


DEMO_PASSWORD = "demo password for trying the portal"


def make_demo_accounts() -> list[tuple[str, str]]:
    """Three people to sign in as on a development machine: (e-mail, what they may do).

    The administrator and the reviewer are created; the focal point is the first demo lab's,
    made by the demo plans. Everyone gets DEMO_PASSWORD, so never on a real portal.
    """
    users = get_user_model().objects
    admin, _ = users.get_or_create(
        username="admin@example.org",
        defaults={"email": "admin@example.org", "is_staff": True, "is_superuser": True},
    )
    reviewer, _ = users.get_or_create(
        username="reviewer@example.org",
        defaults={"email": "reviewer@example.org", "is_staff": True},
    )
    focal_point = users.filter(labs__isnull=False).order_by("pk").first()
    accounts = [(admin, "administrator"), (reviewer, "reviewer")]
    if focal_point is not None:
        lab = focal_point.labs.order_by("name").first()
        accounts.append((focal_point, f"focal point of {lab.name}"))
    for user, _role in accounts:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return [(user.email, role) for user, role in accounts]


def make_demo_plans(*, count: int = 48, seed: int = 2026) -> list[LearningPlan]:
    """Create `count` invented plans and reports, published except two drafts and one submitted."""
    rng = random.Random(seed)
    specs = _specs(rng, count)
    statuses = _statuses(rng, specs)
    importer = Importer(status=LearningPlan.Status.PUBLISHED)
    plans = []
    with transaction.atomic():
        for spec, status in zip(specs, statuses, strict=True):
            plan = LearningPlan(status=status)
            if status == LearningPlan.Status.SUBMITTED:
                plan.submitted_at = timezone.now()
            if spec.reports_on is not None:
                plan.plan = plans[spec.reports_on]
            with writing(plan, reason="import"):
                write_parts(save_plan(spec.data, plan=plan, importer=importer))
            plans.append(plan)
    return plans


def _specs(rng: random.Random, count: int) -> list[_Spec]:
    """Labs in turn, each with a plan, a report on it and sometimes one or two later plans."""
    specs: list[_Spec] = []
    used_themes: dict[str, set[str]] = {}
    focal_points: dict[str, list[str]] = {}
    group_sizes = [3, 2, 3, 4, 2, 3]
    group = 0
    while len(specs) < count:
        place = PLACES[group % len(PLACES)]
        size = group_sizes[group % len(group_sizes)]
        if place.country not in focal_points:
            number = 2 * len(focal_points) + 1
            focal_points[place.country] = [f"focal.point.{number}@example.org"]
            if rng.random() < 0.5:
                focal_points[place.country].append(f"focal.point.{number + 1}@example.org")
        used = used_themes.setdefault(place.country, set())
        fresh = [theme for theme in THEMES if theme.name not in used] or THEMES
        themes = rng.sample(fresh, min(size - 1, len(fresh)))
        used.update(theme.name for theme in themes)
        first_year = 2021 + group % 4
        emails = focal_points[place.country]

        first = _plan(rng, place, themes[0], first_year, rng.choice(emails), is_first=True)
        specs.append(_Spec(first))
        report_year = min(first_year + rng.choice([0, 1, 1]), 2025)
        report = _report(rng, place, themes[0], first, report_year, rng.choice(emails))
        specs.append(_Spec(report, reports_on=len(specs) - 1))
        year = first_year
        for theme in themes[1:]:
            year = min(year + 1 + rng.choice([0, 1]), 2025)
            later = _plan(rng, place, theme, year, rng.choice(emails), is_first=False)
            specs.append(_Spec(later, is_follow_up=True))
        group += 1
    return specs[:count]


def _statuses(rng: random.Random, specs: list[_Spec]) -> list[str]:
    """Published, except two drafts and one submitted among the most recent later plans."""
    statuses = [LearningPlan.Status.PUBLISHED.value] * len(specs)
    candidates = [index for index, spec in enumerate(specs) if spec.is_follow_up]
    if len(candidates) < 3:
        candidates = list(range(len(specs)))
    candidates.sort(key=lambda index: (-specs[index].data.year, index))
    chosen = rng.sample(candidates[:6], min(3, len(candidates)))
    for index, status in zip(chosen, ["draft", "draft", "submitted"], strict=False):
        statuses[index] = status
    return statuses


def _context(rng: random.Random, place: Place, theme: Theme, year: int) -> dict:
    """The words the templates may use, numbers included."""
    drivers = rng.sample(theme.drivers, 2)
    effects = rng.sample(theme.effects, 2)
    return {
        "country": place.country,
        "where": place.where,
        "city": place.city,
        "second_city": place.second_city,
        "university": place.university,
        "short": theme.short,
        "people": theme.people,
        "people_cap": theme.people[0].upper() + theme.people[1:],
        "portfolio": theme.portfolio,
        "portfolio_office": f"Ministry of {theme.portfolio}",
        "cluster": theme.cluster,
        "driver": drivers[0],
        "driver2": drivers[1],
        "effect": effects[0],
        "effect2": effects[1],
        "pct": rng.randint(35, 72),
        "pct2": rng.randint(8, 34),
        "small": rng.randint(5, 30),
        "n": rng.randint(40, 900),
        "k": rng.randint(3, 90),
        "n_solutions": rng.randint(12, 60),
        "prev_year": year - 1,
        "next_year": year + 1,
    }


def _fill(template: str, context: dict) -> str:
    return template.format(**context)


def _sentences(rng: random.Random, templates: list[str], count: int, context: dict) -> str:
    return " ".join(_fill(template, context) for template in rng.sample(templates, count))


def _tags(rng: random.Random, theme: Theme) -> dict[str, list[str]]:
    sdgs = sorted(rng.sample(theme.sdgs, rng.randint(1, 3)))
    if rng.random() < 0.2:
        sdgs.append(17)
    methods = rng.sample(theme.methods, rng.randint(2, 3))
    if rng.random() < 0.3:
        methods.append(rng.choice([m for m in METHODS if m not in methods]))
    themes = [theme.name]
    if rng.random() < 0.4:
        themes.append(theme.related)
    return {
        "sdg": [sdg_name(number) for number in sdgs],
        "method": methods,
        "datasource": rng.sample(theme.datasources, rng.randint(2, 3)),
        "theme": themes,
    }


def _coordinates(rng: random.Random, place: Place) -> tuple[float, float]:
    # A little spread, so that one lab's plans do not hide each other on the map.
    return (
        round(place.latitude + rng.uniform(-0.05, 0.05), 4),
        round(place.longitude + rng.uniform(-0.05, 0.05), 4),
    )


def _partners(rng: random.Random, place: Place, theme: Theme, context: dict) -> list[dict]:
    """2–5 partners, most important first; the lead is usually a government partner."""
    names = {
        "ministry": ("government", f"Ministry of {theme.portfolio} of {place.where}"),
        "council": ("government", f"{place.city} City Council"),
        "statistics": ("government", f"National Statistics Office of {place.where}"),
        "university": ("academia", f"{place.university} Faculty of {theme.faculty}"),
        "civil_society": ("civil_society", rng.choice(theme.civil_society)),
        "private": ("private", rng.choice(theme.private)),
        "un": ("un", theme.un),
        "international": ("international", rng.choice(INTERNATIONAL)),
        "media": ("media", rng.choice(MEDIA)),
    }
    lead = rng.choice(["ministry", "ministry", "council"])
    others = [key for key in names if key != lead]
    keys = [lead, *rng.sample(others, rng.randint(1, 4))]
    partners = []
    for key in keys:
        sector, name = names[key]
        unusual = sector in ("private", "civil_society", "academia", "media") and rng.random() < 0.6
        partners.append(
            {
                "name": _fill(name, context),
                "sector": sector,
                "description": _fill(rng.choice(PLAN_DESCRIPTIONS[sector]), context),
                "is_new_and_unusual": unusual,
            }
        )
    return partners


def _learning_questions(rng: random.Random, theme: Theme, tags: dict, context: dict) -> list[dict]:
    count = rng.randint(1, 3)
    templates = rng.sample(theme.questions, min(count, 2))
    if len(templates) < count:
        templates.append(rng.choice(GENERIC_QUESTIONS))
    questions = []
    for template in templates:
        first = rng.randrange(3)
        stages = list(LearningQuestion.Stage.values[first : first + rng.randint(1, 2)])
        method = rng.choice(tags["method"])
        datasource = rng.choice(tags["datasource"])
        questions.append(
            {
                "question": _fill(template, context),
                "stages": stages,
                "methods_usage": " ".join(
                    [_fill(METHOD_USES[method], context), _fill(rng.choice(VALUE_ADDS), context)]
                ),
                "data_gaps": _fill(DATA_GAPS[datasource], context),
            }
        )
    return questions


def _tweet(rng: random.Random, place: Place, theme: Theme) -> str:
    hashtag = "".join(word.capitalize() for word in theme.name.split())
    options = [
        f"How can we {theme.aim} in {place.where}? The {place.country} Accelerator Lab is "
        f"finding out with {theme.people} and partners. #AccLabs #{hashtag}",
        f"Our challenge in {place.city}: {theme.short}. We want to {theme.aim}. #AccLabs",
    ]
    fitting = [text for text in options if len(text) <= 280]
    return rng.choice(fitting) if fitting else f"Learning about {theme.short} in {place.where}."


def _plan(
    rng: random.Random, place: Place, theme: Theme, year: int, focal_point: str, *, is_first: bool
) -> PlanData:
    context = _context(rng, place, theme, year)
    tags = _tags(rng, theme)
    partners = _partners(rng, place, theme, context)
    context["private_partner"] = next(
        (p["name"] for p in partners if p["sector"] == "private"), "the private sector"
    )
    latitude, longitude = _coordinates(rng, place)
    background = [
        _fill(rng.choice(BACKGROUND_OPENINGS), context),
        _fill(rng.choice(BACKGROUND_ACTORS), context),
        _fill(rng.choice(BACKGROUND_EFFECTS), context),
    ]
    if rng.random() < 0.7:
        background.append(_fill(rng.choice(BACKGROUND_CLOSINGS), context))
    stats = [_fill(text, context) for text in rng.sample(theme.stats, 2)]
    source = (
        f"Sources: National Statistics Office of {place.where} ({year - 1}); records of the "
        f"{place.city} City Council; https://example.org/data/{slugify(place.country)}/"
        f"{slugify(theme.name)}"
    )
    signals = [f"- {signal[0].upper()}{signal[1:]}." for signal in rng.sample(theme.signals, 3)]
    qualitative = [_fill(rng.choice(QUALITATIVE_INTROS), context), "\n".join(signals)]
    if rng.random() < 0.5:
        qualitative.append(_fill(rng.choice(QUOTES), context))
    statement = f"Our challenge is that {_fill(theme.problem, context)}."
    if rng.random() < 0.6:
        statement += f" Left alone, this means {context['effect']}."
    if is_first and rng.random() < 0.75:
        challenge_type = "big_bet"
    else:
        challenge_type = "exploratory"
    return PlanData(
        title=_fill(rng.choice(theme.titles), context),
        focal_point=focal_point,
        year=year,
        country=place.country,
        latitude=latitude,
        longitude=longitude,
        tags=tags,
        version=q.CURRENT["plan"],
        fields={
            "challenge_type": challenge_type,
            "challenge_statement": statement,
            "background": " ".join(background),
            "quantitative_evidence": "\n\n".join([*stats, source]),
            "qualitative_evidence": "\n\n".join(qualitative),
            "value_proposition": _sentences(rng, VALUE_PROPOSITIONS, rng.randint(2, 3), context),
            "tweet_summary": _tweet(rng, place, theme),
            "early_leads": _sentences(rng, EARLY_LEADS, 2, context),
        },
        repeats={
            "partnerships": partners,
            "learning_questions": _learning_questions(rng, theme, tags, context),
        },
    )


def _report(
    rng: random.Random,
    place: Place,
    theme: Theme,
    plan: PlanData,
    year: int,
    focal_point: str,
) -> PlanData:
    context = _context(rng, place, theme, year)
    count = rng.randint(3, 5)
    themed = rng.sample(theme.insights, min(count, rng.randint(2, 3)))
    generic = rng.sample(GENERIC_INSIGHTS, count - len(themed))
    insights = [("", _fill(text, context)) for text in [*themed, *generic]]

    worked_with = plan.repeats["partnerships"][: rng.randint(1, 3)]
    partners = [
        {
            "name": partner["name"],
            "sector": partner["sector"],
            "description": _fill(REPORT_DESCRIPTIONS[partner["sector"]], context),
            "is_new_and_unusual": partner["is_new_and_unusual"],
        }
        for partner in worked_with
    ]
    context["government_partner"] = next(
        (p["name"] for p in partners if p["sector"] == "government"),
        f"Ministry of {theme.portfolio} of {place.where}",
    )

    if rng.random() < 0.25:
        handover = [q.HANDOVER_OPTIONS[0]]
        detail = rng.choice(HANDOVER_DETAILS["not_scaled"])
    else:
        handover = sorted(
            rng.sample(q.HANDOVER_OPTIONS[1:5], rng.randint(1, 2)), key=q.HANDOVER_OPTIONS.index
        )
        detail = rng.choice(HANDOVER_DETAILS["scaled"])

    datasources = plan.tags["datasource"]
    methods = plan.tags["method"]
    data_rationale = " ".join(
        [
            f"We worked mainly with {_join(datasources)}.",
            _fill(DATA_GAPS[datasources[0]], context),
            "Combining them with official statistics gave us a much finer picture of "
            f"{place.city} than either source alone.",
        ]
    )
    methods_rationale = " ".join(_fill(METHOD_RESULTS[m], context) for m in methods[:2])
    unusual = [partner["name"] for partner in partners if partner["is_new_and_unusual"]]
    bonus_context = {
        **context,
        "partner": rng.choice(unusual or [partner["name"] for partner in partners]),
        "datasource": rng.choice(datasources),
        "method": rng.choice(methods).lower(),
    }
    slug = f"{slugify(place.country)}-{slugify(theme.short)}-{year}"
    blog_links = f"https://example.org/blog/{slug}"
    if rng.random() < 0.4:
        blog_links += f"\nhttps://example.org/publications/{slug}-learning-brief"
    title_template = rng.choice(
        [
            "Closing report: {title}",
            "What we learned about {short} in {city}",
            "{title}: learnings from the cycle",
        ]
    )
    return PlanData(
        title=title_template.format(title=plan.title, **context),
        focal_point=focal_point,
        year=year,
        country=place.country,
        latitude=plan.latitude,
        longitude=plan.longitude,
        tags={vocabulary: list(terms) for vocabulary, terms in plan.tags.items()},
        version=q.CURRENT["progress"],
        fields={
            "insights": insights,
            "handover_options": handover,
            "handover_detail": _fill(detail, context),
            "blog_links": blog_links,
            "data_rationale": data_rationale,
            "methods_rationale": methods_rationale,
            "bonus_answer": _fill(rng.choice(BONUS_ANSWERS), bonus_context),
        },
        repeats={"partnerships": partners},
    )


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
