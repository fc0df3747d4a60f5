"""``export``: the tables of the dataset, each format read back, SQLite keys and views, internal
records, and the command's refusals."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from openpyxl import load_workbook
from typer.testing import CliRunner

from benchmarks.synthetic import write_synthetic
from vlavirgem.cli import app
from vlavirgem.core.dataset import load_dataset
from vlavirgem.core.model import Dataset
from vlavirgem.core.problems import UsageError
from vlavirgem.export import formats as export_formats
from vlavirgem.export.formats import read_export, write_export
from vlavirgem.export.metadata import export_metadata, json_schema
from vlavirgem.export.tables import TABLES, export_tables
from vlavirgem.queries.affiliation import regions_on, unaffiliated

from .conftest import REPO, SHIPPED_DATA, base_tree, write_tree

runner = CliRunner()
D = date.fromisoformat
ON = D("2026-11-28")
PUBLIC_TABLES = [t.name for t in TABLES if not t.internal]


@cache
def shipped() -> Dataset:
    dataset, problems = load_dataset(SHIPPED_DATA)
    assert problems == []
    return dataset


@cache
def shipped_tables(on: date | None) -> dict[str, list[dict[str, Any]]]:
    return export_tables(shipped(), on)


def export(tmp_path: Path, fmt: str, on: date | None = ON, name: str = "out", dataset: Dataset | None = None,
           root: Path = SHIPPED_DATA, include_internal: bool = False) -> Path:
    tables = shipped_tables(on) if dataset is None else export_tables(dataset, on, include_internal)
    out = tmp_path / name
    write_export(tables, export_metadata(root, on, include_internal), fmt, out)
    return out


# --- the tables -------------------------------------------------------------------------------------------------

def test_tables_on_a_date_hold_what_holds_that_day() -> None:
    tables = shipped_tables(ON)
    assert list(tables) == PUBLIC_TABLES
    assert {name: len(tables[name]) for name in ("governments", "regions", "memberships", "provinces", "blocks",
                                                 "standards")} == {
        "governments": 570, "regions": 15, "memberships": 570, "provinces": 5, "blocks": 18, "standards": 252}
    for table in TABLES[:-1]:
        if tables.get(table.name):
            assert list(tables[table.name][0]) == [c.name for c in table.columns if not c.internal], table.name
    member = next(r for r in tables["memberships"] if r["government_id"] == "gemeente-46030")
    assert member == {"region_id": "waasland", "region_name": "Waasland", "government_id": "gemeente-46030",
                      "government_name": "Beveren-Kruibeke-Zwijndrecht", "valid_from": "2025-01-01",
                      "valid_until": None, "position": 2,
                      "sources": ["pinc-gebiedsniveaus-2026-03-09", "pinc-gebiedsniveaus"], "note": None}


def test_tables_with_history_hold_everything() -> None:
    tables = shipped_tables(None)
    assert (len(tables["governments"]), len(tables["memberships"])) == (654, 1172)
    zwijndrecht = [(r["region_id"], r["valid_from"], r["valid_until"]) for r in tables["memberships"]
                   if r["government_id"] == "gemeente-11056"]
    assert zwijndrecht == [("regio-antwerpen", "2021-03-12", "2023-03-18"), ("waasland", "2023-03-19", "2024-12-31")]
    borsbeek = next(r for r in tables["governments"] if r["id"] == "gemeente-11007")
    assert (borsbeek["valid_until"], borsbeek["successor_id"], borsbeek["successor_name"]) == (
        "2024-12-31", "gemeente-11002", "Antwerpen")
    use = next(r for r in tables["software_use"] if r["government_id"] == "gemeente-11007")
    assert (use["valid_until"], use["observed"], use["product_name"]) == (
        "2024-12-31", ["2025-01-01"], "Raadpleegomgeving van Green Valley Belgium")


# --- formats read back ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_export_reads_back_as_the_same_records(tmp_path: Path, fmt: str) -> None:
    out = export(tmp_path, fmt, on=None)
    assert read_export(out) == shipped_tables(None)


def test_csv_folder_has_a_readme_describing_every_table(tmp_path: Path) -> None:
    out = export(tmp_path, "csv")
    assert sorted(p.name for p in out.iterdir()) == sorted([*(f"{t}.csv" for t in PUBLIC_TABLES), "README.txt"])
    readme = (out / "README.txt").read_text()
    assert readme.startswith("vlavirgem export: the records that hold on 2026-11-28 (governments valid that day).")
    assert "memberships (570 rows; key: region_id, position)" in readme
    assert "  - government_id [text -> governments]: Id of the government (see the governments table)." in readme
    header = (out / "memberships.csv").read_text().splitlines()[0]
    assert header == "region_id,region_name,government_id,government_name,valid_from,valid_until,position,sources,note"
    assert "gemeente-46030,Beveren-Kruibeke-Zwijndrecht,2025-01-01,,2,pinc-gebiedsniveaus-2026-03-09; pinc-gebiedsniveaus," \
           in (out / "memberships.csv").read_text()


def test_json_matches_its_schema_and_is_deterministic(tmp_path: Path) -> None:
    first, second = export(tmp_path, "json", name="a.json"), export(tmp_path, "json", name="b.json")
    assert first.read_bytes() == second.read_bytes()
    document = json.loads(first.read_text())
    schema = json.loads((REPO / "docs" / "json" / "export.schema.json").read_text())
    assert schema == json_schema(), "docs/json/export.schema.json is stale: run python scripts/export_schema.py"
    assert [e.message for e in Draft202012Validator(schema).iter_errors(document)] == []
    metadata = document["metadata"]
    assert (metadata["on"], metadata["history"], metadata["include_internal"]) == ("2026-11-28", False, False)
    assert metadata["data"]["folder"] == "data" and len(metadata["data"]["sha256"]) == 64
    assert metadata["data"]["files"] > 500
    assert [c["name"] for c in metadata["tables"]["memberships"]["columns"]][:4] == [
        "region_id", "region_name", "government_id", "government_name"]


def test_xlsx_has_a_sheet_per_table_with_a_bold_frozen_header(tmp_path: Path) -> None:
    workbook = load_workbook(export(tmp_path, "xlsx", name="out.xlsx"))
    assert workbook.sheetnames == [*PUBLIC_TABLES, "README"]
    sheet = workbook["memberships"]
    assert [cell.value for cell in sheet[1]] == [c.name for c in TABLES[4].columns if not c.internal]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 571
    assert 10 < sheet.column_dimensions["D"].width <= 60  # government_name, sized to its longest name
    assert workbook["standards"]["I2"].value is True  # local_government_relevant as a boolean cell


# --- sqlite -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("on", [None, D("2021-06-01"), ON])
def test_sqlite_keys_are_valid(tmp_path: Path, on: date | None) -> None:
    with sqlite3.connect(export(tmp_path, "sqlite", on=on)) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        references = {(row[2], row[3]) for row in db.execute("PRAGMA foreign_key_list(memberships)")}
        assert references == {("regions", "region_id"), ("governments", "government_id")}
        keys = [row[1] for row in db.execute("PRAGMA table_info(software_use)") if row[5]]
        assert keys == ["government_id", "position"]
        count = db.execute("SELECT count(*) FROM memberships").fetchone()[0]
    assert count == len(shipped_tables(on)["memberships"])


def test_sqlite_views_answer_on_the_export_date(tmp_path: Path) -> None:
    day = D("2021-06-01")
    with sqlite3.connect(export(tmp_path, "sqlite", on=day)) as db:
        outside = [row[0] for row in db.execute("SELECT id FROM unaffiliated")]
        members = db.execute("SELECT count(*) FROM current_members").fetchone()[0]
        about = dict(db.execute("SELECT key, value FROM about_export").fetchall())
        described = db.execute("SELECT description FROM about_columns WHERE table_name = 'governments' "
                               "AND column_name = 'successor_id'").fetchone()[0]
    assert sorted(outside) == sorted(g.id for g in unaffiliated(shipped(), day).governments)
    assert len(outside) == 84
    assert members == len(regions_on(shipped(), day)) == 516
    assert (about["on"], about["history"]) == ("2021-06-01", "false")
    assert described.startswith("Id of the government it merged into")


def test_sqlite_software_use_named_names_the_vendor(tmp_path: Path) -> None:
    with sqlite3.connect(export(tmp_path, "sqlite")) as db:
        row = db.execute("SELECT government_name, vendor_name, domain FROM software_use_named "
                         "WHERE government_id = 'gemeente-11001'").fetchone()
    assert row == ("Aartselaar", "Cipal Schaubroeck", "besluitvorming")


# --- internal records -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Dataset]:
    root = write_synthetic(tmp_path_factory.mktemp("synthetic") / "data", SHIPPED_DATA, governments=12)
    dataset, problems = load_dataset(root)
    assert [p for p in problems if p.is_error] == []
    return root, dataset


def test_coordinators_only_with_include_internal(tmp_path: Path, generated: tuple[Path, Dataset]) -> None:
    root, dataset = generated
    public = export(tmp_path, "json", name="public.json", dataset=dataset, root=root)
    text = public.read_text()
    assert "Synthetic Coordinator" not in text and "@example.org" not in text
    assert "coordinators" not in json.loads(text)
    internal = json.loads(export(tmp_path, "json", name="internal.json", dataset=dataset, root=root,
                                 include_internal=True).read_text())
    coordinators = internal["coordinators"]
    assert len(coordinators) == 15
    assert coordinators[0] == {"region_id": "denderregio", "region_name": "Denderregio",
                               "name": "Synthetic Coordinator denderregio", "github": "synth-denderregio",
                               "email": "denderregio@example.org", "role": None, "valid_from": None,
                               "valid_until": None, "position": 0, "visibility": "internal"}
    assert internal["governments"][0]["visibility"] == "public"
    assert internal["metadata"]["include_internal"] is True
    assert len(internal["adoptions"]) > 0 and len(internal["security_plans"]) > 0


@pytest.fixture
def with_internal(tmp_path: Path) -> Dataset:
    """The base dataset with an internal membership, product, portfolio record and portfolio."""
    root = base_tree(tmp_path)
    product = (root / "catalog" / "products" / "acme-notulen.yaml").read_text()
    write_tree(root, {
        "regions/waasland.yaml": {"id": "waasland", "name": "Waasland", "kind": "kenniskring", "sources": ["refreg"],
                                  "members": [
            {"government": "gemeente-11056", "from": "2023-03-19", "until": "2024-12-31"},
            {"government": "gemeente-46030", "from": "2025-01-01", "visibility": "internal",
             "note": "not yet announced"},
            {"government": "gemeente-99001", "from": "2025-01-01"}]},
        "catalog/products/acme-secret.yaml": product.replace("id: acme-notulen", "id: acme-secret")
                                                    .replace("Acme Notulen", "Acme Secret") + "visibility: internal\n",
        "catalog/portfolios/gemeente-99001.yaml": {"government": "gemeente-99001", "software": [
            {"product": "acme-notulen", "status": "in-use", "from": "2022-01-01"},
            {"product": "acme-secret", "status": "in-use", "from": "2022-01-01"},
            {"product": "acme-notulen", "status": "planned", "from": "2020-01-01", "until": "2021-12-31",
             "visibility": "internal"}]},
        "catalog/portfolios/gemeente-11002.yaml": {"government": "gemeente-11002", "visibility": "internal",
                                                   "security_plan": [{"status": "adopted", "from": "2020-01-01"}]},
    })
    dataset, problems = load_dataset(root)
    assert [p for p in problems if p.is_error] == []
    return dataset


def test_internal_records_and_what_hangs_on_them_stay_out(with_internal: Dataset) -> None:
    public = export_tables(with_internal, None)
    assert [(r["region_id"], r["government_id"]) for r in public["memberships"] if r["region_id"] == "waasland"] == [
        ("waasland", "gemeente-11056"), ("waasland", "gemeente-99001")]
    assert [r["id"] for r in public["products"]] == ["acme-notulen"]
    assert [r["product_id"] for r in public["product_standards"]] == ["acme-notulen"]
    assert [(r["product_id"], r["status"]) for r in public["software_use"]] == [("acme-notulen", "in-use")]
    assert [r["government_id"] for r in public["portfolios"]] == ["gemeente-99001"]
    assert public["security_plans"] == []
    assert "not yet announced" not in json.dumps(public)
    everything = export_tables(with_internal, None, include_internal=True)
    assert [(r["product_id"], r["status"], r["visibility"]) for r in everything["software_use"]] == [
        ("acme-notulen", "in-use", "public"), ("acme-secret", "in-use", "public"),
        ("acme-notulen", "planned", "internal")]
    assert [r["government_id"] for r in everything["security_plans"]] == ["gemeente-11002"]
    assert len(everything["memberships"]) == len(public["memberships"]) + 1


# --- writing safely ---------------------------------------------------------------------------------------------

def test_refuses_to_overwrite_unless_forced(tmp_path: Path) -> None:
    out = export(tmp_path, "json", name="x.json")
    with pytest.raises(UsageError, match=r"exists and is not empty; pass --force to replace it"):
        export(tmp_path, "json", name="x.json")
    tables = shipped_tables(D("2021-06-01"))
    write_export(tables, export_metadata(SHIPPED_DATA, D("2021-06-01"), False), "json", out, force=True)
    assert json.loads(out.read_text())["metadata"]["on"] == "2021-06-01"
    with pytest.raises(UsageError, match=r"is a file, but this format writes a folder"):
        write_export(tables, {}, "csv", out, force=True)


def test_an_empty_folder_is_filled_and_a_forced_one_replaced(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    out = export(tmp_path, "csv")
    assert (out / "governments.csv").is_file()
    (out / "stale.csv").write_text("old\n")
    write_export(shipped_tables(ON), export_metadata(SHIPPED_DATA, ON, False), "csv", out, force=True)
    assert not (out / "stale.csv").exists() and (out / "README.txt").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary left behind


def test_force_never_replaces_a_folder_that_is_not_an_export(tmp_path: Path) -> None:
    precious = tmp_path / "data"
    (precious / "regions").mkdir(parents=True)
    (precious / "sources.yaml").write_text("sources: {}\n")
    with pytest.raises(UsageError, match="holds regions, which no csv export writes; --force replaces only an "):
        write_export(shipped_tables(ON), export_metadata(SHIPPED_DATA, ON, False), "csv", precious, force=True)
    assert (precious / "sources.yaml").read_text() == "sources: {}\n"


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(tables: Any, metadata: Any, path: Path) -> None:
        path.write_text("half")
        raise OSError("disk full")

    monkeypatch.setattr(export_formats, "write_json", broken)
    with pytest.raises(OSError, match="disk full"):
        export(tmp_path, "json", name="x.json")
    assert list(tmp_path.iterdir()) == []


# --- the command ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx", "sqlite"])
def test_cli_writes_every_format(base_data: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export.{fmt}"
    result = runner.invoke(app, ["export", "--data", str(base_data), "--to", fmt, "--out", str(out), "--history"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"Exported the whole history to {out} ({fmt}): 2 sources, 3 provinces, "
                                    "7 governments, 2 regions, 6 memberships")
    assert read_export(out)["governments"][0]["id"] == "gemeente-11002" if fmt != "sqlite" else out.stat().st_size


def test_cli_on_a_date_and_include_internal(base_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    result = runner.invoke(app, ["export", "--data", str(base_data), "--to", "json", "--out", str(out),
                                 "--on", "2023-06-01", "--include-internal"])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text())
    assert [(r["region_id"], r["government_id"]) for r in document["memberships"]] == [
        ("regio-antwerpen", "gemeente-11002"), ("regio-antwerpen", "ocmw-11002"),
        ("regio-antwerpen", "gemeente-11007"), ("waasland", "gemeente-11056")]
    assert "coordinators" in document and document["metadata"]["on"] == "2023-06-01"


@pytest.mark.parametrize(("args", "message"), [
    (["--on", "2024-01-01", "--history"], "give --on DATE or --history, not both"),
    (["--on", "gisteren"], "--on 'gisteren' is not a date"),
])
def test_cli_usage_errors(base_data: Path, tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["export", "--data", str(base_data), "--to", "json", "--out", str(tmp_path / "x"),
                                 *args])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


def test_cli_refuses_an_existing_out(base_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    out.write_text("{}")
    result = runner.invoke(app, ["export", "--data", str(base_data), "--to", "json", "--out", str(out)])
    assert result.exit_code == 2
    assert f"--out {out} exists and is not empty; pass --force to replace it" in result.stderr
    assert out.read_text() == "{}"
    forced = runner.invoke(app, ["export", "--data", str(base_data), "--to", "json", "--out", str(out), "--force"])
    assert forced.exit_code == 0 and json.loads(out.read_text())["metadata"]["on"] == "2026-11-28"


# -- --out -: stdout ---------------------------------------------------------------------------------------

def test_export_json_to_stdout_is_the_same_document_as_the_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from vlavirgem.cli import app

    from .conftest import SHIPPED_DATA

    runner = CliRunner()
    printed = runner.invoke(app, ["export", "--to", "json", "--out", "-", "--data", str(SHIPPED_DATA)])
    assert printed.exit_code == 0, printed.output
    assert "to stdout (json)" in printed.stderr
    runner.invoke(app, ["export", "--to", "json", "--out", str(tmp_path / "x.json"), "--data", str(SHIPPED_DATA)])
    assert json.loads(printed.stdout) == json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))


def test_export_binary_to_stdout_goes_into_a_pipe_and_is_refused_on_a_terminal(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    from .conftest import REPO, SHIPPED_DATA

    done = subprocess.run([sys.executable, "-m", "vlavirgem", "--data", str(SHIPPED_DATA), "export", "--to", "sqlite",
                           "--out", "-"], capture_output=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"SQLite format 3\x00")
    import io

    from vlavirgem.commands.export import _check_stdout
    from vlavirgem.core.problems import UsageError

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    for fmt in ("xlsx", "sqlite"):
        with pytest.raises(UsageError, match="terminal"):
            _check_stdout(fmt)
    with pytest.raises(UsageError, match="folder of files"):
        _check_stdout("csv")
    _check_stdout("json")  # text: fine on a terminal
