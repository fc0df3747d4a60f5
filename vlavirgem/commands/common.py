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

from vlavirgem.commands.panels import PanelGroup
from vlavirgem.core.problems import UsageError
from vlavirgem.core.settings import Settings
from vlavirgem.core.wording import counted, plural

if TYPE_CHECKING:
    from vlavirgem.core.model import Dataset

# -h as well as --help, on every command and group (click passes the settings down to subcommands)
CONTEXT = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(
    name="vlavirgem",
    cls=PanelGroup,
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
    return typer.Typer(help=help_text, no_args_is_help=True, add_completion=False, cls=PanelGroup,
                       pretty_exceptions_enable=False, rich_markup_mode=None, context_settings=CONTEXT)


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class ListFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class _State:
    # this run's settings: the environment with the global options laid over it (see ``main``)
    settings: Settings | None = None


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
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Check every file afresh; do not read or write the cache of per-file results "
                           "($VLAVIRGEM_CACHE, else ~/.cache/vlavirgem; safe to delete).")] = False,
    version: Annotated[bool, typer.Option(
        "--version", is_eager=True, callback=_print_version, help="Print the version and exit.")] = False,
) -> None:
    """Global options, given before the command: vlavirgem --data DIR COMMAND ..."""
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


def load(data: str | None) -> Dataset:
    """The dataset's records; the data must be readable, but it need not be free of problems."""
    from vlavirgem.core.dataset import load_dataset

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
    return dataset
