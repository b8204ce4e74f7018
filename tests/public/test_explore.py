import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from labs.models import Lab
from plans import countries
from plans.models import LearningPlan, Tag
from public import explore
from tests.conftest import make_plan

pytestmark = pytest.mark.django_db

WORLD = Path(settings.BASE_DIR) / "static" / "geo" / "world.svg"


@pytest.fixture
def located(zambia, serbia):
    Lab.objects.filter(pk=zambia.pk).update(latitude=-13.1, longitude=27.8)
    Lab.objects.filter(pk=serbia.pk).update(latitude=44.0, longitude=21.0)
    zambia.refresh_from_db()
    serbia.refresh_from_db()
    return zambia, serbia


@pytest.fixture
def gender():
    return Tag.objects.create(vocabulary="sdg", name="5. Gender equality", slug="5", number=5)


def _circles(html):
    return dict(re.findall(r"<title>([^<:]+): (\d+) plans?</title></circle>", html))


def test_the_map_shows_each_country_with_its_number_of_plans_and_a_link(client, located):
    zambia, serbia = located
    make_plan(lab=zambia)
    make_plan(lab=zambia)
    make_plan(lab=serbia)
    response = client.get(reverse("plans:map"))
    assert response.status_code == 200
    assert _circles(response.text) == {"Zambia": "2", "Serbia": "1"}
    assert 'href="/plans/?country=ZM"' in response.text
    assert "<td>Africa</td>" in response.text


def test_the_map_draws_a_bigger_marker_for_more_plans(client, located):
    zambia, serbia = located
    for _ in range(4):
        make_plan(lab=zambia)
    make_plan(lab=serbia)
    markers = {marker["name"]: marker for marker in client.get("/plans/map/").context["markers"]}
    assert markers["Zambia"]["r"] == pytest.approx(2 * markers["Serbia"]["r"])


def test_every_marker_answers_a_pointer_24_map_units_across_however_small_it_is(client, located):
    zambia, serbia = located
    for _ in range(9):
        make_plan(lab=zambia)
    make_plan(lab=serbia)
    html = client.get("/plans/map/").text
    targets = re.findall(r'<circle class="map-target" [^>]*r="([\d.]+)"', html)
    markers = re.findall(r'<circle class="map-marker" [^>]*r="([\d.]+)"', html)
    assert len(targets) == len(markers) == 2
    assert min(float(r) for r in targets) >= 12
    assert max(float(r) for r in targets) == max(float(r) for r in markers)


def test_the_map_honours_the_listing_filters(client, located, gender):
    zambia, serbia = located
    make_plan(lab=zambia, tags=[gender])
    make_plan(lab=serbia)
    response = client.get(reverse("plans:map"), {"sdg": "5", "page": "2"})
    assert _circles(response.text) == {"Zambia": "1"}
    assert 'href="/plans/?sdg=5&amp;country=ZM"' in response.text
    assert "SDG 5" in response.text  # the active filter, removable


def test_the_map_hides_unpublished_plans(client, located):
    zambia, serbia = located
    make_plan(lab=zambia)
    make_plan(lab=serbia, status=LearningPlan.Status.DRAFT)
    response = client.get(reverse("plans:map"))
    assert "Serbia" not in response.text
    assert _circles(response.text) == {"Zambia": "1"}


def test_the_map_shows_a_focal_point_their_own_drafts(client, located, bob):
    _, serbia = located
    make_plan(lab=serbia, status=LearningPlan.Status.DRAFT)
    client.force_login(bob)
    assert _circles(client.get(reverse("plans:map")).text) == {"Serbia": "1"}


def test_the_map_lists_a_country_without_coordinates_in_its_table_only(client, zambia):
    make_plan(lab=zambia)
    response = client.get(reverse("plans:map"))
    assert _circles(response.text) == {}
    assert '<th scope="row">Zambia</th>' in response.text
    assert "List Zambia’s plans" in response.text


