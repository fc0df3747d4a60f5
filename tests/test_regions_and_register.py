"""governments, government show, regions, region show, coverage and unaffiliated --suggest."""

from __future__ import annotations

import csv
import io
import json
import shutil
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from benchmarks.synthetic import write_synthetic
from vlavirgem.cli import app
from vlavirgem.core.dataset import load_dataset
from vlavirgem.core.model import Dataset
from vlavirgem.core.problems import UsageError
from vlavirgem.queries.affiliation import unaffiliated
from vlavirgem.queries.circles import coverage, region_detail, region_rows
from vlavirgem.queries.names import resolve_government
from vlavirgem.queries.register import government_rows, profile
from vlavirgem.queries.suggest import suggest_regions

from .conftest import REPO, SHIPPED_DATA, write_tree

runner = CliRunner()


@cache
def shipped() -> Dataset:
    return load_dataset(SHIPPED_DATA)[0]


# --- names -----------------------------------------------------------------------------------------

def test_a_government_by_id_nis_kbo_and_name_without_accents_or_case() -> None:
    dataset = shipped()
    assert resolve_government(dataset, "gemeente-11001").name == "Aartselaar"
    assert resolve_government(dataset, "11001").id == "gemeente-11001"
    assert resolve_government(dataset, "0207.508.932").id == "gemeente-11001"
    assert resolve_government(dataset, "  sint-gillis-waas ").id == "gemeente-46020"
    assert resolve_government(dataset, "OCMW Aalst").id == "ocmw-41002"


def test_a_name_used_over_time_is_ambiguous_unless_a_date_picks_one() -> None:
    dataset = shipped()
    with pytest.raises(UsageError, match=r"fits 2 governments over time: gemeente-44011 Deinze .*until 2018-12-31.*gemeente-44083"):
        resolve_government(dataset, "Deinze")
    assert resolve_government(dataset, "Deinze", on=date(2018, 6, 1)).id == "gemeente-44011"
    assert resolve_government(dataset, "Deinze", on=date(2020, 6, 1)).id == "gemeente-44083"


def test_a_kbo_number_shared_by_predecessor_and_successor_needs_a_date() -> None:
    dataset = shipped()
    wingene = dataset.governments["gemeente-37021"].kbo
    assert wingene == dataset.governments["gemeente-37018"].kbo
    with pytest.raises(UsageError, match="fits 2 governments"):
        resolve_government(dataset, wingene or "")
    assert resolve_government(dataset, wingene or "", on=date(2025, 6, 1)).id == "gemeente-37021"


def test_an_unknown_name_gets_a_did_you_mean() -> None:
    with pytest.raises(UsageError, match="did you mean 'Aartselaar'"):
        resolve_government(shipped(), "Aartselar")


# --- register --------------------------------------------------------------------------------------

def test_governments_of_a_region_on_a_date() -> None:
    rows = government_rows(shipped(), date(2024, 1, 1), kind="gemeente", region="waasland")
    assert len(rows) == 10
    assert rows[0]["name"] == "Zwijndrecht" and rows[0]["province"] == "Antwerpen"
    assert len(government_rows(shipped(), date(2016, 1, 1))) == 616


def test_timeline_of_zwijndrecht_across_its_move_and_merger() -> None:
    dataset = shipped()
    document = profile(dataset, dataset.governments["gemeente-11056"], date(2023, 6, 1))
    regions = [(e["date"], e["until"], e["what"]) for e in document["timeline"] if e["topic"] == "region"]
    assert regions == [("2021-03-12", "2023-03-18", "member of Regio Antwerpen"),
                       ("2023-03-19", "2024-12-31", "member of Waasland")]
    last = next(e for e in document["timeline"] if e["what"].startswith("last day"))
    assert last["date"] == "2024-12-31" and "gemeente-46030" in last["what"]
    assert document["region_on"] == "waasland" and document["successor"] == "gemeente-46030"


