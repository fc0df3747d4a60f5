"""vlavirgem fmt: one canonical layout; the shipped data is in it; comments survive; idempotent."""

from __future__ import annotations

import json
import random
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from benchmarks.generate import generate
from vlavirgem.cli import app
from vlavirgem.core.layout import dataset_files, kind_of
from vlavirgem.core.loader import load_bytes, load_file
from vlavirgem.editing.fmt import canonical_text, format_text, node
from vlavirgem.editing.reformat import government_names
from vlavirgem.editing.roundtrip import dump_text, load_text, plain

from .conftest import SHIPPED_DATA

runner = CliRunner()
NAMES = {"gemeente-11056": "Zwijndrecht", "gemeente-46003": "Beveren", "ocmw-46003": "Beveren",
         "gemeente-11002": "Antwerpen"}

MESSY = """\
# Waasland, edited by hand
name: "Waasland"  # the circle's name
# the id must equal the file name
id: waasland
kind: 'kenniskring'
members:
  - from: 2023-03-19
    government: gemeente-11056  # Antwerpen
    until: '2024-12-31'
    note: "Moved by the Regiodecreet."
  # Beveren: a founding member
  - government: ocmw-46003
    from: 2021-3-12
    sources: [refreg,
      other]
  - {government: gemeente-46003, from: 2021-03-12, until: 2024-12-31}
sources:
  - refreg
  - "no"
"""

CANONICAL = """\
# Waasland, edited by hand
# the id must equal the file name
id: waasland
name: Waasland    # the circle's name
kind: kenniskring
members:
  - government: gemeente-46003  # Beveren
    from: 2021-03-12
    until: 2024-12-31
  # Beveren: a founding member
  - government: ocmw-46003  # Beveren
    from: 2021-03-12
    sources: [refreg, other]
  - government: gemeente-11056  # Zwijndrecht
    from: 2023-03-19
    until: 2024-12-31
    note: Moved by the Regiodecreet.
sources: [refreg, 'no']
"""


def test_a_messy_file_gets_the_canonical_layout_and_keeps_its_comments() -> None:
    assert format_text(MESSY, "region", NAMES) == CANONICAL


def test_formatting_is_idempotent_and_changes_no_value_but_loose_dates() -> None:
    once = format_text(MESSY, "region", NAMES)
    assert format_text(once, "region", NAMES) == once
    before = load_bytes(Path("x.yaml"), MESSY.encode()).data
    after = load_bytes(Path("x.yaml"), once.encode()).data
    before["members"][1]["from"] = "2021-03-12"  # the loose date 2021-3-12 gets its canonical form
    assert sorted(before["members"], key=json.dumps) == sorted(after["members"], key=json.dumps)
    assert [m["government"] for m in after["members"]] == ["gemeente-46003", "ocmw-46003", "gemeente-11056"]
    assert {k: v for k, v in after.items() if k != "members"} == {k: v for k, v in before.items() if k != "members"}


def test_a_remark_after_the_name_survives_and_a_stale_name_is_replaced() -> None:
    text = ("id: waasland\nname: Waasland\nkind: kenniskring\nmembers:\n"
            "  - government: gemeente-11056  # Zwijndrecht; moved in 2023\n    from: 2023-03-19\n"
            "  - government: gemeente-46003  # Antwerpen\n    from: 2024-01-01\n"
            "  - government: gemeente-11002  # joined late\n    from: 2025-01-01\n")
    out = format_text(text, "region", NAMES)
    assert "  - government: gemeente-11056  # Zwijndrecht; moved in 2023\n" in out
    assert "  - government: gemeente-46003  # Beveren\n" in out
    assert "  - government: gemeente-11002  # Antwerpen; joined late\n" in out
    assert format_text(out, "region", NAMES) == out


def test_a_comment_on_a_source_keeps_the_list_in_block_style() -> None:
    text = "id: magda\nname: MAGDA\nprovider: DV\ndescription: x\nsources:\n  - dv-magda  # the main one\n  - joinup\n"
    out = format_text(text, "block", {})
    assert out.endswith("sources:\n  - dv-magda  # the main one\n  - joinup\n")
    assert format_text(out, "block", {}) == out


def test_text_that_yaml_1_1_reads_otherwise_is_quoted_and_other_text_is_not() -> None:
    data = {"id": "x", "name": "on", "provider": "010", "description": "Plain words: with a colon",
            "since": "2015", "sources": ["a"], "note": "line one\nline two\n"}
    text = canonical_text(data, "block", {})
    assert "name: 'on'\n" in text and "provider: '010'\n" in text and "since: '2015'\n" in text
    assert "description: 'Plain words: with a colon'\n" in text
    assert "note: |\n  line one\n  line two\n" in text
    assert load_bytes(Path("x.yaml"), text.encode()).data == data


