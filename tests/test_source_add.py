"""vlavirgem source add: a new source in one step, checked, sorted into place, never a duplicate;
and every editing command requires a source."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from vlavirgem.cli import app
from vlavirgem.core.dataset import load_dataset
from vlavirgem.core.validation import validate

from .conftest import TODAY

runner = CliRunner()


def _run(data: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--data", str(data)])
    return result.exit_code, result.stdout, result.stderr


def test_a_new_source_is_written_in_its_place_and_can_be_cited(base_data: Path) -> None:
    code, out, err = _run(base_data, "source", "add", "proef-besluit", "--title", "Besluit (synthetic)",
                          "--publisher", "Proefgemeente", "--url", "https://proef.example/besluit",
                          "--licence", "CC0")
    assert code == 0, err
    assert out.startswith("source proef-besluit added: Besluit (synthetic) (Proefgemeente)\n")
    text = (base_data / "sources.yaml").read_text(encoding="utf-8")
    assert text.index("  proef-besluit:\n    title: Besluit (synthetic)\n    url: https://proef.example/besluit\n"
                      "    publisher: Proefgemeente\n    licence: CC0\n") < text.index("  refreg:")
    assert "proef-besluit" in load_dataset(base_data)[0].sources
    assert validate(base_data, TODAY)[1].problems == ()
    code, _, err = _run(base_data, "join", "Antwerpen", "waasland", "--from", "2026-01-01", "--source", "proef-besluit")
    assert code == 0, err


@pytest.mark.parametrize(("args", "message"), [
    (["refreg", "--title", "T", "--publisher", "P"], "the source 'refreg' is already in sources.yaml"),
    (["Nieuw_Id", "--title", "T", "--publisher", "P"], "is not a lowercase slug"),
    (["nieuw", "--title", "T", "--publisher", "P"], "a source needs --licence TEXT (licence)"),
    (["nieuw", "--title", "T", "--publisher", "P", "--licence", "CC0", "--url", "ftp://x"], "--url 'ftp://x' is not allowed"),
    (["nieuw", "--title", "T", "--publisher", "P", "--licence", "CC0", "--retrieved", "2026-13-01"],
     "--retrieved '2026-13-01'"),
])
def test_a_bad_source_is_refused_and_nothing_is_written(base_data: Path, args: list[str], message: str) -> None:
    before = (base_data / "sources.yaml").read_bytes()
    code, _, err = _run(base_data, "source", "add", *args)
    assert code == 2 and message in err
    assert (base_data / "sources.yaml").read_bytes() == before


@pytest.mark.parametrize("args", [
    ["join", "Antwerpen", "waasland", "--from", "2026-01-01"],
    ["leave", "Antwerpen", "--on", "2026-06-30"],
    ["adopt", "gemeente-99001", "magda", "--status", "stopped", "--from", "2026-01-01"],
    ["use", "gemeente-99001", "acme-notulen", "--status", "retired", "--from", "2026-01-01"],
    ["security", "set", "gemeente-99001", "--status", "expired", "--from", "2026-01-01"],
    ["cycle", "waasland", "magda", "--phase", "adoption", "--step", "do", "--from", "2026-01-01"],
])
def test_every_editing_command_requires_a_source(base_data: Path, args: list[str]) -> None:
    before = {path: path.read_bytes() for path in base_data.rglob("*.yaml")}
    code, _, err = _run(base_data, *args)
    assert code == 2 and "--source ID is required" in err
    code, _, err = _run(base_data, *args, "--source", "refrg")
    assert code == 2 and "there is no source 'refrg' in sources.yaml. Did you mean 'refreg'?" in err
    assert {path: path.read_bytes() for path in base_data.rglob("*.yaml")} == before
