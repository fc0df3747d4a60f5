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
from vlavirgem.commands.panels import EDIT
from vlavirgem.core.wording import counted


@app.command(rich_help_panel=EDIT)
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

    \b
        vlavirgem codeowners --fallback @v-ict-or/data-team
        vlavirgem codeowners --check

    \b
    $ vlavirgem codeowners --check
    .github/CODEOWNERS is up to date (0 regions with coordinators).
    """
    from vlavirgem.commands.generated import keep_generated
    from vlavirgem.editing.codeowners import codeowner_rules, coordinators, render, repository_root

    root = data_dir(data)
    dataset = load(data, include_internal=True)
    day = on_date(on)
    target = out or repository_root(root) / ".github" / "CODEOWNERS"
    text = render(codeowner_rules(dataset, day, root, fallback or ()))
    regions = counted(len(coordinators(dataset, day)), "region")
    keep_generated(root, target, text, check, f"{regions} with coordinators", "vlavirgem codeowners")
