"""import portfolio: a government's software list from a real .xlsx or .csv, as a diff, written only
when it validates; a bad row writes nothing and says what is wrong on which row."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from vlavirgem.cli import app
from vlavirgem.core.dataset import load_dataset
from vlavirgem.core.validation import validate
from vlavirgem.editing.portfolio_import import COLUMNS
from vlavirgem.export.tables import TABLES_BY_NAME

from .conftest import REPO, TODAY

runner = CliRunner()


def _xlsx(path: Path, rows: list[list[object]], sheet: str = "software_use") -> Path:
    workbook = Workbook()
    workbook.active.title = "README"
    workbook.active.append(["A template filled in by a municipality."])
    data = workbook.create_sheet(sheet)
    for row in rows:
        data.append(row)
    workbook.save(path)
    return path


def _csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _import(data: Path, sheet: Path, *options: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["import", "portfolio", str(sheet), *options, "--data", str(data)])
    return result.exit_code, result.stdout, result.stderr


def _yaml(data: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in data.rglob("*.yaml")}


def test_the_template_is_the_software_use_table_of_the_export_and_documented() -> None:
    assert tuple(column.name for column in TABLES_BY_NAME["software_use"].columns) == COLUMNS == (
        "government_id", "government_name", "product_id", "product_name", "domain", "status", "valid_from",
        "valid_until", "observed", "known_from", "hosting", "contract_end", "standards", "url", "evidence",
        "position", "sources", "note", "visibility")
    documented = (REPO / "docs" / "editing.md").read_text(encoding="utf-8")
    assert all(f"| `{column}` |" in documented for column in (*COLUMNS, "vendor"))


def test_a_csv_with_government_for_the_whole_sheet(base_data: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "p.csv", [["product_id", "status", "observed", "url"],
                                      ["acme-notulen", "in-use", "2025-03-01; 2024-05-02", "https://proefdorp.example/"]])
    code, out, err = _import(base_data, sheet, "--government", "Antwerpen", "--dry-run")
    assert code == 1 and "no source backs this change" in err
    code, out, err = _import(base_data, sheet, "--government", "Antwerpen", "--source", "refreg", "--dry-run")
    assert code == 0, err
    assert out.endswith("+government: gemeente-11002  # Antwerpen\n+software:\n+  - product: acme-notulen\n"
                        "+    status: in-use\n+    observed: [2024-05-02, 2025-03-01]\n+    url: https://proefdorp.example/\n"
                        "+    sources: [refreg]\n")
    assert "Dry run: nothing was written." in err


def test_a_bad_sheet_writes_nothing_and_says_what_is_wrong_on_which_row(base_data: Path, tmp_path: Path) -> None:
    before = _yaml(base_data)
    sheet = _csv(tmp_path / "bad.csv", [
        ["government_id", "product_name", "status", "valid_from", "hosting", "sources"],
        ["gemeente-99001", "Acme Notulen (synthetic)", "in-use", "2026-01-01", "saas", "statbel-refnis"],
        ["gemeente-99001", "Acme Notulen", "inuse", "2026-02-30", "cloud", "statbel"],
        ["gemeente-99999", "acme-notulen", "retired", "2026-01-01", "", ""],
        ["gemeente-99001", "", "planned", "", "", ""],
    ])
    code, out, err = _import(base_data, sheet)
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{sheet}:3: status 'inuse' is not allowed; did you mean 'in-use'? Choose one of: planned, in-use, "
        "phasing-out, retired.",
        f"{sheet}:3: valid_from '2026-02-30' is not a date; write YYYY-MM-DD",
        f"{sheet}:3: hosting 'cloud' is not allowed. Choose one of: on-premises, vendor-hosted, saas, shared-service.",
        f"{sheet}:3: sources: there is no source 'statbel' in sources.yaml; did you mean 'statbel-refnis'?",
        f"{sheet}:3: there is no product 'Acme Notulen'; did you mean 'acme-notulen' or 'Acme Notulen (synthetic)'?",
        f"{sheet}:4: there is no government 'gemeente-99999' in the register; did you mean 'gemeente-99001'?",
        f"{sheet}:5: no product: fill in product_id or product_name",
        f"{sheet}:5: give valid_from (the first day of use) or observed (days it was seen)",
        f"Nothing was imported: 8 problems in {sheet}.",
    ]
    assert _yaml(base_data) == before


def test_an_unknown_column_is_named_with_a_did_you_mean(base_data: Path, tmp_path: Path) -> None:
    sheet = _xlsx(tmp_path / "p.xlsx", [["product_id", "status", "valid_form"], ["acme-notulen", "in-use", "2026-01-01"]])
    code, _, err = _import(base_data, sheet, "--government", "gemeente-99001")
    assert code == 1
    assert f"{sheet}:1: unknown column 'valid_form'; did you mean 'valid_from'?" in err


def test_a_workbook_changes_a_record_as_use_does_and_adds_records_in_new_and_existing_portfolios(
        base_data: Path, tmp_path: Path) -> None:
    sheet = _xlsx(tmp_path / "portfolio.xlsx", [
        ["government_id", "government_name", "product_name", "vendor", "status", "valid_from", "hosting",
         "contract_end", "standards", "sources"],
        ["gemeente-99001", None, "Acme Notulen (synthetic)", "Acme Software (synthetic)", "in-use",
         datetime(2026, 1, 1), "saas", datetime(2027, 12, 31), "besluit-publicatie", "refreg"],
        [None, "OCMW Antwerpen", "acme-notulen", None, "planned", date(2026, 9, 1), "on-premises", None, None,
         "statbel-refnis"],
    ])
    code, out, err = _import(base_data, sheet)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "row 2: gemeente-99001 (Proefdorp (synthetic)) acme-notulen: the record from 2022-01-01 ends on 2025-12-31"
    assert lines[1].startswith("row 2: gemeente-99001 (Proefdorp (synthetic)) acme-notulen: status in-use, hosting saas")
    assert lines[1].endswith("from 2026-01-01")
    assert lines[2] == "row 3: ocmw-11002 (Antwerpen) acme-notulen: status planned, hosting on-premises from 2026-09-01"
    new = base_data / "catalog" / "portfolios" / "ocmw-11002.yaml"
    assert new.read_text(encoding="utf-8") == (
        "government: ocmw-11002  # Antwerpen\nsoftware:\n  - product: acme-notulen\n    status: planned\n"
        "    from: 2026-09-01\n    hosting: on-premises\n    sources: [statbel-refnis]\n")
    [old, changed] = load_dataset(base_data)[0].portfolios["gemeente-99001"].software
    assert (old.interval, old.raw.get("hosting")) == ((date(2022, 1, 1), date(2025, 12, 31)), None)
    assert (changed.interval.start, changed.raw["hosting"], changed.raw["standards"], changed.raw["sources"]) == (
        date(2026, 1, 1), "saas", ["besluit-publicatie"], ["refreg"])
    assert validate(base_data, TODAY)[1].problems == ()
    assert _import(base_data, sheet)[1].splitlines() == ["2 rows unchanged: they say what the data says."]


def test_a_sheet_that_would_make_the_data_invalid_is_refused(base_data: Path, tmp_path: Path) -> None:
    before = _yaml(base_data)
    sheet = _csv(tmp_path / "p.csv", [["product_id", "status", "valid_from", "valid_until"],
                                      ["acme-notulen", "retired", "2023-01-01", "2022-06-30"]])
    code, out, err = _import(base_data, sheet, "--government", "gemeente-99001", "--source", "refreg")
    assert code == 1
    assert "acme-notulen: status retired, until 2022-06-30 from 2023-01-01" in out
    assert "Refused: the edit would make the data invalid" in err and "[interval-order]" in err
    assert _yaml(base_data) == before


def test_a_new_row_closes_the_running_use_as_use_does(base_data: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "p.csv", [["product_id", "status", "valid_from"], ["acme-notulen", "retired", "2023-01-01"]])
    code, _out, err = _import(base_data, sheet, "--government", "gemeente-99001", "--source", "refreg")
    assert code == 0, err
    [old, new] = load_dataset(base_data)[0].portfolios["gemeente-99001"].software
    assert (old.status, old.interval) == ("in-use", (date(2022, 1, 1), date(2022, 12, 31)))
    assert (new.status, new.interval, new.raw["sources"]) == ("retired", (date(2023, 1, 1), None), ["refreg"])


def _export_sheet(data: Path, out: Path) -> Path:
    result = runner.invoke(app, ["export", "--to", "xlsx", "--out", str(out), "--history", "--data", str(data)])
    assert result.exit_code == 0, result.output
    return out


def _edit_xlsx(path: Path, edited: Path, government: str, **cells: object) -> Path:
    """Change cells of the government's row in the software_use sheet, as a person would in a spreadsheet."""
    workbook = load_workbook(path)
    sheet = workbook["software_use"]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("government_id")].value == government:
            for column, value in cells.items():
                row[header.index(column)].value = value
    workbook.save(edited)
    return edited


