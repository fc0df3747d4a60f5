"""``vlavirgem partners``."""

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
)
from vlavirgem.commands.panels import ASK
from vlavirgem.core.wording import counted


@app.command(rich_help_panel=ASK)
@reports_usage_errors
def partners(
    government: Annotated[str, typer.Argument(help="Id, NIS code, KBO number or name (e.g. 'OCMW Deinze').")],
    on: OnOption = None,
    network: Annotated[str | None, typer.Option(
        "--network", "-n", help="Only networks of this kind: kenniskring, igs-wonen or "
        "intergemeentelijke-vereniging (default: every kind).")] = None,
    include_internal: IncludeInternalOption = False,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """Rank the governments that share networks with GOVERNMENT on the date.

    Those that share the most networks come first (equal counts share a rank); each row names the
    shared networks. A membership counts on the date as `government show` shows it: dated
    memberships that hold that day, and observed ones from their observation on.

    Examples:

        vlavirgem partners Gent

        vlavirgem partners Gent -n intergemeentelijke-vereniging --format csv

        vlavirgem partners Pajottegem --on 2026-06-01 --network igs-wonen

    \b
    $ vlavirgem partners Gent -n intergemeentelijke-vereniging --format csv
    id,name,kind,province,shared,networks,rank
    gemeente-44013,Destelbergen,gemeente,Oost-Vlaanderen,6,Finiwo; Imewo; IVAGO; TMVS; TMVW; Westlede,1
    gemeente-44084,Aalter,gemeente,Oost-Vlaanderen,5,Finiwo; Imewo; TMVS; TMVW; Westlede,2
    gemeente-43005,Eeklo,gemeente,Oost-Vlaanderen,5,Finiwo; Imewo; TMVS; TMVW; Westlede,2
    gemeente-41034,Lede,gemeente,Oost-Vlaanderen,5,Finiwo; Imewo; TMVS; TMVW; Westlede,2
    gemeente-44085,Lievegem,gemeente,Oost-Vlaanderen,5,Finiwo; Imewo; TMVS; TMVW; Westlede,2
    ...
    103 governments share a network with Gent (gemeente-44021) on 2026-11-28.
    """
    from vlavirgem.output import write_rows
    from vlavirgem.queries.names import resolve_government
    from vlavirgem.queries.networks import resolve_network_kind
    from vlavirgem.queries.partners import partners as query

    day = on_date(on)
    kind = resolve_network_kind(network) if network else None
    dataset = load(data, include_internal=include_internal)
    found = resolve_government(dataset, government, day)
    rows = query(dataset, found, day, kind)
    columns = {"rank": "Rank", "name": "Name", "kind": "Kind", "id": "Id", "province": "Province",
               "shared": "Shared", "networks": "Shared networks"}
    shown = [{k: v for k, v in row.items() if k != "network_ids"} for row in rows] if fmt != ListFormat.json else rows
    footer = (f"{counted(len(rows), 'government')} {'shares' if len(rows) == 1 else 'share'} a network with "
              f"{found.name} ({found.id}) on {day}."
              if rows else f"{found.name} ({found.id}) shares no network with another government on {day}.")
    write_rows(shown, columns, fmt.value, title=f"Partners of {found.name} on {day}", footer=[footer])
