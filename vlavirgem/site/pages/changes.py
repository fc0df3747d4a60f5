"""wijzigingen.html: every recorded change since the register starts, one table per year (newest
first), with a filter by region and kind of change that a small script applies to the rows.
Without the script every change is shown; the filter only shows and hides rows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from vlavirgem.queries.changes import changes
from vlavirgem.queries.changes.events import KINDS, Changes
from vlavirgem.site import nl
from vlavirgem.site.context import BEFORE_THE_REGISTER, Body, Gathering, Link, Page
from vlavirgem.site.pages.regions import changes_table
from vlavirgem.site.tables import Table

PAGE = "wijzigingen.html"
SECTION = "tijdlijn"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class ChangesBody(Body):
    """wijzigingen.html: the changes of every year, and the choices of the filter."""

    intro: str
    years: tuple[Table, ...]
    regions: tuple[Choice, ...]
    kinds: tuple[Choice, ...]
    counts: tuple[Link, ...]  # per year: how many changes, linking to the year's table


def pages(g: Gathering) -> list[Page]:
    found = changes(g.dataset, BEFORE_THE_REGISTER, g.on)
    years = sorted({c.day.year for c in found.changes}, reverse=True)
    tables = []
    for year in years:
        window = Changes(date(year - 1, 12, 31), min(date(year, 12, 31), g.on),
                         tuple(c for c in found.changes if c.day.year == year))
        tables.append(changes_table(g, PAGE, window, f"jaar-{year}", f"{year}"))
    per_year = Counter(c.day.year for c in found.changes)
    counts = tuple(Link(f"{year}: {per_year[year]}", f"{PAGE}#tabel-jaar-{year}") for year in years)
    present = {c.kind for c in found.changes}
    kinds = tuple(Choice(kind, nl.CHANGE_KIND.get(kind, kind)) for kind in KINDS if kind in present)
    regions = tuple(Choice(region.id, region.name)
                    for region in sorted(g.dataset.regions.values(), key=lambda r: r.name))
    first = found.changes[0].day if found.changes else g.on
    intro = (f"Alle {len(found.changes)} wijzigingen in de gegevens, van {nl.long_date(first)} tot "
             f"{nl.long_date(g.on)}: fusies, nieuwe besturen, wie aansloot bij een kenniskring, verhuisde of "
             "vertrok, nieuwe en gestopte software en stappen in de bouwstenen. Elke wijziging staat op de dag "
             "waarop ze inging.")
    body = ChangesBody(intro, tuple(tables), regions, kinds, counts)
    return [Page(PAGE, "changes.html", "Alle wijzigingen", SECTION, body,
                 description="Elke wijziging in de kenniskringen en het register sinds 2015, per jaar.")]
