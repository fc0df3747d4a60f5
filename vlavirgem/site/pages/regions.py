"""Pages of the knowledge circles: the list of regions, one page per region (members, map, PDCA
matrix, changes of the past year) and the governments in no region, with a suggestion for each."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vlavirgem.core.model import Region
from vlavirgem.queries.affiliation import unaffiliated
from vlavirgem.queries.changes.events import Changes
from vlavirgem.queries.circles import PHASES, coverage, region_detail, region_rows, territory_governments
from vlavirgem.queries.suggest import suggest_regions
from vlavirgem.site import nl, urls
from vlavirgem.site.context import Body, Fact, Gathering, Link, Page, fact
from vlavirgem.site.map import Category, MapView, draw, label_at
from vlavirgem.site.pages.governments import government_column, kind_column
from vlavirgem.site.pages.maps import region_classes
from vlavirgem.site.tables import Column, Table, ids, table

SECTION = "regios"
INDEX = "regios/index.html"
UNAFFILIATED = "niet-aangesloten.html"


@dataclass(frozen=True)
class RegionsBody(Body):
    """regios/index.html: every region with its members and coverage, and coverage per province."""

    regions: Table
    provinces: Table


@dataclass(frozen=True)
class RegionBody(Body):
    """regios/<id>.html: one region."""

    name: str
    description: str
    facts: tuple[Fact, ...]
    map: MapView | None
    members: Table
    pdca: Table
    changes: Table


@dataclass(frozen=True)
class UnaffiliatedBody(Body):
    """niet-aangesloten.html: the governments in no region on the day, with a suggested region each."""

    count: int
    valid: int
    notes: tuple[str, ...]
    governments: Table


def share_text(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


def changes_table(g: Gathering, path: str, found: Changes, table_id: str = "wijzigingen",
                  caption: str | None = None) -> Table:
    """The changes of a window, one row each, with links to what they concern; each row says its kind
    and the regions it concerns as data attributes (for the filter of the changes page)."""
    def subject(row: Mapping[str, Any]) -> str | None:
        if row["kind"] in ("new-software", "software-stopped"):
            return g.product_href(row["subject"])
        return g.block_href(row["subject"])

    rows = [{"date": c.day.isoformat(), "kind": c.kind, "government": c.government_id,
             "government_name": c.government_name, "government_kind": _kind(g, c.government_id), "region": c.region_id, "previous_region": c.previous_region_id,
             "subject": c.subject_id, "subject_name": c.subject_name,
             "status": _status(c.kind, c.status), "previous_status": _status(c.kind, c.previous_status),
             "predecessors": [g.government_name(p) for p in c.predecessors],
             "regions": " ".join(sorted(c.regions))}
            for c in found.changes]
    region = Column("region", "Regio", link=lambda r: g.region_href(r["region"]),
                    text=lambda v: g.region_name(v) or "")
    return table(path, table_id, caption or f"Wijzigingen van {found.start} tot en met {found.end}", [
        Column("date", "Datum"), Column("kind", "Wat", text=lambda v: nl.CHANGE_KIND.get(v, str(v))),
        government_column(g, "government_name", "Bestuur", "government"),
        Column("government_kind", "Soort", text=lambda v: nl.KIND.get(v, v or "")), region,
        Column("previous_region", "Vorige regio", link=lambda r: g.region_href(r["previous_region"]),
               text=lambda v: g.region_name(v) or ""),
        Column("subject_name", "Onderwerp", link=subject), Column("previous_status", "Was"),
        Column("status", "Wordt"), Column("predecessors", "Uit de fusie van"),
        *ids("government", "subject", "regions"),
    ], rows, empty="Geen wijzigingen in deze periode.", row_data=("kind", "regions"))


def _kind(g: Gathering, government_id: str | None) -> str | None:
    government = g.dataset.governments.get(government_id or "")
    return government.kind if government else None


def _status(kind: str, status: str | None) -> str | None:
    """A status a change names, in Dutch (a PDCA step as phase: step)."""
    if status is None:
        return None
    return nl.pdca_word(status) if kind == "pdca-step" else nl.status_word(status)


def pages(g: Gathering) -> list[Page]:
    result = [_index(g), unaffiliated_page(g)]
    result += [region_page(g, region) for region in sorted(g.dataset.regions.values(), key=lambda r: r.id)]
    return result


def _index(g: Gathering) -> Page:
    regions = table(INDEX, "regios", f"Regio's op {nl.long_date(g.on)}", [
        Column("name", "Regio", link=lambda r: g.region_href(r["id"])),
        Column("reference_region", "Referentieregio"), Column("members", "Leden", numeric=True),
        Column("gemeenten", "Gemeenten", numeric=True), Column("ocmws", "OCMW's", numeric=True),
        Column("territory", "Besturen in de referentieregio", numeric=True),
        Column("coverage", "Dekking", numeric=True, text=share_text),
        *ids("id"),
    ], region_rows(g.dataset, g.on))
    provinces = table(INDEX, "provincies", "Aangesloten besturen per provincie", [
        Column("group", "Provincie"), Column("valid", "Besturen", numeric=True),
        Column("members", "In een regio", numeric=True), Column("unaffiliated", "In geen regio", numeric=True),
        Column("share", "Aandeel", numeric=True, text=share_text),
    ], [{**row, "group": "Totaal" if row["group"] == "Total" else row["group"]}
        for row in coverage(g.dataset, g.on, "province")])
    return Page(INDEX, "regions.html", "Regio's", SECTION, RegionsBody(regions, provinces),
                description=f"De regionale kenniskringen op {nl.long_date(g.on)}: leden en dekking.")


def _region_map(g: Gathering, region: Region, members: list[str]) -> MapView | None:
    if g.geometry is None:
        return None
    css = region_classes(g)[region.id]
    member = Category(f"Lid van {region.name}", css)
    outside = Category("In de referentieregio, maar geen lid", "none", hatched=True)
    categories = {}
    for government in territory_governments(g.dataset, region.reference_region, g.on):
        if government.kind == "gemeente" and government.nis in g.geometry.outlines:
            categories[government.nis] = outside
    for government_id in members:
        government = g.dataset.governments[government_id]
        if government.kind == "gemeente" and government.nis in g.geometry.outlines:
            categories[government.nis] = member
    if not categories:
        return None
    labels = [found for nis in sorted(categories)
              if (found := label_at(g.geometry.outlines[nis].name, [g.geometry.outlines[nis]], True)) is not None]
    return draw(f"kaart-{region.id}", f"{region.name} op {nl.long_date(g.on)}", g.geometry, categories,
                lambda nis: g.government_href(f"gemeente-{nis}"), [member, outside], labels, crop=list(categories))


def region_page(g: Gathering, region: Region) -> Page:
    path = urls.region_page(region.id)
    detail = region_detail(g.dataset, region, g.on)
    counts, cover = detail["counts"], detail["coverage"]
    reference = g.dataset.reference_regions.get(region.reference_region or "")
    facts = [fact("Soort", detail["kind"] or "kenniskring")]
    if reference:
        facts.append(fact("Referentieregio", f"{reference.name} ({reference.code})"))
    facts += [
        fact(f"Leden op {nl.long_date(g.on)}",
             f"{len(detail['members'])} ({counts.get('gemeente', 0)} gemeenten, {counts.get('ocmw', 0)} OCMW's)"),
        fact("Dekking van de referentieregio",
             f"{cover['members_in_territory']} van {cover['territory']} besturen ({share_text(cover['share'])})"
             if cover["territory"] else "geen referentieregio"),
    ]
    members = table(path, "leden", f"Leden op {nl.long_date(g.on)}", [
        government_column(g, "name", "Bestuur"), kind_column(), Column("since", "Lid sinds"),
        *ids("id"),
    ], detail["members"], empty="Deze regio heeft op deze dag geen leden.")
    pdca = table(path, "pdca", "PDCA-matrix: fase en stap per bouwsteen", [
        Column("block_name", "Bouwsteen", link=lambda r: g.block_href(r["block"])),
        *(Column(phase, nl.PHASE[phase].capitalize(), text=lambda v: nl.STEP.get(v, v or "")) for phase in PHASES),
        Column("since", "Sinds"),
        *ids("block"),
    ], detail["pdca"], empty="Geen PDCA-stappen vastgelegd op deze dag.")
    body = RegionBody(region.name, str(region.raw.get("description") or ""), tuple(facts),
                      _region_map(g, region, [m["id"] for m in detail["members"]]), members, pdca,
                      changes_table(g, path, g.region_changes(region.id)))
    return Page(path, "region.html", region.name, SECTION, body, breadcrumbs=(Link("Regio's", INDEX),),
                edit=g.edit_links(region.where),
                description=f"{region.name}: leden, kaart, PDCA-matrix en wijzigingen.")


def unaffiliated_page(g: Gathering) -> Page:
    answer = unaffiliated(g.dataset, g.on)
    suggestions = suggest_regions(g.dataset, g.data_dir, g.on, answer.governments, g.cache)
    rows = [{"id": x.id, "name": x.name, "kind": x.kind, "nis": x.nis, "province": x.province_name,
             "suggested_region": suggestions[x.id].region, "reason": nl.dutch(suggestions[x.id].reason)}
            for x in answer.governments]
    governments = table(UNAFFILIATED, "besturen", f"Besturen in geen regio op {nl.long_date(g.on)}", [
        government_column(g), kind_column(), Column("nis", "NIS"), Column("province", "Provincie"),
        Column("suggested_region", "Voorgestelde regio", link=lambda r: g.region_href(r["suggested_region"]),
               text=lambda v: g.region_name(v) or "geen voorstel"),
        Column("reason", "Waarom"),
        *ids("id"),
    ], rows, empty="Alle besturen horen bij een regio.")
    body = UnaffiliatedBody(len(rows), answer.valid_count, tuple(nl.dutch(n) for n in answer.notes), governments)
    return Page(UNAFFILIATED, "unaffiliated.html", "Niet aangesloten besturen", "niet-aangesloten", body,
                description=f"De besturen die op {nl.long_date(g.on)} bij geen regio horen, met een voorstel.")
