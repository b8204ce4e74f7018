"""The listing's plans as a world map and as charts, drawn on the server: no CDN, no tiles, no JS.

Both pages read the same query string as /plans/ and count the plans it selects in a fixed
number of queries; every marker and bar links back to the listing narrowed to what it counts.
"""

import math
import textwrap
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Min
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext

from labs.models import Region
from plans import countries
from plans.models import LearningPlan, Tag
from plans.sdgs import SDGS, sdg_label

from . import plan_index
from .caching import cache_for_anonymous
from .filters import FILTER_NAMES
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


def project(longitude: float, latitude: float) -> tuple[float, float]:
    return (longitude + 180) / 360 * MAP_WIDTH, (90 - latitude) / 180 * MAP_HEIGHT


@cache_for_anonymous
def plan_map(request):
    plans, _ = listed_plans(request)
    places = country_counts(request, plans)
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


def country_counts(request, plans) -> list[dict]:
    """Plans per country, with where to draw them and the listing link; one query."""
    rows = (
        plans.order_by()
        .values("lab__country", "lab__region")
        .annotate(
            count=Count("pk"),
            lab_name=Min("lab__name"),
            latitude=Avg("lab__latitude"),
            longitude=Avg("lab__longitude"),
        )
    )
    regions = dict(Region.choices)
    places = []
    for row in rows:
        code = row["lab__country"]
        country = countries.BY_CODE.get(code)
        located = row["latitude"] is not None and row["longitude"] is not None
        x, y = project(row["longitude"], row["latitude"]) if located else (None, None)
        places.append(
            {
                "code": code,
                "name": country.display_name if country else row["lab_name"],
                "region": regions.get(row["lab__region"], ""),
                "count": row["count"],
                # A lab with no country cannot be filtered on.
                "url": _listing(request, country=code) if code else "",
                "x": None if x is None else round(x, 1),
                "y": None if y is None else round(y, 1),
            }
        )
    return sorted(places, key=lambda place: (-place["count"], place["name"]))


@cache_for_anonymous
def plan_stats(request):
    plans, _ = listed_plans(request)
    years = year_kind_chart(request, plans)
    context = {
        **_selection(request, total=sum(bar.value for bar in years.bars)),
        "charts": [
            years,
            region_chart(request, plans),
            *tag_charts(request, plans),
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


def year_kind_chart(request, plans) -> Chart:
    rows = plans.order_by().values("year", "kind").annotate(n=Count("pk"))
    counts = {(row["year"], row["kind"]): row["n"] for row in rows}
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


def region_chart(request, plans) -> Chart:
    rows = plans.order_by().values("lab__region").annotate(n=Count("pk"))
    counts = {row["lab__region"]: row["n"] for row in rows}
    bars = [
        _bar(str(label), counts.get(value, 0), _listing(request, region=value))
        for value, label in Region.choices
    ]
    return _layout(Chart("regions", gettext("Plans per region"), _summary(bars), bars))


def tag_charts(request, plans) -> list[Chart]:
    """SDGs, then the most used methods, data sources and thematic areas; one query for all."""
    rows = (
        PlanTag.objects.filter(
            learningplan__in=plans.order_by().values("pk"), tag__is_approved=True
        )
        .values("tag__vocabulary", "tag__slug", "tag__name", "tag__number")
        .annotate(n=Count("learningplan"))
    )
    by_vocabulary = {vocabulary: [] for vocabulary in Tag.Vocabulary.values}
    for row in rows:
        by_vocabulary[row["tag__vocabulary"]].append(row)
    sdg_counts = {row["tag__number"]: row["n"] for row in by_vocabulary[Tag.Vocabulary.SDG]}
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
        top = sorted(by_vocabulary[vocabulary], key=lambda row: (-row["n"], row["tag__name"]))
        bars = [
            _bar(row["tag__name"], row["n"], _listing(request, **{vocabulary: row["tag__slug"]}))
            for row in top[:TOP_TERMS]
        ]
        charts.append(
            _layout(Chart(vocabulary, title % {"count": TOP_TERMS}, _summary(bars), bars))
        )
    return charts


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
    means "any of", so joining would list more plans than the bar counts.
    """
    data = request.GET.copy()
    data.pop("page", None)
    for name, value in narrowed.items():
        data.setlist(name, [str(value)])
    return f"{reverse('plans:list')}?{data.urlencode()}"


def _selection(request, total) -> dict:
    """How many plans are shown, the active filters (each removable) and the listing link."""
    filtered = any(v.strip() for name in ["q", *FILTER_NAMES] for v in request.GET.getlist(name))
    data = request.GET.copy()
    data.pop("page", None)
    query = data.urlencode()
    return {
        "total": total,
        # Labels come from the facets; only worth their queries when something is selected.
        "chips": (
            chips(request, plan_index.listing_facets(request, plan_index.selection_for(request)))
            if filtered
            else []
        ),
        "query_string": f"?{query}" if query else "",
    }
