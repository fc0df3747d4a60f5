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
from vlavirgem.commands.panels import ASK
from vlavirgem.core.wording import counted

government_app = sub_app("One government: its identifiers and its whole history.")
app.add_typer(government_app, name="government", rich_help_panel=ASK)


@app.command(rich_help_panel=ASK)
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

    \b
        vlavirgem governments --province limburg --kind gemeente
        vlavirgem governments --on 2018-06-01 --format csv

    \b
    $ vlavirgem governments --region waasland --kind gemeente --on 2024-01-01
    Governments on 2024-01-01
    ┏━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━┳━━━━━━━━━━━━━━━━┳━━━━
    ┃ Province        ┃ Name             ┃ Kind     ┃ NIS   ┃ Id             ┃
    ┡━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━╇━━━━━━━━━━━━━━━━╇━━━━
    │ Antwerpen       │ Zwijndrecht      │ gemeente │ 11056 │ gemeente-11056 │
    │ Oost-Vlaanderen │ Beveren          │ gemeente │ 46003 │ gemeente-46003 │
    │ Oost-Vlaanderen │ Kruibeke         │ gemeente │ 46013 │ gemeente-46013 │
    │ Oost-Vlaanderen │ Lokeren          │ gemeente │ 46014 │ gemeente-46014 │
    │ Oost-Vlaanderen │ Moerbeke         │ gemeente │ 44045 │ gemeente-44045 │
    │ Oost-Vlaanderen │ Sint-Gillis-Waas │ gemeente │ 46020 │ gemeente-46020 │
    │ Oost-Vlaanderen │ Sint-Niklaas     │ gemeente │ 46021 │ gemeente-46021 │
    │ Oost-Vlaanderen │ Stekene          │ gemeente │ 46024 │ gemeente-46024 │
    │ Oost-Vlaanderen │ Temse            │ gemeente │ 46025 │ gemeente-46025 │
    │ Oost-Vlaanderen │ Waasmunster      │ gemeente │ 42023 │ gemeente-42023 │
    └─────────────────┴──────────────────┴──────────┴───────┴────────────────┴────
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
               footer=[f"{counted(len(rows), 'government')} valid on {day}."])


@government_app.command("show")
@reports_usage_errors
def show(
    government: Annotated[str, typer.Argument(help="Id, NIS code, KBO number or name (e.g. 'OCMW Deinze').")],
    on: OnOption = None,
    include_internal: IncludeInternalOption = False,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """Show one government: identifiers, region on the date, its timeline across mergers, and
    every network it is in on the date (knowledge circle, IGS wonen, intermunicipal associations),
    with how each membership is dated (from/until, or the day it was observed) and its sources;
    for each kind it is in none of, it says so, and whether the source says so too.

    The timeline holds its coming into being and end, mergers (predecessors and successor),
    memberships, its reference region, software, building blocks and security plan, with dates.
    A name used by several governments over time (Deinze before and after 2019) means the one
    that exists on the date (today, or --on); when none or several do, the candidates are listed.
    csv prints the timeline.

    Examples:

    \b
        vlavirgem government show Zwijndrecht
        vlavirgem government show 0207508932 --format json

        vlavirgem government show Gent --on 2026-06-01

    \b
    $ vlavirgem government show gemeente-11056
    Zwijndrecht (gemeente-11056)
      Kind                  gemeente
      NIS code              11056
      KBO number            0207499232
      OVO number            OVO002299
      Province              Antwerpen
    ...

    Networks on 2026-11-28 (0)
      in no network on this date
    """
    from vlavirgem.output import Section, write_detail
    from vlavirgem.queries.names import resolve_government
    from vlavirgem.queries.partners import government_networks, in_none_sentence
    from vlavirgem.queries.register import profile

    day = on_date(on)
    dataset = load(data, include_internal=include_internal)
    found = resolve_government(dataset, government, day)
    document = profile(dataset, found, day)
    document |= government_networks(dataset, found, day)
    document["in_no_network"] = [in_none_sentence(entry) for entry in document["in_none"]]
    facts = {"kind": "Kind", "nis": "NIS code", "kbo": "KBO number", "ovo": "OVO number",
             "province": "Province", "arrondissement": "Arrondissement", "lifetime": "Lifetime",
             "predecessors": "Predecessors", "successor": "Successor", "region_on": f"Region on {day}",
             "in_no_network": "In no network"}
    timeline = Section("Timeline", document["timeline"],
                       {"date": "Date", "until": "Until", "topic": "Topic", "what": "What"})
    networks = Section(f"Networks on {day} ({len(document['networks'])})", document["networks"],
                       {"kind": "Kind", "name": "Network", "status": "Status", "dates": "Membership",
                        "sources": "Sources"},
                       empty="in no network on this date")
    write_detail(document, facts, [timeline, networks], fmt.value, title=f"{found.name} ({found.id})")
