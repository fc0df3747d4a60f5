"""Which municipalities border on which, from the boundaries of the right vintage in data/geo/.

Two municipalities are neighbours when their boundaries share a vertex: the boundary files are
simplified together from one source, so a common border is made of the same points in both.
Computing this takes a second; the result is cached by the file's hash (see ``cache``).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any, TypeGuard

from vlavirgem.core.cache import read_json, write_json
from vlavirgem.core.reading import read_data_file

# first day of each boundary vintage, newest first
VINTAGES = ((date(2025, 1, 1), "2025"), (date(2019, 1, 1), "2019"), (date(1900, 1, 1), "2015"))


def vintage_of(on: date) -> str:
    """The boundary vintage in force on a date: 2015, 2019 or 2025."""
    return next(name for start, name in VINTAGES if on >= start)


def boundary_file(data: Path, vintage: str) -> Path:
    return data / "geo" / f"municipalities-{vintage}.geojson"


def neighbours(data: Path, on: date, cache: Path | None = None) -> dict[str, set[str]]:
    """NIS code -> NIS codes of the bordering municipalities, for the vintage in force on ``on``.

    Empty when the dataset has no boundaries for that vintage.  ``cache``: the folder that keeps the
    answer for the next run (None: compute it each time).
    """
    path = boundary_file(data, vintage_of(on))
    raw = read_data_file(path, data)  # (a regular file of the data folder, read with a bound)
    if not isinstance(raw, bytes):
        return {}
    key = hashlib.sha256(raw).hexdigest()
    cached = read_json(cache, "neighbours", key)
    if not _is_adjacency(cached):  # none yet, or not of the shape written: computed afresh
        cached = {code: sorted(found) for code, found in _adjacency(json.loads(raw)).items()}
        write_json(cache, "neighbours", key, cached)
    return {code: set(found) for code, found in cached.items()}


def _is_adjacency(value: Any) -> TypeGuard[dict[str, list[str]]]:
    return isinstance(value, dict) and all(
        isinstance(code, str) and isinstance(found, list) and all(isinstance(other, str) for other in found)
        for code, found in value.items())


def _adjacency(collection: dict[str, Any]) -> dict[str, set[str]]:
    owners: dict[tuple[float, float], set[str]] = defaultdict(set)
    for feature in collection.get("features", []):
        code = str(feature["properties"]["nis_code"])
        for point in _points(feature["geometry"]):
            owners[point].add(code)
    result: dict[str, set[str]] = defaultdict(set)
    for codes in owners.values():
        if len(codes) > 1:
            for code in codes:
                result[code] |= codes - {code}
    return dict(result)


def _points(geometry: dict[str, Any]) -> list[tuple[float, float]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [(x, y) for polygon in polygons for ring in polygon for x, y in ring]
