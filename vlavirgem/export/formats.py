"""Write the export tables as csv (a folder), json (one document), xlsx (a workbook) or sqlite, and
read csv, json and xlsx exports back.

Every format is written to a temporary path beside the target and then renamed into place, so an
interrupted export never leaves a half-written file or folder at ``--out``.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vlavirgem.core.problems import UsageError
from vlavirgem.export.metadata import readme
from vlavirgem.export.sqlite import write_sqlite
from vlavirgem.export.tables import TABLES_BY_NAME, Tables, flat_rows

FORMATS = ("csv", "json", "xlsx", "sqlite")
MAX_WIDTH = 60


def write_export(tables: Tables, metadata: dict[str, Any], fmt: str, out: Path, force: bool = False) -> None:
    """Write an export to ``out``: a folder for csv, a file otherwise.

    Refuses an ``out`` that exists and is not empty unless ``force``, and never replaces a folder
    with a file or a file with a folder.
    """
    writers: dict[str, Callable[[Tables, dict[str, Any], Path], None]] = {
        "csv": write_csv, "json": write_json, "xlsx": write_xlsx, "sqlite": write_sqlite}
    if fmt not in writers:
        raise UsageError(f"--to must be one of {', '.join(FORMATS)}, not '{fmt}'")
    folder = fmt == "csv"
    _check_target(out, folder, force)
    out.parent.mkdir(parents=True, exist_ok=True)
    _replace_atomically(out, folder, lambda path: writers[fmt](tables, metadata, path))


def _check_target(out: Path, folder: bool, force: bool) -> None:
    if not out.exists():
        return
    if out.is_dir() != folder:
        made = "a folder" if folder else "one file"
        raise UsageError(f"--out {out} is {'a folder' if out.is_dir() else 'a file'}, but this format writes {made}; "
                         "choose another --out")
    empty = not any(out.iterdir()) if out.is_dir() else out.stat().st_size == 0
    if not (empty or force):
        raise UsageError(f"--out {out} exists and is not empty; pass --force to replace it")
    strangers = sorted(p.name for p in out.iterdir() if not _exported(p)) if out.is_dir() else []
    if strangers:
        raise UsageError(f"--out {out} holds {strangers[0]}, which no csv export writes; --force replaces only an "
                         "earlier export, so choose an empty or new folder")


def _exported(path: Path) -> bool:
    """Whether a file in a folder could have been written by a csv export."""
    return path.is_file() and (path.name == "README.txt" or path.suffix == ".csv")


def _temporary(out: Path, label: str = "") -> Path:
    """A fresh path beside ``out`` (same file system, so the rename is atomic)."""
    return out.parent / f".{out.name}.{label}{secrets.token_hex(6)}.tmp"


def _replace_atomically(out: Path, folder: bool, write: Callable[[Path], None]) -> None:
    """Write to a temporary path in ``out``'s folder, then rename it to ``out``."""
    temporary = _temporary(out)
    try:
        write(temporary)
        if folder and out.exists():
            old = _temporary(out, "old.")
            out.rename(old)
            temporary.rename(out)
            shutil.rmtree(old)
        else:
            os.replace(temporary, out)
    except BaseException:
        if temporary.is_dir():
            shutil.rmtree(temporary, ignore_errors=True)
        else:
            temporary.unlink(missing_ok=True)
        raise


def _headers(name: str, metadata: dict[str, Any]) -> list[str]:
    return [c["name"] for c in metadata["tables"][name]["columns"]]


def write_csv(tables: Tables, metadata: dict[str, Any], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=_headers(name, metadata), lineterminator="\n")
            writer.writeheader()
            writer.writerows(flat_rows(name, rows))
    counts = {name: len(rows) for name, rows in tables.items()}
    (folder / "README.txt").write_text(readme(metadata, counts), encoding="utf-8")


def write_json(tables: Tables, metadata: dict[str, Any], path: Path) -> None:
    document = {"metadata": metadata, **tables}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_xlsx(tables: Tables, metadata: dict[str, Any], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for name, rows in tables.items():
        sheet = workbook.create_sheet(name)
        headers = _headers(name, metadata)
        sheet.append(headers)
        for row in flat_rows(name, rows):
            sheet.append([row[key] for key in headers])
        for index, header in enumerate(headers, start=1):
            sheet.cell(row=1, column=index).font = bold
            longest = max((len(str(row[header])) for row in rows if row[header] is not None), default=0)
            sheet.column_dimensions[get_column_letter(index)].width = min(max(len(header), longest) + 2, MAX_WIDTH)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    notes = workbook.create_sheet("README")
    for line in readme(metadata, {name: len(rows) for name, rows in tables.items()}).splitlines():
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    workbook.save(path)


def read_export(path: Path) -> Tables:
    """The tables of a csv (folder), json or xlsx export, values typed as the layout says."""
    if path.is_dir():
        tables = {}
        for file in sorted(path.glob("*.csv")):
            if file.stem not in TABLES_BY_NAME:
                continue
            with file.open(encoding="utf-8", newline="") as handle:
                tables[file.stem] = _typed(file.stem, list(csv.DictReader(handle)))
        return tables
    with path.open("rb") as handle:
        if handle.read(2) != b"PK":  # not a zip archive, so not a workbook
            document = json.loads(path.read_text(encoding="utf-8"))
            return {name: rows for name, rows in document.items() if name != "metadata"}
        from openpyxl import load_workbook

        handle.seek(0)
        workbook = load_workbook(handle, read_only=True)
        tables = {}
        for sheet in workbook.worksheets:
            if sheet.title in TABLES_BY_NAME:
                values = list(sheet.iter_rows(values_only=True))
                tables[sheet.title] = _typed(sheet.title, [dict(zip(values[0], row, strict=True))
                                                           for row in values[1:]])
        workbook.close()
    return tables


def _typed(name: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    table = TABLES_BY_NAME[name]
    return [{key: table.column(key).parse(value) for key, value in row.items()} for row in rows]
