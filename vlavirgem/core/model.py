"""Frozen records built from schema-checked data, and the Dataset that indexes them by id.

The schemas say what shape the data has; this module only turns the plain data of the records
that passed into typed values (dates become ``datetime.date``) and remembers where each record
came from, so that later checks can point at it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from vlavirgem.core.loader import LoadedFile
from vlavirgem.core.portfolio_records import Portfolio, PortfolioDigest, PortfolioPart, UseRow
from vlavirgem.core.values import Day, Interval, Record, Where


@dataclass(frozen=True)
class Province(Record):
    id: str
    name: str
    nis: str | None
    where: Where


@dataclass(frozen=True)
class Government(Record):
    id: str
    kind: str
    nis: str
    name: str
    province: str
    province_name: str
    arrondissement: str
    validity: Interval
    successor: str | None
    kbo: str | None
    ovo: str | None
    where: Where

    def valid_on(self, day: date) -> bool:
        return self.validity.contains(day)


@dataclass(frozen=True)
class Membership(Record):
    government: str
    region: str
    interval: Interval
    where: Where


@dataclass(frozen=True)
class CycleStep(Record):
    block: str
    phase: str
    step: str
    interval: Interval
    where: Where


@dataclass(frozen=True)
class Region(Record):
    id: str
    name: str
    reference_region: str | None
    members: tuple[Membership, ...]
    cycle: tuple[CycleStep, ...]
    where: Where


@dataclass(frozen=True)
class ReferenceRegion(Record):
    """A Flemish reference region and, dated, the municipalities (gemeenten) it covers."""

    code: str
    name: str
    territory: tuple[Membership, ...]
    where: Where

    def covers(self, government: Government, on: date) -> bool:
        """Whether the government's municipality lies in this region on a date."""
        municipality = f"gemeente-{government.nis}"
        return any(part.government == municipality and part.interval.contains(on) for part in self.territory)


@dataclass(frozen=True)
class ReportedFigure(Record):
    """A figure someone published about Flanders or a province (never about one government).

    ``date`` is as precise as the publication: YYYY-MM-DD, YYYY-MM or YYYY; ``day`` is its first day,
    to sort and place it on a timeline.  ``scope`` is "flanders" or a province id."""

    id: str
    date: str
    date_basis: str
    topic: str
    block: str | None
    measure: str
    value: float
    of_total: float | None
    scope: str
    unit: str
    approximation: str | None  # about, more-than or almost, as the publication qualifies the number
    quote: str
    sources: tuple[str, ...]
    where: Where

    @property
    def day(self) -> Day:
        year, month, day = [*self.date.split("-"), "01", "01"][:3]
        return Day(int(year), int(month), int(day))


@dataclass(frozen=True)
class NetworkMembership(Record):
    """A government in a network: dated (``observed`` None), or observed on a day with no period
    given, and then known from that day on while the government exists (``interval`` starts on the
    observation day and has no end: the government's own end bounds it)."""

    government: str
    network: str
    interval: Interval
    observed: date | None
    where: Where


@dataclass(frozen=True)
class Network(Record):
    """A cooperation network other than a knowledge circle (data/networks/<kind>/<id>.yaml)."""

    id: str
    kind: str
    name: str
    territory: str | None  # the reference region it covers, where one is defined
    members: tuple[NetworkMembership, ...]
    where: Where


@dataclass(frozen=True)
class InNone(Record):
    """A source's statement that these governments are in no network of a kind during a period."""

    kind: str
    interval: Interval
    governments: tuple[str, ...]
    where: Where


@dataclass(frozen=True)
class NetworkKind(Record):
    id: str
    name: str
    in_none: tuple[InNone, ...]
    where: Where


@dataclass(frozen=True)
class Block(Record):
    id: str
    name: str
    standards: tuple[str, ...]
    where: Where


@dataclass(frozen=True)
class Standard(Record):
    id: str
    name: str
    local_government_relevant: bool
    where: Where


@dataclass(frozen=True)
class Vendor(Record):
    id: str
    name: str
    where: Where


@dataclass(frozen=True)
class Support(Record):
    standard: str
    where: Where


@dataclass(frozen=True)
class Product(Record):
    id: str
    name: str
    vendor: str
    domain: str
    standards: tuple[Support, ...]
    where: Where


