"""The home page (the state of affairs on the day), information security, sources and licences, and
the search page (built, with its index, by pages/search.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from vlavirgem.core.wording import counted
from vlavirgem.queries.adoption import adoption_notes, blocks
from vlavirgem.queries.affiliation import unaffiliated
from vlavirgem.queries.circles import region_rows
from vlavirgem.queries.reported import reported_figures
from vlavirgem.queries.security import PlanTally, by_group, plan_tally, security_notes
from vlavirgem.site import nl, urls
from vlavirgem.site.context import SOURCES, Body, Figure, Gathering, Page
from vlavirgem.site.map import MapView
from vlavirgem.site.pages.blocks import INDEX as BLOCKS
from vlavirgem.site.pages.blocks import product_users
from vlavirgem.site.pages.maps import no_map, region_map
from vlavirgem.site.pages.networks import network_figures
from vlavirgem.site.pages.regions import INDEX as REGIONS
from vlavirgem.site.pages.regions import UNAFFILIATED, changes_table, share_text
from vlavirgem.site.pages.search import search_page
from vlavirgem.site.pages.timeline import reported_figures_table
from vlavirgem.site.tables import Column, Table, ids, table

SECURITY = "informatieveiligheid.html"
PLAN_COLUMNS = (("adopted", "Goedgekeurd"), ("in_preparation", "In voorbereiding"), ("none", "Geen plan"),
                ("expired", "Verlopen"), ("unknown", "Onbekend"), ("governments", "Besturen"))


@dataclass(frozen=True)
class HomeBody(Body):
    """index.html: the state of affairs on the day."""

    figures: tuple[Figure, ...]
    map: MapView | None
    map_empty: str  # said instead of the map when no government is in a region on the day
    regions: Table
    blocks: Table
    blocks_uncovered: str  # one line for the blocks without records on the day ("" if none)
    security: Table | None  # None: no plan status is known on the day
    security_empty: str  # then said once, in one line
    security_reported: Table | None  # with what others reported about information security
    changes: Table
    notes: tuple[str, ...]


@dataclass(frozen=True)
class SecurityBody(Body):
    """informatieveiligheid.html: security-plan coverage on the day, by region and by province."""

    coverage: str
    notes: tuple[str, ...]
    regions: Table | None  # None: no plan status is known on the day (the coverage line says so)
    provinces: Table | None
    reported: Table | None  # what others reported about information security


@dataclass(frozen=True)
class Source:
    anchor: str
    id: str
    title: str
    url: str | None
    publisher: str
    attribution: str | None
    details: tuple[tuple[str, str], ...]  # (label, text): retrieved, version, licence, attribution, note


@dataclass(frozen=True)
class SourcesBody(Body):
    """bronnen.html: every source with its licence, and the attributions the licences require."""

    attributions: tuple[Source, ...]
    sources: tuple[Source, ...]
    table: Table


def pages(g: Gathering) -> list[Page]:
    return [_home(g), _security(g), _sources(g), search_page(g)]


def _plan_rows(groups: list[Any]) -> list[dict[str, Any]]:
    return [{"id": group.group, "name": nl.group_name(group.group_name),
             **asdict(group.tally)} for group in groups]


def _plan_columns(first: Column) -> list[Column]:
    return [first, *(Column(key, label, numeric=True) for key, label in PLAN_COLUMNS),
            Column("coverage", "Dekking", numeric=True, text=share_text)]


def _plan_share(tally: PlanTally) -> str:
    """The share adopted, or a dash when no government's plan is known at all."""
    return "\u2013" if tally.unknown == tally.governments else share_text(tally.coverage)


