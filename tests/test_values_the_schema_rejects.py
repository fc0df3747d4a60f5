"""Issue 15, items 1, 7, 8 and 12 (part A), one test per class: a value the schema rejects never
reaches code that assumes it valid; huge numbers; one verdict from both validators; file names
that are not UTF-8; syntax errors at the end of a truncated file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vlavirgem.cli import app
from vlavirgem.core.loader import load_bytes
from vlavirgem.core.schemas import fast_is_valid, validator

from .conftest import REPO

runner = CliRunner()
PORTFOLIO = "catalog/portfolios/gemeente-99001.yaml"


def _validate_json(data: Path) -> tuple[int, list[dict[str, object]]]:
    result = runner.invoke(app, ["--data", str(data), "validate", "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, json.loads(result.stdout)["problems"]


@pytest.mark.parametrize("where", ["observed: [{}]", "from: {}", "until: {}"])
@pytest.mark.parametrize("part", ["software", "building_blocks", "security_plan"])
@pytest.mark.parametrize("bad", ["2025-02-29", "hello", "2025-1-01", "'2025-01-01\n'"])
def test_a_bad_date_in_any_portfolio_record_is_a_located_problem_in_validate_and_fmt(
        base_data: Path, part: str, where: str, bad: str) -> None:
    if where.startswith("observed") and part != "software":
        pytest.skip("only software records are observed")
    path = base_data / PORTFOLIO
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(f"{part}:\n  - ")
    key = where.split(":")[0]
    record, newline, tail = rest.partition("\n  - ")
    record = "\n".join(line for line in record.split("\n") if not line.strip().startswith(f"{key}:"))
    bad_line = where.format(bad.replace("\n", "\\n").replace("'", '"') if "\n" in bad else bad)
    path.write_text(f"{head}{part}:\n  - {record}\n    {bad_line}\n{newline.lstrip(chr(10))}{'  - ' if newline else ''}{tail}",
                    encoding="utf-8")
    code, problems = _validate_json(base_data)
    assert code == 1
    mine = [p for p in problems if str(p["file"]).endswith(PORTFOLIO) and p["severity"] == "error"]
    assert mine and all(int(str(p["line"])) >= 1 for p in mine), problems
    before = path.read_bytes()
    result = runner.invoke(app, ["fmt", "--check", "--data", str(base_data), str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1
    assert f"{PORTFOLIO}:" in result.stderr and "Traceback" not in result.output
    runner.invoke(app, ["fmt", "--data", str(base_data), str(path)])
    if bad not in ("2025-1-01",):  # (a loose date is what fmt repairs)
        assert path.read_bytes() == before  # a file it cannot repair is left alone


@pytest.mark.parametrize("number", ["9" * 5000, "-" + "9" * 4301, "0x" + "f" * 5000, "0o" + "7" * 6000])
def test_a_huge_number_anywhere_is_a_located_problem(base_data: Path, number: str) -> None:
    region = base_data / "regions" / "waasland.yaml"
    region.write_text(region.read_text(encoding="utf-8") + f"note: {number}\nextra: [{number}]\n", encoding="utf-8")
    code, problems = _validate_json(base_data)
    assert code == 1
    found = [p for p in problems if p["code"] == "number-too-large"]
    lines = region.read_text(encoding="utf-8").count("\n")
    assert [p["line"] for p in found] == [lines - 1, lines]
    result = runner.invoke(app, ["fmt", "--check", "--data", str(base_data), str(region)])
    assert result.exit_code == 1 and "number-too-large" in result.stderr


def test_a_number_just_within_the_limit_is_read_as_a_number() -> None:
    loaded = load_bytes(Path("x.yaml"), f"a: {'9' * 4300}\n".encode())
    assert loaded.problems == [] and loaded.data["a"] == int("9" * 4300)


@pytest.mark.parametrize(("kind", "document"), [
    ("governments", {"province": "antwerpen", "name": "Antwerpen", "nis": "10000", "sources": ["x"],
                     "governments": [{"id": "gemeente-11001", "kind": "gemeente", "nis": "11001", "name": "Aartselaar",
                                      "arrondissement": {"nis": "11000", "name": "Antwerpen"},
                                      "valid_from": "1977-01-01", "kbo": "0207508932\n", "sources": ["x"]}]}),
])
def test_a_trailing_newline_fails_the_pattern_in_both_validators(kind: str, document: dict[str, object]) -> None:
    pytest.importorskip("jsonschema_rs")
    slow = [error.message for error in validator(kind).iter_errors(document)]
    assert fast_is_valid(kind, document) is False
    assert any("0207508932" in message for message in slow), slow


def test_every_schema_pattern_ends_where_the_text_ends() -> None:
    """Python's re.search lets $ match before a final line break, ECMA-262 and Rust do not: every
    pattern must say $(?!\\n) so that all three read it alike."""
    patterns = []
    for path in sorted((REPO / "schemas").glob("*.schema.json")):
        def walk(value: object) -> None:
            if isinstance(value, dict):
                if isinstance(value.get("pattern"), str):
                    patterns.append(value["pattern"])
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)
        walk(json.loads(path.read_text(encoding="utf-8")))
    assert len(patterns) >= 10
    assert [p for p in patterns if p.endswith("$") or ("$" in p and not p.endswith(r"$(?!\n)"))] == []


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="these file systems refuse non-UTF-8 names")
@pytest.mark.parametrize("encoding", ["ascii:strict", "utf-8:strict"])
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_file_name_that_is_not_utf8_is_shown_escaped_under_a_strict_encoding(
        base_data: Path, encoding: str, fmt: str) -> None:
    name = os.fsencode(base_data / "blocks") + b"/caf\xe9.yaml"
    with open(name, "wb") as handle:
        handle.write((base_data / "blocks" / "magda.yaml").read_bytes())
    environment = {**os.environ, "PYTHONIOENCODING": encoding, "VLAVIRGEM_NO_CACHE": "1"}
    ran = subprocess.run([str(Path(sys.executable).parent / "vlavirgem"), "--data", str(base_data), "validate", "--format", fmt],
                         capture_output=True, env=environment, check=False, timeout=120)
    assert ran.returncode == 1, ran.stderr.decode(errors="replace")
    assert b"Traceback" not in ran.stderr
    assert b"\xe9" not in ran.stdout  # no raw byte
    shown = ran.stdout.decode("ascii")
    assert "caf\\xe9.yaml" in (json.loads(shown)["problems"][0]["file"] if fmt == "json" else shown)


@pytest.mark.parametrize("text", ["id: magda\nname: [MAGDA\n", "id: magda\nname: [MAGDA", "id: magda\nname: 'MAGDA\n",
                                  "id: magda\nname: {a: b\n\n", "a:\n  - [x,\n"])
def test_a_truncated_file_is_reported_at_a_line_it_has(text: str) -> None:
    loaded = load_bytes(Path("x.yaml"), text.encode())
    [problem] = loaded.problems
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    assert problem.code == "yaml-syntax"
    assert 1 <= problem.line <= len(lines)
    assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1
