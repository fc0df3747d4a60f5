"""The knowledge circles over time: how many governments, members, circles and governments in no
circle, per year or at every date on which one of those can change, with the events that changed
them (mergers, the first memberships of a province, moves) and, beside them, the figures others
reported for the same years.

Every point is computed as ``unaffiliated`` computes its answer for that day, so the series and the
answer for any one day never disagree.  Reported figures are never mixed into a point: they travel
apart, each with its date, publisher and source.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from vlavirgem.core.model import Dataset, ReportedFigure
from vlavirgem.core.wording import counted
from vlavirgem.queries.affiliation import regions_on, unaffiliated
from vlavirgem.queries.network_coverage import unaffiliated_in
from vlavirgem.queries.networks import CIRCLE, KIND_NAMES, Day, first_start, views
from vlavirgem.queries.reported import reported_figures

ONE_DAY = timedelta(days=1)
BY = ("year", "change")


@dataclass(frozen=True)
class Point:
    """The state of the circles on one day."""

    day: date
    governments: int  # valid that day
    members: int  # of those, members of a circle
    unaffiliated: int  # of those, in no circle
    circles: int  # circles (networks of the kind asked about) with at least one member


@dataclass(frozen=True)
class Event:
    """Something that changed the counts: a merger, a province's first memberships, moves."""

    day: date
    kind: str  # merger, joined, moved, left
    count: int  # governments concerned
    detail: str
    # a merger: how many governments came out of it, of each kind (gemeente, ocmw) -> (before, after)
    kinds: tuple[tuple[str, int, int], ...] = ()
    regions: tuple[str, ...] = ()  # a change of membership: the regions it concerns, by name


@dataclass(frozen=True)
class Timeline:
    start: date
    end: date
    by: str
    points: tuple[Point, ...]
    events: tuple[Event, ...]
    reported: tuple[ReportedFigure, ...]  # knowledge-circle figures others published (not computed)
    records_start: date | None  # the first recorded membership
    notes: tuple[str, ...]
    kind: str = CIRCLE  # the kind of network the points count


def change_days(dataset: Dataset, kind: str = CIRCLE) -> list[date]:
    """Every day on which a government begins or ends to exist, or a membership in a network of
    ``kind`` begins or ends (an observed membership: the day it was observed)."""
    days: set[date] = set()
    for government in dataset.governments.values():
        if government.validity.start:
            days.add(government.validity.start)
        if government.validity.end:
            days.add(government.validity.end + ONE_DAY)
    intervals = ([m.interval for m in dataset.memberships()] if kind == CIRCLE
                 else [tie.interval for network in views(dataset, kind) for tie in network.ties])
    for interval in intervals:
        if interval.start:
            days.add(interval.start)
        if interval.end:
            days.add(interval.end + ONE_DAY)
    return sorted(days)


def point(dataset: Dataset, day: date, kind: str = CIRCLE, government_kind: str | None = None) -> Point:
    """The counts on ``day``, exactly as ``unaffiliated`` (``--network KIND``, ``--kind``) and
    ``regions_on`` answer for that day; networks count when a government of the kind is a member."""
    def counts(government_id: str) -> bool:
        government = dataset.governments.get(government_id)
        return government_kind is None or (government is not None and government.kind == government_kind)

    if kind == CIRCLE:
        outside = unaffiliated(dataset, day, kind=government_kind)
        circles = len({region for g, region in regions_on(dataset, day).items() if counts(g)})
    else:
        outside = unaffiliated_in(dataset, day, kind, government_kind=government_kind)
        circles = len({network.id for g, ties in Day(dataset, day, kind).members.items() if counts(g)
                       for network, _ in ties})
    return Point(day, outside.valid_count, outside.valid_count - len(outside.governments),
                 len(outside.governments), circles)