def test_the_round_trip_reader_reads_every_shipped_value_as_the_fast_loader_does() -> None:
    for path in dataset_files(SHIPPED_DATA):
        assert plain(load_text(path.read_text(encoding="utf-8"))) == load_file(path).data, path


def test_the_round_trip_reader_reads_every_generated_value_as_the_fast_loader_does(tmp_path: Path) -> None:
    """On a generated (SYNTHETIC) dataset as the benchmark writes it, at a size the tests can afford:
    portfolios of a hundred entries with adoption and security-plan history, products, vendors."""
    data = generate(tmp_path / "data", governments=20)
    assert len(list((data / "catalog" / "portfolios").glob("*.yaml"))) == 20
    for path in dataset_files(data):
        assert plain(load_text(path.read_text(encoding="utf-8"))) == load_file(path).data, path


@pytest.mark.parametrize("name", ["regions/waasland.yaml", "governments/antwerpen.yaml",
                                  "catalog/portfolios/gemeente-11004.yaml", "reference-regions.yaml"])
def test_the_slow_path_keeps_a_shipped_file_as_it_is(name: str) -> None:
    path = SHIPPED_DATA / name
    text = path.read_text(encoding="utf-8")
    assert format_text(text, kind_of(path, SHIPPED_DATA), government_names(SHIPPED_DATA)) == text  # type: ignore[arg-type]


def _shuffled(value: object, rng: random.Random) -> object:
    """The same data with every mapping's keys and every list of records in a random order."""
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {key: _shuffled(value[key], rng) for key in keys}
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        items = [_shuffled(item, rng) for item in value]
        rng.shuffle(items)
        return items
    return value


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), name=st.sampled_from(
    ["regions/waasland.yaml", "regions/limburg.yaml", "governments/limburg.yaml", "catalog/portfolios/gemeente-11004.yaml"]))
def test_shuffled_keys_and_records_format_back_to_the_shipped_file(seed: int, name: str) -> None:
    path = SHIPPED_DATA / name
    names = _names()
    shuffled = _shuffled(load_file(path).data, random.Random(seed))
    kind = kind_of(path, SHIPPED_DATA)
    messy = dump_text(node(shuffled))  # written as it comes: no order, no name comments
    assert messy != path.read_text(encoding="utf-8")
    assert format_text(messy, kind, names) == path.read_text(encoding="utf-8")  # type: ignore[arg-type]


@cache
def _names() -> dict[str, str]:
    return government_names(SHIPPED_DATA)


# -- the command ---------------------------------------------------------------------------------------

def test_fmt_check_passes_on_the_shipped_data() -> None:
    result = runner.invoke(app, ["fmt", "--check", "--data", str(SHIPPED_DATA)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"{len(dataset_files(SHIPPED_DATA))} files checked: all in the canonical layout." in result.stderr


def test_fmt_check_prints_a_diff_and_exits_1_then_fmt_writes(base_data: Path) -> None:
    assert runner.invoke(app, ["fmt", "--data", str(base_data)]).exit_code == 0  # the base tree is hand-written
    assert runner.invoke(app, ["fmt", "--check", "--data", str(base_data)]).exit_code == 0
    region = base_data / "regions" / "waasland.yaml"
    original = region.read_text(encoding="utf-8")
    region.write_text(original.replace("name: Waasland", 'name: "Waasland"'), encoding="utf-8")
    result = runner.invoke(app, ["fmt", "--check", "--data", str(base_data), str(region)])
    assert result.exit_code == 1
    assert '-name: "Waasland"\n+name: Waasland\n' in result.stdout
    assert "1 file checked: 1 would be reformatted" in result.stderr
    assert region.read_text(encoding="utf-8") != original  # --check writes nothing
    result = runner.invoke(app, ["fmt", "--data", str(base_data), str(region)])
    assert result.exit_code == 0
    assert region.read_text(encoding="utf-8") == original


def test_fmt_reports_a_file_that_is_not_yaml_and_leaves_it(base_data: Path) -> None:
    broken = base_data / "blocks" / "magda.yaml"
    broken.write_text("id: magda\nname: [MAGDA\n", encoding="utf-8")
    result = runner.invoke(app, ["fmt", "--data", str(base_data)])
    assert result.exit_code == 1
    assert "magda.yaml:2:13: error [yaml-syntax]" in result.stderr  # the end of the last line, not one past it
    assert broken.read_text(encoding="utf-8") == "id: magda\nname: [MAGDA\n"


def test_fmt_leaves_files_outside_the_dataset_alone(base_data: Path, tmp_path: Path) -> None:
    outside = tmp_path / "notes.yaml"
    outside.write_text('a: "b"\n', encoding="utf-8")
    result = runner.invoke(app, ["fmt", "--data", str(base_data), str(outside)])
    assert result.exit_code == 0
    assert "is in no place of the dataset" in result.stderr
    assert outside.read_text(encoding="utf-8") == 'a: "b"\n'
