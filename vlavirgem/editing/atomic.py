"""Write several files as one change: every file or none.

Each new content goes first to a temporary file in the same folder (a hidden name that the
dataset does not read), is flushed and fsynced, and only then renamed over the file: a reader sees
the old file or the new one, never half of one.  When a rename fails, the files already renamed
get their old bytes back, so a failed command leaves every file as it was.  A crash between the
writing and the renaming leaves the old files intact and at most a stray ``.NAME.*.tmp``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


class StaleFile(Exception):
    """A file changed on disk after it was read for an edit."""


def _rename(source: Path, target: Path) -> None:
    """The one step that makes a new file visible (tests make it fail or crash here)."""
    os.replace(source, target)


def _stage(path: Path, content: bytes) -> Path:
    """Write ``content`` to a fsynced temporary file beside ``path``; returns its path."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(OSError):
            os.chmod(name, _mode(path))
    except BaseException:
        _remove(Path(name))
        raise
    return Path(name)


def _mode(path: Path) -> int:
    """The permissions the file has, or those a new file gets under the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the renames in a folder durable (where the platform allows opening a folder)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def write_files(changes: Mapping[Path, bytes | None], expected: Mapping[Path, bytes | None] | None = None) -> None:
    """Give every path its new bytes (None: delete it), all or nothing.

    ``expected`` holds the bytes each file had when the edit was computed; a file that differs
    now raises StaleFile before anything is written (someone changed it meanwhile)."""
    before = {path: _current(path) for path in changes}
    for path, old in (expected or {}).items():
        if path in before and before[path] != old:
            raise StaleFile(f"{path} changed since it was read; run the command again")
    staged: dict[Path, Path] = {}
    try:
        for path, content in changes.items():
            if content is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                staged[path] = _stage(path, content)
        done: list[Path] = []
        try:
            for path, content in changes.items():
                if content is None:
                    if before[path] is not None:
                        path.unlink()
                else:
                    _rename(staged[path], path)
                    del staged[path]
                done.append(path)
        except BaseException:
            _restore(done, before)
            raise
    finally:
        for temporary in staged.values():
            _remove(temporary)
    for folder in {path.parent for path in changes}:
        _sync_folder(folder)


def _restore(done: list[Path], before: Mapping[Path, bytes | None]) -> None:
    """Put back the old bytes of the files already changed (best effort, newest first)."""
    for path in reversed(done):
        old = before[path]
        try:
            if old is None:
                _remove(path)
            else:
                _rename(_stage(path, old), path)
        except OSError:
            continue
