"""What every editing command shares: its options, and showing, checking and writing an edit.

An edit prints what it does and the diff on stdout.  It writes nothing when --dry-run is given,
and nothing when validate would find an error that the data did not have before (exit 1, with
the problems on stderr).  Exit 0 when written or when there was nothing to do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from vlavirgem.commands.common import data_dir, load, settings

if TYPE_CHECKING:
    from datetime import date

    from vlavirgem.core.model import Block, Dataset, Government, Region
    from vlavirgem.editing.changeset import Changeset

DryRunOption = Annotated[bool, typer.Option("--dry-run", "-n", help="Show what would change (a diff); write nothing.")]
SourceOption = Annotated[list[str] | None, typer.Option(
    "--source", metavar="ID", help="Cite this source (an id in sources.yaml); repeat to cite more.")]
NoteOption = Annotated[str | None, typer.Option("--note", metavar="TEXT", help="A remark for readers of the data.")]
OnlyOption = Annotated[bool, typer.Option(
    "--only", help="Move only the government named, not also its municipality or OCMW.")]


def open_edit(data: str | None) -> tuple[Dataset, Changeset]:
    """The dataset's records, and an empty Changeset on its folder."""
    from vlavirgem.editing.changeset import Changeset

    dataset = load(data, include_internal=True)
    return dataset, Changeset.on(data_dir(data), dataset)


def find_region(dataset: Dataset, text: str) -> Region:
    from vlavirgem.queries.names import resolve_id

    return resolve_id(dataset.regions, text, "region", {r.id: r.name for r in dataset.regions.values()})


def find_block(dataset: Dataset, text: str) -> Block:
    from vlavirgem.queries.names import resolve_id

    return resolve_id(dataset.blocks, text, "building block", {b.id: b.name for b in dataset.blocks.values()})


def find_government(dataset: Dataset, text: str, day: date) -> Government:
    """A government by id, NIS code, KBO number or name; the date picks among names used over time."""
    from vlavirgem.queries.names import resolve_government

    return resolve_government(dataset, text, day)


def finish(changes: Changeset, steps: list[str], dry_run: bool) -> None:
    """Show the steps and the diff; unless a dry run, check the edit and write it (or refuse)."""
    for step in steps:
        typer.echo(step)
    diff = changes.diff()
    if not diff:
        typer.echo("No file changes.", err=True)
        return
    typer.echo(diff, nl=False)
    with refusing():
        changes.check(settings().today(), settings().cache)
        if dry_run:
            typer.echo("Dry run: nothing was written.", err=True)
            return
        written = changes.write()
    typer.echo(f"Wrote {', '.join(str(path) for path in written)}.", err=True)


@contextmanager
def refusing() -> Iterator[None]:
    """Turn a refused or failed edit into its problems on stderr and exit code 1."""
    from vlavirgem.editing.atomic import StaleFile
    from vlavirgem.editing.changeset import EditRefused

    try:
        yield
    except EditRefused as refused:
        typer.echo(f"Refused: {refused}:", err=True)
        for problem in refused.problems:
            typer.echo(f"{problem.file}:{problem.line}:{problem.column}: {problem.severity} "
                       f"[{problem.code}] {problem.message}", err=True)
        typer.echo("(Lines are those of the files as they would be; --dry-run shows them.)", err=True)
        raise typer.Exit(1) from None
    except (StaleFile, OSError) as error:
        typer.echo(f"Error: could not write: {error}; no file was changed.", err=True)
        raise typer.Exit(1) from None
