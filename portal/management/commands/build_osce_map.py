"""Build static/portal/osce-map.json from the world-atlas package (Natural Earth, public domain).

Reproducible: `npm pack world-atlas@2.0.2` into a folder, then
`python manage.py build_osce_map /path/to/world-atlas-2.0.2.tgz`. Writes one SVG path per
participating State, keyed by ISO 3166-1 alpha-2, in an equirectangular projection.
"""

import json
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

# ISO 3166-1 numeric -> alpha-2 for the 57 participating States.
NUMERIC = {
    "008": "AL",
    "020": "AD",
    "051": "AM",
    "040": "AT",
    "031": "AZ",
    "112": "BY",
    "056": "BE",
    "070": "BA",
    "100": "BG",
    "124": "CA",
    "191": "HR",
    "196": "CY",
    "203": "CZ",
    "208": "DK",
    "233": "EE",
    "246": "FI",
    "250": "FR",
    "268": "GE",
    "276": "DE",
    "300": "GR",
    "336": "VA",
    "348": "HU",
    "352": "IS",
    "372": "IE",
    "380": "IT",
    "398": "KZ",
    "417": "KG",
    "428": "LV",
    "438": "LI",
    "440": "LT",
    "442": "LU",
    "470": "MT",
    "498": "MD",
    "492": "MC",
    "496": "MN",
    "499": "ME",
    "528": "NL",
    "807": "MK",
    "578": "NO",
    "616": "PL",
    "620": "PT",
    "642": "RO",
    "643": "RU",
    "674": "SM",
    "688": "RS",
    "703": "SK",
    "705": "SI",
    "724": "ES",
    "752": "SE",
    "756": "CH",
    "762": "TJ",
    "792": "TR",
    "795": "TM",
    "804": "UA",
    "826": "GB",
    "840": "US",
    "860": "UZ",
}
WIDTH, LON0, LON1, LAT0, LAT1 = 1000.0, -170.0, 192.0, 24.0, 82.0
# Shapes that cross the antimeridian are kept whole: Russia east of 180°, the Aleutians west of -180°.
WRAP = {"RU": lambda lon: lon + 360 if lon < 0 else lon, "US": lambda lon: lon - 360 if lon > 0 else lon}
OUT = Path(settings.BASE_DIR) / "static" / "portal" / "osce-map.json"


def _project(lon: float, lat: float) -> tuple[float, float]:
    scale = WIDTH / (LON1 - LON0)
    return round((lon - LON0) * scale, 1), round((LAT1 - lat) * scale, 1)


def _arcs(topology):
    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _ring(indexes, arcs):
    points = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return points


def _simplify(points, tolerance: float):
    """Drop points closer than `tolerance` (Manhattan distance) to the last kept one."""
    kept = []
    for p in points:
        if not kept or abs(p[0] - kept[-1][0]) + abs(p[1] - kept[-1][1]) >= tolerance:
            kept.append(p)
    return kept


def _path(geometry, arcs, wrap=lambda lon: lon) -> str:
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    parts = []
    for polygon in polygons:
        for ring in polygon:
            full = [_project(wrap(lon), max(min(lat, LAT1), LAT0 - 10)) for lon, lat in _ring(ring, arcs)]
            projected = _simplify(full, 1.0)
            if len(projected) < 4:
                projected = _simplify(full, 0.1)
            if len(projected) > 2:
                parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in projected) + "Z")
    return "".join(parts)


class Command(BaseCommand):
    help = "Convert world-atlas countries-50m.json into the OSCE map shapes (static/portal/osce-map.json)."

    def add_arguments(self, parser):
        parser.add_argument("tarball", help="world-atlas-2.0.2.tgz from `npm pack world-atlas@2.0.2`")

    def handle(self, *args, tarball, **options):
        with tarfile.open(tarball) as tar:
            topology = json.load(tar.extractfile("package/countries-50m.json"))
        arcs = _arcs(topology)
        shapes = {}
        for geometry in topology["objects"]["countries"]["geometries"]:
            iso2 = NUMERIC.get(str(geometry.get("id", "")))
            if iso2 and geometry.get("arcs"):
                shapes[iso2] = _path(geometry, arcs, WRAP.get(iso2, lambda lon: lon))
        height = round((LAT1 - LAT0 + 10) * WIDTH / (LON1 - LON0))
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps({"width": int(WIDTH), "height": height, "shapes": shapes}, sort_keys=True))
        self.stdout.write(f"{len(shapes)} shapes written to {OUT}")