def _home(g: Gathering) -> Page:
    path = urls.HOME
    governments = g.view.governments
    kinds = Counter(x.kind for x in governments.values())
    outside = unaffiliated(g.dataset, g.on)
    regions = region_rows(g.dataset, g.on)
    block_rows = blocks(g.view)
    plans = plan_tally(row.status for row in g.plans.values())
    users = {b.id: product_users(g, b.id) for b in block_rows}
    covered = [b for b in block_rows if b.tally.recorded or users[b.id]]
    recorded = [b for b in block_rows if b.tally.recorded]
    adoptions = sum(b.tally.governments - b.tally.no_record for b in block_rows)
    figures = (
        Figure(str(len(governments)), "besturen", f"{kinds['gemeente']} gemeenten, {kinds['ocmw']} OCMW's",
               "besturen/index.html"),
        Figure(str(sum(1 for r in regions if r["members"])), "regio's", f"{len(regions)} in het register", REGIONS),
        Figure(str(len(g.members)), "leden", "besturen in een regio", REGIONS),
        Figure(str(len(outside.governments)), "niet aangesloten", "besturen in geen regio", UNAFFILIATED),
        Figure(str(adoptions) if adoptions else "\u2013", "bouwsteen-adopties",
               f"vastgelegd, voor {len(recorded)} van de {len(block_rows)} bouwstenen" if adoptions else
               "geen gegevens", BLOCKS),
        Figure(_plan_share(plans), "informatie\u00adveiligheid",
               "besturen met een goedgekeurd plan" if plans.unknown < plans.governments else "geen gegevens",
               SECURITY),
        *network_figures(g),
        Figure(str(len(g.changes.changes)), "wijzigingen", "in het afgelopen jaar", "#wijzigingen"),
    )
    region_table = table(path, "regios", f"Regio's op {nl.long_date(g.on)}", [
        Column("name", "Regio", link=lambda r: g.region_href(r["id"])), Column("members", "Leden", numeric=True),
        Column("territory", "Besturen in de referentieregio", numeric=True),
        Column("coverage", "Dekking", numeric=True, text=share_text),
        *ids("id"),
    ], regions)
    any_product = any(users.values())
    block_table = table(path, "bouwstenen", "Adoptie van de bouwstenen", [
        Column("name", "Bouwsteen", link=lambda r: g.block_href(r["id"])),
        Column("in_use", "In gebruik", numeric=True), Column("planned", "Gepland", numeric=True),
        Column("aware", "Gekend", numeric=True), Column("no_record", "Geen gegevens", numeric=True),
        *((Column("product_users", "Gebruikers van het product", numeric=True),) if any_product else ()),
        *ids("id"),
    ], [{"id": b.id, "name": b.name, **asdict(b.tally), "product_users": users[b.id]} for b in covered],
        empty="Voor geen enkele bouwsteen is op deze datum een adoptie per bestuur vastgelegd.")
    others = len(block_rows) - len(covered)
    uncovered = (f"Voor {counted(others, 'andere bouwsteen', 'andere bouwstenen')} is op deze datum geen adoptie "
                 "per bestuur vastgelegd." if others and covered else "")
    plans_known = plans.recorded
    security = table(path, "informatieveiligheid", "Informatieveiligheidsplannen per provincie",
                     _plan_columns(Column("name", "Provincie")),
                     _plan_rows(by_group(g.view, _plans(g), "province"))) if plans_known else None
    # what no section says already: a section without records says it in its own line
    notes = tuple(nl.dutch(n) for n in (*outside.notes, *(adoption_notes(g.view) if covered else ()),
                                        *(security_notes(g.view) if plans_known else ())))
    body = HomeBody(figures, region_map(g), no_map(g), region_table, block_table, uncovered, security,
                    _security_empty(g) if not plans_known else "",
                    _security_reported(g, path) if not plans_known else None,
                    changes_table(g, path, g.changes), notes)
    return Page(path, "home.html", f"Stand van zaken op {nl.long_date(g.on)}", "home", body,
                description="De regionale ICT-kenniskringen van de Vlaamse lokale besturen: wie werkt samen met "
                            "wie, en met wat.")