def test_the_stats_draw_bars_with_counts_and_links_that_keep_the_filters(client, located):
    zambia, serbia = located
    make_plan(lab=zambia, year=2023)
    make_plan(lab=zambia, year=2023, kind="progress", questionnaire="progress-2023")
    make_plan(lab=serbia, year=2022)
    response = client.get(reverse("plans:stats"), {"region": "RBA"})
    assert response.status_code == 200
    years = response.context["charts"][0]
    assert [(bar.label, bar.value) for bar in years.bars] == [("2023", 2)]
    assert [segment.value for segment in years.bars[0].segments] == [1, 1]
    assert 'href="/plans/?region=RBA&amp;year=2023&amp;kind=progress"' in response.text
    regions = {bar.label: bar.value for bar in response.context["charts"][1].bars}
    assert regions["Africa"] == 2
    assert regions["Europe and Central Asia"] == 0


def test_a_bar_replaces_the_selection_of_its_own_filter(client, zambia, gender):
    climate = Tag.objects.create(vocabulary="sdg", name="13. Climate action", slug="13", number=13)
    make_plan(lab=zambia, tags=[gender, climate])
    response = client.get(reverse("plans:stats"), {"sdg": "5"})
    assert 'href="/plans/?sdg=13"' in response.text
    assert "sdg=5&amp;sdg=13" not in response.text


def test_sdg_bars_show_all_seventeen_goals_in_their_official_colours(client, zambia, gender):
    make_plan(lab=zambia, tags=[gender])
    response = client.get(reverse("plans:stats"))
    sdgs = next(chart for chart in response.context["charts"] if chart.key == "sdgs")
    assert len(sdgs.bars) == 17
    assert sdgs.bars[4].value == 1
    assert '<rect class="sdg-bar sdg-5"' in response.text


def test_the_bars_labels_are_given_whole_on_as_many_lines_as_they_need(client, zambia, gender):
    make_plan(lab=zambia, tags=[gender])
    response = client.get(reverse("plans:stats"))
    sdgs = next(chart for chart in response.context["charts"] if chart.key == "sdgs")
    decent_work = sdgs.bars[7]
    assert " ".join(decent_work.lines) == decent_work.label
    assert len(decent_work.lines) == 2
    assert "…" not in response.text.split('id="chart-sdgs"')[1].split("</svg>")[0]
    # A wrapped row is taller: the next bar starts below both lines.
    assert sdgs.bars[8].y - decent_work.y > sdgs.bars[1].y - sdgs.bars[0].y


def test_the_stats_count_the_top_methods(client, zambia):
    tags = [
        Tag.objects.create(vocabulary="method", name=f"Method {n:02}", slug=f"method-{n}")
        for n in range(15)
    ]
    make_plan(lab=zambia, tags=tags)
    make_plan(lab=zambia, tags=tags[:1])
    response = client.get(reverse("plans:stats"))
    methods = next(chart for chart in response.context["charts"] if chart.key == "method")
    assert len(methods.bars) == 12
    assert (methods.bars[0].label, methods.bars[0].value) == ("Method 00", 2)
    assert 'href="/plans/?method=method-0"' in response.text


def test_the_stats_hide_unpublished_plans(client, zambia, serbia, gender):
    make_plan(lab=zambia, tags=[gender])
    make_plan(lab=serbia, tags=[gender], status=LearningPlan.Status.SUBMITTED)
    response = client.get(reverse("plans:stats"))
    assert response.context["total"] == 1
    regions = {bar.label: bar.value for bar in response.context["charts"][1].bars}
    assert regions["Europe and Central Asia"] == 0
    assert response.context["charts"][2].bars[4].value == 1


def test_the_charts_come_with_their_numbers_as_tables(client, zambia):
    make_plan(lab=zambia)
    text = client.get(reverse("plans:stats")).text
    assert text.count('<details class="chart-data">') == 3  # years, regions, SDGs
    assert 'role="group" aria-label="Plans per region: Africa: 1"' in text


def _fill(places, gender):
    for place in places:
        code = place.code
        lab = Lab.objects.create(
            name=code, slug=code, country=code, region=place.region, latitude=1.0, longitude=2.0
        )
        method = Tag.objects.create(vocabulary="method", name=f"m {code}", slug=f"m-{code}")
        year = 2020 + ord(code[1]) % 5
        make_plan(lab=lab, year=year, tags=[gender, method])


