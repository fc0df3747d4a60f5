"""Every value a schema forbids, anywhere, in any record kind: a located problem and exit 1, never
a traceback, and the same verdict as check-jsonschema with the same schemas.

The bad values come from tests/hostile_values.py (made from the schemas).  To stay fast, the
files go in batches: all mutations of the kinds that live one record per file are written, each
as its own file, into one copy of the base dataset and validated in one run (and check-jsonschema
runs once per schema over all of them); sources.yaml, the one file of its kind, is checked per
mutation in-process and, for a deterministic sample, with the command line.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner

from vlavirgem.cli import app
from vlavirgem.core.filecheck import Job, check_file
from vlavirgem.core.resources import resource_dir
from vlavirgem.core.schemas import IDS, fast_is_valid, ids_stand_in, validator

from .conftest import base_tree
from .hostile_values import Mutation, mutations

pytest.importorskip("check_jsonschema")

# the checks inside one portfolio that are not the schema's (a bad value can still order two dates)
OWN_CHECKS = {"interval-order", "usage-overlap", "adoption-overlap", "security-overlap"}
SINGLE_FILE_KINDS = {"sources", "reference-regions"}
SAMPLE_EVERY = 6  # of the single-file mutations and for fmt --check: every sixth, in order
runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def _one_command_object() -> Iterator[None]:
    """Build the Typer command once for the module's many runs (it costs more than validating)."""
    command = typer.main.get_command(app)
    original = typer.testing._get_command  # type: ignore[attr-defined]
    typer.testing._get_command = lambda _app: command  # type: ignore[attr-defined]
    yield
    typer.testing._get_command = original  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VLAVIRGEM_NO_CACHE", "1")


def _batch_name(index: int, mutation: Mutation) -> str:
    folder = mutation.relative.rpartition("/")[0]
    return f"{folder}/hostile-{index:04d}.yaml"


class Batch:
    """The mutations written into one data folder, with check-jsonschema's verdict on each."""

    def __init__(self, root: Path) -> None:
        self.data = base_tree(root)
        self.all = mutations(self.data)
        self.batched = {i: m for i, m in enumerate(self.all) if m.kind not in SINGLE_FILE_KINDS}
        self.single = {i: m for i, m in enumerate(self.all) if m.kind in SINGLE_FILE_KINDS}
        self.texts = {i: m.text() for i, m in enumerate(self.all)}
        for index, mutation in self.batched.items():
            (self.data / _batch_name(index, mutation)).write_text(self.texts[index], encoding="utf-8")
        aside = root / "aside"
        aside.mkdir()
        by_kind: dict[str, list[tuple[int, Path]]] = {}
        for index, mutation in enumerate(self.all):
            path = aside / f"{index:04d}.yaml"
            path.write_text(self.texts[index], encoding="utf-8")
            by_kind.setdefault(mutation.kind, []).append((index, path))
        schemas = _schemas_as_validate_reads_them(root / "schemas")
        self.rejected_by_check_jsonschema: set[int] = set()
        runs = {kind: _check_jsonschema(schemas, kind, [path for _, path in files]) for kind, files in by_kind.items()}
        for kind, files in by_kind.items():
            rejected = _rejected(runs[kind])
            self.rejected_by_check_jsonschema |= {index for index, path in files if str(path) in rejected}


def _schemas_as_validate_reads_them(target: Path) -> Path:
    """A copy of the schemas with the ids schema that validate reads in place of the generated one
    (every id accepted; unknown ids are the reference checks' problem): the base dataset's ids are
    not the shipped data's, and check-jsonschema is to judge the values, not the ids."""
    target.mkdir()
    for path in resource_dir("schemas").glob("*.schema.json"):
        (target / path.name).write_bytes(path.read_bytes())
    (target / IDS).write_text(json.dumps(ids_stand_in()), encoding="utf-8")
    return target


