"""The command line on the small base dataset: exit codes, formats, options and errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vlavirgem.cli import app

from .conftest import SHIPPED_DATA

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_validate_clean_data_exits_0(base_data: Path) -> None:
    code, out, _ = run("validate", "--data", str(base_data))
    assert code == 0
    assert "no problems" in out


def test_validate_reports_problems_and_exits_1(base_data: Path) -> None:
    region = base_data / "regions" / "waasland.yaml"
    region.write_text(region.read_text().replace("from: 2025-01-01", "from: 2024-12-01"))
    code, out, _ = run("validate", "--data", str(base_data))
    assert code == 1
    lines = [line for line in out.splitlines() if "[outside-validity]" in line]
    assert len(lines) == 1
    assert lines[0].startswith(f"{region}:") or "waasland.yaml:" in lines[0]
    assert "exists only from 2025-01-01" in lines[0]


def test_validate_json_document(base_data: Path) -> None:
    (base_data / "blocks" / "magda.yaml").write_text("id: magda\nname: MAGDA\n")
    code, out, _ = run("validate", "--data", str(base_data), "--format", "json")
    assert code == 1
    document = json.loads(out)
    assert document["ok"] is False
    codes = sorted(p["code"] for p in document["problems"])
    assert codes == ["missing-key", "missing-key", "missing-key"]
    first = document["problems"][0]
    assert set(first) == {"file", "line", "column", "code", "severity", "message", "pointer"}
    assert (first["line"], first["column"], first["pointer"]) == (1, 1, "")


def test_validate_github_annotations_escape(base_data: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    (base_data / "blocks" / "magda.yaml").write_text(
        (base_data / "blocks" / "magda.yaml").read_text().replace("name: MAGDA", "name: MAGDA\nnaam: 100%")
    )
    code, out, _ = run("validate", "--data", str(base_data), "--format", "github")
    assert code == 1
    annotation = next(line for line in out.splitlines() if line.startswith("::error "))
    assert ",line=3,col=1,title=unknown-key::" in annotation
    assert "[unknown-key]" in out  # the plain report follows the annotations
    assert "unknown-key" in summary.read_text()


def test_warnings_fail_only_with_strict(base_data: Path) -> None:
    (base_data / "stray.yaml").write_text("a: 1\n")
    assert run("validate", "--data", str(base_data))[0] == 0
    assert run("validate", "--data", str(base_data), "--strict")[0] == 1


def test_validate_only_reports_the_paths_given(base_data: Path) -> None:
    (base_data / "blocks" / "magda.yaml").write_text("id: magda\n")
    code, out, _ = run("validate", "--data", str(base_data), str(base_data / "regions"))
    assert code == 0, out
    code, out, _ = run("validate", "--data", str(base_data), str(base_data / "blocks"))
    assert code == 1


@pytest.mark.parametrize("args", [
    ("validate", "--format", "xml"),
    ("validate", "/nonexistent/file.yaml"),
    ("unaffiliated", "--on", "2025-13-01"),
    ("unaffiliated", "--province", "Brabant-Wallon"),
    ("unaffiliated", "--kind", "provincie"),
])
def test_wrong_usage_exits_2(base_data: Path, args: tuple[str, ...]) -> None:
    code, _, err = run(*args[:1], "--data", str(base_data), *args[1:])
    assert code == 2
    assert "Traceback" not in err


def test_missing_data_folder_exits_2(tmp_path: Path) -> None:
    code, _, err = run("unaffiliated", "--data", str(tmp_path / "nope"))
    assert code == 2
    assert "does not exist" in err


def test_unaffiliated_table_csv_json(base_data: Path) -> None:
    code, out, _ = run("unaffiliated", "--data", str(base_data), "--on", "2024-01-01")
    assert code == 0
    assert "Borsbeek" in out and "2 of 6 governments valid on 2024-01-01 belong to no region." in out
    code, out, err = run("unaffiliated", "--data", str(base_data), "--on", "2024-01-01", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == ["ocmw-11007", "gemeente-99001"]
    assert "belong to no region" in err
    code, out, _ = run("unaffiliated", "--data", str(base_data), "--on", "2024-01-01", "--format", "json",
                       "--province", "ANTWERPEN", "--kind", "ocmw")
    rows = json.loads(out)
    assert rows == [{"id": "ocmw-11007", "kind": "ocmw", "name": "Borsbeek", "nis": "11007",
                     "province": "Antwerpen", "arrondissement": "Antwerpen", "kbo": None}]


def test_unaffiliated_notes_a_date_before_any_membership(base_data: Path) -> None:
    code, out, _ = run("unaffiliated", "--data", str(base_data), "--on", "2020-01-01", "--province", "antwerpen")
    assert code == 0
    assert "lies before the first recorded membership (2021-03-12)" in out


def test_data_from_environment_and_global_option(base_data: Path, monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VLAVIRGEM_DATA", str(base_data))
    assert run("validate")[0] == 0
    monkeypatch.delenv("VLAVIRGEM_DATA")
    assert run("--data", str(base_data), "validate")[0] == 0


def test_data_found_from_repository(base_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nested = base_data / "regions"
    monkeypatch.chdir(nested)
    code, out, _ = run("validate")
    assert code == 0, out


def test_today_comes_from_environment(base_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VLAVIRGEM_TODAY", "2024-01-01")
    _, out, _ = run("unaffiliated", "--data", str(base_data), "--format", "json")
    assert {row["id"] for row in json.loads(out)} == {"ocmw-11007", "gemeente-99001"}


def test_no_cache_writes_nothing_to_the_cache(base_data: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "fresh-cache"
    monkeypatch.setenv("VLAVIRGEM_CACHE", str(cache))
    assert run("--no-cache", "validate", "--data", str(base_data))[0] == 0
    assert not cache.exists() or not any(cache.iterdir())
    assert "VLAVIRGEM_NO_CACHE" not in os.environ  # the option is an argument, not a change to the process
    assert run("validate", "--data", str(base_data))[0] == 0
    assert list(cache.glob("files-*.marshal"))


BUFFERED = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}  # as users run it


def _console(*args: str) -> subprocess.CompletedProcess[str]:
    """The console script's entry point (``cli.run``) in a process of its own."""
    return subprocess.run([sys.executable, "-c", "from vlavirgem.cli import run; run()", *args],
                          capture_output=True, text=True, timeout=120, env=BUFFERED)


def test_the_console_script_exits_with_the_commands_status_and_all_its_output(base_data: Path) -> None:
    clean = _console("--data", str(SHIPPED_DATA), "governments", "--format", "json")
    assert clean.returncode == 0
    assert len(json.loads(clean.stdout)) > 500  # every row flushed before the quick exit (> 100 kB)
    region = base_data / "regions" / "waasland.yaml"
    region.write_text(region.read_text().replace("from: 2025-01-01", "from: 2024-12-01"))
    broken = _console("--data", str(base_data), "validate")
    assert broken.returncode == 1 and "[outside-validity]" in broken.stdout
    assert broken.stdout.rstrip().endswith("(failing).")  # the summary, the last line, is there
    wrong = _console("--data", str(base_data), "no-such-command")
    assert wrong.returncode == 2 and "No such command" in wrong.stderr


def test_exit_now_reports_a_message_as_sys_exit_does() -> None:
    script = "from vlavirgem.cli import exit_now; print('before', flush=False); exit_now('gone wrong')"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=BUFFERED)
    assert (done.returncode, done.stdout, done.stderr) == (1, "before\n", "gone wrong\n")
