"""The journal of a multi-file edit: what lets the next command finish or undo it after a crash.

Before the first rename of an edit, ``DATA/.vlavirgem.journal`` says, for every file, where its new
bytes are staged, where its old bytes are kept (a hidden hard link) and the SHA-256 of both.  It is
fsynced and renamed into place only once every staged file and backup is durable: from then on
every file can be brought to its new bytes or back to its old ones, whatever the moment of a crash.
When the edit is done (or undone) the backups go and then the journal.

``recover`` is what the next command does with a journal it finds (under the dataset's lock, so
never with the journal of an edit still running): finish the edit when every file either has its
new bytes or still has them staged; otherwise undo it when every file either has its old bytes or
still has them kept.  A file that has neither (changed by hand since the crash) stops it: the
journal stays, and the message names the file.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from vlavirgem.core.layout import JOURNAL_FILE
from vlavirgem.core.loader import display_path
from vlavirgem.editing import filesteps
from vlavirgem.editing.filesteps import current, remove_quietly, sync_folder

FORMAT = 1


class JournalStuck(Exception):
    """The journal of an interrupted edit can be neither finished nor undone."""


def digest(content: bytes | None) -> str | None:
    return hashlib.sha256(content).hexdigest() if content is not None else None


@dataclass(frozen=True)
class Entry:
    """One file of an edit: its new bytes staged (None: the edit deletes it), its old bytes kept
    (None: it did not exist), and the digests of both."""

    path: Path
    staged: Path | None
    backup: Path | None
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Recovery:
    """What the next command did with an interrupted edit: ``finished`` or ``undone``, and its files."""

    outcome: str
    purpose: str
    paths: tuple[Path, ...]

    def sentence(self) -> str:
        files = ", ".join(display_path(path) for path in self.paths)
        what = f" ({self.purpose})" if self.purpose else ""
        if self.outcome == "finished":
            return f"an edit{what} was interrupted before it had written every file; it is now finished: {files}"
        return f"an edit{what} was interrupted while it was being undone; it is now undone: {files}"


def journal_path(root: Path) -> Path:
    return root / JOURNAL_FILE


def commit(root: Path, entries: Sequence[Entry], purpose: str) -> None:
    """Write the journal durably: after this the edit will happen, now or at the next command."""
    def relative(path: Path | None) -> str | None:
        return os.path.relpath(path, root) if path is not None else None

    text = json.dumps({
        "format": FORMAT, "purpose": purpose, "pid": os.getpid(),
        "entries": [{"path": relative(e.path), "staged": relative(e.staged), "backup": relative(e.backup),
                     "old": e.old, "new": e.new} for e in entries],
    }, indent=1)
    for folder in {entry.path.parent for entry in entries}:
        sync_folder(folder)  # the staged files and backups are there before the journal names them
    temporary = filesteps.stage(journal_path(root), text.encode("utf-8"), None)
    try:
        filesteps.rename(temporary, journal_path(root))
    except BaseException:
        remove_quietly(temporary)
        raise
    sync_folder(root)


def read(root: Path) -> tuple[str, list[Entry]] | None:
    """The purpose and entries of the journal in ``root``, None when there is none."""
    path = journal_path(root)
    try:
        raw = json.loads(path.read_bytes())
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise ValueError("not a journal of this version")

        def absolute(name: object) -> Path | None:
            return root / str(name) if name is not None else None

        entries = [Entry(root / str(item["path"]), absolute(item["staged"]), absolute(item["backup"]),
                         item["old"], item["new"]) for item in raw["entries"]]
        return str(raw.get("purpose") or ""), entries
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise JournalStuck(f"{display_path(path)} (the journal of an interrupted edit) cannot be read: {error}; "
                           "check the files it names, then delete it") from None


def discard(root: Path, entries: Sequence[Entry]) -> None:
    """After an edit is done or undone: the folders synced, the backups and staged files gone,
    then the journal (a crash in between leaves a journal whose files are all settled)."""
    for folder in {entry.path.parent for entry in entries}:
        sync_folder(folder)
    for entry in entries:
        for leftover in (entry.staged, entry.backup):
            if leftover is not None:
                remove_quietly(leftover)
    filesteps.unlink(journal_path(root))
    sync_folder(root)


def _can_finish(entry: Entry, now: str | None) -> bool:
    return now == entry.new or (now == entry.old and (entry.new is None or _holds(entry.staged, entry.new)))


def _can_undo(entry: Entry, now: str | None) -> bool:
    return now == entry.old or (now == entry.new and (entry.old is None or _holds(entry.backup, entry.old)))


def _holds(path: Path | None, wanted: str) -> bool:
    return path is not None and digest(current(path)) == wanted


def finish(entries: Sequence[Entry]) -> None:
    """Bring every file to its new bytes (the entries already there are left alone)."""
    for entry in entries:
        _bring(entry.path, entry.new, entry.staged)


def undo(entries: Sequence[Entry]) -> None:
    """Bring every file back to its old bytes, newest change first."""
    for entry in reversed(entries):
        _bring(entry.path, entry.old, entry.backup)


def _bring(path: Path, wanted: str | None, source: Path | None) -> None:
    """Give ``path`` the bytes of digest ``wanted`` by renaming ``source`` over it (None: delete it)."""
    if digest(current(path)) == wanted:
        return
    if source is None:
        filesteps.unlink(path)
    else:
        filesteps.rename(source, path)


def recover(root: Path) -> Recovery | None:
    """Finish or undo the edit whose journal is in ``root`` (hold the dataset's lock); None: no journal."""
    found = read(root)
    if found is None:
        return None
    purpose, entries = found
    now = {entry.path: digest(current(entry.path)) for entry in entries}
    if all(_can_finish(entry, now[entry.path]) for entry in entries):
        finish(entries)
        outcome = "finished"
    elif all(_can_undo(entry, now[entry.path]) for entry in entries):
        undo(entries)
        outcome = "undone"
    else:
        changed = [display_path(e.path) for e in entries if now[e.path] not in (e.old, e.new)]
        raise JournalStuck(
            f"an edit ({purpose or 'unknown'}) was interrupted, and {', '.join(changed) or 'its files'} changed "
            f"since, so it can be neither finished nor undone; check those files (the old and new bytes are "
            f"kept beside them as hidden .old and .tmp files), then delete {display_path(journal_path(root))}")
    discard(root, entries)
    return Recovery(outcome, purpose, tuple(entry.path for entry in entries))