def _security_empty(g: Gathering) -> str:
    """The one line said when no government's plan status is known on the day (in the words of the
    library's note: no records at all, or none yet on the day)."""
    notes = security_notes(g.view)
    why = nl.dutch(notes[0]) if notes else "Van geen enkel bestuur is de stand van het plan op deze datum gekend."
    return f"{why} Het doel (2016): elk lokaal bestuur een informatieveiligheidsplan."


def _security_reported(g: Gathering, path: str) -> Table | None:
    figures = reported_figures(g.dataset, "information-security")
    return reported_figures_table(g, path, figures, "gemeld-informatieveiligheid",
                                  "Informatieveiligheid: gemeld door anderen (niet berekend door vlavirgem)") \
        if figures else None


def _coverage_sentence(g: Gathering, plans: PlanTally) -> str:
    """How many governments have an adopted plan on the day, said as a sentence also when no
    government's status is known (the share is then a dash, which cannot stand in a sentence)."""
    if plans.unknown == plans.governments:
        return (f"Op {nl.long_date(g.on)} is van geen enkel van de {plans.governments} besturen gekend of het een "
                "goedgekeurd informatieveiligheidsplan heeft.")
    return (f"Op {nl.long_date(g.on)} heeft {share_text(plans.coverage)} van de {plans.governments} besturen een "
            "goedgekeurd informatieveiligheidsplan.")


def _plans(g: Gathering) -> list[Any]:
    return list(g.plans.values())


def _security(g: Gathering) -> Page:
    plans = plan_tally(row.status for row in g.plans.values())
    if not plans.recorded:
        body = SecurityBody(_security_empty(g), (), None, None, _security_reported(g, SECURITY))
    else:
        regions = table(SECURITY, "regios", "Per regio", _plan_columns(
            Column("name", "Regio", link=lambda r: g.region_href(r["id"]))),
            _plan_rows(by_group(g.view, _plans(g), "region")))
        provinces = table(SECURITY, "provincies", "Per provincie", _plan_columns(Column("name", "Provincie")),
                          _plan_rows(by_group(g.view, _plans(g), "province")))
        coverage = f"{_coverage_sentence(g, plans)} Het doel (2016): elk lokaal bestuur een plan."
        body = SecurityBody(coverage, tuple(nl.dutch(n) for n in security_notes(g.view)), regions, provinces,
                            _security_reported(g, SECURITY))
    return Page(SECURITY, "security.html", "Informatieveiligheid", "home", body,
                description="Hoeveel lokale besturen een goedgekeurd informatieveiligheidsplan hebben.")


LABELS = (("retrieved", "Geraadpleegd"), ("version", "Versie"), ("licence", "Licentie"),
          ("attribution", "Bronvermelding"), ("note", "Opmerking"))


def _sources(g: Gathering) -> Page:
    entries = [Source(f"bron-{sid}", sid, nl.dates_in(str(s.get("title", sid))), s.get("url"),
                      str(s.get("publisher", "")), s.get("attribution"),
                      tuple((label, nl.dates_in(str(s[key]))) for key, label in LABELS if s.get(key)))
               for sid, s in g.sources.items()]
    rows = [{"id": sid, "title": s.get("title"), "publisher": s.get("publisher"), "url": s.get("url"),
             **{key: (str(s[key]) if s.get(key) else None) for key, _ in LABELS}} for sid, s in g.sources.items()]
    listing = table(SOURCES, "bronnen", "Bronnen", [
        Column("id", "Id"), Column("title", "Titel"), Column("publisher", "Uitgever"), Column("url", "Adres"),
        *(Column(key, label) for key, label in LABELS)], rows)
    attributions = tuple(e for e in entries if e.attribution)
    return Page(SOURCES, "sources.html", "Bronnen en licenties", "bronnen",
                SourcesBody(attributions, tuple(entries), listing),
                edit=g.edit_links(next(iter(g.dataset.sources.values()), None)),
                description="Waar de gegevens vandaan komen, onder welke licentie, en de vereiste bronvermeldingen.")


