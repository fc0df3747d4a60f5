"""Frozen records built from schema-checked data, and the Dataset that indexes them by id.

The schemas say what shape the data has; this module only turns the plain data of the records
that passed into typed values (dates become ``datetime.date``) and remembers where each record
came from, so that later checks can point at it.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Literal, NamedTuple

from vlavirgem.core.loader import LoadedFile
from vlavirgem.core.problems import Path_


class Where(NamedTuple):
    """The file and the path inside it that a record came from."""

    file: str
    path: Path_


_DATES: dict[str, date] = {}


def as_date(text: str | None) -> date | None:
    """A YYYY-MM-DD text as a date (memoised: a dataset repeats the same few thousand dates)."""
    if not text:
        return None
    day = _DATES.get(text)
    if day is None:
        day = _DATES[text] = date.fromisoformat(text)
    return day


class Interval(NamedTuple):
    """An inclusive span of days; None on either side means open-ended.  (A named tuple: the
    dataset makes one per dated record, and tuples are three times cheaper to make.)"""

    start: date | None
    end: date | None

    def contains(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def overlaps(self, other: Interval) -> bool:
        return (self.start is None or other.end is None or self.start <= other.end) and (
            other.start is None or self.end is None or other.start <= self.end
        )

    def within(self, outer: Interval) -> bool:
        starts_inside = outer.start is None or (self.start is not None and self.start >= outer.start)
        ends_inside = outer.end is None or (self.end is not None and self.end <= outer.end)
        return starts_inside and ends_inside


def interval_of(record: dict[str, Any], start: str = "from", end: str = "until") -> Interval:
    return Interval(as_date(record.get(start)), as_date(record.get(end)))


@dataclass(frozen=True)
class Record:
    """What every record has: the mapping it was built from, and whether it may be published."""

    # the record as written (schema-checked), for fields that no query needs typed
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False, kw_only=True)

    @property
    def public(self) -> bool:
        return self.raw.get("visibility", "public") != "internal"


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


@dataclass(frozen=True)
class Usage(Record):
    """Software in use.  Without ``from`` the use is known from its first observation on."""

    product: str
    status: str
    interval: Interval
    observed: tuple[date, ...]
    standards: tuple[str, ...]
    where: Where

    @property
    def known_span(self) -> Interval:
        """The days the use is known for: from ``from``, or else from its first observation."""
        start = self.interval.start or (self.observed[0] if self.observed else None)
        return Interval(start, self.interval.end)


class UseRow(NamedTuple):
    """A software record reduced to what the catalogue queries need: which product, its status, the
    days it is known for (``Usage.known_span``, as YYYY-MM-DD text, which sorts as the days do),
    whether that start is only its first observation, whether it is public, and the domain, the
    standards and the hosting it names.  Read from the cache's summary of a portfolio, so that
    these queries build no portfolio."""

    product: str
    status: str
    start: str | None
    until: str | None
    observed_start: bool
    public: bool
    domain: str | None
    standards: tuple[str, ...]
    hosting: str | None

    def holds(self, day: str) -> bool:
        """Whether the known span holds the day (YYYY-MM-DD)."""
        return (self.start is None or self.start <= day) and (self.until is None or day <= self.until)

    @classmethod
    def of(cls, usage: Usage) -> UseRow:
        start, until = usage.known_span
        return cls(usage.product, usage.status, start.isoformat() if start else None,
                   until.isoformat() if until else None, usage.interval.start is None, usage.public,
                   usage.raw.get("domain"), usage.standards, usage.raw.get("hosting"))


@dataclass(frozen=True)
class Adoption(Record):
    block: str
    status: str
    interval: Interval
    where: Where

    @classmethod
    def of(cls, record: dict[str, Any], where: Where) -> Adoption:
        return cls(record["block"], record["status"], interval_of(record), where, raw=record)


@dataclass(frozen=True)
class SecurityStatus(Record):
    status: str
    interval: Interval
    where: Where

    @classmethod
    def of(cls, record: dict[str, Any], where: Where) -> SecurityStatus:
        return cls(record["status"], interval_of(record), where, raw=record)


@dataclass(frozen=True)
class Portfolio(Record):
    government: str
    software: tuple[Usage, ...]
    building_blocks: tuple[Adoption, ...]
    security_plan: tuple[SecurityStatus, ...]
    where: Where


PortfolioPart = Literal["software", "building_blocks", "security_plan"]


class PortfolioDigest:
    """What the cache keeps of a portfolio whose file has no problem, besides its data: whether it
    is public, its software as UseRows and its building-block and security-plan records, each
    packed with marshal and unpacked on first use.  The queries that count (who uses what, who
    adopted which block, whose plan is adopted) answer from it without reading or building the
    portfolio; since the file has no problem, every record of it would be built, so the answers
    are the same."""

    def __init__(self, file: str, public: bool, software: bytes, parts: bytes) -> None:
        self.file = file
        self.public = public
        self._software = software
        self._parts = parts

    @cached_property
    def software(self) -> tuple[UseRow, ...]:
        make = tuple.__new__  # (what UseRow._make does, without its checks: the rows are ours)
        return tuple([make(UseRow, row) for row in marshal.loads(self._software)])

    @cached_property
    def building_blocks(self) -> tuple[Adoption, ...]:
        return tuple(Adoption.of(record, where) for where, record in self._records("building_blocks"))

    @cached_property
    def security_plan(self) -> tuple[SecurityStatus, ...]:
        return tuple(SecurityStatus.of(record, where) for where, record in self._records("security_plan"))

    @cached_property
    def _unpacked_parts(self) -> dict[str, list[dict[str, Any]]]:
        return marshal.loads(self._parts)  # type: ignore[no-any-return]

    def _records(self, key: str) -> Iterator[tuple[Where, dict[str, Any]]]:
        for index, record in enumerate(self._unpacked_parts.get(key, ())):
            yield Where(self.file, (key, index)), record


@dataclass
class Dataset:
    """Everything in a data folder: the parsed files and the records, indexed by id."""

    files: dict[str, LoadedFile] = field(default_factory=dict)
    sources: dict[str, Where] = field(default_factory=dict)
    provinces: dict[str, Province] = field(default_factory=dict)
    governments: dict[str, Government] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)
    reference_regions: dict[str, ReferenceRegion] = field(default_factory=dict)
    blocks: dict[str, Block] = field(default_factory=dict)
    standards: dict[str, Standard] = field(default_factory=dict)
    vendors: dict[str, Vendor] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)
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
