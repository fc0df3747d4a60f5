"""What one run of vlavirgem is set up with: the data folder, the cache folder and "today".

vlavirgem's own environment variables are read here and nowhere else, once, into a frozen ``Settings``
(the output module honours the common NO_COLOR and GITHUB_STEP_SUMMARY itself); the command line
lays its options over it (``--data``, ``--no-cache``) and passes the result down as an argument.
Nothing in the package writes to ``os.environ``.

    VLAVIRGEM_DATA      the data folder when --data is not given
    VLAVIRGEM_CACHE     the cache folder (else $XDG_CACHE_HOME/vlavirgem, else ~/.cache/vlavirgem)
    VLAVIRGEM_NO_CACHE  any value but empty: read and write no cache, as --no-cache does
    VLAVIRGEM_TODAY     the date that counts as today (YYYY-MM-DD), for reproducible runs
    VLAVIRGEM_LOCK_WAIT how many seconds an edit waits for another to finish (default 10)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from vlavirgem.core.dates import parse_date
from vlavirgem.core.problems import UsageError


@dataclass(frozen=True)
class Settings:
    # the --data option or $VLAVIRGEM_DATA; None: look for the repository's data/ folder
    data: str | None = None
    # where results that are slow to compute and safe to delete are kept; None: keep nothing
    cache: Path | None = None
    # the day that counts as today; None: the system's date, asked when needed
    fixed_today: date | None = None
    # how long an edit waits for the dataset's lock held by another edit
    lock_wait: float = 10.0

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings the environment gives (``os.environ`` unless another mapping is passed)."""
        env = os.environ if environ is None else environ
        cache = None
        if not env.get("VLAVIRGEM_NO_CACHE"):
            explicit = env.get("VLAVIRGEM_CACHE")
            base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
            cache = Path(explicit) if explicit else Path(base) / "vlavirgem"
        fixed = env.get("VLAVIRGEM_TODAY")
        return cls(data=env.get("VLAVIRGEM_DATA") or None, cache=cache,
                   fixed_today=parse_date(fixed, "VLAVIRGEM_TODAY") if fixed else None,
                   lock_wait=_seconds(env.get("VLAVIRGEM_LOCK_WAIT"), "VLAVIRGEM_LOCK_WAIT", 10.0))

    def with_options(self, *, data: str | None = None, no_cache: bool = False) -> Settings:
        """These settings with the command line's options laid over them."""
        return replace(self, data=data or self.data, cache=None if no_cache else self.cache)

    def today(self) -> date:
        return self.fixed_today or date.today()


def _seconds(text: str | None, name: str, default: float) -> float:
    """A number of seconds from the environment (empty: the default)."""
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 86_400:  # also refuses nan and inf
        raise UsageError(f"{name}={text!r} is not a number of seconds from 0 to 86400")
    return value
