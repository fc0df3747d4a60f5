"""Questions asked of a Dataset on a date.  Pure functions: no printing, no files."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from vlavirgem.core.model import Dataset, Government
from vlavirgem.core.problems import UsageError
from vlavirgem.queries.names import fold

KINDS = ("gemeente", "ocmw")


def valid_governments(dataset: Dataset, on: date) -> list[Government]:
    """The governments that exist on a date."""
    return [g for g in dataset.governments.values() if g.valid_on(on)]


def region_of(dataset: Dataset, government_id: str, on: date) -> str | None:
    """The region a government is member of on a date, or None."""
    for member in dataset.memberships_of(government_id):
        if member.interval.contains(on):
            return member.region
    return None


def regions_on(dataset: Dataset, on: date, include_internal: bool = True) -> dict[str, str]:
    """Government id -> the region it is member of on a date, for every member that day (without
    ``include_internal``: only public memberships of public regions)."""
    return {member.government: region.id for region in dataset.regions.values()
            if include_internal or region.public for member in region.members
            if (include_internal or member.public) and member.interval.contains(on)}


def resolve_province(dataset: Dataset, wanted: str) -> str:
    """A province id from its id, name or NIS code, case- and accent-insensitive."""
    for province in dataset.provinces.values():
        if fold(wanted) in (fold(province.id), fold(province.name)) or wanted.strip() == province.nis:
            return province.id
    choices = sorted(dataset.provinces)
    close = difflib.get_close_matches(fold(wanted), choices, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise UsageError(f"there is no province '{wanted}'{hint}; choose one of: {', '.join(choices)}")


def resolve_kind(wanted: str) -> str:
    kind = fold(wanted)
    if kind not in KINDS:
        raise UsageError(f"--kind must be gemeente or ocmw, not '{wanted}'")
    return kind


@dataclass(frozen=True)
class Unaffiliated:
    """The answer of ``unaffiliated``: the governments without a region, and notes on the date."""

    on: date
    governments: tuple[Government, ...]
    valid_count: int
    notes: tuple[str, ...]


def unaffiliated(dataset: Dataset, on: date, province: str | None = None,
                 kind: str | None = None) -> Unaffiliated:
    """The governments valid on ``on`` that are member of no region, sorted by province and name."""
    candidates = [
        g for g in valid_governments(dataset, on)
        if (province is None or g.province == province) and (kind is None or g.kind == kind)
    ]
    members = regions_on(dataset, on)
    outside = sorted((g for g in candidates if g.id not in members),
                     key=lambda g: (g.province_name, fold(g.name), g.kind, g.id))
    return Unaffiliated(on, tuple(outside), len(candidates), tuple(_date_notes(dataset, on, outside)))


def _date_notes(dataset: Dataset, on: date, outside: list[Government]) -> list[str]:
    """Say so when the date lies before the first recorded membership, overall or per province."""
    starts = [m.interval.start for m in dataset.memberships() if m.interval.start]
    if not starts:
        return ["No memberships are recorded in this dataset."]
    first = min(starts)
    if on < first:
        return [f"{on} lies before the first recorded membership ({first}): no region had members yet."]
    notes = []
    first_by_province: dict[str, date] = {}
    for member in dataset.memberships():
        government = dataset.governments.get(member.government)
        if government and member.interval.start:
            known = first_by_province.get(government.province_name)
            if known is None or member.interval.start < known:
                first_by_province[government.province_name] = member.interval.start
    for province in sorted({g.province_name for g in outside}):
        start = first_by_province.get(province)
        if start is None:
            notes.append(f"{province}: no membership is recorded for any government of this province.")
        elif on < start:
            notes.append(f"{province}: the first membership in this province starts on {start}; "
                         f"before that no region covered it.")
    return notes
