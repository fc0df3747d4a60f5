"""Render gathered pages to files: one Jinja environment (autoescape, StrictUndefined), a ``url``
filter that makes every link relative to the page that holds it, the tables' CSV and JSON files,
the search index and the static assets.  Nothing here asks the dataset anything.
"""

from __future__ import annotations

import json
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


# the names of the attributes that hold links, longest first (xlink:href before href)
_LINK_NAMES = tuple(sorted(LINK_ATTRIBUTES | {"srcset", "imagesrcset"}, key=lambda name: (-len(name), name)))
# an equals sign followed by a value, in any quoting, that holds a colon or a character reference (which
# may hide one): only such a value can carry a scheme.  A look-ahead, so that a value that is not an
# attribute's (text that reads ``= "``) never hides the attributes after it.
_SUSPECT_VALUE = re.compile(r"=(?=\s*(?:\"([^\":&]*[:&][^\"]*)\"|'([^':&]*[:&][^']*)'|([^\s>:&]*[:&][^\s>]*)))")
_NAME_PART = re.compile(r"[\w:.-]")


def _values(name: str, raw: str) -> list[str]:
    """The addresses a link attribute's raw value holds (character references decoded)."""
    value = unescape(raw) if "&" in raw else raw
    if name.lower() in ("srcset", "imagesrcset"):
        return [part.split()[0] for part in value.split(",") if part.split()]
    return [value]


def _attribute_before(html: str, equals: int) -> str | None:
    """The link attribute whose name ends just before the equals sign at ``equals`` (spaces between
    them allowed), or None."""
    end = equals
    while end > 0 and html[end - 1].isspace():
        end -= 1
    for name in _LINK_NAMES:  # longest first: xlink:href before href, imagesrcset before srcset
        start = end - len(name)
        if start >= 0 and html[start:end].lower() == name and not (start and _NAME_PART.match(html[start - 1])):
            return name
    return None


def suspect_links(html: str) -> list[str]:
    """The values of the page's link attributes that hold a colon or a character reference (decoded):
    every link that may carry a scheme.  The scan starts at equals signs, which the regular
    expression engine finds fast; the attribute's name is then read backwards."""
    found: list[str] = []
    for match in _SUSPECT_VALUE.finditer(html):
        name = _attribute_before(html, match.start())
        if name is not None:
            found += _values(name, next(group for group in match.groups() if group is not None))
    return found


def check_links(html: str, path: str) -> None:
    """Refuse a page with a link of another scheme than http(s): a template that wrote one without
    the ``url`` filter (which turns such links into ``#``).  Only a value with a colon (or a
    character reference, which may hide one) can carry a scheme, so only those are looked at."""
    if ":" not in html and "&" not in html:
        return
    unsafe = [link for link in suspect_links(html) if not safe_link(link)]
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


def sitemap(base_url: str, paths: Iterable[str]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{_xml(base_url + path)}</loc></url>" for path in sorted(paths)]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

