"""Import a government's software list from a spreadsheet (.xlsx or .csv) into its portfolio.

The template is the ``software_use`` table of ``vlavirgem export`` (same column names, lists joined
with "; "), so an export can be edited and read back; a template needs only some of its columns.
Every row is one software record.  A row with a ``position`` that points at a record of the same
product, or with the product and start of a recorded use, is that record: what it changes is
written as ``portfolio_rows`` says (a change of status closes the record and opens a new one; an
empty cell leaves a field as it is; nothing is overwritten or deleted unless ``--correct``); any
other row is a new fact, recorded as ``vlavirgem use`` records one.

Products are found by id or name (``product_id`` or ``product_name``), optionally narrowed by a
``vendor`` column (id or name); governments by id, NIS code, KBO number or name, or for the whole
sheet by ``--government``.  Every problem is reported with its row; one bad row imports nothing.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from vlavirgem.core.model import Dataset, Government
from vlavirgem.core.portfolio_records import Usage
from vlavirgem.core.problems import UsageError
from vlavirgem.core.schemas import schema_at
from vlavirgem.core.wording import counted, plural
from vlavirgem.editing.changeset import Changeset
from vlavirgem.editing.portfolio_rows import ImportOptions, RowRefused, write_row
from vlavirgem.export.columns import LIST_SEPARATOR
from vlavirgem.export.tables import TABLES_BY_NAME
from vlavirgem.queries.names import resolve_government, resolve_id

TABLE = "software_use"
COLUMNS = tuple(column.name for column in TABLES_BY_NAME[TABLE].columns)
EXTRA = ("vendor",)  # the template's one column beyond the export's: narrows a product name to a vendor
READ_ONLY = ("government_name", "product_name", "known_from", "position")  # for people and matching
# sheet column -> software field (the export writes from/until as valid_from/valid_until)
FIELDS = {"domain": "domain", "status": "status", "valid_from": "from", "valid_until": "until",
          "observed": "observed", "hosting": "hosting", "contract_end": "contract_end", "standards": "standards",
          "url": "url", "evidence": "evidence", "sources": "sources", "note": "note", "visibility": "visibility"}
DATES = {"valid_from", "valid_until", "contract_end"}
LISTS = {"observed", "standards", "sources"}
ENUMS = {"status", "hosting", "visibility"}


class RowErrors(Exception):
    """The sheet has rows that cannot be imported: one message per problem, each naming its row."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Sheet:
    """The rows of a spreadsheet: its file, its column names and its rows (number -> cells)."""

    path: Path
    columns: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, Any]], ...]


def read_sheet(path: Path) -> Sheet:
    """The software rows of a .xlsx (the sheet software_use, or the only sheet) or .csv file."""
    try:
        if path.suffix.lower() == ".xlsx":
            grid = _xlsx(path)
        elif path.suffix.lower() == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                grid = [list(row) for row in csv.reader(handle)]
        else:
            raise UsageError(f"{path}: import reads .xlsx or .csv files")
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as error:
        raise UsageError(f"cannot read {path}: {error}") from None
    if not grid:
        raise UsageError(f"{path} is empty; the first row must name the columns (see docs/editing.md)")
    header = tuple(str(cell).strip() if cell is not None else "" for cell in grid[0])
    unknown = [name for name in header if name and name not in (*COLUMNS, *EXTRA)]
    if unknown:
        raise RowErrors([f"{path}:1: unknown column '{name}'{_hint(name, (*COLUMNS, *EXTRA))}" for name in unknown])
    rows = tuple((number, {name: _clean(cell) for name, cell in zip(header, row, strict=False) if name})
                 for number, row in enumerate(grid[1:], start=2))
    return Sheet(path, header, tuple((n, cells) for n, cells in rows if any(v is not None for v in cells.values())))


