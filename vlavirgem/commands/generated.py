"""Files generated from the data (CODEOWNERS, the ids schema): write them, or say whether they are fresh."""

from __future__ import annotations

from pathlib import Path

import typer


def keep_generated(root: Path, target: Path, text: str, check: bool, counts: str, command: str) -> None:
    """Write ``text`` to ``target`` unless it is there already; with ``check``, write nothing and
    exit 1 with the diff when it is not.  ``counts`` says what the file holds, ``command`` what makes it.
    The write takes the lock of the dataset in ``root`` and goes through its journal, as every edit does;
    an error of the file system is a message with the path (exit 1)."""
    from vlavirgem.commands.editing import editing_lock, purpose, refusing
    from vlavirgem.core.loader import display_path
    from vlavirgem.editing.atomic import write_files
    from vlavirgem.editing.changeset import Change, unified_diff
    from vlavirgem.editing.filesteps import current

    content = text.encode("utf-8")
    with refusing():
        before = current(target)
    shown = display_path(target)
    if before == content:
        typer.echo(f"{shown} is up to date ({counts}).", err=True)
        return
    if check:
        typer.echo(unified_diff([Change(target, before, content)]), nl=False)
        typer.echo(f"{shown} is not up to date: run `{command}` and commit it.", err=True)
        raise typer.Exit(1)
    with refusing(), editing_lock(root):
        write_files(root, {target: content}, {target: before}, purpose())
    typer.echo(f"Wrote {shown} ({counts}).", err=True)
