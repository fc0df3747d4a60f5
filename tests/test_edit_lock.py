"""One edit at a time: a second edit waits for the first, then reads what it wrote, so nothing is
lost; past the wait it gives up with a clear message and writes nothing.  The interleaving is
forced: the first edit stops after its check, just before its first rename, until the second is
seen waiting for the lock."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vlavirgem.cli import app
from vlavirgem.core.validation import validate
from vlavirgem.editing.lock import dataset_lock

from .conftest import REPO, TODAY

runner = CliRunner()

PAUSED = """\
import os, sys, time
from pathlib import Path
from vlavirgem.editing import filesteps
ready, go = Path(sys.argv[1]), Path(sys.argv[2])
real = filesteps.rename
def rename(source, target):
    if not ready.exists():  # the edit is checked and staged: hold it here until told to go on
        ready.write_text("paused")
        deadline = time.monotonic() + 60
        while not go.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
    real(source, target)
filesteps.rename = rename
from vlavirgem.cli import run
sys.argv = ['vlavirgem', *sys.argv[3:]]
run()
"""


PLAIN = "import sys\nfrom vlavirgem.cli import run\nsys.argv = ['vlavirgem', *sys.argv[1:]]\nrun()\n"


def _wait_for(predicate: object, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_second_edit_waits_for_the_first_and_loses_nothing(base_data: Path, tmp_path: Path) -> None:
    env = {**os.environ, "VLAVIRGEM_TODAY": TODAY.isoformat(), "VLAVIRGEM_LOCK_WAIT": "60"}
    ready, go = tmp_path / "ready", tmp_path / "go"
    with subprocess.Popen(
            [sys.executable, "-c", PAUSED, str(ready), str(go), "join", "Beveren-Kruibeke-Zwijndrecht",
             "regio-antwerpen", "--from", "2026-01-01", "--source", "refreg",
             "--data", str(base_data)],
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as first:
        _wait_for(ready.exists)  # the first has read, checked and staged regio-antwerpen.yaml
        with subprocess.Popen(
                [sys.executable, "-c", PLAIN, "join", "Proefdorp (synthetic)", "regio-antwerpen",
                 "--from", "2026-02-01", "--source", "refreg", "--data", str(base_data)],
                cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as second:
            assert second.stderr is not None
            line = second.stderr.readline()  # the second says it waits (it cannot have read anything yet)
            go.write_text("go")
            _, first_errors = first.communicate(timeout=60)
            _, second_errors = second.communicate(timeout=60)
    assert line.startswith("Waiting for another command editing"), line + second_errors
    assert "vlavirgem join Beveren-Kruibeke-Zwijndrecht" in line  # who holds the lock
    assert first.returncode == 0, first_errors
    assert second.returncode == 0, second_errors
    region = (base_data / "regions" / "regio-antwerpen.yaml").read_text(encoding="utf-8")
    assert "gemeente-46030  # Beveren-Kruibeke-Zwijndrecht\n    from: 2026-01-01" in region
    assert "gemeente-99001  # Proefdorp (synthetic)\n    from: 2026-02-01" in region
    assert "until: 2025-12-31" in (base_data / "regions" / "waasland.yaml").read_text(encoding="utf-8")
    assert validate(base_data, TODAY)[1].errors == 0


def test_an_edit_gives_up_after_the_wait_with_who_holds_the_lock(base_data: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VLAVIRGEM_LOCK_WAIT", "0.3")
    before = {p: p.read_bytes() for p in base_data.rglob("*.yaml")}
    with dataset_lock(base_data, 0, purpose="vlavirgem merge apply (a test)"):
        started = time.monotonic()
        result = runner.invoke(app, ["join", "Proefdorp (synthetic)", "waasland", "--from", "2026-01-01",
                                     "--source", "refreg", "--data", str(base_data)])
        waited = time.monotonic() - started
    assert result.exit_code == 1
    assert "Waiting for another command editing" in result.stderr
    assert "another command is editing" in result.stderr and "vlavirgem merge apply (a test)" in result.stderr
    assert "waited 0.3 s; nothing was written" in result.stderr
    assert 0.3 <= waited < 10
    assert {p: p.read_bytes() for p in base_data.rglob("*.yaml")} == before


@pytest.mark.parametrize("args", [
    ["fmt"],
    ["codeowners", "--fallback", "@org/team"],
    ["adopt", "Proefdorp (synthetic)", "magda", "--status", "planned", "--from", "2026-02-01", "--source", "refreg"],
    ["use", "Proefdorp (synthetic)", "acme-notulen", "--status", "retired", "--from", "2026-02-01", "--source", "refreg"],
    ["security", "set", "Proefdorp (synthetic)", "--status", "expired", "--from", "2026-02-01", "--source", "refreg"],
    ["cycle", "waasland", "magda", "--phase", "innovation", "--step", "plan", "--from", "2026-02-01", "--source", "refreg"],
    ["leave", "Antwerpen", "--on", "2026-06-30", "--source", "refreg"],
])
def test_every_writing_command_takes_the_lock(base_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              args: list[str]) -> None:
    if args[0] == "fmt":  # something to format
        block = base_data / "blocks" / "magda.yaml"
        block.write_text(block.read_text(encoding="utf-8").replace("\n", "\n\n", 1), encoding="utf-8")
    if args[0] == "codeowners":
        args = [*args, "--out", str(tmp_path / "CODEOWNERS")]
    monkeypatch.setenv("VLAVIRGEM_LOCK_WAIT", "0")
    before = {p: p.read_bytes() for p in base_data.rglob("*.yaml")}
    with dataset_lock(base_data, 0):
        result = runner.invoke(app, [*args, "--data", str(base_data)])
    assert result.exit_code == 1, result.output
    assert "another command is editing" in result.stderr
    assert {p: p.read_bytes() for p in base_data.rglob("*.yaml")} == before
    assert not (tmp_path / "CODEOWNERS").exists()
    result = runner.invoke(app, [*args, "--data", str(base_data)])  # and once it is free, it writes
    assert result.exit_code == 0, result.output


def test_a_dry_run_needs_no_lock(base_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VLAVIRGEM_LOCK_WAIT", "0")
    with dataset_lock(base_data, 0):
        result = runner.invoke(app, ["leave", "Antwerpen", "--on", "2026-06-30", "--source", "refreg", "--dry-run",
                                     "--data", str(base_data)])
    assert result.exit_code == 0, result.output
    assert "Dry run: nothing was written." in result.stderr


def test_a_wait_that_is_not_a_number_of_seconds_is_wrong_usage(base_data: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VLAVIRGEM_LOCK_WAIT", "soon")
    result = runner.invoke(app, ["leave", "Antwerpen", "--on", "2026-06-30", "--source", "refreg", "--data", str(base_data)])
    assert result.exit_code == 2
    assert "VLAVIRGEM_LOCK_WAIT='soon' is not a number of seconds" in result.stderr
