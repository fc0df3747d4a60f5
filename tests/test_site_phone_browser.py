"""The report site on a phone (390 px) and on a desktop (1280 px), in headless Chromium.

One page of every template (the largest of each, which holds its widest tables) and the widest
tables of the site are opened at both widths.  On a phone, a page must not scroll sideways, the
header with the menu must stay low, every table must show its key columns without any scrolling
(and all of them after its switch, the first staying in view), and every map must list its
municipalities as links that can be tapped.  On a desktop, every table shows every column.
Screenshots go to test-artifacts/ (``phone-*.png``, ``desktop-*.png``).

Needs what tests/test_site_browser.py needs (Chromium, playwright, axe-core); skips without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO
from .test_site_browser import (
    ARTIFACTS,
    DESKTOP,
    PHONE,
    Visit,
    browser,
    needs_axe,
    pytestmark,
    site,
    violations,
)

__all__ = ["browser", "pytestmark", "site"]  # fixtures and the skip mark, shared with the other browser tests

# The header (name, search box and the menu button) may take at most this many pixels on a phone:
# a seventh of a 390 x 844 screen, so that the page's title and its first lines show on the first
# screen.  The folded header measures about 115 px; the unfolded one took 320.
HEADER_LIMIT = 120
# WCAG 2.2's minimum target size (2.5.8): a link of the map's list must be at least this tall and wide
TARGET = 24

# template -> the pages (globs, relative to the site's root) of which the largest is opened; the
# largest page of a template holds its longest and widest tables
TEMPLATES = {
    "home.html": "index.html",
    "map.html": "kaart/*.html",
    "regions.html": "regios/index.html",
    "region.html": "regios/[!i]*.html",
    "governments.html": "besturen/index.html",
    "government.html": "besturen/gemeente-*.html",
    "unaffiliated.html": "niet-aangesloten.html",
    "networks.html": "netwerken/index.html",
    "network-kind.html": "netwerken/*/index.html",
    "network.html": "netwerken/*/[!i]*.html",
    "blocks.html": "bouwstenen/index.html",
    "block.html": "bouwstenen/[!i]*.html",
    "catalog.html": "catalogus/index.html",
    "offer.html": "catalogus/*/*.html",
    "standards.html": "standaarden/index.html",
    "standard.html": "standaarden/[!i]*.html",
    "security.html": "informatieveiligheid.html",
    "sources.html": "bronnen.html",
    "search.html": "zoeken.html",
    "timeline.html": "tijdlijn.html",
    "changes.html": "wijzigingen.html",
    "dates.html": "op-datum/index.html",
    "period.html": "op-datum/*/index.html",
}
# and these, whose tables are among the widest: every change of a region, a product's users, the
# map of the software in use, a government with many networks
MORE = ["regios/waasland.html", "catalogus/producten/cipal-schaubroeck-echo-raadpleegomgeving.html",
        "kaart/software.html", "besturen/gemeente-44021.html", "netwerken/intergemeentelijke-vereniging/index.html",
        "op-datum/2021-03-12/niet-aangesloten.html"]


def pages_to_open(site: Path) -> list[str]:
    chosen = []
    for pattern in TEMPLATES.values():
        found = sorted(site.glob(pattern), key=lambda p: (-p.stat().st_size, p.as_posix()))
        assert found, pattern
        chosen.append(found[0].relative_to(site).as_posix())
    return sorted(set(chosen) | set(MORE))


def test_every_template_is_opened() -> None:
    templates = {p.name for p in (REPO / "site-templates").glob("*.html")} - {"base.html", "macros.html"}
    assert set(TEMPLATES) == templates


@pytest.fixture
def phone(browser: Any) -> Iterator[Visit]:
    visit = Visit(browser, PHONE, is_mobile=True, has_touch=True)
    yield visit
    visit.context.close()


@pytest.fixture
def desktop(browser: Any) -> Iterator[Visit]:
    visit = Visit(browser, DESKTOP)
    yield visit
    visit.context.close()


# every table of the page: its id, the columns it shows (and their left and right edges), how many
# it has, whether its box scrolls, and whether its switch to every column is shown
TABLES = """() => [...document.querySelectorAll('.table-block')].filter(b => b.querySelector('table')).map(b => {
  const box = b.querySelector('.table-scroll'), switcher = b.querySelector('.all-columns');
  const heads = [...b.querySelectorAll('thead th')];
  const shown = heads.filter(th => getComputedStyle(th).display !== 'none');
  const hidden = [...b.querySelectorAll('tbody td, tbody th')].filter(c => getComputedStyle(c).display === 'none');
  return {id: b.id, columns: heads.length, hiddenCells: hidden.length,
          shown: shown.map(th => { const r = th.getBoundingClientRect();
                                   return [th.textContent, Math.floor(r.left), Math.ceil(r.right)]; }),
          scrolls: box.scrollWidth > box.clientWidth + 1,
          switcher: switcher !== null && getComputedStyle(switcher).display !== 'none'};
})"""


# from the top of the header to the bottom of the lowest thing shown in it (the menu too, wherever it is placed)
HEADER_HEIGHT = """() => { const header = document.querySelector('.site-header'), top = header.getBoundingClientRect().top;
  const shown = [...header.querySelectorAll('*')].filter(e => !e.closest('details:not([open]) > :not(summary)'));
  return Math.max(...[header, ...shown].map(e => e.getBoundingClientRect())
                  .filter(r => r.width > 0 && r.height > 0).map(r => r.bottom)) - top; }"""


def shot(page: Any, name: str, path: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{path.removesuffix('.html').replace('/', '-')}.png"))


def no_sideways_scroll(page: Any, width: int) -> None:
    wide = page.evaluate("""(width) => [...document.querySelectorAll('body *')].filter(e => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.right > width + 1 && !e.closest('.table-scroll, .search-results');
      }).slice(0, 3).map(e => e.outerHTML.slice(0, 120))""", width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, wide


def test_on_a_phone_nothing_is_wider_than_the_screen(site: Path, phone: Visit) -> None:
    """Every page: no sideways scroll, a low header, the key columns of every table in view without
    scrolling, and after a table's switch all its columns, the first staying in view as it scrolls."""
    problems: list[str] = []
    for path in pages_to_open(site):
        page = phone.open(site, path)
        shot(page, "phone", path)
        try:
            no_sideways_scroll(page, PHONE["width"])
        except AssertionError as error:
            problems.append(f"{path}: the page scrolls sideways: {error}")
        header = page.evaluate(HEADER_HEIGHT)
        if header > HEADER_LIMIT:
            problems.append(f"{path}: the header is {header:.0f} px tall")
        for table in page.evaluate(TABLES):
            where = f"{path}#{table['id']}"
            outside = [name for name, left, right in table["shown"] if left < 0 or right > PHONE["width"]]
            if not table["shown"] or outside or table["scrolls"]:
                problems.append(f"{where}: key columns not all in view without scrolling ({outside or table['shown']})")
            if len(table["shown"]) < table["columns"] and not table["switcher"]:
                problems.append(f"{where}: columns are hidden and there is no switch to show them")
            if table["switcher"]:
                problems += [f"{where}: {p}" for p in all_columns(page, table["id"])]
        if path == "wijzigingen.html":
            shot(page, "phone-all-columns", path)
    assert not problems, "\n".join(problems)
    assert phone.foreign() == []