@dataclass
class Dataset:
    """Everything in a data folder: the parsed files and the records, indexed by id."""

    files: dict[str, LoadedFile] = field(default_factory=dict)
    sources: dict[str, Where] = field(default_factory=dict)
    provinces: dict[str, Province] = field(default_factory=dict)
    governments: dict[str, Government] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)
    reference_regions: dict[str, ReferenceRegion] = field(default_factory=dict)
    networks: dict[str, Network] = field(default_factory=dict)
    network_kinds: dict[str, NetworkKind] = field(default_factory=dict)
    blocks: dict[str, Block] = field(default_factory=dict)
    standards: dict[str, Standard] = field(default_factory=dict)
    vendors: dict[str, Vendor] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)
    reported: dict[str, ReportedFigure] = field(default_factory=dict)
    # portfolios are built when first asked for (``portfolios``): validating needs only their
    # summaries (``portfolio_summaries``) unless one looks wrong
    built_portfolios: dict[str, Portfolio] = field(default_factory=dict)
    portfolio_builders: dict[str, Callable[[], Portfolio | None]] = field(default_factory=dict)
    portfolio_summaries: dict[str, dict[str, Any]] = field(default_factory=dict)
    # government id -> the digest of its portfolio, for those whose file has no problem at all:
    # the queries that count answer from it (``portfolio_part``) and build no portfolio
    portfolio_digests: dict[str, PortfolioDigest] = field(default_factory=dict)
    # ids written on records that failed the schema: known to exist, so no "unknown id" for them
    broken_ids: set[str] = field(default_factory=set)
    # the noun of an id ("source", "government", ...) -> the files that define such ids but whose
    # records could not be read (a syntax error, a list that is not one): an id of that noun that
    # is nowhere else may be in them, so it is not reported as unknown (see check_references)
    unknowable: dict[str, list[str]] = field(default_factory=dict)
    # the list records that broke the schema and were not built: (list key, where, the fields that
    # passed), so that the checks across files still check those fields in the same pass
    unbuilt: list[tuple[str, Where, dict[str, Any]]] = field(default_factory=list)
    # (kind, id) -> every place that defines it, to find ids defined twice
    definitions: dict[tuple[str, str], list[Where]] = field(default_factory=dict)

    @property
    def portfolios(self) -> dict[str, Portfolio]:
        """Every portfolio, built on first use."""
        for government_id in list(self.portfolio_builders):
            self.portfolio(government_id)
        return self.built_portfolios

    @portfolios.setter
    def portfolios(self, value: dict[str, Portfolio]) -> None:
        self.built_portfolios = value
        self.portfolio_builders.clear()
        self.portfolio_digests.clear()

    def portfolio_ids(self) -> list[str]:
        """The governments that have a portfolio, built or not, in the order ``portfolios`` has."""
        return [*self.built_portfolios, *(g for g in self.portfolio_builders if g not in self.built_portfolios)]

    def portfolio_part(self, government_id: str, part: PortfolioPart) -> tuple[bool, tuple[Any, ...]] | None:
        """Whether a government's portfolio is public, and one part of it: its ``software`` (as
        UseRows), ``building_blocks`` or ``security_plan`` (None: it has no portfolio).  From the
        portfolio's digest while it is not built, else from the built portfolio (built now if it
        has no digest)."""
        digest = self.portfolio_digests.get(government_id)
        if digest is not None and government_id not in self.built_portfolios:
            return digest.public, getattr(digest, part)
        portfolio = self.portfolio(government_id)
        if portfolio is None:
            return None
        records = getattr(portfolio, part)
        return portfolio.public, tuple(map(UseRow.of, records)) if part == "software" else records

    def portfolio(self, government_id: str) -> Portfolio | None:
        """One government's portfolio (built now if it was not yet)."""
        builder = self.portfolio_builders.pop(government_id, None)
        if builder is not None:
            built = builder()
            if built is not None:
                self.built_portfolios[government_id] = built
        return self.built_portfolios.get(government_id)

    def memberships(self) -> list[Membership]:
        return [member for region in self.regions.values() for member in region.members]

    def memberships_of(self, government_id: str) -> list[Membership]:
        return [member for member in self.memberships() if member.government == government_id]
