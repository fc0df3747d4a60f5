"""The maps of the report site: Flanders' municipalities as inline SVG, coloured by a category.

A ``MapView`` is everything a template needs to draw a map: the viewBox, one ``Area`` per
municipality (its path, its colour class, whether it is hatched, its title and the page it links
to), faint context areas around a cropped map, labels, and the legend.  Colours live in the site's
CSS (classes ``c0``..``c15`` for categories, ``st-*`` for statuses); a hatch pattern marks the
municipalities that the legend calls out as the exception (not by colour alone).

The maps are made for municipalities (gemeenten): the boundary files know no other kind.  Each
builder also returns the rows of the table that is the map's text alternative.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from vlavirgem.site.geometry import Box, Geometry, Outline

PALETTE_SIZE = 16  # classes c0..c15 in site.css: c0..c7 strong tones of 8 hues, c8..c15 light tones of the same
FAMILIES = 8
CONTEXT_MARGIN = 0.08  # of the cropped map's size, on each side


@dataclass(frozen=True)
class Area:
    nis: str
    d: str
    css: str
    hatched: bool
    title: str
    href: str | None
    name: str = ""
    detail: str = ""  # what the title says after the name, where the legend's label does not say it


@dataclass(frozen=True)
class Label:
    text: str
    x: float
    y: float
    room: float = float("inf")  # the width there is for it, in map units

    def fits(self, size: float) -> bool:
        """Whether the text, at ``size`` map units, fits its room (a rough width of the letters)."""
        return len(self.text) * size * 0.55 <= self.room


@dataclass(frozen=True)
class LegendItem:
    label: str
    css: str
    hatched: bool
    count: int
    areas: tuple[Area, ...] = ()  # its municipalities, by name: the list that does the map's job on a phone


@dataclass(frozen=True)
class MapView:
    """One map; ``id`` is unique on its page (it prefixes the ids inside the SVG)."""

    id: str
    title: str
    view_box: str
    areas: tuple[Area, ...]
    legend: tuple[LegendItem, ...]
    context: tuple[Area, ...] = ()
    labels: tuple[Label, ...] = ()

    @property
    def hatch_id(self) -> str:
        return f"{self.id}-hatch"

    @property
    def cropped(self) -> bool:
        return bool(self.context)

    @property
    def extent(self) -> float:
        """The map's size in its units, as if it were as wide as Flanders (1000 x 386: shown wide, a
        map is limited by its width; shown tall, by its height)."""
        _, _, width, height = (float(v) for v in self.view_box.split())
        return max(width, height * 2.6)

    @property
    def label_size(self) -> float:
        """The labels' font size in map units: about 11 pixels on a map 1000 pixels wide."""
        return round(self.extent / 100, 2)

    @property
    def hatch(self) -> float:
        """The hatch pattern's size in map units: about 4 pixels on the map as it is shown."""
        return round(self.extent / 220, 2)


@dataclass(frozen=True)
class Category:
    """What a municipality is on a map: its legend entry (label, class, hatched) and its title text."""

    label: str
    css: str
    hatched: bool = False
    detail: str = ""


def palette_class(index: int) -> str:
    return f"c{index % PALETTE_SIZE}"


def draw(map_id: str, title: str, geometry: Geometry, categories: dict[str, Category],
         href: Callable[[str], str | None], order: Iterable[Category] = (), labels: Iterable[Label] = (),
         crop: Iterable[str] | None = None) -> MapView:
    """A map of the outlines in ``categories`` (NIS code -> category), the legend in ``order`` (then
    any other category met), and, with ``crop``, only the municipalities of ``crop`` in colour with
    their surroundings faint."""
    shown = sorted(categories) if crop is None else sorted(set(crop) & set(categories))
    areas = []
    for nis in shown:
        outline, category = geometry.outlines[nis], categories[nis]
        says = f"{outline.name}: {category.detail or category.label}"
        detail = category.detail if category.detail != category.label else ""
        areas.append(Area(nis, outline.d, category.css, category.hatched, says, href(nis), outline.name, detail))
    box = _box([geometry.outlines[n].box for n in shown]) if crop is not None and shown else \
        (0.0, 0.0, geometry.width, geometry.height)
    if crop is not None:
        box = _grow(box, CONTEXT_MARGIN)
    context = tuple(
        Area(o.nis, o.d, "context", False, o.name, None) for o in geometry.outlines.values()
        if crop is not None and o.nis not in shown and _meets(o.box, box)
    )
    legend = _legend([(categories[a.nis], a) for a in areas], order)
    view_box = " ".join(_short(v) for v in (box[0], box[1], box[2] - box[0], box[3] - box[1]))
    view = MapView(map_id, title, view_box, tuple(areas), legend, context)
    return replace(view, labels=tuple(label for label in labels if label.fits(view.label_size)))


def label_at(text: str, outlines: Iterable[Outline], fitted: bool = False) -> Label | None:
    """A label at the area-weighted centre of some outlines (a region's members); ``fitted`` keeps it
    within the width of the (single) outline."""
    chosen = [o for o in outlines if o.area]
    total = sum(o.area for o in chosen)
    if not total:
        return None
    x = sum(o.centre[0] * o.area for o in chosen) / total
    y = sum(o.centre[1] * o.area for o in chosen) / total
    room = min(o.box[2] - o.box[0] for o in chosen) * 0.8 if fitted else float("inf")
    return Label(text, round(x, 1), round(y, 1), room)


def _legend(met: list[tuple[Category, Area]], order: Iterable[Category]) -> tuple[LegendItem, ...]:
    """One item per category met (in ``order``, then as met), with its municipalities by name."""
    grouped: dict[tuple[str, str, bool], list[Area]] = {}
    for category, area in met:
        grouped.setdefault((category.label, category.css, category.hatched), []).append(area)
    items = []
    for category in [*order, *(category for category, _ in met)]:
        key = (category.label, category.css, category.hatched)
        if key in grouped:
            areas = sorted(grouped.pop(key), key=lambda a: (a.name.casefold(), a.nis))
            items.append(LegendItem(category.label, category.css, category.hatched, len(areas), tuple(areas)))
    return tuple(items)


def _box(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _grow(box: Box, margin: float) -> Box:
    dx, dy = (box[2] - box[0]) * margin, (box[3] - box[1]) * margin
    pad = max(dx, dy, 2.0)
    return (round(box[0] - pad, 1), round(box[1] - pad, 1), round(box[2] + pad, 1), round(box[3] + pad, 1))


def _meets(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _short(value: Any) -> str:
    return f"{value:.1f}".removesuffix(".0")
