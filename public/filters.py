"""The public listing's filters and their facet counts.

Every filter lives in the query string under a stable name (`?sdg=5&sdg=13&region=RBA`); a
repeated parameter means any of its values. Multi-valued relations filter through EXISTS so that
no plan is counted twice, and each facet counts plans under all the other active filters.
"""

from dataclasses import dataclass

import django_filters
import numpy as np
from django import forms
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy

from labs.models import Lab, Region
from plans import countries
from plans.models import LearningPlan, LearningQuestion, Tag
from plans.search import SECTOR_BITS, STAGE_BITS, mask_of
from plans.sectors import Sector

STAGES = LearningQuestion.Stage.choices
SORTS = [
    ("relevance", gettext_lazy("Relevance")),
    ("newest", gettext_lazy("Newest")),
    ("title", gettext_lazy("Title")),
]
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


# What a filter's values name: read alike by the filters below and by the listing's index
# (`plan_index.Selection`).


def named_terms(name: str, values) -> QuerySet:
    """The terms of the tag filter `name` (a goal by its number, any other term by its slug)."""
    vocabulary = TAG_FILTERS[name]
    if vocabulary == Tag.Vocabulary.SDG:
        match = Q(number__in=[int(value) for value in values if value.isdigit()])
    else:
        match = Q(slug__in=values)
    return Tag.objects.filter(match, vocabulary=vocabulary)


def named_labs(field: str, values) -> QuerySet:
    """The labs of any of the countries or regions (`field`)."""
    return Lab.objects.filter(**{f"{field}__in": values})


def named_years(values) -> list[int]:
    return [int(year) for year in values if year.isdigit() and len(year) == 4]


class TagFilter(ValuesFilter):
    def method_filter(self, qs, value):
        tags = named_terms(self.field_name, value)
        if connection.vendor == "postgresql":
            # Containment in the GIN-indexed tag_ids: a bitmap index scan, no join.
            any_tag = Q(pk__in=[])
            for pk in _ids_once(self.parent, tags, (self.field_name, tuple(value))):
                any_tag |= Q(tag_ids__contains=[pk])
            return qs.filter(any_tag)
        links = PlanTag.objects.filter(learningplan=OuterRef("pk"), tag__in=tags)
        return qs.filter(Exists(links))


class LabFilter(ValuesFilter):
    """Plans of the labs in any of the countries or regions. The labs' ids are looked up first:
    joining the labs instead made PostgreSQL repeat the other filters' index scans per lab."""

    def method_filter(self, qs, value):
        field = self.field_name.removeprefix("lab__")
        labs = named_labs(field, value)
        return qs.filter(lab__in=_ids_once(self.parent, labs, (field, tuple(value))))


def _ids_once(filterset, queryset, key) -> list[int]:
    """The ids of `queryset`, looked up once per request however many facets filter by them."""
    request = getattr(filterset, "request", None)
    cache = getattr(request, "_filter_ids", {}) if request is not None else {}
    if key not in cache:
        cache[key] = list(queryset.values_list("pk", flat=True))
        if request is not None:
            request._filter_ids = cache
    return cache[key]


class YearFilter(ValuesFilter):
    def method_filter(self, qs, value):
        years = named_years(value)
        return qs.filter(year__in=years) if years else qs.none()


class BitsFilter(ValuesFilter):
    """Any of the values, each a bit of a mask column kept on the plan by the indexer."""

    bits: dict[str, int] = {}

    def method_filter(self, qs, value):
        wanted = mask_of(self.bits, value)
        if not wanted:
            return qs.none()
        return qs.filter(GreaterThan(F(self.field_name).bitand(wanted), 0))


class StageFilter(BitsFilter):
    bits = STAGE_BITS


class SectorFilter(BitsFilter):
    bits = SECTOR_BITS


class PlanFilter(django_filters.FilterSet):
    country = LabFilter(field_name="lab__country")
    region = LabFilter(field_name="lab__region")
    year = YearFilter(field_name="year")
    kind = ValuesFilter(field_name="kind")
    challenge_type = ValuesFilter(field_name="challenge_type")
    sdg = TagFilter(field_name="sdg")
    method = TagFilter(field_name="method")
    datasource = TagFilter(field_name="datasource")
    theme = TagFilter(field_name="theme")
    stage = StageFilter(field_name="stage_mask")
    partner_sector = SectorFilter(field_name="sector_mask")

    class Meta:
        model = LearningPlan
        fields = []


