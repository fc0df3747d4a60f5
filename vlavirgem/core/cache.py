"""The user's cache folder: results that are slow to compute and safe to delete.

``$VLAVIRGEM_CACHE`` chooses the folder; otherwise ``$XDG_CACHE_HOME/vlavirgem`` or
``~/.cache/vlavirgem``.  Entries are keyed by a hash of what they were computed from, so a changed
input never reads a stale entry.  A cache that cannot be written is silently skipped.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from vlavirgem import __version__


def cache_dir() -> Path:
    explicit = os.environ.get("VLAVIRGEM_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vlavirgem"


def read_json(name: str, key: str) -> Any | None:
    """The cached value stored under ``name`` for ``key``, or None."""
    path = cache_dir() / f"{name}-{key[:32]}.json"
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != key or entry.get("version") != __version__:
        return None
    return entry.get("value")


def write_json(name: str, key: str, value: Any) -> None:
    """Store ``value`` under ``name`` for ``key`` (atomically; failures are ignored)."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, delete=False,
                                         suffix=".tmp") as handle:
            json.dump({"key": key, "version": __version__, "value": value}, handle)
        os.replace(handle.name, folder / f"{name}-{key[:32]}.json")
    except OSError:
        pass
