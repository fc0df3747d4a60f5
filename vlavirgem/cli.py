"""The ``vlavirgem`` command line.  Exit codes: 0 all well, 1 problems in the data, 2 wrong usage.

The app and its shared options live in ``commands.common``; each command module registers itself
when imported here.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
from typing import NoReturn

from vlavirgem.commands import (  # noqa: F401  (register the commands)
    blocks,
    catalog,
    changes,
    codeowners,
    export,
    facts,
    fmt,
    governments,
    ids,
    importing,
    membership,
    merge,
    partners,
    regions,
    request,
    security,
    site,
    sources,
    timeline,
    unaffiliated,
    validate,
)
from vlavirgem.commands.common import app

__all__ = ["app", "run"]


def run() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        exit_now(130)
    except SystemExit as done:  # how Typer ends every command
        exit_now(done.code)
    exit_now(0)


def exit_now(code: object) -> NoReturn:
    """End the process as ``sys.exit(code)`` would, without tearing down every object one by one.

    A command over the full-scale dataset leaves a few hundred thousand objects that Python would
    free one at a time on the way out (about 0.1 s, a fifth of a query's budget); nothing needs
    them freed.  Exit handlers still run and the output is flushed; the files a command writes
    are closed by then (editing writes atomically)."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): the message goes to stderr, the status is 1
        sys.stderr.write(f"{code}\n")
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(BrokenPipeError, ValueError):  # a reader that stopped early (| head)
            stream.flush()
    os._exit(status)