FILTER_NAMES = list(PlanFilter.base_filters)


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


class FacetList(list):
    """The facets, and the number of plans matching all filters (the listing's count)."""

    def __init__(self, *args, total: int = 0):
        super().__init__(*args)
        self.total = total

    def labels(self) -> dict[tuple[str, str], str]:
        """Each option's label, by its facet's name and its value."""
        return {
            (facet.name, option.value): option.label for facet in self for option in facet.options
        }


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
    "sdg": gettext_lazy("Sustainable Development Goal"),
    "region": gettext_lazy("Region"),
    "country": gettext_lazy("Country"),
    "year": gettext_lazy("Year"),
    "kind": gettext_lazy("Kind"),
    "challenge_type": gettext_lazy("Challenge type"),
    "method": gettext_lazy("Method"),
    "datasource": gettext_lazy("Data source"),
    "theme": gettext_lazy("Thematic area"),
    "stage": gettext_lazy("Learning-cycle stage"),
    "partner_sector": gettext_lazy("Partner sector"),
}


# The facets whose options are a fixed list, in display order.
CHOICES = {
    "region": Region.choices,
    "kind": LearningPlan.Kind.choices,
    "challenge_type": LearningPlan.ChallengeType.choices,
    "stage": STAGES,
    "partner_sector": Sector.choices,
}

# Facets on the plan's own columns are counted together, from one grouped query. Integers
# first: PostgreSQL groups a search's results by sorting them, and compares these faster.
SCALAR_FIELDS = ["lab", "year", "kind", "challenge_type"]
SCALAR_FACETS = ["kind", "year", "challenge_type", "country", "region"]  # counted from those
BIT_FACETS = {"stage": ("stage_mask", STAGE_BITS), "partner_sector": ("sector_mask", SECTOR_BITS)}
# `PublishedGroup`'s count of each bit, in the order of `_bit_counters(BIT_FACETS)`.
PUBLISHED_BITS = [
    f"{column.removesuffix('_mask')}_{value}"
    for column, values in BIT_FACETS.values()
    for value in values
]
# A facet longer than the SDGs shows its most frequent options (and any selected) until asked for
# all: the real vocabularies hold hundreds of free-text terms each.
LONG_FACET = 17
TOP_OPTIONS = 10


def _approved_tag_counts(plans: str) -> str:
    """PostgreSQL: `SELECT tag, vocabulary, count` of the approved terms among the tag arrays
    `tags` of `plans` (a subquery or a CTE's name). Counted before they are named: joined first,
    the terms were looked up once per plan and tag (60,000 index probes for a search matching
    4,000 of 20,000 plans, when a search's row estimate, without statistics, is a handful)."""
    table = Tag._meta.db_table
    return (
        f'SELECT tag.tag, "{table}"."vocabulary", tag.count FROM (SELECT tag, COUNT(*) AS count '
        f"FROM (SELECT unnest(tags) AS tag FROM {plans}) AS tag GROUP BY tag) AS tag "
        f'JOIN "{table}" ON "{table}"."id" = tag.tag WHERE "{table}"."is_approved"'
    )