def test_the_round_trip_of_an_edited_spreadsheet_keeps_history(base_data: Path, tmp_path: Path) -> None:
    exported = _export_sheet(base_data, tmp_path / "export.xlsx")
    code, out, err = _import(base_data, exported)
    assert (code, out) == (0, "1 row unchanged: it says what the data says.\n") and "No file changes." in err
    edited = _edit_xlsx(exported, tmp_path / "edited.xlsx", "gemeente-99001", status="phasing-out")
    before = _yaml(base_data)
    # a change without a day of its own, or without a source, is refused with its row; nothing is written
    code, _, err = _import(base_data, edited, "--source", "refreg")
    assert code == 1 and "edited.xlsx:2: status in-use -> phasing-out, but valid_from gives no new start" in err
    code, _, err = _import(base_data, edited, "--from", "2026-06-01")
    assert code == 1 and "edited.xlsx:2: no source backs this change" in err
    assert _yaml(base_data) == before
    code, out, err = _import(base_data, edited, "--from", "2026-06-01", "--source", "refreg", "--dry-run")
    assert code == 0, err
    assert "+    until: 2026-05-31\n" in out and "+    status: phasing-out\n+    from: 2026-06-01\n" in out
    assert _yaml(base_data) == before
    assert _import(base_data, edited, "--from", "2026-06-01", "--source", "refreg")[0] == 0
    [old, new] = load_dataset(base_data)[0].portfolios["gemeente-99001"].software
    assert (old.status, old.interval, old.raw["standards"]) == ("in-use", (date(2022, 1, 1), date(2026, 5, 31)),
                                                                ["besluit-publicatie"])
    assert (new.status, new.interval, new.raw["standards"]) == ("phasing-out", (date(2026, 6, 1), None),
                                                                ["besluit-publicatie"])
    assert validate(base_data, TODAY)[1].problems == ()
    # a new export reads back unchanged
    again = _export_sheet(base_data, tmp_path / "again.xlsx")
    assert _import(base_data, again)[1] == "2 rows unchanged: they say what the data says.\n"


