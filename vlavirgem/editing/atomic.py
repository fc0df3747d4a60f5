"""Write several files as one change: every file or none, even across a crash.

Each new content goes first to a hidden temporary file in the same folder (``.NAME.*.tmp``, a name
the dataset does not read), and each file it replaces gets a hidden second name (``.NAME.*.old``);
both are fsynced.  Then the journal (``journal.py``) records them, and only then are the new files
renamed over the old: a reader sees the old file or the new one, never half of one.  When a rename
fails, the files already renamed get their old bytes back; when the process dies between two
renames, the next command finishes the edit from the journal.  Files that must not be replaced
(read-only, not regular, an owner that cannot be kept) stop the edit before anything is written.

Hold the dataset's lock (``lock.py``) around the reading and the writing of an edit.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from vlavirgem.core.loader import display_path
from vlavirgem.editing import journal
from vlavirgem.editing.filesteps import check_replaceable, current, keep_old, remove_quietly, stage
from vlavirgem.editing.journal import Entry


class StaleFile(Exception):
    """A file changed on disk after it was read for an edit."""


def write_files(root: Path, changes: Mapping[Path, bytes | None],
                expected: Mapping[Path, bytes | None] | None = None, purpose: str = "") -> None:
    """Give every path its new bytes (None: delete it), all or nothing; the journal goes in the
    data folder ``root``, saying ``purpose`` (the command) to whoever finds it after a crash.

    ``expected`` holds the bytes each file had when the edit was computed; a file that differs
    now raises StaleFile before anything is written (someone changed it meanwhile)."""
    if not changes:
        return
    before = {path: current(path) for path in changes}
    for path, old in (expected or {}).items():
        if path in before and before[path] != old:
            raise StaleFile(f"{display_path(path)} changed since it was read; run the command again")
    entries: list[Entry] = []
    made: list[Path] = []  # the staged files and backups, removed again if the edit stops here
    try:
        for path, content in changes.items():
            status = check_replaceable(path)
            old = before[path]
            staged = backup = None
            if content is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                staged = stage(path, content, status)
                made.append(staged)
            if status is not None and old is not None:
                backup = keep_old(path, old, status)
                made.append(backup)
            entries.append(Entry(path, staged, backup, journal.digest(old), journal.digest(content)))
        journal.commit(root, entries, purpose)
    except BaseException:
        for leftover in made:
            remove_quietly(leftover)
        raise
    try:
        journal.finish(entries)
    except BaseException:
        journal.undo(entries)
        journal.discard(root, entries)
        raise
    journal.discard(root, entries)
