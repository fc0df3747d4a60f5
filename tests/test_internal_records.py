"""Internal records never show without --include-internal, on every command that shows data.

The commands are enumerated from the Typer app: a new command fails ``test_every_command_is_classified``
until it is run here (``CASES``) or exempted with its reason (``EXEMPT``).  Each runs in every output
format on a SYNTHETIC dataset with an internal record of every kind (tests/internal_tree.py) and on
its public twin: without the flag the answers must be the same (so no count, no row, no name leaks)
and free of every marker; with the flag, the internal records must show.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import typer.main
from openpyxl import load_workbook

from vlavirgem.cli import app

from .catalog_tree import run
from .internal_tree import MARKERS, internal_tree, markers_in

ON = ["--on", "2024-06-01"]
# command -> the argument lists it runs with (before --format, --include-internal and --data)
CASES: dict[str, list[list[str]]] = {
    "governments": [ON, ["--on", "2024-06-01", "--province", "proefprovincie"]],
    "government show": [["gemeente-99001", *ON], ["gemeente-99002", *ON], ["gemeente-99003", *ON]],
    "regions": [ON],
    "region show": [["waasland", "--on", "2020-06-01"], ["geheimregio", *ON]],
    "coverage": [ON, [*ON, "--by", "region"]],
    "unaffiliated": [ON, [*ON, "--suggest"]],
    "changes": [["--from", "2015-01-01", "--to", "2025-12-31"]],
    "blocks": [["--on", "2018-01-01"], ON],
    "block show": [["magda", "--on", "2018-01-01"], ["magda", "--on", "2020-06-01"]],
    "catalog products": [ON, ["--on", "2018-06-01"]],
    "catalog vendors": [ON],
    "catalog standards": [ON],
    "catalog who-uses": [["acme-notulen", "--on", "2018-06-01"], ["geheimproduct", *ON], ["schaduwproduct", *ON]],
    "catalog compare": [["--domain", "besluitvorming", *ON], ["--domain", "besluitvorming", *ON, "--by", "province"]],
    "catalog standards-coverage": [ON, [*ON, "--all"]],
    "security status": [["--on", "2015-11-01"], ["--on", "2015-11-01", "--by", "region"]],
    "timeline": [["--to", "2024-06-01"], ["--to", "2024-06-01", "--by", "change"]],
    "partners": [["gemeente-11056", *ON], ["gemeente-99001", *ON]],
}
EXEMPT = {
    # they write the data and must see all of it to keep it consistent; what they print is the edit
    "join": "edits", "leave": "edits", "adopt": "edits", "use": "edits", "cycle": "edits",
    "security set": "edits", "import portfolio": "edits", "merge apply": "edits", "fmt": "edits",
    "source add": "edits", "request apply": "edits",
    # figures published about Flanders or a province: the file kind has no internal records
    "reported": "published figures",
    # its job is to report every problem of every record, internal ones included
    "validate": "checks all data",
    # writes the repository's review rules from every region's coordinators
    "codeowners": "repository file",
    # writes the ids editors complete from, next to the data that holds every record anyway
    "ids": "repository file",
    # the site is public by construction (no option to include internal records): test_site_output below
    "site build": "always public",
    # writes files: test_export below
    "export": "writes files",
}


def leaves() -> dict[str, Any]:
    """Every command of the app by its full name ("catalog who-uses")."""
    found: dict[str, Any] = {}

    def walk(command: Any, path: list[str]) -> None:
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk(sub, [*path, name])
        else:
            found[" ".join(path)] = command

    walk(typer.main.get_command(app), [])
    return found


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The full tree and its public twin, under paths of the same length (answers name no path,
    but a warning might)."""
    return {"full": internal_tree(tmp_path_factory.mktemp("full")),
            "twin": internal_tree(tmp_path_factory.mktemp("twin"), internal=False)}


def answer(data: Path, args: list[str]) -> tuple[int, str]:
    code, out, err = run(*args, "--data", str(data))
    return code, (out + err).replace(str(data), "DATA")


def formats(command: Any) -> list[str]:
    option = next((p for p in command.params if p.name == "fmt"), None)
    return list(option.type.choices) if option is not None else [""]


