"""Editing infrastructure: round-trip edits change only the lines they must; writes are atomic and
all-or-nothing; an edit that validate would reject writes nothing."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vlavirgem.cli import app
from vlavirgem.core.dataset import load_dataset
from vlavirgem.core.validation import validate
from vlavirgem.editing import filesteps
from vlavirgem.editing.atomic import StaleFile, write_files
from vlavirgem.editing.changeset import Changeset, EditRefused
from vlavirgem.editing.membership import join

from .conftest import TODAY

runner = CliRunner()

COMMENTED = """\
# Regio Antwerpen, kept by hand.   A header comment.
id: regio-antwerpen
name: 'Regio Antwerpen'   # quoted on purpose
kind: kenniskring
reference_region: REFREG01
members:
  # the city first
  - government: gemeente-11002  # Antwerpen
    from: 2021-03-12  # the nota of 12 March 2021
  - government: ocmw-11002  # Antwerpen
    from: 2021-03-12
  - government: gemeente-11007  # Borsbeek
    from: 2021-03-12
    until: 2024-12-31  # merged into Antwerpen
  # Zwijndrecht moved to the Waasland by decree
  - government: gemeente-11056  # Zwijndrecht
    from: 2021-03-12
    until: 2023-03-18
cycle:
  - block: magda
    phase: adoption
    step: do
    from: 2022-01-01
