"""What a reader sees of the dataset on one day: the governments that exist, their regions, and
the dated portfolio records (software, building-block status, security-plan status) that hold then.

Internal records (``visibility: internal``) are left out unless ``include_internal`` is set; an
internal portfolio hides all of its records, an internal region hides its memberships.  The catalog,
adoption and security queries all start from a Scope, so they agree on who counts.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Literal, TypeVar

from vlavirgem.core.model import CycleStep, Dataset, Government
from vlavirgem.core.portfolio_records import Adoption, PortfolioPart, SecurityStatus, UseRow
from vlavirgem.queries.affiliation import regions_on
from vlavirgem.queries.names import fold

# lifecycle statuses of a software use that mean the government uses the product that day
USING = ("in-use", "phasing-out")
NO_REGION = "(no region)"
GroupBy = Literal["region", "province"]
R = TypeVar("R")


def shown(record: Any, include_internal: bool) -> bool:
    """Whether a record may be shown: it is public, or internal records were asked for."""
    return include_internal or bool(record.public)


@dataclass(frozen=True)
class Group:
    """A region or province (``id`` None for the governments of no region)."""

    id: str | None
    name: str

    @property
    def order(self) -> tuple[bool, str]:
        return (self.id is None, fold(self.name))


@dataclass(frozen=True)
class Scope:
    """The dataset as seen on ``on``: the visible governments valid that day and their regions."""

    dataset: Dataset
    on: date
    include_internal: bool
    governments: dict[str, Government]
    regions: dict[str, str] = field(repr=False)  # government id -> region id, for members that day
    # answers worked out once per scope (the site asks for the software in use once per product)
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def day(self) -> str:
        """The day as YYYY-MM-DD text."""
        return self.on.isoformat()

    def holding(self, records: Iterable[R]) -> list[R]:
        """The visible records among ``records`` whose interval holds the day."""
        return [r for r in records
                if shown(r, self.include_internal) and r.interval.contains(self.on)]  # type: ignore[attr-defined]

    def group(self, government: Government, by: GroupBy) -> Group:
        """The region (on the day) or the province of a government."""
        if by == "province":
            return Group(government.province, government.province_name)
        region_id = self.regions.get(government.id)
        if region_id is None:
            return Group(None, NO_REGION)
        return Group(region_id, self.dataset.regions[region_id].name)

    def region_name(self, government_id: str) -> str | None:
        region_id = self.regions.get(government_id)
        return self.dataset.regions[region_id].name if region_id else None


@dataclass(frozen=True)
class GovernmentRef:
    """A government as listings show it: who it is and where it stands on the day."""

    id: str
    kind: str
    name: str
    nis: str
    province: str  # the province's name
    region: str | None
    region_name: str | None

    @property
    def order(self) -> tuple[str, str, str, str]:
        return (fold(self.province), fold(self.name), self.kind, self.id)


def reference(view: Scope, government: Government) -> GovernmentRef:
    """The GovernmentRef of a government on the scope's day (made once per scope)."""
    made: dict[str, GovernmentRef] = view.memo.setdefault("references", {})
    found = made.get(government.id)
    if found is None:
        found = made[government.id] = GovernmentRef(
            government.id, government.kind, government.name, government.nis, government.province_name,
            view.regions.get(government.id), view.region_name(government.id))
    return found


def scope(dataset: Dataset, on: date, include_internal: bool = False) -> Scope:
    """The Scope of ``dataset`` on ``on``."""
    governments = {g.id: g for g in dataset.governments.values()
                   if g.valid_on(on) and shown(g, include_internal)}
    regions = {government_id: region_id for government_id, region_id in
               regions_on(dataset, on, include_internal).items() if government_id in governments}
    return Scope(dataset, on, include_internal, governments, regions)


def latest(records: list[R]) -> R | None:
    """The record that started last (the data allows one per day; broken data may hold more)."""
    if not records:
        return None
    return max(records, key=lambda r: r.interval.start or date.min)  # type: ignore[attr-defined]


def in_use(view: Scope, use: UseRow) -> bool:
    """Whether a software use holds on the day: its known span (from ``from``, else from its first
    observation) holds the day and its status says the product is used (not planned or retired)."""
    return use.status in USING and use.holds(view.day) and shown(use, view.include_internal)


def visible_part(dataset: Dataset, government_id: str, part: PortfolioPart,
                 include_internal: bool) -> list[Any] | None:
    """The visible records of one part of a government's portfolio: ``software`` as UseRows,
    ``building_blocks`` or ``security_plan``; None when it has no portfolio or its portfolio is
    internal.  From the portfolio's digest where it has one, so that queries that count build no
    portfolio."""
    public, records = dataset.portfolio_part(government_id, part) or (False, ())
    if not (public or include_internal):
        return None
    return [record for record in records if shown(record, include_internal)]


def visible_records(dataset: Dataset, part: PortfolioPart, include_internal: bool,
                    governments: Container[str] | None = None) -> Iterator[tuple[str, list[Any]]]:
    """(government id, ``visible_part``) for each visible portfolio (of ``governments`` only, when
    given)."""
    for government_id in dataset.portfolio_ids():
        if governments is not None and government_id not in governments:
            continue
        records = visible_part(dataset, government_id, part, include_internal)
        if records is not None:
            yield government_id, records


def rows_in_use(view: Scope) -> dict[str, list[UseRow]]:
    """Government id -> its software records (as UseRows, see ``visible_records``) in use on the day;
    governments that use none are left out.  Worked out once per scope; do not change the lists
    it returns."""
    if "rows_in_use" in view.memo:
        return view.memo["rows_in_use"]  # type: ignore[no-any-return]
    found: dict[str, list[UseRow]] = view.memo.setdefault("rows_in_use", {})
    for government_id, rows in visible_records(view.dataset, "software", view.include_internal, view.governments):
        using = [row for row in rows if in_use(view, row)]
        if using:
            found[government_id] = using
    return found


def adoption_status(view: Scope, block_id: str) -> dict[str, Adoption]:
    """Government id -> its adoption record of a block that holds on the day."""
    found: dict[str, Adoption] = {}
    for government_id, adoptions in visible_records(view.dataset, "building_blocks", view.include_internal,
                                                    view.governments):
        record = latest(view.holding(a for a in adoptions if a.block == block_id))
        if record is not None:
            found[government_id] = record
    return found


def plan_status(view: Scope) -> dict[str, SecurityStatus]:
    """Government id -> its security-plan record that holds on the day."""
    found: dict[str, SecurityStatus] = {}
    for government_id, statuses in visible_records(view.dataset, "security_plan", view.include_internal,
                                                   view.governments):
        record = latest(view.holding(statuses))
        if record is not None:
            found[government_id] = record
    return found


def cycle_step(view: Scope, region_id: str, block_id: str) -> CycleStep | None:
    """The PDCA step a region is in for a block on the day."""
    region = view.dataset.regions[region_id]
    return latest(view.holding(step for step in region.cycle if step.block == block_id))


def share(part: int, whole: int) -> float | None:
    """part / whole rounded to 4 decimals, or None when there is no whole."""
    return round(part / whole, 4) if whole else None
