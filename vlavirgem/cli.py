"""The ``vlavirgem`` command line: parse options, call the library, hand the result to output.

Exit codes: 0 all well, 1 problems in the data, 2 wrong usage.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from enum import Enum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from .problems import UsageError

app = typer.Typer(
    name="vlavirgem",
    help=(
        "Who cooperates with whom among Flemish local governments, and with what.\n\n"
        "Works on the YAML dataset in --data DIR (default: the data/ folder of the repository "
        "you are in, or $VLAVIRGEM_DATA). Every query answers as of --on DATE (default: today, "
        "or $VLAVIRGEM_TODAY)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class ProblemFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


class ListFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class _State:
    data: str | None = None


DataOption = Annotated[
    str | None,
    typer.Option("--data", metavar="DIR", help="The dataset folder. Default: the repository's data/, or $VLAVIRGEM_DATA."),
]
OnOption = Annotated[
    str | None,
    typer.Option("--on", metavar="DATE", help="Answer as of this date (YYYY-MM-DD). Default: today, or $VLAVIRGEM_TODAY."),
]
ListFormatOption = Annotated[ListFormat, typer.Option("--format", "-f", help="Output: table for people, csv or json for scripts.")]

F = TypeVar("F", bound=Callable[..., Any])


def _reports_usage_errors(command: F) -> F:
    """Turn a UsageError into a one-line message and exit code 2, as Typer does for its own."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except UsageError as error:
            typer.echo(f"Error: {error}", err=True)
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


@app.callback()
def main(data: DataOption = None) -> None:
    """Global options, given before the command: vlavirgem --data DIR COMMAND ..."""
    _State.data = data


def _data_dir(data: str | None) -> Path:
    from .layout import find_data_dir

    return find_data_dir(data or _State.data)


def _on(on: str | None) -> date:
    from .dates import parse_date, today

    return parse_date(on) if on else today()


@app.command()
@_reports_usage_errors
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(metavar="[PATH]...", help="Files or folders of the dataset to report on (default: all). The whole dataset is read, so references resolve.")] = None,
    fmt: Annotated[ProblemFormat, typer.Option("--format", "-f", help="text: file:line:col lines; json: one document; github: workflow annotations, then the text lines.")] = ProblemFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    data: DataOption = None,
) -> None:
    """Check the data: YAML, schemas, references across files and the rules of time.

    Reports every problem in one pass as FILE:LINE:COL: SEVERITY [CODE] MESSAGE, then a summary.
    Exit 0 when clean, 1 when the data has problems (warnings only with --strict), 2 on wrong usage.

    Examples:

        vlavirgem validate

        vlavirgem validate data/regions/waasland.yaml --format github
    """
    from .dates import today
    from .output import write_report
    from .validation import validate as run_validation

    root = _data_dir(data)
    _warn_if_slow_parser()
    only = None
    if paths:
        for path in paths:
            if not path.exists():
                raise UsageError(f"{path} does not exist")
            if not (path.resolve() == root.resolve() or root.resolve() in path.resolve().parents):
                raise UsageError(f"{path} is not inside the dataset {root}; pass --data to choose another dataset")
        only = list(paths)
    _, report = run_validation(root, today(), only)
    write_report(report, fmt.value, strict)
    raise typer.Exit(0 if report.ok(strict) else 1)


@app.command()
@_reports_usage_errors
def unaffiliated(
    on: OnOption = None,
    province: Annotated[str | None, typer.Option("--province", "-p", help="Only this province (id, name or NIS code).")] = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help="Only gemeente or ocmw.")] = None,
    fmt: ListFormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """List the governments that exist on the date but belong to no region.

    Sorted by province and name, with a count line and notes when the date lies before the
    first recorded membership. csv and json print the rows only (notes go to stderr).

    Examples:

        vlavirgem unaffiliated

        vlavirgem unaffiliated --on 2021-06-01 --province limburg --kind gemeente

        vlavirgem unaffiliated --format json
    """
    from .output import write_rows
    from .queries import resolve_kind, resolve_province
    from .queries import unaffiliated as query

    day = _on(on)
    dataset = _load(data)
    result = query(dataset, day,
                   resolve_province(dataset, province) if province else None,
                   resolve_kind(kind) if kind else None)
    rows = [
        {"id": g.id, "kind": g.kind, "name": g.name, "nis": g.nis, "province": g.province_name,
         "arrondissement": g.arrondissement, "kbo": g.kbo}
        for g in result.governments
    ]
    columns = {"province": "Province", "name": "Name", "kind": "Kind", "nis": "NIS", "id": "Id"}
    count = (f"{len(rows)} of {result.valid_count} governments valid on {day} belong to no region."
             if rows else f"All {result.valid_count} governments valid on {day} belong to a region.")
    write_rows(rows, columns, fmt.value, title=f"Unaffiliated on {day}",
               footer=[count, *result.notes])


def _warn_if_slow_parser() -> None:
    from .loader import c_parser_in_use

    if not c_parser_in_use():
        typer.echo("Note: ruamel.yaml's C extension is missing, so reading is several times slower; "
                   "install ruamel.yaml.clib.", err=True)


def _load(data: str | None) -> Any:
    """The dataset's records; the data must be readable, but it need not be free of problems."""
    from .dataset import load_dataset

    dataset, problems = load_dataset(_data_dir(data))
    errors = [p for p in problems if p.is_error]
    if errors:
        typer.echo(f"Warning: the data has {len(errors)} problem(s); answers leave out the broken "
                   "records. Run `vlavirgem validate` to see them.", err=True)
    return dataset


def run() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
