"""Municipal boundaries as small SVG paths: projected to pixel space, simplified, rounded.

The boundaries (``data/geo/municipalities-<vintage>.geojson``, WGS84) are projected with an
equirectangular projection at Flanders' mean latitude to a map ``width`` pixels wide, simplified
with Douglas-Peucker at ``tolerance`` pixels, rounded to one decimal, with repeated points dropped,
and written as relative path commands.

Simplification keeps the map free of gaps: the files draw a common border with the same points in
both municipalities, so each border (an *arc* between two junctions, points where three or more
boundaries meet) is simplified once and both neighbours get the same result.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from vlavirgem.core.cache import read_json, write_json
from vlavirgem.core.reading import read_data_file
from vlavirgem.queries.neighbours import boundary_file, vintage_of

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # min x, min y, max x, max y


@dataclass(frozen=True)
class Outline:
    """One municipality: its NIS code and name, its SVG path data, bounding box, area and centre."""

    nis: str
    name: str
    d: str
    box: Box
    area: float
    centre: Point


@dataclass(frozen=True)
class Geometry:
    """The municipalities of one vintage in pixel space (0..width, 0..height)."""

    vintage: str
    width: float
    height: float
    outlines: dict[str, Outline]


def load_geometry(data_dir: Path, on: date, width: float = 1000, tolerance: float = 0.35,
                  cache: Path | None = None) -> Geometry | None:
    """The outlines of the vintage in force on ``on``; None when the dataset has no boundaries for it.
    ``cache``: the folder that keeps the projected outlines for the next run, keyed by the
    boundary file's hash and the options (None: project them each time)."""
    vintage = vintage_of(on)
    path = boundary_file(data_dir, vintage)
    raw = read_data_file(path, data_dir)  # (a regular file of the data folder, read with a bound)
    if not isinstance(raw, bytes):
        return None
    key = hashlib.sha256(raw + f"|{width}|{tolerance}|{vintage}".encode()).hexdigest()
    kept = _from_cache(vintage, read_json(cache, "outlines", key))
    if kept is not None:
        return kept
    try:
        collection = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(collection, dict):
        return None
    features = collection.get("features", [])
    if not features:
        return None
    geometry = project(vintage, features, width, tolerance)
    write_json(cache, "outlines", key, {"width": geometry.width, "height": geometry.height,
                                        "outlines": [[o.nis, o.name, o.d, list(o.box), o.area, list(o.centre)]
                                                     for o in geometry.outlines.values()]})
    return geometry


def _from_cache(vintage: str, value: Any) -> Geometry | None:
    """The outlines a cache entry holds, or None when it does not have the shape ``load_geometry``
    writes (the cache is read as data and never trusted)."""
    try:
        width, height, rows = float(value["width"]), float(value["height"]), value["outlines"]
        outlines = {}
        for nis, name, d, box, area, centre in rows:
            if not (isinstance(nis, str) and isinstance(name, str) and isinstance(d, str)):
                return None
            x0, y0, x1, y1 = (float(v) for v in box)
            cx, cy = (float(v) for v in centre)
            outlines[nis] = Outline(nis, name, d, (x0, y0, x1, y1), float(area), (cx, cy))
    except (TypeError, KeyError, ValueError):
        return None
    return Geometry(vintage, width, height, outlines)


def project(vintage: str, features: list[dict[str, Any]], width: float, tolerance: float) -> Geometry:
    lons = [x for f in features for ring in _rings(f) for x, _ in ring]
    lats = [y for f in features for ring in _rings(f) for _, y in ring]
    west, north = min(lons), max(lats)
    squeeze = math.cos(math.radians((min(lats) + north) / 2))
    scale = width / ((max(lons) - west) * squeeze)

    def to_pixels(ring: list[list[float]]) -> list[Point]:
        points = [((x - west) * squeeze * scale, (north - y) * scale) for x, y in ring]
        return points[:-1] if len(points) > 1 and points[0] == points[-1] else points

    shapes = {str(f["properties"]["nis_code"]): [[to_pixels(r) for r in polygon] for polygon in _polygons(f)]
              for f in features}
    simplify = _Simplifier([ring for polygons in shapes.values() for polygon in polygons for ring in polygon],
                           tolerance)
    outlines = {}
    for feature in features:
        nis = str(feature["properties"]["nis_code"])
        rings = [_rounded(simplify.ring(ring)) for polygon in shapes[nis] for ring in polygon]
        rings = [ring for ring in rings if len(ring) >= 3]
        outlines[nis] = _outline(nis, str(feature["properties"].get("name", nis)), rings)
    height = (north - min(lats)) * scale
    return Geometry(vintage, round(width, 1), round(height, 1), dict(sorted(outlines.items())))


