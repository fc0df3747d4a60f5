"""The knowledge circles as of a date: members, coverage of their reference region, PDCA, changes."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from vlavirgem.core.model import Dataset, Government, Region
from vlavirgem.core.values import Interval
from vlavirgem.queries.affiliation import regions_on, valid_governments
from vlavirgem.queries.names import fold
from vlavirgem.queries.scope import share

PHASES = ("dissemination", "adoption", "innovation", "standardisation")


def territory_governments(dataset: Dataset, code: str | None, on: date) -> list[Government]:
    """The governments (gemeenten and their OCMWs) that lie in a reference region on a date."""
    reference = dataset.reference_regions.get(code or "")
    if reference is None:
        return []
    return [g for g in valid_governments(dataset, on) if reference.covers(g, on)]


def coverage_of(dataset: Dataset, region: Region, on: date, members: dict[str, str]) -> dict[str, Any]:
    """How much of its reference region's territory a circle covers on a date."""
    territory = territory_governments(dataset, region.reference_region, on)
    inside = [g for g in territory if members.get(g.id) == region.id]
    elsewhere = [g for g in territory if members.get(g.id) not in (None, region.id)]
    placed = {g.id for g in territory}
    outside = sorted(gid for gid, rid in members.items() if rid == region.id and gid not in placed)
    return {"territory": len(territory), "members_in_territory": len(inside),
            "in_other_regions": len(elsewhere), "unaffiliated": len(territory) - len(inside) - len(elsewhere),
            "members_outside_territory": len(outside), "outside_territory": outside,
            "share": share(len(inside), len(territory))}


def region_rows(dataset: Dataset, on: date) -> list[dict[str, Any]]:
    """Every region with its member counts and coverage on a date."""
    members = regions_on(dataset, on)
    rows = []
    for region in sorted(dataset.regions.values(), key=lambda r: fold(r.name)):
        kinds = Counter(dataset.governments[g].kind for g, r in members.items()
                        if r == region.id and g in dataset.governments)
        coverage = coverage_of(dataset, region, on, members)
        rows.append({"id": region.id, "name": region.name, "reference_region": region.reference_region,
                     "members": kinds["gemeente"] + kinds["ocmw"], "gemeenten": kinds["gemeente"],
                     "ocmws": kinds["ocmw"], "territory": coverage["territory"],
                     "outside_territory": coverage["members_outside_territory"], "coverage": coverage["share"]})
    return rows


def region_detail(dataset: Dataset, region: Region, on: date) -> dict[str, Any]:
    """Members on a date, counts, coverage, the PDCA matrix and the changes of the past year."""
    from vlavirgem.queries.changes import changes
    from vlavirgem.queries.changes.events import MEMBERSHIP_KINDS
    from vlavirgem.queries.changes.memberships import membership_spans

    members = regions_on(dataset, on)
    spans = membership_spans(dataset, include_internal=True)
    current = sorted((m for m in region.members if m.interval.contains(on)),
                     key=lambda m: (fold(_gov_name(dataset, m.government)), m.government))
    rows = [{"id": m.government, "name": _gov_name(dataset, m.government),
             "kind": dataset.governments[m.government].kind if m.government in dataset.governments else None,
             "since": _since(spans.get(m.government, []), region.id, on)} for m in current]
    year = changes(dataset, on - timedelta(days=365), on, kinds=MEMBERSHIP_KINDS, region=region.id,
                   include_internal=True)
    return {
        "id": region.id, "name": region.name, "kind": region.raw.get("kind"),
        "reference_region": region.reference_region, "description": region.raw.get("description"),
        "on": on.isoformat(),
        "counts": dict(Counter(row["kind"] for row in rows)),
        "coverage": coverage_of(dataset, region, on, members),
        "members": rows,
        "pdca": pdca_matrix(dataset, region, on),
        "changes_last_year": [
            {"date": c.day.isoformat(), "kind": c.kind, "id": c.government_id, "name": c.government_name,
             "detail": c.detail} for c in year.changes
        ],
        "coordinators": [c for c in region.raw.get("coordinators", []) if c.get("visibility") == "public"],
    }


def _gov_name(dataset: Dataset, government_id: str) -> str:
    government = dataset.governments.get(government_id)
    return government.name if government else government_id


def _since(spans: list[Any], region_id: str, on: date) -> str | None:
    """The first day of the unbroken membership (records that follow each other count as one)."""
    for span in spans:
        if span.region == region_id and (span.start is None or span.start <= on) and (
                span.end is None or on <= span.end):
            return span.start.isoformat() if span.start else None
    return None


def pdca_matrix(dataset: Dataset, region: Region, on: date) -> list[dict[str, Any]]:
    """Per building block: the phase and plan-do-check-act step the region is in on a date."""
    rows = []
    for step in sorted(region.cycle, key=lambda s: (s.block, s.interval.start or date.min)):
        if step.interval.contains(on):
            block = dataset.blocks.get(step.block)
            row: dict[str, str | None] = {"block": step.block, "block_name": block.name if block else step.block}
            row |= {phase: (step.step if phase == step.phase else None) for phase in PHASES}
            row["since"] = step.interval.start.isoformat() if step.interval.start else None
            rows.append(row)
    return rows


