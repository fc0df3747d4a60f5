"""Reasons drawn from networks: for a government in no network of a kind, what its predecessors were
in (the source moved no membership to a successor, so this is what the data knows); for a government
in no knowledge circle, the circle of the governments it shares other networks with."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date

from vlavirgem.core.model import Dataset, Government
from vlavirgem.core.wording import counted
from vlavirgem.queries.names import fold
from vlavirgem.queries.networks import CIRCLE, Day, NetworkView


def predecessors_of(dataset: Dataset, government: Government) -> list[Government]:
    return sorted((g for g in dataset.governments.values() if g.successor == government.id and g.id != government.id),
                  key=lambda g: (fold(g.name), g.id))


def predecessor_networks(dataset: Dataset, government: Government, kind: str | None) -> dict[str, list[str]]:
    """Network name -> the names of the government's predecessors that were in it on their last day."""
    found: dict[str, list[str]] = defaultdict(list)
    for predecessor in predecessors_of(dataset, government):
        last = predecessor.validity.end
        if last is None:
            continue
        for network, _tie in Day(dataset, last, kind).members.get(predecessor.id, ()):
            if network.kind != CIRCLE or kind == CIRCLE:
                found[network.name].append(predecessor.name)
    return found


def predecessors_sentence(found: dict[str, list[str]]) -> str:
    ranked = sorted(found.items(), key=lambda item: (-len(item[1]), fold(item[0])))
    return "its predecessors were members of " + "; ".join(
        f"{name} ({', '.join(members)})" for name, members in ranked)


def suggest_networks(dataset: Dataset, on: date, governments: Iterable[Government],
                     kind: str) -> dict[str, tuple[str | None, str]]:
    """For each government (in no network of ``kind`` on ``on``): the network its predecessors were
    most in, and the reason in words."""
    answers: dict[str, tuple[str | None, str]] = {}
    names = {n.name: n.id for n in Day(dataset, on, kind).networks}
    for government in governments:
        found = predecessor_networks(dataset, government, kind)
        if found:
            best = min(found.items(), key=lambda item: (-len(item[1]), fold(item[0])))[0]
            answers[government.id] = (names.get(best), predecessors_sentence(found))
        else:
            answers[government.id] = (None, "no membership of it or of a predecessor is recorded")
    return answers


def circle_from_shared_networks(dataset: Dataset, government: Government, on: date,
                                circle_of: dict[str, str]) -> tuple[str, str] | None:
    """The knowledge circle most of the governments it shares other networks with belong to on the day,
    from its own networks, or else from those its predecessors were in on their last day."""
    own = [network for network, _tie in Day(dataset, on).members.get(government.id, ()) if network.kind != CIRCLE]
    origin = "it shares"
    if not own:
        own = _predecessor_views(dataset, government)
        origin = "its predecessors shared"
    if not own:
        return None
    day = Day(dataset, on)
    tally: Counter[str] = Counter()
    via: dict[str, set[str]] = defaultdict(set)
    for network in own:
        for tie in day.members_of(network):
            circle = circle_of.get(tie.government)
            if tie.government != government.id and circle:
                tally[circle] += 1
                via[circle].add(network.name)
    if not tally:
        return None
    circle, _count = min(tally.items(), key=lambda item: (-item[1], item[0]))
    named = ", ".join(sorted(via[circle], key=fold)[:3])
    region = dataset.regions.get(circle)
    return circle, (f"{origin} networks with members of {region.name if region else circle} "
                    f"({len(via[circle])} of {counted(len(own), 'network')}, e.g. {named})")


def _predecessor_views(dataset: Dataset, government: Government) -> list[NetworkView]:
    found: list[NetworkView] = []
    for predecessor in predecessors_of(dataset, government):
        if predecessor.validity.end:
            last = predecessor.validity.end
            found += [n for n, _t in Day(dataset, last).members.get(predecessor.id, ())
                      if n.kind != CIRCLE and n not in found]
    return found
