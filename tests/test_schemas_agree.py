"""jsonschema-rs (the fast verdict) and jsonschema (the explained errors) agree on every file."""

from __future__ import annotations

from pathlib import Path

import pytest

from vlavirgem.core.layout import dataset_files, kind_of
from vlavirgem.core.loader import load_file
from vlavirgem.core.schemas import fast_is_valid, validator

from .conftest import CASES, SHIPPED_DATA
from .test_cases import INVALID, VALID, build_case

pytest.importorskip("jsonschema_rs")


def _verdicts(root: Path) -> list[tuple[str, bool, bool]]:
    found = []
    for path in dataset_files(root):
        kind = kind_of(path, root)
        loaded = load_file(path)
        if kind is None or not isinstance(loaded.data, dict):
            continue
        slow = not any(True for _ in validator(kind).iter_errors(loaded.data))
        found.append((str(path), bool(fast_is_valid(kind, loaded.data)), slow))
    return found


def test_they_agree_on_the_shipped_data() -> None:
    verdicts = _verdicts(SHIPPED_DATA)
    assert len(verdicts) > 500
    assert [v for v in verdicts if v[1] != v[2]] == []
    assert all(fast for _, fast, _ in verdicts)


def test_they_agree_on_every_golden_invalid_case(tmp_path: Path) -> None:
    disagreements, rejected = [], 0
    for name in INVALID:
        data = build_case(CASES / "invalid" / name, tmp_path / name)
        for path, fast, slow in _verdicts(data):
            rejected += not slow
            if fast != slow:
                disagreements.append((name, path, fast, slow))
    assert disagreements == []
    assert rejected >= 15  # the schema cases really were rejected by both


def test_they_agree_on_every_golden_valid_case_and_the_base(tmp_path: Path) -> None:
    disagreements, files = [], 0
    for folder in [CASES / "base", *(CASES / "valid" / name for name in VALID)]:
        data = build_case(folder, tmp_path / folder.name) if folder.name != "base" else CASES / "base" / "data"
        for path, fast, slow in _verdicts(data):
            files += 1
            if fast != slow or not fast:
                disagreements.append((folder.name, path, fast, slow))
    assert disagreements == []
    assert files > 50
