"""``changes``: what changed between two dates, on the real data, on hand-built hard cases and on
generated data, and the command in every format."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from benchmarks.synthetic import write_synthetic
from vlavirgem.cli import app
from vlavirgem.commands.common import load
from vlavirgem.core.dataset import load_dataset
from vlavirgem.core.model import Dataset
from vlavirgem.core.problems import UsageError
from vlavirgem.queries.changes import changes
from vlavirgem.queries.changes.events import Change
from vlavirgem.queries.changes.memberships import membership_spans
from vlavirgem.queries.public import public_dataset

from .conftest import REPO, SHIPPED_DATA, base_tree, write_tree

runner = CliRunner()
D = date.fromisoformat


@cache
def shipped() -> Dataset:
    dataset, problems = load_dataset(SHIPPED_DATA)
    assert problems == []
    return dataset


def kinds(found: Any) -> Counter[str]:
    return Counter(c.kind for c in found.changes)


def brief(change: Change) -> tuple[str, str, str | None, str | None]:
    return (change.day.isoformat(), change.kind, change.government_id, change.region_id)


# --- the real data -----------------------------------------------------------------------------------------------

def test_zwijndrecht_moves_to_waasland_in_2023_and_nothing_else_changes() -> None:
    found = changes(shipped(), D("2023-01-01"), D("2023-12-31"))
    assert [brief(c) for c in found.changes] == [
        ("2023-03-19", "moved", "gemeente-11056", "waasland"), ("2023-03-19", "moved", "ocmw-11056", "waasland")]
    move = found.changes[0]
    assert (move.previous_region_id, move.previous_region_name) == ("regio-antwerpen", "Regio Antwerpen")
    assert move.detail == "moved from Regio Antwerpen to Waasland"


def test_the_2025_mergers_and_no_leave_or_join_for_the_new_nis_codes() -> None:
    found = changes(shipped(), D("2024-12-31"), D("2025-01-01"))
    assert set(kinds(found)) == {"merged", "new-software"}
    merged = [c for c in found.changes if c.kind == "merged"]
    assert len(merged) == 26  # 13 mergers, each of the gemeenten and of the OCMWs
    by_id = {c.government_id: c for c in merged}
    bkz = by_id["gemeente-46030"]
    assert bkz.predecessors == ("gemeente-46003", "gemeente-46013", "gemeente-11056")
    assert bkz.region_id == "waasland"
    assert bkz.detail == ("new gemeente, merged from Beveren (gemeente-46003), Kruibeke (gemeente-46013) and "
                          "Zwijndrecht (gemeente-11056)")
    assert by_id["gemeente-11002"].detail == "absorbed Borsbeek (gemeente-11007)"
    assert by_id["gemeente-23106"].region_id == "halle-vilvoorde"


def test_a_year_across_the_2025_boundary_has_no_membership_changes() -> None:
    found = changes(shipped(), D("2024-06-01"), D("2025-06-01"), kinds=["joined", "left", "moved"])
    assert found.changes == ()


def test_collapsed_spans_join_the_code_vintages_of_unmerged_municipalities() -> None:
    spans = membership_spans(shipped())
    assert [(s.region, s.start, s.end) for s in spans["gemeente-46021"]] == [("waasland", D("2021-03-12"), None)]
    assert [(s.region, s.start, s.end) for s in spans["gemeente-11056"]] == [
        ("regio-antwerpen", D("2021-03-12"), D("2023-03-18")), ("waasland", D("2023-03-19"), D("2024-12-31"))]


def test_limburg_joins_on_2022_02_04() -> None:
    found = changes(shipped(), D("2022-02-03"), D("2022-02-04"))
    assert kinds(found) == {"joined": 84}
    assert {c.region_id for c in found.changes} == {"limburg"}
    assert found.changes[0].government_name == "Alken" and found.changes[0].detail == "joined Limburg"
    # the window starts after --from: on 2022-02-04 itself the state already holds them
    assert changes(shipped(), D("2022-02-04"), D("2022-12-31"), kinds=["joined"]).changes == ()


def test_the_first_regions_and_the_2019_mergers() -> None:
    first = changes(shipped(), D("2021-03-11"), D("2021-03-12"))
    assert kinds(first) == {"joined": 516}  # every government outside Limburg
    mergers = changes(shipped(), D("2018-12-31"), D("2019-01-01"), kinds=["merged"])
    assert len(mergers.changes) == 14
    assert {c.region_id for c in mergers.changes} == {None}  # no region existed yet


def test_consecutive_windows_report_every_change_exactly_once() -> None:
    whole = changes(shipped(), D("2018-01-01"), D("2026-11-28")).changes
    parts = [changes(shipped(), a, b).changes
             for a, b in [(D("2018-01-01"), D("2021-03-12")), (D("2021-03-12"), D("2023-03-18")),
                          (D("2023-03-18"), D("2025-01-01")), (D("2025-01-01"), D("2026-11-28"))]]
    assert [c for part in parts for c in part] == list(whole)
    assert len(whole) > 800


def test_region_filter_keeps_both_sides_of_a_move_and_all_sides_of_a_merger() -> None:
    antwerp = changes(shipped(), D("2023-01-01"), D("2025-12-31"), region="regio-antwerpen")
    assert [brief(c) for c in antwerp.changes if c.kind != "new-software"] == [
        ("2023-03-19", "moved", "gemeente-11056", "waasland"), ("2023-03-19", "moved", "ocmw-11056", "waasland"),
        ("2025-01-01", "merged", "gemeente-11002", "regio-antwerpen"),
        ("2025-01-01", "merged", "ocmw-11002", "regio-antwerpen"),
        ("2025-02-14", "adoption", "gemeente-11044", "regio-antwerpen")]  # Stabroek's LPDC authorisation
    assert all("regio-antwerpen" in c.regions for c in antwerp.changes)


def test_new_software_from_observations_says_the_start_is_unknown() -> None:
    found = changes(shipped(), D("2022-11-17"), D("2022-11-18"), kinds=["new-software"])
    assert len(found.changes) == 112
    first = found.changes[0]
    assert first.detail.endswith("in-use, first observed on 2022-11-18 (start not recorded)")
    # a use whose first observation falls after its end (Borsbeek, merged away) does not start
    later = changes(shipped(), D("2024-12-31"), D("2025-01-01"), kinds=["new-software"])
    assert "gemeente-11007" not in {c.government_id for c in later.changes}


# --- hand-built hard cases ------------------------------------------------------------------------------------------

PORTFOLIO = {
    "government": "gemeente-99001",
    "software": [
        {"product": "acme-notulen", "status": "planned", "from": "2021-01-01", "until": "2021-12-31"},
        {"product": "acme-notulen", "status": "in-use", "from": "2022-01-01", "until": "2023-06-30"},
        {"product": "acme-zaken", "status": "in-use", "observed": ["2023-02-01"]},
    ],
    "building_blocks": [
        {"block": "magda", "status": "aware", "from": "2020-01-01", "until": "2021-05-31"},
        {"block": "magda", "status": "planned", "from": "2021-06-01", "until": "2022-02-28"},
        {"block": "magda", "status": "in-use", "from": "2022-03-01"},
    ],
    "security_plan": [
        {"status": "none", "from": "2016-01-01", "until": "2021-12-31"},
        {"status": "in-preparation", "from": "2022-01-01", "until": "2022-09-30"},
        {"status": "adopted", "from": "2022-10-01"},
    ],
}
PRODUCT = {"id": "acme-zaken", "name": "Acme Zaken (synthetic)", "vendor": "acme-software", "domain": "burgerzaken",
           "sources": ["statbel-refnis"]}


@pytest.fixture
def hard(tmp_path: Path) -> Dataset:
    """The base dataset with a portfolio history, split and broken memberships and an internal one."""
    root = base_tree(tmp_path)
    antwerp = (root / "regions" / "regio-antwerpen.yaml").read_text()
    antwerp = antwerp.replace(
        "  - government: gemeente-11002  # Antwerpen\n    from: 2021-03-12\n",
        "  - government: gemeente-11002  # Antwerpen\n    from: 2021-03-12\n    until: 2024-12-31\n"
        "  - government: gemeente-11002\n    from: 2025-01-01\n"
        "  - government: gemeente-99001\n    from: 2021-03-12\n    until: 2022-06-30\n"
        "  - government: gemeente-99001\n    from: 2022-08-01\n    visibility: internal\n")
    register = (root / "governments" / "proefprovincie.yaml").read_text()
    register += ("  - id: gemeente-99002\n    kind: gemeente\n    nis: '99002'\n    name: Nieuwdorp (synthetic)\n"
                 "    arrondissement: {nis: '99000', name: Proefarrondissement}\n    valid_from: 2020-01-01\n"
                 "    sources: [statbel-refnis]\n")
    write_tree(root, {"regions/regio-antwerpen.yaml": antwerp, "catalog/portfolios/gemeente-99001.yaml": PORTFOLIO,
                      "catalog/products/acme-zaken.yaml": PRODUCT, "governments/proefprovincie.yaml": register})
    dataset, problems = load_dataset(root)
    assert [p for p in problems if p.is_error] == []
    return dataset


def test_hard_cases_over_the_whole_history(hard: Dataset) -> None:
    found = changes(hard, D("2015-01-01"), D("2026-11-28"))
    rows = [(*brief(c), c.detail) for c in found.changes if c.government_id == "gemeente-99001"]
    assert rows == [
        ("2020-01-01", "adoption", "gemeente-99001", None, "MAGDA: aware (first record)"),
        ("2021-01-01", "new-software", "gemeente-99001", None, "Acme Notulen (synthetic) (Acme Software (synthetic)): planned"),
        ("2021-03-12", "joined", "gemeente-99001", "regio-antwerpen", "joined Regio Antwerpen"),
        ("2021-06-01", "adoption", "gemeente-99001", "regio-antwerpen", "MAGDA: aware → planned"),
        ("2022-01-01", "new-software", "gemeente-99001", "regio-antwerpen",
         "Acme Notulen (synthetic) (Acme Software (synthetic)): planned → in-use"),
        ("2022-03-01", "adoption", "gemeente-99001", "regio-antwerpen", "MAGDA: planned → in-use"),
        ("2022-07-01", "left", "gemeente-99001", "regio-antwerpen", "left Regio Antwerpen (member until 2022-06-30)"),
        ("2022-10-01", "security-plan-adopted", "gemeente-99001", None,
         "information-security plan adopted (was in-preparation)"),
        ("2023-02-01", "new-software", "gemeente-99001", None,
         "Acme Zaken (synthetic) (Acme Software (synthetic)): in-use, first observed on 2023-02-01 (start not recorded)"),
        ("2023-07-01", "software-stopped", "gemeente-99001", None,
         "Acme Notulen (synthetic) (Acme Software (synthetic)): in-use until 2023-06-30"),
    ]
    adoption = next(c for c in found.changes if c.detail == "MAGDA: planned → in-use")
    assert (adoption.subject_id, adoption.status, adoption.previous_status) == ("magda", "in-use", "planned")
    pdca = [c for c in found.changes if c.kind == "pdca-step"]
    assert [(c.day, c.region_id, c.government_id, c.status) for c in pdca] == [
        (D("2022-01-01"), "regio-antwerpen", None, "adoption: do")]
    created = [(*brief(c), c.detail) for c in found.changes if c.kind == "created"]
    assert created == [("2020-01-01", "created", "gemeente-99002", None, "new gemeente Nieuwdorp (synthetic)")]
    # Antwerpen's two records (split at the new codes) are one membership: joined once, never left
    assert [c.kind for c in found.changes if c.government_id == "gemeente-11002"] == ["joined", "merged"]
    # Borsbeek ends with its government and Antwerpen (its successor) is in the same region: no "left"
    assert [c.kind for c in found.changes if c.government_id == "gemeente-11007"] == ["joined"]


def test_internal_records_count_only_when_asked(hard: Dataset) -> None:
    public = changes(hard, D("2022-07-31"), D("2022-08-01"))
    assert public.changes == ()
    internal = changes(hard, D("2022-07-31"), D("2022-08-01"), include_internal=True)
    assert [brief(c) for c in internal.changes] == [("2022-08-01", "joined", "gemeente-99001", "regio-antwerpen")]


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("2022-06-30", "2022-07-01", ["left"]),       # ends on FROM: in effect the next day, inside
    ("2022-06-29", "2022-06-30", []),             # ends on TO: still a member on TO
    ("2021-03-11", "2021-03-12", ["joined"]),      # starts on TO: inside
    ("2021-03-12", "2021-03-13", []),              # starts on FROM: already a member on FROM
])
def test_window_ends(hard: Dataset, start: str, end: str, expected: list[str]) -> None:
    found = changes(hard, D(start), D(end), kinds=["joined", "left"])
    assert [c.kind for c in found.changes if c.government_id == "gemeente-99001"] == expected


def test_a_merger_into_another_region_is_a_leave_with_the_reason(tmp_path: Path) -> None:
    root = base_tree(tmp_path)
    register = (root / "governments" / "proefprovincie.yaml").read_text()
    write_tree(root, {
        "governments/proefprovincie.yaml": register.replace(
            "    sources: [statbel-refnis]\n", "    valid_until: 2024-12-31\n    successor: gemeente-46030\n"
                                               "    sources: [statbel-refnis]\n", 1),
        "catalog/portfolios/gemeente-99001.yaml": {"government": "gemeente-99001", "software": [
            {"product": "acme-notulen", "status": "in-use", "from": "2022-01-01", "until": "2024-12-31"}]},
    })
    antwerp = root / "regions" / "regio-antwerpen.yaml"
    antwerp.write_text(antwerp.read_text().replace(
        "cycle:", "  - government: gemeente-99001\n    from: 2021-03-12\n    until: 2024-12-31\ncycle:"))
    dataset, problems = load_dataset(root)
    assert [p for p in problems if p.is_error] == []
    found = changes(dataset, D("2024-12-31"), D("2025-01-01"))
    assert [(*brief(c), c.detail) for c in found.changes] == [
        ("2025-01-01", "merged", "gemeente-11002", "regio-antwerpen", "absorbed Borsbeek (gemeente-11007)"),
        ("2025-01-01", "merged", "ocmw-11002", "regio-antwerpen", "absorbed Borsbeek (ocmw-11007)"),
        ("2025-01-01", "merged", "gemeente-46030", "waasland",
         "new gemeente, merged from Proefdorp (synthetic) (gemeente-99001) and Zwijndrecht (gemeente-11056)"),
        # Waasland gains what was Proefdorp's, Regio Antwerpen loses it
        ("2025-01-01", "joined", "gemeente-46030", "waasland", "new gemeente from a merger; joined Waasland"),
        ("2025-01-01", "left", "gemeente-99001", "regio-antwerpen",
         "left Regio Antwerpen: merged into Beveren-Kruibeke-Zwijndrecht, in Waasland"),
    ]  # the software ends with its government: not "stopped"
    assert found.changes[2].regions == {"waasland", "regio-antwerpen"}


def test_wrong_windows_and_kinds_are_usage_errors(hard: Dataset) -> None:
    with pytest.raises(UsageError, match=r"--from \(2025-01-01\) must lie before --to \(2025-01-01\)"):
        changes(hard, D("2025-01-01"), D("2025-01-01"))
    with pytest.raises(UsageError, match="--kind 'joins' is not a kind of change; choose from: merged, created"):
        changes(hard, D("2020-01-01"), D("2025-01-01"), kinds=["joins"])


# --- generated data ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    root = write_synthetic(tmp_path_factory.mktemp("synthetic") / "data", SHIPPED_DATA, governments=25)
    dataset, problems = load_dataset(root)
    assert [p for p in problems if p.is_error] == []
    return dataset


def test_generated_portfolios_report_each_record_start(generated: Dataset) -> None:
    start, end = D("2017-01-01"), D("2020-12-31")
    found = changes(generated, start, end, kinds=["adoption", "security-plan-adopted", "pdca-step"])
    expected = Counter(
        {"adoption": sum(1 for p in generated.portfolios.values() for a in p.building_blocks
                         if start < a.interval.start <= end),  # type: ignore[operator]
         "security-plan-adopted": sum(1 for p in generated.portfolios.values() for s in p.security_plan
                                      if s.status == "adopted" and start < s.interval.start <= end),  # type: ignore[operator]
         "pdca-step": sum(1 for r in generated.regions.values() for s in r.cycle
                          if start < s.interval.start <= end)})  # type: ignore[operator]
    assert kinds(found) == +expected
    assert min(expected.values()) > 0
    for change in found.changes:
        if change.kind == "adoption" and change.previous_status:
            assert " → " in change.detail and change.detail.endswith(f"{change.previous_status} → {change.status}")
        if change.kind == "security-plan-adopted":
            assert change.status == "adopted" and change.previous_status in (None, "none", "in-preparation")


# --- the command --------------------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def loaded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command reads the shipped data as every command does; here it gets the copy read once."""
    monkeypatch.setattr("vlavirgem.commands.changes.load",
                        lambda data, include_internal: shipped() if include_internal else public_dataset(shipped()))


