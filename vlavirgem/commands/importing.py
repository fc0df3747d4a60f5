"""``vlavirgem import portfolio``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vlavirgem.commands.common import DataOption, app, reports_usage_errors, sub_app
from vlavirgem.commands.editing import DryRunOption, SourceOption, finish, open_edit, writes_dataset
from vlavirgem.commands.panels import EDIT
from vlavirgem.core.wording import counted

import_app = sub_app("Read records from spreadsheets into the data.")
app.add_typer(import_app, name="import", rich_help_panel=EDIT)


@import_app.command("portfolio")
@reports_usage_errors
@writes_dataset
def portfolio(
    sheet: Annotated[Path, typer.Argument(metavar="FILE", help="A .xlsx or .csv file in the template (docs/editing.md).")],
    government: Annotated[str | None, typer.Option(
        "--government", metavar="GOV", help="The government of every row (id, NIS code, KBO number or name); rows "
                                            "may then leave government_id empty.")] = None,
    source: SourceOption = None,
    start: Annotated[str | None, typer.Option(
        "--from", metavar="DATE", help="The first day of the changes of rows whose valid_from is still their "
                                       "record's start (the day of the survey, say).")] = None,
    correct: Annotated[bool, typer.Option(
        "--correct", help="The sheet corrects mistakes: write changed values into the records in place "
                          "instead of closing them and opening new ones.")] = False,
    dry_run: DryRunOption = False,
    data: DataOption = None,
) -> None:
    """Import a government's software list from a spreadsheet into its portfolio, keeping history.

    The template is the software_use table of `vlavirgem export` (an export can be edited and
    read back); a sheet needs only product_id or product_name, status, and valid_from or
    observed. A row that points at a record (its position, or product and start) and changes its
    status, hosting, contract end, domain, standards or url is a change in the world, as with
    `vlavirgem use`: the record ends the day before and a new one starts on the row's valid_from
    (or on --from DATE when valid_from is unchanged). Values that fill an empty field are added;
    replacing a written value is refused unless --correct, which edits the records in place (for
    mistakes). Other rows are new facts, recorded as `use` records them. Every change needs a
    source: a new id in its sources cell, or --source ID. Shown as a diff and written only when
    the result validates; a bad row writes nothing and says what is wrong on which row (exit 1).

    A round trip: `vlavirgem export --to xlsx --out portfolios.xlsx --history`, change a status
    in its software_use sheet, then `vlavirgem import portfolio portfolios.xlsx --from DATE
    --source ID --dry-run` shows the old record closed and a new one opened on DATE.

    Examples:

    \b
    $ cat aartselaar.csv
    product_name,status,valid_from,hosting
    Notula,planned,2026-09-01,saas
    $ vlavirgem import portfolio aartselaar.csv --government Aartselaar --source swarm-harvest-jobs --dry-run
    row 2: gemeente-11001 (Aartselaar) notula: status planned, hosting saas from 2026-09-01
    --- a/data/catalog/portfolios/gemeente-11001.yaml
    +++ b/data/catalog/portfolios/gemeente-11001.yaml
    ...
    +  - product: notula
    +    status: planned
    +    from: 2026-09-01
    +    hosting: saas
    +    sources: [swarm-harvest-jobs]
    Dry run: nothing was written.
    """
    from vlavirgem.core.dates import parse_date
    from vlavirgem.editing.portfolio_import import RowErrors, import_sheet, read_sheet
    from vlavirgem.editing.portfolio_rows import ImportOptions
    from vlavirgem.editing.preconditions import require_sources
    from vlavirgem.queries.names import resolve_government

    dataset, changes = open_edit(data, dry_run)
    owner = resolve_government(dataset, government) if government else None
    options = ImportOptions(sources=require_sources(dataset, source, optional=True),
                            effective=parse_date(start, "--from") if start else None, correct=correct)
    try:
        steps = import_sheet(dataset, changes, read_sheet(sheet), owner, options)
    except RowErrors as errors:
        for message in errors.messages:
            typer.echo(message, err=True)
        typer.echo(f"Nothing was imported: {counted(len(errors.messages), 'problem')} in {sheet}.", err=True)
        raise typer.Exit(1) from None
    finish(changes, steps, dry_run)
