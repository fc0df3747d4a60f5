"""``vlavirgem source add``: a new entry of sources.yaml in one step."""

from __future__ import annotations

from typing import Annotated

import typer

from vlavirgem.commands.common import DataOption, app, reports_usage_errors, sub_app
from vlavirgem.commands.editing import DryRunOption, finish, open_edit, writes_dataset
from vlavirgem.commands.panels import EDIT

source_app = sub_app("The sources that records cite (data/sources.yaml).")
app.add_typer(source_app, name="source", rich_help_panel=EDIT)


@source_app.command("add")
@reports_usage_errors
@writes_dataset
def add(
    source_id: Annotated[str, typer.Argument(metavar="ID", help="The new id: a lowercase slug, e.g. abb-besluit-2026.")],
    title: Annotated[str, typer.Option("--title", metavar="TEXT", help="What the source is, in a few words.")],
    publisher: Annotated[str, typer.Option("--publisher", metavar="TEXT", help="Who publishes it.")],
    url: Annotated[str | None, typer.Option("--url", metavar="URL", help="Where it can be found (http/https).")] = None,
    licence: Annotated[str | None, typer.Option(
        "--licence", metavar="TEXT", help="Required: the licence as the source states it, or 'Onbekend: ...' with why and what is reused.")] = None,
    retrieved: Annotated[str | None, typer.Option(
        "--retrieved", metavar="DATE", help="When it was read (YYYY-MM-DD).")] = None,
    version: Annotated[str | None, typer.Option("--version", metavar="TEXT", help="A version that pins it.")] = None,
    attribution: Annotated[str | None, typer.Option(
        "--attribution", metavar="TEXT", help="The credit line the licence asks for.")] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="A remark for readers.")] = None,
    dry_run: DryRunOption = False,
    data: DataOption = None,
) -> None:
    """Add a source to sources.yaml, so that edits can cite it with --source ID.

    The entry goes where the canonical layout puts it (sorted by id); an id that is taken, not a
    slug, or a url that is not one is refused (exit 2). Prints the diff; --dry-run writes nothing.

    Example:

    \b
    $ vlavirgem source add abb-besluit-waasland-2026 --title "Besluit uitbreiding kenniskring Waasland" \\
        --publisher "Agentschap Binnenlands Bestuur" --url https://www.vlaanderen.be/lokaal-bestuur \\
        --licence "Modellicentie Gratis Hergebruik" --dry-run
    source abb-besluit-waasland-2026 added: Besluit uitbreiding kenniskring Waasland (Agentschap Binnenlands Bestuur)
    --- a/data/sources.yaml
    +++ b/data/sources.yaml
    ...
    +  abb-besluit-waasland-2026:
    +    title: Besluit uitbreiding kenniskring Waasland
    +    url: https://www.vlaanderen.be/lokaal-bestuur
    +    publisher: Agentschap Binnenlands Bestuur
    +    licence: Modellicentie Gratis Hergebruik
    ...
    Dry run: nothing was written.
    """
    from vlavirgem.core.dates import parse_date
    from vlavirgem.editing.sources import add_source

    dataset, changes = open_edit(data, dry_run)
    fields = {"title": title, "url": url, "publisher": publisher, "licence": licence,
              "retrieved": parse_date(retrieved, "--retrieved") if retrieved else None,
              "version": version, "attribution": attribution, "note": note}
    finish(changes, add_source(changes, dataset, source_id, fields), dry_run)
