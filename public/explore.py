"""The listing's plans as a world map and as charts, drawn on the server: no CDN, no tiles, no JS.

Both pages read the same query string as /plans/ and count the plans it selects in a fixed
number of queries; every marker and bar links back to the listing narrowed to what it counts.
"""

import math
import secrets
import textwrap
from dataclasses import dataclass, field
from urllib.parse import quote_plus

from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext

from labs.models import Lab, Region
from plans import countries
from plans.models import LearningPlan, Tag
from plans.sdgs import SDGS, sdg_label

from . import plan_index
from .caching import cache_for_anonymous
from .filters import chosen_labels
from .listing import chips, listed_plans

# Equirectangular projection onto a 1000 × 500 plane; below 61°S lies only Antarctica, cropped.
MAP_WIDTH, MAP_HEIGHT, MAP_CROP = 1000, 500, 420
MARKER_MIN, MARKER_MAX = 3, 25
# A marker answers a pointer within this radius, whatever its size: 24 px across where the map is
# drawn 1,000 px wide (on a phone, the table under the map links every country too).
MARKER_TARGET = 12
# Radius per √plan; smaller only when the busiest country would outgrow MARKER_MAX.
MARKER_SCALE = 5

CHART_WIDTH, LABEL_WIDTH, BAR_SPACE, LABEL_CHARS = 560, 230, 285, 30
# A label wraps onto lines of LINE_HEIGHT; only a term typed as a whole sentence is cut, after
# LABEL_LINES lines (the table under the chart gives it whole).
ROW_HEIGHT, BAR_HEIGHT, LINE_HEIGHT, LABEL_LINES = 26, 18, 15, 3
TOP_TERMS = 12
PlanTag = LearningPlan.tags.through


class Counted:
    """How many of the plans the query string selects fall under each marker and bar: counted
    in the listing's index of the published plans for visitors who see only those (grouping
    100,000 plans by SQL took half a second a page), by SQL for the signed-in."""

    def __init__(self, request, selection: plan_index.Selection | None):
        self.selection = selection
        self.plans = None if selection else listed_plans(request)[0].order_by()

    def by(self, *columns) -> dict[tuple, int]:
        """Plans per combination of values of `columns` ("lab", "year", "kind")."""
        if self.selection is not None:
            return self.selection.grouped(*columns)
        rows = self.plans.values(*columns).annotate(n=Count("pk")).values_list(*columns, "n")
        return {tuple(row[:-1]): row[-1] for row in rows}

    def terms(self) -> dict[str, dict[int, int]]:
        """Per vocabulary, plans per approved term (by id)."""
        if self.selection is not None:
            return self.selection.terms()
        rows = (
            PlanTag.objects.filter(learningplan__in=self.plans.values("pk"), tag__is_approved=True)
            .values_list("tag__vocabulary", "tag")
            .annotate(n=Count("learningplan"))
        )
        counted = {vocabulary: {} for vocabulary in Tag.Vocabulary.values}
        for vocabulary, pk, count in rows:
            counted[vocabulary][pk] = count
        return counted


def project(longitude: float, latitude: float) -> tuple[float, float]:
    return (longitude + 180) / 360 * MAP_WIDTH, (90 - latitude) / 180 * MAP_HEIGHT


@cache_for_anonymous
def plan_map(request):
    counted = Counted(request, plan_index.selection_for(request))
    places = country_counts(request, counted)
    biggest = max((place["count"] for place in places), default=1)
    scale = min(MARKER_SCALE, MARKER_MAX / math.sqrt(biggest))
    markers = [place for place in places if place["x"] is not None]
    for place in markers:
        place["r"] = round(max(MARKER_MIN, scale * math.sqrt(place["count"])), 1)
        place["target"] = max(place["r"], MARKER_TARGET)
    context = {
        **_selection(request, total=sum(place["count"] for place in places)),
        "places": places,
        # The biggest first, so that small markers stay on top and clickable.
        "markers": sorted(markers, key=lambda place: -place["count"]),
        "view_box": f"0 0 {MAP_WIDTH} {MAP_CROP}",
        "map_width": MAP_WIDTH,
        "map_height": MAP_CROP,
    }
    return render(request, "plans/plan_map.html", context)


