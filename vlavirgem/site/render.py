"""Render gathered pages to files: one Jinja environment (autoescape, StrictUndefined), a ``url``
filter that makes every link relative to the page that holds it, the tables' CSV and JSON files,
the search index and the static assets.  Nothing here asks the dataset anything.
"""

from __future__ import annotations

import json
import multiprocessing
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context

from vlavirgem.site import nl
from vlavirgem.site.context import Link, Page
from vlavirgem.site.urls import ASSETS, HOME, relative_url, safe_link

SEARCH_INDEX = "zoekindex"
# every page's Content-Security-Policy (a <meta http-equiv> in base.html): nothing from other
# hosts, no inline script or style (the maps use SVG attributes, the search box its own file), no
# plugins, no <base>, forms only to the site itself
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                           "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'")
# the attributes that hold a link a browser may follow or load
LINK_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "data", "cite",
                             "background", "ping"})


@dataclass(frozen=True)
class NavItem:
    label: str
    path: str
    section: str


@dataclass(frozen=True)
class SiteInfo:
    """What every page shows: the site's name, the day, the menu, and where it is published."""

    title: str
    on: str  # ISO date
    on_text: str  # the date in words
    nav: tuple[NavItem, ...]
    base_url: str | None  # with a trailing slash; only for <link rel="canonical"> and the sitemap
    repository: str | None


@pass_context
def _url(context: Any, target: str) -> str:
    return relative_url(target, context["page"].path)


