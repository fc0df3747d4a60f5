"""The site's catalogue and standards pages: one counting unit (municipalities, a gemeente and its
OCMW once) in every count, recounted here from the software records; the market shares as
``catalog compare`` prints them; the standard filter's data; the downloads read back as a Belgian
spreadsheet reads them."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from vlavirgem.core.dataset import load_dataset
from vlavirgem.core.model import Dataset
from vlavirgem.queries.scope import Scope, rows_in_use, scope

from .catalog_tree import run
from .conftest import SHIPPED_DATA, TODAY
from .site_support import download_rows, parse, shipped_site

# counts of catalogue records, not of users: the only numbers that need not count municipalities
RECORD_COUNTS = {"products", "standards"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shipped_site(tmp_path_factory)[0]


@pytest.fixture(scope="module")
def view() -> Scope:
    return scope(load_dataset(SHIPPED_DATA)[0], TODAY)


def _tables(site: Path) -> list[Path]:
    """The JSON downloads of every catalogue and standards page."""
    found = [p for folder in ("catalogus", "standaarden") for p in sorted((site / folder).rglob("*.json"))]
    assert len(found) > 30
    return found


class Recount:
    """The municipalities (NIS codes) behind each product, vendor, standard and domain, worked out
    from the software records in use on the day, apart from the queries' counting."""

    def __init__(self, view: Scope) -> None:
        dataset: Dataset = view.dataset
        self.valid = {g.nis for g in view.governments.values()}
        self.product: dict[str, set[str]] = defaultdict(set)
        self.vendor: dict[str, set[str]] = defaultdict(set)
        self.standard: dict[str, set[str]] = defaultdict(set)
        self.domain: dict[tuple[str, str | None], set[str]] = defaultdict(set)
        for government_id, uses in rows_in_use(view).items():
            nis = view.governments[government_id].nis
            for use in uses:
                product = dataset.products.get(use.product)
                if product is None or not product.public:
                    continue
                domain = use.domain or product.domain
                self.product[product.id].add(nis)
                self.vendor[product.vendor].add(nis)
                self.domain[(domain, product.id)].add(nis)
                self.domain[(domain, None)].add(nis)
                for standard in {s.standard for s in product.standards} | set(use.standards):
                    self.standard[standard].add(nis)

    def expected(self, path: Path, row: dict[str, Any], key: str) -> int:
        """What a count of a catalogue table must be, by what the table and the column are about."""
        name = path.name
        domain = re.fullmatch(r"index-marktaandeel-(.+)\.json", name)
        if key == "valid":
            return len(self.valid)
        if domain:
            return len(self.domain[(domain.group(1), row["product"] if key == "municipalities" else None)])
        if name == "index-leveranciers.json":
            return len(self.vendor[row["id"]])
        if path.parent.name == "standaarden" and name in ("index-standaarden.json", "index-relevant.json"):
            return len(self.standard[row.get("standard") or row["id"]])
        if "product" in row:
            return len(self.product[row["product"]])
        if name.endswith("-producten.json"):  # the products of the catalogue or of a vendor
            return len(self.product[row["id"]])
        raise AssertionError(f"{path}: no rule for the count {key!r}; every count must be recounted here")


def test_every_count_on_the_catalogue_pages_counts_municipalities(site: Path, view: Scope) -> None:
    recount = Recount(view)
    checked = 0
    for path in _tables(site):
        document = json.loads(path.read_text(encoding="utf-8"))
        for column in document["columns"]:
            key = column["key"]
            values = [row[key] for row in document["rows"]]
            if key in RECORD_COUNTS or not any(isinstance(v, int) and not isinstance(v, bool) for v in values):
                continue
            # the heading says the unit
            assert "gemeenten" in column["label"].lower(), (path.name, column)
            for row in document["rows"]:
                assert row[key] == recount.expected(path, row, key), (path.name, key, row)
                checked += 1
    assert checked > 100


def test_no_catalogue_heading_counts_governments(site: Path) -> None:
    """A number of "besturen" would mix gemeenten and OCMW's (lists of users may say the word)."""
    for page in [*(site / "catalogus").rglob("*.html"), *(site / "standaarden").rglob("*.html")]:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"\d+ (van de \d+ )?besturen", text), page


def test_the_site_shows_the_market_shares_catalog_compare_computes(site: Path) -> None:
    shares = sorted((site / "catalogus").glob("index-marktaandeel-*.csv"))
    assert shares, "the catalogue shows no market share"
    for path in shares:
        domain = path.stem.removeprefix("index-marktaandeel-")
        code, out, _ = run("catalog", "compare", "--domain", domain, "--format", "csv")
        assert code == 0
        cli = [(r["product"], r["municipalities"], r["users"], float(r["share"]))
               for r in csv.DictReader(io.StringIO(out))]
        page = [(r["product"], r["municipalities"], r["users"], float(r["share"].replace(",", ".")))
                for r in download_rows(path)]
        assert page == cli and page, domain


def test_the_relevant_standards_and_their_share(site: Path, view: Scope) -> None:
    relevant = {s.id for s in view.dataset.standards.values() if s.local_government_relevant and s.public}
    rows = json.loads((site / "standaarden" / "index-relevant.json").read_text(encoding="utf-8"))
    assert {r["standard"] for r in rows["rows"]} == relevant
    assert rows["table"].startswith(f"De {len(relevant)} standaarden die relevant zijn voor lokale besturen")
    for row in rows["rows"]:
        assert row["share"] == round(row["municipalities"] / row["valid"], 4)


def test_the_filter_data_says_what_each_product_supports(site: Path, view: Scope) -> None:
    html = (site / "catalogus" / "index.html").read_text(encoding="utf-8")
    products = re.search(r'id="tabel-producten".*?</table>', html, re.S)
    assert products
    rows = re.findall(r'<tr data-supports="([^"]*)"><th scope="row"><a href="producten/([^"]+)\.html"',
                      products.group(0))
    public = {p.id: p for p in view.dataset.products.values() if p.public}
    assert {product for _, product in rows} == set(public)
    for supports, product in rows:
        assert set(supports.split()) == {s.standard for s in public[product].standards}, product
    options = set(re.findall(r'<option value="([^"]+)">', html))
    assert options == {s.standard for p in public.values() for s in p.standards}
    assert '<form class="filter" id="catalogus-filter" hidden>' in html  # shown by the script only
    assert parse(site / "catalogus" / "index.html")


def _spreadsheet(value: Any) -> str:
    """How a JSON value reads back from the CSV in a Belgian spreadsheet."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return "" if value is None else str(value)


def test_the_catalogue_downloads_read_back_as_their_json(site: Path) -> None:
    dated = 0
    for path in _tables(site):
        document = json.loads(path.read_text(encoding="utf-8"))
        rows = download_rows(path.with_suffix(".csv"))
        assert rows == [{key: _spreadsheet(value) for key, value in row.items()} for row in document["rows"]], path
        dated += sum(1 for row in rows for value in row.values() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))
        assert all(re.fullmatch(r"[a-z0-9-]+", row["id"]) for row in rows if "id" in row)
    assert dated > 0  # ISO dates stay as they are


def test_a_text_that_would_start_a_formula_is_written_as_text() -> None:
    from vlavirgem.site.tables import Column, table

    made = table("x.html", "t", "T", [Column("name", "Naam")], [{"name": "=1+2"}, {"name": "-3"}])
    lines = made.csv_text()[1:].splitlines()
    assert lines == ["Naam", "'=1+2", "'-3"]
    assert date.fromisoformat(TODAY.isoformat()) == TODAY
