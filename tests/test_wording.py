"""Counts in messages agree with their number: "1 file checked", never "1 files checked"."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from vlavirgem.cli import app
from vlavirgem.core.wording import counted, plural

from .conftest import REPO


@pytest.mark.parametrize(("number", "expected"), [(0, "0 files"), (1, "1 file"), (2, "2 files"), (-1, "-1 files")])
def test_counted_agrees_with_the_number(number: int, expected: str) -> None:
    assert counted(number, "file") == expected


def test_plural_takes_an_irregular_form() -> None:
    assert plural(1, "has", "have") == "has"
    assert plural(3, "has", "have") == "have"
    assert counted(2, "OCMW", "OCMW's") == "2 OCMW's"


# a number put straight before a plural noun ("{len(rows)} files") or a hedge ("file(s)")
HAND_MADE = re.compile(r"\{(len\([^}]*|[a-z_.]*(count|checked|total|errors|warnings|pages|changed))\}\s[a-z]+s\b|[\x22'][^\x22']*\w\(s\)(?! for )")


@pytest.mark.parametrize("path", sorted((REPO / "vlavirgem").rglob("*.py")), ids=lambda p: p.name)
def test_no_message_makes_its_own_plural(path) -> None:  # type: ignore[no-untyped-def]
    if "site" in path.parts[-3:-1] and path.name != "build.py":
        return  # the Dutch site pages word their own counts
    found = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if HAND_MADE.search(line)]
    assert not found, f"{path.name}: count through vlavirgem.core.wording.counted: {found}"


@pytest.mark.parametrize("command", [["validate"], ["fmt", "--check"]])
def test_one_file_checked_is_singular(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, str(REPO / "data" / "regions" / "waasland.yaml"),
                                      "--data", str(REPO / "data")])
    assert "1 file checked" in result.output, result.output
    assert "1 files" not in result.output


def test_every_choice_is_matched_without_case_or_accents_and_misses_get_a_did_you_mean() -> None:
    from vlavirgem.core.problems import UsageError
    from vlavirgem.queries.names import resolve_choice

    assert resolve_choice("IN-USE", ["planned", "in-use"], "--status") == "in-use"
    assert resolve_choice("Besluitvórming", ["besluitvorming"], "--domain") == "besluitvorming"
    with pytest.raises(UsageError, match=r"^--domain 'besluitvormin' is not allowed; did you mean 'besluitvorming'\? "
                                         r"Choose one of: besluitvorming, mandatenbeheer\.$"):
        resolve_choice("besluitvormin", ["besluitvorming", "mandatenbeheer"], "--domain")
    with pytest.raises(UsageError, match=r"^--status 'x' is not allowed\. Choose one of: a, b\.$"):
        resolve_choice("x", ["a", "b"], "--status")


@pytest.mark.parametrize("args", [["catalog", "compare", "--domain", "BESLUITVORMING"],
                                  ["catalog", "products", "--domain", "Besluitvorming"]])
def test_domain_names_ignore_case(args: list[str]) -> None:
    result = CliRunner().invoke(app, [*args, "--data", str(REPO / "data"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "cobra" in result.stdout  # a besluitvorming product
