"""The timeline page: the same series as `vlavirgem timeline`, the reported figures apart, readable without script."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from .catalog_tree import run
from .site_support import download_rows, shipped_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shipped_site(tmp_path_factory)[0]


def test_the_page_draws_the_series_the_command_line_computes(site: Path) -> None:
    code, out, _ = run("timeline", "--by", "change", "--format", "csv")
    assert code == 0
    expected = [(r["date"], r["governments"], r["members"], r["unaffiliated"], r["circles"])
                for r in csv.DictReader(io.StringIO(out))]
    found = [(r["date"], r["governments"], r["members"], r["unaffiliated"], r["circles"])
             for r in download_rows(site / "tijdlijn-verloop.csv")]
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


def _chart_values(chart: str) -> list[float]:
    """The values a step chart's one series takes, read back from its path through the y axis' ticks."""
    ticks = [(float(y) - 4, float(text)) for y, text in
             re.findall(r'<text class="tick" x="[\d.]+" y="([\d.]+)" text-anchor="end">(\d+)</text>', chart)]
    (y0, v0), (y1, v1) = ticks[0], ticks[-1]
    path = re.search(r'<path class="series [^"]+" d="([^"]+)"', chart)
    assert path is not None
    ys = [float(path.group(1).split()[1])] + [float(v) for v in re.findall(r"V([\d.]+)", path.group(1))]
    return [round(v0 + (y - y0) * (v1 - v0) / (y1 - y0), 6) for y in ys]


def test_a_region_page_shows_its_membership_history(site: Path) -> None:
    page = (site / "regios" / "waasland.html").read_text(encoding="utf-8")
    history = page[page.index('id="kop-geschiedenis"'):page.index('id="kop-wijzigingen"')]
    # the former members, with where they went and their sources
    former = download_rows(site / "regios" / "waasland-vroegere-leden.csv")
    zwijndrecht = next(r for r in former if r["id"] == "gemeente-11056")
    assert (zwijndrecht["from"], zwijndrecht["until"], zwijndrecht["successor"]) == (
        "2023-03-19", "2024-12-31", "gemeente-46030")
    assert zwijndrecht["sources"] and 'href="../besturen/gemeente-11056.html">Zwijndrecht</a>' in history
    # every change of membership since the records start, not only the last year's: the move and the mergers
    rows = download_rows(site / "regios" / "waasland-geschiedenis.csv")
    moves = [(r["date"], r["government"], r["previous_region"]) for r in rows if r["kind"] == "moved"]
    assert ("2023-03-19", "gemeente-11056", "regio-antwerpen") in moves
    assert {r["government"] for r in rows if r["kind"] == "merged" and r["date"] == "2025-01-01"} >= {
        "gemeente-46030", "gemeente-46029"}
    assert all(r["sources"] for r in rows if r["kind"] in ("joined", "moved"))
    assert "<td>verhuisd</td>" in history


def test_the_member_chart_counts_what_region_show_counts(site: Path) -> None:
    import json
    from datetime import date, timedelta

    page = (site / "regios" / "waasland.html").read_text(encoding="utf-8")
    start = page.index('<svg class="chart"')
    chart = page[start:page.index("</svg>", start)]
    assert "<script" not in chart and "<figcaption" in page[start:]
    points = download_rows(site / "regios" / "waasland-ledenaantal.csv")
    assert [p["date"] for p in points] == ["2021-03-12", "2023-03-19", "2025-01-01"]
    values = _chart_values(chart)
    assert values[:len(points)] == [float(p["members"]) for p in points]
    assert values[-1] == values[len(points) - 1]  # the last count holds up to the day
    for point in points:
        day = date.fromisoformat(point["date"])
        for asked in (day, day + timedelta(days=30)):
            code, out, _ = run("region", "show", "waasland", "--on", asked.isoformat(), "--format", "json")
            assert code == 0
            assert len(json.loads(out)["members"]) == int(point["members"]), asked
    code, out, _ = run("region", "show", "waasland", "--on", "2023-03-18", "--format", "json")
    assert len(json.loads(out)["members"]) == int(points[0]["members"])  # before the move: the first count
