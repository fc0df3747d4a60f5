"""Write one row of an imported software sheet as ``vlavirgem use`` would: nothing is overwritten.

A row that points at a recorded software use (by its position, or by product and start) is
compared with that record, field by field:

- a changed **state** (status, hosting, contract end, domain, standards, url: what the use is at
  a time) is a change in the world: the record ends the day before and a new record opens, from
  the row's ``valid_from`` when it was changed, else from the import's ``--from`` date;
- an **added** value (an empty field filled, such as the until of a use that ended; dates added to
  observed, sources added) is written into the record;
- a **replaced** value (another start, another note, a source or date taken away) would rewrite
  history, so it is refused unless the import corrects (``--correct``): then the row's values are
  written into the record in place.

A row that points at no record is a new fact: from its ``valid_from`` it closes the use running
then, exactly as ``use`` does; a row known only from observations is added as it is.  Every row
that writes something cites a source: one in its own sources cell that the record did not cite,
or the import's ``--source``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from vlavirgem.core.model import Dataset, Government
from vlavirgem.core.portfolio_records import Usage
from vlavirgem.core.problems import UsageError
from vlavirgem.editing.changeset import Changeset
from vlavirgem.editing.facts import portfolio, use
from vlavirgem.editing.roundtrip import plain

STATE = ("status", "hosting", "contract_end", "domain", "standards", "url")
ADDABLE_LISTS = ("observed", "sources")
# software field -> the sheet column that holds it (the export writes from/until as valid_*)
COLUMN = {"from": "valid_from", "until": "valid_until"}


@dataclass(frozen=True)
class ImportOptions:
    """How an import writes: the sources that back the sheet, the day its changes take effect
    when a row does not say, and whether rows correct their records in place."""

    sources: Sequence[str] = ()
    effective: date | None = None
    correct: bool = False


class RowRefused(Exception):
    """One row cannot be written as it stands; the message says why and what to do."""


def write_row(dataset: Dataset, changes: Changeset, owner: Government, fields: dict[str, Any],
              present: Sequence[str], existing: Usage | None, options: ImportOptions) -> list[str]:
    """Write one row (``fields`` of the columns ``present``) and say what it did."""
    product = fields["product"]
    if existing is None:
        return _new(dataset, changes, owner, fields, options)
    differing = {name: fields[name] for name in present
                 if fields.get(name) not in (None, []) and plain(existing.raw.get(name)) != plain(fields[name])}
    if not differing:
        return []  # (counted, not listed: an export read back lists hundreds of them)
    cited = _new_sources(fields, existing, options)
    if options.correct:
        return _correct(changes, dataset, owner, existing, differing, cited)
    state = {name: value for name, value in differing.items() if name in STATE}
    if state:
        return _change(dataset, changes, owner, existing, fields, differing, cited, options)
    added, replaced = _split(existing, differing)
    if replaced:
        raise RowRefused("; ".join(replaced) + ": that would rewrite the record; a change in the world is a new "
                         "status (change it and give its first day in valid_from), a mistake is corrected with "
                         "--correct")
    _in_place(changes, dataset, existing, added, cited)
    what = ", ".join(f"{COLUMN.get(name, name)} {_show(value)}" for name, value in added.items())
    return [f"{owner.id} {product}: added to the record from {_start(existing)}: {what}"]


def _new(dataset: Dataset, changes: Changeset, owner: Government, fields: dict[str, Any],
         options: ImportOptions) -> list[str]:
    cited = _merge(fields.get("sources") or [], options.sources)
    _require(cited)
    record = {name: value for name, value in fields.items()
              if name not in ("product", "from") and value not in (None, [])}
    record["sources"] = cited
    start = fields.get("from")
    if start is None:  # known only from observations: no start to close anything on
        changes.append(portfolio(changes, dataset, owner), "software", {"product": fields["product"], **record})
        return [f"{owner.id} {fields['product']}: added ({fields['status']}, observed)"]
    return _use(dataset, changes, owner, fields["product"], start, record)


def _change(dataset: Dataset, changes: Changeset, owner: Government, existing: Usage, fields: dict[str, Any],
            differing: dict[str, Any], cited: list[str], options: ImportOptions) -> list[str]:
    start = differing.get("from") or options.effective
    known = existing.known_span.start
    changed = ", ".join(f"{COLUMN.get(n, n)} {_show(existing.raw.get(n))} -> {_show(v)}"
                        for n, v in differing.items() if n in STATE)
    if start is None or start == known:
        raise RowRefused(f"{changed}, but valid_from gives no new start (the record's is {known}): give the first day of "
                         "the new state in valid_from (or for the whole sheet with --from DATE), or pass --correct "
                         "if the record was wrong")
    if known is not None and start < known:
        raise RowRefused(f"{changed} from {start}, before the record's own start ({known}): a change starts "
                         "after the record it changes; pass --correct if the record was wrong")
    _require(cited)
    record = {name: value for name, value in differing.items() if name not in ("from", "observed", "sources")}
    record["status"] = fields["status"]
    record["sources"] = cited
    return _use(dataset, changes, owner, fields["product"], start, record)


def _use(dataset: Dataset, changes: Changeset, owner: Government, product: str, start: date,
         record: dict[str, Any]) -> list[str]:
    try:
        return use(changes, dataset, owner, dataset.products[product], start, record)
    except UsageError as error:
        raise RowRefused(str(error)) from None


def _correct(changes: Changeset, dataset: Dataset, owner: Government, existing: Usage,
             differing: dict[str, Any], cited: list[str]) -> list[str]:
    _in_place(changes, dataset, existing, differing, cited)
    what = ", ".join(f"{COLUMN.get(n, n)} {_show(existing.raw.get(n))} -> {_show(v)}" for n, v in differing.items())
    return [f"{owner.id} {existing.product}: corrected the record from {_start(existing)} in place: {what}"]


def _in_place(changes: Changeset, dataset: Dataset, existing: Usage, values: dict[str, Any],
              cited: list[str]) -> None:
    """Write values into the recorded use and cite the sources that back them."""
    _require(cited)
    record = changes.record(dataset, existing.where)
    for name, value in values.items():
        record.put(name, value)
    record.cite(cited)


def _split(existing: Usage, differing: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The values a row adds to a record, and what it would replace (each said in words)."""
    added: dict[str, Any] = {}
    replaced: list[str] = []
    for name, value in differing.items():
        old = existing.raw.get(name)
        column = COLUMN.get(name, name)
        if old in (None, []):
            added[name] = value
        elif name in ADDABLE_LISTS:
            dropped = [item for item in plain(old) if item not in plain(value)]
            if dropped:
                replaced.append(f"{column} leaves out {', '.join(map(str, dropped))}")
            else:
                added[name] = _union(name, old, value)
        else:
            replaced.append(f"{column} {_show(value)} would replace {_show(old)}")
    return added, replaced


