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
from vlavirgem.commands.panels import ASK
from vlavirgem.core.wording import counted, plural

COLUMNS = {"province": "Province", "name": "Name", "kind": "Kind", "nis": "NIS", "id": "Id"}


def _rows(governments: Any) -> list[dict[str, Any]]:
    """The rows of the governments in nothing, for every kind of network."""
    return [{"id": g.id, "kind": g.kind, "name": g.name, "nis": g.nis, "province": g.province_name,
             "arrondissement": g.arrondissement, "kbo": g.kbo} for g in governments]


@app.command(rich_help_panel=ASK)
@reports_usage_errors
def unaffiliated(
    on: OnOption = None,
    province: Annotated[str | None, typer.Option(
        "--province", "-p", help="Only this province (id, name or NIS code).")] = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help="Only gemeente or ocmw.")] = None,
    network: Annotated[str | None, typer.Option(
        "--network", "-n", help="In no network of this kind: kenniskring (the default), igs-wonen or "
        "intergemeentelijke-vereniging.")] = None,
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

    --network KIND asks about another kind of network: who is in no IGS wonen project, or in no
    intermunicipal association, on the date. With --suggest it names what the government's
    predecessors were members of, where that is what the data knows.

    Examples:

    \b
        vlavirgem unaffiliated
        vlavirgem unaffiliated --on 2021-06-01 --province limburg --kind gemeente
        vlavirgem unaffiliated --on 2021-06-01 --suggest --format json

        vlavirgem unaffiliated --network igs-wonen --on 2025-06-01 --kind gemeente

        vlavirgem unaffiliated -n intergemeentelijke-vereniging --suggest

    \b
    $ vlavirgem unaffiliated --on 2021-06-01 --kind gemeente --suggest --format csv
    id,kind,name,nis,province,arrondissement,kbo,suggested_region,reason
    gemeente-73001,gemeente,Alken,73001,Limburg,Tongeren,0207474882,limburg,it is member of Limburg
    gemeente-71002,gemeente,As,71002,Limburg,Hasselt,0207465083,limburg,it is member of Limburg from
    gemeente-71004,gemeente,Beringen,71004,Limburg,Hasselt,0207465281,limburg,it is member of Limburg
    gemeente-73006,gemeente,Bilzen,73006,Limburg,Tongeren,0207475377,limburg,it is member of Limburg
    gemeente-72003,gemeente,Bocholt,72003,Limburg,Maaseik,0207471518,limburg,it is member of Limburg
    ...
    Limburg: the first membership in this province starts on 2022-02-04; before that no region covered
    """
    from vlavirgem.output import write_rows
    from vlavirgem.queries.affiliation import resolve_kind, resolve_province
    from vlavirgem.queries.affiliation import unaffiliated as query
    from vlavirgem.queries.networks import CIRCLE, resolve_network_kind
    from vlavirgem.queries.suggest import suggest_regions

    day = on_date(on)
    network_kind = resolve_network_kind(network) if network else CIRCLE
    dataset = load(data, include_internal=include_internal)
    province_id = resolve_province(dataset, province) if province else None
    government_kind = resolve_kind(kind) if kind else None
    if network_kind != CIRCLE:
        _in_no_network(dataset, day, network_kind, province_id, government_kind, suggest, fmt)
        return
    result = query(dataset, day, province_id, government_kind)
    rows = _rows(result.governments)
    columns = dict(COLUMNS)
    if suggest:
        suggestions = suggest_regions(dataset, data_dir(data), day, result.governments, settings().cache)
        for row in rows:
            row["suggested_region"] = suggestions[row["id"]].region
            row["reason"] = suggestions[row["id"]].reason
        columns |= {"suggested_region": "Suggested region", "reason": "Why"}
    count = (f"{len(rows)} of {counted(result.valid_count, 'government')} valid on {day} "
             f"{plural(len(rows), 'belongs', 'belong')} to no region."
             if rows else f"All {counted(result.valid_count, 'government')} valid on {day} belong to a region.")
    write_rows(rows, columns, fmt.value, title=f"Unaffiliated on {day}", footer=[count, *result.notes])


def _in_no_network(dataset: Any, day: Any, network_kind: str, province: str | None, kind: str | None,
                   suggest: bool, fmt: ListFormat) -> None:
    """``unaffiliated --network KIND`` for a kind other than the knowledge circles."""
    from vlavirgem.output import write_rows
    from vlavirgem.queries.network_coverage import unaffiliated_in
    from vlavirgem.queries.network_suggest import suggest_networks
    from vlavirgem.queries.networks import KIND_NAMES

    result = unaffiliated_in(dataset, day, network_kind, province, kind)
    rows = _rows(result.governments)
    columns = dict(COLUMNS)
    if suggest:
        answers = suggest_networks(dataset, day, result.governments, network_kind)
        for row in rows:
            row["suggested_network"], row["reason"] = answers[row["id"]]
        columns |= {"suggested_network": "Suggested network", "reason": "Why"}
    noun = KIND_NAMES[network_kind]
    count = (f"{len(rows)} of {counted(result.valid_count, 'government')} valid on {day} are in no {noun}."
             if rows else f"All {counted(result.valid_count, 'government')} valid on {day} are in a {noun}.")
    write_rows(rows, columns, fmt.value, title=f"In no {noun} on {day}", footer=[count, *result.notes])
