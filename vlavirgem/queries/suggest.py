"""Which region an unaffiliated government should most likely join, and why.

In order: an OCMW follows its municipality; then the knowledge circle of the reference region the
government lies in; then the region it belongs to on another date; then the circle of the governments it shares
other networks with (IGS wonen, intermunicipal associations; or its predecessors did); then the
region most of its neighbouring municipalities belong to (boundaries of the vintage in force); then the region of its
successor or predecessor.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from vlavirgem.core.model import Dataset, Government, Membership
from vlavirgem.queries.affiliation import regions_on
from vlavirgem.queries.neighbours import neighbours
from vlavirgem.queries.network_suggest import circle_from_shared_networks


@dataclass(frozen=True)
class Suggestion:
    government: str
    region: str | None
    reason: str


class _Suggester:
    def __init__(self, dataset: Dataset, data: Path | None, on: date, cache: Path | None) -> None:
        self.dataset, self.on = dataset, on
        self.members = regions_on(dataset, on)
        self.borders = neighbours(data, on, cache) if data else {}

    def name(self, government_id: str) -> str:
        government = self.dataset.governments.get(government_id)
        return government.name if government else government_id

    def region_name(self, region_id: str) -> str:
        region = self.dataset.regions.get(region_id)
        return region.name if region else region_id

    def suggest(self, government: Government) -> Suggestion:
        for rule in (self.municipality, self.reference_region, self.other_date, self.shared_networks,
                     self.neighbours, self.lineage):
            found = rule(government)
            if found:
                return Suggestion(government.id, found[0], found[1])
        return Suggestion(government.id, None, "no reference region, no membership on another date, no "
                                               "neighbour in a region and no successor or predecessor in one")

    def municipality(self, government: Government) -> tuple[str, str] | None:
        municipality = f"gemeente-{government.nis}"
        region = self.members.get(municipality) if government.kind == "ocmw" else None
        if region:
            return region, f"its municipality {self.name(municipality)} belongs to {self.region_name(region)}"
        return None

    def reference_region(self, government: Government) -> tuple[str, str] | None:
        for reference in self.dataset.reference_regions.values():
            if reference.covers(government, self.on):
                circles = sorted(r.id for r in self.dataset.regions.values()
                                 if r.reference_region == reference.code)
                if circles:
                    return circles[0], (f"it lies in reference region {reference.name} ({reference.code}), "
                                        f"which knowledge circle {self.region_name(circles[0])} follows")
        return None

    def other_date(self, government: Government) -> tuple[str, str] | None:
        records = self.dataset.memberships_of(government.id)
        later = sorted((m for m in records if m.interval.start and m.interval.start > self.on),
                       key=lambda m: m.interval.start)  # type: ignore[arg-type, return-value]
        if later:
            first = later[0]
            return first.region, f"it is member of {self.region_name(first.region)} from {first.interval.start}"
        earlier = sorted((m for m in records if m.interval.end and m.interval.end < self.on),
                         key=lambda m: m.interval.end)  # type: ignore[arg-type, return-value]
        if earlier:
            last = earlier[-1]
            return last.region, f"it was member of {self.region_name(last.region)} until {last.interval.end}"
        return None

    def shared_networks(self, government: Government) -> tuple[str, str] | None:
        return circle_from_shared_networks(self.dataset, government, self.on, self.members)

    def neighbours(self, government: Government) -> tuple[str, str] | None:
        bordering = sorted(self.borders.get(government.nis, ()))
        regions = {code: self.members.get(f"gemeente-{code}") for code in bordering}
        counted = Counter(region for region in regions.values() if region)
        if not counted:
            return None
        region, count = min(counted.items(), key=lambda item: (-item[1], item[0]))
        names = ", ".join(self.name(f"gemeente-{code}") for code, r in regions.items() if r == region)
        return region, (f"{count} of its {len(bordering)} neighbouring municipalities belong to "
                        f"{self.region_name(region)} ({names})")

    def lineage(self, government: Government) -> tuple[str, str] | None:
        related: list[tuple[str, str]] = []
        if government.successor:
            related.append(("successor", government.successor))
        related += [("predecessor", g.id) for g in sorted(self.dataset.governments.values(), key=lambda g: g.id)
                    if g.successor == government.id and g.id != government.id]
        for relation, other in related:
            records = self.dataset.memberships_of(other)
            if records:
                latest: Membership = max(records, key=lambda m: m.interval.start or date.min)
                return latest.region, (f"its {relation} {self.name(other)} ({other}) belongs to "
                                       f"{self.region_name(latest.region)}")
        return None


def suggest_regions(dataset: Dataset, data: Path | None, on: date,
                    governments: Iterable[Government], cache: Path | None = None) -> dict[str, Suggestion]:
    """A suggestion for each government (usually the unaffiliated ones on ``on``)."""
    suggester = _Suggester(dataset, data, on, cache)
    return {g.id: suggester.suggest(g) for g in governments}
