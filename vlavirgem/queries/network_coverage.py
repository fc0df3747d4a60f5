"""Who is in no network of a kind, how much each network and kind covers, and one network in detail,
for the kinds other than the knowledge circles (queries/affiliation and queries/circles answer for
those, as they always did).

A network's territory is a reference region where one is defined; without one, its territory is its
members, so it has no coverage share.  Totals count each government once, however many networks of
the kind it is in.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from vlavirgem.core.model import Dataset, Government
from vlavirgem.queries.affiliation import Unaffiliated, valid_governments
from vlavirgem.queries.circles import territory_governments
from vlavirgem.queries.names import fold
from vlavirgem.queries.networks import KIND_NAMES, Day, NetworkView, first_start
from vlavirgem.queries.scope import share


def unaffiliated_in(dataset: Dataset, on: date, kind: str, province: str | None = None,
                    government_kind: str | None = None) -> Unaffiliated:
    """The governments valid on ``on`` in no network of ``kind``, sorted by province and name."""
    day = Day(dataset, on, kind)
    candidates = [g for g in valid_governments(dataset, on)
                  if (province is None or g.province == province)
                  and (government_kind is None or g.kind == government_kind)]
    outside = sorted((g for g in candidates if g.id not in day.members),
                     key=lambda g: (g.province_name, fold(g.name), g.kind, g.id))
    return Unaffiliated(on, tuple(outside), len(candidates), tuple(_notes(dataset, day, outside)))


def _notes(dataset: Dataset, day: Day, outside: list[Government]) -> list[str]:
    noun = KIND_NAMES.get(day.kind or "", "network")
    start = first_start(day.networks)
    if start is None:
        return [f"No membership of any {noun} is recorded in this dataset."]
    notes = []
    if day.on < start:
        notes.append(f"{day.on} lies before the first recorded membership of {_a(noun)} ({start}).")
    kind = dataset.network_kinds.get(day.kind or "")
    marked = {g for s in (kind.in_none if kind else ()) if s.interval.contains(day.on) for g in s.governments}
    if marked:
        confirmed = sum(1 for g in outside if g.id in marked)
        notes.append(f"The source itself names {confirmed} of them as in no {noun} on this date "
                     f"(data/network-kinds.yaml).")
    observed = [tie.observed for network in day.networks for tie in network.ties if tie.observed]
    if observed:
        notes.append(f"Memberships of {_a(noun)} are observed (first on {min(observed)}), not dated: "
                     "each is known from its observation on, while its government exists.")
    return notes


def network_rows(dataset: Dataset, on: date, kind: str) -> list[dict[str, Any]]:
    """Every network of a kind in force on a date (a network whose memberships all lie on other days,
    such as a project of another snapshot, is left out) with its members and, where it has a
    territory, its coverage."""
    day = Day(dataset, on, kind)
    rows = []
    for network in day.networks:
        members = day.members_of(network)
        if network.ties and not members:
            continue
        kinds = Counter(dataset.governments[t.government].kind for t in members)
        territory = territory_governments(dataset, network.territory, on) if network.territory else None
        inside = sum(1 for g in territory or () if any(t.government == g.id for t in members))
        rows.append({"id": network.id, "name": network.name, "kind": network.kind,
                     "legal_form": network.raw.get("legal_form"), "status": network.raw.get("status"),
                     "territory_region": network.territory, "members": len(members),
                     "gemeenten": kinds["gemeente"], "ocmws": kinds["ocmw"],
                     "territory": len(territory) if territory is not None else None,
                     "coverage": share(inside, len(territory)) if territory is not None else None})
    return rows


def kind_coverage(dataset: Dataset, on: date, kind: str, by: str = "province") -> list[dict[str, Any]]:
    """Per province or per reference region: governments valid, in a network of the kind, in none.

    The rows have the keys of the circles' coverage; ``in_other_regions`` and ``outside_territory``
    (a circle's members outside the territory it follows) mean nothing for other kinds and are None."""
    members = set(Day(dataset, on, kind).members)
    groups: dict[tuple[str, str | None], list[Government]] = {}
    valid = valid_governments(dataset, on)
    if by == "region":
        placed: set[str] = set()
        for reference in sorted(dataset.reference_regions.values(), key=lambda r: fold(r.name)):
            inside = [g for g in valid if reference.covers(g, on)]
            groups[(reference.name, reference.code)] = inside
            placed.update(g.id for g in inside)
        unplaced = [g for g in valid if g.id not in placed]
        if unplaced:
            groups[("(in no reference region)", None)] = unplaced
    else:
        for g in sorted(valid, key=lambda g: g.province_name):
            groups.setdefault((g.province_name, g.province), []).append(g)
    rows: list[dict[str, Any]] = []
    for (name, group_id), governments in groups.items():
        affiliated = sum(1 for g in governments if g.id in members)
        rows.append({"group": name, "id": group_id, "valid": len(governments), "members": affiliated,
                     "in_other_regions": None, "unaffiliated": len(governments) - affiliated,
                     "outside_territory": None, "share": share(affiliated, len(governments))})
    total = sum(r["valid"] for r in rows)
    affiliated = sum(r["members"] for r in rows)  # (each government lies in one group)
    rows.append({"group": "Total", "id": None, "valid": total, "members": affiliated, "in_other_regions": None,
                 "unaffiliated": total - affiliated, "outside_territory": None, "share": share(affiliated, total)})
    return rows


def network_detail(dataset: Dataset, network: NetworkView, on: date, day: Day | None = None) -> dict[str, Any]:
    """One network on a date: its facts, members with how each membership is dated, and its history
    (``day``: a ``Day`` of the date, reused when the caller asks about many networks)."""
    day = day or Day(dataset, on, network.kind)
    governments = dataset.governments

    def row(tie: Any) -> dict[str, Any]:
        government = governments.get(tie.government)
        return {"id": tie.government, "name": government.name if government else tie.government,
                "kind": government.kind if government else None,
                "from": tie.interval.start.isoformat() if tie.interval.start and not tie.observed else None,
                "until": tie.interval.end.isoformat() if tie.interval.end else None,
                "observed": tie.observed.isoformat() if tie.observed else None,
                "ended_with_government": (government.validity.end.isoformat()
                                          if tie.observed and government and government.validity.end else None),
                "sources": ", ".join(tie.raw.get("sources", ())), "note": tie.raw.get("note")}

    current = sorted(day.members_of(network), key=lambda t: (fold(row(t)["name"]), t.government))
    history = sorted(network.ties, key=lambda t: (t.interval.start or date.min, fold(row(t)["name"]), t.government))
    territory = territory_governments(dataset, network.territory, on) if network.territory else None
    inside = sum(1 for g in territory or () if any(t.government == g.id for t in current))
    raw = network.raw
    return {
        "id": network.id, "name": network.name, "kind": network.kind, "kind_name": KIND_NAMES.get(network.kind),
        "legal_form": raw.get("legal_form"), "status": raw.get("status"),
        "status_observed": raw.get("status_observed"), "kbo": raw.get("kbo"), "seat": raw.get("seat"),
        "code": raw.get("code"), "territory_region": network.territory, "description": raw.get("description"),
        "note": raw.get("note"), "sources": network.sources, "on": on.isoformat(),
        "counts": dict(Counter(row(t)["kind"] for t in current)),
        "coverage": {"territory": len(territory) if territory is not None else None, "members_in_territory":
                     inside if territory is not None else None,
                     "share": share(inside, len(territory)) if territory is not None else None},
        "members": [row(t) for t in current],
        "history": [row(t) for t in history],
    }


def kind_counts(dataset: Dataset, on: date) -> list[dict[str, Any]]:
    """Per network kind: how many networks it has, and how many governments valid on the date are in none."""
    valid = valid_governments(dataset, on)
    rows = []
    for kind in KIND_NAMES:
        day = Day(dataset, on, kind)
        networks: list[NetworkView] = day.networks
        members = set(day.members)
        gemeenten = [g for g in valid if g.kind == "gemeente"]
        rows.append({"kind": kind, "name": KIND_NAMES[kind], "networks": len(networks),
                     "active_on": sum(1 for n in networks if day.members_of(n)),
                     "gemeenten_in_none": sum(1 for g in gemeenten if g.id not in members),
                     "governments_in_none": sum(1 for g in valid if g.id not in members)})
    return rows


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiouAEIOU' else 'a'} {noun}"
