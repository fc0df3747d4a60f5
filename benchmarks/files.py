"""The files of a dataset grouped by kind, and the schema file of each kind: what the baselines
(check-jsonschema, the naive pipeline) are run on."""

from __future__ import annotations

from pathlib import Path

from vlavirgem.core.layout import dataset_files, kind_of
from vlavirgem.core.resources import resource_dir


def files_by_kind(root: Path) -> dict[str, list[Path]]:
    """Every data file under ``root`` that has a kind, grouped by kind (files without one are left out)."""
    grouped: dict[str, list[Path]] = {}
    for path in dataset_files(root):
        kind = kind_of(path, root)
        if kind is not None:
            grouped.setdefault(kind, []).append(path)
    return grouped


def schema_file(kind: str) -> Path:
    """The JSON Schema of one kind, as shipped with the installed vlavirgem."""
    return resource_dir("schemas") / f"{kind}.schema.json"


def yaml_bytes(root: Path) -> int:
    """The size of every data file under ``root`` that has a kind."""
    return sum(path.stat().st_size for paths in files_by_kind(root).values() for path in paths)


def describe_dataset(root: Path) -> str:
    """Files, megabytes and software entries (counted as the generator writes them: one
    ``  - product:`` line each)."""
    grouped = files_by_kind(root)
    entries = sum(path.read_bytes().count(b"\n  - product: ") for path in grouped.get("portfolio", ()))
    files = sum(len(paths) for paths in grouped.values())
    return f"{files:,} files, {yaml_bytes(root) / 1e6:.1f} MB of YAML, {entries:,} software entries"
