"""The report site in a real browser (headless Chromium, driven by Playwright): accessibility with
axe-core, the map, the search box, a download, keyboard navigation, screenshots at a phone and a
desktop width (saved to test-artifacts/), and no request to any other host.

Needs Chromium (``apt-get install chromium``; the test tool's own browser download is not used),
the Python package playwright (the ``test`` extra) and axe-core (``npm ci`` in tests/browser).  The
tests skip, saying what is missing, when one is not there; CI installs all three.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO
from .site_support import shipped_site

sync_api = pytest.importorskip("playwright.sync_api", reason="the Python package playwright is not installed "
                                                             "(pip install -e '.[test]')")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
AXE = REPO / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = [pytest.param(PHONE, id="390px"), pytest.param(DESKTOP, id="1280px")]  # for the tests that try both
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).is_file(),
                                reason="Chromium is not installed (apt-get install -y chromium)")
needs_axe = pytest.mark.skipif(not AXE.is_file(), reason="axe-core is not installed (npm ci in tests/browser)")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shipped_site(tmp_path_factory)[0]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Visit:
    """A browser tab that remembers every request it made."""

    def __init__(self, browser: Any, viewport: dict[str, int], **options: Any) -> None:
        self.context = browser.new_context(viewport=viewport, **options)
        # the page's Content-Security-Policy applies; what it refuses is counted (``refused``)
        self.context.add_init_script(CSP_LISTENER)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))

    def refused(self) -> list[str]:
        """What the page's Content-Security-Policy refused so far."""
        found: list[str] = self.page.evaluate("window.refusedByPolicy || []")
        return found

    def open(self, site: Path, path: str) -> Any:
        file, mark, query = path.partition("?")
        self.page.goto((site / file).as_uri() + mark + query)
        return self.page

    def foreign(self, allowed: str = "file://") -> list[str]:
        return [url for url in self.requests if not url.startswith((allowed, "data:"))]


@pytest.fixture
def desktop(browser: Any) -> Iterator[Visit]:
    visit = Visit(browser, DESKTOP)
    yield visit
    visit.context.close()


CSP_LISTENER = """window.refusedByPolicy = [];
document.addEventListener('securitypolicyviolation',
  e => window.refusedByPolicy.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"""


def violations(page: Any) -> list[dict[str, Any]]:
    # evaluated, not added as a <script>: the page's policy refuses inline scripts
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations
             .map(v => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.html.slice(0, 160))}))""",
        WCAG)
    return found


@needs_axe
@pytest.mark.parametrize("path", ["index.html", "regios/waasland.html", "besturen/gemeente-11002.html",
                                  "niet-aangesloten.html", "kaart/index.html", "zoeken.html",
                                  "netwerken/index.html", "netwerken/igs-wonen/index.html",
                                  "netwerken/intergemeentelijke-vereniging/ivago.html",
                                  "netwerken/igs-wonen/pinc20260309-igs01.html", "besturen/gemeente-44021.html",
                                  "tijdlijn.html", "wijzigingen.html", "op-datum/index.html",
                                  "op-datum/2021-03-12/index.html", "op-datum/2021-03-12/niet-aangesloten.html"])
def test_axe_finds_no_violations(site: Path, desktop: Visit, path: str) -> None:
    assert violations(desktop.open(site, path)) == []
    assert desktop.foreign() == []


@needs_axe
@pytest.mark.parametrize("path", ["index.html", "tijdlijn.html"])
def test_axe_finds_no_violations_at_phone_width(site: Path, browser: Any, path: str) -> None:
    visit = Visit(browser, PHONE, is_mobile=True, has_touch=True)
    assert violations(visit.open(site, path)) == []
    visit.context.close()


@pytest.mark.parametrize("path", ["index.html", "kaart/index.html", "regios/waasland.html", "tijdlijn.html"])
def test_screenshots_at_two_widths_without_sideways_scrolling(site: Path, browser: Any, path: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    name = path.removesuffix(".html").replace("/", "-")
    for viewport in (PHONE, DESKTOP):
        visit = Visit(browser, viewport)
        page = visit.open(site, path)
        shot = ARTIFACTS / f"site-{name}-{viewport['width']}.png"
        page.screenshot(path=str(shot), full_page=path != "kaart/index.html")  # the map, not its 285-row table
        assert shot.stat().st_size > 10_000
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], (path, viewport)
        assert visit.foreign() == []
        visit.context.close()


def test_map_links_each_municipality_to_its_page(site: Path, desktop: Visit) -> None:
    page = desktop.open(site, "kaart/index.html")
    areas = page.locator("svg.map a.area")
    assert areas.count() == 285
    gent = page.locator('svg.map a.area[href$="gemeente-44021.html"]')
    assert gent.locator("title").text_content() == "Gent: Regio Gent"
    gent.click()
    page.wait_for_url("**/besturen/gemeente-44021.html")
    assert page.locator("h1").text_content() == "Gent (gemeente)"


def test_keyboard_reaches_the_content_first(site: Path, desktop: Visit) -> None:
    page = desktop.open(site, "index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"


def test_search_box_finds_a_region_and_goes_there(site: Path, desktop: Visit) -> None:
    page = desktop.open(site, "besturen/gemeente-11002.html")
    page.fill("#zoekterm", "waasl")
    results = page.locator("#zoekresultaten a")
    results.first.wait_for()
    assert results.first.text_content().startswith("Waasland")
    assert "resultaat" in page.locator("#zoekstatus").text_content()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/regios/waasland.html")
    assert desktop.foreign() == []


def test_search_page_filters_its_list(site: Path, desktop: Visit) -> None:
    page = desktop.open(site, "zoeken.html?q=beveren")
    page.wait_for_function("document.querySelectorAll('#zoeklijst li:not([hidden])').length < 20")
    shown = page.locator("#zoeklijst li:not([hidden])").all_text_contents()
    assert shown and all("beveren" in text.lower() for text in shown)
    assert desktop.refused() == []


@pytest.mark.parametrize("path", ["index.html", "kaart/index.html", "regios/waasland.html",
                                  "besturen/gemeente-11002.html", "bronnen.html", "zoeken.html?q=gent"])
def test_the_content_security_policy_refuses_nothing_the_site_needs(site: Path, desktop: Visit, path: str) -> None:
    """Every page works under its own policy: the stylesheet applies, the search box's script and
    index load, the maps' hatching shows, and the policy refuses nothing."""
    page = desktop.open(site, path)
    page.fill("#zoekterm", "waasl")
    page.locator("#zoekresultaten a").first.wait_for()
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomWidth") != "0px"
    assert page.evaluate("document.querySelector('meta[http-equiv=Content-Security-Policy]') !== null")
    hatched = page.evaluate("[...document.querySelectorAll('.map path[fill]')].map(p => getComputedStyle(p).fill)")
    assert all(fill.startswith("url(") for fill in hatched), hatched
    assert desktop.refused() == []
    assert desktop.foreign() == []


