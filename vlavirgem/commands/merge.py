"""``vlavirgem merge apply``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vlavirgem.commands.common import DataOption, app, reports_usage_errors, sub_app
from vlavirgem.commands.editing import DryRunOption, SourceOption, finish, open_edit, writes_dataset
from vlavirgem.commands.panels import EDIT

merge_app = sub_app("Municipal mergers: apply a list of them to the data.")
app.add_typer(merge_app, name="merge", rich_help_panel=EDIT)


@merge_app.command("apply")
@reports_usage_errors
@writes_dataset
def apply(
    mergers: Annotated[Path, typer.Argument(
        metavar="MERGERS.csv", help="old_nis,old_name,new_nis,new_name,effective_date: one row per predecessor.")],
    source: SourceOption = None,
    dry_run: DryRunOption = False,
    data: DataOption = None,
) -> None:
    """Apply municipal mergers: end the predecessors, create the successors, carry the rest over.

    For each merger and for the gemeente and the OCMW alike: the predecessors end on the day
    before and name their successor (a predecessor whose NIS code the new municipality keeps goes
    on); a new successor is created in its arrondissement's province file with the name from the
    file (add KBO and OVO numbers later); memberships and places in reference regions end and the
    successor joins the region the predecessors shared; software use and building-block adoptions
    that ran past the merger end and carry over from the merger date; security plans end. What
    needs a person (predecessors in different regions, records that start after the merger) is
    listed. Applying the same file twice changes nothing. --source (at least one) is cited by
    every new record.

    Example:

    \b
    $ vlavirgem merge apply docs/examples/mergers.csv --source pinc-gebiedsniveaus
    Nothing to do: the data already says what the file says.
    No file changes.
    """
    from vlavirgem.editing.mergers import apply_mergers, read_mergers
    from vlavirgem.editing.preconditions import require_sources

    found = read_mergers(mergers)
    dataset, changes = open_edit(data, dry_run)
    report = apply_mergers(dataset, changes, found, require_sources(dataset, source or (), "these mergers (cited by every new record)"))
    lines = list(report.done) or ["Nothing to do: the data already says what the file says."]
    if report.decisions:
        lines += ["", "Needs a decision:", *(f"- {decision}" for decision in report.decisions)]
    finish(changes, lines, dry_run)