def invoke(*args: str) -> Any:
    result = runner.invoke(app, ["changes", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_cli_reads_the_data_folder_given(base_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vlavirgem.commands.changes.load", load)
    result = runner.invoke(app, ["changes", "--data", str(base_data), "--from", "2021-01-01", "--to", "2025-01-01",
                                 "--kind", "moved", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [(r["government_id"], r["region_id"]) for r in json.loads(result.stdout)] == [("gemeente-11056", "waasland")]


def test_cli_table() -> None:
    result = invoke("--from", "2023-01-01", "--to", "2023-12-31")
    assert result.exit_code == 0
    assert "Changes after 2023-01-01, up to and including 2023-12-31" in result.stdout
    assert "moved from Regio Antwerpen to Waasland" in result.stdout
    assert "ocmw-11056" in result.stdout
    assert result.stdout.rstrip().endswith("2 changes: 2 moved.")


def test_cli_json_matches_its_schema() -> None:
    result = invoke("--from", "2024-12-31", "--to", "2025-01-01", "--kind", "merged", "--kind", "moved",
                    "--region", "Waasland", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    schema = json.loads((REPO / "docs" / "json" / "changes.schema.json").read_text())
    assert [e.message for e in Draft202012Validator(schema).iter_errors(rows)] == []
    assert [(r["government_id"], r["predecessors"]) for r in rows] == [
        ("gemeente-46030", ["gemeente-46003", "gemeente-46013", "gemeente-11056"]),
        ("ocmw-46030", ["ocmw-46003", "ocmw-46013", "ocmw-11056"]),
        ("gemeente-46029", ["gemeente-46014", "gemeente-44045"]), ("ocmw-46029", ["ocmw-46014", "ocmw-44045"])]
    assert result.stderr.strip() == "4 changes: 4 merged."


def test_cli_csv_and_default_window() -> None:
    result = invoke("--to", "2023-06-01", "--kind", "moved", "--format", "csv")  # --from: a year before
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["date"], r["kind"], r["government_id"], r["previous_region_id"], r["predecessors"]) for r in rows] == [
        ("2023-03-19", "moved", "gemeente-11056", "regio-antwerpen", ""),
        ("2023-03-19", "moved", "ocmw-11056", "regio-antwerpen", "")]
    merged = invoke("--from", "2024-12-31", "--to", "2025-01-01", "--kind", "merged", "--format", "csv")
    assert "gemeente-71022; gemeente-73040" in merged.stdout  # Hasselt and Kortessem


def test_cli_today_has_no_changes_in_the_last_year() -> None:
    result = invoke()
    assert result.exit_code == 0
    assert result.stdout.strip() == "No changes after 2025-11-28, up to and including 2026-11-28."


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "2025-01-01", "--to", "2024-01-01"], "--from (2025-01-01) must lie before --to (2024-01-01)"),
    (["--from", "1 januari"], "--from '1 januari' is not a date"),
    (["--kind", "fusion"], "--kind 'fusion' is not a kind of change"),
    (["--region", "waasand"], "there is no region 'waasand'; did you mean 'waasland'"),
])
def test_cli_usage_errors(args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
