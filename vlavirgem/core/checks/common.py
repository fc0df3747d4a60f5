"""The small pieces every check shares: a located problem, a government's label, intervals and overlaps."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from vlavirgem.core.model import Dataset, Membership
from vlavirgem.core.problems import Problem
from vlavirgem.core.values import Interval, Where


def at(dataset: Dataset, where: Where, code: str, message: str, *fields: str | int,
        severity: str = "error", key: bool = False) -> Problem:
    return dataset.files[where.file].problem((*where.path, *fields), code, message,
                                             severity=severity, key=key)


def label(dataset: Dataset, government_id: str) -> str:
    government = dataset.governments.get(government_id)
    return f"{government_id} ({government.name})" if government else government_id


def with_article(kind: str) -> str:
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"


def inverted(interval: Interval) -> bool:
    """An interval that ends before it starts: reported once, as interval-order, and left out of the
    other time checks, whose answers about it would mean nothing."""
    return interval.start is not None and interval.end is not None and interval.start > interval.end


def span(interval: Interval) -> str:
    start = f"from {interval.start}" if interval.start else "from the start of the register"
    return f"{start} until {interval.end}" if interval.end else f"{start}, with no end"


def suggestion(wanted: str, pool: Iterable[str], names: dict[str, str] | None = None) -> str:
    close = difflib.get_close_matches(wanted, sorted(pool), n=1, cutoff=0.75)
    if not close:
        return ""
    name = f" ({names[close[0]]})" if names and close[0] in names else ""
    return f"; did you mean '{close[0]}'{name}?"


def territory(dataset: Dataset) -> list[Membership]:
    return [part for reference in dataset.reference_regions.values() for part in reference.territory]


def overlapping(records: list[Any]) -> Iterator[tuple[Any, Any]]:
    records = [record for record in records if not inverted(record.interval)]
    ordered = sorted(records, key=lambda r: (r.interval.start or date.min, r.where.file, r.where.path))
    for index, later in enumerate(ordered):
        for earlier in ordered[:index]:
            if earlier.interval.overlaps(later.interval):
                yield earlier, later
                break


def same_thing_overlaps(dataset: Dataset, records: Iterable[Any], attribute: str | None,
                         code: str, noun: str) -> list[Problem]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for record in records:
        groups[getattr(record, attribute) if attribute else ""].append(record)
    problems = []
    for group in groups.values():
        for earlier, later in overlapping(group):
            line = dataset.files[earlier.where.file].position(earlier.where.path)[0]
            problems.append(at(dataset, later.where, code,
                                f"this {noun} overlaps the one on line {line}; close that one "
                                "(until) the day before this one starts", "from"))
    return problems