def test_timeline_of_antwerpen_shows_it_absorbing_borsbeek() -> None:
    dataset = shipped()
    document = profile(dataset, dataset.governments["gemeente-11002"], date(2025, 6, 1))
    assert document["predecessors"] == ["gemeente-11007"]
    merger = [e for e in document["timeline"] if e["topic"] == "merger"]
    assert merger == [{"date": "2025-01-01", "until": None, "topic": "merger", "what": "absorbs Borsbeek (gemeente-11007)"}]


def test_timeline_of_a_government_formed_by_merger() -> None:
    dataset = shipped()
    document = profile(dataset, dataset.governments["gemeente-44083"], date(2025, 6, 1))
    first = document["timeline"][0]
    assert first["date"] == "2019-01-01"
    assert "Deinze (gemeente-44011)" in first["what"] and "Nevele (gemeente-44049)" in first["what"]
    software = [e for e in document["timeline"] if e["topic"] == "software"]
    assert software and "(seen 2025-01-01)" in software[0]["what"]


# --- regions and coverage --------------------------------------------------------------------------

def test_region_rows_count_every_member() -> None:
    rows = region_rows(shipped(), date(2025, 6, 1))
    assert len(rows) == 15 and sum(r["members"] for r in rows) == 570
    assert all(r["coverage"] == 1.0 for r in rows)
    limburg = next(r for r in region_rows(shipped(), date(2021, 6, 1)) if r["id"] == "limburg")
    assert (limburg["members"], limburg["territory"], limburg["coverage"]) == (0, 0, None)


def test_region_detail_shows_the_changes_of_the_year_before() -> None:
    dataset = shipped()
    waasland = region_detail(dataset, dataset.regions["waasland"], date(2023, 6, 1))
    assert [(c["date"], c["kind"], c["id"]) for c in waasland["changes_last_year"]] == [
        ("2023-03-19", "moved", "gemeente-11056"), ("2023-03-19", "moved", "ocmw-11056")]
    assert waasland["coverage"]["share"] == 1.0 and waasland["counts"] == {"gemeente": 10, "ocmw": 10}
    antwerp = region_detail(dataset, dataset.regions["regio-antwerpen"], date(2023, 6, 1))
    assert antwerp["changes_last_year"][0]["detail"] == "moved from Regio Antwerpen to Waasland"


def test_the_2025_change_of_codes_is_not_a_join() -> None:
    dataset = shipped()
    detail = region_detail(dataset, dataset.regions["regio-antwerpen"], date(2025, 6, 1))
    aartselaar = next(m for m in detail["members"] if m["id"] == "gemeente-11001")
    assert aartselaar["since"] == "2021-03-12"
    assert [(c["kind"], c["id"]) for c in detail["changes_last_year"]] == [
        ("merged", "gemeente-11002"), ("merged", "ocmw-11002")]  # Antwerpen absorbed Borsbeek


def test_coverage_by_province_and_by_region() -> None:
    rows = {r["group"]: r for r in coverage(shipped(), date(2021, 6, 1))}
    assert (rows["Limburg"]["valid"], rows["Limburg"]["members"], rows["Limburg"]["share"]) == (84, 0, 0.0)
    assert (rows["Total"]["valid"], rows["Total"]["members"], rows["Total"]["unaffiliated"]) == (600, 516, 84)
    by_region = {r["group"]: r for r in coverage(shipped(), date(2021, 6, 1), by="region")}
    assert by_region["(in no reference region)"]["unaffiliated"] == 84
    assert by_region["Total"]["valid"] == 600


def test_a_government_that_leaves_and_rejoins(tmp_path: Path) -> None:
    from .conftest import base_tree

    data = base_tree(tmp_path)
    region = data / "regions" / "regio-antwerpen.yaml"
    region.write_text(region.read_text().replace(
        "  - government: ocmw-11002  # Antwerpen\n    from: 2021-03-12\n",
        "  - government: ocmw-11002  # Antwerpen\n    from: 2021-03-12\n    until: 2022-06-30\n    sources: [refreg]\n"
        "  - government: ocmw-11002  # Antwerpen\n    from: 2023-01-01\n"))
    dataset, problems = load_dataset(data)
    assert problems == []
    gap = unaffiliated(dataset, date(2022, 9, 1))
    assert "ocmw-11002" in {g.id for g in gap.governments}
    detail = region_detail(dataset, dataset.regions["regio-antwerpen"], date(2023, 6, 1))
    assert next(m for m in detail["members"] if m["id"] == "ocmw-11002")["since"] == "2023-01-01"
    assert [(c["date"], c["kind"], c["id"]) for c in detail["changes_last_year"]] == [
        ("2022-07-01", "left", "ocmw-11002"), ("2023-01-01", "joined", "ocmw-11002"),
        ("2023-03-19", "moved", "gemeente-11056")]


