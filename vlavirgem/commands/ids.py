"""``vlavirgem ids``: write or check the schema of the dataset's ids (for editors)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vlavirgem.commands.common import DataOption, app, data_dir, load, reports_usage_errors
from vlavirgem.commands.panels import EDIT


@app.command(rich_help_panel=EDIT)
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
    schemas/ids.schema.json is up to date (654 governments, 15 regions, 18 blocks, 9 products, 7
    """
    from vlavirgem.commands.generated import keep_generated
    from vlavirgem.editing.ids_schema import default_path, described_ids, ids_schema, render

    dataset = load(data, include_internal=True)
    counts = ", ".join(f"{len(found)} {kind}s" for kind, found in described_ids(dataset).items())
    keep_generated(data_dir(data), out or default_path(data_dir(data)), render(ids_schema(dataset)), check, counts,
                   "vlavirgem ids")