def facets(data, base, *, expand: str = "", request=None, selection=None) -> list[Facet]:
    """Every facet's options, each with how many plans it would give under the other filters.

    Counted by SQL over `base`, or from the listing's index of the published plans when
    `selection` (`plan_index.Selection`) is given: the same counts. Over SQL a fixed handful
    of queries whatever the number of plans, options or active filters: one for the scalar
    facets and the stage and partner-sector facets not in use (and one for the labs they name),
    one per stage or partner-sector facet in use, one for the tag facets not in use (on
    PostgreSQL part of the first when no scalar filter is in use) plus one per tag facet in
    use. Long facets show their top options unless `expand` names them.
    """

    def filtered(without=()):
        return PlanFilter(_others(data, *without), queryset=base, request=request).qs.order_by()

    if selection is not None:
        totals, matching, bits = selection.scalar_totals()
        idle_tags = None

        def count_tags(names, own_filter):
            return selection.tags(names, [own_filter] if own_filter else [])

        count_bits = selection.bits
    else:
        # With no scalar filter in use, the scalar facets and the tag facets not in use count
        # the same plans. When a search or a tag filter makes PostgreSQL read those plans' rows
        # (rather than only the facet index), one query reads them once for both.
        together = (
            connection.vendor == "postgresql"
            and any(data.getlist(name) for name in ["q", *TAG_FILTERS])
            and not any(data.getlist(name) for name in SCALAR_FACETS)
            and not all(data.getlist(name) for name in TAG_FILTERS)
        )
        rows, idle_tags = _group(filtered(SCALAR_FACETS), count_tags=together)
        totals, matching, bits = _scalar_totals(data, rows)

        def count_tags(names, own_filter):
            # Terms proposed by a lab are no public options until a curator approves them.
            vocabularies = [TAG_FILTERS[name] for name in names]
            tags = Tag.objects.filter(vocabulary__in=vocabularies, is_approved=True)
            return _by_facet(names, _count_tags(filtered([own_filter] if own_filter else []), tags))

        def count_bits(name):
            return filtered([name]).aggregate(**_bit_counters([name]))

    counts = {name: _scalar_options(name, by_value) for name, by_value in totals.items()}
    tag_counts, tag_totals = _tag_counts(data, count_tags, idle_tags, expand=expand)
    counts |= tag_counts
    counts |= _bit_counts(data, count_bits, bits)
    result = FacetList(total=matching)
    for name, label in FACET_LABELS.items():
        selected = set(data.getlist(name))
        options = [
            Option(value, option_label, count, value in selected)
            for value, option_label, count in counts[name]
            if count or value in selected
        ]
        # A long tag facet comes with only the options that can make its top (`_tag_counts`).
        total = tag_totals.get(name, len([option for option in options if option.count]))
        if name != expand and max(total, len(options)) > LONG_FACET:
            # Stable: among equal counts, the facet's own order decides.
            top = sorted(range(len(options)), key=lambda i: -options[i].count)[:TOP_OPTIONS]
            options = [o for i, o in enumerate(options) if i in top or o.selected]
        for value in selected - {option.value for option in options}:
            options.append(Option(value, _label(name, value), 0, True))
        result.append(Facet(name, label, options, total=total))
    return result


def _others(data, *names):
    """The query string without the named filters: what a facet counts under."""
    others = data.copy()
    for name in names:
        others.pop(name, None)
    return others


def _group(plans, *, count_tags: bool) -> tuple[list[tuple], dict | None]:
    """The plans grouped by lab, year, kind and challenge type: per group, how many plans and
    how many of them have each stage and partner-sector bit. With `count_tags` (PostgreSQL
    only), also how many of the plans carry each approved tag, with its vocabulary, by tag id,
    from the same read of them."""
    if not count_tags:
        grouped = plans.values_list(*SCALAR_FIELDS).annotate(
            count=Count("*"), **_bit_counters(BIT_FACETS)
        )
        try:
            sql, params = grouped.query.sql_with_params()
        except EmptyResultSet:
            return [], None
        # Read as the database gives them: ids, years and counts need none of the ORM's
        # per-value converters, which took longer than the query on thousands of groups.
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall(), None
    try:
        sql, params = plans.values_list(
            *SCALAR_FIELDS, "stage_mask", "sector_mask", _tag_array()
        ).query.sql_with_params()
    except EmptyResultSet:
        return [], {}
    bits = ", ".join(
        f"COUNT(*) FILTER (WHERE {column} & {bit} > 0)"
        for column, values in BIT_FACETS.values()
        for bit in values.values()
    )
    nulls = ", ".join(["NULL"] * len(SCALAR_FIELDS))
    no_bits = ", ".join(["NULL"] * sum(len(values) for _, values in BIT_FACETS.values()))
    with connection.cursor() as cursor:
        # The matching plans are read once, into the CTE, and grouped twice from there.
        cursor.execute(
            f"WITH plan ({', '.join(SCALAR_FIELDS)}, stage_mask, sector_mask, tags) "
            f"AS MATERIALIZED ({sql}) "
            f"SELECT {', '.join(SCALAR_FIELDS)}, COUNT(*), {bits}, NULL, NULL FROM plan "
            f"GROUP BY {', '.join(SCALAR_FIELDS)} "
            f"UNION ALL SELECT {nulls}, count, {no_bits}, vocabulary, tag "
            f"FROM ({_approved_tag_counts('plan')}) AS tag",
            params,
        )
        rows = cursor.fetchall()
    groups = [row[:-2] for row in rows if row[-1] is None]
    # A tag's row: its count where a group's count is.
    tags = {row[-1]: (row[-2], row[len(SCALAR_FIELDS)]) for row in rows if row[-1] is not None}
    return groups, tags


