"""What a schema cannot say: ids against file names, references across files, and time.

Every check is ``check_*(dataset, ...) -> list[Problem]`` and never raises on bad data; each module
holds one family of them, and ``run_all`` runs every family.
"""

from __future__ import annotations

from datetime import date

from vlavirgem.core.checks.networks import check_networks
from vlavirgem.core.checks.periods import (
    check_interval_order,
    check_overlaps,
    check_successors,
    check_within_validity,
)
from vlavirgem.core.checks.references import (
    check_ids,
    check_references,
    check_shared_numbers,
    check_sources,
    check_unknowable,
)
from vlavirgem.core.checks.territory import check_territory
from vlavirgem.core.model import Dataset
from vlavirgem.core.problems import Problem


def run_all(dataset: Dataset, today: date, sources_file: str | None) -> list[Problem]:
    """Every cross-file and time check."""
    return [
        *check_ids(dataset),
        *check_references(dataset),
        *check_unknowable(dataset),
        *check_sources(dataset, sources_file),
        *check_interval_order(dataset),
        *check_within_validity(dataset),
        *check_overlaps(dataset),
        *check_successors(dataset, today),
        *check_shared_numbers(dataset),
        *check_territory(dataset),
        *check_networks(dataset),
    ]
