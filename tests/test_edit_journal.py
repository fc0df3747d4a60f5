"""All-or-nothing edits across a crash: a multi-file edit that dies at any step is finished or
undone by the next command, and validate says so while it cannot be.  The crash is forced at each
step in turn (the rename step raises where the process would die, and nothing of ours runs after
it), and once for real: a subprocess killed between the renames of ``join``."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vlavirgem.cli import app
from vlavirgem.core.layout import JOURNAL_FILE
from vlavirgem.core.validation import validate
from vlavirgem.editing import atomic, filesteps, journal
from vlavirgem.editing.atomic import write_files
from vlavirgem.editing.journal import JournalStuck, recover

from .conftest import REPO, TODAY

runner = CliRunner()
JOIN = ["join", "Beveren-Kruibeke-Zwijndrecht", "regio-antwerpen", "--from", "2026-01-01", "--source", "refreg"]
OLD = {"a.yaml": b"a: 1\n", "b.yaml": b"b: 1\n", "gone.yaml": b"g: 1\n"}
NEW = {"a.yaml": b"a: 2\n", "b.yaml": b"b: 2\n", "new.yaml": b"n: 1\n"}


class Crash(BaseException):
    """Where the process dies: nothing of ours runs after it (no undo, no clean-up)."""


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != JOURNAL_FILE
            and not p.name.startswith(".")}


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _crash_at(monkeypatch: pytest.MonkeyPatch, step: int, fail_at: int | None = None) -> None:
    """The ``step``-th rename of the process kills it; the ``fail_at``-th one fails with an OSError
    (which starts the undo).  After the crash nothing of ours runs (no undo, no clean-up), as in a
    dead process."""
    calls, crashed = [0], [False]
    real_rename = os.replace

    def rename(source: Path, target: Path) -> None:
        calls[0] += 1
        if calls[0] == step:
            crashed[0] = True
            raise Crash
        if calls[0] == fail_at:
            raise OSError(5, "Input/output error")
        real_rename(source, target)

    def dead_after_crash(real: Callable[..., None]) -> Callable[..., None]:
        def step_(*args: object) -> None:
            if crashed[0]:
                raise Crash
            real(*args)
        return step_

    monkeypatch.setattr(filesteps, "rename", rename)
    for module, name in [(journal, "undo"), (journal, "discard"), (journal, "remove_quietly"),
                         (atomic, "remove_quietly")]:
        monkeypatch.setattr(module, name, dead_after_crash(getattr(module, name)))


def _edit(folder: Path) -> None:
    write_files(folder, {folder / "a.yaml": NEW["a.yaml"], folder / "b.yaml": NEW["b.yaml"],
                         folder / "new.yaml": NEW["new.yaml"], folder / "gone.yaml": None})


@pytest.mark.parametrize("fail_at", [None, 2, 3, 4])
@pytest.mark.parametrize("step", range(1, 9))
def test_a_crash_at_any_step_is_finished_or_undone_by_the_next_recovery(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: int, fail_at: int | None) -> None:
    for name, content in OLD.items():
        (tmp_path / name).write_bytes(content)
    os.chmod(tmp_path / "a.yaml", 0o640)
    _crash_at(monkeypatch, step, fail_at)
    with contextlib.suppress(Crash, OSError):
        _edit(tmp_path)
    monkeypatch.undo()
    recover(tmp_path)
    after = _tree(tmp_path)
    assert after in (OLD, NEW), (step, fail_at, after)
    if step == 1:  # before the journal was committed: the old files, and at most hidden strays
        assert after == OLD
        assert all(name.endswith((".tmp", ".old")) for name in _hidden(tmp_path))
    else:
        assert _hidden(tmp_path) == []  # no journal, staged file or backup is left
    assert os.stat(tmp_path / "a.yaml").st_mode & 0o777 == 0o640  # the mode survives either way
    if fail_at is None and step > 1:  # the journal was committed (rename 1): the edit goes through
        assert after == NEW


def test_the_crash_sweep_reaches_both_directions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sweep above is only worth something if it meets a finish and an undo."""
    seen = set()
    for step, fail_at in [(3, None), (6, 4)]:
        folder = tmp_path / f"{step}-{fail_at}"
        folder.mkdir()
        for name, content in OLD.items():
            (folder / name).write_bytes(content)
        _crash_at(monkeypatch, step, fail_at)
        with pytest.raises((Crash, OSError)):
            _edit(folder)
        monkeypatch.undo()
        found = recover(folder)
        assert found is not None
        seen.add(found.outcome)
    assert seen == {"finished", "undone"}