def _scalar_totals(data, rows) -> tuple[dict[str, dict[str, int]], int, dict]:
    """Count each scalar facet's values from the grouped `rows` under the other scalar filters.
    Also: how many plans match every filter, and how many of them have each stage and
    partner-sector bit (the counts of those facets when they are not in use)."""
    labs = {
        pk: (country, region)
        for pk, country, region in Lab.objects.values_list("pk", "country", "region")
    }
    named = []  # each group's values of the scalar facets, and its row
    for row in rows:
        lab, year, kind, challenge_type = row[: len(SCALAR_FIELDS)]
        named.append(((kind, str(year), challenge_type, *labs[lab]), row))
    selections = [
        (index, set(data.getlist(name)))
        for index, name in enumerate(SCALAR_FACETS)
        if data.getlist(name)
    ]
    result = {}
    count_at = len(SCALAR_FIELDS)
    for index, name in enumerate(SCALAR_FACETS):
        others = [(other, wanted) for other, wanted in selections if other != index]
        if others:
            kept = [
                (values, row)
                for values, row in named
                if all(values[other] in wanted for other, wanted in others)
            ]
        else:
            kept = named
        totals: dict[str, int] = {}
        for values, row in kept:
            totals[values[index]] = totals.get(values[index], 0) + row[count_at]
        totals.pop("", None)
        result[name] = totals
    matching = [
        row for values, row in named if all(values[index] in wanted for index, wanted in selections)
    ]
    # The groups' counts summed, then each of their bit counts: column by column.
    counters = ["count", *_bit_counters(BIT_FACETS)]
    columns = zip(*(row[count_at:] for row in matching), strict=True)
    sums = dict(zip(counters, map(sum, columns), strict=True)) if matching else {}
    bits = {key: sums.get(key, 0) for key in counters[1:]}
    return result, sums.get("count", 0), bits


def _scalar_options(name, totals) -> list[tuple[str, str, int]]:
    if name == "year":
        return [(year, year, count) for year, count in sorted(totals.items(), reverse=True)]
    if name == "country":
        named = [(code, _label(name, code), count) for code, count in totals.items()]
        return sorted(named, key=lambda row: row[1])
    return [(value, label, totals.get(value, 0)) for value, label in CHOICES[name]]


def _groups(data, names):
    """Facets in use each count under their own exclusion; the idle ones share a query."""
    active = [name for name in names if data.getlist(name)]
    idle = [name for name in names if name not in active]
    return [([name], name) for name in active] + ([(idle, None)] if idle else [])


def _tag_counts(
    data, count_tags, idle: dict | None, *, expand: str = ""
) -> tuple[dict[str, list[tuple[str, str, int]]], dict[str, int]]:
    """The tag facets' options and counts, and how many options each has; `idle`: the counts
    of the facets not in use, if counted already (by `_group`); `count_tags(names, own_filter)`
    counts those of the facets `names` under all filters but `own_filter` (if any), each
    facet's by tag id. A long facet but `expand` gets only the options that can make its top
    ones, and those chosen."""
    counts_by_facet = {}
    for names, own_filter in _groups(data, list(TAG_FILTERS)):
        if own_filter is None and idle is not None:
            counts_by_facet |= _by_facet(names, idle)
        else:
            counts_by_facet |= count_tags(names, own_filter)
    # Name the tags shown at once, from the small tag table: not the thousands of a long
    # facet's tail that `facets` would drop.
    shown = set()
    for name, counts in counts_by_facet.items():
        if name == expand or len(counts) <= LONG_FACET:
            shown |= counts.keys()
            continue
        # Ties at the edge included: `facets` picks among them in the facet's order. Found over
        # arrays: a search's matches at 100,000 plans carry 10,000 themes.
        pks = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        values = np.fromiter(counts.values(), dtype=np.int64, count=len(counts))
        edge = np.partition(values, -TOP_OPTIONS)[-TOP_OPTIONS]
        shown.update(pks[values >= edge].tolist())
    result = {name: [] for name in TAG_FILTERS}
    by_vocabulary = {vocabulary: name for name, vocabulary in TAG_FILTERS.items()}
    # A chosen term is named even where no plan carries it under the other filters.
    named = Tag.objects.filter(Q(pk__in=shown) | _chosen_terms(data), is_approved=True)
    for tag in named.only("vocabulary", "slug", "name", "number"):
        name = by_vocabulary[tag.vocabulary]
        value = str(tag.number) if name == "sdg" else tag.slug
        result[name].append((value, tag.label, counts_by_facet[name].get(tag.pk, 0)))
    for name, options in result.items():
        if name == "sdg":
            options.sort(key=lambda option: int(option[0]))
        else:
            options.sort(key=lambda option: (-option[2], option[1].casefold()))
    return result, {name: len(counts) for name, counts in counts_by_facet.items()}


