"""The records of a portfolio (what one government uses): software use, building-block adoptions,
security-plan statuses, and the compact digest that the counting queries read from the cache."""

from __future__ import annotations

import marshal
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, Literal, NamedTuple

from vlavirgem.core.values import Interval, Record, Where, interval_of


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
