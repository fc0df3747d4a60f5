"""Empty is said once: a section of the shipped-data site that the data does not cover (no
per-government record of a building block's adoption, of a security plan, of a PDCA step; nobody in
a region) says so in one line instead of a table of zeros or a grey map; and a building block that
a catalogue product implements shows that product's users, as the catalogue does."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from vlavirgem.core.validation import validate

from .conftest import SHIPPED_DATA, TODAY
from .site_support import shipped_site

NUMBER = re.compile(r'<td class="num">([^<]*)</td>')
ZERO = {"0", "0%", "\u2013", ""}
# the columns of a tally that count records: in a covered section at least one of them is not zero
# (the others, "Geen gegevens", "Onbekend" and "Besturen", count the governments without a record)
RECORD_COLUMNS = {"In gebruik", "Gepland", "Gekend", "Gestopt", "Goedgekeurd", "In voorbereiding", "Geen plan",
                  "Verlopen"}
GREY = {"st-none", "none"}  # an area without a record (adoption) or in no region


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shipped_site(tmp_path_factory)[0]


def _tables(page: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """Each table's caption, header labels and the cells of its rows (text only)."""
    found = []
    for block in re.findall(r"<table>.*?</table>", page, re.S):
        caption = re.search(r"<caption[^>]*>(.*?)<span", block, re.S)
        head = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', block, re.S)]
        rows = [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
                for row in re.findall(r"<tr>(.*?)</tr>", block.split("</thead>", 1)[-1], re.S)]
        found.append((caption.group(1).strip() if caption else "?", head, rows))
    return found


def test_no_page_shows_a_table_of_zeros_or_a_map_without_colour(site: Path) -> None:
    wrong = []
    for path in sorted(site.rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        name = path.relative_to(site).as_posix()
        for block in re.findall(r"<table>.*?</table>", page, re.S):
            numbers = NUMBER.findall(block)
            if numbers and all(n.strip() in ZERO for n in numbers):
                wrong.append(f"{name}: a table whose numbers are all zero")
        for caption, head, rows in _tables(page):
            counted = [i for i, label in enumerate(head) if label in RECORD_COLUMNS]
            if counted and rows and all(row[i] in ZERO for row in rows for i in counted if i < len(row)):
                wrong.append(f"{name}: {caption}: a tally without a single record")
        for svg in re.findall(r'<svg class="map".*?</svg>', page, re.S):
            if not set(re.findall(r'class="area ([^"]+)"', svg)) - GREY:
                wrong.append(f"{name}: a map with no coloured area")
    assert not wrong, "\n".join(wrong[:20])


def test_the_sections_without_records_say_so_once(site: Path) -> None:
    blocks = (site / "bouwstenen" / "index.html").read_text(encoding="utf-8")
    assert blocks.count("geen adoptie per bestuur vastgelegd") == 1
    assert 'href="magda.html">MAGDA</a>' in blocks  # named in that line, linked to its page
    rows = json.loads((site / "bouwstenen" / "index-bouwstenen.json").read_text(encoding="utf-8"))["rows"]
    assert {r["id"] for r in rows} == {"ipdc-lpdc", "gelinkt-notuleren"}  # the blocks the data covers
    assert 'id="tabel-gemeld"' in blocks  # what others reported about the blocks
    magda = (site / "bouwstenen" / "magda.html").read_text(encoding="utf-8")
    assert "Er is geen adoptie van deze bouwsteen vastgelegd." in magda
    assert "<table>" not in magda and "kaart/bouwsteen-magda.html" not in magda
    magda_map = (site / "kaart" / "bouwsteen-magda.html").read_text(encoding="utf-8")
    assert '<svg class="map"' not in magda_map and magda_map.count("Er is geen adoptie van deze bouwsteen") == 1
    security = (site / "informatieveiligheid.html").read_text(encoding="utf-8")
    assert security.count("Er zijn geen gegevens over informatieveiligheidsplannen.") == 1
    assert 'id="tabel-regios"' not in security and 'id="tabel-gemeld-informatieveiligheid"' in security
    home = (site / "index.html").read_text(encoding="utf-8")
    assert home.count("Er zijn geen gegevens over informatieveiligheidsplannen.") == 1
    assert 'id="tabel-informatieveiligheid"' not in home and "geen adoptie per bestuur vastgelegd" in home
    # the reported figures of the topic, with their sources
    reported = json.loads((site / "informatieveiligheid-gemeld-informatieveiligheid.json").read_text("utf-8"))
    assert reported["rows"] and all(r["publisher"] for r in reported["rows"])
    assert security.count('href="bronnen.html#bron-') >= len(reported["rows"])
    aartselaar = (site / "besturen" / "gemeente-11001.html").read_text(encoding="utf-8")
    plan = aartselaar[aartselaar.index('id="kop-veiligheid"'):]
    assert plan.count("Geen gegevens over een informatieveiligheidsplan.") == 1 and "Onbekend" not in plan[:400]
    before = (site / "op-datum" / "2015-01-01" / "index.html").read_text(encoding="utf-8")
    assert '<svg class="map"' not in before and "ligt vóór het eerste vastgelegde lidmaatschap" in before


def test_a_block_that_a_product_implements_shows_the_products_users(site: Path) -> None:
    block = json.loads((site / "bouwstenen" / "gelinkt-notuleren-productgebruikers.json").read_text("utf-8"))
    product = json.loads((site / "catalogus" / "producten" / "gelinkt-notuleren-gebruikers.json").read_text("utf-8"))
    assert len(block["rows"]) == 14 and block["rows"] == product["rows"]
    page = (site / "bouwstenen" / "gelinkt-notuleren.html").read_text(encoding="utf-8")
    assert 'href="../catalogus/producten/gelinkt-notuleren.html">Gelinkt Notuleren</a>' in page
    offer = (site / "catalogus" / "producten" / "gelinkt-notuleren.html").read_text(encoding="utf-8")
    assert 'href="../../bouwstenen/gelinkt-notuleren.html"' in offer
    rows = json.loads((site / "bouwstenen" / "index-bouwstenen.json").read_text(encoding="utf-8"))["rows"]
    assert next(r for r in rows if r["id"] == "gelinkt-notuleren")["product_users"] == 14
    # a government that uses the product has the block, said to come from its software
    user = product["rows"][0]["id"]
    blocks = json.loads((site / "besturen" / f"{user}-bouwstenen.json").read_text(encoding="utf-8"))["rows"]
    assert [(r["block"], r["via"]) for r in blocks] == [("gelinkt-notuleren", "gelinkt-notuleren")]


def test_implements_must_name_a_block(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, data)
    product = data / "catalog" / "products" / "gelinkt-notuleren.yaml"
    product.write_text(product.read_text(encoding="utf-8").replace("implements: gelinkt-notuleren",
                                                                   "implements: gelinkt-notulen"), encoding="utf-8")
    _, report = validate(data, TODAY)
    assert any(p.code == "unknown-reference" and "gelinkt-notulen" in p.message for p in report.problems)
