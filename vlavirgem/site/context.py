"""What every page of the report site is made of, and what all page builders share.

A page is a ``Page``: where it lives, its title, its breadcrumbs, its "edit on GitHub" links and its
``body``, a frozen dataclass of its own kind (``HomeBody``, ``RegionBody``, ...) that the page's
template prints.  Every ``Table`` in a body is also written as CSV and JSON next to the page.

``Gathering`` holds what the page builders share: the public dataset, the day, the scope of the
catalogue queries, and the answers that several pages use (computed once).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from vlavirgem.core.model import Dataset
from vlavirgem.core.portfolio_records import Adoption
from vlavirgem.core.values import Where
from vlavirgem.queries.adoption import visible_blocks
from vlavirgem.queries.affiliation import regions_on
from vlavirgem.queries.catalog import User, visible_products, who_uses
from vlavirgem.queries.changes import changes
from vlavirgem.queries.changes.events import MEMBERSHIP_KINDS, Changes
from vlavirgem.queries.neighbours import vintage_of
from vlavirgem.queries.scope import Scope, adoption_status, scope
from vlavirgem.queries.security import PlanRow, plan_rows
from vlavirgem.site import nl, urls
from vlavirgem.site.geometry import Geometry, load_geometry
from vlavirgem.site.tables import Table
from vlavirgem.site.urls import Repository

YEAR = timedelta(days=365)
SOURCES = "bronnen.html"
BEFORE_THE_REGISTER = date(2014, 12, 31)  # the register starts on 1 January 2015


@dataclass(frozen=True)
class Link:
    """Text, and where it leads (a path relative to the site's root, or an absolute URL), if anywhere."""

    text: str
    href: str | None = None
    current: bool = False  # the page itself, in a list of choices


@dataclass(frozen=True)
class Choice:
    """One option of a filter's list: the value a row's data attribute holds, and its label."""

    value: str
    label: str


@dataclass(frozen=True)
class Fact:
    """One line of a description list: a label and one or more (linked) values."""

    label: str
    items: tuple[Link, ...]


def fact(label: str, text: Any, href: str | None = None) -> Fact:
    return Fact(label, (Link(str(text), href),))


@dataclass(frozen=True)
class Figure:
    """A key number on the home page: the number, what it counts, a line of detail, a link."""

    number: str
    label: str
    detail: str
    href: str | None = None


class Body:
    """A page's own context.  Its tables are every field that holds a Table (or a tuple of them)."""

    @property
    def tables(self) -> tuple[Table, ...]:
        found: list[Table] = []
        for item in fields(self):  # type: ignore[arg-type]
            value = getattr(self, item.name)
            if isinstance(value, Table):
                found.append(value)
            elif isinstance(value, tuple):
                found.extend(v for v in value if isinstance(v, Table))
        return tuple(found)


@dataclass(frozen=True)
class Page:
    """One HTML page: ``path`` relative to the site's root, rendered with ``template``."""

    path: str
    template: str
    title: str
    section: str  # the navigation entry it belongs to
    body: Body
    breadcrumbs: tuple[Link, ...] = ()
    edit: tuple[Link, ...] = ()
    description: str = ""
    on: date | None = None  # the day the page is about, when it is not the site's day (op-datum/)


@dataclass
class Gathering:
    """What the page builders share (see the module's description)."""

    dataset: Dataset  # the public part only (queries/public.public_dataset)
    data_dir: Path
    on: date
    repository: Repository | None
    geometry: Geometry | None
    cache: Path | None  # the user's cache folder (Settings.cache), for the neighbours of the map
    memo: dict[str, Any] = field(default_factory=dict)  # answers that page modules compute once
    # the outlines of each vintage (they depend on the data only), shared with the gatherings of ``on_day``
    outlines: dict[str, Geometry | None] = field(default_factory=dict)

    def on_day(self, day: date) -> Gathering:
        """The same public dataset and options on another day (the site's dated views).  Answers that
        depend on the day are computed again; the outlines of a vintage are loaded once."""
        vintage = vintage_of(day)
        if vintage == vintage_of(self.on):
            self.outlines.setdefault(vintage, self.geometry)
        if vintage not in self.outlines:
            self.outlines[vintage] = load_geometry(self.data_dir, day, cache=self.cache)
        return Gathering(self.dataset, self.data_dir, day, self.repository, self.outlines[vintage], self.cache,
                         outlines=self.outlines)

    def warm(self) -> None:
        """Compute the answers that most kinds of page use, so that processes forked afterwards
        (``site.parallel``) inherit them instead of each computing them again."""
        for answer in ("sources", "view", "members", "changes", "membership_history", "software", "adoptions",
                       "plans"):
            getattr(self, answer)

    @cached_property
    def sources(self) -> dict[str, dict[str, Any]]:
        """Source id -> its entry in sources.yaml (title, url, publisher, licence, attribution, ...)."""
        found = {}
        for source_id, where in sorted(self.dataset.sources.items()):
            entry = self.dataset.files[where.file].data["sources"][source_id]
            if isinstance(entry, dict):
                found[source_id] = entry
        return found

    @cached_property
    def view(self) -> Scope:
        return scope(self.dataset, self.on)

    @cached_property
    def members(self) -> dict[str, str]:
        """Government id -> its region on the day."""
        return regions_on(self.dataset, self.on)

    @cached_property
    def year_ago(self) -> date:
        return self.on - YEAR

    @cached_property
    def changes(self) -> Changes:
        """What changed in the year up to the day."""
        return changes(self.dataset, self.year_ago, self.on)

    @cached_property
    def membership_history(self) -> Changes:
        """Every change of membership since the register starts (1 January 2015) up to the day: the
        same list as ``vlavirgem changes --from 2014-12-31 --kind joined,moved,left,merged,created``."""
        if self.on <= BEFORE_THE_REGISTER:
            return Changes(BEFORE_THE_REGISTER, self.on, ())
        return changes(self.dataset, BEFORE_THE_REGISTER, self.on, kinds=MEMBERSHIP_KINDS)

    def region_history(self, region_id: str) -> Changes:
        """Every change of membership that concerns one region, since the register starts."""
        every = self.membership_history
        return Changes(every.start, every.end, tuple(c for c in every.changes if region_id in c.regions))

    def region_changes(self, region_id: str) -> Changes:
        """The year's changes that concern one region (as ``changes(..., region=...)`` selects them)."""
        year = self.changes
        return Changes(year.start, year.end, tuple(c for c in year.changes if region_id in c.regions))

    @cached_property
    def software(self) -> dict[str, list[User]]:
        """Government id -> the products it uses on the day."""
        found: dict[str, list[User]] = {}
        for product in visible_products(self.dataset, False).values():
            for user in who_uses(self.view, product):
                found.setdefault(user.government.id, []).append(user)
        return found

    @cached_property
    def adoptions(self) -> dict[str, dict[str, Adoption]]:
        """Block id -> government id -> the adoption record that holds on the day."""
        return {block_id: adoption_status(self.view, block_id) for block_id in visible_blocks(self.view)}

    @cached_property
    def plans(self) -> dict[str, PlanRow]:
        """Government id -> its security-plan status on the day."""
        return {row.government.id: row for row in plan_rows(self.view)}

    def edit_links(self, *places: Where | None) -> tuple[Link, ...]:
        """"Edit on GitHub" links to the YAML files the records come from (none without a repository)."""
        if self.repository is None:
            return ()
        links = []
        for where in places:
            if where is None or where.file not in self.dataset.files:
                continue
            file = self.dataset.files[where.file].path.resolve()
            try:
                inside = file.relative_to(self.data_dir.resolve()).as_posix()
            except ValueError:
                continue
            links.append(Link(f"Bewerk {inside} op GitHub", self.repository.edit_url(inside)))
        return tuple(links)

    def source_titles(self, cited: Any) -> str:
        """Sources as a reader names them: each id (in a list, or in text joined by ", ") replaced by
        its title; anything that is not a source id is left as it is."""
        parts = cited if isinstance(cited, (list, tuple)) else str(cited or "").split(", ")
        return "; ".join(str(self.sources[part].get("title") or part) if part in self.sources else str(part)
                         for part in parts if part)

    def source_fact(self, raw: Any) -> Fact | None:
        """The sources a record cites, linked to their entries on the sources page."""
        cited = [s for s in (raw.get("sources") or ()) if s in self.sources]
        if not cited:
            return None
        return Fact("Bronnen", tuple(Link(nl.dates_in(str(self.sources[s].get("title") or s)), f"{SOURCES}#bron-{s}")
                                     for s in cited))

    # links to the pages of records, or None when the record has no page
    @staticmethod
    def _href(records: Any, page: Any, record_id: str | None) -> str | None:
        return page(record_id) if record_id is not None and record_id in records else None

    def government_href(self, government_id: str | None) -> str | None:
        return self._href(self.dataset.governments, urls.government_page, government_id)

    def region_href(self, region_id: str | None) -> str | None:
        return self._href(self.dataset.regions, urls.region_page, region_id)

    def block_href(self, block_id: str | None) -> str | None:
        return self._href(self.dataset.blocks, urls.block_page, block_id)

    def product_href(self, product_id: str | None) -> str | None:
        return self._href(self.dataset.products, urls.product_page, product_id)

    def vendor_href(self, vendor_id: str | None) -> str | None:
        return self._href(self.dataset.vendors, urls.vendor_page, vendor_id)

    def standard_href(self, standard_id: str | None) -> str | None:
        return self._href(self.dataset.standards, urls.standard_page, standard_id)

    def region_name(self, region_id: str | None) -> str | None:
        region = self.dataset.regions.get(region_id or "")
        return region.name if region else None

    def reference_region_name(self, code: str | None) -> str | None:
        reference = self.dataset.reference_regions.get(code or "")
        return reference.name if reference else None

    def government_name(self, government_id: str) -> str:
        government = self.dataset.governments.get(government_id)
        return government.name if government else government_id
