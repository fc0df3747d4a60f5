"""The changes in the register and the regions: mergers, new governments, joins, moves and leaves.

Membership history is compared per government and region, not per record (see the package)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from vlavirgem.core.model import Dataset, Government
from vlavirgem.core.values import Interval, joined
from vlavirgem.queries.changes.events import ONE_DAY, Change, ended, in_window
from vlavirgem.queries.names import fold


@dataclass(frozen=True)
class Span:
    """A membership as people see it: one government in one region, records without gaps joined."""

    government: str
    region: str
    start: date | None
    end: date | None


def membership_spans(dataset: Dataset, include_internal: bool = False) -> dict[str, list[Span]]:
    """Government id -> its memberships, contiguous records in one region joined, sorted by start."""
    by_pair: dict[tuple[str, str], list[Interval]] = defaultdict(list)
    for member in dataset.memberships():
        region_record = dataset.regions[member.region]
        if include_internal or (member.public and region_record.public):
            by_pair[member.government, member.region].append(member.interval)
    spans: dict[str, list[Span]] = defaultdict(list)
    for (government, region), intervals in by_pair.items():
        spans[government] += [Span(government, region, i.start, i.end) for i in joined(intervals)]
    for items in spans.values():
        items.sort(key=lambda s: (s.start or date.min, s.region))
    return spans


def region_on(spans: list[Span], day: date) -> str | None:
    for span in spans:
        if Interval(span.start, span.end).contains(day):
            return span.region
    return None


class Report:
    """Gathers the changes of one window."""

    def __init__(self, dataset: Dataset, start: date, end: date, include_internal: bool) -> None:
        self.dataset, self.start, self.end = dataset, start, end
        self.include_internal = include_internal
        self.spans = membership_spans(dataset, include_internal)
        self.predecessors: dict[str, list[Government]] = defaultdict(list)
        for government in dataset.governments.values():
            if government.successor and government.successor != government.id and self.shown(government):
                self.predecessors[government.successor].append(government)

    def shown(self, record: object) -> bool:
        return self.include_internal or bool(getattr(record, "public", True))

    def region_of(self, government_id: str, day: date) -> str | None:
        return region_on(self.spans.get(government_id, []), day)

    def change(self, day: date, kind: str, government: Government | None, region: str | None, detail: str, *,
               previous_region: str | None = None, subject: tuple[str, str] | None = None,
               status: str | None = None, previous_status: str | None = None,
               predecessors: tuple[str, ...] = (), touches: Iterable[str | None] = ()) -> Change:
        touched = frozenset(r for r in (region, previous_region, *touches) if r)
        name = {key: self.dataset.regions[key].name for key in touched}.get
        return Change(
            day, kind, government.id if government else None, government.name if government else None,
            region, name(region or ""), detail, previous_region, name(previous_region or ""),
            subject[0] if subject else None, subject[1] if subject else None, status, previous_status,
            predecessors, touched,
        )

    # -- governments -------------------------------------------------------------------------------------------

    def mergers(self) -> Iterator[Change]:
        for successor_id, olds in self.predecessors.items():
            successor = self.dataset.governments.get(successor_id)
            if successor is not None and not self.shown(successor):
                continue
            by_day: dict[date, list[Government]] = defaultdict(list)
            for old in olds:
                day = ended(old.validity.end)
                if day is not None and in_window(day, self.start, self.end):
                    by_day[day].append(old)
            for day, group in sorted(by_day.items()):
                group.sort(key=lambda g: (fold(g.name), g.id))
                listing = _and([f"{g.name} ({g.id})" for g in group])
                fresh = successor is not None and successor.validity.start == day
                detail = f"new {group[0].kind}, merged from {listing}" if fresh else f"absorbed {listing}"
                before = {self.region_of(g.id, day - ONE_DAY) for g in group}
                yield self.change(day, "merged", successor, self.region_of(successor_id, day), detail,
                                  predecessors=tuple(g.id for g in group), touches=before)

    def creations(self) -> Iterator[Change]:
        for government in self.dataset.governments.values():
            day = government.validity.start
            if day is None or not in_window(day, self.start, self.end):
                continue
            if government.id not in self.predecessors and self.shown(government):
                yield self.change(day, "created", government, self.region_of(government.id, day),
                                  f"new {government.kind} {government.name}")

    # -- memberships -------------------------------------------------------------------------------------------

    def memberships(self) -> Iterator[Change]:
        for government_id, spans in self.spans.items():
            government = self.dataset.governments.get(government_id)
            if government is None or not self.shown(government):
                continue
            for span in spans:
                yield from self._start(government, span, spans)
                yield from self._end(government, span, spans)

    def _start(self, government: Government, span: Span, spans: list[Span]) -> Iterator[Change]:
        day = span.start
        if day is None or not in_window(day, self.start, self.end):
            return
        before = [s for s in spans if s.end == day - ONE_DAY and s.region != span.region]
        if before:
            old = self.dataset.regions[before[0].region].name
            yield self.change(day, "moved", government, span.region,
                              f"moved from {old} to {self.dataset.regions[span.region].name}",
                              previous_region=before[0].region)
            return
        olds = self.predecessors.get(government.id, [])
        if olds and government.validity.start == day:
            if all(self.region_of(g.id, day - ONE_DAY) == span.region for g in olds):
                return  # the merger tells it
            yield self.change(day, "joined", government, span.region,
                              f"new {government.kind} from a merger; joined "
                              f"{self.dataset.regions[span.region].name}")
            return
        yield self.change(day, "joined", government, span.region,
                          f"joined {self.dataset.regions[span.region].name}")

    def _end(self, government: Government, span: Span, spans: list[Span]) -> Iterator[Change]:
        day = ended(span.end)
        if day is None or not in_window(day, self.start, self.end):
            return
        if any(s.start == day and s.region != span.region for s in spans):
            return  # a move, reported at its start
        region_name = self.dataset.regions[span.region].name
        detail = f"left {region_name} (member until {span.end})"
        if government.successor and span.end == government.validity.end:
            if self.region_of(government.successor, day) == span.region:
                return  # the merger tells it
            successor = self.dataset.governments.get(government.successor)
            elsewhere = self.region_of(government.successor, day)
            where = f"in {self.dataset.regions[elsewhere].name}" if elsewhere else "in no region"
            detail = (f"left {region_name}: merged into "
                      f"{successor.name if successor else government.successor}, {where}")
        yield self.change(day, "left", government, span.region, detail)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
