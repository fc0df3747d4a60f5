"""Golden cases: each folder under cases/valid and cases/invalid is laid over the base dataset
(cases/base) and validated; the problems must be exactly those of its expected.txt.

A case folder holds ``data/`` (files that replace or add to the base), optionally ``delete.txt``
(paths under data/ to remove, one a line) and ``expected.txt`` (one line per problem:
``data/FILE:LINE:COL: SEVERITY [CODE]``; empty or missing for valid cases).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vlavirgem.core import filecache
from vlavirgem.core.validation import validate

from .conftest import CASES, TODAY, base_tree

VALID = sorted(p.name for p in (CASES / "valid").iterdir() if p.is_dir())
INVALID = sorted(p.name for p in (CASES / "invalid").iterdir() if p.is_dir())


def build_case(case: Path, workdir: Path) -> Path:
    data = base_tree(workdir)
    for name in (case / "delete.txt").read_text().split() if (case / "delete.txt").exists() else []:
        (data / name).unlink()
    if (case / "data").is_dir():
        shutil.copytree(case / "data", data, dirs_exist_ok=True)
    return data


def problem_lines(case: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch,
                  cache: Path | None = None) -> list[str]:
    build_case(case, workdir)
    monkeypatch.chdir(workdir)
    _, report = validate(Path("data"), TODAY, cache=cache)
    return [f"{p.file}:{p.line}:{p.column}: {p.severity} [{p.code}]" for p in report.problems]


def expected_lines(case: Path) -> list[str]:
    expected = case / "expected.txt"
    if not expected.exists():
        return []
    return [line.strip() for line in expected.read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("name", VALID)
def test_valid_case(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert problem_lines(CASES / "valid" / name, tmp_path, monkeypatch) == expected_lines(CASES / "valid" / name)


@pytest.mark.parametrize("name", INVALID)
def test_invalid_case(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = expected_lines(CASES / "invalid" / name)
    assert expected, f"invalid case {name} has no expected.txt"
    assert problem_lines(CASES / "invalid" / name, tmp_path, monkeypatch) == expected


def test_base_is_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert problem_lines(CASES / "base", tmp_path, monkeypatch) == []


def test_there_are_enough_invalid_cases() -> None:
    assert len(INVALID) >= 25


@pytest.mark.parametrize("signatures", ["trusted at once", "as in use"])
def test_every_invalid_case_reports_the_same_with_the_cache_cold_warm_and_after_a_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signatures: str) -> None:
    """The per-file cache must never change what is reported, nor where: neither when it finds a
    file by its hash (these files are too fresh for their signatures to be trusted) nor when it
    finds it by its status signature alone, unread."""
    if signatures == "trusted at once":
        monkeypatch.setattr(filecache, "RACY_NS", 0)
    mismatches = []
    for name in INVALID:
        case = CASES / "invalid" / name
        workdir = tmp_path / name
        cache = tmp_path / "cache" / name
        expected = expected_lines(case)
        cold = problem_lines(case, workdir, monkeypatch, cache)
        assert list(cache.glob("files-*.marshal")), f"{name}: nothing was cached"
        warm = [f"{p.file}:{p.line}:{p.column}: {p.severity} [{p.code}]"
                for p in validate(Path("data"), TODAY, cache=cache)[1].problems]
        for path in sorted((workdir / "data").rglob("*.yaml")):
            raw = path.read_bytes()
            if raw.endswith(b"\n"):
                path.write_bytes(raw + b"# changed\n")  # a change that moves nothing
        changed = [f"{p.file}:{p.line}:{p.column}: {p.severity} [{p.code}]"
                   for p in validate(Path("data"), TODAY, cache=cache)[1].problems]
        if not (cold == warm == changed == expected):
            mismatches.append((name, cold, warm, changed))
    assert mismatches == []