def _xlsx(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = workbook.sheetnames
        if TABLE in sheets:
            sheet = workbook[TABLE]
        elif len([s for s in sheets if s != "README"]) == 1:
            sheet = workbook[next(s for s in sheets if s != "README")]
        else:
            raise UsageError(f"{path} has no sheet named {TABLE} and more than one sheet; name the sheet {TABLE}")
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _clean(cell: Any) -> Any:
    if isinstance(cell, str):
        return cell.strip() or None
    return cell


def _hint(wanted: str, choices: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(wanted, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def import_sheet(dataset: Dataset, changes: Changeset, sheet: Sheet, government: Government | None,
                 options: ImportOptions | None = None) -> list[str]:
    """Write the software records of the sheet into ``changes`` as ``portfolio_rows`` says (a
    change closes the record it changes and opens a new one); returns what it did."""
    options = options or ImportOptions()
    reader = _RowReader(dataset, sheet, government)
    records = [(number, reader.record(number, cells)) for number, cells in sheet.rows]
    if reader.errors:
        raise RowErrors(reader.errors)
    matched = [(number, owner, fields, _match(dataset, owner, fields, position))
               for number, (owner, fields, position) in records]
    seen: dict[Any, int] = {}
    for number, owner, fields, existing in matched:
        key = (owner.id, existing.where.path if existing else (fields["product"], str(fields.get("from"))))
        if key in seen:
            reader.errors.append(f"{sheet.path}:{number}: this row describes the same record as row {seen[key]}")
        seen.setdefault(key, number)
    if reader.errors:
        raise RowErrors(reader.errors)
    present = [FIELDS[column] for column in sheet.columns if column in FIELDS]
    steps: list[str] = []
    unchanged = 0
    for number, owner, fields, existing in matched:
        try:
            done = write_row(dataset, changes, owner, fields, present, existing, options)
        except RowRefused as refused:
            reader.errors.append(f"{sheet.path}:{number}: {refused}")
            continue
        steps.extend(f"row {number}: {step}" for step in done)
        unchanged += not done
    if reader.errors:
        raise RowErrors(reader.errors)
    if unchanged:
        steps.append(f"{counted(unchanged, 'row')} unchanged: {plural(unchanged, 'it says', 'they say')} what the data says.")
    return steps


def _match(dataset: Dataset, owner: Government, fields: dict[str, Any], position: int | None) -> Usage | None:
    known = dataset.portfolios.get(owner.id)
    uses = known.software if known else ()
    for use in uses:
        if position is not None and use.where.path[-1] == position and use.product == fields["product"]:
            return use
    start = fields.get("from") or min(fields.get("observed") or [None], key=lambda d: d or date.max)
    for use in uses:
        if use.product == fields["product"] and use.known_span.start == start:
            return use
    return None


class _RowReader:
    """Turns the cells of a row into a software record, collecting what is wrong with it."""

    def __init__(self, dataset: Dataset, sheet: Sheet, government: Government | None) -> None:
        self.dataset, self.sheet, self.government = dataset, sheet, government
        self.errors: list[str] = []
        self.products = {p.id: p.name for p in dataset.products.values()}

    def record(self, number: int, cells: dict[str, Any]) -> tuple[Government, dict[str, Any], int | None]:
        where = f"{self.sheet.path}:{number}"
        errors_before = len(self.errors)
        fields: dict[str, Any] = {}
        for column, field in FIELDS.items():
            if column in cells:
                fields[field] = self._value(where, column, cells[column])
        owner = self._government(where, cells, fields.get("from"))
        fields = {"product": self._product(where, cells), **fields}
        if fields.get("status") is None:
            self.errors.append(f"{where}: status is empty; write planned, in-use, phasing-out or retired")
        if cells.get("valid_from") is None and not cells.get("observed"):
            self.errors.append(f"{where}: give valid_from (the first day of use) or observed (days it was seen)")
        position = cells.get("position")
        if position is not None and not str(position).strip().isdigit():
            self.errors.append(f"{where}: position '{position}' is not a whole number; leave it empty for a new record")
            position = None
        if len(self.errors) > errors_before:
            return owner, fields, None  # type: ignore[return-value]
        return owner, fields, int(str(position)) if position is not None else None

    def _value(self, where: str, column: str, cell: Any) -> Any:
        if cell is None:
            return [] if column in LISTS else None
        if column in DATES:
            return self._date(where, column, cell)
        if column in LISTS:
            items = [part.strip() for part in str(cell).split(LIST_SEPARATOR.strip()) if part.strip()]
            if column == "observed":
                return sorted({self._date(where, column, item) for item in items} - {None})  # type: ignore[type-var]
            if column == "standards":
                return [self._find(where, self.dataset.standards, item, "standard") for item in items]
            missing = [item for item in items if item not in self.dataset.sources]
            for item in missing:
                self.errors.append(f"{where}: sources: there is no source '{item}' in sources.yaml"
                                   f"{_hint(item, list(self.dataset.sources))}")
            return items
        text = str(cell)
        if column in ENUMS:
            allowed = [str(v) for v in schema_at("portfolio", ("software", 0, FIELDS[column])).get("enum", ())]
            if text not in allowed:
                self.errors.append(f"{where}: {column} '{text}' is not allowed{_hint(text, allowed) or '.'} "
                                   f"Choose one of: {', '.join(allowed)}.")
        return text

    def _date(self, where: str, column: str, cell: Any) -> date | None:
        if isinstance(cell, datetime):
            return cell.date()
        if isinstance(cell, date):
            return cell
        try:
            return date.fromisoformat(str(cell).strip())
        except ValueError:
            self.errors.append(f"{where}: {column} '{cell}' is not a date; write YYYY-MM-DD")
            return None

    def _find(self, where: str, pool: dict[str, Any], wanted: str, noun: str) -> str | None:
        try:
            return resolve_id(pool, wanted, noun, {key: record.name for key, record in pool.items()}).id  # type: ignore[no-any-return]
        except UsageError as error:
            self.errors.append(f"{where}: {error}")
            return None

    def _government(self, where: str, cells: dict[str, Any], start: date | None) -> Government:
        wanted = cells.get("government_id") or cells.get("government_name")
        if isinstance(wanted, str) and re.fullmatch(r"(gemeente|ocmw)-[0-9]{5}", wanted) \
                and wanted not in self.dataset.governments:
            self.errors.append(f"{where}: there is no government '{wanted}' in the register"
                               f"{_hint(wanted, list(self.dataset.governments))}")
            return self.government  # type: ignore[return-value]
        if wanted is None:
            if self.government is None:
                self.errors.append(f"{where}: no government: fill in government_id or pass --government")
            return self.government  # type: ignore[return-value]
        try:
            found = resolve_government(self.dataset, str(wanted), start)
        except UsageError as error:
            self.errors.append(f"{where}: {error}")
            return self.government  # type: ignore[return-value]
        if self.government is not None and found.id != self.government.id:
            self.errors.append(f"{where}: the row is for {found.id}, not for {self.government.id} (--government)")
        return found

    def _product(self, where: str, cells: dict[str, Any]) -> str | None:
        wanted = cells.get("product_id") or cells.get("product_name")
        if wanted is None:
            self.errors.append(f"{where}: no product: fill in product_id or product_name")
            return None
        pool = dict(self.dataset.products)
        vendor = cells.get("vendor")
        if vendor is not None:
            found = self._find(where, self.dataset.vendors, str(vendor), "vendor")
            pool = {key: product for key, product in pool.items() if product.vendor == found}
            if found is None:
                return None
        return self._find(where, pool, str(wanted), "product" + (f" of {vendor}" if vendor else ""))