def country_counts(request, counted) -> list[dict]:
    """Plans per country, with where to draw them and the listing link."""
    regions = dict(Region.choices)
    by_lab = {lab: count for (lab,), count in counted.by("lab").items()}
    grouped = {}
    for lab in Lab.objects.filter(pk__in=by_lab).order_by("name"):
        count = by_lab[lab.pk]
        place = grouped.setdefault((lab.country, lab.region), _Place(lab.name))
        place.add(count, lab.latitude, lab.longitude)
    places = []
    for (code, region), place in grouped.items():
        country = countries.BY_CODE.get(code)
        latitude, longitude = place.location()
        located = latitude is not None and longitude is not None
        x, y = project(longitude, latitude) if located else (None, None)
        places.append(
            {
                "code": code,
                "name": country.display_name if country else place.lab_name,
                "region": regions.get(region, ""),
                "count": place.count,
                # A lab with no country cannot be filtered on.
                "url": _listing(request, country=code) if code else "",
                "x": None if x is None else round(x, 1),
                "y": None if y is None else round(y, 1),
            }
        )
    return sorted(places, key=lambda place: (-place["count"], place["name"]))


@dataclass
class _Place:
    """A country's plans, over its labs (one, but for a country with two): where to draw them
    is the average of its labs' locations, weighed by their plans."""

    lab_name: str  # the first lab's, by name
    count: int = 0
    latitudes: list = field(default_factory=list)  # (latitude, plans) of each lab with one
    longitudes: list = field(default_factory=list)

    def add(self, count, latitude, longitude):
        self.count += count
        if latitude is not None:
            self.latitudes.append((latitude, count))
        if longitude is not None:
            self.longitudes.append((longitude, count))

    def location(self) -> tuple[float | None, float | None]:
        return _weighted(self.latitudes), _weighted(self.longitudes)


def _weighted(values) -> float | None:
    plans = sum(count for _, count in values)
    return sum(value * count for value, count in values) / plans if plans else None


@cache_for_anonymous
def plan_stats(request):
    counted = Counted(request, plan_index.selection_for(request))
    years = year_kind_chart(request, counted)
    context = {
        **_selection(request, total=sum(bar.value for bar in years.bars)),
        "charts": [
            years,
            region_chart(request, counted),
            *tag_charts(request, counted),
        ],
    }
    return render(request, "plans/plan_stats.html", context)


@dataclass
class Segment:
    label: str
    value: int
    url: str
    css_class: str = "bar"
    x: float = 0
    width: float = 0


@dataclass
class Bar:
    label: str
    value: int
    url: str
    segments: list[Segment]
    y: float = 0
    lines: list[str] = field(default_factory=list)
    value_x: float = 0


@dataclass
class Chart:
    key: str
    title: str
    summary: str
    bars: list[Bar]
    # Stacked charts name their segments; the table gets a column for each.
    legend: list[Segment] = field(default_factory=list)
    height: int = 0
    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT
    line_height: int = LINE_HEIGHT


def year_kind_chart(request, counted) -> Chart:
    counts = counted.by("year", "kind")
    kinds = LearningPlan.Kind.choices
    bars = []
    for year in sorted({year for year, _ in counts}, reverse=True):
        segments = [
            Segment(
                label,
                counts.get((year, kind), 0),
                _listing(request, year=year, kind=kind),
                f"bar bar-{kind}",
            )
            for kind, label in kinds
        ]
        total = sum(segment.value for segment in segments)
        bars.append(Bar(str(year), total, _listing(request, year=year), segments))
    legend = [Segment(label, 0, "", f"bar bar-{kind}") for kind, label in kinds]
    summary = ", ".join(f"{bar.label}: {bar.value}" for bar in bars)
    return _layout(
        Chart("years", gettext("Plans and progress reports per year"), summary, bars, legend=legend)
    )


def region_chart(request, counted) -> Chart:
    by_lab = counted.by("lab")
    counts = {}
    for lab, region in Lab.objects.filter(pk__in=[lab for (lab,) in by_lab]).values_list(
        "pk", "region"
    ):
        counts[region] = counts.get(region, 0) + by_lab[(lab,)]
    bars = [
        _bar(str(label), counts.get(value, 0), _listing(request, region=value))
        for value, label in Region.choices
    ]
    return _layout(Chart("regions", gettext("Plans per region"), _summary(bars), bars))


