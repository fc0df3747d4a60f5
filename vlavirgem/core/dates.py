"""Dates as the command line reads them, and "today" (fixed by VLAVIRGEM_TODAY for reproducible runs)."""

from __future__ import annotations

import os
from datetime import date

from vlavirgem.core.problems import UsageError


def parse_date(text: str, option: str = "--on") -> date:
    """A YYYY-MM-DD date from the command line, or a UsageError that says what was wrong."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a date; write it as YYYY-MM-DD, for example 2025-06-01") from None


def today() -> date:
    """Today's date, or the date in $VLAVIRGEM_TODAY when it is set."""
    fixed = os.environ.get("VLAVIRGEM_TODAY")
    return parse_date(fixed, "VLAVIRGEM_TODAY") if fixed else date.today()
