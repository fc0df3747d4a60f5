"""What an editing command checks before it changes anything: the clear message for the common
mistakes (a government that does not exist on the date, an unknown source, a status that is not
one of the schema's).  Everything else is left to ``validate``, which checks the edited data."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date
from typing import Any

from vlavirgem.core.model import Dataset, Government
from vlavirgem.core.problems import UsageError
from vlavirgem.core.schemas import schema_at
from vlavirgem.queries.names import resolve_choice


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


def require_sources(dataset: Dataset, wanted: Iterable[str] | None, backs: str = "this change", *,
                    optional: bool = False) -> list[str]:
    """The source ids of ``--source``: at least one (unless ``optional``: the import, whose rows may
    name their own), each of which must be in sources.yaml (with a did-you-mean).  ``backs`` says
    what the source backs, for the message when none is given."""
    found: list[str] = []
    for source in wanted or ():
        if source not in dataset.sources:
            close = difflib.get_close_matches(source, list(dataset.sources), n=2, cutoff=0.6)
            hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            raise UsageError(f"there is no source '{source}' in sources.yaml.{hint} Cite an id of sources.yaml, "
                             f"or add the source first: vlavirgem source add {source} --title TEXT "
                             "--publisher TEXT --url URL --licence TEXT")
        if source not in found:
            found.append(source)
    if not found and not optional:
        raise UsageError(f"--source ID is required: the source that backs {backs} (an id in sources.yaml; "
                         "`vlavirgem source add ID --title ... --publisher ...` adds a new one). Nothing was changed.")
    return found


def choice(kind: str, path: tuple[str | int, ...], wanted: str, option: str) -> str:
    """A value that the schema's enum at ``path`` allows (the schema is the list of choices)."""
    allowed = [str(value) for value in schema_at(kind, path).get("enum", ())]
    return resolve_choice(wanted, allowed, option)


def source_entry(dataset: Dataset, source_id: str) -> dict[str, Any]:
    """What sources.yaml says of a source (title, url, publisher, ...), as read."""
    where = dataset.sources[source_id]
    value: Any = dataset.files[where.file].data
    for step in where.path:
        value = value.get(step) if isinstance(value, dict) else None
    return value if isinstance(value, dict) else {}
