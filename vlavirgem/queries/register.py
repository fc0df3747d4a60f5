"""The government register as of a date, and the whole history of one government."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from datetime import date as _date  # for Event, whose field "date" hides the type in its body
from typing import Any

from vlavirgem.core.model import Dataset, Government
from vlavirgem.core.values import Interval, joined
from vlavirgem.queries.affiliation import regions_on, valid_governments
from vlavirgem.queries.names import fold, lifetime


def government_rows(dataset: Dataset, on: date, province: str | None = None, kind: str | None = None,
                    region: str | None = None) -> list[dict[str, Any]]:
    """The governments valid on a date (optionally of one province, kind or region), with their region."""
    members = regions_on(dataset, on)
    rows = []
    for g in valid_governments(dataset, on):
        if (province and g.province != province) or (kind and g.kind != kind):
            continue
        if region is not None and members.get(g.id) != region:
            continue
        rows.append({"id": g.id, "kind": g.kind, "name": g.name, "nis": g.nis, "kbo": g.kbo, "ovo": g.ovo,
                     "province": g.province_name, "arrondissement": g.arrondissement,
                     "region": members.get(g.id), "valid_from": _iso(g.validity.start),
                     "valid_until": _iso(g.validity.end)})
    rows.sort(key=lambda r: (r["province"], fold(r["name"]), r["kind"], r["id"]))
    return rows


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True)
class Event:
    """One dated fact in a government's history."""

    date: _date | None
    until: _date | None
    topic: str  # existence, merger, region, reference-region, software, building-block, security-plan
    what: str

    def row(self) -> dict[str, Any]:
        return {"date": _iso(self.date), "until": _iso(self.until), "topic": self.topic, "what": self.what}


def predecessors(dataset: Dataset, government: Government) -> list[Government]:
    """The governments that merged into this one (not itself, when it kept its id)."""
    return sorted((g for g in dataset.governments.values()
                   if g.successor == government.id and g.id != government.id), key=lambda g: g.id)


def former_names(dataset: Dataset) -> dict[str, tuple[str, ...]]:
    """Government id -> the names of the governments that merged into it, directly or through an
    earlier merger, that differ from its own (Deinze 2019: Nevele).  One pass over the register."""
    merged_into: dict[str, list[Government]] = defaultdict(list)
    for g in dataset.governments.values():
        if g.successor and g.successor != g.id:
            merged_into[g.successor].append(g)
    found = {}
    for government_id, direct in merged_into.items():
        government = dataset.governments.get(government_id)
        if government is None:
            continue
        names: set[str] = set()
        seen = {government_id}
        todo = list(direct)
        while todo:
            predecessor = todo.pop()
            if predecessor.id in seen:
                continue
            seen.add(predecessor.id)
            names.add(predecessor.name)
            todo += merged_into.get(predecessor.id, ())
        own = fold(government.name)
        kept = sorted({fold(name): name for name in names if fold(name) != own}.values(), key=fold)
        if kept:
            found[government_id] = tuple(kept)
    return found


def counterparts(dataset: Dataset) -> dict[str, str]:
    """Government id -> its counterpart: the OCMW of a gemeente and the gemeente of an OCMW, the
    other kind with the same NIS code whose period overlaps (the one with the smallest id, if two)."""
    by_nis: dict[str, list[Government]] = defaultdict(list)
    for government in dataset.governments.values():
        by_nis[government.nis].append(government)
    found = {}
    for government in dataset.governments.values():
        others = sorted(o.id for o in by_nis[government.nis]
                        if o.kind != government.kind and o.validity.overlaps(government.validity))
        if others:
            found[government.id] = others[0]
    return found