def _union(name: str, old: list[Any], new: list[Any]) -> list[Any]:
    """A list with the new items after the old ones (observed dates sorted, as dates)."""
    items = [*plain(old), *(item for item in plain(new) if item not in plain(old))]
    return sorted(date.fromisoformat(day) for day in items) if name == "observed" else items


def _new_sources(fields: dict[str, Any], existing: Usage, options: ImportOptions) -> list[str]:
    """The sources that back what a row changes: those of its cell the record does not cite yet,
    and the import's."""
    already = existing.raw.get("sources") or []
    return _merge([s for s in fields.get("sources") or [] if s not in already], options.sources)


def _merge(*lists: Sequence[str]) -> list[str]:
    merged: list[str] = []
    for item in (item for items in lists for item in items):
        if item not in merged:
            merged.append(item)
    return merged


def _require(cited: list[str]) -> None:
    if not cited:
        raise RowRefused("no source backs this change: put the id of its source in the sources column, or pass "
                         "--source ID for the whole sheet")


def _start(existing: Usage) -> str:
    start = existing.known_span.start
    return str(start) if start else "its first observation"


def _show(value: Any) -> str:
    if value is None or value == []:
        return "(empty)"
    if isinstance(value, list):
        return "; ".join(str(plain(item)) for item in value)
    return str(plain(value))
