"""What an editing command checks before it changes anything: the clear message for the common
mistakes (a government that does not exist on the date, an unknown source, a status that is not
one of the schema's).  Everything else is left to ``validate``, which checks the edited data."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date

from vlavirgem.core.model import Dataset, Government
from vlavirgem.core.problems import UsageError
from vlavirgem.editing.fmt import schema_at


def label(dataset: Dataset, government_id: str) -> str:
    """'gemeente-11001 (Aartselaar)', or the id alone when it is not in the register."""
    government = dataset.governments.get(government_id)
    return f"{government_id} ({government.name})" if government else government_id


def require_existing(dataset: Dataset, government: Government, day: date, advice: str = "") -> None:
    """Refuse a government that does not exist on ``day``, naming its successor when it merged."""
    if government.valid_on(day):
        return
    validity = government.validity
    if validity.end is not None and day > validity.end:
        reason = f"it ended on {validity.end}"
        if government.successor:
            reason += f" and merged into {label(dataset, government.successor)}"
            advice = advice or "name the successor instead"
    else:
        reason = f"it exists only from {validity.start}"
    raise UsageError(f"{label(dataset, government.id)} does not exist on {day}: {reason}"
                     + (f"; {advice}" if advice else ""))


def require_sources(dataset: Dataset, wanted: Iterable[str]) -> list[str]:
    """The source ids, each of which must be in sources.yaml (with a did-you-mean)."""
    found = []
    for source in wanted:
        if source not in dataset.sources:
            close = difflib.get_close_matches(source, list(dataset.sources), n=2, cutoff=0.6)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            raise UsageError(f"there is no source '{source}' in sources.yaml{hint} Add it there first.")
        if source not in found:
            found.append(source)
    return found


def choice(kind: str, path: tuple[str | int, ...], wanted: str, option: str) -> str:
    """A value that the schema's enum at ``path`` allows (the schema is the list of choices)."""
    allowed = [str(value) for value in schema_at(kind, path).get("enum", ())]
    if wanted in allowed:
        return wanted
    close = difflib.get_close_matches(wanted, allowed, n=1, cutoff=0.5)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise UsageError(f"{option} '{wanted}' is not allowed{hint} Choose one of: {', '.join(allowed)}.")
