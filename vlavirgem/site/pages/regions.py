"""Pages of the knowledge circles: the list of regions, one page per region (members, map, PDCA
matrix, changes of the past year) and the governments in no region, with a suggestion for each."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from vlavirgem.core.model import Region
from vlavirgem.queries.affiliation import unaffiliated
from vlavirgem.queries.changes.events import Changes
from vlavirgem.queries.circles import (
    PHASES,
    coverage,
    former_members,
    member_counts,
    membership_sources,
    region_detail,
    region_rows,
    territory_governments,
)
from vlavirgem.queries.suggest import suggest_regions
from vlavirgem.site import nl, urls
from vlavirgem.site.chart import Chart, step_chart
from vlavirgem.site.context import SOURCES, Body, Fact, Gathering, Link, Page, fact
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
    # the year's changes and the membership history; None on the region's page of a past date (the
    # dated views), which links to the region's page of the day instead (``today``)
    changes: Table | None
    history_intro: str
    chart: Chart | None  # the number of members over time (None: the region never had members)
    chart_caption: str
    counts: Table | None  # the chart's numbers, its text alternative
    former: Table | None
    history: Table | None
    today: Link | None = None


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
                  caption: str | None = None, sources: Region | None = None) -> Table:
    """The changes of a window, one row each, with links to what they concern; each row says its kind
    and the regions it concerns as data attributes (for the filter of the changes page).  With
    ``sources``, a column names the sources of that region's membership records behind each change."""
    def subject(row: Mapping[str, Any]) -> str | None:
        if row["kind"] in ("new-software", "software-stopped"):
            return g.product_href(row["subject"])
        return g.block_href(row["subject"])

    rows = [{"date": c.day.isoformat(), "kind": c.kind, "government": c.government_id,
             "government_name": c.government_name, "government_kind": _kind(g, c.government_id), "region": c.region_id, "previous_region": c.previous_region_id,
             "subject": c.subject_id, "subject_name": c.subject_name,
             "status": _status(c.kind, c.status), "previous_status": _status(c.kind, c.previous_status),
             "predecessors": [g.government_name(p) for p in c.predecessors],
             "regions": " ".join(sorted(c.regions)),
             **({"sources": [x for x in membership_sources(sources, [*c.predecessors, c.government_id or ""], c.day)
                             if x in g.sources]} if sources else {})}
            for c in found.changes]
    region = Column("region", "Regio", link=lambda r: g.region_href(r["region"]),
                    text=lambda v: g.region_name(v) or "")
    return table(path, table_id, caption or f"Wijzigingen van {nl.long_date(found.start)} tot en met {nl.long_date(found.end)}", [
        Column("date", "Datum"), Column("kind", "Wat", text=lambda v: nl.CHANGE_KIND.get(v, str(v)), essential=True),
        replace(government_column(g, "government_name", "Bestuur", "government"), essential=True),
        Column("government_kind", "Soort", text=lambda v: nl.KIND.get(v, v or "")), region,
        Column("previous_region", "Vorige regio", link=lambda r: g.region_href(r["previous_region"]),
               text=lambda v: g.region_name(v) or ""),
        Column("subject_name", "Onderwerp", link=subject), Column("previous_status", "Was"),
        Column("status", "Wordt"), Column("predecessors", "Uit de fusie van"),
        *((source_column(g),) if sources else ()),
        *ids("government", "subject", "regions"),
    ], rows, empty="Geen wijzigingen in deze periode.", row_data=("kind", "regions"))


def source_column(g: Gathering) -> Column:
    """The sources of a row (a list of source ids), by title, linked to the first one's entry on the
    sources page; the downloads carry the ids."""
    return Column("sources", "Bronnen", link=lambda r: f"{SOURCES}#bron-{r['sources'][0]}" if r["sources"] else None,
                  text=lambda v: "; ".join(str(g.sources[s].get("title") or s) for s in v))


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
        Column("reference_region", "Referentieregio", text=lambda v: g.reference_region_name(v) or ""),
        Column("members", "Leden", numeric=True),
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


