"""Synthetic published plans shaped like the real SDG Commons export, in bulk, for the benchmark.

Only the export's shape is kept here, as numbers measured on the 555 documents of the shared
corpus (336 plans, 219 progress reports) once imported: how many plans of each kind and year,
how many terms of each vocabulary a plan carries and how often each term is used, how many
partners, learning questions and insights a plan has, and how long its answers are. The text
is made-up words drawn by Zipf's law; none of it comes from real plans.

Term frequencies follow a Zipf–Mandelbrot law, the rank-r term used in proportion to
(r + q)^-s, fitted on the export's rank-frequency curves; and a vocabulary grows with the
number of plans as the export's does (Heaps' law: the terms met in n plans grow as n^beta,
measured on random subsets of it), so that 100,000 plans carry some 15,000 thematic areas.
"""

import math
import random
from dataclasses import dataclass
from itertools import accumulate

from django.utils import timezone

from labs.models import Lab
from partners.models import PartnerOrganisation, Partnership
from plans import countries, questionnaire
from plans.models import Insight, LearningPlan, LearningQuestion, Tag
from plans.sectors import Sector
from plans.vocabularies import SDGS, sdg_name
from plans.writing import writing

PREFIX = "bench-"
MEASURED_ON = 555  # documents of the shared corpus the numbers below were measured on

PROGRESS_SHARE = 219 / 555
YEARS = {2021: 103, 2022: 138, 2023: 220, 2024: 84, 2025: 10}
LANGUAGES = {"en": 546, "fr": 6, "es": 3}


@dataclass(frozen=True)
class Vocabulary:
    """A vocabulary's size in the measured export, how it grows (Heaps' beta) and how its terms'
    uses fall off with their rank (Zipf–Mandelbrot q and s)."""

    terms: int
    beta: float
    q: float
    s: float

    def size(self, plans: int) -> int:
        return max(self.terms, round(self.terms * (plans / MEASURED_ON) ** self.beta))


VOCABULARIES = {
    # 501 thematic areas, 238 of them used once: new ones keep coming (beta 0.65).
    "theme": Vocabulary(terms=501, beta=0.65, q=20, s=1.0),
    # 175 data sources, a steep head (the top one on 129 of 555 documents).
    "datasource": Vocabulary(terms=175, beta=0.25, q=50, s=3.3),
    # A closed list of 54 methods.
    "method": Vocabulary(terms=54, beta=0.0, q=20, s=2.5),
}

# Terms per document, {how many: documents}, by kind. Reports ask no SDGs or thematic areas.
TERMS_PER_PLAN = {
    "plan": {
        "sdg": {0: 7, 1: 16, 2: 35, 3: 243, 4: 17, 5: 12, 6: 3, 8: 2, 17: 1},
        "method": {1: 6, 2: 10, 3: 52, 4: 33, 5: 203, 6: 8, 7: 8, 8: 7, 9: 4, 10: 2, 12: 2, 22: 1},
        "datasource": {
            **{1: 14, 2: 32, 3: 60, 4: 62, 5: 78, 6: 30, 7: 18, 8: 16, 9: 9, 10: 5},
            **{11: 2, 12: 4, 14: 2, 15: 1, 17: 1, 21: 1},
        },
        "theme": {
            **{1: 4, 2: 7, 3: 240, 4: 26, 5: 19, 6: 8, 7: 7, 8: 7, 9: 2, 10: 3},
            **{11: 3, 12: 3, 13: 2, 15: 2, 22: 1, 24: 1, 26: 1},
        },
    },
    "progress": {
        "sdg": {0: 217, 3: 2},
        "method": {1: 23, 2: 34, 3: 40, 4: 41, 5: 39, 6: 13, 7: 9, 8: 6, 9: 5, 11: 3, 12: 3, 16: 2},
        "datasource": {
            **{1: 12, 2: 13, 3: 39, 4: 35, 5: 34, 6: 26, 7: 13, 8: 10, 9: 8, 10: 4},
            **{11: 4, 12: 3, 13: 3, 15: 5, 19: 3, 22: 1, 26: 2},
        },
        "theme": {0: 217, 3: 2},
    },
}

