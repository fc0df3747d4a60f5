"""The user's cache folder: results that are slow to compute and safe to delete.

The folder is ``Settings.cache`` (None: nothing is kept, every value is computed afresh).  Entries are keyed by a hash of what they were computed from, so a changed
input never reads a stale entry.  A cache that cannot be written is silently skipped.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from vlavirgem import __version__


def read_json(folder: Path | None, name: str, key: str) -> Any | None:
    """The value cached in ``folder`` under ``name`` for ``key``, or None."""
    if folder is None:
        return None
    path = folder / f"{name}-{key[:32]}.json"
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != key or entry.get("version") != __version__:
        return None
    return entry.get("value")


def write_json(folder: Path | None, name: str, key: str, value: Any) -> None:
    """Store ``value`` in ``folder`` under ``name`` for ``key`` (atomically; failures are ignored)."""
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, delete=False,
                                         suffix=".tmp") as handle:
            json.dump({"key": key, "version": __version__, "value": value}, handle)
        os.replace(handle.name, folder / f"{name}-{key[:32]}.json")
    except OSError:
        pass
