"""The map pages: Flanders coloured by region, by the adoption of a building block, and by the
publication software in use; each with its legend and, as its text alternative, a table.

The maps show municipalities (gemeenten); the tables under them say the same in words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from vlavirgem.queries.adoption import adoption_notes
from vlavirgem.queries.affiliation import unaffiliated
from vlavirgem.queries.catalog import domain_of
from vlavirgem.queries.names import fold
from vlavirgem.queries.neighbours import neighbours
from vlavirgem.site import nl, urls
from vlavirgem.site.context import Body, Gathering, Link, Page
from vlavirgem.site.map import (
    FAMILIES,
    PALETTE_SIZE,
    Category,
    Label,
    MapView,
    draw,
    label_at,
    palette_class,
)
from vlavirgem.site.tables import Column, Table, ids, table

SECTION = "kaart"
INDEX = "kaart/index.html"
SOFTWARE = "kaart/software.html"
PUBLICATION_DOMAIN = "besluitvorming"
UNAFFILIATED = "In geen regio (gearceerd)"
BOUNDARY_SOURCE = "pinc-gebiedsniveaus"  # the source of data/geo/ (see data/geo/README.md)
MAX_PRODUCTS = 12  # colours for the most used products; the others share one


@dataclass(frozen=True)
class MapBody(Body):
    """kaart/*.html: one map, what it shows, the other maps, and the table that says it in words."""

    intro: str
    map: MapView | None
    choices: tuple[Link, ...]  # the other colourings
    blocks: tuple[Link, ...]  # the building blocks, each with its adoption map
    table: Table | None  # None: the data does not cover what the map would show (``empty`` says so)
    attribution: str
    empty: str = ""  # said instead of the map and its table


def region_classes(g: Gathering) -> dict[str, str]:
    """Region id -> its colour class, the same on every map.

    Colours come in families (a strong and a light tone of one hue); bordering regions get colours
    of different families where the palette allows.
    """
    if "region-classes" not in g.memo:
        borders = neighbours(g.data_dir, g.on, g.cache)
        touching: dict[str, set[str]] = {}
        for nis, others in borders.items():
            here = g.members.get(f"gemeente-{nis}")
            for other in others:
                there = g.members.get(f"gemeente-{other}")
                if here and there and here != there:
                    touching.setdefault(here, set()).add(there)
        chosen: dict[str, int] = {}
        for region in sorted(g.dataset.regions.values(), key=lambda r: (fold(r.name), r.id)):
            taken = {chosen[r] % FAMILIES for r in touching.get(region.id, ()) if r in chosen}
            free = [i for i in range(PALETTE_SIZE) if i not in chosen.values()] or list(range(PALETTE_SIZE))
            chosen[region.id] = next((i for i in free if i % FAMILIES not in taken), free[0])
        g.memo["region-classes"] = {region_id: palette_class(index) for region_id, index in chosen.items()}
    return dict(g.memo["region-classes"])


def municipalities(g: Gathering) -> dict[str, str]:
    """NIS code -> the id of the municipality (gemeente) on the day, for every outline on the map."""
    if g.geometry is None:
        return {}
    return {nis: f"gemeente-{nis}" for nis in g.geometry.outlines if f"gemeente-{nis}" in g.view.governments}


def region_categories(g: Gathering) -> tuple[dict[str, Category], list[Category]]:
    classes = region_classes(g)
    by_region = {rid: Category(g.region_name(rid) or rid, css) for rid, css in classes.items()}
    unaffiliated = Category(UNAFFILIATED, "none", hatched=True, detail="in geen regio")
    categories = {}
    for nis, government_id in municipalities(g).items():
        region = g.members.get(government_id)
        category = by_region.get(region or "", unaffiliated)
        ocmw = f"ocmw-{nis}"
        if ocmw in g.view.governments and g.members.get(ocmw) != region:
            other = g.region_name(g.members.get(ocmw)) or "geen regio"
            category = Category(category.label, category.css, category.hatched,
                                f"{category.detail or category.label}; OCMW: {other}")
        categories[nis] = category
    order = [by_region[rid] for rid in sorted(classes, key=lambda r: fold(g.region_name(r) or r))]
    return categories, [*order, unaffiliated]


def region_labels(g: Gathering, categories: dict[str, Category]) -> list[Label]:
    if g.geometry is None:
        return []
    labels = []
    for region in sorted(g.dataset.regions.values(), key=lambda r: r.id):
        outlines = [g.geometry.outlines[nis] for nis, gid in municipalities(g).items()
                    if g.members.get(gid) == region.id]
        found = label_at(region.name, outlines)
        if found:
            labels.append(found)
    return labels


def region_map(g: Gathering, map_id: str = "kaart-regios") -> MapView | None:
    """Flanders coloured by region; None without boundaries for the day, or when no government is a
    member of a region on the day (a map of nothing but hatching: ``no_members`` says it once)."""
    if g.geometry is None or not g.members:
        return None
    categories, order = region_categories(g)
    places = municipalities(g)
    return draw(map_id, f"Regio's op {nl.long_date(g.on)}", g.geometry, categories,
                lambda nis: g.government_href(places.get(nis)), order, region_labels(g, categories))


def no_members(g: Gathering) -> str:
    """The one line said instead of the map of the regions when nobody is a member on the day ("")."""
    if g.members:
        return ""
    notes = unaffiliated(g.dataset, g.on).notes
    return nl.dutch(notes[0]) if notes else f"Op {nl.long_date(g.on)} is geen enkel bestuur lid van een regio."


def no_map(g: Gathering) -> str:
    """Why a map of the regions is missing: nobody is a member, or there are no boundaries."""
    return no_members(g) or "Voor deze datum zijn geen gemeentegrenzen beschikbaar."


def _adoption_categories(g: Gathering, block_id: str) -> tuple[dict[str, Category], list[Category]]:
    statuses = ("in-use", "planned", "aware", "stopped", None)
    kinds = {s: Category(nl.ADOPTION_STATUS[s].capitalize(), f"st-{s or 'none'}") for s in statuses}
    records = g.adoptions.get(block_id, {})
    categories = {}
    for nis, government_id in municipalities(g).items():
        record = records.get(government_id)
        category = kinds[record.status if record else None]
        if record and record.interval.start:
            category = Category(category.label, category.css, False,
                                f"{nl.status_word(record.status)} sinds {nl.long_date(record.interval.start)}")
        categories[nis] = category
    return categories, [kinds[s] for s in statuses]


def _software_categories(g: Gathering) -> tuple[dict[str, Category], list[Category], dict[str, list[str]]]:
    used: dict[str, list[str]] = {}
    for nis, government_id in municipalities(g).items():
        products = sorted({u.product for u in g.software.get(government_id, [])
                           if _publication(g, government_id, u.product)})
        used[nis] = products
    counts: dict[str, int] = {}
    for products in used.values():
        for product in products:
            counts[product] = counts.get(product, 0) + 1
    ranked = sorted(counts, key=lambda p: (-counts[p], fold(g.dataset.products[p].name)))
    kinds = {p: Category(g.dataset.products[p].name, palette_class(i)) for i, p in enumerate(ranked[:MAX_PRODUCTS])}
    other = Category("Ander product", "c-other")
    several = Category("Meerdere producten", "c-several")
    unknown = Category("Niet gekend", "none", hatched=True, detail="geen publicatiesoftware gekend")
    categories = {}
    for nis, products in used.items():
        if not products:
            categories[nis] = unknown
        elif len(products) > 1:
            names = ", ".join(g.dataset.products[p].name for p in products)
            categories[nis] = Category(several.label, several.css, False, f"meerdere producten: {names}")
        else:
            categories[nis] = kinds.get(products[0], other)
    return categories, [*kinds.values(), other, several, unknown], used


def _publication(g: Gathering, government_id: str, product_id: str) -> bool:
    portfolio = g.dataset.portfolios.get(government_id)
    uses = [u for u in (portfolio.software if portfolio else ()) if u.product == product_id]
    product = g.dataset.products[product_id]
    return any(domain_of(use, product) == PUBLICATION_DOMAIN for use in uses)


def _choices(g: Gathering, path: str) -> tuple[tuple[Link, ...], tuple[Link, ...]]:
    maps = (Link("Regio's", INDEX, path == INDEX), Link("Publicatiesoftware", SOFTWARE, path == SOFTWARE))
    blocks = tuple(Link(b.name, urls.block_map_page(b.id), urls.block_map_page(b.id) == path)
                   for b in sorted(g.dataset.blocks.values(), key=lambda b: (fold(b.name), b.id)))
    return maps, blocks


def attribution(g: Gathering) -> str:
    """The credit line of the boundaries' source, if the dataset has it."""
    return str(g.sources.get(BOUNDARY_SOURCE, {}).get("attribution") or "")


def _page(g: Gathering, path: str, title: str, intro: str, view: MapView | None, rows: list[dict[str, Any]],
          columns: list[Column], caption: str, empty: str = "") -> Page:
    maps, blocks = _choices(g, path)
    body = MapBody(intro, None if empty else view, maps, blocks,
                   None if empty else table(path, "gemeenten", caption, [*columns, *ids("id")], rows),
                   attribution(g), empty or ("" if view else no_map(g)))
    crumbs = (Link("Kaart", INDEX),) if path != INDEX else ()
    return Page(path, "map.html", title, SECTION, body, breadcrumbs=crumbs, description=intro)


def _rows(g: Gathering, extra: Callable[[str, str], dict[str, Any]]) -> list[dict[str, Any]]:
    rows = [{"id": gid, "name": g.government_name(gid), "nis": nis, **extra(nis, gid)}
            for nis, gid in municipalities(g).items()]
    return sorted(rows, key=lambda r: (fold(r["name"]), r["id"]))


def pages(g: Gathering) -> list[Page]:
    gov = Column("name", "Gemeente", link=lambda r: g.government_href(r["id"]))
    region = Column("region", "Regio", link=lambda r: g.region_href(r["region"]),
                    text=lambda v: g.region_name(v) or "geen regio", essential=True)
    ocmw = Column("ocmw_region", "Regio van het OCMW", link=lambda r: g.region_href(r["ocmw_region"]),
                  text=lambda v: g.region_name(v) or "geen regio")
    result = [_page(
        g, INDEX, "Kaart van de regio's",
        f"Elke gemeente in de kleur van de regio waar ze op {nl.long_date(g.on)} lid van is; gemeenten in "
        "geen regio zijn gearceerd. Klik op een gemeente voor haar pagina.",
        region_map(g), _rows(g, lambda nis, gid: {"region": g.members.get(gid),
                                                  "ocmw_region": g.members.get(f"ocmw-{nis}")}),
        [gov, Column("nis", "NIS"), region, ocmw], "De kaart in woorden: elke gemeente en haar regio")]
    categories, order, used = _software_categories(g)
    places = municipalities(g)
    software = draw("kaart-software", "Publicatiesoftware", g.geometry, categories,
                    lambda nis: g.government_href(places.get(nis)), order) if g.geometry else None
    result.append(_page(
        g, SOFTWARE, "Kaart van de publicatiesoftware",
        f"De software waarmee elke gemeente op {nl.long_date(g.on)} haar besluiten publiceert (domein "
        f"{PUBLICATION_DOMAIN}), volgens de gekende bronnen.",
        software, _rows(g, lambda nis, gid: {"products": [g.dataset.products[p].name for p in used[nis]]}),
        [gov, Column("nis", "NIS"), Column("products", "Publicatiesoftware", text=lambda v: ", ".join(v) or
                                           "niet gekend", essential=True)],
        "De kaart in woorden: de publicatiesoftware van elke gemeente"))
    for block in sorted(g.dataset.blocks.values(), key=lambda b: b.id):
        categories, order = _adoption_categories(g, block.id)
        view = draw(f"kaart-{block.id}", f"Adoptie van {block.name}", g.geometry, categories,
                    lambda nis: g.government_href(places.get(nis)), order) if g.geometry else None
        records = g.adoptions.get(block.id, {})
        notes = adoption_notes(g.view, block.id)
        result.append(_page(
            g, urls.block_map_page(block.id), f"Kaart: adoptie van {block.name}",
            f"Hoe ver elke gemeente op {nl.long_date(g.on)} staat met de bouwsteen {block.name}.",
            view, _rows(g, partial(_adoption_row, records)),
            [gov, Column("nis", "NIS"), Column("status", "Status", text=nl.status_word, essential=True),
             Column("since", "Sinds")],
            f"De kaart in woorden: adoptie van {block.name} per gemeente",
            "" if any(gid in records for gid in places.values()) else
            (nl.dutch(notes[0]) if notes else "Van geen enkele gemeente is op deze datum een adoptie vastgelegd.")))
    return result


def _adoption_row(records: dict[str, Any], nis: str, government_id: str) -> dict[str, Any]:
    record = records.get(government_id)
    return {"status": record.status if record else None, "since": _since(record)}


def _since(record: Any) -> str | None:
    return record.interval.start.isoformat() if record is not None and record.interval.start else None
