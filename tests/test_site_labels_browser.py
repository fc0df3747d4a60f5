"""The besturen list's filter by province and kind in a real browser, at phone (390 px) and desktop
(1280 px) width: it shows exactly the rows whose data attributes match, says how many remain, and
axe-core finds nothing on the page, the filter set or not.  Without JavaScript the form stays hidden
and every government of the day is listed."""

# the fixtures site and browser are imported from tests/test_site_browser.py and named as arguments
# ruff: noqa: F811

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .test_site_browser import (  # noqa: F401 (fixtures)
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

PAGE = "besturen/index.html"
ROWS = "#tabel-besturen tbody tr"


def _downloaded(site: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((site / "besturen" / "index-besturen.json").read_text(encoding="utf-8"))["rows"]
    return rows


def _shown_names(page: Any) -> list[str]:
    found: list[str] = page.locator(f"{ROWS}:not([hidden]) th").evaluate_all("cells => cells.map(c => c.textContent)")
    return found


@pytest.mark.parametrize("viewport", WIDTHS)
def test_the_besturen_filter_shows_the_governments_of_a_province_and_kind(site: Path, browser: Any,
                                                                         viewport: dict[str, int]) -> None:
    visit = Visit(browser, viewport)
    page = visit.open(site, PAGE)
    rows = _downloaded(site)
    assert page.locator("#besturen-filter").is_visible()
    assert page.locator(ROWS).count() == len(rows)
    provinces = page.locator("#filter-provincie option").evaluate_all("os => os.map(o => o.value)")[1:]
    kinds = page.locator("#filter-bestuur option").evaluate_all("os => os.map(o => o.value)")[1:]
    assert sorted(provinces) == sorted({r["province"] for r in rows}) and sorted(kinds) == ["gemeente", "ocmw"]
    for province in provinces:
        for kind in ["", *kinds]:
            page.select_option("#filter-provincie", province)
            page.select_option("#filter-bestuur", kind)
            wanted = [r["name"] for r in rows if r["province"] == province and (not kind or r["kind"] == kind)]
            assert _shown_names(page) == wanted, (province, kind)
            status = page.locator("#besturen-filter-status").inner_text()
            assert status == f"{len(wanted)} van de {len(rows)} besturen getoond.", status
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.select_option("#filter-provincie", "")
    page.select_option("#filter-bestuur", "")
    assert page.locator(f"{ROWS}:not([hidden])").count() == len(rows)
    assert page.locator("#besturen-filter-status").inner_text() == ""
    assert visit.refused() == [] and visit.foreign() == []
    visit.context.close()


@needs_axe
@pytest.mark.parametrize("viewport", WIDTHS)
def test_axe_finds_nothing_on_the_besturen_list_filtered_or_not(site: Path, browser: Any,
                                                                 viewport: dict[str, int]) -> None:
    visit = Visit(browser, viewport)
    page = visit.open(site, PAGE)
    assert violations(page) == []
    page.select_option("#filter-bestuur", "ocmw")
    assert violations(page) == []
    visit.context.close()


def test_without_javascript_every_government_is_listed_and_the_form_hidden(site: Path, browser: Any) -> None:
    visit = Visit(browser, DESKTOP, java_script_enabled=False)
    page = visit.open(site, PAGE)
    assert not page.locator("#besturen-filter").is_visible()
    assert page.locator(f"{ROWS}:not([hidden])").count() == len(_downloaded(site))
    visit.context.close()
