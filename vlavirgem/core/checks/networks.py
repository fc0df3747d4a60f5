"""The rules of the networks besides the knowledge circles: the folder names the kind, members and
territories name what exists, dated members lie within their government's life and observed ones on
a day it existed, no government is in one network twice at once, and nobody a source calls "in no
network of this kind" is a member of one then."""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePosixPath

from vlavirgem.core.checks.common import at, inverted, label, overlapping, span, suggestion
from vlavirgem.core.checks.periods import _within
from vlavirgem.core.layout import NETWORK_FOLDERS
from vlavirgem.core.model import Dataset, NetworkMembership
from vlavirgem.core.problems import Problem
from vlavirgem.core.values import Interval, Where


def check_networks(dataset: Dataset) -> list[Problem]:
    """Every rule of this module, for every network and network kind."""
    return [*_kinds(dataset), *_references(dataset), *_time(dataset), *_twice(dataset), *_in_none(dataset)]


def _kinds(dataset: Dataset) -> list[Problem]:
    problems: list[Problem] = []
    for network in dataset.networks.values():
        folder = str(PurePosixPath(network.where.file.replace("\\", "/")).parent)
        expected = next((kind for path, kind in NETWORK_FOLDERS.items() if folder.endswith(path)), None)
        if expected and network.kind and network.kind != expected:
            problems.append(at(dataset, network.where, "kind-mismatch",
                                f"this file lies in networks/{expected}/ but says kind {network.kind}; "
                                f"move it to networks/{network.kind}/ or change the kind", "kind"))
    return problems


def _references(dataset: Dataset) -> list[Problem]:
    names = {g.id: g.name for g in dataset.governments.values()}
    problems: list[Problem] = []

    def government(wanted: str) -> bool:
        return wanted in dataset.governments or wanted in dataset.broken_ids

    for network in dataset.networks.values():
        if network.territory and dataset.reference_regions and network.territory not in dataset.reference_regions:
            problems.append(at(dataset, network.where, "unknown-reference",
                                f"there is no reference region '{network.territory}'"
                                f"{suggestion(network.territory, dataset.reference_regions)}", "territory"))
        for member in network.members:
            if not government(member.government):
                problems.append(at(dataset, member.where, "unknown-reference",
                                    f"there is no government '{member.government}'"
                                    f"{suggestion(member.government, names, names)}", "government"))
    for kind in dataset.network_kinds.values():
        for statement in kind.in_none:
            for index, wanted in enumerate(statement.governments):
                if not government(wanted):
                    problems.append(at(dataset, statement.where, "unknown-reference",
                                        f"there is no government '{wanted}'{suggestion(wanted, names, names)}",
                                        "governments", index))
    return problems


def _time(dataset: Dataset) -> list[Problem]:
    problems: list[Problem] = []
    for network in dataset.networks.values():
        for member in network.members:
            if member.observed is None:
                if inverted(member.interval):
                    problems.append(_order(dataset, member.interval, member.where))
                    continue
                problems.extend(_within(dataset, member.government, member.interval, member.where,
                                        "membership"))
            else:
                problems.extend(_observed_outside(dataset, member))
    for kind in dataset.network_kinds.values():
        for statement in kind.in_none:
            if inverted(statement.interval):
                problems.append(_order(dataset, statement.interval, statement.where))
    return problems


def _order(dataset: Dataset, interval: Interval, where: Where) -> Problem:
    return at(dataset, where, "interval-order", f"until {interval.end} lies before from {interval.start}; "
              "an interval runs from its first to its last day", "until")


def _observed_outside(dataset: Dataset, member: NetworkMembership) -> list[Problem]:
    """An observation on a day the government did not exist."""
    government = dataset.governments.get(member.government)
    if government is None or member.observed is None or inverted(government.validity):
        return []
    if government.valid_on(member.observed):
        return []
    validity = government.validity
    if validity.start and member.observed < validity.start:
        when = f"exists only from {validity.start}"
    else:
        when = f"ended on {validity.end}"
        if government.successor:
            when += f" (it merged into {label(dataset, government.successor)})"
    return [at(dataset, member.where, "outside-validity",
                f"{label(dataset, member.government)} {when}, but this membership was observed on "
                f"{member.observed}; record the observation for the government that existed that day",
                "observed")]


def _twice(dataset: Dataset) -> list[Problem]:
    """A government in one network twice on a day (two observations of it are one membership)."""
    problems: list[Problem] = []
    for network in dataset.networks.values():
        by_government: dict[str, list[NetworkMembership]] = defaultdict(list)
        for member in network.members:
            by_government[member.government].append(member)
        for members in by_government.values():
            observed = [m for m in members if m.observed is not None]
            dated = [m for m in members if m.observed is None]
            for earlier, later in overlapping(dated):
                line = dataset.files[earlier.where.file].position(earlier.where.path)[0]
                problems.append(at(dataset, later.where, "membership-overlap",
                                    f"{label(dataset, later.government)} is already a member of this network "
                                    f"{span(earlier.interval)} (line {line}); end one membership before the "
                                    "other starts", "from"))
            seen: dict[object, NetworkMembership] = {}
            for member in observed:
                first = seen.setdefault(member.observed, member)
                if first is not member:
                    line = dataset.files[first.where.file].position(first.where.path)[0]
                    problems.append(at(dataset, member.where, "duplicate-item",
                                        f"{label(dataset, member.government)} is already recorded as observed on "
                                        f"{member.observed} (line {line}); keep one", "observed"))
    return problems


def _in_none(dataset: Dataset) -> list[Problem]:
    """Nobody a source puts in no network of a kind is a member of one of that kind in that period."""
    problems: list[Problem] = []
    by_kind: dict[str, list[NetworkMembership]] = defaultdict(list)
    for network in dataset.networks.values():
        by_kind[network.kind].extend(network.members)
    for kind in dataset.network_kinds.values():
        for statement in kind.in_none:
            if inverted(statement.interval):
                continue
            outside = set(statement.governments)
            for member in by_kind.get(kind.id, ()):
                if member.government in outside and not inverted(member.interval) \
                        and member.interval.overlaps(statement.interval):
                    index = statement.governments.index(member.government)
                    problems.append(at(dataset, statement.where, "in-none-but-member",
                                        f"{label(dataset, member.government)} is listed as in no {kind.name} "
                                        f"network {span(statement.interval)}, but is a member of "
                                        f"{member.network} ({member.where.file}); one of the two is wrong",
                                        "governments", index))
    return problems
