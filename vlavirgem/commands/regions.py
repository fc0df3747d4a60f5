"""``vlavirgem regions``, ``vlavirgem region show`` and ``vlavirgem coverage``."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

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
from vlavirgem.commands.panels import ASK, REPORT
from vlavirgem.core.wording import counted

region_app = sub_app("One region: members, coverage, PDCA matrix, changes.")
app.add_typer(region_app, name="region", rich_help_panel=ASK)


class GroupBy(StrEnum):
    province = "province"
    region = "region"


@app.command(rich_help_panel=ASK)
@reports_usage_errors
def regions(
    on: OnOption = None,
    network: Annotated[str | None, typer.Option(
        "--network", "-n", help="Another kind of network: igs-wonen or intergemeentelijke-vereniging "
        "(default: kenniskring, the knowledge circles).")] = None,
    include_internal: IncludeInternalOption = False,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """List the regions with their members on a date and how much of their reference region they cover.

    --network KIND lists the networks of another kind instead: members on the date, legal form and
    status; territory and coverage only where a network has a reference region as its territory.

    Examples:

    \b
        vlavirgem regions
        vlavirgem regions --on 2021-06-01 --format json

        vlavirgem regions --network igs-wonen --on 2025-06-01

    \b
    $ vlavirgem regions --on 2025-06-01
    Regions on 2025-06-01
    ┏━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━┳━━━━━━━━━━
    ┃ Id                   ┃ Name                 ┃ Ref.     ┃ Members ┃
    ┃                      ┃                      ┃ region   ┃         ┃
    ┡━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━━
    │ denderregio          │ Denderregio          │ REFREG11 │ 28      │ 14
    ...
    15 regions, 570 members on 2025-06-01.
    """
    from vlavirgem.output import write_rows
    from vlavirgem.queries.circles import region_rows
    from vlavirgem.queries.networks import CIRCLE, resolve_network_kind

    day = on_date(on)
    kind = resolve_network_kind(network) if network else CIRCLE
    dataset = load(data, include_internal=include_internal)
    if kind != CIRCLE:
        _networks(dataset, day, kind, fmt)
        return
    rows = region_rows(dataset, day)
    columns = {"id": "Id", "name": "Name", "reference_region": "Ref. region", "members": "Members",
               "gemeenten": "Gemeenten", "ocmws": "OCMWs", "territory": "Territory", "outside_territory": "Outside", "coverage": "Coverage"}
    shown = [row | {"coverage": _percent(row["coverage"])} for row in rows] if fmt == ListFormat.table else rows
    write_rows(shown, columns, fmt.value, title=f"Regions on {day}",
               footer=[f"{counted(len(rows), 'region')}, {counted(sum(r['members'] for r in rows), 'member')} "
                       f"on {day}."])


def _networks(dataset: Any, day: Any, kind: str, fmt: ListFormat) -> None:
    """``regions --network KIND`` for a kind other than the knowledge circles."""
    from vlavirgem.output import write_rows
    from vlavirgem.queries.network_coverage import network_rows
    from vlavirgem.queries.networks import KIND_NAMES

    rows = network_rows(dataset, day, kind)
    columns = {"id": "Id", "name": "Name", "legal_form": "Legal form", "status": "Status", "members": "Members",
               "gemeenten": "Gemeenten", "ocmws": "OCMWs", "territory": "Territory", "coverage": "Coverage"}
    if kind != "intergemeentelijke-vereniging":
        columns = {k: v for k, v in columns.items() if k not in ("legal_form", "status")}
    shown = [row | {"coverage": _percent(row["coverage"])} for row in rows] if fmt == ListFormat.table else rows
    active = sum(1 for r in rows if r["members"])
    noun = KIND_NAMES[kind]
    write_rows(shown, columns, fmt.value, title=f"{noun[:1].upper()}{noun[1:]}s on {day}",
               footer=[f"{counted(len(rows), 'network')}, {active} with members on {day}; "
                       f"{sum(r['members'] for r in rows)} memberships."])


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"


@region_app.command("show")
@reports_usage_errors
def show(
    region: Annotated[str, typer.Argument(help="Region (or other network) id or name.")],
    on: OnOption = None,
    include_internal: IncludeInternalOption = False,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """Show one region on a date: members, counts by kind, coverage of its reference region's
    territory, the PDCA matrix (building block x phase x step) and the changes of membership in
    the year before the date (joined, moved, left, merged: as `vlavirgem changes` reports them).
    csv prints the members.

    Any other network can be shown too (an IGS wonen project, an intermunicipal association): its
    facts, members on the date with how each membership is dated, and every membership it has had.

    Examples:

    \b
        vlavirgem region show waasland --on 2023-06-01
        vlavirgem region show "Regio Gent" --format json

        vlavirgem region show ivago

        vlavirgem region show pinc20250703-igs28 --on 2025-06-01

    \b
    $ vlavirgem region show waasland --on 2023-06-01
    Waasland (waasland) on 2023-06-01
      Reference region  REFREG14
      Members           20: 10 gemeenten, 10 OCMWs
      Coverage          20 of the 20 governments of its reference region (100%)
      Description       Regionale ICT-kenniskring van de steden, gemeenten en OCMW's in Waasland

    ...
    │ 2023-03-19 │ moved  │ ocmw-11056     │ Zwijndrecht │ moved from Regio
    └────────────┴────────┴────────────────┴─────────────┴────────────────────────
    """
    from vlavirgem.core.problems import UsageError
    from vlavirgem.output import Section, write_detail
    from vlavirgem.queries.circles import region_detail
    from vlavirgem.queries.names import resolve_id
    from vlavirgem.queries.networks import find_network

    day = on_date(on)
    dataset = load(data, include_internal=include_internal)
    try:
        found = resolve_id(dataset.regions, region, "region", {r.id: r.name for r in dataset.regions.values()})
    except UsageError:
        network = find_network(dataset, region)
        if network is None:
            raise
        _network_detail(dataset, network, day, fmt)
        return
    document = region_detail(dataset, found, day)
    coverage = document["coverage"]
    document["summary"] = (f"{coverage['members_in_territory']} of the {coverage['territory']} governments of "
                           f"its reference region ({_percent(coverage['share'])})")
    kinds = document["counts"]
    document["by_kind"] = (f"{len(document['members'])}: {counted(kinds.get('gemeente', 0), 'gemeente', 'gemeenten')}, "
                           f"{counted(kinds.get('ocmw', 0), 'OCMW', 'OCMWs')}")
    if coverage["outside_territory"]:
        document["summary"] += (f"; {counted(coverage['members_outside_territory'], 'member')} outside it, "
                                f"counted apart: {', '.join(coverage['outside_territory'])}")
    facts = {"reference_region": "Reference region", "by_kind": "Members", "summary": "Coverage",
             "description": "Description"}
    sections = [
        Section(f"Members on {day} ({len(document['members'])})", document["members"],
                {"id": "Id", "name": "Name", "kind": "Kind", "since": "Member since"}),
        Section("PDCA matrix", document["pdca"],
                {"block_name": "Building block", "dissemination": "Dissemination", "adoption": "Adoption",
                 "innovation": "Innovation", "standardisation": "Standardisation", "since": "Since"},
                empty="no PDCA steps recorded"),
        Section("Changes in the year before", document["changes_last_year"],
                {"date": "Date", "kind": "Change", "id": "Id", "name": "Government", "detail": "Detail"}),
    ]
    write_detail(document, facts, sections, fmt.value, title=f"{found.name} ({found.id}) on {day}")


def _network_detail(dataset: Any, network: Any, day: Any, fmt: ListFormat) -> None:
    from vlavirgem.output import Section, write_detail
    from vlavirgem.queries.network_coverage import network_detail

    document = network_detail(dataset, network, day)
    coverage = document["coverage"]
    if coverage["territory"] is not None:
        document["summary"] = (f"{coverage['members_in_territory']} of the {coverage['territory']} governments of "
                               f"its territory ({_percent(coverage['share'])})")
    facts = {"kind_name": "Kind", "legal_form": "Legal form", "status": "Status", "status_observed": "Status on",
             "kbo": "KBO number", "seat": "Seat", "code": "Code", "territory_region": "Territory",
             "summary": "Coverage", "sources": "Sources", "note": "Note"}
    columns = {"id": "Id", "name": "Name", "kind": "Kind", "from": "From", "until": "Until",
               "observed": "Observed"}
    sections = [
        Section(f"Members on {day} ({len(document['members'])})", document["members"], columns),
        Section(f"Every membership ({len(document['history'])})", document["history"],
                columns | {"ended_with_government": "Government ended"}),
    ]
    write_detail(document, facts, sections, fmt.value, title=f"{network.name} ({network.id}) on {day}")


@app.command(rich_help_panel=REPORT)
@reports_usage_errors
def coverage(
    on: OnOption = None,
    by: Annotated[GroupBy, typer.Option("--by", help="Group by province, or by region (reference-region territory).")] = GroupBy.province,
    include_internal: IncludeInternalOption = False,
    network: Annotated[str | None, typer.Option(
        "--network", "-n", help="Another kind of network: igs-wonen or intergemeentelijke-vereniging "
        "(default: kenniskring, the knowledge circles).")] = None,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """Governments valid, members of a region, unaffiliated, and the share affiliated, per group.

    --network KIND counts membership of any network of that kind instead (a government in several
    counts once); --by region then groups by the reference region each government lies in.

    Examples:

    \b
        vlavirgem coverage --on 2021-06-01
        vlavirgem coverage --by region --format csv

        vlavirgem coverage --network igs-wonen --on 2025-06-01

    \b
    $ vlavirgem coverage --on 2021-06-01
    Coverage on 2021-06-01
    ┏━━━━━━━━━━━━━━━━━┳━━━━━━━┳━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━
    ┃ Province        ┃ Valid ┃ Members ┃ Unaffiliated ┃ Outside territory ┃
    ┡━━━━━━━━━━━━━━━━━╇━━━━━━━╇━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━
    │ Antwerpen       │ 138   │ 138     │ 0            │ 0                 │ 100%
    │ Limburg         │ 84    │ 0       │ 84           │ 0                 │ 0%
    │ Oost-Vlaanderen │ 120   │ 120     │ 0            │ 0                 │ 100%
    │ Vlaams-Brabant  │ 130   │ 130     │ 0            │ 0                 │ 100%
    │ West-Vlaanderen │ 128   │ 128     │ 0            │ 0                 │ 100%
    │ Total           │ 600   │ 516     │ 84           │ 0                 │ 86%
    └─────────────────┴───────┴─────────┴──────────────┴───────────────────┴──────
    """
    from vlavirgem.output import write_rows
    from vlavirgem.queries.circles import coverage as query
    from vlavirgem.queries.network_coverage import kind_coverage
    from vlavirgem.queries.networks import CIRCLE, resolve_network_kind

    day = on_date(on)
    kind = resolve_network_kind(network) if network else CIRCLE
    dataset = load(data, include_internal=include_internal)
    rows = query(dataset, day, by.value) if kind == CIRCLE else kind_coverage(dataset, day, kind, by.value)
    columns = {"group": by.value.capitalize(), "valid": "Valid", "members": "Members"}
    if by == GroupBy.region and kind == CIRCLE:
        columns["in_other_regions"] = "In other regions"
    columns["unaffiliated"] = "Unaffiliated"
    if kind == CIRCLE:
        columns["outside_territory"] = "Outside territory"
    columns["share"] = "Share"
    shown = [row | {"share": _percent(row["share"])} for row in rows] if fmt == ListFormat.table else rows
    write_rows(shown, columns, fmt.value, title=f"Coverage on {day}")