def timeline(dataset: Dataset, start: date, end: date, by: str = "year", kind: str = CIRCLE,
             government_kind: str | None = None) -> Timeline:
    """The series from ``start`` to ``end`` (both included): on 1 January of every year and on the
    end date (``by="year"``), or on the start date and every day something changed (``"change"``).
    ``kind`` counts the networks of another kind than the knowledge circles (igs-wonen, ...);
    ``government_kind`` only the governments of that kind (gemeente or ocmw)."""
    if by not in BY:
        raise ValueError(f"by must be one of {BY}")
    if by == "year":
        days = [date(year, 1, 1) for year in range(start.year, end.year + 1) if start <= date(year, 1, 1)]
    else:
        days = [day for day in change_days(dataset, kind) if start < day <= end]
    days = sorted({start, *days, end})
    points = tuple(point(dataset, day, kind, government_kind) for day in days if start <= day <= end)
    if kind == CIRCLE:
        starts = [m.interval.start for m in dataset.memberships() if m.interval.start]
        first = min(starts) if starts else None
    else:
        first = first_start(views(dataset, kind))
    noun = "circle" if kind == CIRCLE else KIND_NAMES.get(kind, kind)
    notes = []
    if first is None:
        notes.append("No memberships are recorded in this dataset." if kind == CIRCLE
                     else f"No memberships of a {noun} are recorded in this dataset.")
    elif start < first:
        notes.append(f"The recorded memberships start on {first}; before that the counts show every "
                     f"government as in no {noun}" + (", and only the reported figures say what was known."
                                                       if kind == CIRCLE else "."))
    reported = tuple(f for f in reported_figures(dataset, "knowledge-circles") if f.day <= end) \
        if kind == CIRCLE else ()
    found = events(dataset, start, end) if kind == CIRCLE else \
        [e for e in events(dataset, start, end) if e.kind == "merger"]
    return Timeline(start, end, by, points, tuple(found), reported, first, tuple(notes), kind)


def events(dataset: Dataset, start: date, end: date) -> list[Event]:
    """The mergers and the membership changes between ``start`` and ``end``, one event per day and kind."""
    found: list[Event] = []
    merged: dict[date, list[str]] = defaultdict(list)
    into: dict[date, set[str]] = defaultdict(set)
    for government in dataset.governments.values():
        end_day = government.validity.end
        if (government.successor and government.successor != government.id and end_day
                and start < end_day + ONE_DAY <= end):
            merged[end_day + ONE_DAY].append(government.id)
            into[end_day + ONE_DAY].add(government.successor)
    for day in sorted(merged):
        before = Counter(dataset.governments[g].kind for g in merged[day])
        after = Counter(dataset.governments[g].kind for g in into[day] if g in dataset.governments)
        found.append(Event(day, "merger", len(merged[day]),
                           f"{before['gemeente']} gemeenten merged into {after['gemeente']}, "
                           f"{before['ocmw']} OCMWs into {after['ocmw']}",
                           kinds=tuple((kind, before[kind], after[kind]) for kind in ("gemeente", "ocmw"))))
    found.extend(_membership_events(dataset, start, end))
    return sorted(found, key=lambda e: (e.day, e.kind))


def _membership_events(dataset: Dataset, start: date, end: date) -> list[Event]:
    from vlavirgem.queries.changes import changes
    from vlavirgem.queries.changes.events import MEMBERSHIP_KINDS

    if start >= end:
        return []
    report = changes(dataset, start - ONE_DAY, end, kinds=[k for k in MEMBERSHIP_KINDS if k != "merged"])
    per_day: dict[tuple[date, str], list[str]] = defaultdict(list)
    for change in report.changes:
        if change.kind in ("joined", "moved", "left"):
            per_day[change.day, change.kind].append(change.region_name or change.region_id or "")
    found = []
    for (day, kind), regions in sorted(per_day.items()):
        named = sorted(set(regions))
        shown = ", ".join(named[:3]) + (f" and {len(named) - 3} more" if len(named) > 3 else "")
        found.append(Event(day, kind, len(regions), f"{counted(len(regions), 'government')} {kind} ({shown})",
                           regions=tuple(named)))
    return found
