"""``vlavirgem regions``, ``vlavirgem region show`` and ``vlavirgem coverage``."""

from __future__ import annotations

from enum import StrEnum
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

region_app = sub_app("One region: members, coverage, PDCA matrix, changes.")
app.add_typer(region_app, name="region")


class GroupBy(StrEnum):
    province = "province"
    region = "region"


@app.command()
@reports_usage_errors
def regions(on: OnOption = None, include_internal: IncludeInternalOption = False,
            fmt: FormatOption = ListFormat.table, data: DataOption = None) -> None:
    """List the regions with their members on a date and how much of their reference region they cover.

    Examples:

        vlavirgem regions

        vlavirgem regions --on 2021-06-01 --format json

    \b
    $ vlavirgem regions --on 2025-06-01
    Id                Name              Ref. region  Members  Gemeenten  OCMWs  Territory  Coverage
    denderregio       Denderregio       REFREG11     40       20         20     40         100%
    ...
    """
    from vlavirgem.output import write_rows
    from vlavirgem.queries.circles import region_rows

    day = on_date(on)
    rows = region_rows(load(data, include_internal=include_internal), day)
    columns = {"id": "Id", "name": "Name", "reference_region": "Ref. region", "members": "Members",
               "gemeenten": "Gemeenten", "ocmws": "OCMWs", "territory": "Territory", "coverage": "Coverage"}
    shown = [row | {"coverage": _percent(row["coverage"])} for row in rows] if fmt == ListFormat.table else rows
    write_rows(shown, columns, fmt.value, title=f"Regions on {day}",
               footer=[f"{len(rows)} regions, {sum(r['members'] for r in rows)} members on {day}."])


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"


@region_app.command("show")
@reports_usage_errors
def show(
    region: Annotated[str, typer.Argument(help="Region id or name.")],
    on: OnOption = None,
    include_internal: IncludeInternalOption = False,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """Show one region on a date: members, counts by kind, coverage of its reference region's
    territory, the PDCA matrix (building block x phase x step) and the changes of membership in
    the year before the date (joined, moved, left, merged: as `vlavirgem changes` reports them).
    csv prints the members.

    Examples:

        vlavirgem region show waasland --on 2023-06-01

        vlavirgem region show "Regio Gent" --format json

    \b
    $ vlavirgem region show waasland --on 2023-06-01
    Waasland (waasland) on 2023-06-01
      Reference region  REFREG14
      ...
    Changes in the year before
      2023-03-19  moved  Zwijndrecht  moved from Regio Antwerpen to Waasland
    """
    from vlavirgem.output import Section, write_detail
    from vlavirgem.queries.circles import region_detail
    from vlavirgem.queries.names import resolve_id

    day = on_date(on)
    dataset = load(data, include_internal=include_internal)
    found = resolve_id(dataset.regions, region, "region", {r.id: r.name for r in dataset.regions.values()})
    document = region_detail(dataset, found, day)
    coverage = document["coverage"]
    document["summary"] = (f"{coverage['members_in_territory']} of the {coverage['territory']} governments of "
                           f"its reference region ({_percent(coverage['share'])})")
    facts = {"reference_region": "Reference region", "summary": "Coverage", "description": "Description"}
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


@app.command()
@reports_usage_errors
def coverage(
    on: OnOption = None,
    by: Annotated[GroupBy, typer.Option("--by", help="Group by province, or by region (reference-region territory).")] = GroupBy.province,
    include_internal: IncludeInternalOption = False,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """Governments valid, members of a region, unaffiliated, and the share affiliated, per group.

    Examples:

        vlavirgem coverage --on 2021-06-01

        vlavirgem coverage --by region --format csv

    \b
    $ vlavirgem coverage --on 2021-06-01
    Province         Valid  Members  Unaffiliated  Share
    Antwerpen        138    138      0             100%
    Limburg          84     0        84            0%
    ...
    Total            600    516      84            86%
    """
    from vlavirgem.output import write_rows
    from vlavirgem.queries.circles import coverage as query

    day = on_date(on)
    rows = query(load(data, include_internal=include_internal), day, by.value)
    columns = {"group": by.value.capitalize(), "valid": "Valid", "members": "Members"}
    if by == GroupBy.region:
        columns["in_other_regions"] = "In other regions"
    columns |= {"unaffiliated": "Unaffiliated", "share": "Share"}
    shown = [row | {"share": _percent(row["share"])} for row in rows] if fmt == ListFormat.table else rows
    write_rows(shown, columns, fmt.value, title=f"Coverage on {day}")
