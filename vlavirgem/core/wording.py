"""Counts in messages: the one place that decides between "1 file" and "2 files".

Every message that states a number of things says it through ``counted`` (or ``plural`` for a verb
or noun that agrees with a number stated elsewhere), so no message reads "1 files checked".
"""

from __future__ import annotations


def plural(number: int, singular: str, many: str | None = None) -> str:
    """``singular`` for exactly one, else ``many`` (default: ``singular`` + "s")."""
    return singular if number == 1 else (many if many is not None else f"{singular}s")


def counted(number: int, singular: str, many: str | None = None) -> str:
    """The number and the noun that agrees with it: "1 file", "0 files", "2 changes"."""
    return f"{number} {plural(number, singular, many)}"
