"""``vlavirgem codeowners``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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
from vlavirgem.commands.editing import editing_lock, purpose, refusing


@app.command()
@reports_usage_errors
def codeowners(
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; exit 1 (with a diff) when the file is not up to date.")] = False,
    out: Annotated[Path | None, typer.Option(
        "--out", metavar="FILE", help="Where to write. Default: .github/CODEOWNERS of the repository.")] = None,
    fallback: Annotated[list[str] | None, typer.Option(
        "--fallback", metavar="OWNER", help="Owner of everything else (@user, @org/team); repeat for more.")] = None,
    on: OnOption = None,
    data: DataOption = None,
) -> None:
    """Generate .github/CODEOWNERS from the regions' coordinators (their github field).

    The coordinators of a region then review every pull request that changes its file or the
    portfolio of one of its members (the members on --on, default today); --fallback owns the rest.
    Run it again when coordinators or members change; --check (for CI) says when that is due.

    Examples:

        vlavirgem codeowners --fallback @v-ict-or/data-team

        vlavirgem codeowners --check

    \b
    $ vlavirgem codeowners --check
    .github/CODEOWNERS is up to date (0 regions with coordinators).
    """
    from vlavirgem.core.loader import display_path
    from vlavirgem.editing.atomic import write_files
    from vlavirgem.editing.changeset import Change, unified_diff
    from vlavirgem.editing.codeowners import codeowner_rules, coordinators, render, repository_root
    from vlavirgem.editing.filesteps import current

    root = data_dir(data)
    dataset = load(data, include_internal=True)
    day = on_date(on)
    target = out or repository_root(root) / ".github" / "CODEOWNERS"
    text = render(codeowner_rules(dataset, day, root, fallback or ()))
    with refusing():
        before = current(target)
    regions = len(coordinators(dataset, day))
    shown = display_path(target)
    if before == text.encode("utf-8"):
        typer.echo(f"{shown} is up to date ({regions} regions with coordinators).", err=True)
        return
    if check:
        typer.echo(unified_diff([Change(target, before, text.encode("utf-8"))]), nl=False)
        typer.echo(f"{shown} is not up to date: run `vlavirgem codeowners` and commit it.", err=True)
        raise typer.Exit(1)
    with refusing(), editing_lock(root):
        write_files(root, {target: text.encode("utf-8")}, {target: before}, purpose())
    typer.echo(f"Wrote {shown} ({regions} regions with coordinators).", err=True)