def tag_charts(request, counted) -> list[Chart]:
    """SDGs, then the most used methods, data sources and thematic areas."""
    by_vocabulary = counted.terms()
    terms = Tag.objects.filter(pk__in=set(_candidates(by_vocabulary, TOP_TERMS))).in_bulk()
    sdg_counts = {terms[pk].number: n for pk, n in by_vocabulary[Tag.Vocabulary.SDG].items()}
    sdg_bars = [
        _bar(
            sdg_label(number),
            sdg_counts.get(number, 0),
            _listing(request, sdg=number),
            f"sdg-bar sdg-{number}",
        )
        for number in SDGS
    ]
    sdg_title = gettext("Sustainable Development Goals")
    charts = [_layout(Chart("sdgs", sdg_title, _summary(sdg_bars), sdg_bars))]
    titles = {
        Tag.Vocabulary.METHOD: gettext("Top %(count)s methods"),
        Tag.Vocabulary.DATASOURCE: gettext("Top %(count)s data sources"),
        Tag.Vocabulary.THEME: gettext("Top %(count)s thematic areas"),
    }
    for vocabulary, title in titles.items():
        counts = by_vocabulary[vocabulary]
        candidates = [pk for pk in counts if pk in terms]
        top = sorted(candidates, key=lambda pk: (-counts[pk], terms[pk].name))[:TOP_TERMS]
        bars = [
            _bar(terms[pk].name, counts[pk], _listing(request, **{vocabulary: terms[pk].slug}))
            for pk in top
        ]
        charts.append(
            _layout(Chart(vocabulary, title % {"count": TOP_TERMS}, _summary(bars), bars))
        )
    return charts


def _candidates(by_vocabulary, size):
    """The ids of the terms a chart may show: every goal, and in each other vocabulary the
    `size` most used and those used as often as the last of them (their names break the tie)."""
    for vocabulary, counts in by_vocabulary.items():
        least = 0
        if vocabulary != Tag.Vocabulary.SDG and len(counts) > size:
            least = sorted(counts.values(), reverse=True)[size - 1]
        yield from (pk for pk, count in counts.items() if count >= least)


def _bar(label, value, url, css_class="bar") -> Bar:
    return Bar(label, value, url, [Segment(label, value, url, css_class)])


def _summary(bars) -> str:
    shown = [bar for bar in bars if bar.value]
    return "; ".join(f"{bar.label}: {bar.value}" for bar in shown) or gettext("No plans")


def _layout(chart: Chart) -> Chart:
    """Place every bar and segment: widths proportional to the largest total."""
    biggest = max((bar.value for bar in chart.bars), default=0) or 1
    top = 0
    for bar in chart.bars:
        bar.lines = _wrapped(bar.label)
        bar.y = top + 4
        top += max(ROW_HEIGHT, len(bar.lines) * LINE_HEIGHT + 11)
        x = chart.label_width
        for segment in bar.segments:
            segment.x = round(x, 1)
            segment.width = round(segment.value / biggest * BAR_SPACE, 1)
            x += segment.width
        bar.value_x = round(x + 6, 1)
    chart.height = top + 8
    return chart


def _wrapped(label: str) -> list[str]:
    lines = textwrap.wrap(label, LABEL_CHARS) or [""]
    if len(lines) > LABEL_LINES:
        rest = " ".join(lines[LABEL_LINES - 1 :])
        lines = [*lines[: LABEL_LINES - 1], Truncator(rest).chars(LABEL_CHARS)]
    return lines


def _listing(request, **narrowed) -> str:
    """The listing under the current filters, narrowed to one value of some of them.

    The value replaces that filter's selection rather than joining it: a repeated parameter
    means "any of", so joining would list more plans than the bar counts. A page draws a
    hundred of these: the query string is encoded once per request and set of filters narrowed,
    with a marker where each value goes, and each address fills in its values.
    """
    addresses = vars(request).setdefault("_listing_addresses", {})
    names = tuple(narrowed)
    if names not in addresses:
        data = request.GET.copy()
        data.pop("page", None)
        for name in names:
            data.setlist(name, [_MARKER + name])
        addresses[names] = f"{reverse('plans:list')}?{data.urlencode()}"
    address = addresses[names]
    for name, value in narrowed.items():
        address = address.replace(quote_plus(_MARKER + name), quote_plus(str(value)), 1)
    return address


# Not a value anyone would type (a query string could hold any fixed one).
_MARKER = f"\0{secrets.token_hex(8)}-"


def _selection(request, total) -> dict:
    """How many plans are shown, the active filters (each removable) and the listing link."""
    data = request.GET.copy()
    data.pop("page", None)
    query = data.urlencode()
    return {
        "total": total,
        "chips": chips(request, chosen_labels(request.GET)),
        "query_string": f"?{query}" if query else "",
    }
