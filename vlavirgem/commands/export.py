"""``vlavirgem export``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from vlavirgem.commands.common import (
    DataOption,
    OnOption,
    app,
    data_dir,
    load,
    on_date,
    reports_usage_errors,
)
from vlavirgem.commands.editing import reporting_os_errors
from vlavirgem.commands.panels import PUBLISH
from vlavirgem.core.problems import UsageError
from vlavirgem.core.wording import counted


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"
    xlsx = "xlsx"
    sqlite = "sqlite"


@app.command(rich_help_panel=PUBLISH)
@reports_usage_errors
def export(
    to: Annotated[ExportFormat, typer.Option(
        "--to", help="csv: a folder with one file per table and README.txt; json: one document; "
                     "xlsx: a workbook, one sheet per table; sqlite: a database with keys, indexes and views.")],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="PATH", help="Where to write (a folder for csv); - writes json, xlsx or sqlite to stdout.")],
    on: OnOption = None,
    history: Annotated[bool, typer.Option(
        "--history", help="Export every record of every date, not the state on one day.")] = False,
    include_internal: Annotated[bool, typer.Option(
        "--include-internal", help="Also export records marked visibility: internal, and the coordinators "
                                   "(personal data).")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace --out if it exists and is not empty (a folder only if it "
                                                    "holds nothing but an earlier csv export).")] = False,
    data: DataOption = None,
) -> None:
    """Export the whole dataset as tables: csv, json, xlsx or sqlite.

    One table per kind of record (governments, regions, memberships, cycle_steps, blocks,
    standards, vendors, products, product_standards, portfolios, software_use, adoptions,
    security_plans, sources, provinces; coordinators only with --include-internal), each with
    ids and readable names. By default the state on --on (today): the governments valid that day
    and the records whose dates include it; --history exports everything. Lists are joined with
    "; " in csv, xlsx and sqlite. The export says which data it came from (a digest and the Git
    commit) and carries no timestamp. It is written to a temporary path and then renamed, so
    --out is never left half-written.

    Examples:

    \b
        vlavirgem export --to sqlite --out vlavirgem.sqlite --history
        vlavirgem export --to csv --out export/ --on 2024-06-01 --force

    \b
    $ vlavirgem export --to xlsx --out vlavirgem.xlsx
    Exported the state on 2026-11-28 to vlavirgem.xlsx (xlsx): 93 sources, 5 provinces, 570 governments
    """
    from vlavirgem.export.formats import write_export
    from vlavirgem.export.metadata import export_metadata
    from vlavirgem.export.tables import export_tables

    if history and on:
        raise UsageError("give --on DATE or --history, not both")
    day = None if history else on_date(on)
    if str(out) == "-":
        _check_stdout(to.value)
    dataset = load(data, include_internal=include_internal)
    tables = export_tables(dataset, day, include_internal)
    metadata = export_metadata(data_dir(data), day, include_internal)
    with reporting_os_errors("the export"):
        if str(out) == "-":
            _write_to_stdout(tables, metadata, to.value)
        else:
            write_export(tables, metadata, to.value, out, force)
    counts = ", ".join(f"{len(rows)} {name}" for name, rows in tables.items())
    scope = "the whole history" if day is None else f"the state on {day}"
    typer.echo(f"Exported {scope} to {'stdout' if str(out) == '-' else out} ({to.value}): {counts} "
               f"({counted(sum(len(rows) for rows in tables.values()), 'row')} in {counted(len(tables), 'table')}).",
               err=True)


def _check_stdout(fmt: str) -> None:
    """``--out -``: json goes to stdout as text; xlsx and sqlite only into a pipe or a file."""
    import sys

    if fmt == "csv":
        raise UsageError("--to csv writes a folder of files, which stdout cannot hold; "
                         "give --out DIR, or use --to json for stdout")
    if fmt in ("xlsx", "sqlite") and sys.stdout.isatty():
        raise UsageError(f"--to {fmt} is binary and would garble the terminal; "
                         f"redirect stdout (> export.{fmt}) or give --out FILE")


def _write_to_stdout(tables: Any, metadata: dict[str, Any], fmt: str) -> None:
    """Write the export to a temporary file with the usual writer, then copy its bytes to stdout."""
    import sys
    import tempfile

    from vlavirgem.export.formats import write_export

    with tempfile.TemporaryDirectory(prefix="vlavirgem-export-") as folder:
        target = Path(folder) / f"export.{fmt}"
        write_export(tables, metadata, fmt, target)
        sys.stdout.flush()
        sys.stdout.buffer.write(target.read_bytes())
        sys.stdout.buffer.flush()
