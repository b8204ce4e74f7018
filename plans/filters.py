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
    total: int = 0  # options with plans, shown or not

    @property
    def is_truncated(self):
        return self.total > len([option for option in self.options if option.count])

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


# Facets on the plan's own columns (and its lab's) are counted together in one grouped query.
SCALAR_FIELDS = {
    "kind": "kind",
    "year": "year",
    "challenge_type": "challenge_type",
    "country": "lab__country",
    "region": "lab__region",
}
MAX_OPTIONS = 25


def facets(data, base, expand: str = "") -> list[Facet]:
    """Every facet's options, each with how many plans it would give under the other filters.

    A fixed handful of queries whatever the number of plans, options or active filters: one for
    all scalar facets, one for the tag facets not in use plus one per tag facet in use, one for
    stages and one for partner sectors. Long facets show their top options unless `expand`
    names them.
    """
    counts = _scalar_counts(data, base)
    counts |= _tag_counts(data, base)
    for name in ("stage", "partner_sector"):
        others = data.copy()
        others.pop(name, None)
        plans = PlanFilter(others, queryset=base).qs.order_by().values("pk")
        counts[name] = _counts(name, plans)
    result = []
    for name, label in FACET_LABELS.items():
        selected = set(data.getlist(name))
        options = [
            Option(value, option_label, count, value in selected)
            for value, option_label, count in counts[name]
            if count or value in selected
        ]
        if name != expand and len(options) > MAX_OPTIONS:
            options = [o for i, o in enumerate(options) if i < MAX_OPTIONS or o.selected]
        for value in selected - {option.value for option in options}:
            options.append(Option(value, _label(name, value), 0, True))
        total = len([count for *_, count in counts[name] if count])
        result.append(Facet(name, label, options, total=total))
    return result


def _scalar_counts(data, base) -> dict[str, list[tuple[str, str, int]]]:
    """Group the plans once by every scalar facet's column, then count each facet in Python
    under the other scalar filters."""
    others = data.copy()
    for name in SCALAR_FIELDS:
        others.pop(name, None)
    plans = PlanFilter(others, queryset=base).qs.order_by()
    names = list(SCALAR_FIELDS)
    rows = [
        (dict(zip(names, map(_as_text, row[:-1]), strict=True)), row[-1])
        for row in plans.values_list(*SCALAR_FIELDS.values()).annotate(count=Count("pk"))
    ]
    selections = {name: set(data.getlist(name)) for name in names if data.getlist(name)}
    result = {}
    for name in names:
        totals: dict[str, int] = {}
        for values, count in rows:
            chosen = (
                values[other] in wanted for other, wanted in selections.items() if other != name
            )
            if all(chosen):
                totals[values[name]] = totals.get(values[name], 0) + count
        totals.pop("", None)
        result[name] = _scalar_options(name, totals)
    return result


def _as_text(value) -> str:
    return "" if value is None else str(value)


def _scalar_options(name, totals) -> list[tuple[str, str, int]]:
    if name == "year":
        return [(year, year, count) for year, count in sorted(totals.items(), reverse=True)]
    if name == "country":
        named = [(code, _label(name, code), count) for code, count in totals.items()]
        return sorted(named, key=lambda row: row[1])
    choices = {
        "region": Region.choices,
        "kind": LearningPlan.Kind.choices,
        "challenge_type": LearningPlan.ChallengeType.choices,
    }[name]
    return [(value, label, totals.get(value, 0)) for value, label in choices]


def _tag_counts(data, base) -> dict[str, list[tuple[str, str, int]]]:
    """Tag facets not in use share one query; each tag facet in use needs its own."""
    active = [name for name in TAG_FILTERS if data.getlist(name)]
    idle = [name for name in TAG_FILTERS if name not in active]
    groups = [([name], name) for name in active] + ([(idle, None)] if idle else [])
    result = {}
    for names, own_filter in groups:
        others = data.copy()
        others.pop(own_filter, None)
        plans = PlanFilter(others, queryset=base).qs.order_by().values("pk")
        vocabularies = {TAG_FILTERS[name]: name for name in names}
        # Count by tag id alone (no join), then name the tags from the small tag table.
        counts = dict(
            PlanTag.objects.filter(
                learningplan__in=plans,
                tag__in=Tag.objects.filter(vocabulary__in=vocabularies).values("pk"),
            )
            .values_list("tag")
            .annotate(count=Count("learningplan"))
            .order_by()
        )
        for name in names:
            result[name] = []
        for tag in Tag.objects.filter(pk__in=counts).only("vocabulary", "slug", "name", "number"):
            name = vocabularies[tag.vocabulary]
            value = str(tag.number) if name == "sdg" else tag.slug
            result[name].append((value, tag.name, counts[tag.pk]))
    for name, options in result.items():
        if name == "sdg":
            options.sort(key=lambda option: int(option[0]))
        else:
            options.sort(key=lambda option: (-option[2], option[1].casefold()))
    return result


def _counts(name, plans) -> list[tuple[str, str, int]]:
    if name == "stage":
        totals = LearningQuestion.objects.filter(plan__in=plans).aggregate(
            **{
                stage: Count("plan", distinct=True, filter=Q(**{f"is_{stage}": True}))
                for stage, _ in STAGES
            }
        )
        return [(stage, label, totals[stage]) for stage, label in STAGES]
    rows = dict(
        Partnership.objects.filter(plan__in=plans)
        .exclude(sector="")
        .values_list("sector")
        .annotate(count=Count("plan", distinct=True))
        .order_by()
    )
    return [(value, label, rows.get(value, 0)) for value, label in Sector.choices]


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
