"""Writing files: an error of the operating system at any step of any writing command becomes a
message with the path and exit 1, with nothing half-written; a read-only file is refused, a file of
another owner keeps its owner and mode; fmt on a file changed or removed while it runs says so."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vlavirgem.cli import app
from vlavirgem.editing import filesteps, lock
from vlavirgem.editing import reformat as reformat_module

runner = CliRunner()

# every command that writes the dataset (or, codeowners, a file beside it), with arguments that change something
WRITERS = {
    "join": ["join", "Beveren-Kruibeke-Zwijndrecht", "regio-antwerpen", "--from", "2026-01-01", "--source", "refreg"],
    "leave": ["leave", "Antwerpen", "--on", "2026-06-30", "--source", "refreg"],
    "adopt": ["adopt", "Proefdorp (synthetic)", "magda", "--status", "planned", "--from", "2026-02-01", "--source", "refreg"],
    "use": ["use", "Proefdorp (synthetic)", "acme-notulen", "--status", "retired", "--from", "2026-02-01", "--source", "refreg"],
    "security": ["security", "set", "Proefdorp (synthetic)", "--status", "expired", "--from", "2026-02-01", "--source", "refreg"],
    "cycle": ["cycle", "waasland", "magda", "--phase", "innovation", "--step", "plan", "--from", "2026-02-01", "--source", "refreg"],
    "fmt": ["fmt"],
    "codeowners": ["codeowners", "--fallback", "@org/team"],
}


def _prepare(name: str, base_data: Path, tmp_path: Path) -> list[str]:
    args = list(WRITERS[name])
    if name == "fmt":  # something to format
        block = base_data / "blocks" / "magda.yaml"
        block.write_text(block.read_text(encoding="utf-8").replace("\n", "\n\n", 1), encoding="utf-8")
    if name == "codeowners":
        args += ["--out", str(tmp_path / "out" / "CODEOWNERS")]
    return [*args, "--data", str(base_data)]


def _snapshot(*folders: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for folder in folders if folder.exists() for p in folder.rglob("*")
            if p.is_file() and p.name != ".vlavirgem.lock"}


def _fail(monkeypatch: pytest.MonkeyPatch, module: object, name: str, error: OSError) -> None:
    def failing(*args: object, **kwargs: object) -> None:
        raise error
    monkeypatch.setattr(module, name, failing)


STEPS = {
    # the lock file cannot be made (a read-only folder)
    "lock": lambda m, e: _fail(m, lock, "_open_lock_file", e),
    # no temporary file can be made beside the file (a read-only folder, a full disk)
    "stage": lambda m, e: _fail(m, tempfile, "mkstemp", e),
    # the rename fails
    "rename": lambda m, e: _fail(m, filesteps, "rename", e),
}


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("name", WRITERS)
@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS, errno.ENOSPC])
def test_an_os_error_at_any_step_of_any_writing_command_is_a_message_and_writes_nothing(
        base_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, step: str, code: int) -> None:
    args = _prepare(name, base_data, tmp_path)
    before = _snapshot(base_data, tmp_path / "out")
    where = str(base_data / "x.yaml")
    STEPS[step](monkeypatch, OSError(code, os.strerror(code), where))
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert f"Error: could not write: {os.path.relpath(where)}: {os.strerror(code)}; no file was changed." \
        in result.stderr, result.stderr
    monkeypatch.undo()
    assert _snapshot(base_data, tmp_path / "out") == before


def test_a_read_only_file_is_refused_not_replaced(base_data: Path) -> None:
    region = base_data / "regions" / "regio-antwerpen.yaml"
    region.chmod(0o444)
    before = _snapshot(base_data)
    result = runner.invoke(app, [*WRITERS["join"], "--data", str(base_data)])
    assert result.exit_code == 1
    assert f"{os.path.relpath(region)} is read-only; make it writable to edit it; no file was changed." \
        in result.stderr
    assert _snapshot(base_data) == before and stat.S_IMODE(region.stat().st_mode) == 0o444


def test_a_link_in_place_of_a_data_file_is_not_replaced(base_data: Path) -> None:
    region = base_data / "regions" / "regio-antwerpen.yaml"
    # a link inside the data folder is read (one that leads out of it is not data at all)
    (base_data / ".kept").mkdir()
    elsewhere = base_data / ".kept" / "elsewhere.yaml"
    elsewhere.write_bytes(region.read_bytes())
    region.unlink()
    region.symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    result = runner.invoke(app, [*WRITERS["join"], "--data", str(base_data)])
    assert result.exit_code == 1
    assert "is not a regular file" in result.stderr and "Traceback" not in result.output
    assert region.is_symlink() and elsewhere.read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root")
def test_an_edited_file_keeps_its_owner_and_mode(base_data: Path) -> None:
    region = base_data / "regions" / "regio-antwerpen.yaml"
    os.chown(region, 4321, 4322)
    region.chmod(0o664)
    result = runner.invoke(app, [*WRITERS["join"], "--data", str(base_data)])
    assert result.exit_code == 0, result.output
    status = region.stat()
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (4321, 4322, 0o664)
    assert "gemeente-46030" in region.read_text(encoding="utf-8")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root")
def test_an_owner_that_cannot_be_kept_is_refused(base_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    region = base_data / "regions" / "regio-antwerpen.yaml"
    os.chown(region, 4321, 4322)
    before = _snapshot(base_data)
    _fail(monkeypatch, os, "chown", PermissionError(errno.EPERM, "Operation not permitted"))  # as for a user
    result = runner.invoke(app, [*WRITERS["join"], "--data", str(base_data)])
    monkeypatch.undo()
    assert result.exit_code == 1
    assert "belongs to user 4321, group 4322, and a new file could not keep that owner" in result.stderr
    assert _snapshot(base_data) == before and region.stat().st_uid == 4321


@pytest.mark.parametrize("meanwhile", ["changed", "removed"])
def test_fmt_on_a_file_changed_while_it_runs_writes_nothing_and_says_so(
        base_data: Path, monkeypatch: pytest.MonkeyPatch, meanwhile: str) -> None:
    block = base_data / "blocks" / "magda.yaml"
    block.write_text(block.read_text(encoding="utf-8").replace("\n", "\n\n", 1), encoding="utf-8")
    real = reformat_module.format_text

    def while_formatting(text: str, kind: str, names: dict[str, str]) -> str:
        if meanwhile == "changed":
            block.write_text(text + "# added by hand meanwhile\n", encoding="utf-8")
        else:
            block.unlink(missing_ok=True)
        return real(text, kind, names)

    monkeypatch.setattr(reformat_module, "format_text", while_formatting)
    result = runner.invoke(app, ["fmt", "--data", str(base_data)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"{os.path.relpath(block)} changed since it was read; run the command again; no file was changed." \
        in result.stderr
    if meanwhile == "changed":
        assert block.read_text(encoding="utf-8").endswith("# added by hand meanwhile\n")
    else:
        assert not block.exists()


@pytest.mark.parametrize("args", [
    ["site", "build", "--out", "/dev/null/site"],
    *[["export", "--to", kind, "--out", f"/dev/null/export.{kind}"] for kind in ("csv", "json", "xlsx", "sqlite")],
])
def test_commands_that_write_outside_the_dataset_report_os_errors(base_data: Path, args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--data", str(base_data)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Error: could not write the " in result.stderr and "dev/null" in result.stderr