def test_every_command_is_classified() -> None:
    commands = leaves()
    assert set(commands) == set(CASES) | set(EXEMPT), "add a new command to CASES (or EXEMPT with a reason)"
    for name in CASES:
        options = {opt for param in commands[name].params for opt in getattr(param, "opts", ())}
        assert "--include-internal" in options, f"{name} shows data but has no --include-internal"
        help_text = next(p.help for p in commands[name].params if p.name == "include_internal")
        assert help_text == "Also show records marked visibility: internal (left out by default).", name


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_internal_record_without_the_flag(trees: dict[str, Path], name: str) -> None:
    shown: set[str] = set()
    counted = False  # with the flag, an answer differs from the twin's (a count, for commands that count)
    for args in CASES[name]:
        for fmt in formats(leaves()[name]):
            line = [*name.split(), *args, *(["--format", fmt] if fmt else [])]
            full, twin = answer(trees["full"], line), answer(trees["twin"], line)
            assert full == twin, (line, full[1][:2000], twin[1][:2000])
            assert markers_in(without_input(full[1], args)) == set(), (line, full[1][:2000])
            code, text = answer(trees["full"], [*line, "--include-internal"])
            assert code == 0, (line, text[:2000])
            shown |= markers_in(text)
            counted |= (code, text) != answer(trees["twin"], [*line, "--include-internal"])
    assert shown or counted, f"{name} --include-internal shows no internal record"


def without_input(text: str, args: list[str]) -> str:
    """The answer without what the user typed (an error may quote a name it does not know)."""
    for arg in args:
        text = text.replace(f"'{arg}'", "'ARG'")
    return text


def test_with_the_flag_every_kind_shows_somewhere(trees: dict[str, Path]) -> None:
    """Every kind of internal record of the tree shows with the flag in some command, so the tree
    does test them all (coordinators show in the export: test_export)."""
    seen: set[str] = set()
    for name, cases in CASES.items():
        for args in cases:
            seen |= markers_in(answer(trees["full"], [*name.split(), *args, "--include-internal"])[1])
    assert set(MARKERS) - seen == {"coordinators"}, set(MARKERS) - seen


def exported_text(out: Path) -> str:
    """Everything an export wrote, as text (xlsx cells and SQLite rows included)."""
    texts = []
    for path in sorted(out.rglob("*") if out.is_dir() else [out]):
        start = path.read_bytes()[:16] if path.is_file() else b""
        if start.startswith(b"PK"):
            with path.open("rb") as handle:
                book = load_workbook(handle, read_only=True)
                texts += [str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]
        elif start.startswith(b"SQLite format 3"):
            db = sqlite3.connect(path)
            texts += list(db.iterdump())
            db.close()
        elif path.is_file():
            texts.append(path.read_text(encoding="utf-8"))
    return "\n".join(texts)


@pytest.mark.parametrize("to", ["csv", "json", "xlsx", "sqlite"])
def test_export(trees: dict[str, Path], tmp_path: Path, to: str) -> None:
    outputs = {}
    for flag in ([], ["--include-internal"]):
        for history in ([], ["--history"]):
            out = tmp_path / f"{to}{len(flag)}{len(history)}"
            code, text = answer(trees["full"], ["export", "--to", to, "--out", str(out), *flag, *history])
            assert code == 0, text
            outputs[bool(flag), bool(history)] = markers_in(exported_text(out))
    assert outputs[False, False] == outputs[False, True] == set()
    assert "coordinators" in outputs[True, True] and outputs[True, True] >= {"government", "region", "product"}


def test_export_tables_without_the_flag_are_the_twins(trees: dict[str, Path], tmp_path: Path) -> None:
    written = {}
    for name, data in trees.items():
        out = tmp_path / name
        assert answer(data, ["export", "--to", "csv", "--out", str(out), "--history"])[0] == 0
        written[name] = {p.name: without_positions(p) for p in out.glob("*.csv")}
    assert written["full"] == written["twin"]


def without_positions(table: Path) -> list[dict[str, str]]:
    """A csv table's rows without the column that says where a record stands in its file (an internal
    record before it moves it one place)."""
    with table.open(encoding="utf-8", newline="") as handle:
        return [{k: v for k, v in row.items() if k != "position"} for row in csv.DictReader(handle)]


def test_site_output(trees: dict[str, Path], tmp_path: Path) -> None:
    code, text = answer(trees["full"], ["site", "build", "--out", str(tmp_path / "site"), *ON])
    assert code == 0, text
    pages = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*")
                      if p.is_file() and p.suffix in (".html", ".csv", ".json", ".js"))
    assert markers_in(pages) == set()
    assert "Stilledorp" in pages and json.loads((tmp_path / "site" / "zoekindex.json").read_text(encoding="utf-8"))
