"""``vlavirgem changes``."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from vlavirgem.commands.common import (
    DataOption,
    FormatOption,
    IncludeInternalOption,
    ListFormat,
    app,
    load,
    on_date,
    reports_usage_errors,
)
from vlavirgem.commands.panels import REPORT
from vlavirgem.core.wording import counted

if TYPE_CHECKING:
    from vlavirgem.queries.changes.events import Change


def year_before(day: date) -> date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def change_row(change: Change) -> dict[str, Any]:
    """A change as a row of the json and csv output (documented in docs/json/changes.schema.json)."""
    return {
        "date": change.day.isoformat(), "kind": change.kind,
        "government_id": change.government_id, "government_name": change.government_name,
        "region_id": change.region_id, "region_name": change.region_name,
        "previous_region_id": change.previous_region_id, "previous_region_name": change.previous_region_name,
        "subject_id": change.subject_id, "subject_name": change.subject_name,
        "status": change.status, "previous_status": change.previous_status,
        "predecessors": list(change.predecessors), "detail": change.detail,
    }


@app.command(rich_help_panel=REPORT)
@reports_usage_errors
def changes(
    start: Annotated[str | None, typer.Option(
        "--from", metavar="DATE",
        help="Report changes after this date (the state on DATE is the starting point). "
             "Default: a year before --to.")] = None,
    end: Annotated[str | None, typer.Option(
        "--to", metavar="DATE",
        help="... up to and including this date. Default: today, or $VLAVIRGEM_TODAY.")] = None,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", "-k", metavar="KIND",
        help="Only this kind of change (repeatable): merged, created, joined, moved, left, new-software, "
             "software-stopped, adoption, security-plan-adopted, pdca-step.")] = None,
    region: Annotated[str | None, typer.Option(
        "--region", "-r", metavar="REGION", help="Only changes that concern this region (id or name).")] = None,
    include_internal: IncludeInternalOption = False,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """What changed between two dates: the list for the minutes of a meeting.

    Mergers, new governments, joins, moves and leaves of regions, new and stopped software,
    building-block adoption steps, information-security plans adopted and PDCA steps, each dated
    by the day it took effect (for an end: the day after its last day).

    A change is reported when that day lies after --from and on or before --to, so the report is
    the difference between the state on --from and the state on --to, and a series of reports
    (each --from the previous --to) lists every change once. To include changes that take effect
    on 1 January 2025, start the day before: --from 2024-12-31. Records of one government in one
    region that follow each other without a gap count as one membership (the switch to the 2025
    NIS codes is no leave and join).

    Sorted by date, kind (in the order above) and name. csv and json carry ids, names, the
    previous region of a move, the product or block, the status and the previous status; the
    count line goes to stderr.

    Examples:

    \b
        vlavirgem changes --from 2024-12-31 --to 2025-01-01 --kind merged --region waasland
        vlavirgem changes --format json

    \b
    $ vlavirgem changes --from 2023-01-01 --to 2023-12-31
    Changes after 2023-01-01, up to and including 2023-12-31
    ┏━━━━━━━━━━━━┳━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━━━━━
    ┃ Date       ┃ Kind  ┃ Government  ┃ Id             ┃ Region   ┃ Detail
    ┡━━━━━━━━━━━━╇━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━━━━
    │ 2023-03-19 │ moved │ Zwijndrecht │ gemeente-11056 │ Waasland │ moved from
    │ 2023-03-19 │ moved │ Zwijndrecht │ ocmw-11056     │ Waasland │ moved from
    └────────────┴───────┴─────────────┴────────────────┴──────────┴──────────────
    2 changes: 2 moved.
    """
    from vlavirgem.core.dates import parse_date
    from vlavirgem.output import write_rows
    from vlavirgem.queries.changes import changes as query
    from vlavirgem.queries.names import resolve_id

    last = parse_date(end, "--to") if end else on_date(None)
    first = parse_date(start, "--from") if start else year_before(last)
    dataset = load(data, include_internal=include_internal)
    wanted = resolve_id(dataset.regions, region, "region",
                        {key: r.name for key, r in dataset.regions.items()}).id if region else None
    result = query(dataset, first, last, kinds=kind or (), region=wanted, include_internal=include_internal)
    rows = [change_row(change) for change in result.changes]
    if fmt is ListFormat.csv:
        rows = [{**row, "predecessors": "; ".join(row["predecessors"])} for row in rows]
    if fmt is ListFormat.table:
        rows = [{**row, "who": row["government_name"] or "", "where": row["region_name"] or "(no region)"}
                for row in rows]
    columns = {"date": "Date", "kind": "Kind", "who": "Government", "government_id": "Id", "where": "Region",
               "detail": "Detail"}
    write_rows(rows, columns, fmt.value, title=f"Changes after {first}, up to and including {last}",
               footer=[_count(result.changes, first, last)])


def _count(found: tuple[Change, ...], first: date, last: date) -> str:
    if not found:
        return f"No changes after {first}, up to and including {last}."
    from vlavirgem.queries.changes.events import KINDS

    tally = Counter(change.kind for change in found)
    parts = ", ".join(f"{tally[kind]} {kind}" for kind in KINDS if tally[kind])
    return f"{counted(len(found), 'change')}: {parts}."