PARTNERS_PER_PLAN = {
    "plan": {0: 1, 1: 105, 2: 49, 3: 50, 4: 37, 5: 87, 6: 4, 7: 1, 8: 1, 10: 1},
    "progress": {0: 139, 1: 30, 2: 14, 3: 12, 4: 16, 5: 6, 6: 1, 9: 1},
}
QUESTIONS_PER_PLAN = {"plan": {1: 293, 2: 25, 3: 11, 4: 4, 5: 2, 10: 1}, "progress": {0: 1}}
INSIGHTS_PER_PLAN = {
    "plan": {0: 1},
    "progress": {1: 176, 2: 2, 3: 5, 4: 8, 5: 23, 6: 2, 7: 1, 9: 1, 10: 1},
}
# Of 1,188 partnerships, 1,073 organisations: nearly every partner is named by one plan only.
ORGANISATIONS_PER_PARTNERSHIP = 0.9


@dataclass(frozen=True)
class Length:
    """An answer's length in characters: how often it is given, its median and 90th
    percentile (drawn log-normally) and the longest one."""

    given: float
    median: int
    p90: int
    longest: int


# Answers as the two kinds fill them (shares under 5% left out).
ANSWERS = {
    "plan": {
        "title": Length(1.0, 62, 114, 242),
        "challenge_statement": Length(1.0, 272, 745, 2359),
        "background": Length(1.0, 1144, 2705, 11201),
        "quantitative_evidence": Length(0.90, 557, 1659, 25667),
        "qualitative_evidence": Length(0.87, 614, 2116, 8251),
        "value_proposition": Length(0.99, 634, 1586, 3388),
        "tweet_summary": Length(1.0, 221, 299, 700),
        "early_leads": Length(0.98, 305, 861, 3086),
    },
    "progress": {
        "title": Length(1.0, 64, 94, 115),
        "handover_detail": Length(0.36, 307, 1980, 3481),
        "blog_links": Length(0.83, 233, 780, 7450),
        "barriers": Length(0.64, 326, 1083, 3069),
        "data_rationale": Length(0.92, 360, 1023, 3081),
        "methods_rationale": Length(0.90, 362, 1184, 3221),
        "partners_government": Length(0.58, 166, 725, 2280),
        "partners_private": Length(0.53, 80, 664, 1310),
        "partners_civil_society": Length(0.55, 107, 628, 4326),
        "partners_academic": Length(0.52, 76, 412, 1957),
        "partners_un": Length(0.48, 42, 403, 987),
        "partners_new_unusual": Length(0.51, 131, 429, 1677),
        "supporting_evidence": Length(0.64, 145, 722, 5382),
        "bonus_answer": Length(0.63, 310, 1166, 2784),
    },
}
PARTNER_DESCRIPTION = Length(0.95, 165, 500, 4000)
QUESTION = Length(1.0, 200, 519, 2000)
METHODS_USAGE = Length(0.96, 403, 1057, 4000)
DATA_GAPS = Length(0.94, 246, 747, 3000)
INSIGHT = Length(1.0, 443, 2304, 6000)
# 143 of 845 answers sampled hold what may be a link (a URL, an e-mail address, a dot before a
# letter or digit), which markdown rendering then looks for.
LINK_SHARE = 143 / 845
# A report's plan: 54 of the 219 reports name the plan they report on.
REPORTS_ON_A_PLAN = 54 / 219

WORDS = (
    "water energy youth women climate waste circular digital data market informal city rural "
    "farmers health education finance mobility housing plastic recycling solar drought flood "
    "migration jobs skills trust governance citizens community innovation experiment survey "
    "mapping foresight ethnography behaviour incentives platform sensors satellite mobile"
).split()