def coverage(dataset: Dataset, on: date, by: str = "province") -> list[dict[str, Any]]:
    """Governments valid, members, unaffiliated and the share affiliated, per province or region.

    By region, each row is a reference region's territory: its governments, the members of the
    circle that follows it, members of other circles, and the unaffiliated.
    """
    members = regions_on(dataset, on)
    rows = []
    if by == "region":
        for region in sorted(dataset.regions.values(), key=lambda r: fold(r.name)):
            c = coverage_of(dataset, region, on, members)
            rows.append({"group": region.name, "id": region.id, "valid": c["territory"],
                         "members": c["members_in_territory"], "in_other_regions": c["in_other_regions"],
                         "unaffiliated": c["unaffiliated"], "outside_territory": c["members_outside_territory"],
                         "share": c["share"]})
        placed = {g.id for r in dataset.regions.values() for g in territory_governments(dataset, r.reference_region, on)}
        unplaced = [g for g in valid_governments(dataset, on) if g.id not in placed]
        if unplaced:
            affiliated = sum(1 for g in unplaced if g.id in members)
            rows.append({"group": "(in no reference region)", "id": None, "valid": len(unplaced),
                         "members": 0, "in_other_regions": affiliated,
                         "unaffiliated": len(unplaced) - affiliated, "outside_territory": 0, "share": None})
    else:
        outside = _outside_territory(dataset, on, members)
        groups: dict[str, list[Government]] = {}
        for g in valid_governments(dataset, on):
            groups.setdefault(g.province_name, []).append(g)
        for name, governments in sorted(groups.items()):
            affiliated = sum(1 for g in governments if g.id in members)
            rows.append({"group": name, "id": governments[0].province, "valid": len(governments),
                         "members": affiliated, "in_other_regions": None,
                         "unaffiliated": len(governments) - affiliated,
                         "outside_territory": sum(1 for g in governments if g.id in outside),
                         "share": share(affiliated, len(governments))})
    total_valid = sum(r["valid"] for r in rows)
    total_members = sum(r["members"] for r in rows)
    rows.append({"group": "Total", "id": None, "valid": total_valid, "members": total_members,
                 "in_other_regions": sum(r["in_other_regions"] or 0 for r in rows) if by == "region" else None,
                 "unaffiliated": sum(r["unaffiliated"] for r in rows),
                 "outside_territory": sum(r["outside_territory"] for r in rows), "share": share(total_members, total_valid)})
    return rows


def _outside_territory(dataset: Dataset, on: date, members: dict[str, str]) -> set[str]:
    """The members on a date whose circle follows a reference region that does not hold them then."""
    found = set()
    for government_id, region_id in members.items():
        government = dataset.governments.get(government_id)
        reference = dataset.reference_regions.get(dataset.regions[region_id].reference_region or "")
        if government is not None and reference is not None and not reference.covers(government, on):
            found.add(government_id)
    return found


def member_counts(dataset: Dataset, region: Region, end: date) -> list[tuple[date, int]]:
    """How many members a region has, on the first day of its first membership and on every later
    day up to ``end`` on which one of its memberships begins or ends (the day after its last day).
    Each count is the number of members that ``region_detail`` lists for that day (what
    ``vlavirgem region show REGION --on DAY`` prints); between two of these days it does not change.
    Empty when the region has had no member up to ``end``."""
    days = {m.interval.start for m in region.members if m.interval.start is not None}
    days |= {m.interval.end + timedelta(days=1) for m in region.members if m.interval.end is not None}
    if any(m.interval.start is None for m in region.members):
        days.add(min([*days, end]))
    counts: list[tuple[date, int]] = []
    for day in sorted(d for d in days if d <= end):
        count = sum(1 for m in region.members if m.interval.contains(day))
        if not counts or counts[-1][1] != count:
            counts.append((day, count))
    return counts


def former_members(dataset: Dataset, region: Region, on: date) -> list[dict[str, Any]]:
    """The governments that were members of a region before a date and are not on it: each
    unbroken membership that ended before ``on`` (records that follow each other count as one),
    with where the government went the next day (another region, or the government it merged
    into) and the sources of its records, newest end first."""
    from vlavirgem.queries.changes.memberships import membership_spans, region_on

    spans = membership_spans(dataset, include_internal=True)
    current = {m.government for m in region.members if m.interval.contains(on)}
    rows: list[dict[str, Any]] = []
    for government_id, items in spans.items():
        if government_id in current:
            continue
        government = dataset.governments.get(government_id)
        for span in items:
            if span.region != region.id or span.end is None or span.end >= on:
                continue
            after = span.end + timedelta(days=1)
            successor = (government.successor if government is not None and government.validity.end is not None
                         and government.validity.end <= span.end and government.successor != government_id else None)
            sources: list[str] = []
            for member in region.members:
                if member.government == government_id and member.interval.within(Interval(span.start, span.end)):
                    sources += [str(x) for x in member.raw.get("sources") or () if str(x) not in sources]
            rows.append({"id": government_id, "name": _gov_name(dataset, government_id),
                         "kind": government.kind if government else None,
                         "from": span.start.isoformat() if span.start else None, "until": span.end.isoformat(),
                         "next_region": region_on(items, after), "successor": successor, "sources": sources})
    rows.sort(key=lambda r: (fold(r["name"]), r["id"]))
    rows.sort(key=lambda r: r["until"], reverse=True)
    return rows


def membership_sources(region: Region, government_ids: list[str], day: date) -> list[str]:
    """The sources cited by the membership records in a region of these governments that begin on
    a day or end on the day before it: what a change of membership on that day rests on."""
    before = day - timedelta(days=1)
    found: list[str] = []
    for member in region.members:
        if member.government in government_ids and (member.interval.start == day or member.interval.end == before):
            found += [str(source) for source in member.raw.get("sources") or () if str(source) not in found]
    return found
