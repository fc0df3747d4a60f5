"""Labels for people on every page of the shipped site: no raw ids or codes (``gemeente-11002``,
``REFREG14``), no raw values of an enumeration (``ErkendeStandaard``, ``in-use``), no ISO dates
(those stay in ``datetime=``, links, code and the downloads), no open interval written with a dash
("(-2024)"), none of the phrases a Flemish reader stumbles over; and every government's page links
its gemeente or OCMW of the same NIS code and period."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from vlavirgem.core.dataset import load_dataset
from vlavirgem.site import nl

from .conftest import REPO, SHIPPED_DATA
from .site_support import shipped_site

# (a file's path, as in "Bewerk catalog/portfolios/gemeente-11002.yaml op GitHub", names the file to edit)
RAW_ID = re.compile(r"(?<![\w/.-])(?:(?:gemeente|ocmw)-\d{5}|REFREG\d+)(?![\w.-])")
ISO_DATE = re.compile(r"(?<![\w/.-])\d{4}-\d{2}-\d{2}(?![\w/-])")
OPEN_DASH = re.compile(r"\(\s*[\u2013\u2014-]\s*\d{4}\s*\)|\(\s*\d{4}\s*[\u2013\u2014-]\s*\)")
PHRASES = ("op deze dag", "(zie onder)", "referentieregio Regio ", "heeft \u2013 van", "heeft - van")
# elements whose text is not for people, or is code and may show an id
NOT_FOR_PEOPLE = {"code", "script", "style", "kbd", "samp"}
# attributes a person reads (a tooltip, an accessible name, a placeholder)
FOR_PEOPLE = {"title", "alt", "aria-label", "placeholder"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
        "path", "rect", "circle", "polygon", "line", "use"}


class Texts(HTMLParser):
    """The text of a page a person reads: text nodes outside code and scripts, the texts of links
    unless they spell out their own address, and the attributes in ``FOR_PEOPLE``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append(tag)
        self.texts += [value for name, value in attrs if name in FOR_PEOPLE and value]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.texts += [value for name, value in attrs if name in FOR_PEOPLE and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not NOT_FOR_PEOPLE.intersection(self.open) and not data.strip().startswith(("http://", "https://")):
            self.texts.append(data)


def texts(html: str) -> str:
    parsed = Texts()
    parsed.feed(html)
    return "\n".join(parsed.texts)


def enum_values() -> set[str]:
    """Every value of an enumeration in the schemas that is a code rather than a word (``in-use``,
    ``phasing-out``), and every status and category of the standards register in the data."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.get("enum", ()):
                if isinstance(value, str) and re.fullmatch(r"[a-z]+(?:-[a-z]+)+", value):
                    found.add(value)
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    for schema in sorted(set((REPO / "schemas").glob("*.schema.json")) - {REPO / "schemas" / "ids.schema.json"}):
        walk(json.loads(schema.read_text(encoding="utf-8")))
    dataset, _ = load_dataset(SHIPPED_DATA)
    for standard in dataset.standards.values():
        found |= {str(standard.raw[key]) for key in ("status", "category") if standard.raw.get(key)}
    return {value for value in found if re.search(r"[a-z][A-Z]|-", value)}


def source_ids() -> set[str]:
    """The ids of the sources: a page names a source by its title (the sources page shows the id in
    <code>, for whoever cites it)."""
    dataset, _ = load_dataset(SHIPPED_DATA)
    return {source_id for source_id in dataset.sources if "-" in source_id}


# enumeration values that are also ordinary words or names somewhere on the site
NOT_RAW = {"e-mail"}


def problems(page: str, values: set[str]) -> list[str]:
    text = texts(page)
    found = [f"raw id {m}" for m in RAW_ID.findall(text)]
    found += [f"ISO date {m}" for m in ISO_DATE.findall(text)]
    found += [f"open interval {m}" for m in OPEN_DASH.findall(text)]
    found += [f"phrase {p!r}" for p in PHRASES if p in text]
    words = set(re.findall(r"[\w-]+", text))
    found += [f"raw value {v}" for v in sorted(values & words - NOT_RAW)]
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shipped_site(tmp_path_factory)[0]


def test_no_page_shows_raw_ids_codes_iso_dates_or_awkward_phrases(site: Path) -> None:
    values = enum_values()
    assert {"ErkendeStandaard", "KandidaatStandaard", "in-use"} <= values
    values |= source_ids()
    wrong = []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 1000
    for path in pages:
        wrong += [f"{path.relative_to(site).as_posix()}: {p}" for p in problems(path.read_text(encoding="utf-8"), values)]
    assert not wrong, f"{len(wrong)} problems:\n" + "\n".join(wrong[:40])


@pytest.mark.parametrize("html", [
    "<p>Zwijndrecht (gemeente-11056)</p>", "<td>ligt in REFREG01</td>", "<td>2026-12-01</td>",
    "<p>Zwijndrecht (\u20132024)</p>", "<p>Geen gegevens op deze dag.</p>", "<td>ErkendeStandaard</td>",
    "<td>in-use</td>", "<td>(REFREG01)</td>", '<a title="sinds 2020-01-01" href="x.html">x</a>', "<p>(zie onder)</p>",
])
def test_the_scan_finds_each_kind_of_problem(html: str) -> None:
    assert problems(html, enum_values())


def test_the_scan_finds_a_source_named_by_its_id() -> None:
    assert problems("<dd>pinc-igs-2025, vlaanderen-igs-subsidiebelofte</dd>", enum_values() | source_ids())


@pytest.mark.parametrize("html", [
    '<td class="date"><time datetime="2026-12-01">1 december 2026</time></td>',
    '<a href="besturen/gemeente-11002.html">Antwerpen</a>', "<code>gemeente-11002</code>",
    '<a href="https://example.org/2026-05-20">https://example.org/2026-05-20</a>',
    '<p>config/migrations/2023/20230914-harvest</p>', "<a href='x'>Bewerk catalog/portfolios/gemeente-11002.yaml</a>",
])
def test_the_scan_leaves_machine_readable_values_alone(html: str) -> None:
    assert problems(html, enum_values()) == []


def test_the_standards_registers_values_each_have_a_label() -> None:
    dataset, _ = load_dataset(SHIPPED_DATA)
    statuses = {str(s.raw["status"]) for s in dataset.standards.values() if s.raw.get("status")}
    categories = {str(s.raw["category"]) for s in dataset.standards.values() if s.raw.get("category")}
    assert statuses <= set(nl.STANDARD_STATUS) and categories <= set(nl.STANDARD_CATEGORY)
    assert nl.register_word("EenNieuweStatus", {}) == "een nieuwe status"


def test_dates_for_people() -> None:
    assert nl.day_text("2026-12-01") == "1 december 2026"
    assert nl.dates_in("gezien op 2023-09-14, 2025-01-01") == "gezien op 14 september 2023, 1 januari 2025"
    assert nl.dates_in("zie https://x.org/2023-09-14/") == "zie https://x.org/2023-09-14/"


def test_every_government_page_links_its_gemeente_or_ocmw(site: Path) -> None:
    dataset, _ = load_dataset(SHIPPED_DATA)
    governments = dataset.governments
    checked = 0
    missing = []
    for government in governments.values():
        page = site / "besturen" / f"{government.id}.html"
        if not page.is_file():
            continue  # an internal government has no page
        expected = [o for o in governments.values() if o.nis == government.nis and o.kind != government.kind
                    and o.validity.overlaps(government.validity) and (site / "besturen" / f"{o.id}.html").is_file()]
        if not expected:
            continue
        label = "Gemeente" if government.kind == "ocmw" else "OCMW"
        html = page.read_text(encoding="utf-8")
        fact = re.search(rf"<dt>{label}</dt><dd>(.*?)</dd>", html)
        linked = set(re.findall(r'href="([^"]+)\.html"', fact.group(1))) if fact else set()
        if not linked or not linked <= {o.id for o in expected}:
            missing.append(f"{government.id}: links {sorted(linked)}, expected one of {[o.id for o in expected]}")
        checked += 1
    assert checked > 600  # the shipped register: 654 governments, each with its counterpart
    assert not missing, "\n".join(missing[:20])
