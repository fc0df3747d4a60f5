"""The rules of time: intervals in order, records within their government's life, one thing at a
time, and successor chains that end today."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from vlavirgem.core.checks.common import (
    at,
    inverted,
    label,
    overlapping,
    same_thing_overlaps,
    span,
    territory,
    with_article,
)
from vlavirgem.core.checks.portfolios import suspects
from vlavirgem.core.model import Dataset, Government
from vlavirgem.core.problems import Problem
from vlavirgem.core.values import Interval, Where


def check_interval_order(dataset: Dataset) -> list[Problem]:
    """Every interval starts on or before its end."""
    problems: list[Problem] = []
    for interval, where, start_key, end_key in _intervals(dataset):
        if interval.start and interval.end and interval.start > interval.end:
            problems.append(at(dataset, where, "interval-order",
                                f"{end_key} {interval.end} lies before {start_key} {interval.start}; "
                                "an interval runs from its first to its last day", end_key))
    return problems


def _intervals(dataset: Dataset) -> Iterator[tuple[Interval, Where, str, str]]:
    for government in dataset.governments.values():
        yield government.validity, government.where, "valid_from", "valid_until"
    for part in territory(dataset):
        yield part.interval, part.where, "from", "until"
    for region in dataset.regions.values():
        for member in region.members:
            yield member.interval, member.where, "from", "until"
        for step in region.cycle:
            yield step.interval, step.where, "from", "until"


def check_within_validity(dataset: Dataset) -> list[Problem]:
    """Memberships, software use, adoptions and plans lie within their government's existence."""
    problems: list[Problem] = []
    for member in dataset.memberships():
        problems.extend(_within(dataset, member.government, member.interval, member.where, "membership"))
    for part in territory(dataset):
        problems.extend(_within(dataset, part.government, part.interval, part.where,
                                "part of a reference region"))
    for portfolio in suspects(dataset):
        for usage in portfolio.software:
            problems.extend(_within(dataset, portfolio.government, usage.known_span, usage.where,
                                    "software use"))
        for noun, records in (("building-block adoption", portfolio.building_blocks),
                              ("security-plan status", portfolio.security_plan)):
            for record in records:
                problems.extend(_within(dataset, portfolio.government, record.interval, record.where, noun))
    return problems


def _within(dataset: Dataset, government_id: str, interval: Interval, where: Where,
            noun: str) -> list[Problem]:
    government = dataset.governments.get(government_id)
    if (government is None or inverted(government.validity) or inverted(interval)
            or interval.within(government.validity)):
        return []
    named = label(dataset, government_id)
    validity = government.validity
    if validity.start and (interval.start is None or interval.start < validity.start):
        return [at(dataset, where, "outside-validity",
                    f"{named} exists only from {validity.start}{_predecessors(dataset, government)}; "
                    f"start this {noun} on {validity.start} or later", "from")]
    assert validity.end is not None
    ending = f"{named} ended on {validity.end}"
    if government.successor:
        ending += (f": it merged into {label(dataset, government.successor)} from "
                   f"{validity.end + timedelta(days=1)}")
    fix = f"end this {noun} on {validity.end} at the latest"
    if government.successor:
        fix += f" and record it for {government.successor} from then on"
    if interval.end is None:
        return [at(dataset, where, "outside-validity",
                    f"{ending}, but this {noun} has no until date; {fix}")]
    return [at(dataset, where, "outside-validity", f"{ending}, but this {noun} runs until "
                f"{interval.end}; {fix}", "until")]


def _predecessors(dataset: Dataset, government: Government) -> str:
    before = sorted(g.id for g in dataset.governments.values() if g.successor == government.id)
    return f" (before that: {', '.join(before)})" if before else ""


def check_overlaps(dataset: Dataset) -> list[Problem]:
    """One region per government per day; one status per block, product or plan per day."""
    problems: list[Problem] = []
    by_government: dict[str, list[Any]] = defaultdict(list)
    for member in dataset.memberships():
        by_government[member.government].append(member)
    for government_id, members in by_government.items():
        for earlier, later in overlapping(members):
            where = ("already a member of this region" if earlier.region == later.region
                     else f"already a member of {earlier.region}")
            first = dataset.files[earlier.where.file].position(earlier.where.path)
            problems.append(at(dataset, later.where, "membership-overlap",
                                f"{label(dataset, government_id)} is {where} "
                                f"{span(earlier.interval)} "
                                f"({earlier.where.file}:{first[0]}); a government belongs to one "
                                "region at a time: end one membership before the other starts", "from"))
    problems.extend(same_thing_overlaps(dataset, territory(dataset), "government", "territory-overlap",
                                         "place of this municipality in a reference region"))
    for region in dataset.regions.values():
        problems.extend(same_thing_overlaps(dataset, region.cycle, "block", "cycle-overlap",
                                             "PDCA step"))
    return problems


def check_successors(dataset: Dataset, today: date) -> list[Problem]:
    """Merged governments name a successor, and every successor chain ends in a government of today."""
    problems: list[Problem] = []
    governments = dataset.governments
    for government in governments.values():
        if inverted(government.validity):
            continue
        if government.validity.end and not government.successor and government.validity.end < today:
            problems.append(at(dataset, government.where, "no-successor",
                                f"{government.id} ended on {government.validity.end} without a successor; "
                                "name the government that took over", "valid_until", severity="warning"))
        if not government.successor or government.successor not in governments:
            continue
        successor = governments[government.successor]
        if successor.kind != government.kind:
            problems.append(at(dataset, government.where, "successor-kind",
                                f"{with_article(government.kind)} is succeeded by {with_article(government.kind)}, not by "
                                f"{with_article(successor.kind)}: {label(dataset, successor.id)}", "successor"))
        if inverted(successor.validity):
            continue
        day_after = government.validity.end + timedelta(days=1) if government.validity.end else None
        if day_after and successor.id != government.id and not successor.valid_on(day_after):
            problems.append(at(dataset, government.where, "successor-gap",
                                f"{label(dataset, successor.id)} does not exist on {day_after}, the day "
                                f"after {government.id} ended", "successor", severity="warning"))
        problems.extend(_chain(dataset, government, today))
    return problems


def _chain(dataset: Dataset, government: Government, today: date) -> list[Problem]:
    seen = [government.id]
    current = government
    while current.successor:
        following = dataset.governments.get(current.successor)
        if following is None or inverted(following.validity):
            return []  # reported as an unknown reference or as interval-order
        if following.id in seen:
            return _circle(dataset, government, seen[seen.index(following.id):])
        seen.append(following.id)
        current = following
    if current.valid_on(today):
        return []
    return [at(dataset, government.where, "successor-chain",
                f"the successors of {government.id} end in {label(dataset, current.id)}, which does "
                f"not exist today ({today}): name its successor", "successor")]


def _circle(dataset: Dataset, government: Government, circle: list[str]) -> list[Problem]:
    """A circle of successors, reported once: at its first id (not at the governments leading into it)."""
    if government.id != min(circle):
        return []
    if len(circle) == 1:
        return [at(dataset, government.where, "successor-chain",
                    f"{government.id} names itself as its successor; name the government that took over",
                    "successor")]
    return [at(dataset, government.where, "successor-chain",
                f"the successors of {government.id} run in a circle: {' -> '.join([*circle, government.id])}; "
                "name the government that took over where the circle goes wrong", "successor")]