def _polygons(feature: dict[str, Any]) -> list[list[list[list[float]]]]:
    geometry = feature["geometry"]
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


def _rings(feature: dict[str, Any]) -> list[list[list[float]]]:
    return [ring for polygon in _polygons(feature) for ring in polygon]


class _Simplifier:
    """Douglas-Peucker on the arcs between junctions, each arc simplified once for all its rings."""

    def __init__(self, rings: list[list[Point]], tolerance: float) -> None:
        self.tolerance = tolerance
        self.cache: dict[tuple[Point, ...], list[Point]] = {}
        around: dict[Point, set[Point]] = defaultdict(set)
        seen: dict[Point, int] = defaultdict(int)
        for ring in rings:
            for index, point in enumerate(ring):
                around[point] |= {ring[index - 1], ring[(index + 1) % len(ring)]}
                seen[point] += 1
        # a point is a junction where the boundary branches, or where a ring touches itself or another
        self.junctions = {p for p, near in around.items() if len(near) > 2 or (seen[p] > 1 and len(near) != 2)}

    def ring(self, ring: list[Point]) -> list[Point]:
        if len(ring) < 4:
            return ring
        cuts = [i for i, p in enumerate(ring) if p in self.junctions]
        if not cuts:  # a closed boundary of its own: start at its smallest point, go the canonical way
            start = ring.index(min(ring))
            loop = ring[start:] + ring[:start]
            return self.arc([*loop, loop[0]])[:-1]
        start = cuts[0]
        turned = ring[start:] + ring[:start]
        ends = [i - start for i in cuts] + [len(ring)]
        closed = [*turned, turned[0]]
        result: list[Point] = []
        for first, last in itertools.pairwise(ends):
            result.extend(self.arc(closed[first:last + 1])[:-1])
        return result

    def arc(self, points: list[Point]) -> list[Point]:
        forward = tuple(points)
        backward = forward[::-1]
        key = min(forward, backward)
        if key not in self.cache:
            self.cache[key] = _douglas_peucker(list(key), self.tolerance)
        simplified = self.cache[key]
        return simplified if key == forward else simplified[::-1]


def _douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    if points[0] == points[-1]:  # a closed arc: anchor on the point farthest from its start too
        far = max(range(len(points)), key=lambda i: _distance(points[i], points[0]))
        keep[far] = True
        stack = [(0, far), (far, len(points) - 1)]
    else:
        stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            gap = _offset(points[i], points[first], points[last])
            if gap > worst:
                worst, index = gap, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _distance(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def _offset(p: Point, a: Point, b: Point) -> float:
    """Distance from p to the segment a-b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    if length == 0:
        return _distance(p, a)
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    return _distance(p, (a[0] + t * dx, a[1] + t * dy))


def _rounded(ring: list[Point]) -> list[tuple[int, int]]:
    """The ring in tenths of a pixel, without repeated points."""
    result: list[tuple[int, int]] = []
    for x, y in ring:
        point = (round(x * 10), round(y * 10))
        if not result or result[-1] != point:
            result.append(point)
    while len(result) > 1 and result[-1] == result[0]:
        result.pop()
    return result


def _number(tenths: int) -> str:
    text = f"{tenths / 10:.1f}".removesuffix(".0")
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def _pair(x: int, y: int) -> str:
    first, second = _number(x), _number(y)
    return first + ("" if second.startswith("-") else " ") + second


def _path(rings: list[list[tuple[int, int]]]) -> str:
    parts = []
    for ring in rings:
        steps = [_pair(b[0] - a[0], b[1] - a[1]) for a, b in itertools.pairwise(ring)]
        relative = "".join(s if s.startswith("-") else " " + s for s in steps).lstrip()
        parts.append(f"M{_pair(*ring[0])}l{relative}z")
    return "".join(parts)


def _outline(nis: str, name: str, rings: list[list[tuple[int, int]]]) -> Outline:
    xs = [x / 10 for ring in rings for x, _ in ring]
    ys = [y / 10 for ring in rings for _, y in ring]
    box = (min(xs), min(ys), max(xs), max(ys)) if xs else (0.0, 0.0, 0.0, 0.0)
    area, cx, cy = 0.0, 0.0, 0.0
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            cross = (x0 * y1 - x1 * y0) / 100
            area += cross / 2
            cx += (x0 + x1) / 10 * cross
            cy += (y0 + y1) / 10 * cross
    centre = (round(cx / (6 * area), 1), round(cy / (6 * area), 1)) if area else (box[0], box[1])
    return Outline(nis, name, _path(rings), box, round(abs(area), 1), centre)
