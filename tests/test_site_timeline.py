"""The timeline page: the same series as `vlavirgem timeline`, the reported figures apart, readable without script."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from .catalog_tree import run
from .site_support import shipped_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shipped_site(tmp_path_factory)[0]


def test_the_page_draws_the_series_the_command_line_computes(site: Path) -> None:
    code, out, _ = run("timeline", "--by", "change", "--format", "csv")
    assert code == 0
    expected = [(r["date"], r["governments"], r["members"], r["unaffiliated"], r["circles"])
                for r in csv.DictReader(io.StringIO(out))]
    download = (site / "tijdlijn-verloop.csv").read_text(encoding="utf-8")
    found = [(r["date"], r["governments"], r["members"], r["unaffiliated"], r["circles"])
             for r in csv.DictReader(io.StringIO(download))]
    assert found == expected and len(found) >= 7


def test_the_chart_needs_no_script_and_keeps_reported_figures_apart(site: Path) -> None:
    page = (site / "tijdlijn.html").read_text(encoding="utf-8")
    chart = page[page.index('<svg class="chart"'):page.index("</svg>")]
    assert "<script" not in chart and chart.count('class="series ') == 3
    markers = re.findall(r'<path class="reported"[^>]*><title>([^<]+)</title>', chart)
    assert markers and all(m.startswith("Gemeld door ") for m in markers)
    assert any("zo&#39;n 54" in m or "zo'n 54" in m for m in markers)  # 2015: about 54 governments outside
    table = page[page.index('id="tabel-gemeld"'):]
    assert table.count('href="bronnen.html#bron-gemeld-') >= 9  # every reported figure links its source
    assert "12 maart 2021" in page and "Tijdlijn" in page[:page.index("<main")]


def test_the_changes_page_holds_every_change_of_the_command_line_by_year(site: Path) -> None:
    code, out, _ = run("changes", "--from", "2014-12-31", "--format", "csv")
    assert code == 0
    expected = list(csv.DictReader(io.StringIO(out)))
    page = (site / "wijzigingen.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-kind="([^"]*)" data-regions="([^"]*)">', page)
    assert len(rows) == len(expected) > 900
    assert [kind for kind, _ in rows] == [row["kind"] for row in sorted(expected, key=lambda r: r["date"][:4],
                                                                        reverse=True)]
    years = re.findall(r'id="tabel-jaar-(\d{4})"', page)
    assert years == sorted(years, reverse=True) and "2019" in years
    moves = [regions.split() for kind, regions in rows if kind == "moved"]
    assert moves and all(set(r) == {"regio-antwerpen", "waasland"} for r in moves)  # Zwijndrecht, both sides
    assert 'href="tijdlijn.html"' in page or "wijzigingen.html" in (site / "tijdlijn.html").read_text(encoding="utf-8")
