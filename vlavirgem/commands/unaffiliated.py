"""``vlavirgem unaffiliated``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from vlavirgem.commands.common import (
    DataOption,
    FormatOption,
    IncludeInternalOption,
    ListFormat,
    OnOption,
    app,
    data_dir,
    load,
    on_date,
    reports_usage_errors,
    settings,
)


@app.command()
@reports_usage_errors
def unaffiliated(
    on: OnOption = None,
    province: Annotated[str | None, typer.Option(
        "--province", "-p", help="Only this province (id, name or NIS code).")] = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help="Only gemeente or ocmw.")] = None,
    suggest: Annotated[bool, typer.Option(
        "--suggest", "-s", help="Name the region each should most likely join, and why.")] = False,
    include_internal: IncludeInternalOption = False,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """List the governments that exist on the date but belong to no region.

    Sorted by province and name, with a count line and notes when the date lies before the
    first recorded membership. csv and json print the rows only (notes go to stderr).

    --suggest adds the region each should most likely join and why: an OCMW follows its
    municipality; then the circle of its reference region; then its membership on another date;
    then the region of most of its neighbouring municipalities (boundaries of the right vintage);
    then the region of its successor or predecessor.

    Examples:

        vlavirgem unaffiliated

        vlavirgem unaffiliated --on 2021-06-01 --province limburg --kind gemeente

        vlavirgem unaffiliated --on 2021-06-01 --suggest --format json

    \b
    $ vlavirgem unaffiliated --on 2021-06-01 --kind gemeente --suggest
    Limburg  Alken  gemeente  73001  gemeente-73001  limburg  it is member of Limburg from 2022-02-04
    ...
    42 of 300 governments valid on 2021-06-01 belong to no region.
    """
    from vlavirgem.output import write_rows
    from vlavirgem.queries.affiliation import resolve_kind, resolve_province
    from vlavirgem.queries.affiliation import unaffiliated as query
    from vlavirgem.queries.suggest import suggest_regions

    day = on_date(on)
    dataset = load(data, include_internal=include_internal)
    result = query(dataset, day,
                   resolve_province(dataset, province) if province else None,
                   resolve_kind(kind) if kind else None)
    rows: list[dict[str, Any]] = [
        {"id": g.id, "kind": g.kind, "name": g.name, "nis": g.nis, "province": g.province_name,
         "arrondissement": g.arrondissement, "kbo": g.kbo}
        for g in result.governments
    ]
    columns = {"province": "Province", "name": "Name", "kind": "Kind", "nis": "NIS", "id": "Id"}
    if suggest:
        suggestions = suggest_regions(dataset, data_dir(data), day, result.governments, settings().cache)
        for row in rows:
            row["suggested_region"] = suggestions[row["id"]].region
            row["reason"] = suggestions[row["id"]].reason
        columns |= {"suggested_region": "Suggested region", "reason": "Why"}
    count = (f"{len(rows)} of {result.valid_count} governments valid on {day} belong to no region."
             if rows else f"All {result.valid_count} governments valid on {day} belong to a region.")
    write_rows(rows, columns, fmt.value, title=f"Unaffiliated on {day}", footer=[count, *result.notes])