def environment(templates: Path) -> Environment:
    """The one Jinja environment of a build."""
    env = Environment(loader=FileSystemLoader(str(templates)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["url"] = _url
    return env


def _menu(site: SiteInfo, page: Page) -> list[dict[str, Any]]:
    """The menu as the page shows it: which entry is the page itself, or the section it is in."""
    return [{"label": item.label, "path": item.path,
             "current": "page" if item.path == page.path else ("true" if item.section == page.section else None)}
            for item in site.nav]


def _crumbs(page: Page) -> list[Link]:
    """The trail to a page (none on the home page), its own title not included."""
    return [] if page.path == HOME else [Link("Overzicht", HOME), *page.breadcrumbs]


def _root(page: Page) -> str:
    """The link from a page to the site's root folder, ending in a slash (``../`` or ``./``)."""
    return posixpath.relpath(".", posixpath.dirname(page.path) or ".") + "/"


# what the forked workers of ``render_in_parallel`` render: set just before they are forked
_WORK: tuple[Path, SiteInfo, list[Page]] | None = None


def _render_share(share: tuple[int, int]) -> dict[str, bytes]:
    assert _WORK is not None
    templates, site, pages = _WORK
    number, of = share
    return render_pages(environment(templates), site, pages[number::of])


def render_in_parallel(templates: Path, site: SiteInfo, pages: list[Page], workers: int) -> dict[str, bytes]:
    """``render_pages`` over ``workers`` processes forked from this one (each renders every
    ``workers``-th page; the pages are not copied, the children inherit them).  Where the system
    cannot fork, or with one worker, the pages are rendered here."""
    global _WORK
    if workers < 2 or len(pages) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return render_pages(environment(templates), site, pages)
    _WORK = (templates, site, pages)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            shares = pool.map(_render_share, [(number, workers) for number in range(workers)])
    finally:
        _WORK = None
    files: dict[str, bytes] = {}
    for share in shares:
        files |= share
    return files


def render_pages(env: Environment, site: SiteInfo, pages: Iterable[Page]) -> dict[str, bytes]:
    """Path -> content of every page and of the CSV and JSON file of each of its tables."""
    files: dict[str, bytes] = {}
    for page in pages:
        template = env.get_template(page.template)
        shown = site if page.on is None else replace(site, on=page.on.isoformat(), on_text=nl.long_date(page.on))
        html = template.render(site=shown, page=page, body=page.body, menu=_menu(site, page), root=_root(page),
                               crumbs=_crumbs(page), csp=CONTENT_SECURITY_POLICY,
                               canonical=f"{site.base_url}{page.path}" if site.base_url else None)
        check_links(html, page.path)
        files[page.path] = html.encode("utf-8")
        for item in page.body.tables:
            for download in item.downloads:
                text = item.csv_text() if download.label == "CSV" else item.json_text(shown.on)
                files[download.path] = text.encode("utf-8")
    return files


class _Links(HTMLParser):
    """The links of a page: the value of every link attribute (``LINK_ATTRIBUTES``), and each
    address of a ``srcset``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in LINK_ATTRIBUTES:
                self.found.append(value)
            elif name in ("srcset", "imagesrcset"):
                self.found.extend(part.split()[0] for part in value.split(",") if part.split())

    handle_startendtag = handle_starttag


def page_links(html: str) -> list[str]:
    """Every link of a page as a browser reads it (character references decoded)."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser.found


# a link attribute anywhere in a page, with its value however it is quoted: one scan in C that finds
# every link ``page_links`` finds (and, in text or comments, perhaps more: never fewer)
def _link_attribute(suspects: bool) -> re.Pattern[str]:
    """A link attribute with its value in any quoting; with ``suspects``, only a value that holds a
    colon or a character reference (which may hide one)."""
    names = "|".join(re.escape(name) for name in sorted(LINK_ATTRIBUTES | {"srcset", "imagesrcset"}))

    def value(other: str, empty: str) -> str:  # characters other than ``other``
        return f"[^{other}]*[:&][^{other}]*" if suspects else f"[^{other}]{empty}"

    return re.compile(rf"(?<![\w:.-])({names})\s*=\s*(?:\"({value(chr(34), '*')})\"|'({value(chr(39), '*')})'"
                      rf"|({value(chr(92) + 's>', '+')}))", re.IGNORECASE)


_LINK_ATTRIBUTE = _link_attribute(suspects=False)
_SUSPECT_LINK_ATTRIBUTE = _link_attribute(suspects=True)


def scanned_links(html: str, suspects: bool = False) -> list[str]:
    """The values of the page's link attributes (character references decoded, each address of a
    srcset apart), found by a scan of the text rather than by parsing it: fast on the largest pages.
    With ``suspects``, only the values that hold a colon or a character reference."""
    found: list[str] = []
    for match in (_SUSPECT_LINK_ATTRIBUTE if suspects else _LINK_ATTRIBUTE).finditer(html):
        raw = match.group(2) if match.group(2) is not None else match.group(3) if match.group(3) is not None \
            else match.group(4)
        value = unescape(raw) if "&" in raw else raw
        if match.group(1).lower() in ("srcset", "imagesrcset"):
            found.extend(part.split()[0] for part in value.split(",") if part.split())
        else:
            found.append(value)
    return found


def check_links(html: str, path: str) -> None:
    """Refuse a page with a link of another scheme than http(s): a template that wrote one without
    the ``url`` filter (which turns such links into ``#``).  Only a value with a colon (or a
    character reference, which may hide one) can carry a scheme, so only those are looked at."""
    if ":" not in html and "&" not in html:
        return
    unsafe = [link for link in scanned_links(html, suspects=True) if not safe_link(link)]
    if unsafe:
        raise ValueError(f"{path}: a link that is not http(s) or relative: {unsafe[0]!r}")


def search_files(entries: list[dict[str, Any]]) -> dict[str, bytes]:
    """The search index as JSON, and as a script that the search box loads (it works from file:// too,
    where a page may not fetch a JSON file)."""
    document = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
    return {f"{SEARCH_INDEX}.json": (document + "\n").encode("utf-8"),
            f"{SEARCH_INDEX}.js": f"window.vlavirgemZoekindex = {document};\n".encode()}


def asset_files(templates: Path) -> dict[str, bytes]:
    """The static files (stylesheet, script) shipped with the templates."""
    folder = templates / ASSETS
    return {f"{ASSETS}/{path.relative_to(folder).as_posix()}": path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def sitemap(base_url: str, pages: Iterable[Page]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{_xml(base_url + page.path)}</loc></url>" for page in sorted(pages, key=lambda p: p.path)]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

