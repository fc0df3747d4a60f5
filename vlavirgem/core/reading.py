"""Read the bytes of one data file, and nothing that is not one.

Only a regular file inside the data folder is data.  A named pipe would block the reader forever,
a device such as /dev/zero never ends, and a symbolic link may lead anywhere, so nothing here
trusts a name or a size: the file's kind is asked with ``lstat`` before it is opened, opening never
blocks (``O_NONBLOCK``) and never follows a link it was not meant to (``O_NOFOLLOW``), the kind is
asked again of what was opened (``fstat``, so a swap in between is caught), and at most
MAX_FILE_BYTES + 1 bytes are read whatever ``st_size`` says.  A symbolic link is followed only when
the file it resolves to lies inside the data folder.

What cannot be read is a ``Refusal``: the stable problem code and a message, for the loader to
report at line 1, column 1 of the file.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_FILE_BYTES = 32 * 1024 * 1024
# what the loader reads at once; a regular file gives all it has in a few of these
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Refusal:
    """Why a file's bytes were not read: a problem code of docs/problems.md and a message."""

    code: str
    message: str


def too_large(size: int) -> Refusal:
    return Refusal("file-too-large",
                   f"the file is {size / 1e6:.0f} MB or more; data files may be at most "
                   f"{MAX_FILE_BYTES // (1024 * 1024)} MB: split it or remove what does not belong")


def read_data_file(path: Path | str, root: Path | str | None = None, limit: int = MAX_FILE_BYTES) -> bytes | Refusal:
    """The bytes of the regular file at ``path`` (a symbolic link only if it leads to a regular file
    inside ``root``, the data folder; with no ``root``, inside the link's own folder); a file of
    more than ``limit`` bytes is refused as too large."""
    name = os.fspath(path)
    try:
        status = os.lstat(name)
    except OSError as error:
        return _unreadable(error)
    if stat.S_ISLNK(status.st_mode):
        target = _link_target(name, root)
        if isinstance(target, Refusal):
            return target
        name = target
        try:
            status = os.lstat(name)
        except OSError as error:
            return _unreadable(error)
    if not stat.S_ISREG(status.st_mode):
        return special(status.st_mode)
    try:
        handle = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
                         | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        return _unreadable(error)
    try:
        opened = os.fstat(handle)
        if not stat.S_ISREG(opened.st_mode):  # swapped for something else since the lstat
            return special(opened.st_mode)
        if opened.st_size > limit:  # a size too large is believed (a small one is not)
            return too_large(opened.st_size)
        return _read_bounded(handle, opened.st_size, limit)
    except OSError as error:
        return _unreadable(error)
    finally:
        os.close(handle)


def _read_bounded(handle: int, size: int, limit: int) -> bytes | Refusal:
    """Up to ``limit`` bytes; one byte more makes the file too large (its size is not trusted)."""
    parts: list[bytes] = []
    total = 0
    while total <= limit:
        part = os.read(handle, min(_CHUNK, limit + 1 - total))
        if not part:
            return b"".join(parts)
        parts.append(part)
        total += len(part)
    return too_large(max(total, size))


def _link_target(name: str, root: Path | str | None) -> str | Refusal:
    """Where the symbolic link at ``name`` leads, if that is inside the data folder."""
    try:
        target = os.path.realpath(name, strict=True)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return Refusal("broken-symlink", "this symbolic link leads round in a loop and to no file; "
                                             "remove it or point it at a file of the data folder")
        return Refusal("broken-symlink", "this symbolic link leads to nothing that exists "
                                         f"({error.strerror}); remove it or fix its target")
    inside = os.path.realpath(os.fspath(root) if root is not None else os.path.dirname(os.path.abspath(name)))
    if os.path.commonpath([inside, target]) != inside:
        return Refusal("symlink-outside", "this symbolic link leads out of the data folder, so it is not "
                                          "followed and its target is not read; copy the file in instead")
    return target


def special(mode: int) -> Refusal:
    """The refusal of something that is not a regular file (by its ``st_mode``)."""
    kinds = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISDIR, "a folder"), (stat.S_ISLNK, "a symbolic link"))
    what = next((noun for test, noun in kinds if test(mode)), "not a regular file")
    return Refusal("special-file", f"this is {what}, not a regular file, so it is not read: only regular "
                                   "files are data; remove it or replace it with a file")


def _unreadable(error: OSError) -> Refusal:
    return Refusal("unreadable", f"cannot read the file: {error.strerror or error}; check its permissions")