def all_columns(page: Any, table_id: str) -> list[str]:
    """Tap the table's switch: every column is shown; where the box then scrolls, its scroll bar
    takes room (it is always visible) and the first column stays in view at the far end."""
    block = page.locator(f"#{table_id}")
    block.locator(".all-columns label").tap()
    table = next(t for t in page.evaluate(TABLES) if t["id"] == table_id)
    problems = []
    if len(table["shown"]) != table["columns"] or table["hiddenCells"]:
        problems.append(f"the switch shows {len(table['shown'])} of {table['columns']} columns")
    if table["scrolls"]:
        box = block.locator(".table-scroll")
        # a phone's scroll bar shows only while it scrolls: the box says it scrolls by a shadow at
        # each side with more to see (backgrounds that stay put, under covers that move with the table)
        style = box.evaluate("b => { const s = getComputedStyle(b); return [s.backgroundImage, s.backgroundAttachment]; }")
        if style[0].count("radial-gradient") != 2 or "local" not in style[1] or "scroll" not in style[1]:
            problems.append(f"the box scrolls without a shadow that says so ({style})")
        box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
        left, right = box.evaluate("""b => { const r = b.querySelector('tbody tr > :first-child').getBoundingClientRect();
                                            return [r.left, r.right]; }""")
        if left < 0 or right > PHONE["width"]:
            problems.append(f"scrolled to the end, the first column is out of view ({left:.0f}..{right:.0f})")
    return problems


def test_on_a_desktop_every_table_shows_every_column(site: Path, desktop: Visit) -> None:
    problems: list[str] = []
    for path in pages_to_open(site):
        page = desktop.open(site, path)
        shot(page, "desktop", path)
        try:
            no_sideways_scroll(page, DESKTOP["width"])
        except AssertionError as error:
            problems.append(f"{path}: the page scrolls sideways: {error}")
        for table in page.evaluate(TABLES):
            if len(table["shown"]) != table["columns"] or table["hiddenCells"] or table["switcher"]:
                problems.append(f"{path}#{table['id']}: {len(table['shown'])} of {table['columns']} columns shown")
        if page.locator(".menu-bar").is_hidden() or page.locator(".menu-folded").is_visible():
            problems.append(f"{path}: the menu is folded")
    assert problems == []


