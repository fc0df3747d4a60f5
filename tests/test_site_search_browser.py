"""The search box and zoeken.html in a real browser, at a phone's and a desktop's width: what a query
finds and in which order, where Enter goes, what the page says when nothing matches, the match
counts in its headings, the list without JavaScript, and axe-core on each of those states.

Uses the browser, the shipped site and the helpers of tests/test_site_browser.py (the same skips
when Chromium, playwright or axe-core is missing).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .test_site_browser import (  # noqa: F401  (browser and site are fixtures)
    DESKTOP,
    PHONE,
    WIDTHS,
    Visit,
    browser,
    needs_axe,
    pytestmark,
    site,
    violations,
)

NOTHING = "xyzzy qwv"  # fits no entry


@pytest.fixture(params=WIDTHS)
def visit(request: pytest.FixtureRequest, browser: Any) -> Iterator[Visit]:  # noqa: F811
    phone = request.param["width"] < 600
    tab = Visit(browser, request.param, is_mobile=phone, has_touch=phone)
    yield tab
    assert tab.foreign() == [] and tab.refused() == []
    tab.context.close()


def results(page: Any, query: str) -> list[tuple[str, str]]:
    """(page, text) of the box's results for a query, once they are shown; pages relative to the root."""
    page.fill("#zoekterm", query)
    page.wait_for_function("() => !document.getElementById('zoekresultaten').hidden")
    found: list[tuple[str, str]] = page.eval_on_selector_all(
        "#zoekresultaten a", "links => links.map(a => [a.getAttribute('href'), a.textContent])")
    return [(re.sub(r"^(\.\.?/)+", "", href), text) for href, text in found]


# (query, the page of the best match, a page that must be among the results): by kind and name, by
# NIS code, by KBO number (as stored and as written with dots), by a former name, case and accents
# aside, networks by name, kind and KBO number, a vendor by its other name
FINDS = [
    ("OCMW Deinze", "besturen/ocmw-44083.html", "besturen/ocmw-44011.html"),
    ("ocmw DEÏNZE", "besturen/ocmw-44083.html", "besturen/ocmw-44011.html"),
    ("Deinze", "besturen/gemeente-44083.html", "besturen/gemeente-44011.html"),
    ("44083", "besturen/gemeente-44083.html", "besturen/ocmw-44083.html"),
    ("ocmw 44083", "besturen/ocmw-44083.html", None),
    ("0697663689", "besturen/ocmw-44083.html", None),
    ("0697.608.162", "besturen/gemeente-44083.html", None),
    ("Nevele", "besturen/gemeente-44049.html", "besturen/gemeente-44083.html"),
    ("borsbeek", "besturen/gemeente-11007.html", "besturen/gemeente-11002.html"),
    ("gemeente-12041", "besturen/gemeente-12041.html", None),
    ("Veneco", "netwerken/intergemeentelijke-vereniging/veneco.html", None),
    ("0200065765", "netwerken/intergemeentelijke-vereniging/veneco.html", None),
    ("intergemeentelijke vereniging veneco", "netwerken/intergemeentelijke-vereniging/veneco.html", None),
    ("igs wonen", None, "netwerken/igs-wonen/pinc20260309-igs01.html"),
    ("Cipal", "netwerken/intergemeentelijke-vereniging/cipal.html", "catalogus/leveranciers/cipal-schaubroeck.html"),
    ("waasl", "regios/waasland.html", None),
]


@pytest.mark.parametrize(("query", "best", "also"), FINDS)
def test_the_box_finds_and_enter_goes_to_the_best_match(site: Path, visit: Visit, query: str,  # noqa: F811
                                                        best: str | None, also: str | None) -> None:
    page = visit.open(site, "index.html")
    found = [href for href, _ in results(page, query)]
    assert found, query
    if also:
        assert also in found, (query, found)
    if best:
        assert found[0] == best, (query, found)
        page.press("#zoekterm", "Enter")
        page.wait_for_url("**/" + best)


def test_the_best_match_is_the_government_that_exists_today(site: Path, visit: Visit) -> None:  # noqa: F811
    """Of two governments of one name, today's comes first (its detail is its province, the other's its years)."""
    page = visit.open(site, "besturen/gemeente-11002.html")
    assert results(page, "ocmw deinze") == [("besturen/ocmw-44083.html", "DeinzeOCMW · Oost-Vlaanderen"),
                                            ("besturen/ocmw-44011.html", "DeinzeOCMW · tot 2018")]


