"""Regenerate static/geo/world.svg, the map's country outlines, from a world-atlas TopoJSON file.

The file is made once and shipped, so that the map needs no internet:

    cd /tmp && npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    manage.py build_world_map /tmp/package/countries-110m.json
"""

import json
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.core.management.base import BaseCommand

from public.explore import MAP_CROP, MAP_WIDTH, project

ANTARCTICA = "010"
DEFAULT_TARGET = Path(settings.BASE_DIR) / "static" / "geo" / "world.svg"


class Command(BaseCommand):
    help = "Write the world map's outlines (equirectangular SVG) from a TopoJSON countries file."

    def add_arguments(self, parser):
        parser.add_argument("topojson", help="countries-110m.json from the world-atlas package.")
        parser.add_argument("--output", default=str(DEFAULT_TARGET))

    def handle(self, *args, topojson, output, **options):
        topology = json.loads(Path(topojson).read_text(encoding="utf-8"))
        arcs = decode_arcs(topology)
        paths = []
        for geometry in topology["objects"]["countries"]["geometries"]:
            if geometry.get("id") == ANTARCTICA or "arcs" not in geometry:
                continue
            polygons = geometry["arcs"]
            if geometry["type"] == "Polygon":
                polygons = [polygons]
            data = "".join(_ring_path(arcs, ring) for polygon in polygons for ring in polygon)
            name = geometry.get("properties", {}).get("name", "")
            paths.append(
                f"<path id={quoteattr('c' + str(geometry.get('id', '')))} d={quoteattr(data)}>"
                f"<title>{escape(name)}</title></path>"
            )
        target = Path(output)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_svg(paths), encoding="utf-8")
        size = target.stat().st_size // 1024
        self.stdout.write(self.style.SUCCESS(f"countries={len(paths)} size={size}KB to {target}"))


def decode_arcs(topology) -> list[list[tuple[float, float]]]:
    """The arcs as longitude/latitude points: undo the delta encoding, then the quantisation."""
    transform = topology.get("transform")
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            if transform:
                x, y = x + dx, y + dy
                (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((dx, dy))
        decoded.append(points)
    return decoded


def _ring_path(arcs, ring) -> str:
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share their joining point.
        points.extend(arc[1:] if points else arc)
    points = _unwrap(points)
    # A ring across the antimeridian is drawn at both edges; the viewBox clips the overflow.
    shifts = {0} | {-360 if lng > 180 else 360 for lng, _ in points if abs(lng) > 180}
    return "".join(_path_data([(lng + shift, lat) for lng, lat in points]) for shift in shifts)


def _unwrap(points):
    """Longitudes made continuous: no jump from 180° to -180° inside a ring."""
    unwrapped = []
    offset = 0
    for longitude, latitude in points:
        if unwrapped:
            step = longitude + offset - unwrapped[-1][0]
            if step > 180:
                offset -= 360
            elif step < -180:
                offset += 360
        unwrapped.append((longitude + offset, latitude))
    return unwrapped


def _path_data(points) -> str:
    projected = []
    for longitude, latitude in points:
        x, y = project(longitude, latitude)
        point = (round(x, 1), round(y, 1))
        if not projected or projected[-1] != point:
            projected.append(point)
    if len(projected) < 3:
        return ""
    first, *rest = (f"{_number(x)} {_number(y)}" for x, y in projected)
    return f"M{first}L{' '.join(rest)}Z"


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(paths) -> str:
    # Presentation attributes, not CSS: the file is shown as an image and styled by nothing else.
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MAP_WIDTH} {MAP_CROP}" '
        f'width="{MAP_WIDTH}" height="{MAP_CROP}">\n'
        "<title>World map: country outlines (Natural Earth, via world-atlas)</title>\n"
        '<g fill="#d5dde5" stroke="#ffffff" stroke-width="0.5" stroke-linejoin="round" '
        'fill-rule="evenodd">\n' + "\n".join(paths) + "\n</g>\n</svg>\n"
    )
