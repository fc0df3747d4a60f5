"""Record a dated fact: a building-block adoption, a software use, a security-plan status, a step of
a region's PDCA cycle.

Nothing is overwritten.  The record of the same thing (the same block, product, plan or block of
the cycle) that runs on the new record's first day ends the day before; the new record runs until
the day before a later recorded one starts, or the government's last day, or open.  A portfolio
file is created when the government has none yet.  When the running record already says what the
new one would, nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from vlavirgem.core.layout import FOLDER_KINDS
from vlavirgem.core.model import Block, Dataset, Government, Product, Region
from vlavirgem.core.problems import UsageError
from vlavirgem.core.values import Interval
from vlavirgem.editing.changeset import Changeset, Record
from vlavirgem.editing.preconditions import label, require_existing

DAY = timedelta(days=1)
PORTFOLIOS = next(folder for folder, kind in FOLDER_KINDS.items() if kind == "portfolio")
# fields of a software use that a new record of the same product keeps unless told otherwise
USE_CARRIED = ("domain", "hosting", "contract_end", "standards", "url")


def _span(record: Any) -> Interval:
    return getattr(record, "known_span", None) or record.interval  # type: ignore[no-any-return]


def record_fact(changes: Changeset, dataset: Dataset, parent: Record, key: str, history: Sequence[Any],
                fields: Mapping[str, Any], start: date, *, what: str, state: Sequence[str],
                carry: Sequence[str] = (), last_day: date | None = None) -> list[str]:
    """Add the record ``fields`` from ``start`` to the list ``key`` of ``parent``; ``history``
    holds the records of the same thing, ``state`` the fields that say what it is at a time."""
    running = [record for record in history if _span(record).contains(start)]
    if running and all(running[0].raw.get(name) == _text(fields.get(name)) for name in state
                       if fields.get(name) is not None):
        since = _span(running[0]).start
        return [f"{what}: already {_describe(fields, state)} on {start} (since {since}): nothing to do"]
    for record in running:
        if _span(record).start == start:
            line = dataset.files[record.where.file].position(record.where.path)[0]
            raise UsageError(f"{what} already has a record from {start} ({record.where.file}:{line}); "
                             "correct that record instead")
    steps = []
    carried = {name: running[0].raw[name] for name in carry
               if running and fields.get(name) is None and name in running[0].raw}
    for record in running:
        changes.record(dataset, record.where).put("until", start - DAY)
        steps.append(f"{what}: the record from {_span(record).start} ends on {start - DAY}")
    starts = [_span(r).start for r in history]
    ends = [day - DAY for day in starts if day is not None and day > start]
    until = fields.get("until") or min([*ends, *([last_day] if last_day else [])], default=None)
    changes.append(parent, key, {**fields, **carried, "from": start, "until": until})
    steps.append(f"{what}: {_describe(fields, state)} from {start}" + (f" until {until}" if until else ""))
    return steps


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _describe(fields: Mapping[str, Any], state: Sequence[str]) -> str:
    return ", ".join(f"{name} {fields[name]}" for name in state if fields.get(name) is not None)


def portfolio(changes: Changeset, dataset: Dataset, government: Government) -> Record:
    """The government's portfolio document, new when it has none."""
    known = dataset.portfolios.get(government.id)
    if known is not None:
        return changes.record(dataset, known.where)
    path = changes.root / PORTFOLIOS / f"{government.id}.yaml"
    record = changes.document(path, new={"government": government.id})
    assert record is not None
    return record


def _portfolio_fact(changes: Changeset, dataset: Dataset, government: Government, key: str,
                    same: Callable[[Any], bool], fields: Mapping[str, Any], start: date, what: str,
                    state: Sequence[str], carry: Sequence[str] = ()) -> list[str]:
    require_existing(dataset, government, start, "record it for its successor instead")
    known = dataset.portfolios.get(government.id)
    history = [record for record in getattr(known, key, ()) if same(record)]
    return record_fact(changes, dataset, portfolio(changes, dataset, government), key, history, fields, start,
                       what=what, state=state, carry=carry, last_day=government.validity.end)


def adopt(changes: Changeset, dataset: Dataset, government: Government, block: Block, status: str,
          start: date, *, evidence: str | None = None, sources: Sequence[str] = (),
          note: str | None = None) -> list[str]:
    """Record the status of a building block's adoption by a government from ``start``."""
    fields = {"block": block.id, "status": status, "evidence": evidence, "sources": list(sources), "note": note}
    return _portfolio_fact(changes, dataset, government, "building_blocks", lambda a: a.block == block.id,
                           fields, start, f"{label(dataset, government.id)} {block.id}", ("status",))


def use(changes: Changeset, dataset: Dataset, government: Government, product: Product, start: date,
        fields: Mapping[str, Any]) -> list[str]:
    """Record a government's use of a product from ``start``: ``fields`` are those of a software
    record (status, until, hosting, contract_end, domain, standards, url, evidence, sources,
    note); domain, hosting, contract_end, standards and url carry over from the running record."""
    record = {"product": product.id, **fields}
    state = ("status", "until", *USE_CARRIED)
    return _portfolio_fact(changes, dataset, government, "software", lambda u: u.product == product.id,
                           record, start, f"{label(dataset, government.id)} {product.id}", state, USE_CARRIED)


def security(changes: Changeset, dataset: Dataset, government: Government, status: str, start: date, *,
             evidence: str | None = None, sources: Sequence[str] = (), note: str | None = None) -> list[str]:
    """Record the status of a government's information-security plan from ``start``."""
    fields = {"status": status, "evidence": evidence, "sources": list(sources), "note": note}
    return _portfolio_fact(changes, dataset, government, "security_plan", lambda _status: True, fields, start,
                           f"{label(dataset, government.id)} security plan", ("status",))


def cycle(changes: Changeset, dataset: Dataset, region: Region, block: Block, phase: str, step: str,
          start: date, *, sources: Sequence[str] = (), note: str | None = None) -> list[str]:
    """Record where a region stands with a building block from ``start``: PDCA phase and step."""
    history = [record for record in region.cycle if record.block == block.id]
    fields = {"block": block.id, "phase": phase, "step": step, "sources": list(sources), "note": note}
    return record_fact(changes, dataset, changes.record(dataset, region.where), "cycle", history, fields, start,
                       what=f"{region.id} {block.id}", state=("phase", "step"))
