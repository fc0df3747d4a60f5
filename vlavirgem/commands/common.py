"""The Typer app, the options every command shares, and the helpers commands use."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup, TyperOption

from vlavirgem.commands.panels import PanelGroup
from vlavirgem.core.problems import UsageError
from vlavirgem.core.settings import Settings
from vlavirgem.core.wording import counted, plural

if TYPE_CHECKING:
    from vlavirgem.core.model import Dataset
    from vlavirgem.editing.journal import Recovery

NO_CACHE_HELP = ("Check every file afresh; do not read or write the cache of per-file results "
                 "($VLAVIRGEM_CACHE, else ~/.cache/vlavirgem; safe to delete).")


class _State:
    # this run's settings: the environment with the global options laid over it (see ``main``)
    settings: Settings | None = None


def _drop_cache(context: Any, parameter: Any, value: bool) -> None:
    if value:
        _State.settings = settings().with_options(no_cache=True)


class CommandsWithNoCache(PanelGroup):
    """A command group (its help in panels, ``PanelGroup``) whose every command that reads a dataset
    (it takes --data) also takes
    --no-cache after the command name, as it takes --data in both places (``vlavirgem validate
    --no-cache`` as ``vlavirgem --no-cache validate``).  Added here, in one place, rather than to
    the signature of each command."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if (command is not None and not isinstance(command, TyperGroup)
                and any(p.name == "data" for p in command.params)
                and not any(p.name == "no_cache" for p in command.params)):
            command.params.append(TyperOption(param_decls=["--no-cache", "no_cache"], is_flag=True, default=False,
                                              expose_value=False, callback=_drop_cache, help=NO_CACHE_HELP))
        return command


# -h as well as --help, on every command and group (click passes the settings down to subcommands)
CONTEXT = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(
    cls=CommandsWithNoCache,
    name="vlavirgem",
    help=(
        "Who cooperates with whom among Flemish local governments, and with what.\n\n"
        "Works on the YAML dataset in --data DIR (default: the data/ folder of the repository "
        "you are in, or $VLAVIRGEM_DATA). Every query answers as of --on DATE (default: today, "
        "or $VLAVIRGEM_TODAY)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings=CONTEXT,
)


def sub_app(help_text: str) -> typer.Typer:
    """A command group (``vlavirgem catalog ...``) with the settings of the main app."""
    return typer.Typer(cls=CommandsWithNoCache, help=help_text, no_args_is_help=True, add_completion=False,
                       pretty_exceptions_enable=False, rich_markup_mode=None, context_settings=CONTEXT)


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class ListFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def settings() -> Settings:
    """The settings of this run (from the environment alone before the global options are read)."""
    return _State.settings or Settings.from_environment()


DataOption = Annotated[
    str | None,
    typer.Option("--data", metavar="DIR",
                 help="The dataset folder. Default: the repository's data/, or $VLAVIRGEM_DATA."),
]
OnOption = Annotated[
    str | None,
    typer.Option("--on", metavar="DATE",
                 help="Answer as of this date (YYYY-MM-DD). Default: today, or $VLAVIRGEM_TODAY."),
]
IncludeInternalOption = Annotated[bool, typer.Option(
    "--include-internal", help="Also show records marked visibility: internal (left out by default).")]
FormatOption = Annotated[
    ListFormat, typer.Option("--format", "-f", help="Output: table for people, csv or json for scripts.")
]

F = TypeVar("F", bound=Callable[..., Any])


def reports_usage_errors(command: F) -> F:
    """Turn a UsageError into a one-line message and exit code 2, as Typer does for its own."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except UsageError as error:
            typer.echo(f"Error: {error}", err=True)
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def _print_version(wanted: bool) -> None:
    if wanted:
        from vlavirgem import __version__

        typer.echo(f"vlavirgem {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    data: DataOption = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help=NO_CACHE_HELP)] = False,
    version: Annotated[bool, typer.Option(
        "--version", is_eager=True, callback=_print_version, help="Print the version and exit.")] = False,
) -> None:
    """Global options, given before the command (or after it): vlavirgem --data DIR COMMAND ..."""
    try:
        _State.settings = Settings.from_environment().with_options(data=data, no_cache=no_cache)
    except UsageError as error:  # a VLAVIRGEM_TODAY that is not a date
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(2) from None


def data_dir(data: str | None) -> Path:
    """The dataset folder chosen by --data (after the command or before it) or found."""
    from vlavirgem.core.layout import find_data_dir

    return find_data_dir(data or settings().data)


def on_date(on: str | None, option: str = "--on") -> date:
    """The date of --on, or today."""
    from vlavirgem.core.dates import parse_date

    return parse_date(on, option) if on else settings().today()


def load(data: str | None, *, include_internal: bool) -> Dataset:
    """The dataset's records; the data must be readable, but it need not be free of problems.

    Without ``include_internal`` only the public part (``queries.public.public_dataset``, the rule
    the site follows too): every command that shows data passes its --include-internal here, so
    no query can show an internal record by forgetting to filter.  The editing commands ask for
    every record, since they must keep the whole dataset consistent."""
    from vlavirgem.core.dataset import load_dataset
    from vlavirgem.queries.public import public_dataset

    settle_interrupted_edit(data_dir(data))
    dataset, problems = load_dataset(data_dir(data), cache=settings().cache)
    # the records live until the command ends: keep the collector from scanning them again each
    # time a query makes its many small objects (at full scale: 0.09 s -> 0.05 s for counting users),
    # and let it wait for more new objects before it looks (the changes of a year: 0.13 s -> 0.09 s)
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    broken = len({p.file for p in problems if p.is_error})
    if broken:
        typer.echo(f"Warning: {counted(broken, 'file')} {plural(broken, 'has', 'have')} errors; "
                   "answers leave out the broken records. "
                   "Run `vlavirgem validate` to see them.", err=True)
    return dataset if include_internal else public_dataset(dataset)


# -- an edit that a crash interrupted -------------------------------------------------------------

def settle_interrupted_edit(root: Path) -> None:
    """Before reading the dataset: finish or undo the edit whose journal a crash left in ``root``.

    Only a journal's presence is checked when there is none.  The lock is taken (an edit still
    running finishes first); where the edit cannot be settled (a read-only folder, a lock held
    past the wait, files changed by hand since), the command goes on with a warning, and
    ``validate`` reports the journal as an error."""
    from vlavirgem.editing.journal import JournalStuck, journal_path, recover
    from vlavirgem.editing.lock import DatasetLocked, dataset_lock

    if not journal_path(root).exists():
        return
    try:
        with dataset_lock(root, settings().lock_wait, purpose="settling an interrupted edit"):
            say_recovered(recover(root))
    except (DatasetLocked, JournalStuck, OSError) as error:
        typer.echo(f"Warning: an interrupted edit could not be settled: {error}", err=True)


def say_recovered(recovery: Recovery | None) -> None:
    if recovery is not None:
        typer.echo(f"Note: {recovery.sentence()}.", err=True)
