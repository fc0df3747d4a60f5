"""Information-security plans: status per government, counts and coverage per group, the 2016
target; ``security status`` in every format."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from vlavirgem.core.model import Dataset
from vlavirgem.queries import security
from vlavirgem.queries.scope import scope

from .catalog_tree import run, validated
from .conftest import SHIPPED_DATA

TODAY = date(2026, 11, 28)
TARGET = date(2016, 12, 31)


SYNTHETIC = (150, 11)  # governments, seed of the module's generated dataset


def test_plan_tally() -> None:
    tally = security.plan_tally(["adopted", "none", "adopted", "unknown"])
    assert (tally.none, tally.in_preparation, tally.adopted, tally.expired, tally.unknown) == (1, 0, 2, 0, 1)
    assert (tally.governments, tally.coverage) == (4, 0.5)
    assert security.plan_tally([]).coverage is None


def test_status_per_government(small: Dataset) -> None:
    rows = security.plan_rows(scope(small, TODAY))
    assert [(r.government.id, r.status, r.since, r.government.region) for r in rows] == [
        ("gemeente-11002", "adopted", date(2017, 3, 1), "regio-antwerpen"),
        ("ocmw-11002", "expired", date(2020, 1, 1), "regio-antwerpen"),
        ("gemeente-46030", "unknown", None, "waasland"),  # its portfolio is internal
        ("gemeente-99001", "adopted", date(2016, 7, 1), None),
    ]
    internal = security.plan_rows(scope(small, TODAY, include_internal=True))
    assert [r.status for r in internal if r.government.id == "gemeente-46030"] == ["adopted"]


def test_by_region_and_province(small: Dataset) -> None:
    view = scope(small, TODAY)
    rows = security.plan_rows(view)
    regions = [(g.group, g.tally.adopted, g.tally.expired, g.tally.unknown, g.tally.coverage)
               for g in security.by_group(view, rows, "region")]
    assert regions == [("regio-antwerpen", 1, 1, 0, 0.5), ("waasland", 0, 0, 1, 0.0), (None, 1, 0, 0, 1.0)]
    provinces = [(g.group_name, g.tally.governments) for g in security.by_group(view, rows, "province")]
    assert provinces == [("Antwerpen", 2), ("Oost-Vlaanderen", 1), ("Proefprovincie (synthetic)", 1)]


def test_target_2016(small: Dataset) -> None:
    view = scope(small, TARGET)
    rows = security.plan_rows(view)
    goal, short = security.target(view, scope(small, TODAY), rows)
    assert (goal.day, goal.governments, goal.adopted, goal.share, goal.goal, goal.short) == (
        TARGET, 6, 3, 0.5, 1.0, 3)
    assert [(s.row.government.id, s.row.status, s.current_status, s.adopted_from) for s in short] == [
        ("gemeente-11002", "in-preparation", "adopted", date(2017, 3, 1)),
        ("ocmw-11007", "unknown", None, None),  # merged away since: no current status
        ("gemeente-11056", "unknown", None, None),
    ]


def test_a_plan_that_expired_before_the_target_falls_short(small: Dataset) -> None:
    view = scope(small, date(2020, 6, 1))
    goal, short = security.target(view, scope(small, TODAY), security.plan_rows(view))
    assert ("ocmw-11002", "expired", "expired") in [(s.row.government.id, s.row.status, s.current_status) for s in short]
    assert goal.adopted == 3  # Antwerpen, Borsbeek, Proefdorp


def test_notes(small: Dataset, real: Dataset) -> None:
    assert security.security_notes(scope(small, TODAY)) == []
    assert security.security_notes(scope(small, date(2015, 6, 1))) == [
        "2015-06-01 lies before the first security-plan record (2016-01-01)."]
    assert security.security_notes(scope(real, TODAY)) == ["No security-plan records in this dataset."]


def test_real_data_everything_unknown(real: Dataset) -> None:
    view = scope(real, TARGET)
    rows = security.plan_rows(view)
    goal, short = security.target(view, scope(real, TODAY), rows)
    assert (goal.governments, goal.adopted, goal.short) == (616, 0, 616)
    assert {r.status for r in rows} == {"unknown"}
    merged = [s for s in short if s.row.government.id == "gemeente-11007"]  # Borsbeek, merged in 2025
    assert merged[0].current_status is None


def test_synthetic_coverage_adds_up(synthetic: Dataset) -> None:
    view = scope(synthetic, date(2018, 6, 30))
    rows = security.plan_rows(view)
    total = security.plan_tally(r.status for r in rows)
    assert total.adopted > 0 and total.unknown < total.governments
    for by in ("region", "province"):
        groups = security.by_group(view, rows, by)  # type: ignore[arg-type]
        assert sum(g.tally.adopted for g in groups) == total.adopted
        assert sum(g.tally.governments for g in groups) == total.governments == len(view.governments)
    goal, short = security.target(view, scope(synthetic, TODAY), rows)
    assert goal.adopted + goal.short == goal.governments
    assert all(s.adopted_from is None or s.adopted_from > view.on for s in short)


def test_cli_status_formats(tree: Path) -> None:
    args = ("security", "status", "--data", str(tree))
    code, out, _ = run(*args)
    assert code == 0 and "Proefdorp (synthetic)" in out
    assert "2 of 4 governments valid on 2026-11-28 have an adopted plan (50.0 %)" in out
    rows = list(csv.DictReader(io.StringIO(run(*args, "-f", "csv")[1])))
    assert [(r["id"], r["status"]) for r in rows][:2] == [("gemeente-11002", "adopted"), ("ocmw-11002", "expired")]
    document = validated(run(*args, "-f", "json")[1], "security-status")
    assert (document["on"], document["day"], document["by"], document["target"]) == (
        "2026-11-28", "2026-11-28", None, None)
    assert document["totals"]["coverage"] == 0.5 and len(document["rows"]) == 4


def test_cli_status_by_group(tree: Path) -> None:
    args = ("security", "status", "--data", str(tree), "--by", "region")
    code, out, _ = run(*args)
    assert code == 0 and "(no region)" in out and "100.0 %" in out
    rows = list(csv.DictReader(io.StringIO(run(*args, "-f", "csv")[1])))
    assert [(r["group"], r["coverage"]) for r in rows] == [
        ("regio-antwerpen", "0.5"), ("waasland", "0.0"), ("", "1.0")]
    document = validated(run(*args, "-f", "json", "--include-internal")[1], "security-status")
    assert document["rows"][1]["adopted"] == 1  # Waasland: the internal portfolio counts now


def test_cli_target(tree: Path) -> None:
    args = ("security", "status", "--data", str(tree), "--target", "2016-12-31")
    code, out, _ = run(*args)
    assert code == 0
    assert "Target 2016-12-31: 3 of 6 had an adopted plan (50.0 %) against a goal of 100.0 %; 3 short." in out
    rows = list(csv.DictReader(io.StringIO(run(*args, "-f", "csv")[1])))
    assert [(r["id"], r["current_status"], r["adopted_from"]) for r in rows] == [
        ("gemeente-11002", "adopted", "2017-03-01"), ("ocmw-11007", "", ""), ("gemeente-11056", "", "")]
    document = validated(run(*args, "-f", "json")[1], "security-status")
    assert document["target"] == {"day": "2016-12-31", "governments": 6, "adopted": 3, "share": 0.5,
                                  "goal": 1.0, "short": 3}
    assert document["day"] == "2016-12-31" and document["on"] == "2026-11-28"
    grouped = validated(run(*args, "-f", "json", "--by", "province")[1], "security-status")
    assert [(g["group"], g["adopted"], g["governments"]) for g in grouped["rows"]] == [
        ("antwerpen", 2, 5), ("proefprovincie", 1, 1)]


def test_cli_real_data_says_there_are_no_records(real: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vlavirgem.core.dataset.load_dataset", lambda root, **_: (real, []))
    code, out, _ = run("security", "status", "--data", str(SHIPPED_DATA), "--by", "province")
    assert code == 0 and out.rstrip().endswith("No security-plan records in this dataset.")
    code, out, err = run("security", "status", "--data", str(SHIPPED_DATA), "-f", "json", "--target", "2016-12-31")
    document = validated(out, "security-status")
    assert document["notes"] == ["No security-plan records in this dataset."] and err == ""
    assert document["target"]["short"] == 616


@pytest.mark.parametrize("args", [("--target", "2016-31-12"), ("--by", "arrondissement"), ("--on", "x")])
def test_cli_wrong_usage_exits_2(tree: Path, args: tuple[str, ...]) -> None:
    code, _, err = run("security", "status", "--data", str(tree), *args)
    assert code == 2 and "Traceback" not in err and err.strip()