@needs_axe
def test_no_result_in_the_box_is_said_and_styled(site: Path, visit: Visit) -> None:  # noqa: F811
    page = visit.open(site, "index.html")
    assert results(page, NOTHING) == []
    none = page.locator("#zoekresultaten .no-results")
    assert none.text_content() == "Geen resultaten" and none.is_visible()
    style = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('#zoekresultaten .no-results'));
                                     return [s.paddingLeft, s.color, s.fontStyle]; }""")
    assert style[0] != "0px" and style[2] == "italic", style  # the stylesheet's rule applies
    assert page.locator("#zoekstatus").text_content() == "Geen resultaten"
    assert violations(page) == []
    page.press("#zoekterm", "Enter")  # nothing to go to: zoeken.html says so
    page.wait_for_url("**/zoeken.html?q=*")
    assert page.locator("#zoekleeg").is_visible()


def _headings(page: Any) -> list[tuple[str, int, int]]:
    """(heading, items shown, items) of every section of zoeken.html that is shown."""
    found: list[tuple[str, int, int]] = page.evaluate("""() => [...document.querySelectorAll('#zoeklijst section')]
        .filter(s => !s.hidden).map(s => [s.querySelector('h2').textContent,
            s.querySelectorAll('li:not([hidden])').length, s.querySelectorAll('li').length])""")
    return found


@needs_axe
@pytest.mark.parametrize("query", ["OCMW Deinze", "44083", "0697663689", "Nevele", "veneco", "gent"])
def test_the_search_page_filters_and_counts_the_matches(site: Path, visit: Visit, query: str) -> None:  # noqa: F811
    page = visit.open(site, f"zoeken.html?q={query}")
    page.wait_for_function("() => !document.getElementById('zoekuitslag').hidden")
    headings = _headings(page)
    assert headings
    for heading, shown, total in headings:  # every heading counts what it shows, of all it holds
        assert 0 < shown < total and heading.endswith(f"({shown} van {total})"), heading
    shown = sum(count for _, count, _ in headings)
    assert page.locator("#zoekuitslag").text_content() in (f"{shown} resultaten voor \u2018{query}\u2019",
                                                            f"1 resultaat voor \u2018{query}\u2019")
    assert not page.locator("#zoekleeg").is_visible()
    # what the page shows is what the box finds
    box = [href for href, _ in results(page, query)]
    listed = page.eval_on_selector_all("#zoeklijst li:not([hidden]) a", "links => links.map(a => a.getAttribute('href'))")
    assert box and set(box) <= set(listed)
    page.keyboard.press("Escape")
    assert violations(page) == []


@needs_axe
def test_the_search_page_says_when_nothing_matches(site: Path, visit: Visit) -> None:  # noqa: F811
    page = visit.open(site, f"zoeken.html?q={NOTHING}")
    nothing = page.locator("#zoekleeg")
    nothing.wait_for()
    assert re.sub(r"\s+", " ", nothing.text_content()).strip().startswith(f"Niets gevonden voor {NOTHING}.")
    assert page.locator("#zoekleeg-term").text_content() == NOTHING
    assert _headings(page) == []
    assert not page.locator("#zoekuitslag").is_visible()
    assert violations(page) == []
    page.click("#zoekleeg a")  # "Toon alles"
    page.wait_for_url("**/zoeken.html")
    assert all(shown == total for _, shown, total in _headings(page))
    assert not nothing.is_visible()


def test_the_search_page_lists_everything_without_javascript(site: Path, browser: Any) -> None:  # noqa: F811
    for viewport in (PHONE, DESKTOP):
        tab = Visit(browser, viewport, java_script_enabled=False)
        page = tab.open(site, "zoeken.html?q=deinze")
        headings = _headings(page)
        assert len(headings) == 8
        assert all(shown == total and heading.endswith(f"({total})") for heading, shown, total in headings)
        assert not page.locator("#zoekleeg").is_visible() and not page.locator("#zoekuitslag").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        tab.context.close()


def test_the_open_results_fit_the_width(site: Path, visit: Visit) -> None:  # noqa: F811
    page = visit.open(site, "zoeken.html")
    assert results(page, "deinze")
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = page.locator("#zoekresultaten").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
