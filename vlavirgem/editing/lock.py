"""One writer at a time: an advisory lock on the dataset.

Every command that writes takes an exclusive lock on ``DATA/.vlavirgem.lock`` before it reads the
files it will change and holds it until it has written them, so a second edit waits for the first
and then reads what the first wrote: no edit computed from stale files can be written over
another's.  The wait is bounded; past it the command gives up with who holds the lock.  The lock is
``flock`` on Unix and ``msvcrt.locking`` on Windows: the operating system releases it when the
holder dies, so a crashed edit never leaves the dataset locked.  The file itself stays (removing a
lock file races with the next taker); it holds the holder's pid and command, for the message.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from vlavirgem.core.layout import LOCK_FILE
from vlavirgem.core.loader import display_path

# how often a waiting command tries the lock again
POLL_SECONDS = 0.05


class DatasetLocked(Exception):
    """Another command holds the dataset's lock and did not let go within the wait."""


def _try_lock(handle: int) -> bool:
    """Take the lock on the open file without waiting; False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(path: Path) -> str:
    """What the lock file says about its holder ("pid 123: vlavirgem join ..."), or nothing."""
    try:
        with path.open("rb") as stream:
            text = stream.read(500).decode("utf-8", "replace").strip()
    except OSError:
        return ""
    return f" ({text})" if text else ""


@contextmanager
def dataset_lock(root: Path, wait: float, on_wait: Callable[[str], None] | None = None,
                 purpose: str = "") -> Iterator[None]:
    """Hold the exclusive lock on the dataset ``root`` while the block runs.

    Waits at most ``wait`` seconds for another holder (calling ``on_wait`` once with a sentence
    saying who, so a person knows why nothing happens), then raises DatasetLocked.  ``purpose``
    (the command) is written into the lock file for the messages of others.  Opening the lock
    file can raise OSError (a read-only folder): the caller reports it as a failed write."""
    path = root / LOCK_FILE
    handle = _open_lock_file(path)
    try:
        deadline = time.monotonic() + wait
        told = False
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                raise DatasetLocked(f"another command is editing {display_path(root)}{_holder(path)}; "
                                    f"waited {wait:g} s; nothing was written: try again when it is done")
            if on_wait is not None and not told:
                on_wait(f"Waiting for another command editing {display_path(root)}{_holder(path)} ...")
                told = True
            time.sleep(POLL_SECONDS)
        _note_holder(handle, purpose)
        yield
    finally:
        os.close(handle)  # closing the file releases the lock


def _open_lock_file(path: Path) -> int:
    """Open (or make) the lock file: the first write of every edit, so the first to fail in a
    read-only folder."""
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o666)


def _note_holder(handle: int, purpose: str) -> None:
    """Write this process's pid and command into the lock file (a courtesy: errors are ignored)."""
    try:
        os.ftruncate(handle, 0)
        os.lseek(handle, 0, os.SEEK_SET)
        os.write(handle, f"pid {os.getpid()}{': ' + purpose if purpose else ''}\n".encode())
    except OSError:
        pass
