"""The vocabulary of a changes report: the kinds of change, one change, the report, and the window
rules every part of it applies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from vlavirgem.core.problems import UsageError
from vlavirgem.queries.names import fold

KINDS = ("merged", "created", "joined", "moved", "left", "new-software", "software-stopped",
         "adoption", "security-plan-adopted", "pdca-step")


MEMBERSHIP_KINDS = KINDS[:5]


ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Change:
    """One change: when it took effect, what kind, who and where, and a sentence for people."""

    day: date
    kind: str
    government_id: str | None
    government_name: str | None
    region_id: str | None
    region_name: str | None
    detail: str
    previous_region_id: str | None = None
    previous_region_name: str | None = None
    subject_id: str | None = None  # the product (software) or building block (adoption, PDCA)
    subject_name: str | None = None
    status: str | None = None
    previous_status: str | None = None
    predecessors: tuple[str, ...] = ()  # merged: the governments that went into this one
    # every region the change concerns, for --region
    regions: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class Changes:
    """The answer of ``changes``: the window (after ``start``, up to and including ``end``)."""

    start: date
    end: date
    changes: tuple[Change, ...]


def in_window(day: date | None, start: date, end: date) -> bool:
    return day is not None and start < day <= end


def ended(until: date | None) -> date | None:
    """The first day on which a record that lasts ``until`` is no longer in effect."""
    return until + ONE_DAY if until else None


def resolve_kinds(wanted: Iterable[str]) -> frozenset[str]:
    chosen = frozenset(fold(kind) for kind in wanted)
    unknown = sorted(chosen - set(KINDS))
    if unknown:
        raise UsageError(f"--kind {unknown[0]!r} is not a kind of change; choose from: {', '.join(KINDS)}")
    return chosen