def region_page(g: Gathering, region: Region, history: bool = True) -> Page:
    """regios/<id>.html; without ``history`` (a past date's view) only the state on the day, with a
    link to the page of the region on the site's day for its history and changes."""
    path = urls.region_page(region.id)
    detail = region_detail(g.dataset, region, g.on)
    counts, cover = detail["counts"], detail["coverage"]
    reference = g.dataset.reference_regions.get(region.reference_region or "")
    facts = [fact("Soort", detail["kind"] or "kenniskring")]
    if reference:
        facts.append(fact("Referentieregio", reference.name))
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
    ], detail["members"], empty="Deze regio heeft op deze datum geen leden.")
    pdca = table(path, "pdca", "PDCA-matrix: fase en stap per bouwsteen", [
        Column("block_name", "Bouwsteen", link=lambda r: g.block_href(r["block"])),
        *(Column(phase, nl.PHASE[phase].capitalize(), text=lambda v: nl.STEP.get(v, v or "")) for phase in PHASES),
        Column("since", "Sinds"),
        *ids("block"),
    ], detail["pdca"], empty="Geen PDCA-stappen vastgelegd op deze datum.")
    shown = (region.name, str(region.raw.get("description") or ""), tuple(facts),
             _region_map(g, region, [m["id"] for m in detail["members"]]), members, pdca)
    if history:
        body = RegionBody(*shown, changes_table(g, path, g.region_changes(region.id)), *_history(g, region, path))
    else:
        body = RegionBody(*shown, None, "", None, "", None, None, None, Link(region.name, path))
    return Page(path, "region.html", region.name, SECTION, body, breadcrumbs=(Link("Regio's", INDEX),),
                edit=g.edit_links(region.where),
                description=f"{region.name}: leden, kaart, PDCA-matrix en wijzigingen.")


def _history(g: Gathering, region: Region, path: str) -> tuple[str, Chart | None, str, Table, Table, Table]:
    """The region's membership through time: its member count on every day it changed (a step chart
    and the same numbers as a table), its former members, and every change of membership with its
    sources, since the register starts."""
    counts = member_counts(g.dataset, region, g.on)
    rows = [{"date": day.isoformat(), "members": count} for day, count in counts]
    chart, caption = None, ""
    if counts:
        days = [day for day, _ in counts]
        values = [count for _, count in counts]
        if days[-1] < g.on:  # the last count holds up to the day
            days, values = [*days, g.on], [*values, values[-1]]
        chart = step_chart(f"Aantal leden van {region.name}", days, [("Leden", "line-members", values)])
        caption = (f"Aantal leden van {region.name} van {nl.long_date(days[0])} tot {nl.long_date(g.on)}: "
                   f"van {values[0]} naar {values[-1]}, hoogstens {max(values)}.")
    count_table = table(path, "ledenaantal", "Aantal leden, op elke dag waarop het veranderde", [
        Column("date", "Vanaf", text=lambda v: nl.long_date(date.fromisoformat(v))),
        Column("members", "Leden", numeric=True),
    ], rows, empty="Deze regio heeft tot op deze datum geen leden gehad.")
    former = table(path, "vroegere-leden", f"Vroegere leden (geen lid op {nl.long_date(g.on)})", [
        government_column(g, "name", "Bestuur"), kind_column(), Column("from", "Lid van"),
        Column("until", "Lid tot en met"),
        Column("next_region", "Daarna in", link=lambda r: g.region_href(r["next_region"]),
               text=lambda v: g.region_name(v) or ""),
        Column("successor", "Opgegaan in", link=lambda r: g.government_href(r["successor"]),
               text=lambda v: g.government_name(v) if v else ""),
        source_column(g), *ids("id"),
    ], [{**row, "sources": [s for s in row["sources"] if s in g.sources]}
        for row in former_members(g.dataset, region, g.on)],
        empty="Deze regio heeft geen vroegere leden.")
    history = g.region_history(region.id)
    first = history.changes[0].day if history.changes else None
    history_table = changes_table(g, path, history, "geschiedenis",
                                  "Aansluitingen, verhuizingen, vertrekken en fusies sinds het begin van de gegevens",
                                  sources=region)
    intro = (f"Wie er sinds {nl.long_date(first)} bij {region.name} aansloot, vertrok of verhuisde, en hoeveel "
             "leden de regio op elke dag had: berekend uit de lidmaatschappen, zoals vlavirgem region show "
             "het voor één datum doet." if first else
             f"Er zijn geen wijzigingen in het lidmaatschap van {region.name} vastgelegd.")
    return intro, chart, caption, count_table, former, history_table


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
