"""Dates as the command line reads them (``Settings.today`` says which day is today)."""

from __future__ import annotations

from datetime import date

from vlavirgem.core.problems import UsageError


def parse_date(text: str, option: str = "--on") -> date:
    """A YYYY-MM-DD date from the command line, or a UsageError that says what was wrong."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a date; write it as YYYY-MM-DD, for example 2025-06-01") from None