@pytest.mark.parametrize("path", ["kaart/index.html", "index.html", "regios/waasland.html",
                                  "netwerken/igs-wonen/index.html", "kaart/software.html"])
def test_on_a_phone_a_map_lists_its_municipalities(site: Path, phone: Visit, path: str) -> None:
    """The areas of a map are too small to tap on a phone: its legend lists them, each entry with its
    colour and count and, opened, its municipalities linked as on the map."""
    page = phone.open(site, path)
    for figure in page.locator(".map-figure").all():
        assert figure.locator(".legend").is_hidden() and figure.locator(".map-list").is_visible()
        areas = sorted(figure.locator("svg a.area").evaluate_all("as => as.map(a => a.getAttribute('href'))"))
        listed = sorted(figure.locator(".map-list a").evaluate_all("as => as.map(a => a.getAttribute('href'))"))
        assert listed == areas
        legend = figure.locator(".legend li").all_text_contents()
        entries = figure.locator(".map-list > li")
        assert [e.strip() for e in figure.locator(".map-list summary").all_text_contents()] == \
               [e.strip() for e in legend]
        assert figure.locator(".legend .swatch").evaluate_all("s => s.map(x => x.className)") == \
               figure.locator(".map-list .swatch").evaluate_all("s => s.map(x => x.className)")
        for index in range(entries.count()):
            entry = entries.nth(index)
            count = int(entry.locator("summary .count").text_content().strip("()"))
            entry.locator("summary").tap()
            names = entry.locator("ul li")
            assert names.count() == count
            for box in entry.locator("ul a").evaluate_all(
                    "as => as.map(a => { const r = a.getBoundingClientRect(); return [r.width, r.height]; })"):
                assert box[0] >= TARGET and box[1] >= TARGET, box
    no_sideways_scroll(page, PHONE["width"])
    if path == "kaart/index.html":
        shot(page, "phone-open", path)
        link = page.locator('.map-list a[href$="gemeente-44021.html"]')
        link.tap()
        page.wait_for_url("**/besturen/gemeente-44021.html")
        assert page.locator("h1").text_content() == "Gent (gemeente)"


def test_on_a_desktop_a_map_keeps_its_legend(site: Path, desktop: Visit) -> None:
    page = desktop.open(site, "kaart/index.html")
    assert page.locator(".legend").is_visible() and page.locator(".map-list").is_hidden()


def test_on_a_phone_the_menu_opens_from_its_button(site: Path, phone: Visit) -> None:
    page = phone.open(site, "besturen/index.html")
    assert page.locator(".menu-bar").is_hidden()
    assert page.locator(".menu-folded a").first.is_hidden()
    page.locator(".menu-folded summary").tap()
    links = page.locator(".menu-folded a")
    assert links.count() == page.locator(".menu-bar a").count() > 5
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] and box["height"] >= 2 * TARGET - 8, box
    assert page.locator('.menu-folded a[aria-current="page"]').text_content() == "Besturen"
    shot(page, "phone-menu", "besturen/index.html")
    links.filter(has_text="Regio's").tap()
    page.wait_for_url("**/regios/index.html")


def test_the_menu_opens_from_the_keyboard(site: Path, phone: Visit) -> None:
    page = phone.open(site, "index.html")
    page.focus(".menu-folded summary")
    page.keyboard.press("Enter")
    assert page.locator(".menu-folded a").first.is_visible()


@needs_axe
@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_axe_finds_no_violations_on_any_template(site: Path, browser: Any, width: str) -> None:
    """axe-core on every page opened above, at both widths; on a phone also with the menu open and
    every table's switch on (what those show is then checked too)."""
    visit = Visit(browser, PHONE, is_mobile=True, has_touch=True) if width == "phone" else Visit(browser, DESKTOP)
    found = {}
    for path in pages_to_open(site):
        page = visit.open(site, path)
        found[path] = violations(page)
        if width == "phone" and path in ("index.html", "wijzigingen.html", "kaart/index.html"):
            page.locator(".menu-folded summary").tap()
            for label in page.locator(".all-columns label").all():
                label.tap()
            for summary in page.locator(".map-list summary").all():
                summary.tap()
            found[path + " (opened)"] = violations(page)
    visit.context.close()
    assert {path: v for path, v in found.items() if v} == {}
