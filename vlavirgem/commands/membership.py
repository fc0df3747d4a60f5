"""``vlavirgem join`` and ``vlavirgem leave``."""

from __future__ import annotations

from typing import Annotated

import typer

from vlavirgem.commands.common import DataOption, app, reports_usage_errors
from vlavirgem.commands.editing import (
    DryRunOption,
    NoteOption,
    OnlyOption,
    SourceOption,
    find_government,
    find_region,
    finish,
    open_edit,
    writes_dataset,
)
from vlavirgem.commands.panels import EDIT

GovernmentArgument = Annotated[str, typer.Argument(
    metavar="GOV", help="The government: id, NIS code, KBO number or name (OCMW X for the OCMW).")]


@app.command(rich_help_panel=EDIT)
@reports_usage_errors
@writes_dataset
def join(
    government: GovernmentArgument,
    region: Annotated[str, typer.Argument(metavar="REGION", help="The region: id or name.")],
    start: Annotated[str, typer.Option("--from", metavar="DATE", help="First day of the membership.")],
    only: OnlyOption = False,
    source: SourceOption = None,
    note: NoteOption = None,
    dry_run: DryRunOption = False,
    data: DataOption = None,
) -> None:
    """Make a government a member of a region from a date.

    A membership it has in another region on that date ends the day before. A municipality and
    its OCMW move together (name either); --only moves just the one named. The edit keeps the
    comments and layout of the file, prints a diff, and is refused (exit 1, nothing written)
    when validate would reject the result: an overlap, a government that no longer exists.

    Examples:

    \b
        vlavirgem join Aartselaar waasland --from 2026-01-01 --source pinc-gebiedsniveaus --dry-run
        vlavirgem join "OCMW Aartselaar" waasland --from 2026-01-01 --only --source pinc-gebiedsniveaus

    \b
    $ vlavirgem join Aartselaar waasland --from 2026-01-01 --source pinc-gebiedsniveaus --dry-run
    gemeente-11001 (Aartselaar) leaves regio-antwerpen after 2025-12-31
    gemeente-11001 (Aartselaar) joins waasland from 2026-01-01
    ocmw-11001 (Aartselaar) leaves regio-antwerpen after 2025-12-31
    ocmw-11001 (Aartselaar) joins waasland from 2026-01-01
    --- a/data/regions/regio-antwerpen.yaml
    +++ b/data/regions/regio-antwerpen.yaml
    @@ -10,6 +10,7 @@
         sources: [pinc-refreg-2019-codes, abb-nota-regiovorming-2021, abb-regiovorming-kaartmateriaal]
       - government: gemeente-11001  # Aartselaar
         from: 2025-01-01
    +    until: 2025-12-31
    ...
    Dry run: nothing was written.
    """
    from vlavirgem.core.dates import parse_date
    from vlavirgem.editing.membership import join as join_region
    from vlavirgem.editing.preconditions import require_sources

    day = parse_date(start, "--from")
    dataset, changes = open_edit(data, dry_run)
    steps = join_region(dataset, changes, find_government(dataset, government, day), find_region(dataset, region),
                        day, only=only,
                        sources=require_sources(dataset, source or (), "the membership"), note=note)
    finish(changes, steps, dry_run)


@app.command(rich_help_panel=EDIT)
@reports_usage_errors
@writes_dataset
def leave(
    government: GovernmentArgument,
    last_day: Annotated[str, typer.Option(
        "--on", metavar="DATE", help="The last day of the membership (written as its until date).")],
    only: OnlyOption = False,
    source: SourceOption = None,
    dry_run: DryRunOption = False,
    data: DataOption = None,
) -> None:
    """End a government's membership of its region: DATE is the last day it is a member.

    The membership that runs on DATE gets until DATE (history is kept, nothing is deleted). A
    municipality and its OCMW leave together (name either); --only ends just the one named.
    Sources given are added to the ended membership's sources.

    Examples:

    \b
        vlavirgem leave Aartselaar --on 2026-06-30 --source swarm-harvest-jobs --dry-run
        vlavirgem leave gemeente-11001 --on 2026-06-30 --only --source swarm-harvest-jobs

    \b
    $ vlavirgem leave Aartselaar --on 2026-06-30 --source swarm-harvest-jobs --dry-run
    gemeente-11001 (Aartselaar) leaves regio-antwerpen after 2026-06-30
    ocmw-11001 (Aartselaar) leaves regio-antwerpen after 2026-06-30
    --- a/data/regions/regio-antwerpen.yaml
    +++ b/data/regions/regio-antwerpen.yaml
    @@ -10,14 +10,16 @@
         sources: [pinc-refreg-2019-codes, abb-nota-regiovorming-2021, abb-regiovorming-kaartmateriaal]
       - government: gemeente-11001  # Aartselaar
         from: 2025-01-01
    -    sources: [pinc-gebiedsniveaus-2026-03-09, pinc-gebiedsniveaus]
    ...
    Dry run: nothing was written.
    """
    from vlavirgem.core.dates import parse_date
    from vlavirgem.editing.membership import leave as leave_region
    from vlavirgem.editing.preconditions import require_sources

    day = parse_date(last_day, "--on")
    dataset, changes = open_edit(data, dry_run)
    member = find_government(dataset, government, day)
    steps = leave_region(dataset, changes, member, day, only=only, sources=require_sources(dataset, source or (), "the end of the membership"))
    finish(changes, steps, dry_run)
