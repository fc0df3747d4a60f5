"""Information-security plans on a date: each government's plan status, counts and coverage per
region or province, and progress against a target date (the 2016 goal: every local government a plan).

A government's status on a day is that of its security-plan record holding that day (none,
in-preparation, adopted, expired), or ``unknown`` when no record holds.  Coverage is the share of the
governments of the day whose status is adopted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from vlavirgem.core.portfolio_records import SecurityStatus
from vlavirgem.queries.scope import (
    GovernmentRef,
    Group,
    GroupBy,
    Scope,
    plan_status,
    reference,
    share,
    visible_part,
    visible_records,
)

STATUSES = ("none", "in-preparation", "adopted", "expired", "unknown")
GOAL = 1.0  # every local government a plan


@dataclass(frozen=True)
class PlanTally:
    """Governments per plan status (dashes as underscores), all of them, and the share adopted."""

    none: int
    in_preparation: int
    adopted: int
    expired: int
    unknown: int
    governments: int
    coverage: float | None

    @property
    def recorded(self) -> bool:
        """Whether any government's plan status is known on the day: if not, the data does not cover
        the plans on that day, and the counts (all "unknown") say nothing."""
        return self.unknown < self.governments


def plan_tally(statuses: Iterable[str]) -> PlanTally:
    counts = Counter(statuses)
    total = sum(counts.values())
    return PlanTally(counts["none"], counts["in-preparation"], counts["adopted"], counts["expired"],
                     counts["unknown"], total, share(counts["adopted"], total))


@dataclass(frozen=True)
class PlanRow:
    """One government's plan status on the day; ``since`` is when that status began."""

    government: GovernmentRef
    status: str
    since: date | None


@dataclass(frozen=True)
class PlanGroup:
    group: str | None
    group_name: str
    tally: PlanTally


@dataclass(frozen=True)
class Shortfall:
    """A government without an adopted plan on the target date, and how it stands on the report date."""

    row: PlanRow
    current_status: str | None  # on the report date (--on); None when the government no longer exists
    adopted_from: date | None  # the first adopted plan after the target date, if any


@dataclass(frozen=True)
class Target:
    day: date
    governments: int
    adopted: int
    share: float | None
    goal: float
    short: int


def plan_rows(view: Scope) -> list[PlanRow]:
    """Every government of the day with its plan status, by province and name."""
    records = plan_status(view)
    rows = []
    for government in view.governments.values():
        record = records.get(government.id)
        rows.append(PlanRow(reference(view, government), record.status if record else "unknown",
                            record.interval.start if record else None))
    return sorted(rows, key=lambda r: r.government.order)


def by_group(view: Scope, rows: list[PlanRow], by: GroupBy) -> list[PlanGroup]:
    """Counts and coverage per region (on the day) or per province."""
    groups: dict[Group, list[str]] = defaultdict(list)
    for row in rows:
        groups[view.group(view.governments[row.government.id], by)].append(row.status)
    return [PlanGroup(g.id, g.name, plan_tally(groups[g])) for g in sorted(groups, key=lambda g: g.order)]


def target(view: Scope, later: Scope, rows: list[PlanRow]) -> tuple[Target, list[Shortfall]]:
    """Progress on ``view``'s day (the target) against the goal, and the governments short of it,
    with their status on ``later``'s day and when they adopted a plan after the target."""
    adopted = sum(1 for r in rows if r.status == "adopted")
    now = plan_status(later)
    short = [
        Shortfall(row, _status_on(later, now, row.government.id), _adopted_after(view, row.government.id))
        for row in rows if row.status != "adopted"
    ]
    return Target(view.on, len(rows), adopted, share(adopted, len(rows)), GOAL, len(short)), short


def _status_on(view: Scope, records: dict[str, SecurityStatus], government_id: str) -> str | None:
    if government_id not in view.governments:
        return None
    record = records.get(government_id)
    return record.status if record is not None else "unknown"


def _adopted_after(view: Scope, government_id: str) -> date | None:
    statuses = visible_part(view.dataset, government_id, "security_plan", view.include_internal)
    if statuses is None:
        return None
    starts = [r.interval.start for r in statuses
              if r.status == "adopted" and r.interval.start and r.interval.start > view.on]
    return min(starts, default=None)


def security_notes(view: Scope) -> list[str]:
    """Say so when there are no plan records at all, or none yet on the day."""
    starts = [r.interval.start for _, statuses in visible_records(view.dataset, "security_plan", view.include_internal)
              for r in statuses if r.interval.start]
    if not starts:
        return ["No security-plan records in this dataset."]
    if view.on < min(starts):
        return [f"{view.on} lies before the first security-plan record ({min(starts)})."]
    return []
