"""Validate a dataset: load and schema-check every file, then run the cross-file and time checks.

This is a library: it returns a Report and never prints or exits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from vlavirgem.core.checks import run_all
from vlavirgem.core.dataset import load_dataset
from vlavirgem.core.layout import JOURNAL_FILE, SOURCES_FILE
from vlavirgem.core.loader import display_path
from vlavirgem.core.model import Dataset
from vlavirgem.core.problems import Problem


@dataclass(frozen=True)
class Report:
    """The outcome of a validation: every problem found, sorted by place."""

    problems: tuple[Problem, ...]
    files_checked: int

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.is_error)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    def ok(self, strict: bool = False) -> bool:
        return not self.problems if strict else self.errors == 0


def validate(root: Path, today: date, only: list[Path] | None = None,
             overrides: Mapping[Path, bytes | None] | None = None,
             cache: Path | None = None) -> tuple[Dataset, Report]:
    """Check the whole dataset under ``root``; with ``only``, report just the problems in those
    files or folders (the whole dataset is still read, so references across files resolve).

    ``overrides`` checks files as they would be after an edit, ``cache`` is the folder of per-file
    results (both as ``load_dataset`` takes them)."""
    dataset, problems = load_dataset(root, overrides, cache)
    sources = root / SOURCES_FILE
    sources_display = display_path(sources)
    if not sources.is_file():
        problems.append(Problem(sources_display, 1, 1, "missing-file",
                                "the dataset has no sources.yaml; every record must cite its sources there"))
        sources_display = None  # type: ignore[assignment]
    problems.extend(run_all(dataset, today, sources_display))
    if only is not None:
        wanted = [path.resolve() for path in only]
        inside = {file: _inside(Path(file).resolve(), wanted) for file in {p.file for p in problems}}
        problems = [p for p in problems if inside[p.file]]  # (one look-up per file, not per problem)
        files = sum(1 for f in dataset.files.values() if _inside(f.path.resolve(), wanted))
    else:
        files = len(dataset.files)
    journal = root / JOURNAL_FILE
    if journal.exists():  # after the filter: whatever was asked, the whole dataset may be half edited
        problems.append(Problem(display_path(journal), 1, 1, "interrupted-edit",
                                "an edit was interrupted and is not yet finished or undone, so its files may be "
                                "half old, half new; run `vlavirgem validate` where the data folder is writable "
                                "(it settles the edit), or see docs/robustness.md"))
    return dataset, Report(tuple(sorted(set(problems))), files)


def _inside(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)
