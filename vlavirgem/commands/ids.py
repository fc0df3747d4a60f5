"""``vlavirgem ids``: write or check the schema of the dataset's ids (for editors)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vlavirgem.commands.common import DataOption, app, data_dir, load, reports_usage_errors


@app.command()
@reports_usage_errors
def ids(
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; exit 1 (with a diff) when the file is not up to date.")] = False,
    out: Annotated[Path | None, typer.Option(
        "--out", metavar="FILE", help="Where to write. Default: schemas/ids.schema.json of the repository.")] = None,
    data: DataOption = None,
) -> None:
    """Generate schemas/ids.schema.json: every id of the dataset with its name, for editors.

    The file schemas refer to it wherever a record names another one (government, region,
    building block, product, vendor, standard, source), so the YAML language server completes
    those ids, shows each one's name, and flags an unknown id while you type. validate does not
    read it. Run it after adding or renaming a record; the pre-commit hook does, and CI's --check
    says when that is due.

    Examples:

    \b
    $ vlavirgem ids --check
    schemas/ids.schema.json is up to date (654 governments, 15 regions, 18 blocks, 9 products, 7 vendors, 257 standards, 72 sources).
    """
    from vlavirgem.core.loader import display_path
    from vlavirgem.editing.atomic import write_files
    from vlavirgem.editing.changeset import Change, unified_diff
    from vlavirgem.editing.ids_schema import default_path, described_ids, ids_schema, render

    root = data_dir(data)
    dataset = load(data)
    target = out or default_path(root)
    text = render(ids_schema(dataset)).encode("utf-8")
    before = target.read_bytes() if target.is_file() else None
    counts = ", ".join(f"{len(found)} {kind}s" for kind, found in described_ids(dataset).items())
    shown = display_path(target)
    if before == text:
        typer.echo(f"{shown} is up to date ({counts}).", err=True)
        return
    if check:
        typer.echo(unified_diff([Change(target, before, text)]), nl=False)
        typer.echo(f"{shown} is not up to date: run `vlavirgem ids` and commit it.", err=True)
        raise typer.Exit(1)
    if not target.parent.is_dir():
        raise typer.BadParameter(f"the folder {display_path(target.parent)} does not exist", param_hint="--out")
    write_files({target: text})
    typer.echo(f"Wrote {shown} ({counts}).", err=True)
