"""The single file-system steps of a write: stage new bytes, keep the old file, rename, sync.

Each step is a function of its own so that a test can make exactly one of them fail or kill the
process there (``rename`` above all: the crash tests patch it in a subprocess).  A file that is
replaced keeps its permissions and owner, or is not replaced at all (``WriteRefused``): a file
someone made read-only, or that is not a regular file, is never silently swapped for a new one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import tempfile
from pathlib import Path

from vlavirgem.core.loader import display_path


class WriteRefused(Exception):
    """The file must not be replaced (read-only, not a regular file, an owner that cannot be kept)."""


def rename(source: Path, target: Path) -> None:
    """The one step that makes a new file visible, or an old one again."""
    os.replace(source, target)


def unlink(path: Path) -> None:
    """Delete a file that the edit removes (gone already is fine)."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def check_replaceable(path: Path) -> os.stat_result | None:
    """The file's status when it may be replaced (None: it does not exist); WriteRefused otherwise."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return None
    shown = display_path(path)
    if not stat.S_ISREG(status.st_mode):
        raise WriteRefused(f"{shown} is not a regular file (a link, folder or device); it was not replaced")
    if not status.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise WriteRefused(f"{shown} is read-only; make it writable to edit it")
    return status


def stage(path: Path, content: bytes, status: os.stat_result | None, suffix: str = ".tmp") -> Path:
    """Write ``content`` to a fsynced hidden file beside ``path`` with the mode and owner of
    ``status`` (the file it will replace; None: a new file under the umask); returns its path."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    staged = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        _take_over(staged, status, path)
    except BaseException:
        remove_quietly(staged)
        raise
    return staged


def _take_over(staged: Path, status: os.stat_result | None, target: Path) -> None:
    """Give the staged file the mode and owner of the file it replaces."""
    if status is None:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staged, 0o666 & ~umask)
        return
    os.chmod(staged, stat.S_IMODE(status.st_mode))
    mine = os.stat(staged)
    if (mine.st_uid, mine.st_gid) != (status.st_uid, status.st_gid) and hasattr(os, "chown"):
        try:
            os.chown(staged, status.st_uid, status.st_gid)
        except PermissionError:
            raise WriteRefused(f"{display_path(target)} belongs to user {status.st_uid}, group {status.st_gid}, "
                               "and a new file could not keep that owner; it was not replaced") from None


def keep_old(path: Path, content: bytes, status: os.stat_result) -> Path:
    """A hidden second name for the file as it is (a hard link: no copy, same owner and mode; a
    fsynced copy where the file system has no links), so that an edit can be undone after a crash."""
    for _ in range(10):
        backup = path.with_name(f".{path.name}.{secrets.token_hex(4)}.old")
        try:
            os.link(path, backup)
        except FileExistsError:
            continue
        except OSError:
            return stage(path, content, status, suffix=".old")
        return backup
    return stage(path, content, status, suffix=".old")


def remove_quietly(path: Path) -> None:
    """Remove a file of our own (a staged file, a backup); a failure leaves a harmless hidden file."""
    with contextlib.suppress(OSError):
        path.unlink()


def sync_folder(folder: Path) -> None:
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


def current(path: Path) -> bytes | None:
    """The file's bytes now (None: it does not exist)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
