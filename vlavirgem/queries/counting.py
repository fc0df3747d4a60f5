"""The catalogue's counting unit: the municipality, with a gemeente and its OCMW counted once.

Most sources of software use name one publication site per municipality (Cobra, Meeting.burger,
the raadpleegomgevingen), where the decisions of the gemeente and of its OCMW appear together; the
harvest of Gelinkt Notuleren lists the gemeente and the OCMW apart.  Counting governments would
count some municipalities twice and others once.  So every count of the catalogue (products,
vendors, market shares, standards) counts municipalities: a municipality uses software on a day when
its gemeente or its OCMW does.  Lists of users still name each government (docs/decisions.md).
"""

from __future__ import annotations

from collections.abc import Iterable

from vlavirgem.core.model import Government
from vlavirgem.queries.scope import Scope

UNIT = "municipality"


def municipality_of(view: Scope, government_id: str) -> str:
    """The municipality a government of the day belongs to: its NIS code (a gemeente and its OCMW
    share it)."""
    return view.governments[government_id].nis


def municipalities(view: Scope, government_ids: Iterable[str]) -> set[str]:
    """The municipalities of some governments of the day."""
    return {municipality_of(view, government_id) for government_id in government_ids}


def municipality_count(view: Scope) -> int:
    """How many municipalities exist on the day (a gemeente or an OCMW of it is valid)."""
    if "municipality_count" not in view.memo:
        view.memo["municipality_count"] = len(municipalities(view, view.governments))
    return view.memo["municipality_count"]  # type: ignore[no-any-return]


def grouped_as(view: Scope, government_id: str) -> Government:
    """The government whose region or province places a municipality in a group: its gemeente where
    that exists on the day (a gemeente and its OCMW in different regions count once, with the
    gemeente), else the government itself."""
    government = view.governments[government_id]
    return view.governments.get(f"gemeente-{government.nis}", government)