def fill(count: int, seed: int = 7) -> None:
    """`count` synthetic published plans and reports, written in batches through the one write
    path (indexed, counted, a revision each) with their terms, partners, questions, insights."""
    rng = random.Random(seed)
    labs = _labs(rng)
    tags = _tags(count)
    partnerships = sum(
        _mean(PARTNERS_PER_PLAN[kind]) * share
        for kind, share in [("plan", 1 - PROGRESS_SHARE), ("progress", PROGRESS_SHARE)]
    )
    organisations = PartnerOrganisation.objects.bulk_create(
        PartnerOrganisation(
            name=f"{rng.choice(WORDS).title()} Partners {n}",
            normalised_name=f"{PREFIX}{n}",
            slug=f"{PREFIX}org-{n}",
        )
        for n in range(max(round(count * partnerships * ORGANISATIONS_PER_PARTNERSHIP), 10))
    )
    now = timezone.now()
    plan_ids: list[int] = []
    batch = 1000
    for start in range(0, count, batch):
        plans = [_plan(rng, start + n, labs, now) for n in range(min(batch, count - start))]
        for plan in plans:
            if plan.kind == "progress" and plan_ids and rng.random() < REPORTS_ON_A_PLAN:
                plan.plan_id = rng.choice(plan_ids)
        with writing(*plans, reason="import"):
            LearningPlan.objects.bulk_create(plans)
            _parts(rng, plans, tags, organisations)
        plan_ids += [plan.pk for plan in plans if plan.kind == "plan"]


def _labs(rng) -> list[Lab]:
    return [
        Lab.objects.get_or_create(
            name=country.name,
            defaults={
                "slug": f"{PREFIX}{country.code.lower()}",
                "country": country.code,
                "region": country.region,
                "latitude": rng.uniform(-30, 50),
                "longitude": rng.uniform(-90, 120),
            },
        )[0]
        for country in countries.COUNTRIES
    ]


def _tags(count: int) -> dict[str, tuple[list[Tag], list[float]]]:
    """Each vocabulary's terms, most used first, with their cumulative weights."""
    sdgs = [
        Tag.objects.get_or_create(
            vocabulary="sdg", number=n, defaults={"name": sdg_name(n), "slug": str(n)}
        )[0]
        for n in SDGS
    ]
    # SDGs: the export's order of use (5, 8, 13, 9, 17, 11, 12, ... ) matters little; flatter.
    tags = {"sdg": (sdgs, list(accumulate((r + 5) ** -1.5 for r in range(1, 18))))}
    for vocabulary, law in VOCABULARIES.items():
        size = law.size(count)
        Tag.objects.bulk_create(
            [
                Tag(
                    vocabulary=vocabulary,
                    slug=f"{PREFIX}{vocabulary}-{n}",
                    name=f"{_phrase(random.Random(n), 2)} {n}",
                )
                for n in range(size)
            ],
            ignore_conflicts=True,
        )
        terms = {
            tag.slug: tag
            for tag in Tag.objects.filter(vocabulary=vocabulary, slug__startswith=PREFIX)
        }
        ranked = [terms[f"{PREFIX}{vocabulary}-{n}"] for n in range(size)]
        weights = list(accumulate((rank + law.q) ** -law.s for rank in range(1, size + 1)))
        tags[vocabulary] = (ranked, weights)
    return tags


