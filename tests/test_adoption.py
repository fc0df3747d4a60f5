"""Building blocks: adoption counts by region and province, the regions' PDCA step; ``blocks`` and
``block show`` in every format."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from vlavirgem.core.dataset import load_dataset
from vlavirgem.core.model import Dataset
from vlavirgem.queries import adoption
from vlavirgem.queries.scope import scope

from .catalog_tree import run, validated
from .conftest import SHIPPED_DATA

D = date(2024, 6, 1)


SYNTHETIC = (120, 3)  # governments, seed of the module's generated dataset


def counts(tally: adoption.Tally) -> tuple[int, ...]:
    return (tally.aware, tally.planned, tally.in_use, tally.stopped, tally.no_record, tally.governments)


def test_tally() -> None:
    assert counts(adoption.tally(["aware", "in-use", None, "in-use", "stopped"])) == (1, 0, 2, 1, 1, 5)
    assert counts(adoption.tally([])) == (0, 0, 0, 0, 0, 0)


def test_blocks_on_two_dates(small: Dataset) -> None:
    [magda] = adoption.blocks(scope(small, D))
    assert (magda.id, magda.provider, magda.regions_in_cycle) == ("magda", "Digitaal Vlaanderen", 1)
    # Antwerpen and Proefdorp in use, Borsbeek stopped; the OCMW's planned record is internal
    assert counts(magda.tally) == (0, 0, 2, 1, 3, 6)
    [earlier] = adoption.blocks(scope(small, date(2020, 6, 1)))
    assert counts(earlier.tally) == (1, 0, 1, 0, 4, 6)
    assert earlier.regions_in_cycle == 0  # Regio Antwerpen's step starts in 2022
    [internal] = adoption.blocks(scope(small, D, include_internal=True))
    assert counts(internal.tally) == (0, 1, 2, 1, 2, 6)
    assert internal.regions_in_cycle == 2  # Waasland's step is internal


def test_block_detail_by_region_and_province(small: Dataset) -> None:
    detail = adoption.block_detail(scope(small, D), small.blocks["magda"])
    regions = [(r.group, r.phase, r.step, r.step_from, counts(r.tally)) for r in detail.by_region]
    assert regions == [
        ("regio-antwerpen", "adoption", "do", date(2022, 1, 1), (0, 0, 1, 1, 1, 3)),
        ("waasland", None, None, None, (0, 0, 0, 0, 1, 1)),
        (None, None, None, None, (0, 0, 1, 0, 1, 2)),
    ]
    assert detail.by_region[-1].group_name == "(no region)"
    provinces = [(r.group, counts(r.tally)) for r in detail.by_province]
    assert provinces == [("antwerpen", (0, 0, 1, 1, 3, 5)), ("proefprovincie", (0, 0, 1, 0, 0, 1))]
    assert detail.notes == ()


def test_block_detail_shows_a_region_in_cycle_without_members(small: Dataset) -> None:
    # after the mergers Waasland has only Beveren-Kruibeke-Zwijndrecht; with internal records its
    # step shows, and Regio Antwerpen keeps its step
    detail = adoption.block_detail(scope(small, date(2025, 6, 1), include_internal=True), small.blocks["magda"])
    assert [(r.group, r.phase, r.step) for r in detail.by_region] == [
        ("regio-antwerpen", "adoption", "do"), ("waasland", "dissemination", "plan"), (None, None, None)]


def test_notes(small: Dataset, base_data: Path) -> None:
    assert adoption.adoption_notes(scope(small, date(2018, 1, 1))) == [
        "2018-01-01 lies before the first recorded adoption of any block (2019-01-01)."]
    (base_data / "catalog" / "portfolios" / "gemeente-99001.yaml").write_text("government: gemeente-99001\n")
    (base_data / "regions" / "regio-antwerpen.yaml").write_text(
        (base_data / "regions" / "regio-antwerpen.yaml").read_text().split("cycle:")[0] + "sources: [refreg]\n")
    bare = load_dataset(base_data)[0]
    assert adoption.adoption_notes(scope(bare, D), "magda") == [
        "No building-block adoptions of this block are recorded in this dataset.",
        "No PDCA cycle steps for this block are recorded in this dataset."]


def test_real_data_has_no_adoptions_but_the_planned_lpdc_ones(real: Dataset) -> None:
    view = scope(real, date(2026, 11, 28))
    rows = adoption.blocks(view)
    assert len(rows) == 18
    assert all(counts(r.tally) == (0, 0, 0, 0, 570, 570) and r.regions_in_cycle == 0
               for r in rows if r.id != "ipdc-lpdc")
    assert [counts(r.tally) for r in rows if r.id == "ipdc-lpdc"] == [(0, 18, 0, 0, 552, 570)]
    detail = adoption.block_detail(view, real.blocks["mandatendatabank"])
    assert len(detail.by_region) == 15 and sum(r.tally.governments for r in detail.by_region) == 570
    assert [r.group for r in detail.by_province] == [
        "antwerpen", "limburg", "oost-vlaanderen", "vlaams-brabant", "west-vlaanderen"]
    assert detail.notes[0] == "No building-block adoptions of this block are recorded in this dataset."


def test_synthetic_groups_add_up(synthetic: Dataset) -> None:
    view = scope(synthetic, date(2023, 6, 30))
    for row in adoption.blocks(view):
        detail = adoption.block_detail(view, synthetic.blocks[row.id])
        for groups in (detail.by_region, detail.by_province):
            assert sum(g.tally.governments for g in groups) == row.tally.governments == len(view.governments)
            assert sum(g.tally.in_use for g in groups) == row.tally.in_use
        steps = [g for g in detail.by_region if g.phase]
        assert len(steps) == row.regions_in_cycle
    assert sum(r.tally.in_use + r.tally.aware + r.tally.planned for r in adoption.blocks(view)) > 0
    assert sum(r.regions_in_cycle for r in adoption.blocks(view)) > 0


def test_cli_blocks_formats(tree: Path) -> None:
    args = ("blocks", "--data", str(tree), "--on", "2024-06-01")
    code, out, _ = run(*args)
    assert code == 0 and "MAGDA" in out and "1 block; 6 governments valid on 2024-06-01." in out
    [row] = list(csv.DictReader(io.StringIO(run(*args, "-f", "csv")[1])))
    assert (row["in_use"], row["stopped"], row["no_record"], row["regions_in_cycle"]) == ("2", "1", "3", "1")
    [document] = validated(run(*args, "-f", "json", "--include-internal")[1], "blocks")
    assert document["planned"] == 1


def test_cli_block_show_formats(tree: Path) -> None:
    args = ("block", "show", "Magda", "--data", str(tree), "--on", "2024-06-01")
    code, out, _ = run(*args)
    assert code == 0 and out.startswith("MAGDA (magda)\n")
    assert "Maximale GegevensDeling tussen Administraties" in out and "adoption" in out
    assert "By province on 2024-06-01" in out
    rows = list(csv.DictReader(io.StringIO(run(*args, "-f", "csv")[1])))
    assert [(r["group_name"], r["phase"], r["in_use"]) for r in rows] == [
        ("Regio Antwerpen", "adoption", "1"), ("Waasland", "", "0"), ("(no region)", "", "1")]
    document = validated(run(*args, "-f", "json")[1], "block-show")
    assert document["totals"]["in_use"] == 2 and document["standards"] == ["besluit-publicatie"]
    assert document["by_province"][1]["group_name"] == "Proefprovincie (synthetic)"


def test_cli_block_show_real_data_says_nothing_is_recorded(real: Dataset,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vlavirgem.core.dataset.load_dataset", lambda root, **_: (real, []))
    code, out, _ = run("block", "show", "mandatendatabank", "--data", str(SHIPPED_DATA))
    assert code == 0 and "No building-block adoptions of this block are recorded in this dataset." in out
    code, out, err = run("block", "show", "Gelinkt Notuleren", "--data", str(SHIPPED_DATA), "-f", "json")
    assert validated(out, "block-show")["id"] == "gelinkt-notuleren" and "No PDCA cycle steps" in err
    assert len(validated(run("blocks", "--data", str(SHIPPED_DATA), "-f", "json")[1], "blocks")) == 18


@pytest.mark.parametrize("args", [("block", "show", "magd"), ("blocks", "--on", "yesterday"),
                                  ("block", "show")])
def test_cli_wrong_usage_exits_2(tree: Path, args: tuple[str, ...]) -> None:
    code, _, err = run(*args, "--data", str(tree))
    assert code == 2 and "Traceback" not in err and err.strip()
