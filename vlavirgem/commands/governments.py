"""``vlavirgem governments`` and ``vlavirgem government show``."""

from __future__ import annotations

from typing import Annotated

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

government_app = sub_app("One government: its identifiers and its whole history.")
app.add_typer(government_app, name="government")


@app.command()
@reports_usage_errors
def governments(
    on: OnOption = None,
    province: Annotated[str | None, typer.Option("--province", "-p", help="Only this province (id, name or NIS).")] = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help="Only gemeente or ocmw.")] = None,
    region: Annotated[str | None, typer.Option("--region", "-r", help="Only members of this region (id or name).")] = None,
    include_internal: IncludeInternalOption = False,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """List the register as of a date: every gemeente and OCMW valid that day, with its region.

    Examples:

        vlavirgem governments --province limburg --kind gemeente

        vlavirgem governments --on 2018-06-01 --format csv

    \b
    $ vlavirgem governments --region waasland --kind gemeente --on 2024-01-01
    Province         Name         Kind      NIS    Id              Region
    Antwerpen        Zwijndrecht  gemeente  11056  gemeente-11056  waasland
    Oost-Vlaanderen  Beveren      gemeente  46003  gemeente-46003  waasland
    ...
    10 governments valid on 2024-01-01.
    """
    from vlavirgem.output import write_rows
    from vlavirgem.queries.affiliation import resolve_kind, resolve_province
    from vlavirgem.queries.names import resolve_id
    from vlavirgem.queries.register import government_rows

    day = on_date(on)
    dataset = load(data, include_internal=include_internal)
    region_id = (resolve_id(dataset.regions, region, "region", {r.id: r.name for r in dataset.regions.values()}).id
                 if region else None)
    rows = government_rows(dataset, day, resolve_province(dataset, province) if province else None,
                           resolve_kind(kind) if kind else None, region_id)
    columns = {"province": "Province", "name": "Name", "kind": "Kind", "nis": "NIS", "id": "Id", "region": "Region"}
    write_rows(rows, columns, fmt.value, title=f"Governments on {day}",
               footer=[f"{len(rows)} governments valid on {day}."])


@government_app.command("show")
@reports_usage_errors
def show(
    government: Annotated[str, typer.Argument(help="Id, NIS code, KBO number or name (e.g. 'OCMW Deinze').")],
    on: OnOption = None,
    include_internal: IncludeInternalOption = False,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """Show one government: identifiers, region on the date, and its timeline across mergers.

    The timeline holds its coming into being and end, mergers (predecessors and successor),
    memberships, its reference region, software, building blocks and security plan, with dates.
    A name used by several governments over time (Deinze before and after 2019) lists the
    candidates; name one by id, or pick a date with --on. csv prints the timeline.

    Examples:

        vlavirgem government show Zwijndrecht

        vlavirgem government show 0207508932 --format json

    \b
    $ vlavirgem government show gemeente-11056
    Zwijndrecht (gemeente-11056)
      Lifetime  until 2024-12-31
      ...
    2021-03-12  2023-03-18  region            member of Regio Antwerpen
    2023-03-19  2024-12-31  region            member of Waasland
    2024-12-31              existence         last day; merged into Beveren-Kruibeke-Zwijndrecht (gemeente-46030)
    """
    from vlavirgem.output import Section, write_detail
    from vlavirgem.queries.names import resolve_government
    from vlavirgem.queries.register import profile

    day = on_date(on)
    dataset = load(data, include_internal=include_internal)
    found = resolve_government(dataset, government, on_date(on) if on else None)
    document = profile(dataset, found, day)
    facts = {"kind": "Kind", "nis": "NIS code", "kbo": "KBO number", "ovo": "OVO number",
             "province": "Province", "arrondissement": "Arrondissement", "lifetime": "Lifetime",
             "predecessors": "Predecessors", "successor": "Successor", "region_on": f"Region on {day}"}
    timeline = Section("Timeline", document["timeline"],
                       {"date": "Date", "until": "Until", "topic": "Topic", "what": "What"})
    write_detail(document, facts, [timeline], fmt.value, title=f"{found.name} ({found.id})")
