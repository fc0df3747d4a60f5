"""Every kind of cooperation network as of a date: the knowledge circles (data/regions/) and the other
networks (data/networks/), seen alike, so that one set of questions serves all of them.

A membership holds on a day when its interval holds it and its government exists that day.  An
observed membership (the source gives no period) holds from its observation on: it says nothing about
the days before, and it ends with its government (a municipality merged away takes its memberships
with it; its successor gets none that the source does not give).
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from vlavirgem.core.layout import NETWORK_KINDS
from vlavirgem.core.model import Dataset, Government
from vlavirgem.core.problems import UsageError
from vlavirgem.core.values import Interval
from vlavirgem.queries.names import fold

CIRCLE = "kenniskring"
ALL_KINDS = (CIRCLE, *NETWORK_KINDS)
# what users may type for a kind, besides its id or the start of it
ALIASES = {"circle": CIRCLE, "knowledge-circle": CIRCLE, "region": CIRCLE, "regions": CIRCLE,
           "igs": "igs-wonen", "wonen": "igs-wonen", "association": "intergemeentelijke-vereniging",
           "intermunicipal-association": "intergemeentelijke-vereniging"}
KIND_NAMES = {CIRCLE: "knowledge circle", "igs-wonen": "IGS wonen project",
              "intergemeentelijke-vereniging": "intermunicipal association"}


def resolve_network_kind(wanted: str) -> str:
    """A network kind from its id, an alias or an unambiguous start of its id."""
    key = fold(wanted).replace(" ", "-")
    if key in ALL_KINDS:
        return key
    if key in ALIASES:
        return ALIASES[key]
    starting = [kind for kind in ALL_KINDS if kind.startswith(key)] if key else []
    if len(starting) == 1:
        return starting[0]
    close = difflib.get_close_matches(key, ALL_KINDS, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise UsageError(f"there is no network kind '{wanted}'{hint}; choose one of: {', '.join(ALL_KINDS)}")


@dataclass(frozen=True)
class Tie:
    """One membership record of a government in a network (a region's or a network's)."""

    government: str
    interval: Interval
    observed: date | None
    raw: dict[str, Any]

    def holds(self, day: date, government: Government | None) -> bool:
        return self.interval.contains(day) and government is not None and government.valid_on(day)

    def dates(self) -> str:
        """How the membership is dated, in words."""
        if self.observed:
            return f"observed on {self.observed}"
        start, end = self.interval
        return f"from {start} until {end}" if end else f"from {start}"


@dataclass(frozen=True)
class NetworkView:
    """A network of any kind: id, kind, name, territory (a reference region) and membership records."""

    id: str
    kind: str
    name: str
    territory: str | None
    ties: tuple[Tie, ...]
    raw: dict[str, Any]
    public: bool

    @property
    def sources(self) -> list[str]:
        return list(self.raw.get("sources", ()))


def views(dataset: Dataset, kind: str | None = None) -> list[NetworkView]:
    """Every network (of one kind), knowledge circles first, each sorted by name."""
    found: list[NetworkView] = []
    if kind in (None, CIRCLE):
        for region in sorted(dataset.regions.values(), key=lambda r: (fold(r.name), r.id)):
            ties = tuple(Tie(m.government, m.interval, None, dict(m.raw)) for m in region.members)
            found.append(NetworkView(region.id, CIRCLE, region.name, region.reference_region, ties,
                                     dict(region.raw), region.public))
    for network in sorted(dataset.networks.values(), key=lambda n: (ALL_KINDS.index(n.kind)
                                                                     if n.kind in ALL_KINDS else 99,
                                                                     fold(n.name), n.id)):
        if kind is None or network.kind == kind:
            ties = tuple(Tie(m.government, m.interval, m.observed, dict(m.raw)) for m in network.members)
            found.append(NetworkView(network.id, network.kind, network.name, network.territory, ties,
                                     dict(network.raw), network.public))
    return found


def find_network(dataset: Dataset, wanted: str) -> NetworkView | None:
    """A network other than a knowledge circle by id or (folded) name, or None."""
    folded = fold(wanted)
    for view in views(dataset):
        if view.kind != CIRCLE and (view.id == wanted or fold(view.name) == folded):
            return view
    return None


class Day:
    """Who is in which network of a kind on one day (computed once, asked many times)."""

    def __init__(self, dataset: Dataset, on: date, kind: str | None = None) -> None:
        self.dataset, self.on, self.kind = dataset, on, kind
        self.networks = views(dataset, kind)

    @cached_property
    def members(self) -> dict[str, list[tuple[NetworkView, Tie]]]:
        """Government id -> the networks (and records) it is in on the day."""
        found: dict[str, list[tuple[NetworkView, Tie]]] = defaultdict(list)
        governments = self.dataset.governments
        for network in self.networks:
            for tie in network.ties:
                if tie.holds(self.on, governments.get(tie.government)):
                    found[tie.government].append((network, tie))
        return found

    def members_of(self, network: NetworkView) -> list[Tie]:
        governments = self.dataset.governments
        return [tie for tie in network.ties if tie.holds(self.on, governments.get(tie.government))]


def member_ids(dataset: Dataset, on: date, kind: str) -> set[str]:
    """The governments in at least one network of a kind on a day."""
    return set(Day(dataset, on, kind).members)


def in_none_statement(dataset: Dataset, kind: str, government_id: str, on: date) -> dict[str, Any] | None:
    """The source's statement that a government is in no network of a kind on a day, if there is one."""
    network_kind = dataset.network_kinds.get(kind)
    for statement in network_kind.in_none if network_kind else ():
        if statement.interval.contains(on) and government_id in statement.governments:
            return dict(statement.raw)
    return None


def first_start(networks: Iterable[NetworkView]) -> date | None:
    """The first day any membership of these networks is known to hold."""
    starts = [tie.interval.start for network in networks for tie in network.ties if tie.interval.start]
    return min(starts) if starts else None
