"""The value types every record is made of: where a record stands in its file, a date as written,
an interval of days, and the base of every record (its data as written, and whether it is public)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple

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


def joined(intervals: Iterable[Interval]) -> list[Interval]:
    """The intervals with those that follow each other without a gap (or overlap) joined, by start:
    how people see records of one fact that were split for bookkeeping (the NIS codes of 2019 up to
    2024-12-31, those of 2025 from 2025-01-01)."""
    found: list[Interval] = []
    for interval in sorted(intervals, key=lambda i: i.start or date.min):
        last = found[-1] if found else None
        if (last is not None and last.end is not None and interval.start is not None
                and interval.start <= last.end + timedelta(days=1)):
            found[-1] = Interval(last.start, None if interval.end is None else max(interval.end, last.end))
        else:
            found.append(interval)
    return found


@dataclass(frozen=True)
class Record:
    """What every record has: the mapping it was built from, and whether it may be published."""

    # the record as written (schema-checked), for fields that no query needs typed
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False, kw_only=True)

    @property
    def public(self) -> bool:
        return self.raw.get("visibility", "public") != "internal"


Day = date  # the calendar date type, under a name that no field of a record takes
