"""A government's networks on a date, by kind, and the governments it shares them with."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from vlavirgem.core.model import Dataset, Government
from vlavirgem.queries.names import fold
from vlavirgem.queries.networks import ALL_KINDS, KIND_NAMES, Day, NetworkView, Tie, in_none_statement


def _membership_row(network: NetworkView, tie: Tie) -> dict[str, Any]:
    return {"kind": network.kind, "id": network.id, "name": network.name,
            "legal_form": network.raw.get("legal_form"), "status": network.raw.get("status"),
            "dates": tie.dates(),
            "from": tie.interval.start.isoformat() if tie.interval.start and not tie.observed else None,
            "until": tie.interval.end.isoformat() if tie.interval.end else None,
            "observed": tie.observed.isoformat() if tie.observed else None,
            "sources": ", ".join(tie.raw.get("sources") or network.sources)}


def government_networks(dataset: Dataset, government: Government, on: date, day: Day | None = None) -> dict[str, Any]:
    """Every network the government is in on the date, by kind, and per kind in none, why if known
    (``day``: the answer of ``Day(dataset, on)`` when the caller asks for many governments)."""
    day = day or Day(dataset, on)
    rows = sorted((_membership_row(network, tie) for network, tie in day.members.get(government.id, ())),
                  key=lambda r: (ALL_KINDS.index(r["kind"]) if r["kind"] in ALL_KINDS else 99,
                                 fold(r["name"]), r["id"]))
    in_none = []
    for kind in ALL_KINDS:
        if any(r["kind"] == kind for r in rows):
            continue
        statement = in_none_statement(dataset, kind, government.id, on)
        said = (f"the source names it as in none ({', '.join(statement['sources'])})" if statement
                else "no membership is recorded for this date")
        in_none.append({"kind": kind, "name": KIND_NAMES[kind], "why": said})
    return {"networks": rows, "in_none": in_none}


def in_none_sentence(entry: dict[str, Any]) -> str:
    return f"takes part in no {entry['name']}: {entry['why']}"


def partners(dataset: Dataset, government: Government, on: date, kind: str | None = None) -> list[dict[str, Any]]:
    """The governments that share networks (of one kind) with ``government`` on the date, those sharing
    the most first, with the shared networks named."""
    day = Day(dataset, on, kind)
    own = day.members.get(government.id, [])
    shared: dict[str, list[NetworkView]] = defaultdict(list)
    for network, _tie in own:
        for tie in day.members_of(network):
            if tie.government != government.id and network not in shared[tie.government]:
                shared[tie.government].append(network)
    rows: list[dict[str, Any]] = []
    for other_id, networks in shared.items():
        other = dataset.governments[other_id]
        names = sorted(networks, key=lambda n: (ALL_KINDS.index(n.kind) if n.kind in ALL_KINDS else 99, fold(n.name)))
        rows.append({"id": other.id, "name": other.name, "kind": other.kind, "province": other.province_name,
                     "shared": len(networks), "networks": "; ".join(n.name for n in names),
                     "network_ids": [n.id for n in names]})
    rows.sort(key=lambda r: (-r["shared"], fold(r["name"]), r["kind"], r["id"]))
    for index, row in enumerate(rows):  # equal counts share a rank: 1, 1, 3, ...
        row["rank"] = index + 1 if index == 0 or rows[index - 1]["shared"] != row["shared"] else rows[index - 1]["rank"]
    return rows
