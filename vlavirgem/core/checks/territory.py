"""A knowledge circle follows a reference region: each member should lie in that region's
territory on every day of its membership.

A membership outside it is not wrong as such (a circle may take in a neighbour), so it is a
warning, with the day it starts to lie outside and the reference region it lies in then; the
coverage queries count such members apart (``queries.circles.coverage_of``).
"""

from __future__ import annotations

from datetime import date, timedelta

from vlavirgem.core.checks.common import at, inverted, label
from vlavirgem.core.model import Dataset, Membership, ReferenceRegion
from vlavirgem.core.problems import Problem

DAY = timedelta(days=1)


def check_territory(dataset: Dataset) -> list[Problem]:
    """Every membership of a circle lies in the territory of the reference region it follows."""
    problems: list[Problem] = []
    for region in dataset.regions.values():
        reference = dataset.reference_regions.get(region.reference_region or "")
        if reference is None:
            continue
        for member in region.members:
            day = first_day_outside(dataset, reference, member)
            if day is None:
                continue
            government = dataset.governments[member.government]
            elsewhere = [other for other in dataset.reference_regions.values() if other.covers(government, day)]
            where = (f"it lies in {elsewhere[0].code} ({elsewhere[0].name}) then" if elsewhere
                     else "no reference region holds it then")
            problems.append(at(dataset, member.where, "outside-territory",
                                f"{label(dataset, member.government)} lies outside the territory of "
                                f"{reference.code} ({reference.name}), the reference region {region.id} "
                                f"follows, from {day}: {where}; check the membership, or record the "
                                "change of territory in reference-regions.yaml", "government",
                                severity="warning"))
    return problems


def first_day_outside(dataset: Dataset, reference: ReferenceRegion, member: Membership) -> date | None:
    """The first day of the membership on which its government does not lie in ``reference``
    (None: it lies there every day; also for a record other checks already refuse)."""
    government = dataset.governments.get(member.government)
    if government is None or inverted(member.interval) or inverted(government.validity):
        return None
    end = _earliest(member.interval.end, government.validity.end)
    day = member.interval.start or government.validity.start
    if day is None:
        return None
    municipality = f"gemeente-{government.nis}"
    parts = [part.interval for part in reference.territory if part.government == municipality]
    while end is None or day <= end:
        holding = next((part for part in parts if part.contains(day)), None)
        if holding is None:
            return day
        if holding.end is None:
            return None
        day = holding.end + DAY
    return None


def _earliest(*days: date | None) -> date | None:
    known = [day for day in days if day is not None]
    return min(known) if known else None


