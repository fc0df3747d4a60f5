"""Shared test helpers: the shipped data, a fixed today, and building data trees from dicts."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

# the module fixtures of the catalogue, block and security tests (tree, small, real, synthetic)
pytest_plugins = ["tests.catalog_tree"]

REPO = Path(__file__).resolve().parent.parent
SHIPPED_DATA = REPO / "data"
CASES = Path(__file__).resolve().parent / "cases"
TODAY = date(2026, 11, 28)


@pytest.fixture(scope="session")
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the whole run, never the user's own."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch, cache_folder: Path) -> None:
    """Every test runs on the same "today", so answers do not drift with the calendar."""
    monkeypatch.setenv("VLAVIRGEM_TODAY", TODAY.isoformat())
    monkeypatch.setenv("VLAVIRGEM_CACHE", str(cache_folder))
    monkeypatch.delenv("VLAVIRGEM_DATA", raising=False)
    monkeypatch.delenv("VLAVIRGEM_NO_CACHE", raising=False)


def write_tree(root: Path, files: dict[str, Any]) -> Path:
    """Write a data tree: keys are paths under ``root``; values are YAML text, bytes, or data
    (dumped as YAML).  Returns ``root``."""
    yaml = YAML()
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            with path.open("w", encoding="utf-8") as handle:
                yaml.dump(content, handle)
    return root


def base_tree(target: Path) -> Path:
    """A copy of the golden cases' base dataset (a small valid dataset) at ``target``/data."""
    shutil.copytree(CASES / "base" / "data", target / "data")
    return target / "data"


@pytest.fixture
def base_data(tmp_path: Path) -> Path:
    return base_tree(tmp_path)