sources: [refreg]   # the reference table
# end of file
"""


def test_an_edit_on_a_file_full_of_comments_changes_only_the_lines_it_must(base_data: Path) -> None:
    region = base_data / "regions" / "regio-antwerpen.yaml"
    region.write_text(COMMENTED, encoding="utf-8")
    dataset, _ = load_dataset(base_data)
    changes = Changeset.on(base_data, dataset)
    steps = join(dataset, changes, dataset.governments["gemeente-46030"], dataset.regions["regio-antwerpen"],
                 date(2026, 1, 1), sources=["refreg"])
    assert steps == ["gemeente-46030 (Beveren-Kruibeke-Zwijndrecht) leaves waasland after 2025-12-31",
                     "gemeente-46030 (Beveren-Kruibeke-Zwijndrecht) joins regio-antwerpen from 2026-01-01"]
    diff = changes.diff()
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == [
        "+  - government: gemeente-46030  # Beveren-Kruibeke-Zwijndrecht",
        "+    from: 2026-01-01",
        "+    sources: [refreg]",
        "+    until: 2025-12-31",
    ]
    after = {c.path.name: c.after.decode() for c in changes.changes()}  # type: ignore[union-attr]
    assert after["regio-antwerpen.yaml"] == COMMENTED.replace(
        "    from: 2021-03-12\n  - government: gemeente-11007",
        "    from: 2021-03-12\n  - government: gemeente-46030  # Beveren-Kruibeke-Zwijndrecht\n"
        "    from: 2026-01-01\n    sources: [refreg]\n  - government: gemeente-11007")
    assert "  - government: gemeente-46030  # Beveren-Kruibeke-Zwijndrecht\n    from: 2025-01-01\n" \
           "    until: 2025-12-31\n" in after["waasland.yaml"]
    changes.check(TODAY)
    changes.write()
    assert region.read_text(encoding="utf-8") == after["regio-antwerpen.yaml"]
    assert validate(base_data, TODAY)[1].errors == 0


def test_an_edit_that_validate_rejects_is_refused_with_its_problems_and_writes_nothing(base_data: Path) -> None:
    before = {p: p.read_bytes() for p in base_data.rglob("*.yaml")}
    result = runner.invoke(app, ["join", "--source", "refreg", "Proefdorp (synthetic)", "waasland", "--from", "2026-01-01",
                                 "--note", "", "--data", str(base_data)])
    assert result.exit_code == 1
    assert "Refused: the edit would make the data invalid, so nothing was written:" in result.stderr
    assert "waasland.yaml:9:11: error [empty-value] this must not be empty" in result.stderr, result.stderr
    assert {p: p.read_bytes() for p in base_data.rglob("*.yaml")} == before


def test_errors_the_data_had_before_do_not_block_an_edit(base_data: Path) -> None:
    block = base_data / "blocks" / "magda.yaml"
    block.write_text(block.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")  # an unknown key
    result = runner.invoke(app, ["leave", "--source", "refreg", "Antwerpen", "--on", "2026-06-30", "--data", str(base_data)])
    assert result.exit_code == 0, result.output
    assert "until: 2026-06-30" in (base_data / "regions" / "regio-antwerpen.yaml").read_text(encoding="utf-8")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _second_rename_fails(monkeypatch: pytest.MonkeyPatch, error: OSError) -> None:
    """The first rename of a change succeeds, the second raises ``error``, later ones succeed."""
    calls: list[Path] = []
    real = os.replace

    def flaky(source: Path, target: Path) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise error
        real(source, target)

    monkeypatch.setattr(filesteps, "rename", flaky)


def test_a_failed_rename_puts_back_the_files_already_renamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_bytes(b"a: 1\n")
    second.write_bytes(b"b: 1\n")
    _second_rename_fails(monkeypatch, OSError(28, "No space left on device"))
    with pytest.raises(OSError, match="No space left"):
        write_files(tmp_path, {first: b"a: 2\n", second: b"b: 2\n", tmp_path / "new.yaml": b"c: 1\n"})
    # no temporary file, backup or journal is left either (the journal's own rename was the first)
    assert _files(tmp_path) == {"a.yaml": b"a: 1\n", "b.yaml": b"b: 1\n"}


def test_an_interrupt_between_writing_and_renaming_leaves_the_old_file(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.yaml"
    target.write_bytes(b"a: 1\n")

    def interrupted(source: Path, target: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(filesteps, "rename", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_files(tmp_path, {target: b"a: 2\n"})
    assert _files(tmp_path) == {"a.yaml": b"a: 1\n"}


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_bytes(b"a: 2\n")
    with pytest.raises(StaleFile, match="changed since it was read"):
        write_files(tmp_path, {target: b"a: 3\n"}, {target: b"a: 1\n"})
    assert target.read_bytes() == b"a: 2\n"


def test_a_failed_write_through_the_command_says_so_and_changes_nothing(
        base_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = {p: p.read_bytes() for p in base_data.rglob("*.yaml")}
    _second_rename_fails(monkeypatch, PermissionError(13, "Permission denied"))
    result = runner.invoke(app, ["join", "--source", "refreg", "Beveren-Kruibeke-Zwijndrecht", "regio-antwerpen", "--from", "2026-01-01",
                                 "--data", str(base_data)])
    assert result.exit_code == 1
    assert "Error: could not write:" in result.stderr and "no file was changed" in result.stderr
    assert {p: p.read_bytes() for p in base_data.rglob("*.yaml")} == before


def test_refused_edits_raise_with_problems(base_data: Path) -> None:
    dataset, _ = load_dataset(base_data)
    changes = Changeset.on(base_data, dataset)
    region = changes.record(dataset, dataset.regions["waasland"].where)
    region.put("kind", "club")
    with pytest.raises(EditRefused) as refused:
        changes.check(TODAY)
    assert [p.code for p in refused.value.problems] == ["bad-value"]
    assert refused.value.problems[0].file.endswith("waasland.yaml") and refused.value.problems[0].line == 3


def test_a_record_added_to_an_empty_flow_list_makes_it_a_block_list(base_data: Path) -> None:
    (base_data / "regions" / "leeg.yaml").write_text(
        "id: leeg\nname: Leeg\nkind: kenniskring\nmembers: []  # nobody yet\nsources: [refreg]\n", encoding="utf-8")
    result = runner.invoke(app, ["join", "--source", "refreg", "gemeente-99001", "leeg", "--from", "2026-01-01", "--data", str(base_data)])
    assert result.exit_code == 0, result.output
    assert (base_data / "regions" / "leeg.yaml").read_text(encoding="utf-8") == (
        "id: leeg\nname: Leeg\nkind: kenniskring\nmembers:     # nobody yet\n"
        "  - government: gemeente-99001  # Proefdorp (synthetic)\n    from: 2026-01-01\n    sources: [refreg]\n"
        "sources: [refreg]\n")
