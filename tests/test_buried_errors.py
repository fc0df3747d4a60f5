"""A file of many records that cannot be read makes its ids unknown, not wrong: its own problem is
reported, then once that references to its ids were not checked, and no wave of "unknown" problems
buries them.  Bad records in one file cost time in proportion to their number, not its square."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from vlavirgem.core.loader import LoadedFile
from vlavirgem.core.model import Dataset
from vlavirgem.core.problems import Problem
from vlavirgem.core.records import FileRecords
from vlavirgem.core.validation import validate

from .conftest import TODAY

BREAKAGES: dict[str, Callable[[str], str]] = {
    "a syntax error": lambda text: text.replace("\n", "\n  : [\n", 3),
    "not UTF-8": lambda text: text + "\n# \xff\n",
    "a list where a mapping belongs": lambda text: "- just\n- a list\n",
}


def _codes(data: Path) -> Counter[str]:
    return Counter(p.code for p in validate(data, TODAY)[1].problems)


def _break(path: Path, how: str) -> None:
    text = path.read_text(encoding="utf-8")
    broken = BREAKAGES[how](text)
    path.write_bytes(broken.encode("utf-8").replace("\xff".encode(), b"\xff"))


@pytest.mark.parametrize("how", BREAKAGES)
def test_a_broken_sources_file_is_reported_once_without_a_wave_of_unknown_sources(base_data: Path, how: str) -> None:
    _break(base_data / "sources.yaml", how)
    codes = _codes(base_data)
    assert codes["unknown-source"] == 0
    assert codes["unchecked-references"] == 1
    assert codes["yaml-syntax"] + codes["not-utf8"] + codes["top-level-type"] == 1


def test_a_sources_list_that_is_no_mapping_makes_sources_unknown_not_wrong(base_data: Path) -> None:
    (base_data / "sources.yaml").write_text("sources: [statbel-refnis, refreg]\n", encoding="utf-8")
    codes = _codes(base_data)
    assert codes["unknown-source"] == 0 and codes["unchecked-references"] == 1 and codes["wrong-type"] == 1


@pytest.mark.parametrize("how", BREAKAGES)
def test_a_broken_government_register_file_causes_no_unknown_governments(base_data: Path, how: str) -> None:
    _break(base_data / "governments" / "antwerpen.yaml", how)
    problems = validate(base_data, TODAY)[1].problems
    assert not [p for p in problems if p.code == "unknown-reference" and "government" in p.message]
    notes = [p for p in problems if p.code == "unchecked-references"]
    assert [(Path(p.file).name, p.line, p.column, p.severity) for p in notes] == [("antwerpen.yaml", 1, 1, "warning")]
    assert "governments" in notes[0].message


def test_references_of_other_kinds_are_still_checked(base_data: Path) -> None:
    _break(base_data / "sources.yaml", "a syntax error")
    region = base_data / "regions" / "waasland.yaml"
    region.write_text(region.read_text(encoding="utf-8").replace("gemeente-46030", "gemeente-46039"),
                      encoding="utf-8")
    assert _codes(base_data)["unknown-reference"] == 1


def test_a_readable_sources_file_still_reports_unknown_sources(base_data: Path) -> None:
    region = base_data / "regions" / "waasland.yaml"
    region.write_text(region.read_text(encoding="utf-8").replace("sources: [refreg]", "sources: [refreg, verzonnen]", 1),
                      encoding="utf-8")
    codes = _codes(base_data)
    assert codes["unknown-source"] == 1 and codes["unchecked-references"] == 0


# ---------------------------------------------------------------- linear in the number of bad records


def _bad_members(data: Path, count: int) -> None:
    lines = ["# synthetic: a region with many bad members, to measure time per problem",
             "id: waasland", "name: Waasland", "kind: kenniskring", "reference_region: REFREG14", "members:"]
    for index in range(count):
        lines += [f"  - government: gemeente-{index:05d}", f"    from: 2023-13-{index % 28 + 1:02d}"]
    (data / "regions" / "waasland.yaml").write_text("\n".join([*lines, "sources: [refreg]", ""]), encoding="utf-8")


def _calls_while(action: Callable[[], Any], where: str) -> int:
    """The Python calls (and generator steps) made in the module ``where`` while ``action`` runs."""
    count = 0

    def profile(frame: FrameType, event: str, _: Any) -> None:
        nonlocal count
        if event == "call" and frame.f_code.co_filename.endswith(where):
            count += 1

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("where", ["core/records.py", "core/schemas.py", "core/checks/references.py"])
def test_twice_the_bad_records_cost_twice_the_work_not_four_times(base_data: Path, where: str) -> None:
    counts = []
    for size in (300, 600):
        _bad_members(base_data, size)
        counts.append(_calls_while(lambda: validate(base_data, TODAY), where))
    assert counts[1] < 2.5 * counts[0], counts


def test_is_clean_does_not_compare_a_path_with_every_problem() -> None:
    problems = [Problem("x.yaml", 1, 1, "bad-date", "synthetic", pointer=f"/members/{index}/from")
                for index in range(5000)]

    records = FileRecords(Dataset(), LoadedFile(path=Path("x.yaml"), display="x.yaml", data={}), problems)
    assert not records.clean(("members", 17)) and not records.clean(("members",)) and not records.clean(())
    assert records.clean(("members", 5000)) and records.clean(("name",))
    assert len(records.broken) == 2 * 5000 + 2  # each pointer, its record, the list and the document
