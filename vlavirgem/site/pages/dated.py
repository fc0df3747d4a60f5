"""op-datum/: the circles as of any date from 1 January 2015 to the day.

Who is where changes only on the days a government or a membership begins or ends
(``queries.timeline.change_days``), so the state of every date is the state of the last such day
on or before it.  For each of those days the library computes the state once and the site writes it
as pages of their own (the figures and the map, the governments in no region with their
suggestions, each region's members): exact for every date in between, from file:// as from Pages.
``op-datum/index.html`` lists the periods; a small script only picks the period of a typed date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from functools import partial
from typing import Any

from vlavirgem.queries.timeline import change_days, point
from vlavirgem.site import nl
from vlavirgem.site.context import Body, Figure, Gathering, Link, Page
from vlavirgem.site.map import MapView
from vlavirgem.site.pages.maps import no_map, region_map
from vlavirgem.site.pages.regions import UNAFFILIATED, region_page, unaffiliated_page
from vlavirgem.site.tables import Table

FOLDER = "op-datum"
INDEX = f"{FOLDER}/index.html"
SECTION = "tijdlijn"
FIRST_DAY = date(2015, 1, 1)  # where the register starts


@dataclass(frozen=True)
class Period:
    """The days on which nothing changed: from ``start`` up to and including ``end``."""

    start: date
    end: date

    @property
    def folder(self) -> str:
        return f"{FOLDER}/{self.start.isoformat()}"

    @property
    def text(self) -> str:
        if self.start == self.end:
            return nl.long_date(self.start)
        return f"van {nl.long_date(self.start)} tot en met {nl.long_date(self.end)}"


@dataclass(frozen=True)
class PeriodLink:
    start: str  # ISO, for the picker's script
    end: str
    link: Link


@dataclass(frozen=True)
class DatesBody(Body):
    """op-datum/index.html: every period, and the picker."""

    first: str
    last: str
    periods: tuple[PeriodLink, ...]
    first_text: str = ""  # the same days for people (1 januari 2015)
    last_text: str = ""


@dataclass(frozen=True)
class PeriodBody(Body):
    """op-datum/<start>/index.html: the state of the circles in one period."""

    period: str
    figures: tuple[Figure, ...]
    map: MapView | None
    map_empty: str  # why there is no map (nobody in a region on the day, or no boundaries)
    regions: tuple[Link, ...]
    previous: Link | None
    following: Link | None


def periods(g: Gathering) -> list[Period]:
    """The periods from the register's first day to the site's day, newest last."""
    starts = [FIRST_DAY, *(d for d in change_days(g.dataset) if FIRST_DAY < d <= g.on)]
    return [Period(start, (starts[i + 1] - timedelta(days=1)) if i + 1 < len(starts) else g.on)
            for i, start in enumerate(starts)]


def relocated(page: Page, folder: str, period: Period) -> Page:
    """A page of the day built again for one period, written under that period's folder."""
    path = f"{folder}/{page.path}"
    changes: dict[str, Any] = {}
    for item in fields(page.body):  # type: ignore[arg-type]
        value = getattr(page.body, item.name)
        if isinstance(value, Table):
            changes[item.name] = replace(value, page=path)
        elif isinstance(value, tuple) and any(isinstance(v, Table) for v in value):
            changes[item.name] = tuple(replace(v, page=path) if isinstance(v, Table) else v for v in value)
    crumbs = (Link("Op een datum", INDEX), Link(period.text.capitalize(), f"{folder}/index.html"))
    body = replace(page.body, **changes)  # type: ignore[type-var]  # every Body is a frozen dataclass
    return replace(page, path=path, body=body, breadcrumbs=crumbs, on=period.start,
                   section=SECTION, edit=(), title=f"{page.title}, {period.text}")


def index_page(g: Gathering, found: list[Period]) -> Page:
    """op-datum/index.html: every period, newest first, and the picker."""
    listing = tuple(PeriodLink(p.start.isoformat(), p.end.isoformat(), Link(p.text.capitalize(), f"{p.folder}/index.html"))
                    for p in reversed(found))
    return Page(INDEX, "dates.html", "De kenniskringen op een datum", SECTION,
                DatesBody(FIRST_DAY.isoformat(), g.on.isoformat(), listing, nl.long_date(FIRST_DAY),
                          nl.long_date(g.on)),
                description="Kies een datum sinds 2015: wie toen bij welke kenniskring hoorde.")


def period_pages(g: Gathering, found: list[Period], number: int) -> list[Page]:
    """The pages of the period ``found[number]``: its figures and map, the governments in no region
    with their suggestions, and each region's members."""
    period = found[number]
    day = g.on_day(period.start)
    state = point(g.dataset, period.start)
    figures = (
        Figure(str(state.governments), "besturen", "die bestonden", None),
        Figure(str(state.circles), "kenniskringen", "met leden", None),
        Figure(str(state.members), "leden", "besturen in een kenniskring", None),
        Figure(str(state.unaffiliated), "niet aangesloten", "besturen in geen kenniskring",
               f"{period.folder}/{UNAFFILIATED}"),
    )
    regions = tuple(Link(region.name, f"{period.folder}/regios/{region.id}.html")
                    for region in sorted(g.dataset.regions.values(), key=lambda r: r.name))
    near = [None if number == 0 else found[number - 1], found[number + 1] if number + 1 < len(found) else None]
    previous, following = (Link(p.text.capitalize(), f"{p.folder}/index.html") if p else None for p in near)
    body = PeriodBody(period.text, figures, region_map(day, "kaart-op-datum"), no_map(day), regions, previous, following)
    result = [Page(f"{period.folder}/index.html", "period.html", f"De kenniskringen {period.text}",
                   SECTION, body, breadcrumbs=(Link("Op een datum", INDEX),), on=period.start,
                   description=f"Wie {period.text} bij welke kenniskring hoorde.")]
    result.append(relocated(unaffiliated_page(day), period.folder, period))
    result += [relocated(region_page(day, region, history=False), period.folder, period) for region in
               sorted(g.dataset.regions.values(), key=lambda r: r.id)]
    return result


def parts(g: Gathering) -> list[Callable[[], list[Page]]]:
    """The dated views in parts that can be built apart (the build spreads them over processes): the
    index, then each period."""
    found = periods(g)
    return [lambda: [index_page(g, found)],
            *(partial(period_pages, g, found, number) for number in range(len(found)))]


def pages(g: Gathering) -> list[Page]:
    return [page for part in parts(g) for page in part()]