def _check_jsonschema(schemas: Path, kind: str, files: list[Path]) -> subprocess.Popen[str]:
    """check-jsonschema started on the files of one kind (all kinds run at once); the digit limit
    is lifted so that it reads the huge numbers instead of crashing."""
    schema = schemas / f"{kind}.schema.json"
    return subprocess.Popen([sys.executable, "-X", "int_max_str_digits=0", "-m", "check_jsonschema",
                             "--schemafile", str(schema), "-o", "json", *map(str, files)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _rejected(run: subprocess.Popen[str]) -> set[str]:
    """The files that check-jsonschema rejected (an unparsable file too)."""
    stdout, stderr = run.communicate(timeout=300)
    assert run.returncode in (0, 1), stderr
    report = json.loads(stdout)
    return {entry["filename"] for entry in (*report.get("errors", ()), *report.get("parse_errors", ()))}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    return Batch(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def sample_data(batch: Batch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base dataset with every sixth bad file of the batch: what the queries run on."""
    data = base_tree(tmp_path_factory.mktemp("sample"))
    for position, (index, mutation) in enumerate(sorted(batch.batched.items())):
        if position % SAMPLE_EVERY == 0:
            (data / _batch_name(index, mutation)).write_text(batch.texts[index], encoding="utf-8")
    return data


def _own_errors(mutation: Mutation, text: str, data: Path) -> list[Any]:
    """vlavirgem's verdict on one file on its own (YAML and schema), as the per-file check gives it."""
    path = data / mutation.relative
    loaded = check_file(Job(path, mutation.relative, mutation.kind, text.encode("utf-8"), mutation.relative))
    return [p for p in loaded.problems if p.is_error and p.code not in OWN_CHECKS]


def test_there_are_bad_values_of_every_kind_for_every_record_kind(batch: Batch) -> None:
    kinds = {m.kind for m in batch.all}
    assert kinds >= {"sources", "governments", "region", "block", "standard", "vendor", "product", "portfolio"}
    labels = {m.label for m in batch.all}
    assert {"impossible date", "loose date", "trailing newline", "huge number", "empty text", "unknown key",
            "number", "list", "text", "null", "month 13"} <= labels
    assert len(batch.rejected_by_check_jsonschema) > 0.8 * len(batch.all)  # they really are bad values


def test_vlavirgem_gives_check_jsonschemas_verdict_on_every_bad_value(batch: Batch) -> None:
    disagreements = []
    for index, mutation in enumerate(batch.all):
        rejected = bool(_own_errors(mutation, batch.texts[index], batch.data))
        if rejected != (index in batch.rejected_by_check_jsonschema):
            disagreements.append(f"{mutation.name}: vlavirgem {'rejects' if rejected else 'accepts'}")
    assert disagreements == []


def test_both_schema_validators_give_one_verdict_on_every_bad_value(batch: Batch) -> None:
    """jsonschema-rs (the fast verdict) and jsonschema (the explained errors) on every mutation,
    huge numbers left out (neither Python's jsonschema nor a reader of the file can hold them)."""
    pytest.importorskip("jsonschema_rs")
    disagreements = []
    for mutation in batch.all:
        if "huge" in mutation.label:
            continue
        slow = not any(True for _ in validator(mutation.kind).iter_errors(mutation.document))
        if bool(fast_is_valid(mutation.kind, mutation.document)) != slow:
            disagreements.append(mutation.name)
    assert disagreements == []


def _json_problems(result: Any) -> list[dict[str, Any]]:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return json.loads(result.stdout)["problems"]  # type: ignore[no-any-return]


def test_validate_locates_every_bad_value_in_one_batch_and_exits_1(batch: Batch) -> None:
    result = runner.invoke(app, ["--data", str(batch.data), "validate", "--format", "json"])
    assert result.exit_code == 1, result.output[-2000:]
    problems = _json_problems(result)
    located: dict[str, list[dict[str, Any]]] = {}
    for problem in problems:
        if problem["severity"] == "error" and problem["line"] >= 1 and problem["column"] >= 1:
            located.setdefault(problem["file"], []).append(problem)
    located_names = {Path(file).name for file in located}  # (the batch's file names are unique)
    missing = [m.name for index, m in batch.batched.items()
               if index in batch.rejected_by_check_jsonschema and f"hostile-{index:04d}.yaml" not in located_names]
    assert missing == []


def test_single_file_kinds_exit_1_with_a_located_problem_for_a_sample(batch: Batch, tmp_path: Path) -> None:
    data = base_tree(tmp_path)
    checked = 0
    for position, (index, mutation) in enumerate(sorted(batch.single.items())):
        if position % SAMPLE_EVERY or index not in batch.rejected_by_check_jsonschema:
            continue
        target = data / mutation.relative
        original = target.read_bytes()
        target.write_text(batch.texts[index], encoding="utf-8")
        result = runner.invoke(app, ["--data", str(data), "validate", "--format", "json"])
        target.write_bytes(original)
        assert result.exit_code == 1, mutation.name
        errors = [p for p in _json_problems(result) if p["severity"] == "error" and p["line"] >= 1
                  and p["file"].endswith(mutation.relative)]
        assert errors, mutation.name
        checked += 1
    assert checked >= 10


def test_fmt_check_reports_bad_values_it_cannot_repair_and_never_crashes(batch: Batch) -> None:
    sample = [(index, m) for position, (index, m) in enumerate(sorted(batch.batched.items()))
              if position % SAMPLE_EVERY == 0]
    paths = [str(batch.data / _batch_name(index, m)) for index, m in sample]
    result = runner.invoke(app, ["fmt", "--check", "--data", str(batch.data), *paths])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    reported = result.stderr
    for index, mutation in sample:
        if index in batch.rejected_by_check_jsonschema and mutation.label not in ("loose date",):
            assert f"hostile-{index:04d}.yaml:" in reported, mutation.name


@pytest.mark.parametrize("command", [
    ["governments", "-f", "json"], ["regions", "-f", "json"], ["unaffiliated"], ["coverage"], ["blocks"],
    ["catalog", "products"], ["security", "status"], ["changes", "--from", "2020-01-01"],
    ["region", "show", "waasland"], ["government", "show", "gemeente-99001"], ["block", "show", "magda"],
    ["export", "--to", "json", "--out", "{out}"], ["site", "build", "--out", "{out}"],
])
def test_queries_answer_from_the_clean_records_and_never_crash(sample_data: Path, command: list[str],
                                                               tmp_path: Path) -> None:
    args = [part.replace("{out}", str(tmp_path / "out")) for part in command]
    result = runner.invoke(app, ["--data", str(sample_data), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), result.output[-2000:]
    assert "Traceback" not in result.output
