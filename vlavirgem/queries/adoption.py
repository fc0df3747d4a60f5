"""Building blocks on a date: how many governments are aware of, plan, use or stopped each block,
by region and by province, and the PDCA phase and step each region is in for it.

A government's status for a block on a day is that of its adoption record of the block holding that
day; a government with none holding counts as ``no_record``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from vlavirgem.core.model import Block, Dataset, Product
from vlavirgem.queries.catalog import visible_products
from vlavirgem.queries.names import fold
from vlavirgem.queries.scope import (
    Group,
    GroupBy,
    Scope,
    adoption_status,
    cycle_step,
    shown,
    visible_records,
)

STATUSES = ("aware", "planned", "in-use", "stopped")


@dataclass(frozen=True)
class Tally:
    """Governments per adoption status (``in-use`` as ``in_use``), those with none, and all of them."""

    aware: int
    planned: int
    in_use: int
    stopped: int
    no_record: int
    governments: int

    @property
    def recorded(self) -> bool:
        """Whether any government has a record on the day: if not, the data does not cover the
        block on that day, and its counts (all zero but "no record") say nothing."""
        return self.no_record < self.governments


def tally(statuses: Iterable[str | None]) -> Tally:
    """Count statuses (None: no record holds)."""
    counts = Counter(statuses)
    return Tally(counts["aware"], counts["planned"], counts["in-use"], counts["stopped"], counts[None],
                 sum(counts.values()))


@dataclass(frozen=True)
class BlockRow:
    id: str
    name: str
    provider: str | None
    tally: Tally
    regions_in_cycle: int


@dataclass(frozen=True)
class GroupRow:
    """Adoption in one region or province; ``phase`` and ``step`` only for regions."""

    group: str | None
    group_name: str
    phase: str | None
    step: str | None
    step_from: date | None
    tally: Tally


@dataclass(frozen=True)
class BlockDetail:
    block: Block
    on: date
    tally: Tally
    by_region: tuple[GroupRow, ...]
    by_province: tuple[GroupRow, ...]
    notes: tuple[str, ...]


def visible_blocks(view: Scope) -> dict[str, Block]:
    return {b.id: b for b in view.dataset.blocks.values() if shown(b, view.include_internal)}


def _statuses(view: Scope, block_id: str) -> dict[str, str | None]:
    """Government id -> its status for the block on the day, for every government of the day."""
    records = adoption_status(view, block_id)
    return {g: (records[g].status if g in records else None) for g in view.governments}


def _regions_in_cycle(view: Scope, block_id: str) -> int:
    return sum(1 for region in view.dataset.regions.values()
               if shown(region, view.include_internal) and cycle_step(view, region.id, block_id))


def blocks(view: Scope) -> list[BlockRow]:
    """Every visible block with its adoption counts on the day and the regions working on it."""
    rows = [
        BlockRow(block.id, block.name, block.raw.get("provider"), tally(_statuses(view, block.id).values()),
                 _regions_in_cycle(view, block.id))
        for block in visible_blocks(view).values()
    ]
    return sorted(rows, key=lambda r: (fold(r.name), r.id))


def _by_group(view: Scope, block_id: str, statuses: dict[str, str | None], by: GroupBy) -> list[GroupRow]:
    groups: dict[Group, list[str | None]] = defaultdict(list)
    for government_id, status in statuses.items():
        groups[view.group(view.governments[government_id], by)].append(status)
    if by == "region":
        for region in view.dataset.regions.values():
            if shown(region, view.include_internal) and cycle_step(view, region.id, block_id):
                groups.setdefault(Group(region.id, region.name), [])
    rows = []
    for group in sorted(groups, key=lambda g: g.order):
        step = cycle_step(view, group.id, block_id) if by == "region" and group.id else None
        rows.append(GroupRow(group.id, group.name, step.phase if step else None, step.step if step else None,
                             step.interval.start if step else None, tally(groups[group])))
    return rows


def block_detail(view: Scope, block: Block) -> BlockDetail:
    """One block on the day: its counts overall, by region (with the PDCA step) and by province."""
    statuses = _statuses(view, block.id)
    return BlockDetail(block, view.on, tally(statuses.values()),
                       tuple(_by_group(view, block.id, statuses, "region")),
                       tuple(_by_group(view, block.id, statuses, "province")),
                       tuple(adoption_notes(view, block.id)))


def implementing_products(view: Scope, block_id: str) -> list[Product]:
    """The visible products of the catalogue that implement a building block (their ``implements``),
    by name: who uses one of them uses the block, as the catalogue records it."""
    found = [p for p in visible_products(view.dataset, view.include_internal).values()
             if p.raw.get("implements") == block_id]
    return sorted(found, key=lambda p: (fold(p.name), p.id))


def adoption_notes(view: Scope, block_id: str | None = None) -> list[str]:
    """Say so when nothing is recorded (for one block, or at all), or nothing yet on the day."""
    dataset: Dataset = view.dataset
    adoptions = [a for _, records in visible_records(dataset, "building_blocks", view.include_internal)
                 for a in records if block_id is None or a.block == block_id]
    steps = [s for r in dataset.regions.values() if shown(r, view.include_internal) for s in r.cycle
             if shown(s, view.include_internal) and (block_id is None or s.block == block_id)]
    about = "this block" if block_id else "any block"
    notes = []
    if not adoptions:
        notes.append(f"No building-block adoptions of {about} are recorded in this dataset.")
    else:
        first = min(a.interval.start for a in adoptions if a.interval.start)
        if view.on < first:
            notes.append(f"{view.on} lies before the first recorded adoption of {about} ({first}).")
    if not steps:
        notes.append(f"No PDCA cycle steps for {about} are recorded in this dataset.")
    return notes