def test_pdca_matrix_on_synthetic_data(tmp_path: Path) -> None:
    data = write_synthetic(tmp_path / "synthetic", SHIPPED_DATA, governments=5)
    dataset = load_dataset(data)[0]
    region = dataset.regions["waasland"]
    steps = [s for s in region.cycle if s.interval.contains(date(2026, 6, 1))]
    matrix = region_detail(dataset, region, date(2026, 6, 1))["pdca"]
    assert len(matrix) == len({s.block for s in steps}) > 0
    for row in matrix:
        step = next(s for s in steps if s.block == row["block"])
        assert row[step.phase] == step.step
        assert [p for p in ("dissemination", "adoption", "innovation", "standardisation") if row[p]] == [step.phase]


# --- suggestions -----------------------------------------------------------------------------------

def test_limburg_in_2021_is_pointed_to_the_circle_it_joins_in_2022() -> None:
    dataset = shipped()
    outside = unaffiliated(dataset, date(2021, 6, 1)).governments
    suggestions = suggest_regions(dataset, SHIPPED_DATA, date(2021, 6, 1), outside)
    assert {s.region for s in suggestions.values()} == {"limburg"}
    assert suggestions["gemeente-73001"].reason == "it is member of Limburg from 2022-02-04"


def _copy_without(tmp_path: Path, nis: str) -> Path:
    """The shipped data, minus every membership and territory record of one municipality."""
    data = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, data)
    for path in [*data.glob("regions/*.yaml"), data / "reference-regions.yaml"]:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept, skipping = [], False
        for line in lines:
            if line.lstrip().startswith("- government:"):
                skipping = nis in line
            elif not line.startswith("    ") or line.lstrip().startswith("- "):
                skipping = False
            if not skipping:
                kept.append(line)
        path.write_text("".join(kept), encoding="utf-8")
    return data


def test_neighbours_decide_when_nothing_else_does(tmp_path: Path) -> None:
    data = _copy_without(tmp_path, "73001")  # Alken
    dataset, problems = load_dataset(data)
    assert problems == []
    day = date(2023, 6, 1)
    outside = unaffiliated(dataset, day).governments
    assert {g.id for g in outside} == {"gemeente-73001", "ocmw-73001"}
    suggestion = suggest_regions(dataset, data, day, outside, tmp_path / "cache")["gemeente-73001"]
    assert suggestion.region == "limburg"
    assert suggestion.reason.startswith("4 of its 4 neighbouring municipalities belong to Limburg (")
    assert "Hasselt" in suggestion.reason
    assert list((tmp_path / "cache").glob("neighbours-*.json")), "the neighbours were not cached"


def test_an_ocmw_follows_its_municipality_and_lineage_is_the_last_resort(tmp_path: Path) -> None:
    from .conftest import base_tree

    data = base_tree(tmp_path)
    dataset = load_dataset(data)[0]
    day = date(2024, 6, 1)
    outside = unaffiliated(dataset, day).governments
    suggestions = suggest_regions(dataset, None, day, outside)
    assert suggestions["ocmw-11007"].region == "regio-antwerpen"
    assert suggestions["ocmw-11007"].reason == "its municipality Borsbeek belongs to Regio Antwerpen"
    write_tree(data, {"regions/regio-antwerpen.yaml": (data / "regions" / "regio-antwerpen.yaml").read_text().replace(
        "  - government: gemeente-11007  # Borsbeek\n    from: 2021-03-12\n    until: 2024-12-31\n", "")})
    dataset = load_dataset(data)[0]
    borsbeek = suggest_regions(dataset, None, day, [dataset.governments["gemeente-11007"]])["gemeente-11007"]
    assert borsbeek.region == "regio-antwerpen"
    assert borsbeek.reason == "its successor Antwerpen (gemeente-11002) belongs to Regio Antwerpen"


