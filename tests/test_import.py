"""import portfolio: a government's software list from a real .xlsx or .csv, as a diff, written only
when it validates; a bad row writes nothing and says what is wrong on which row."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
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


def test_a_workbook_updates_a_record_and_adds_records_in_new_and_existing_portfolios(base_data: Path,
                                                                                  tmp_path: Path) -> None:
    sheet = _xlsx(tmp_path / "portfolio.xlsx", [
        ["government_id", "government_name", "product_name", "vendor", "status", "valid_from", "hosting",
         "contract_end", "standards", "sources"],
        ["gemeente-99001", None, "Acme Notulen (synthetic)", "Acme Software (synthetic)", "in-use",
         datetime(2022, 1, 1), "saas", datetime(2027, 12, 31), "besluit-publicatie", None],
        [None, "OCMW Antwerpen", "acme-notulen", None, "planned", date(2026, 9, 1), "on-premises", None, None,
         "statbel-refnis"],
    ])
    code, out, err = _import(base_data, sheet)
    assert code == 0, err
    assert out.startswith("row 2: gemeente-99001 acme-notulen: updated\nrow 3: ocmw-11002 acme-notulen: added (planned)\n")
    assert ("     from: 2022-01-01\n+    hosting: saas\n+    contract_end: 2027-12-31\n"
            "     standards: [besluit-publicatie]\n") in out
    new = base_data / "catalog" / "portfolios" / "ocmw-11002.yaml"
    assert new.read_text(encoding="utf-8") == (
        "government: ocmw-11002  # Antwerpen\nsoftware:\n  - product: acme-notulen\n    status: planned\n"
        "    from: 2026-09-01\n    hosting: on-premises\n    sources: [statbel-refnis]\n")
    assert validate(base_data, TODAY)[1].problems == ()
    assert _import(base_data, sheet)[1].splitlines()[:2] == ["row 2: gemeente-99001 acme-notulen: unchanged",
                                                            "row 3: ocmw-11002 acme-notulen: unchanged"]


def test_a_csv_with_government_for_the_whole_sheet(base_data: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "p.csv", [["product_id", "status", "observed", "url"],
                                      ["acme-notulen", "in-use", "2025-03-01; 2024-05-02", "https://proefdorp.example/"]])
    code, out, err = _import(base_data, sheet, "--government", "Antwerpen", "--dry-run")
    assert code == 0, err
    assert out.endswith("+government: gemeente-11002  # Antwerpen\n+software:\n+  - product: acme-notulen\n"
                        "+    status: in-use\n+    observed: [2024-05-02, 2025-03-01]\n+    url: https://proefdorp.example/\n")
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
        f"Nothing was imported: 8 problem(s) in {sheet}.",
    ]
    assert _yaml(base_data) == before


def test_an_unknown_column_is_named_with_a_did_you_mean(base_data: Path, tmp_path: Path) -> None:
    sheet = _xlsx(tmp_path / "p.xlsx", [["product_id", "status", "valid_form"], ["acme-notulen", "in-use", "2026-01-01"]])
    code, _, err = _import(base_data, sheet, "--government", "gemeente-99001")
    assert code == 1
    assert f"{sheet}:1: unknown column 'valid_form'; did you mean 'valid_from'?" in err


def test_a_sheet_that_would_make_the_data_invalid_is_refused(base_data: Path, tmp_path: Path) -> None:
    before = _yaml(base_data)
    sheet = _csv(tmp_path / "p.csv", [["product_id", "status", "valid_from"], ["acme-notulen", "retired", "2023-01-01"]])
    code, out, err = _import(base_data, sheet, "--government", "gemeente-99001")
    assert code == 1
    assert "row 2: gemeente-99001 acme-notulen: added (retired)" in out
    assert "Refused: the edit would make the data invalid" in err and "[usage-overlap]" in err
    assert _yaml(base_data) == before


def test_an_export_reads_back_unchanged_and_an_edited_export_updates_by_position(base_data: Path,
                                                                                 tmp_path: Path) -> None:
    out = tmp_path / "export"
    assert runner.invoke(app, ["export", "--to", "csv", "--out", str(out), "--history", "--data", str(base_data)]).exit_code == 0
    sheet = out / "software_use.csv"
    code, stdout, err = _import(base_data, sheet)
    assert code == 0, err
    assert stdout == "row 2: gemeente-99001 acme-notulen: unchanged\n" and "No file changes." in err
    with sheet.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("valid_from")] = "2021-06-01"
    rows[1][rows[0].index("note")] = "Started earlier than first recorded."
    code, stdout, err = _import(base_data, _csv(tmp_path / "edited.csv", rows))
    assert code == 0, err
    portfolio = load_dataset(base_data)[0].portfolios["gemeente-99001"]
    [use] = portfolio.software
    assert (use.interval.start, use.raw["note"]) == (date(2021, 6, 1), "Started earlier than first recorded.")


@pytest.mark.parametrize(("name", "message"), [("p.txt", "import reads .xlsx or .csv files"),
                                               ("empty.csv", "is empty; the first row must name the columns")])
def test_files_that_are_no_sheet_are_refused(base_data: Path, tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / name
    path.write_text("", encoding="utf-8")
    code, _, err = _import(base_data, path)
    assert code == 2 and message in err