def profile(dataset: Dataset, government: Government, on: date) -> dict[str, Any]:
    """Identifiers, place and situation on a date, and the timeline of the whole history."""
    members = regions_on(dataset, on)
    return {
        "id": government.id, "kind": government.kind, "name": government.name, "nis": government.nis,
        "kbo": government.kbo, "ovo": government.ovo, "province": government.province_name,
        "arrondissement": government.arrondissement, "valid_from": _iso(government.validity.start),
        "valid_until": _iso(government.validity.end), "lifetime": lifetime(government),
        "successor": government.successor,
        "predecessors": [g.id for g in predecessors(dataset, government)],
        "on": on.isoformat(), "valid_on": government.valid_on(on), "region_on": members.get(government.id),
        "timeline": [event.row() for event in timeline(dataset, government)],
    }


def timeline(dataset: Dataset, government: Government) -> list[Event]:
    """Everything recorded about a government, in date order (undated facts first)."""
    events = [*_existence(dataset, government), *_regions(dataset, government), *_portfolio(dataset, government)]
    return sorted(events, key=lambda e: (e.date or date.min, e.topic, e.what))


def _name(dataset: Dataset, government_id: str) -> str:
    government = dataset.governments.get(government_id)
    return f"{government.name} ({government_id})" if government else government_id


def _existence(dataset: Dataset, government: Government) -> list[Event]:
    start, end = government.validity.start, government.validity.end
    before = predecessors(dataset, government)
    events = []
    if start:
        origin = f": merger of {', '.join(_name(dataset, g.id) for g in before)}" if before else ""
        events.append(Event(start, None, "existence", f"comes into being{origin}"))
    else:
        events.append(Event(None, None, "existence", "exists since before the register's first vintage (2015)"))
    if not start:
        for other in before:
            day = other.validity.end + timedelta(days=1) if other.validity.end else None
            events.append(Event(day, None, "merger", f"absorbs {_name(dataset, other.id)}"))
    if end:
        into = f"; merged into {_name(dataset, government.successor)}" if government.successor else ""
        events.append(Event(end, None, "existence", f"last day{into}"))
    return events


def _regions(dataset: Dataset, government: Government) -> list[Event]:
    """Its memberships and its place in a reference region, records that follow each other without a
    gap joined (a government that keeps its id through a merger stays one member, not two)."""
    events = []
    by_region: dict[str, list[Interval]] = defaultdict(list)
    for member in dataset.memberships_of(government.id):
        by_region[member.region].append(member.interval)
    for region_id, intervals in by_region.items():
        region = dataset.regions.get(region_id)
        name = region.name if region else region_id
        events += [Event(i.start, i.end, "region", f"member of {name}") for i in joined(intervals)]
    for reference in dataset.reference_regions.values():
        parts = [part.interval for part in reference.territory
                 if part.government == f"gemeente-{government.nis}" and part.interval.overlaps(government.validity)]
        events += [Event(i.start, i.end, "reference-region",
                         f"lies in reference region {reference.name} ({reference.code})") for i in joined(parts)]
    return events


def _portfolio(dataset: Dataset, government: Government) -> list[Event]:
    portfolio = dataset.portfolio(government.id)
    if portfolio is None:
        return []
    events = []
    for usage in portfolio.software:
        product = dataset.products.get(usage.product)
        name = product.name if product else usage.product
        seen = (f" (seen {', '.join(d.isoformat() for d in usage.observed)})"
                if usage.observed and not usage.interval.start else "")
        last = government.validity.end
        if usage.observed and not usage.interval.start and last and min(usage.observed) > last:
            seen = (f" (still listed on {min(usage.observed).isoformat()}, after the government's last day; "
                    "when its use began is not known)")
        span = usage.known_span
        start = span.start if not (span.start and span.end and span.start > span.end) else None
        events.append(Event(start, usage.interval.end, "software", f"{usage.status}: {name}{seen}"))
    for adoption in portfolio.building_blocks:
        block = dataset.blocks.get(adoption.block)
        events.append(Event(adoption.interval.start, adoption.interval.end, "building-block",
                            f"{adoption.status}: {block.name if block else adoption.block}"))
    for status in portfolio.security_plan:
        events.append(Event(status.interval.start, status.interval.end, "security-plan", status.status))
    return events
