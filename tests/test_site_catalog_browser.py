"""The catalogue's standard filter in a real browser, at phone (390 px) and desktop (1280 px) width:
it shows and hides the rows the page holds, says how many products remain, and axe-core finds
nothing on the catalogue and standards pages.  Without JavaScript the form stays hidden and every
row is shown."""

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


@pytest.mark.parametrize("viewport", WIDTHS)
def test_the_standard_filter_shows_only_the_products_that_support_it(site: Path, browser: Any,
                                                                      viewport: dict[str, int]) -> None:
    visit = Visit(browser, viewport)
    page = visit.open(site, "catalogus/index.html")
    form = page.locator("#catalogus-filter")
    assert form.is_visible()
    options = page.locator("#filter-standaard option").evaluate_all("os => os.map(o => o.value)")[1:]
    assert options
    every = page.locator("#tabel-producten tbody tr").count()
    for standard in options:
        page.select_option("#filter-standaard", standard)
        shown = page.locator("#tabel-producten tbody tr:not([hidden])")
        supports = shown.evaluate_all("rows => rows.map(r => r.getAttribute('data-supports').split(' '))")
        assert supports and all(standard in s for s in supports), standard
        hidden = page.locator("#tabel-producten tbody tr[hidden]").evaluate_all(
            "rows => rows.map(r => r.getAttribute('data-supports').split(' '))")
        assert all(standard not in s for s in hidden), standard
        assert len(supports) + len(hidden) == every
        status = page.locator("#catalogus-filter-status").inner_text()
        assert status.startswith(f"{len(supports)} van de {every} producten ondersteun"), status
        # the market shares and the vendors follow the same filter
        for row in page.locator("#tabel-leveranciers tbody tr:not([hidden]), "
                                "[id^='tabel-marktaandeel-'] tbody tr:not([hidden])").all():
            assert standard in (row.get_attribute("data-supports") or "").split(), standard
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.select_option("#filter-standaard", "")
    assert page.locator("#tabel-producten tbody tr:not([hidden])").count() == every
    assert page.locator("#catalogus-filter-status").inner_text() == ""
    assert visit.refused() == [] and visit.foreign() == []
    visit.context.close()


def test_without_javascript_every_row_is_shown(site: Path, browser: Any) -> None:
    visit = Visit(browser, PHONE, java_script_enabled=False)
    page = visit.open(site, "catalogus/index.html")
    assert not page.locator("#catalogus-filter").is_visible()
    rows = json.loads((site / "catalogus" / "index-producten.json").read_text(encoding="utf-8"))["rows"]
    assert page.locator("#tabel-producten tbody tr:visible").count() == len(rows)
    visit.context.close()


@needs_axe
@pytest.mark.parametrize("viewport", WIDTHS)
@pytest.mark.parametrize("path", ["catalogus/index.html", "standaarden/index.html",
                                  "catalogus/producten/gelinkt-notuleren.html",
                                  "catalogus/leveranciers/green-valley-belgium.html",
                                  "standaarden/applicatieprofiel-besluit-publicatie.html"])
def test_axe_finds_no_violations_on_the_catalogue(site: Path, browser: Any, viewport: dict[str, int],
                                                  path: str) -> None:
    visit = Visit(browser, viewport)
    page = visit.open(site, path)
    assert violations(page) == []
    if path == "catalogus/index.html":  # and with a filter applied
        page.select_option("#filter-standaard", index=1)
        assert violations(page) == []
    assert visit.refused() == [] and visit.foreign() == []
    visit.context.close()
