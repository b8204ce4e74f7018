"""The public listing's filters and their facet counts.

Every filter lives in the query string under a stable name (`?sdg=5&sdg=13&region=RBA`); a
repeated parameter means any of its values. Multi-valued relations filter through EXISTS so that
no plan is counted twice, and each facet counts plans under all the other active filters.
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Count, Exists, OuterRef, Q

from partners.models import Partnership, Sector

from . import countries
from .models import LearningPlan, LearningQuestion, Region, Tag

STAGES = [("sense", "Sense"), ("explore", "Explore"), ("test", "Test"), ("grow", "Grow")]
SORTS = [("relevance", "Relevance"), ("newest", "Newest"), ("title", "Title")]
TAG_FILTERS = {
    "sdg": Tag.Vocabulary.SDG,
    "method": Tag.Vocabulary.METHOD,
    "datasource": Tag.Vocabulary.DATASOURCE,
    "theme": Tag.Vocabulary.THEME,
}
PlanTag = LearningPlan.tags.through


class ValuesField(forms.Field):
    """Any number of values from a repeated query parameter, kept as strings."""

    widget = forms.SelectMultiple

    def to_python(self, value):
        return [str(item).strip() for item in value or [] if str(item).strip()][:50]


class ValuesFilter(django_filters.Filter):
    field_class = ValuesField

    def filter(self, qs, value):
        return self.method_filter(qs, value) if value else qs

    def method_filter(self, qs, value):
        return qs.filter(**{f"{self.field_name}__in": value})


class TagFilter(ValuesFilter):
    def method_filter(self, qs, value):
        vocabulary = TAG_FILTERS[self.field_name]
        if vocabulary == Tag.Vocabulary.SDG:
            numbers = [int(v) for v in value if v.isdigit()]
            match = Q(tag__number__in=numbers)
        else:
            match = Q(tag__slug__in=value)
        links = PlanTag.objects.filter(
            match, learningplan=OuterRef("pk"), tag__vocabulary=vocabulary
        )
        return qs.filter(Exists(links))


class StageFilter(ValuesFilter):
    def method_filter(self, qs, value):
        any_stage = Q()
        for stage in value:
            if stage in dict(STAGES):
                any_stage |= Q(**{f"is_{stage}": True})
        if not any_stage:
            return qs.none()
        return qs.filter(Exists(LearningQuestion.objects.filter(any_stage, plan=OuterRef("pk"))))


class SectorFilter(ValuesFilter):
    def method_filter(self, qs, value):
        partners = Partnership.objects.filter(plan=OuterRef("pk"), sector__in=value)
        return qs.filter(Exists(partners))


class PlanFilter(django_filters.FilterSet):
    country = ValuesFilter(field_name="lab__country")
    region = ValuesFilter(field_name="lab__region")
    year = ValuesFilter(field_name="year", method="filter_year")
    kind = ValuesFilter(field_name="kind")
    challenge_type = ValuesFilter(field_name="challenge_type")
    sdg = TagFilter(field_name="sdg")
    method = TagFilter(field_name="method")
    datasource = TagFilter(field_name="datasource")
    theme = TagFilter(field_name="theme")
    stage = StageFilter(field_name="stage")
    partner_sector = SectorFilter(field_name="partner_sector")

    class Meta:
        model = LearningPlan
        fields = []

    def filter_year(self, qs, name, value):
        years = [int(year) for year in value if year.isdigit() and len(year) == 4]
        return qs.filter(year__in=years) if years else qs.none()


FILTER_NAMES = list(PlanFilter.base_filters)


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list[Option]

    @property
    def has_selection(self):
        return any(option.selected for option in self.options)


FACET_LABELS = {
    "kind": "Kind",
    "year": "Year",
    "region": "Region",
    "country": "Country",
    "challenge_type": "Challenge type",
    "sdg": "Sustainable Development Goal",
    "method": "Method",
    "datasource": "Data source",
    "theme": "Thematic area",
    "stage": "Learning-cycle stage",
    "partner_sector": "Partner sector",
}


def facets(data, base) -> list[Facet]:
    """Every facet's options with how many plans each would give under the other filters.

    One query per facet, whatever the number of options or plans.
    """
    result = []
    for name, label in FACET_LABELS.items():
        others = data.copy()
        others.pop(name, None)
        plans = PlanFilter(others, queryset=base).qs.order_by().values("pk")
        selected = set(data.getlist(name))
        counts = _counts(name, plans)
        options = [
            Option(value, label, count, value in selected)
            for value, label, count in counts
            if count or value in selected
        ]
        for value in selected - {option.value for option in options}:
            options.append(Option(value, _label(name, value), 0, True))
        result.append(Facet(name, label, options))
    return result


def _counts(name, plans) -> list[tuple[str, str, int]]:
    if name in TAG_FILTERS:
        rows = (
            PlanTag.objects.filter(learningplan__in=plans, tag__vocabulary=TAG_FILTERS[name])
            .values("tag__slug", "tag__name", "tag__number")
            .annotate(count=Count("learningplan", distinct=True))
        )
        if name == "sdg":
            rows = sorted(rows, key=lambda row: row["tag__number"] or 0)
            return [(str(r["tag__number"]), r["tag__name"], r["count"]) for r in rows]
        rows = sorted(rows, key=lambda row: (-row["count"], row["tag__name"].casefold()))
        return [(r["tag__slug"], r["tag__name"], r["count"]) for r in rows]
    if name == "stage":
        totals = LearningQuestion.objects.filter(plan__in=plans).aggregate(
            **{
                stage: Count("plan", distinct=True, filter=Q(**{f"is_{stage}": True}))
                for stage, _ in STAGES
            }
        )
        return [(stage, label, totals[stage]) for stage, label in STAGES]
    if name == "partner_sector":
        rows = dict(
            Partnership.objects.filter(plan__in=plans)
            .exclude(sector="")
            .values_list("sector")
            .annotate(count=Count("plan", distinct=True))
        )
        return [(value, label, rows.get(value, 0)) for value, label in Sector.choices]
    field = {"country": "lab__country", "region": "lab__region"}.get(name, name)
    rows = dict(
        LearningPlan.objects.filter(pk__in=plans)
        .values_list(field)
        .annotate(count=Count("pk"))
        .order_by()
    )
    rows.pop("", None)
    rows.pop(None, None)
    if name == "year":
        return [(str(year), str(year), count) for year, count in sorted(rows.items(), reverse=True)]
    if name == "country":
        named = [(code, _label(name, code), count) for code, count in rows.items()]
        return sorted(named, key=lambda row: row[1])
    choices = {
        "region": Region.choices,
        "kind": LearningPlan.Kind.choices,
        "challenge_type": LearningPlan.ChallengeType.choices,
    }[name]
    return [(value, label, rows.get(value, 0)) for value, label in choices]


def _label(name, value) -> str:
    if name == "country":
        country = countries.BY_CODE.get(value)
        return country.name if country else value
    labels = {
        "region": dict(Region.choices),
        "kind": dict(LearningPlan.Kind.choices),
        "challenge_type": dict(LearningPlan.ChallengeType.choices),
        "stage": dict(STAGES),
        "partner_sector": dict(Sector.choices),
    }.get(name, {})
    return str(labels.get(value, value))