def _parts(rng, plans, tags, organisations) -> None:
    through = LearningPlan.tags.through
    links, partnerships, questions, insights = [], [], [], []
    for plan in plans:
        for vocabulary, (terms, weights) in tags.items():
            wanted = min(_draw(rng, TERMS_PER_PLAN[plan.kind][vocabulary]), len(terms))
            chosen: set[int] = set()
            while len(chosen) < wanted:
                chosen.update(tag.pk for tag in rng.choices(terms, cum_weights=weights, k=wanted))
            links += [through(learningplan_id=plan.pk, tag_id=pk) for pk in list(chosen)[:wanted]]
        for position in range(1, _draw(rng, PARTNERS_PER_PLAN[plan.kind]) + 1):
            partnerships.append(
                Partnership(
                    plan=plan,
                    organisation=rng.choice(organisations),
                    position=position,
                    sector=rng.choice(Sector.values),
                    description=_text(rng, PARTNER_DESCRIPTION),
                    is_new_and_unusual=rng.random() < 0.3,
                )
            )
        for position in range(1, _draw(rng, QUESTIONS_PER_PLAN[plan.kind]) + 1):
            question = LearningQuestion(
                plan=plan,
                position=position,
                question=_text(rng, QUESTION).rstrip(".") + "?",
                methods_usage=_text(rng, METHODS_USAGE),
                data_gaps=_text(rng, DATA_GAPS),
            )
            first = rng.randrange(4)
            question.stages = LearningQuestion.Stage.values[first : first + rng.randint(1, 2)]
            questions.append(question)
        for position in range(1, _draw(rng, INSIGHTS_PER_PLAN[plan.kind]) + 1):
            insights.append(
                Insight(plan=plan, position=position, marker="-", text=_text(rng, INSIGHT))
            )
    through.objects.bulk_create(links, batch_size=5000)
    Partnership.objects.bulk_create(partnerships, batch_size=2000)
    LearningQuestion.objects.bulk_create(questions, batch_size=2000)
    Insight.objects.bulk_create(insights, batch_size=2000)


def _plan(rng, number, labs, now) -> LearningPlan:
    lab = rng.choice(labs)
    kind = "progress" if rng.random() < PROGRESS_SHARE else "plan"
    answers = {name: _text(rng, length) for name, length in ANSWERS[kind].items()}
    answers["title"] = _text(rng, ANSWERS[kind]["title"], links=False)
    title = answers.pop("title").rstrip(".").title() or f"Plan {number}"
    return LearningPlan(
        slug=f"{PREFIX}{number}",
        title=f"{title} in {lab.name}"[:500],
        kind=kind,
        questionnaire=questionnaire.CURRENT[kind].key,
        status=LearningPlan.Status.PUBLISHED,
        published_at=now,
        lab=lab,
        year=_draw(rng, YEARS),
        language=_draw(rng, LANGUAGES),
        challenge_type=rng.choice(["big_bet", "exploratory", ""]) if kind == "plan" else "",
        **answers,
    )


def _draw(rng, counts: dict):
    return rng.choices(list(counts), weights=list(counts.values()))[0]


def _mean(counts: dict) -> float:
    return sum(value * n for value, n in counts.items()) / sum(counts.values())


def _text(rng, length: Length, *, links: bool = True) -> str:
    """An answer of a length drawn as the export's are: sentences of made-up words, in
    paragraphs, or nothing when the answer is not given."""
    if rng.random() >= length.given:
        return ""
    sigma = math.log(length.p90 / length.median) / 1.2816
    characters = min(length.longest, round(rng.lognormvariate(math.log(length.median), sigma)))
    words = rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=max(1, characters // AVERAGE))
    sentences = [
        " ".join(words[start : start + 15]).capitalize() + "." for start in range(0, len(words), 15)
    ]
    if links and rng.random() < LINK_SHARE:
        sentences.append(f"See https://example.org/{words[0]}.")
    return "\n\n".join(
        " ".join(sentences[start : start + 5]) for start in range(0, len(sentences), 5)
    )


def _phrase(rng, words: int) -> str:
    return " ".join(rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=words))


def _vocabulary(size: int = 4000) -> tuple[list[str], list[float]]:
    """Made-up words with the themes' real words among them, drawn by Zipf's law as natural
    text is, so that a search for two topical words matches a realistic share of plans."""
    rng = random.Random(1)
    syllables = "ka lo mi ne su ra to vi de pa gu ze ho bi tu fe ja ru no si".split()
    words = []
    while len(words) < size:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in words:
            words.append(word)
    words[200 : 200 + len(WORDS)] = WORDS
    return words, list(accumulate(1 / rank for rank in range(1, size + 1)))


VOCABULARY, CUMULATIVE = _vocabulary()
# Characters a drawn word takes with its space, on average (to turn a length into words).
AVERAGE = round(
    sum(
        len(word) + 1
        for word in random.Random(2).choices(VOCABULARY, cum_weights=CUMULATIVE, k=5000)
    )
    / 5000
)