def test_a_changed_start_is_a_correction_and_needs_correct(base_data: Path, tmp_path: Path) -> None:
    exported = _export_sheet(base_data, tmp_path / "export.xlsx")
    edited = _edit_xlsx(exported, tmp_path / "edited.xlsx", "gemeente-99001", valid_from="2021-06-01",
                        sources="statbel-refnis; refreg")
    before = _yaml(base_data)
    code, _, err = _import(base_data, edited)
    assert code == 1 and "valid_from 2021-06-01 would replace 2022-01-01" in err and "--correct" in err
    assert _yaml(base_data) == before
    code, out, err = _import(base_data, edited, "--correct")
    assert code == 0, err
    assert "corrected the record from 2022-01-01 in place: valid_from 2022-01-01 -> 2021-06-01" in out
    [use] = load_dataset(base_data)[0].portfolios["gemeente-99001"].software
    assert (use.interval.start, use.raw["sources"]) == (date(2021, 6, 1), ["statbel-refnis", "refreg"])


def test_an_added_end_is_written_into_the_record_with_its_source(base_data: Path, tmp_path: Path) -> None:
    exported = _export_sheet(base_data, tmp_path / "export.xlsx")
    edited = _edit_xlsx(exported, tmp_path / "edited.xlsx", "gemeente-99001", valid_until="2026-03-31")
    code, _out, err = _import(base_data, edited, "--source", "refreg")
    assert code == 0, err
    [use] = load_dataset(base_data)[0].portfolios["gemeente-99001"].software
    assert (use.interval, use.raw["sources"]) == ((date(2022, 1, 1), date(2026, 3, 31)), ["statbel-refnis", "refreg"])


@pytest.mark.parametrize(("name", "message"), [("p.txt", "import reads .xlsx or .csv files"),
                                               ("empty.csv", "is empty; the first row must name the columns")])
def test_files_that_are_no_sheet_are_refused(base_data: Path, tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / name
    path.write_text("", encoding="utf-8")
    code, _, err = _import(base_data, path)
    assert code == 2 and message in err
