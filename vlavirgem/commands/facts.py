"""``vlavirgem adopt``, ``use``, ``security set`` and ``cycle``: record a dated fact."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from vlavirgem.commands.common import DataOption, app, reports_usage_errors
from vlavirgem.commands.editing import (
    DryRunOption,
    NoteOption,
    SourceOption,
    find_block,
    find_government,
    find_region,
    finish,
    open_edit,
    writes_dataset,
)
from vlavirgem.commands.membership import GovernmentArgument
from vlavirgem.commands.panels import EDIT
from vlavirgem.commands.security import security_app

if TYPE_CHECKING:
    from datetime import date

FromOption = Annotated[str, typer.Option("--from", metavar="DATE", help="First day the fact holds.")]
EvidenceOption = Annotated[str | None, typer.Option("--evidence", metavar="TEXT", help="What shows the fact.")]
BlockArgument = Annotated[str, typer.Argument(metavar="BLOCK", help="The building block: id or name.")]


@app.command(rich_help_panel=EDIT)
@reports_usage_errors
@writes_dataset
def adopt(
    government: GovernmentArgument,
    block: BlockArgument,
    status: Annotated[str, typer.Option("--status", help="aware, planned, in-use or stopped.")],
    start: FromOption,
    evidence: EvidenceOption = None,
    source: SourceOption = None,
    note: NoteOption = None,
    dry_run: DryRunOption = False,
    data: DataOption = None,
) -> None:
    """Record where a government stands with a building block from a date.

    The status recorded before for that block ends the day before; the government's portfolio
    file is created when it has none. Prints the diff; refused (exit 1) when validate would reject
    the result.

    Example:

    \b
    $ vlavirgem adopt Aartselaar magda --status in-use --from 2026-01-01 --source dv-magda --dry-run
    gemeente-11001 (Aartselaar) magda: status in-use from 2026-01-01
    --- a/data/catalog/portfolios/gemeente-11001.yaml
    +++ b/data/catalog/portfolios/gemeente-11001.yaml
    @@ -6,3 +6,8 @@
         url: https://aartselaar-echo.cipalschaubroeck.be/
         evidence: publication/harvest source aartselaar-echo.cipalschaubroeck.be — listed in
         sources: [swarm-harvest-jobs]
    +building_blocks:
    +  - block: magda
    +    status: in-use
    +    from: 2026-01-01
    +    sources: [dv-magda]
    Dry run: nothing was written.
    """
    from vlavirgem.editing.facts import adopt as record
    from vlavirgem.editing.preconditions import choice, require_sources

    day = _day(start)
    dataset, changes = open_edit(data, dry_run)
    member = find_government(dataset, government, day)
    found = find_block(dataset, block)
    wanted = choice("portfolio", ("building_blocks", 0, "status"), status, "--status")
    steps = record(changes, dataset, member, found, wanted, day, evidence=evidence,
                   sources=require_sources(dataset, source or (), "the adoption"), note=note)
    finish(changes, steps, dry_run)


@app.command(rich_help_panel=EDIT)
@reports_usage_errors
@writes_dataset
def use(
    government: GovernmentArgument,
    product: Annotated[str, typer.Argument(metavar="PRODUCT", help="The product: id or name.")],
    status: Annotated[str, typer.Option("--status", help="planned, in-use, phasing-out or retired.")],
    start: FromOption,
    until: Annotated[str | None, typer.Option("--until", metavar="DATE", help="Last day of this status.")] = None,
    hosting: Annotated[str | None, typer.Option(
        "--hosting", help="on-premises, vendor-hosted, saas or shared-service.")] = None,
    contract_end: Annotated[str | None, typer.Option("--contract-end", metavar="DATE", help="End of the contract.")] = None,
    domain: Annotated[str | None, typer.Option(
        "--domain", help="The field of work, when it is not the product's own.")] = None,
    standard: Annotated[list[str] | None, typer.Option(
        "--standard", metavar="ID", help="A standard used with it (id or name); repeat for more.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="A public address where the use shows.")] = None,
    evidence: EvidenceOption = None,
    source: SourceOption = None,
    note: NoteOption = None,
    dry_run: DryRunOption = False,
    data: DataOption = None,
) -> None:
    """Record a government's use of a software product from a date.

    The record of that product that runs on the date ends the day before; hosting, contract end,
    domain, standards and url carry over from it unless given. The portfolio file is created when
    the government has none. Prints the diff; refused (exit 1) when validate would reject it.

    Example:

    \b
    $ vlavirgem use Aartselaar notula --status planned --from 2026-09-01 --hosting saas \
        --source swarm-harvest-jobs --dry-run
    gemeente-11001 (Aartselaar) notula: status planned, hosting saas from 2026-09-01
    --- a/data/catalog/portfolios/gemeente-11001.yaml
    +++ b/data/catalog/portfolios/gemeente-11001.yaml
    @@ -6,3 +6,8 @@
    ...
    +  - product: notula
    +    status: planned
    +    from: 2026-09-01
    +    hosting: saas
    +    sources: [swarm-harvest-jobs]
    Dry run: nothing was written.
    """
    from vlavirgem.core.dates import parse_date
    from vlavirgem.editing.facts import use as record
    from vlavirgem.editing.preconditions import choice, require_sources
    from vlavirgem.queries.names import resolve_id

    day = _day(start)
    dataset, changes = open_edit(data, dry_run)
    member = find_government(dataset, government, day)
    found = resolve_id(dataset.products, product, "product", {p.id: p.name for p in dataset.products.values()})
    standards = {s.id: s.name for s in dataset.standards.values()}
    fields = {
        "status": choice("portfolio", ("software", 0, "status"), status, "--status"),
        "until": parse_date(until, "--until") if until else None,
        "hosting": choice("portfolio", ("software", 0, "hosting"), hosting, "--hosting") if hosting else None,
        "contract_end": parse_date(contract_end, "--contract-end") if contract_end else None,
        "domain": domain, "url": url, "evidence": evidence, "note": note,
        "standards": [resolve_id(dataset.standards, s, "standard", standards).id for s in standard or ()] or None,
        "sources": require_sources(dataset, source or (), "the software use"),
    }
    finish(changes, record(changes, dataset, member, found, day, fields), dry_run)


@security_app.command("set", rich_help_panel=EDIT)
@reports_usage_errors
@writes_dataset
def security_set(
    government: GovernmentArgument,
    status: Annotated[str, typer.Option("--status", help="none, in-preparation, adopted or expired.")],
    start: FromOption,
    evidence: EvidenceOption = None,
    source: SourceOption = None,
    note: NoteOption = None,
    dry_run: DryRunOption = False,
    data: DataOption = None,
) -> None:
    """Record the status of a government's information-security plan from a date.

    The status recorded before ends the day before; the portfolio file is created when the
    government has none. Prints the diff; refused (exit 1) when validate would reject it.

    Example:

    \b
    $ vlavirgem security set Aartselaar --status adopted --from 2016-11-15 --source swarm-harvest-jobs --dry-run
    gemeente-11001 (Aartselaar) security plan: status adopted from 2016-11-15
    --- a/data/catalog/portfolios/gemeente-11001.yaml
    +++ b/data/catalog/portfolios/gemeente-11001.yaml
    @@ -6,3 +6,7 @@
         url: https://aartselaar-echo.cipalschaubroeck.be/
         evidence: publication/harvest source aartselaar-echo.cipalschaubroeck.be — listed in
         sources: [swarm-harvest-jobs]
    +security_plan:
    +  - status: adopted
    +    from: 2016-11-15
    +    sources: [swarm-harvest-jobs]
    Dry run: nothing was written.
    """
    from vlavirgem.editing.facts import security as record
    from vlavirgem.editing.preconditions import choice, require_sources

    day = _day(start)
    dataset, changes = open_edit(data, dry_run)
    member = find_government(dataset, government, day)
    wanted = choice("portfolio", ("security_plan", 0, "status"), status, "--status")
    steps = record(changes, dataset, member, wanted, day, evidence=evidence,
                   sources=require_sources(dataset, source or (), "the security-plan status"), note=note)
    finish(changes, steps, dry_run)


@app.command(rich_help_panel=EDIT)
@reports_usage_errors
@writes_dataset
def cycle(
    region: Annotated[str, typer.Argument(metavar="REGION", help="The region: id or name.")],
    block: BlockArgument,
    phase: Annotated[str, typer.Option("--phase", help="dissemination, adoption, innovation or standardisation.")],
    step: Annotated[str, typer.Option("--step", help="plan, do, check or act.")],
    start: FromOption,
    source: SourceOption = None,
    note: NoteOption = None,
    dry_run: DryRunOption = False,
    data: DataOption = None,
) -> None:
    """Record where a region stands with a building block in its PDCA cycle from a date.

    The step recorded before for that block ends the day before. Prints the diff; refused (exit
    1) when validate would reject it.

    Example:

    \b
    $ vlavirgem cycle waasland magda --phase adoption --step do --from 2026-02-01 --source dv-magda --dry-run
    waasland magda: phase adoption, step do from 2026-02-01
    --- a/data/regions/waasland.yaml
    +++ b/data/regions/waasland.yaml
    @@ -128,5 +128,11 @@
         until: 2024-12-31
         sources: [pinc-refreg-2019-codes, vvsg-regiodecreet-gepubliceerd, abb-regiodecreet-bekrachtigd
         note: Het Vlaams Parlement bracht Zwijndrecht met het Regiodecreet (in werking op 19 maart
    +cycle:
    +  - block: magda
    +    phase: adoption
    +    step: do
    +    from: 2026-02-01
    +    sources: [dv-magda]
     sources: [abb-nota-regiovorming-2021, abb-regiodecreet-bekrachtigd,
     note: De begindatum 12 maart 2021 is die van de nota van de Vlaamse Regering die de
    Dry run: nothing was written.
    """
    from vlavirgem.editing.facts import cycle as record
    from vlavirgem.editing.preconditions import choice, require_sources

    day = _day(start)
    dataset, changes = open_edit(data, dry_run)
    steps = record(changes, dataset, find_region(dataset, region), find_block(dataset, block),
                   choice("region", ("cycle", 0, "phase"), phase, "--phase"),
                   choice("region", ("cycle", 0, "step"), step, "--step"), day,
                   sources=require_sources(dataset, source or (), "the PDCA step"), note=note)
    finish(changes, steps, dry_run)


def _day(text: str) -> date:
    from vlavirgem.core.dates import parse_date

    return parse_date(text, "--from")

