"""``vlavirgem validate``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vlavirgem.commands.common import (
    DataOption,
    ProblemFormat,
    app,
    data_dir,
    reports_usage_errors,
    settings,
    settle_interrupted_edit,
)
from vlavirgem.commands.panels import REPORT
from vlavirgem.core.problems import UsageError


@app.command(rich_help_panel=REPORT)
@reports_usage_errors
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="[PATH]...",
        help="Files or folders of the dataset to report on (default: all). The whole dataset is read, "
             "so references resolve.")] = None,
    fmt: Annotated[ProblemFormat, typer.Option(
        "--format", "-f",
        help="text: file:line:col lines; json: one document; github: workflow annotations, then the "
             "text lines.")] = ProblemFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    data: DataOption = None,
) -> None:
    """Check the data: YAML, schemas, references across files and the rules of time.

    Reports every problem in one pass as FILE:LINE:COL: SEVERITY [CODE] MESSAGE, then a summary.
    Exit 0 when clean, 1 when the data has problems (warnings only with --strict), 2 on wrong usage.

    Examples:

    \b
        vlavirgem validate
        vlavirgem validate data/regions/waasland.yaml --format github

        vlavirgem validate --no-cache
    """
    from vlavirgem.core.validation import validate as run_validation
    from vlavirgem.core.yaml_events import c_parser_in_use
    from vlavirgem.output import write_report

    root = data_dir(data)
    if not c_parser_in_use():
        typer.echo("Note: ruamel.yaml's C extension is missing, so reading is several times slower; "
                   "install ruamel.yaml.clib.", err=True)
    for path in paths or ():
        if not path.exists():
            raise UsageError(f"{path} does not exist")
        if not (path.resolve() == root.resolve() or root.resolve() in path.resolve().parents):
            raise UsageError(f"{path} is not inside the dataset {root}; pass --data to choose another dataset")
    settle_interrupted_edit(root)
    _, report = run_validation(root, settings().today(), list(paths) if paths else None,
                               cache=settings().cache)
    write_report(report, fmt.value, strict)
    raise typer.Exit(0 if report.ok(strict) else 1)
