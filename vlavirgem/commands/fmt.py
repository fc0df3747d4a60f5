"""``vlavirgem fmt``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vlavirgem.commands.common import DataOption, app, data_dir, reports_usage_errors, settle_interrupted_edit
from vlavirgem.commands.editing import editing_lock, purpose, refusing
from vlavirgem.commands.panels import EDIT
from vlavirgem.core.problems import UsageError
from vlavirgem.core.wording import counted


@app.command(rich_help_panel=EDIT)
@reports_usage_errors
def fmt(
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="[PATH]...", help="Files or folders to format (default: the whole dataset).")] = None,
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; print a diff of what would change and exit 1 if anything would.")] = False,
    data: DataOption = None,
) -> None:
    """Put data files in the one canonical layout; --check only verifies (for CI and pre-commit).

    The layout: keys in the order of the schema, lists whose order carries no meaning sorted
    (members by government name, kind and from, ...), quotes only where needed, dates as
    YYYY-MM-DD, the short lists sources and observed on one line, and the government's name as a
    comment after every `government:` id. Comments you write are kept. Formatting never changes
    what the data says. Files that are not YAML, or that hold a value their schema rejects and
    formatting cannot repair (a loose date like 2021-3-5 it does repair), are reported with
    their line and column (exit 1) and left alone.

    Examples:

    \b
        vlavirgem fmt
        vlavirgem fmt data/regions/waasland.yaml

    \b
    $ vlavirgem fmt --check
    935 files checked: all in the canonical layout.
    """
    from vlavirgem.editing.atomic import write_files
    from vlavirgem.editing.changeset import unified_diff
    from vlavirgem.editing.reformat import reformat

    root = data_dir(data)
    settle_interrupted_edit(root)
    for path in paths or ():
        if not path.exists():
            raise UsageError(f"{path} does not exist")
    result = reformat(root, list(paths) if paths else None)
    for skipped in result.skipped:
        typer.echo(f"Note: {skipped} is in no place of the dataset {root}; left alone.", err=True)
    for problem in result.problems:
        typer.echo(f"{problem.file}:{problem.line}:{problem.column}: {problem.severity} [{problem.code}] "
                   f"{problem.message}", err=True)
    changed = len(result.changes)
    broken = len({problem.file for problem in result.problems})
    left = f" {broken} with errors left alone (see above)." if broken else ""
    if check:
        typer.echo(unified_diff(result.changes), nl=False)
        verdict = (f"{changed} would be reformatted (run `vlavirgem fmt`)." if changed
                   else "all in the canonical layout.")
        typer.echo(f"{counted(result.checked, 'file')} checked: {verdict}{left}", err=True)
        raise typer.Exit(1 if changed or result.problems else 0)
    if changed:
        with refusing(), editing_lock(root):  # the files must still be as read: else nothing is written
            write_files(root, {c.path: c.after for c in result.changes},
                        {c.path: c.before for c in result.changes}, purpose())
    for change in result.changes:
        typer.echo(f"reformatted {change.path}", err=True)
    typer.echo(f"{counted(result.checked, 'file')} checked, {changed} reformatted.{left}", err=True)
    raise typer.Exit(1 if result.problems else 0)
