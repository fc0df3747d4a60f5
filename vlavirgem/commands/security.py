"""``vlavirgem security status``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

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
from vlavirgem.commands.rows import ByOption, for_people, percent, plain
from vlavirgem.core.wording import counted, plural

if TYPE_CHECKING:
    from collections.abc import Sequence

    from vlavirgem.queries.security import PlanGroup, PlanRow, PlanTally, Shortfall, Target

security_app = sub_app("Information-security plans of the local governments.")
app.add_typer(security_app, name="security", rich_help_panel=ASK)

TALLY = {"none": "None", "in_preparation": "In preparation", "adopted": "Adopted", "expired": "Expired",
         "unknown": "Unknown", "governments": "Governments", "coverage": "Coverage"}


@security_app.command("status", rich_help_panel=ASK)
@reports_usage_errors
def status(
    on: OnOption = None,
    by: ByOption = None,
    target: Annotated[str | None, typer.Option(
        "--target", metavar="DATE",
        help="Measure against the goal of an adopted plan for every government on this date "
             "(2016-12-31 for the 2016 goal) and list who fell short; '(ended)' marks a government "
             "that no longer exists on --on.")] = None,
    include_internal: IncludeInternalOption = False,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """The information-security-plan status of every government on the date: none, in-preparation,
    adopted, expired, or unknown when no record holds; with --by, counts and coverage (the share
    adopted) per region or province.

    With --target DATE the statuses are those on the target date; the rows are the governments
    without an adopted plan then (with their status on --on and when they adopted one later), or
    with --by the groups on the target date.

    json prints one document: {on, day, by, target, totals, rows, notes}; csv prints the rows.

    Examples:

    \b
        vlavirgem security status --by province

    \b
    $ vlavirgem security status --target 2016-12-31 --format csv
    id,kind,name,nis,province,region,region_name,status,since,current_status,adopted_from
    gemeente-11001,gemeente,Aartselaar,11001,Antwerpen,,,unknown,,unknown,
    ocmw-11001,ocmw,Aartselaar,11001,Antwerpen,,,unknown,,unknown,
    gemeente-11002,gemeente,Antwerpen,11002,Antwerpen,,,unknown,,unknown,
    ocmw-11002,ocmw,Antwerpen,11002,Antwerpen,,,unknown,,unknown,
    gemeente-13001,gemeente,Arendonk,13001,Antwerpen,,,unknown,,unknown,
    ...
    Target 2016-12-31: 0 of 616 had an adopted plan (0.0 %) against a goal of 100.0 %; 616 short.
    No security-plan records in this dataset.
    """
    from vlavirgem.output import write_detail, write_rows
    from vlavirgem.queries.scope import scope
    from vlavirgem.queries.security import by_group, plan_rows, plan_tally, security_notes
    from vlavirgem.queries.security import target as measure

    dataset = load(data, include_internal=include_internal)
    day = on_date(on)
    view = scope(dataset, on_date(target, "--target") if target else day, include_internal)
    rows = plan_rows(view)
    totals = plan_tally(row.status for row in rows)
    goal, short = measure(view, scope(dataset, day, include_internal), rows) if target else (None, [])
    listing: Sequence[PlanGroup | Shortfall | PlanRow]
    if by:
        listing, columns = by_group(view, rows, by.value), {"group_name": by.value.capitalize(), **TALLY}
    elif target:
        listing, columns = short, {"province": "Province", "name": "Name", "kind": "Kind",
                                   "status": f"Status on {view.on}", "current_status": f"Status on {day}",
                                   "adopted_from": "Adopted from"}
    else:
        listing, columns = rows, {"province": "Province", "name": "Name", "kind": "Kind",
                                  "region_name": "Region", "status": "Status", "since": "Since"}
    found = [plain(item) for item in listing]
    notes = security_notes(view)
    if fmt == ListFormat.json:
        document = {"on": day.isoformat(), "day": view.on.isoformat(), "by": by.value if by else None,
                    "target": plain(goal) if goal else None, "totals": plain(totals), "rows": found,
                    "notes": notes}
        write_detail(document, {}, [], fmt.value, title="")
        return
    footer = [_goal(goal) if goal else _summary(totals, view.on.isoformat()), *notes]
    if fmt == ListFormat.table:
        found = [{**row, "current_status": row.get("current_status") or "(ended)"} for row in
                 for_people(found, ("coverage",))]
    write_rows(found, columns, fmt.value, title=f"Security plans on {view.on}", footer=footer)


def _summary(totals: PlanTally, day: str) -> str:
    return (f"{totals.adopted} of {counted(totals.governments, 'government')} valid on {day} "
            f"{plural(totals.adopted, 'has', 'have')} an adopted plan "
            f"({percent(totals.coverage) or 'n/a'}); none {totals.none}, in preparation "
            f"{totals.in_preparation}, expired {totals.expired}, unknown {totals.unknown}.")


def _goal(goal: Target) -> str:
    return (f"Target {goal.day}: {goal.adopted} of {goal.governments} had an adopted plan "
            f"({percent(goal.share) or 'n/a'}) against a goal of {percent(goal.goal)}; {goal.short} short.")