def test_a_journal_whose_file_changed_by_hand_since_is_kept_and_named(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    for name, content in OLD.items():
        (tmp_path / name).write_bytes(content)
    _crash_at(monkeypatch, 3)
    with pytest.raises(Crash):
        _edit(tmp_path)
    monkeypatch.undo()
    (tmp_path / "b.yaml").write_bytes(b"b: by hand\n")
    (tmp_path / "a.yaml").write_bytes(b"a: by hand\n")
    with pytest.raises(JournalStuck, match=r"a\.yaml, \S*b\.yaml changed since"):
        recover(tmp_path)
    assert (tmp_path / JOURNAL_FILE).exists()
    assert (tmp_path / "b.yaml").read_bytes() == b"b: by hand\n"


SCRIPT = """\
import os, sys
from vlavirgem.editing import filesteps
calls = []
real = filesteps.rename
def rename(source, target):
    calls.append(target)
    if len(calls) == 3:  # the journal, the first region file: then the process dies
        os._exit(3)
    real(source, target)
filesteps.rename = rename
from vlavirgem.cli import run
sys.argv = ['vlavirgem', *sys.argv[1:]]
run()
"""


def test_a_join_killed_between_its_two_renames_is_finished_by_the_next_command(base_data: Path) -> None:
    regions = base_data / "regions"
    before = {p.name: p.read_bytes() for p in regions.iterdir()}
    done = subprocess.run([sys.executable, "-c", SCRIPT, *JOIN, "--data", str(base_data)], capture_output=True,
                          cwd=REPO, env={**os.environ, "VLAVIRGEM_TODAY": TODAY.isoformat()}, timeout=120)
    assert done.returncode == 3, done.stderr
    half = {p.name: p.read_bytes() for p in regions.iterdir() if not p.name.startswith(".")}
    assert sum(half[name] != before[name] for name in before) == 1  # one region file changed, one not
    # until it is settled (the library's validate settles nothing), the journal is reported
    _, report = validate(base_data, TODAY)
    assert "interrupted-edit" in [p.code for p in report.problems]
    result = runner.invoke(app, ["validate", "--data", str(base_data)])
    assert result.exit_code == 0, result.output
    assert "Note: an edit (vlavirgem join Beveren-Kruibeke-Zwijndrecht" in result.stderr
    assert "it is now finished: " in result.stderr
    after = {p.name: p.read_bytes() for p in regions.iterdir()}
    assert all(after[name] != before[name] for name in before)  # both files have the edit
    assert "gemeente-46030  # Beveren-Kruibeke-Zwijndrecht\n    from: 2026-01-01" in after["regio-antwerpen.yaml"].decode()
    assert "until: 2025-12-31" in after["waasland.yaml"].decode()
    assert not (base_data / JOURNAL_FILE).exists() and _hidden(regions) == []


def test_a_journal_that_cannot_be_settled_is_an_error_of_validate_and_stops_edits(base_data: Path) -> None:
    (base_data / JOURNAL_FILE).write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["validate", "--data", str(base_data)])
    assert result.exit_code == 1
    assert "Warning: an interrupted edit could not be settled:" in result.stderr
    assert f"{JOURNAL_FILE}:1:1: error [interrupted-edit]" in result.stdout
    before = {p: p.read_bytes() for p in base_data.rglob("*.yaml")}
    result = runner.invoke(app, [*JOIN, "--data", str(base_data)])
    assert result.exit_code == 1
    assert "cannot be read" in result.stderr and "Traceback" not in result.output
    assert {p: p.read_bytes() for p in base_data.rglob("*.yaml")} == before