def _by_facet(names, counts: dict[int, tuple[str, int]]) -> dict[str, dict[int, int]]:
    """The counts of the facets `names`, each by tag id, from counts of any vocabulary."""
    by_facet = {name: {} for name in names}
    facet_of = {TAG_FILTERS[name]: name for name in names}
    for pk, (vocabulary, count) in counts.items():
        if vocabulary in facet_of:
            by_facet[facet_of[vocabulary]][pk] = count
    return by_facet


def _count_tags(plans, tags) -> dict[int, tuple[str, int]]:
    """How many of `plans` carry each approved tag, with its vocabulary, by tag id: on
    PostgreSQL every vocabulary's (the caller keeps those of `tags`' vocabularies), elsewhere
    those of `tags`."""
    if connection.vendor == "postgresql":
        # Unnest the plans' own tag ids rather than join the link table.
        try:
            sql, params = plans.values_list(_tag_array()).query.sql_with_params()
        except EmptyResultSet:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(_approved_tag_counts(f"({sql}) AS plan (tags)"), params)
            return {tag: (vocabulary, count) for tag, vocabulary, count in cursor.fetchall()}
    counted = (
        PlanTag.objects.filter(learningplan__in=plans.values("pk"), tag__in=tags.values("pk"))
        .values_list("tag", "tag__vocabulary")
        .annotate(count=Count("learningplan"))
        .order_by()
    )
    return {tag: (vocabulary, count) for tag, vocabulary, count in counted}


def _tag_array() -> RawSQL:
    """PostgreSQL only: the plan's tag ids as an integer array, a column that migration 0013
    derives from `tag_ids`. Unnesting these took half the time of expanding the JSON arrays."""
    return RawSQL(f'"{LearningPlan._meta.db_table}"."tag_array"', ())


def _bit_counters(names) -> dict:
    """Conditional counts of each stage or partner-sector bit, named `<facet>_<value>`."""
    return {
        # The counted column is in the facet index: PostgreSQL need not read the table.
        f"{name}_{value}": Count(
            BIT_FACETS[name][0], filter=GreaterThan(F(BIT_FACETS[name][0]).bitand(bit), 0)
        )
        for name in names
        for value, bit in BIT_FACETS[name][1].items()
    }


def _bit_counts(data, count_bits, totals) -> dict[str, list[tuple[str, str, int]]]:
    """Stage and partner-sector counts: those not in use are `totals`, counted under every
    filter along with the scalar facets; one in use is counted without its own filter, by
    `count_bits(name)`."""
    result = {}
    for name in BIT_FACETS:
        counts = totals
        if data.getlist(name):
            counts = count_bits(name)
        result[name] = [(value, label, counts[f"{name}_{value}"]) for value, label in CHOICES[name]]
    return result


def chosen_labels(data) -> dict[tuple[str, str], str]:
    """The label of each value chosen in the filters of `data` (a query string), as the facets
    name it, without counting any facet: for the pages that show the chosen filters only (the
    map and the statistics, where counting every facet took a fifth of the page)."""
    named = {}
    if terms := _chosen_terms(data):
        for tag in Tag.objects.filter(terms, is_approved=True).only("vocabulary", "slug", "name"):
            named[(tag.vocabulary, tag.slug)] = tag.label
    return {
        (name, value): named.get((TAG_FILTERS.get(name), value)) or _label(name, value)
        for name in FILTER_NAMES
        for value in data.getlist(name)
    }


def _chosen_terms(data) -> Q:
    """The terms chosen in the tag filters of `data`, but goals: a goal's value is its number,
    and its chip names it by that."""
    chosen = Q()
    for name, vocabulary in TAG_FILTERS.items():
        if name != "sdg" and data.getlist(name):
            chosen |= Q(vocabulary=vocabulary, slug__in=data.getlist(name))
    return chosen


def _label(name, value) -> str:
    if name == "country":
        country = countries.BY_CODE.get(value)
        return country.display_name if country else value
    return str(dict(CHOICES.get(name, [])).get(value, value))
