"""Networks besides the knowledge circles: on the shipped data against the reference CSVs, and on a
synthetic dataset for the rules the real data does not exercise."""

from __future__ import annotations

import csv
import itertools
import shutil
import sqlite3
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vlavirgem.cli import app
from vlavirgem.core.dataset import load_dataset
from vlavirgem.core.model import Dataset
from vlavirgem.queries.affiliation import unaffiliated, valid_governments
from vlavirgem.queries.network_coverage import kind_coverage, unaffiliated_in
from vlavirgem.queries.network_suggest import suggest_networks
from vlavirgem.queries.networks import Day, member_ids, resolve_network_kind
from vlavirgem.queries.partners import government_networks, partners
from vlavirgem.queries.suggest import suggest_regions

from .conftest import CASES, SHIPPED_DATA, base_tree

REFERENCE = SHIPPED_DATA.parent.parent / "shared" / "reference"
needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference is not beside this clone")
runner = CliRunner()
IGS = "igs-wonen"
ASSOCIATION = "intergemeentelijke-vereniging"


@cache
def shipped() -> Dataset:
    dataset, problems = load_dataset(SHIPPED_DATA)
    assert problems == []
    return dataset


def reference_rows(name: str) -> list[dict[str, str]]:
    with open(REFERENCE / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@needs_reference
@pytest.mark.parametrize(("day", "snapshot", "count"), [
    (date(2025, 6, 1), "pinc20250703", 34), (date(2025, 12, 31), "pinc20250703", 34),
    (date(2026, 6, 1), "pinc20260309", 22), (date(2026, 1, 1), "pinc20260309", 22),
])
def test_in_no_igs_wonen_project_is_exactly_the_source_igs999(day: date, snapshot: str, count: int) -> None:
    marked = {f"gemeente-{r['nis_code']}" for r in reference_rows("igs-members.csv")
              if r["igs_id"] == f"{snapshot}-igs999"}
    result = unaffiliated_in(shipped(), day, IGS, government_kind="gemeente")
    assert {g.id for g in result.governments} == marked
    assert len(marked) == count


def test_every_in_none_statement_agrees_with_the_memberships_on_each_of_its_days() -> None:
    dataset = shipped()
    for kind in dataset.network_kinds.values():
        for statement in kind.in_none:
            for day in filter(None, (statement.interval.start, statement.interval.end)):
                outside = {g.id for g in unaffiliated_in(dataset, day, kind.id, government_kind="gemeente").governments}
                assert set(statement.governments) == outside, (kind.id, day)


def test_before_the_first_igs_snapshot_everybody_is_outside_with_a_note() -> None:
    result = unaffiliated_in(shipped(), date(2024, 6, 1), IGS, government_kind="gemeente")
    assert len(result.governments) == result.valid_count == 300
    assert any("before the first recorded membership" in note for note in result.notes)


@needs_reference
def test_gent_is_in_its_circle_and_exactly_the_associations_the_portal_lists() -> None:
    dataset = shipped()
    gent = dataset.governments["gemeente-44021"]
    expected = {r["igs_name"] for r in reference_rows("igs-participants.csv") if r["member_nis"] == "44021"}
    found = government_networks(dataset, gent, date(2026, 6, 1))
    by_kind: dict[str, set[str]] = {}
    for row in found["networks"]:
        by_kind.setdefault(row["kind"], set()).add(row["name"])
    assert by_kind == {"kenniskring": {"Regio Gent"}, ASSOCIATION: expected}
    assert len(expected) == 8 and {"Digipolis", "IVAGO", "TMVW"} <= expected
    assert all(row["sources"] for row in found["networks"])
    assert [entry["kind"] for entry in found["in_none"]] == [IGS]
    assert "pinc-gebiedsniveaus-2026-03-09" in found["in_none"][0]["why"]


def test_cli_government_show_gent_lists_associations_and_no_igs_wonen() -> None:
    result = runner.invoke(app, ["government", "show", "Gent", "--on", "2026-06-01", "--data", str(SHIPPED_DATA)])
    assert result.exit_code == 0
    for name in ("Regio Gent", "Digipolis", "IVAGO", "TMVW", "2023-09-14",
                 "takes part in no IGS wonen project"):
        assert name in result.stdout, name


def test_observed_memberships_end_with_a_merged_municipality_and_pass_to_no_successor() -> None:
    dataset = shipped()
    borsbeek, antwerpen = "gemeente-11007", "gemeente-11002"
    before, after = date(2024, 6, 1), date(2025, 6, 1)
    borsbeek_networks = {n.id for n, _t in Day(dataset, before, ASSOCIATION).members[borsbeek]}
    assert borsbeek_networks
    assert borsbeek not in Day(dataset, after, ASSOCIATION).members
    antwerpen_before = {n.id for n, _t in Day(dataset, before, ASSOCIATION).members[antwerpen]}
    antwerpen_after = {n.id for n, _t in Day(dataset, after, ASSOCIATION).members[antwerpen]}
    assert antwerpen_after == antwerpen_before  # nothing of Borsbeek's was moved to it
    # before the day the links were recorded, no association membership is known at all
    assert not member_ids(dataset, date(2023, 9, 13), ASSOCIATION)


def test_the_new_municipalities_of_2025_are_in_no_association_and_suggest_names_their_predecessors() -> None:
    dataset = shipped()
    day = date(2026, 12, 1)
    result = unaffiliated_in(dataset, day, ASSOCIATION, government_kind="gemeente")
    new = {g.id for g in valid_governments(dataset, day)
           if g.kind == "gemeente" and g.validity.start == date(2025, 1, 1)
           and not any(p.kbo == g.kbo for p in dataset.governments.values() if p.successor == g.id)}
    assert {g.id for g in result.governments} == new and len(new) == 4
    answers = suggest_networks(dataset, day, result.governments, ASSOCIATION)
    pajottegem = answers["gemeente-23106"]
    assert pajottegem[0] in dataset.networks
    assert pajottegem[1].startswith("its predecessors were members of") and "Galmaarden" in pajottegem[1]


def test_partners_are_ranked_by_shared_networks_and_name_them() -> None:
    dataset = shipped()
    day = date(2026, 6, 1)
    gent = dataset.governments["gemeente-44021"]
    rows = partners(dataset, gent, day, ASSOCIATION)
    assert rows and rows[0]["name"] == "Destelbergen"
    assert [r["shared"] for r in rows] == sorted((r["shared"] for r in rows), reverse=True)
    own = {n.id for n, _t in Day(dataset, day, ASSOCIATION).members[gent.id]}
    for row in rows:
        theirs = {n.id for n, _t in Day(dataset, day, ASSOCIATION).members[row["id"]]}
        assert set(row["network_ids"]) == own & theirs and row["shared"] == len(own & theirs)
    ranks = [r["rank"] for r in rows]
    assert ranks[0] == 1 and all(a <= b for a, b in itertools.pairwise(ranks))


def test_unaffiliated_without_network_is_the_knowledge_circle_answer() -> None:
    args = ["unaffiliated", "--on", "2021-06-01", "--kind", "gemeente", "--data", str(SHIPPED_DATA)]
    plain = runner.invoke(app, args)
    explicit = runner.invoke(app, [*args, "--network", "kenniskring"])
    assert plain.exit_code == explicit.exit_code == 0
    assert plain.stdout == explicit.stdout
    assert "42 of 300 governments valid on 2021-06-01 belong to no region." in plain.stdout
    assert {g.id for g in unaffiliated(shipped(), date(2021, 6, 1), kind="gemeente").governments} == {
        g.id for g in valid_governments(shipped(), date(2021, 6, 1)) if g.province == "limburg" and g.kind == "gemeente"}


def test_a_wrong_network_kind_is_wrong_usage() -> None:
    result = runner.invoke(app, ["unaffiliated", "--network", "vzw", "--data", str(SHIPPED_DATA)])
    assert result.exit_code == 2
    assert "no network kind 'vzw'" in result.stderr
    assert resolve_network_kind("igs") == IGS and resolve_network_kind("inter") == ASSOCIATION


def test_coverage_totals_count_each_government_once_for_networks_without_territory() -> None:
    dataset = shipped()
    day = date(2026, 6, 1)
    for by in ("province", "region"):
        rows = kind_coverage(dataset, day, ASSOCIATION, by)
        total = rows[-1]
        assert total["valid"] == len(valid_governments(dataset, day))
        assert total["members"] == len(member_ids(dataset, day, ASSOCIATION))
        assert total["valid"] == sum(r["valid"] for r in rows[:-1])


def test_sqlite_export_has_network_views(tmp_path: Path) -> None:
    out = tmp_path / "x.sqlite"
    result = runner.invoke(app, ["export", "--to", "sqlite", "--out", str(out), "--on", "2026-06-01",
                                 "--data", str(SHIPPED_DATA)])
    assert result.exit_code == 0, result.stderr
    connection = sqlite3.connect(out)
    rows = connection.execute("SELECT network_kind, networks FROM networks_per_government "
                              "WHERE government_id = 'gemeente-44021' ORDER BY network_kind").fetchall()
    assert rows == [("intergemeentelijke-vereniging", 8), ("kenniskring", 1)]
    members = connection.execute("SELECT COUNT(*) FROM network_members WHERE network_id = 'ivago'").fetchone()
    assert members == (len(Day(shipped(), date(2026, 6, 1), ASSOCIATION).members_of(
        next(v for v in Day(shipped(), date(2026, 6, 1), ASSOCIATION).networks if v.id == "ivago"))),)


# ------------------------------------------------------------------------- synthetic dataset

def synthetic(tmp_path: Path) -> Path:
    """The base dataset with the golden valid case's synthetic networks and a synthetic circle."""
    data = base_tree(tmp_path)
    shutil.copytree(CASES / "valid" / "networks-dated-and-observed" / "data", data, dirs_exist_ok=True)
    (data / "regions" / "proefkring.yaml").write_text(
        "# a synthetic knowledge circle for tests\nid: proefkring\nname: Proefkring (synthetic)\nkind: kenniskring\n"
        "members:\n  - government: gemeente-99003  # Proefstad (synthetic)\n    from: 2020-01-01\n"
        "    sources: [statbel-refnis]\nsources: [statbel-refnis]\n", encoding="utf-8")
    vereniging = data / "networks" / ASSOCIATION / "proefvereniging.yaml"
    vereniging.write_text(vereniging.read_text(encoding="utf-8").replace(
        "sources: [statbel-refnis]\n", "sources: [statbel-refnis]\n  - government: gemeente-99003  # Proefstad "
        "(synthetic)\n    observed: 2023-09-14\n    sources: [statbel-refnis]\n", 1), encoding="utf-8")
    return data


def test_suggest_for_a_circle_uses_shared_networks_where_no_reference_region_helps(tmp_path: Path) -> None:
    dataset, problems = load_dataset(synthetic(tmp_path))
    assert problems == []
    day = date(2026, 1, 1)
    outside = unaffiliated(dataset, day, kind="gemeente").governments
    proefdorp = next(g for g in outside if g.id == "gemeente-99001")
    suggestion = suggest_regions(dataset, None, day, [proefdorp])["gemeente-99001"]
    assert suggestion.region == "proefkring"
    assert "shares networks with members of Proefkring" in suggestion.reason


def test_observed_membership_holds_from_its_day_dated_within_its_interval(tmp_path: Path) -> None:
    dataset, problems = load_dataset(synthetic(tmp_path))
    assert problems == []
    assert "gemeente-99002" not in Day(dataset, date(2023, 9, 13), ASSOCIATION).members
    assert "gemeente-99002" in Day(dataset, date(2024, 12, 31), ASSOCIATION).members
    assert "gemeente-99002" not in Day(dataset, date(2025, 1, 1), ASSOCIATION).members  # merged away
    assert "gemeente-99001" in Day(dataset, date(2025, 12, 31), IGS).members
    assert "gemeente-99001" not in Day(dataset, date(2026, 1, 1), IGS).members


def _json(schema: str, *args: str) -> object:
    import json

    from jsonschema import Draft202012Validator

    result = runner.invoke(app, [*args, "--data", str(SHIPPED_DATA), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    validator = Draft202012Validator(json.loads((SHIPPED_DATA.parent / "docs" / "json" / f"{schema}.schema.json")
                                                .read_text(encoding="utf-8")))
    assert [e.message for e in validator.iter_errors(document)] == []
    return document


def test_network_json_outputs_match_their_documented_schemas() -> None:
    on = ("--on", "2026-06-01")
    assert _json("government-show", "government", "show", "Gent", *on)["networks"]  # type: ignore[index]
    assert _json("partners", "partners", "Gent", *on)[0]["rank"] == 1  # type: ignore[index]
    assert len(_json("networks", "regions", "--network", IGS, *on)) == 70  # type: ignore[arg-type]  (the 2026 snapshot)
    assert _json("network-show", "region", "show", "ivago", *on)["kind"] == ASSOCIATION  # type: ignore[index]
    assert _json("coverage", "coverage", "--network", IGS, *on)[-1]["group"] == "Total"  # type: ignore[index]
    rows = _json("unaffiliated", "unaffiliated", "--network", ASSOCIATION, "--suggest", *on)
    assert rows and all("suggested_network" in row for row in rows)  # type: ignore[union-attr, operator]