@pytest.mark.parametrize("view", ["plans:map", "plans:stats"])
@pytest.mark.parametrize("query", [{}, {"sdg": "5", "region": "RBA", "q": "plan"}])
def test_the_pages_use_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, django_capture_on_commit_callbacks, gender, view, query
):
    places = [country for country in countries.COUNTRIES if country.region == "RBA"][:30]
    # Both count in the index of the published plans, built again after the change: its token
    # and four queries; then the labs (and on the stats page, the terms). The filters add a
    # query each: the region's labs, the goal's term, the search's matches. The active filters
    # are labelled without counting the listing's facets (`filters.chosen_labels`).
    bound = {"plans:map": 6, "plans:stats": 7}[view] + (3 if query else 0)
    _fill(places[:3], gender)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(view), query).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # committed: cached pages refresh
        _fill(places[3:], gender)
    with django_assert_max_num_queries(bound) as many:
        response = client.get(reverse(view), query)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert response.context["total"] > 3


@pytest.mark.parametrize("view", ["plans:map", "plans:stats"])
def test_the_pages_carry_no_inline_styles_or_scripts(client, located, gender, view):
    make_plan(lab=located[0], tags=[gender])
    text = client.get(reverse(view), {"sdg": "5"}).text
    assert "style=" not in text
    assert "<script>" not in text


def test_the_world_map_is_a_small_static_svg_of_country_outlines():
    assert WORLD.stat().st_size < 400_000
    root = ElementTree.parse(WORLD).getroot()
    assert root.get("viewBox") == "0 0 1000 420"
    paths = root.findall(".//{http://www.w3.org/2000/svg}path")
    assert len(paths) > 150
    assert "ISC license" in (WORLD.parent / "LICENSE").read_text()


def test_the_map_page_draws_on_the_static_world_map(client):
    text = client.get(reverse("plans:map")).text
    assert '<image href="/static/geo/world.svg"' in text
    assert 'viewBox="0 0 1000 420"' in text


def test_the_world_map_is_built_from_topojson(tmp_path):
    # Two quantised, delta-encoded arcs: a square round the origin, the second arc reversed;
    # and a sliver across the antimeridian, drawn at both edges.
    topology = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [-180, -90]},
        "arcs": [
            [[170, 80], [20, 0], [0, 20]],
            [[170, 80], [0, 20], [20, 0]],
            [[359, 90], [-358, 0], [0, 1], [358, 0]],
        ],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {
                        "type": "Polygon",
                        "arcs": [[0, -2]],
                        "id": "001",
                        "properties": {"name": "A"},
                    },
                    {"type": "MultiPolygon", "arcs": [[[2]]], "id": "002"},
                    {"type": "Polygon", "arcs": [[0, -2]], "id": "010"},
                ],
            }
        },
    }
    source = tmp_path / "countries.json"
    source.write_text(json.dumps(topology))
    target = tmp_path / "world.svg"
    call_command("build_world_map", str(source), output=str(target), stdout=io.StringIO())
    paths = ElementTree.parse(target).getroot().findall(".//{http://www.w3.org/2000/svg}path")
    assert [path.get("id") for path in paths] == ["c001", "c002"]  # no Antarctica
    assert paths[0].get("d") == "M472.2 277.8L527.8 277.8 527.8 222.2 472.2 222.2 472.2 277.8Z"
    assert paths[1].get("d").count("M") == 2


@pytest.mark.parametrize(
    "query",
    [
        "",
        "page=3",
        "sdg=5&sdg=13&q=eau+potable",
        "q=%C3%A9cole+%26+sant%C3%A9&year=2023",
        "kind=x&kind=y",
    ],
)
def test_a_bar_or_marker_link_is_the_query_string_with_its_values_set(rf, query):
    def plainly(**narrowed):
        data = request.GET.copy()
        data.pop("page", None)
        for name, value in narrowed.items():
            data.setlist(name, [str(value)])
        return f"{reverse('plans:list')}?{data.urlencode()}"

    request = rf.get(reverse("plans:map"), QueryDict(query))
    for narrowed in [
        {"country": "ZM"},
        {"country": "CI"},
        {"year": 2022, "kind": "progress"},
        {"year": 2021, "kind": "plan"},
        {"sdg": 13},
        {"theme": "eau & assainissement / hygiène"},
    ]:
        assert explore._listing(request, **narrowed) == plainly(**narrowed)
