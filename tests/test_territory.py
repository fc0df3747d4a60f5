"""A member outside its circle's territory: validate warns with the reason, and coverage,
regions and region show count it apart (the shipped data has none)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vlavirgem.cli import app
from vlavirgem.core.validation import validate
from vlavirgem.queries.circles import coverage, region_rows

from .conftest import SHIPPED_DATA, TODAY

runner = CliRunner()
DAY = "2026-06-01"


@pytest.fixture
def joined(tmp_path: Path) -> Path:
    """The shipped data with Aartselaar (REFREG01) and its OCMW joining Waasland (REFREG14) in 2026."""
    data = Path(shutil.copytree(SHIPPED_DATA, tmp_path / "data", ignore=shutil.ignore_patterns("geo")))
    result = runner.invoke(app, ["join", "Aartselaar", "waasland", "--from", "2026-01-01",
                                 "--source", "pinc-gebiedsniveaus", "--data", str(data)])
    assert result.exit_code == 0, result.output
    return data


def test_the_shipped_data_has_no_member_outside_its_territory() -> None:
    assert [p for p in validate(SHIPPED_DATA, TODAY)[1].problems if p.code == "outside-territory"] == []


def test_validate_warns_with_the_day_and_where_it_lies_instead(joined: Path) -> None:
    problems = [p for p in validate(joined, TODAY)[1].problems if p.code == "outside-territory"]
    assert [(Path(p.file).name, p.severity) for p in problems] == [("waasland.yaml", "warning")] * 2
    assert problems[0].message.startswith(
        "gemeente-11001 (Aartselaar) lies outside the territory of REFREG14 (Waasland), the reference region "
        "waasland follows, from 2026-01-01: it lies in REFREG01")
    result = runner.invoke(app, ["validate", "--strict", "--data", str(joined)])
    assert result.exit_code == 1


def test_coverage_and_regions_count_such_members_apart(joined: Path) -> None:
    from vlavirgem.core.dataset import load_dataset

    dataset = load_dataset(joined)[0]
    day = date.fromisoformat(DAY)
    waasland = next(row for row in region_rows(dataset, day) if row["id"] == "waasland")
    assert (waasland["members"], waasland["territory"], waasland["outside_territory"]) == (16, 14, 2)
    assert waasland["coverage"] == 1.0  # the 14 of its territory: the two outside do not raise it
    by_region = {row["id"]: row for row in coverage(dataset, day, "region")}
    assert (by_region["waasland"]["members"], by_region["waasland"]["outside_territory"]) == (14, 2)
    assert by_region["regio-antwerpen"]["in_other_regions"] == 2
    by_province = coverage(dataset, day, "province")
    assert [row["outside_territory"] for row in by_province if row["group"] in ("Antwerpen", "Total")] == [2, 2]


def test_region_show_names_them(joined: Path) -> None:
    result = runner.invoke(app, ["region", "show", "waasland", "--on", DAY, "--data", str(joined)])
    assert result.exit_code == 0, result.output
    assert "; 2 members outside it, counted apart: gemeente-11001, ocmw-11001" in result.stdout
    document = json.loads(runner.invoke(app, ["region", "show", "waasland", "--on", DAY, "--format", "json",
                                              "--data", str(joined)]).stdout)
    assert document["coverage"]["outside_territory"] == ["gemeente-11001", "ocmw-11001"]
