"""Find records by what people call them: a government by id, NIS code, KBO number or name.

Names are matched without regard to case or accents.  A name that fits several governments over
time (Deinze before and after 2019) is ambiguous unless a date picks one, and the error lists the
candidates with their dates.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date
from functools import cache
from typing import TypeVar

from vlavirgem.core.model import Dataset, Government
from vlavirgem.core.problems import UsageError
from vlavirgem.core.wording import counted

T = TypeVar("T")


@cache
def fold(text: str) -> str:
    """Text for matching: lowercase, no accents, single spaces (remembered: sorting asks often)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def lifetime(government: Government) -> str:
    """'from 2019-01-01', 'until 2018-12-31', '2019-01-01 to 2024-12-31' or 'throughout'."""
    start, end = government.validity.start, government.validity.end
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"from {start}"
    return f"until {end}" if end else "throughout"


def _described(government: Government) -> str:
    return f"{government.id} {government.name} ({government.kind}, {lifetime(government)})"


def resolve_government(dataset: Dataset, wanted: str, on: date | None = None,
                       kind: str | None = None) -> Government:
    """The government ``wanted`` names: an id, a NIS code, a KBO number or a name.

    ``kind`` narrows names and codes to gemeente or ocmw (default: a name or code means the
    gemeente; "OCMW Deinze" means the OCMW).  ``on`` picks among governments of one name that
    lived at different times: commands pass the date asked for, or today, so "Deinze" is today's
    Deinze unless --on says otherwise.  Raises UsageError when nothing or more than one thing fits.
    """
    text = wanted.strip()
    if text in dataset.governments:
        return dataset.governments[text]
    words = fold(text).split(" ", 1)
    if kind is None and len(words) == 2 and words[0] in ("gemeente", "ocmw", "stad"):
        kind = "gemeente" if words[0] == "stad" else words[0]
        text = text.split(None, 1)[1]
    kind = kind or "gemeente"
    digits = re.sub(r"[\s.]", "", text)
    if re.fullmatch(r"[0-9]{5}", digits):
        found = [g for g in dataset.governments.values() if g.nis == digits and g.kind == kind]
        what = f"NIS code {digits}"
    elif re.fullmatch(r"[0-9]{9,10}", digits):
        number = digits.zfill(10)
        found = [g for g in dataset.governments.values() if g.kbo == number]
        what = f"KBO number {number}"
    else:
        found = [g for g in dataset.governments.values() if fold(g.name) == fold(text) and g.kind == kind]
        what = f"the name '{text}'"
    if not found:
        raise UsageError(f"no {kind} has {what}{_near(dataset, text, kind)}")
    return _one(found, what, on)


def _one(found: list[Government], what: str, on: date | None) -> Government:
    if len(found) == 1:
        return found[0]
    living = [g for g in found if on is not None and g.valid_on(on)]
    if len(living) == 1:  # the one of that name on the date asked (or today, when none was asked)
        return living[0]
    listing = "; ".join(_described(g) for g in sorted(found, key=lambda g: (g.validity.start or date.min, g.id)))
    hint = "name it by id" if living else "name it by id, or pick a date with --on"
    raise UsageError(f"{what} fits {counted(len(found), 'government')} over time: {listing}. {hint.capitalize()}.")


def near_governments(dataset: Dataset, text: str, kind: str = "gemeente") -> list[str]:
    """The names (and ids) of the governments of ``kind`` that ``text`` is close to: a did-you-mean."""
    names = {fold(g.name): g.name for g in dataset.governments.values() if g.kind == kind}
    close = difflib.get_close_matches(fold(text), list(names), n=3, cutoff=0.7)
    ids = difflib.get_close_matches(text, list(dataset.governments), n=1, cutoff=0.8)
    return [names[c] for c in close] + ids


def _near(dataset: Dataset, text: str, kind: str) -> str:
    suggestions = near_governments(dataset, text, kind)
    return f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""


def resolve_id(pool: dict[str, T], wanted: str, noun: str, names: dict[str, str] | None = None) -> T:
    """A record of ``pool`` by id or (folded) name, with a did-you-mean when nothing fits."""
    if wanted in pool:
        return pool[wanted]
    by_name = {fold(name): key for key, name in (names or {}).items()}
    key = by_name.get(fold(wanted))
    if key is not None:
        return pool[key]
    close = near_ids(pool, wanted, names)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise UsageError(f"there is no {noun} '{wanted}'{hint}")


def near_ids(pool: dict[str, T], wanted: str, names: dict[str, str] | None = None) -> list[str]:
    """The ids or names of ``pool`` that ``wanted`` is close to: a did-you-mean."""
    return difflib.get_close_matches(wanted, list(pool) + list((names or {}).values()), n=2, cutoff=0.6)


def did_you_mean(wanted: str, choices: list[str], n: int = 1, cutoff: float = 0.6) -> str:
    """"; did you mean 'x'?" for the choices closest to ``wanted`` (compared folded), or ""."""
    folded = {fold(choice): choice for choice in choices}
    close = difflib.get_close_matches(fold(wanted), list(folded), n=n, cutoff=cutoff)
    return f"; did you mean {' or '.join(repr(folded[c]) for c in close)}?" if close else ""


def resolve_choice(wanted: str, choices: list[str], what: str) -> str:
    """The one of ``choices`` that ``wanted`` names, without regard to case or accents; else a
    UsageError that says what is near and lists the choices: the rule every choice option follows
    (a domain, a province, a status, a phase...)."""
    for choice in choices:
        if fold(choice) == fold(wanted):
            return choice
    hint = did_you_mean(wanted, choices) or "."
    raise UsageError(f"{what} '{wanted}' is not allowed{hint} Choose one of: {', '.join(choices)}.")
