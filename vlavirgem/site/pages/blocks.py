"""Pages of the building blocks: the list with their adoption, and one page per block (adoption by
region with each region's PDCA step, and by province)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from vlavirgem.core.model import Block
from vlavirgem.core.wording import counted
from vlavirgem.queries.adoption import GroupRow, block_detail, blocks, implementing_products
from vlavirgem.queries.catalog import government_count, who_uses
from vlavirgem.queries.reported import reported_figures
from vlavirgem.site import nl, urls
from vlavirgem.site.context import Body, Fact, Gathering, Link, Page, fact
from vlavirgem.site.pages.catalog import users_table
from vlavirgem.site.pages.timeline import reported_figures_table
from vlavirgem.site.tables import Column, Table, ids, table

SECTION = "bouwstenen"
INDEX = "bouwstenen/index.html"
TALLY = (("in_use", "In gebruik"), ("planned", "Gepland"), ("aware", "Gekend"), ("stopped", "Gestopt"),
         ("no_record", "Geen gegevens"), ("governments", "Besturen"))


@dataclass(frozen=True)
class BlocksBody(Body):
    """bouwstenen/index.html: the building blocks the data covers on the day (an adoption record of
    some government, or users of a catalogue product that implements the block), with their
    adoption; the others named once, in one line; the figures others reported."""

    blocks: Table
    notes: tuple[str, ...]
    uncovered_text: str  # "" when every block is covered
    uncovered: tuple[Link, ...]
    reported: Table | None


@dataclass(frozen=True)
class BlockBody(Body):
    """bouwstenen/<id>.html: one building block.  Without adoption records on the day the notes say
    so once, and there are no tables of counts and no map (``regions``, ``provinces`` and ``map`` are
    None); the users of the catalogue products that implement the block are listed either way."""

    name: str
    description: str
    facts: tuple[Fact, ...]
    map: Link | None
    notes: tuple[str, ...]
    regions: Table | None
    provinces: Table | None
    products: tuple[Link, ...]  # the catalogue products that implement the block
    users: Table | None  # their users on the day
    reported: Table | None  # what others reported about the block


def tally_columns() -> list[Column]:
    return [Column(key, label, numeric=True) for key, label in TALLY]


def product_users(g: Gathering, block_id: str) -> int:
    """How many governments use a catalogue product that implements the block, on the day."""
    return government_count(g.view, {p.id for p in implementing_products(g.view, block_id)})


def reported_table(g: Gathering, path: str, block_id: str | None = None) -> Table | None:
    """The building-block figures others reported (of one block, or of all), or None if there are none."""
    figures = reported_figures(g.dataset, "building-block", block_id)
    return reported_figures_table(g, path, figures, "gemeld", "Gemeld door anderen (niet berekend door vlavirgem)") \
        if figures else None


def pages(g: Gathering) -> list[Page]:
    return [_index(g), *(_block(g, block) for block in sorted(g.dataset.blocks.values(), key=lambda b: b.id))]


def _index(g: Gathering) -> Page:
    from vlavirgem.queries.adoption import adoption_notes

    every = blocks(g.view)
    users = {b.id: product_users(g, b.id) for b in every}
    covered = [b for b in every if b.tally.recorded or users[b.id]]
    rows = [{"id": b.id, "name": b.name, "provider": b.provider, **asdict(b.tally),
             "product_users": users[b.id], "regions_in_cycle": b.regions_in_cycle} for b in covered]
    any_product = any(implementing_products(g.view, b.id) for b in every)
    any_cycle = any(b.regions_in_cycle for b in every)
    listing = table(INDEX, "bouwstenen", f"Adoptie van de bouwstenen op {nl.long_date(g.on)}", [
        Column("name", "Bouwsteen", link=lambda r: g.block_href(r["id"])), Column("provider", "Aanbieder"),
        *tally_columns(),
        *((Column("product_users", "Gebruikers van het product", numeric=True),) if any_product else ()),
        *((Column("regions_in_cycle", "Regio's met een PDCA-stap", numeric=True),) if any_cycle else ()),
        *ids("id"),
    ], rows, empty="Voor geen enkele bouwsteen is op deze datum iets per bestuur vastgelegd.")
    notes = tuple(nl.dutch(n) for n in adoption_notes(g.view))
    uncovered = [b for b in every if b not in covered]
    text = (f"Voor {counted(len(uncovered), 'bouwsteen', 'bouwstenen')} is op {nl.long_date(g.on)} geen adoptie "
            "per bestuur vastgelegd:" if uncovered and covered else "")
    body = BlocksBody(listing, notes, text, tuple(Link(b.name, urls.block_page(b.id)) for b in uncovered),
                      reported_table(g, INDEX))
    return Page(INDEX, "blocks.html", "Bouwstenen", SECTION, body,
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
    regions = provinces = None
    if detail.tally.recorded:
        in_cycle = any(r.step for r in detail.by_region)
        regions = table(path, "regios", f"Adoptie per regio op {nl.long_date(g.on)}"
                        + (", met de PDCA-stap van de regio" if in_cycle else ""), [
            Column("name", "Regio", link=lambda r: g.region_href(r["id"])),
            *((Column("phase", "Fase", text=lambda v: nl.PHASE.get(v, v or "")), Column("step", "Stap"),
               Column("since", "Stap sinds")) if in_cycle else ()), *tally_columns(),
            *ids("id"),
        ], _group_rows(detail.by_region))
        provinces = table(path, "provincies", f"Adoptie per provincie op {nl.long_date(g.on)}", [
            Column("name", "Provincie"), *tally_columns(),
            *ids("id"),
        ], _group_rows(detail.by_province))
    implementing = implementing_products(g.view, block.id)
    users = None
    if implementing:
        names = " of ".join(p.name for p in implementing)
        users = users_table(g, path, [u for p in implementing for u in who_uses(g.view, p)],
                            f"het product {names}", "productgebruikers")
    body = BlockBody(block.name, str(block.raw.get("description") or ""), _facts(g, block),
                     Link(f"Kaart: adoptie van {block.name}", urls.block_map_page(block.id))
                     if detail.tally.recorded else None,
                     tuple(nl.dutch(n) for n in detail.notes), regions, provinces,
                     tuple(Link(p.name, urls.product_page(p.id)) for p in implementing), users,
                     reported_table(g, path, block.id))
    return Page(path, "block.html", block.name, SECTION, body, breadcrumbs=(Link("Bouwstenen", INDEX),),
                edit=g.edit_links(block.where),
                description=f"{block.name}: adoptie per regio en per provincie.")
