"""Write a built site to its folder without ever losing what was there.

``check_out`` refuses a wrong ``--out`` before any work: a file, or a folder that holds anything
other than a site this command wrote (``MARKER``).  The files are then written, part by part while
the rest is still being built, into a new folder beside ``--out`` (``Staging``), which takes the
place of the old site only once everything is written; a build that fails leaves the old site as
it was and removes the new folder.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from vlavirgem.core.problems import UsageError

MARKER = ".vlavirgem-site"  # in every folder this command wrote; only such a folder is replaced


def check_out(out: Path) -> None:
    """Refuse an ``--out`` that a build must not replace."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UsageError(f"--out {out} is not empty and holds no site built by vlavirgem; "
                         "choose an empty or new folder")


class Staging:
    """A new folder beside ``out`` that the site is written into, then put in ``out``'s place."""

    def __init__(self, out: Path) -> None:
        self.out = out
        out.parent.mkdir(parents=True, exist_ok=True)
        self.folder = out.parent / f".{out.name}.vlavirgem-{uuid.uuid4().hex[:12]}"
        self.folder.mkdir()

    def write(self, files: dict[str, bytes]) -> None:
        for name, content in files.items():
            path = self.folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def finish(self) -> None:
        """Put the new site in ``out``'s place: the folder is renamed when it can be (the old site is
        removed after); into a symbolic link, or where renaming fails, the old site is emptied and
        the new files are moved into it."""
        check_out(self.out)  # (it may have changed while the site was built)
        if not self.out.is_symlink():
            old = self.folder.with_name(self.folder.name + "-old")
            try:
                if self.out.exists():
                    os.rename(self.out, old)
                os.rename(self.folder, self.out)
            except OSError:
                if old.exists() and not self.out.exists():
                    os.rename(old, self.out)
            else:
                shutil.rmtree(old, ignore_errors=True)
                return
        self.out.mkdir(exist_ok=True)
        for child in self.out.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        for child in self.folder.iterdir():
            shutil.move(str(child), str(self.out / child.name))
        self.folder.rmdir()
