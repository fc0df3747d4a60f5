"""``vlavirgem import portfolio``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vlavirgem.commands.common import DataOption, app, reports_usage_errors, sub_app
from vlavirgem.commands.editing import DryRunOption, finish, open_edit, writes_dataset

import_app = sub_app("Read records from spreadsheets into the data.")
app.add_typer(import_app, name="import")


@import_app.command("portfolio")
@reports_usage_errors
@writes_dataset
def portfolio(
    sheet: Annotated[Path, typer.Argument(metavar="FILE", help="A .xlsx or .csv file in the template (docs/editing.md).")],
    government: Annotated[str | None, typer.Option(
        "--government", metavar="GOV", help="The government of every row (id, NIS code, KBO number or name); rows "
                                            "may then leave government_id empty.")] = None,
    dry_run: DryRunOption = False,
    data: DataOption = None,
) -> None:
    """Import a government's software list from a spreadsheet into its portfolio.

    The template is the software_use table of `vlavirgem export` (an export can be edited and
    read back); a sheet needs only product_id or product_name, status, and valid_from or
    observed. A row updates the record its position (or product and start) points at, or adds a
    record; nothing is deleted. Products are found by id or name (a vendor column narrows the
    name), with a did-you-mean. The change is shown as a diff and written only when the result
    validates; a bad row writes nothing and says what is wrong on which row (exit 1).

    Example:

    \b
    $ cat aartselaar.csv
    product_name,status,valid_from,hosting
    Notula,planned,2026-09-01,saas
    $ vlavirgem import portfolio aartselaar.csv --government Aartselaar --dry-run
    row 2: gemeente-11001 notula: added (planned)
    --- a/data/catalog/portfolios/gemeente-11001.yaml
    +++ b/data/catalog/portfolios/gemeente-11001.yaml
    @@ -6,3 +6,7 @@
    ...
    +  - product: notula
    +    status: planned
    +    from: 2026-09-01
    +    hosting: saas
    """
    from vlavirgem.editing.portfolio_import import RowErrors, import_sheet, read_sheet
    from vlavirgem.queries.names import resolve_government

    dataset, changes = open_edit(data, dry_run)
    owner = resolve_government(dataset, government) if government else None
    try:
        steps = import_sheet(dataset, changes, read_sheet(sheet), owner)
    except RowErrors as errors:
        for message in errors.messages:
            typer.echo(message, err=True)
        typer.echo(f"Nothing was imported: {len(errors.messages)} problem(s) in {sheet}.", err=True)
        raise typer.Exit(1) from None
    finish(changes, steps, dry_run)
