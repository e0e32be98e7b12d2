"""The country map: one SVG shape per participating State (static/portal/osce-map.json, built by
`manage.py build_osce_map`), filled by how many known efforts the inventory lists there."""

import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings


@lru_cache(maxsize=1)
def map_shapes() -> dict:
    path = Path(settings.BASE_DIR) / "static" / "portal" / "osce-map.json"
    return json.loads(path.read_text())


def fill_class(count: int) -> str:
    """CSS class for a map fill: none, low (1-2), medium (3-5), high (6+)."""
    if count <= 0:
        return "map-none"
    if count <= 2:
        return "map-low"
    if count <= 5:
        return "map-medium"
    return "map-high"