def test_the_policy_refuses_an_inline_script(site: Path, desktop: Visit) -> None:
    """The policy is in force (so the test above can fail): a script written into a page is refused."""
    page = desktop.open(site, "index.html")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';
                              document.head.appendChild(s); }""")
    assert page.evaluate("window.ran === undefined")
    page.wait_for_function("window.refusedByPolicy.length > 0")
    assert any(line.startswith("script-src") for line in desktop.refused())


def test_the_date_picker_opens_the_period_of_the_date(site: Path, desktop: Visit) -> None:
    page = desktop.open(site, "op-datum/index.html")
    page.fill("#datum", "2021-06-01")
    page.click("#datumkeuze button")
    page.wait_for_url("**/op-datum/2021-03-12/index.html")
    assert "84" in page.locator(".figures").text_content()


def test_the_changes_page_filters_by_region_and_kind(site: Path, desktop: Visit) -> None:
    page = desktop.open(site, "wijzigingen.html")
    total = page.locator(".changes-year tbody tr").count()
    page.select_option("#filter-regio", "waasland")
    page.select_option("#filter-soort", "moved")
    shown = page.locator(".changes-year tbody tr:not([hidden])")
    assert 0 < shown.count() < total
    assert all("Zwijndrecht" in text for text in shown.all_text_contents())
    assert "getoond" in page.locator("#filter-status").text_content()
    page.select_option("#filter-regio", "")
    page.select_option("#filter-soort", "")
    assert page.locator(".changes-year tbody tr:not([hidden])").count() == total


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


def test_a_table_downloads_as_csv(site: Path, browser: Any) -> None:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        visit = Visit(browser, DESKTOP, accept_downloads=True)
        root = f"http://127.0.0.1:{server.server_address[1]}/"
        visit.page.goto(root + "regios/index.html")
        with visit.page.expect_download() as event:
            visit.page.click('#tabel-regios a[href="index-regios.csv"]')
        text = Path(event.value.path()).read_text(encoding="utf-8")
        assert text.startswith("\ufeff")  # a byte-order mark, so that Excel reads UTF-8
        assert text[1:].splitlines()[0].split(";") == [
            "Regio", "Referentieregio", "Leden", "Gemeenten", "OCMW's", "Besturen in de referentieregio", "Dekking", "id"]
        assert len(text.splitlines()) == 16
        assert visit.foreign(root) == []
        visit.context.close()
    finally:
        server.shutdown()
        server.server_close()
