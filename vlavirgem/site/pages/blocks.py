"""Pages of the building blocks: the list with their adoption, and one page per block (adoption by
region with each region's PDCA step, and by province)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from vlavirgem.core.model import Block
from vlavirgem.queries.adoption import GroupRow, block_detail, blocks
from vlavirgem.site import nl, urls
from vlavirgem.site.context import Body, Fact, Gathering, Link, Page, fact
from vlavirgem.site.tables import Column, Table, ids, table

SECTION = "bouwstenen"
INDEX = "bouwstenen/index.html"
TALLY = (("in_use", "In gebruik"), ("planned", "Gepland"), ("aware", "Gekend"), ("stopped", "Gestopt"),
         ("no_record", "Geen gegevens"), ("governments", "Besturen"))


@dataclass(frozen=True)
class BlocksBody(Body):
    """bouwstenen/index.html: every building block with its adoption on the day."""

    blocks: Table
    notes: tuple[str, ...]


@dataclass(frozen=True)
class BlockBody(Body):
    """bouwstenen/<id>.html: one building block."""

    name: str
    description: str
    facts: tuple[Fact, ...]
    map: Link
    notes: tuple[str, ...]
    regions: Table
    provinces: Table


def tally_columns() -> list[Column]:
    return [Column(key, label, numeric=True) for key, label in TALLY]


def pages(g: Gathering) -> list[Page]:
    return [_index(g), *(_block(g, block) for block in sorted(g.dataset.blocks.values(), key=lambda b: b.id))]


def _index(g: Gathering) -> Page:
    from vlavirgem.queries.adoption import adoption_notes

    rows = [{"id": b.id, "name": b.name, "provider": b.provider, **asdict(b.tally),
             "regions_in_cycle": b.regions_in_cycle} for b in blocks(g.view)]
    listing = table(INDEX, "bouwstenen", f"Adoptie van de bouwstenen op {nl.long_date(g.on)}", [
        Column("name", "Bouwsteen", link=lambda r: g.block_href(r["id"])), Column("provider", "Aanbieder"),
        *tally_columns(), Column("regions_in_cycle", "Regio's met een PDCA-stap", numeric=True),
        *ids("id"),
    ], rows)
    notes = tuple(nl.dutch(n) for n in adoption_notes(g.view))
    return Page(INDEX, "blocks.html", "Bouwstenen", SECTION, BlocksBody(listing, notes),
                description=f"De bouwstenen en hun adoptie door de lokale besturen op {nl.long_date(g.on)}.")


def _group_rows(rows: tuple[GroupRow, ...]) -> list[dict[str, Any]]:
    return [{"id": r.group, "name": nl.group_name(r.group_name), "phase": r.phase, "step": r.step,
             "since": r.step_from.isoformat() if r.step_from else None, **asdict(r.tally)} for r in rows]


def _facts(g: Gathering, block: Block) -> tuple[Fact, ...]:
    raw = block.raw
    facts = [fact(label, raw[key]) for key, label in (("full_name", "Voluit"), ("provider", "Aanbieder"),
                                                      ("since", "Sinds")) if raw.get(key)]
    if raw.get("urls"):
        facts.append(Fact("Meer informatie", tuple(Link(url, url) for url in raw["urls"])))
    if block.standards:
        facts.append(Fact("Standaarden", tuple(Link(g.dataset.standards[s].name, g.standard_href(s))
                                               for s in block.standards)))
    sources = g.source_fact(raw)
    return tuple([*facts, sources] if sources else facts)


def _block(g: Gathering, block: Block) -> Page:
    path = urls.block_page(block.id)
    detail = block_detail(g.view, block)
    regions = table(path, "regios", f"Adoptie per regio op {nl.long_date(g.on)}, met de PDCA-stap van de regio", [
        Column("name", "Regio", link=lambda r: g.region_href(r["id"])),
        Column("phase", "Fase", text=lambda v: nl.PHASE.get(v, v or "")), Column("step", "Stap"),
        Column("since", "Stap sinds"), *tally_columns(),
        *ids("id"),
    ], _group_rows(detail.by_region))
    provinces = table(path, "provincies", f"Adoptie per provincie op {nl.long_date(g.on)}", [
        Column("name", "Provincie"), *tally_columns(),
        *ids("id"),
    ], _group_rows(detail.by_province))
    body = BlockBody(block.name, str(block.raw.get("description") or ""), _facts(g, block),
                     Link(f"Kaart: adoptie van {block.name}", urls.block_map_page(block.id)),
                     tuple(nl.dutch(n) for n in detail.notes), regions, provinces)
    return Page(path, "block.html", block.name, SECTION, body, breadcrumbs=(Link("Bouwstenen", INDEX),),
                edit=g.edit_links(block.where),
                description=f"{block.name}: adoptie per regio en per provincie.")
