"""``vlavirgem unaffiliated``."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import DataOption, FormatOption, ListFormat, OnOption, app, load, on_date, reports_usage_errors


@app.command()
@reports_usage_errors
def unaffiliated(
    on: OnOption = None,
    province: Annotated[str | None, typer.Option(
        "--province", "-p", help="Only this province (id, name or NIS code).")] = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help="Only gemeente or ocmw.")] = None,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """List the governments that exist on the date but belong to no region.

    Sorted by province and name, with a count line and notes when the date lies before the
    first recorded membership. csv and json print the rows only (notes go to stderr).

    Examples:

        vlavirgem unaffiliated

        vlavirgem unaffiliated --on 2021-06-01 --province limburg --kind gemeente

        vlavirgem unaffiliated --format json
    """
    from ..output import write_rows
    from ..queries import resolve_kind, resolve_province
    from ..queries import unaffiliated as query

    day = on_date(on)
    dataset = load(data)
    result = query(dataset, day,
                   resolve_province(dataset, province) if province else None,
                   resolve_kind(kind) if kind else None)
    rows = [
        {"id": g.id, "kind": g.kind, "name": g.name, "nis": g.nis, "province": g.province_name,
         "arrondissement": g.arrondissement, "kbo": g.kbo}
        for g in result.governments
    ]
    columns = {"province": "Province", "name": "Name", "kind": "Kind", "nis": "NIS", "id": "Id"}
    count = (f"{len(rows)} of {result.valid_count} governments valid on {day} belong to no region."
             if rows else f"All {result.valid_count} governments valid on {day} belong to a region.")
    write_rows(rows, columns, fmt.value, title=f"Unaffiliated on {day}", footer=[count, *result.notes])
