"""The ``vlavirgem`` command line.  Exit codes: 0 all well, 1 problems in the data, 2 wrong usage.

The app and its shared options live in ``commands.common``; each command module registers itself
when imported here.
"""

from __future__ import annotations

import sys

from .commands import (  # noqa: F401  (register the commands)
    blocks,
    catalog,
    changes,
    codeowners,
    export,
    facts,
    fmt,
    governments,
    importing,
    membership,
    merge,
    regions,
    security,
    site,
    unaffiliated,
    validate,
)
from .commands.common import app

__all__ = ["app", "run"]


def run() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