# --- command line ----------------------------------------------------------------------------------

def _json(schema: str, *args: str) -> object:
    result = runner.invoke(app, [*args, "--data", str(SHIPPED_DATA), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    validator = Draft202012Validator(json.loads((REPO / "docs" / "json" / f"{schema}.schema.json").read_text()))
    errors = [e.message for e in validator.iter_errors(document)]
    assert errors == []
    return document


def test_json_outputs_match_their_documented_schemas() -> None:
    assert len(_json("governments", "governments", "--on", "2016-01-01")) == 616  # type: ignore[arg-type]
    assert _json("government-show", "government", "show", "Zwijndrecht")["id"] == "gemeente-11056"  # type: ignore[index]
    assert len(_json("regions", "regions")) == 15  # type: ignore[arg-type]
    assert _json("region-show", "region", "show", "Waasland", "--on", "2023-06-01")["counts"] == {"gemeente": 10, "ocmw": 10}  # type: ignore[index]
    assert _json("coverage", "coverage", "--by", "region")[-1]["group"] == "Total"  # type: ignore[index]
    rows = _json("unaffiliated", "unaffiliated", "--on", "2021-06-01", "--suggest")
    assert len(rows) == 84 and rows[0]["suggested_region"] == "limburg"  # type: ignore[arg-type, index]
    _json("validate", "validate")


@pytest.mark.parametrize("args", [
    ["governments", "--province", "limburg"], ["government", "show", "gemeente-44083"],
    ["regions", "--on", "2023-06-01"], ["region", "show", "regio-gent"], ["coverage", "--by", "region"],
])
def test_table_and_csv_views(args: list[str]) -> None:
    table = runner.invoke(app, [*args, "--data", str(SHIPPED_DATA)])
    assert table.exit_code == 0, table.output
    assert table.stdout.strip()
    data = runner.invoke(app, [*args, "--data", str(SHIPPED_DATA), "--format", "csv"])
    assert data.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(data.stdout)))
    assert rows and all(rows[0].keys())


def test_a_name_used_over_time_means_the_government_of_today_when_no_date_is_given(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("VLAVIRGEM_TODAY", "2026-11-28")
    today = runner.invoke(app, ["government", "show", "Deinze", "--data", str(SHIPPED_DATA)])
    assert today.exit_code == 0, today.output
    assert today.stdout.startswith("Deinze (gemeente-44083)")
    monkeypatch.setenv("VLAVIRGEM_TODAY", "2018-06-01")
    before = runner.invoke(app, ["government", "show", "Deinze", "--data", str(SHIPPED_DATA)])
    assert before.stdout.startswith("Deinze (gemeente-44011)")


def test_a_name_two_governments_bear_on_one_day_is_refused_with_both_listed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    dataset = shipped()
    twin = replace(dataset.governments["gemeente-44083"], id="gemeente-99999", nis="99999")
    crowded = replace(dataset, governments={**dataset.governments, twin.id: twin})
    with pytest.raises(UsageError, match=r"fits 3 governments over time: .*gemeente-44083.*gemeente-99999.*Name it by id\.$"):
        resolve_government(crowded, "Deinze", on=date(2026, 11, 28))


@pytest.mark.parametrize(("args", "message"), [
    (["government", "show", "Atlantis"], "no gemeente has the name 'Atlantis'"),
    (["region", "show", "wasland"], "did you mean 'waasland'"),
    (["governments", "--region", "nowhere"], "there is no region 'nowhere'"),
])
def test_unknown_or_ambiguous_names_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--data", str(SHIPPED_DATA)])
    assert result.exit_code == 2
    assert message in result.stderr
