"""What every editing command shares: its options, and showing, checking and writing an edit.

An edit prints what it does and the diff on stdout.  It writes nothing when --dry-run is given,
and nothing when validate would find an error that the data did not have before (exit 1, with
the problems on stderr).  Exit 0 when written or when there was nothing to do.  An edit that
writes holds the dataset's lock from before it reads until it has written (another edit waits).
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from vlavirgem.commands.common import data_dir, load, say_recovered, settings

if TYPE_CHECKING:
    from datetime import date

    from vlavirgem.core.model import Block, Dataset, Government, Region
    from vlavirgem.editing.changeset import Changeset

DryRunOption = Annotated[bool, typer.Option("--dry-run", "-n", help="Show what would change (a diff); write nothing.")]
SourceOption = Annotated[list[str] | None, typer.Option(
    "--source", metavar="ID", help="Cite this source (an id in sources.yaml); repeat to cite more.")]
NoteOption = Annotated[str | None, typer.Option("--note", metavar="TEXT", help="A remark for readers of the data.")]
F = TypeVar("F", bound=Callable[..., Any])
OnlyOption = Annotated[bool, typer.Option(
    "--only", help="Move only the government named, not also its municipality or OCMW.")]


def open_edit(data: str | None, dry_run: bool = False) -> tuple[Dataset, Changeset]:
    """The dataset's records, and an empty Changeset on its folder.

    Unless a dry run, the command holds the dataset's lock (``@writes_dataset``), so that what is
    read here is what is written over."""
    from vlavirgem.editing.changeset import Changeset

    root = data_dir(data)
    if not dry_run and root.resolve() not in _HELD:
        raise RuntimeError("an editing command must hold the dataset's lock: decorate it with @writes_dataset")
    dataset = load(data, include_internal=True)
    return dataset, Changeset.on(root, dataset)


# the data folders whose lock this process holds now
_HELD: set[Path] = set()


def writes_dataset(command: F) -> F:
    """Run an editing command (with ``data`` and ``dry_run`` parameters) under the dataset's lock,
    unless it is a dry run.  Put it below ``@reports_usage_errors``."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("dry_run"):
            return command(*args, **kwargs)
        with editing_lock(data_dir(kwargs.get("data"))):
            return command(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


@contextmanager
def editing_lock(root: Path) -> Iterator[None]:
    """Hold the dataset's lock (waiting as the settings say) and settle an interrupted edit first;
    a lock that cannot be had or a journal that cannot be settled ends the command (exit 1)."""
    from vlavirgem.editing.journal import recover
    from vlavirgem.editing.lock import dataset_lock

    with ExitStack() as held:
        with refusing():  # only the taking and the settling: the command's own errors are its own
            held.enter_context(dataset_lock(root, settings().lock_wait, purpose=purpose(),
                                            on_wait=lambda text: typer.echo(text, err=True)))
            say_recovered(recover(root))
        _HELD.add(root.resolve())
        try:
            yield
        finally:
            _HELD.discard(root.resolve())


def purpose() -> str:
    """The command being run, as the lock file and the journal name it for others."""
    return shlex.join(["vlavirgem", *sys.argv[1:]])[:300]


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
        written = changes.write(purpose())
    typer.echo(f"Wrote {', '.join(shown_path(path) for path in written)}.", err=True)


def shown_path(path: Path) -> str:
    """A written file as people read it: relative to the working folder when it lies inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@contextmanager
def refusing() -> Iterator[None]:
    """Turn a refused or failed edit into its problems on stderr and exit code 1."""
    from vlavirgem.editing.atomic import StaleFile
    from vlavirgem.editing.changeset import EditRefused
    from vlavirgem.editing.filesteps import WriteRefused
    from vlavirgem.editing.journal import JournalStuck
    from vlavirgem.editing.lock import DatasetLocked

    try:
        yield
    except EditRefused as refused:
        typer.echo(f"Refused: {refused}:", err=True)
        for problem in refused.problems:
            typer.echo(f"{problem.file}:{problem.line}:{problem.column}: {problem.severity} "
                       f"[{problem.code}] {problem.message}", err=True)
        typer.echo("(Lines are those of the files as they would be; --dry-run shows them.)", err=True)
        raise typer.Exit(1) from None
    except (StaleFile, WriteRefused) as error:
        typer.echo(f"Error: could not write: {error}; no file was changed.", err=True)
        raise typer.Exit(1) from None
    except (DatasetLocked, JournalStuck) as error:
        typer.echo(f"Error: {error}.", err=True)
        raise typer.Exit(1) from None
    except OSError as error:
        typer.echo(f"Error: could not write: {describe(error)}; no file was changed.", err=True)
        raise typer.Exit(1) from None


@contextmanager
def reporting_os_errors(what: str) -> Iterator[None]:
    """For a command that writes outside the dataset (the site, an export): an error of the
    operating system is a message with its path and exit 1, not a traceback."""
    try:
        yield
    except OSError as error:
        typer.echo(f"Error: could not write {what}: {describe(error)}.", err=True)
        raise typer.Exit(1) from None


def describe(error: OSError) -> str:
    """An operating system's error with the path it is about, as the user sees the path."""
    from vlavirgem.core.loader import display_path

    if error.filename is None:
        return str(error)
    return f"{display_path(Path(os.fsdecode(error.filename)))}: {error.strerror or error}"
