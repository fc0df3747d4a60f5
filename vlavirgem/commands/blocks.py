"""``vlavirgem blocks`` and ``vlavirgem block show``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from vlavirgem.commands.common import (
    DataOption,
    FormatOption,
    IncludeInternalOption,
    ListFormat,
    OnOption,
    app,
    load,
    on_date,
    reports_usage_errors,
    sub_app,
)
from vlavirgem.commands.panels import ASK
from vlavirgem.commands.rows import plain
from vlavirgem.core.wording import counted

if TYPE_CHECKING:
    from vlavirgem.queries.adoption import BlockDetail

block_app = sub_app("One building block in detail.")
app.add_typer(block_app, name="block", rich_help_panel=ASK)

COUNTS = {"aware": "Aware", "planned": "Planned", "in_use": "In use", "stopped": "Stopped",
          "no_record": "No record", "governments": "Governments"}


@app.command(rich_help_panel=ASK)
@reports_usage_errors
def blocks(
    on: OnOption = None,
    include_internal: IncludeInternalOption = False,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """List the building blocks with how many governments are aware of, plan, use or stopped each on
    the date (from their adoption records holding that day), and how many regions have it in their
    PDCA cycle then.

    \b
    $ vlavirgem blocks --format csv
    id,name,provider,aware,planned,in_use,stopped,no_record,governments,regions_in_cycle
    acm-idm,ACM/IDM,Digitaal Vlaanderen,0,0,0,0,570,570,0
    basisregisters-api,Basisregisters API,Digitaal Vlaanderen,0,0,0,0,570,570,0
    besluitendatabank,Besluitendatabank,Agentschap Binnenlands Bestuur,0,0,0,0,570,570,0
    gebouwen-en-adressenregister,Gebouwen- en Adressenregister,Digitaal Vlaanderen,0,0,0,0,570,570,0
    gelinkt-notuleren,Gelinkt Notuleren,Agentschap Binnenlands Bestuur,0,0,0,0,570,570,0
    ...
    wegwijs,Wegwijs,Digitaal Vlaanderen,0,0,0,0,570,570,0
    18 blocks; 570 governments valid on 2026-11-28.
    No PDCA cycle steps for any block are recorded in this dataset.
    """
    from vlavirgem.output import write_rows
    from vlavirgem.queries.adoption import adoption_notes
    from vlavirgem.queries.adoption import blocks as query
    from vlavirgem.queries.scope import scope

    view = scope(load(data, include_internal=include_internal), on_date(on), include_internal)
    rows = [plain(row) for row in query(view)]
    columns = {"name": "Name", **COUNTS, "regions_in_cycle": "Regions in cycle",
               "id": "Id"}
    footer = [f"{counted(len(rows), 'block')}; {counted(len(view.governments), 'government')} valid on {view.on}.",
              *adoption_notes(view)]
    write_rows(rows, columns, fmt.value, title=f"Building blocks on {view.on}", footer=footer)


@block_app.command("show")
@reports_usage_errors
def show(
    block: Annotated[str, typer.Argument(metavar="BLOCK", help="The block: id or name.")],
    on: OnOption = None,
    include_internal: IncludeInternalOption = False,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """Show one building block: its facts, adoption by region (with the region's PDCA phase and
    step for the block) and by province on the date.

    csv prints the by-region rows; json prints the whole document.

    Examples:

    \b
        vlavirgem block show MAGDA --on 2025-06-01

    \b
    $ vlavirgem block show magda --format csv
    No building-block adoptions of this block are recorded in this dataset.
    No PDCA cycle steps for this block are recorded in this dataset.
    group,group_name,phase,step,step_from,aware,planned,in_use,stopped,no_record,governments
    denderregio,Denderregio,,,,0,0,0,0,28,28
    halle-vilvoorde,Halle-Vilvoorde,,,,0,0,0,0,62,62
    kempen,Kempen,,,,0,0,0,0,54,54
    limburg,Limburg,,,,0,0,0,0,76,76
    middenkust,Middenkust,,,,0,0,0,0,14,14
    midwest,Midwest,,,,0,0,0,0,30,30
    oost-brabant,Oost-Brabant,,,,0,0,0,0,64,64
    regio-antwerpen,Regio Antwerpen,,,,0,0,0,0,56,56
    regio-brugge,Regio Brugge,,,,0,0,0,0,20,20
    regio-gent,Regio Gent,,,,0,0,0,0,40,40
    rivierenland,Rivierenland,,,,0,0,0,0,24,24
    vlaamse-ardennen,Vlaamse Ardennen,,,,0,0,0,0,28,28
    waasland,Waasland,,,,0,0,0,0,14,14
    westhoek,Westhoek,,,,0,0,0,0,34,34
    zuid-west-vlaanderen,Zuid-West-Vlaanderen,,,,0,0,0,0,26,26
    """
    from vlavirgem.output import Section, write_detail
    from vlavirgem.queries.adoption import block_detail, visible_blocks
    from vlavirgem.queries.names import resolve_id
    from vlavirgem.queries.scope import scope

    view = scope(load(data, include_internal=include_internal), on_date(on), include_internal)
    pool = visible_blocks(view)
    found = resolve_id(pool, block, "block", {b.id: b.name for b in pool.values()})
    detail = block_detail(view, found)
    document = block_document(detail)
    facts = {"name": "Name", "full_name": "Full name", "provider": "Provider", "since": "Since",
             "urls": "Web pages", "standards": "Standards", "on": "On"}
    sections = [
        Section(f"By region on {view.on}", document["by_region"],
                {"group_name": "Region", "phase": "Phase", "step": "Step", **COUNTS}),
        Section(f"By province on {view.on}", document["by_province"], {"group_name": "Province", **COUNTS}),
    ]
    write_detail(document, facts, sections, fmt.value, title=f"{found.name} ({found.id})")
    for note in detail.notes:
        typer.echo(note, err=fmt != ListFormat.table)


def block_document(detail: BlockDetail) -> dict[str, Any]:
    """The json document of ``block show``."""
    raw = detail.block.raw
    by_province = [{k: v for k, v in plain(row).items() if k not in ("phase", "step", "step_from")}
                   for row in detail.by_province]
    return {
        "id": detail.block.id, "name": detail.block.name, "full_name": raw.get("full_name"),
        "provider": raw.get("provider"), "since": raw.get("since"), "description": raw.get("description"),
        "urls": list(raw.get("urls", ())), "standards": list(detail.block.standards),
        "on": detail.on.isoformat(), "totals": plain(detail.tally),
        "by_region": [plain(row) for row in detail.by_region], "by_province": by_province,
        "notes": list(detail.notes),
    }
