"""The static report site: gather every page's context, then render and write.

``build_site`` works on the public part of the dataset only (``queries.public``), gathers all pages
(``site/pages/``: each returns Pages with one documented body each), renders them with one Jinja
environment (``site.render``) and writes the files.  The output depends on nothing but the data,
the day and the options: no build timestamps, everything sorted, so two builds are byte-identical.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from vlavirgem.core.model import Dataset
from vlavirgem.core.problems import Problem
from vlavirgem.core.resources import resource_dir
from vlavirgem.core.wording import counted
from vlavirgem.queries.public import public_dataset
from vlavirgem.site import nl
from vlavirgem.site.context import SOURCES, Gathering, Page
from vlavirgem.site.geometry import load_geometry
from vlavirgem.site.pages import (
    blocks,
    catalog,
    changes,
    dated,
    governments,
    home,
    maps,
    networks,
    regions,
    search,
    timeline,
)
from vlavirgem.site.parallel import Made, Part, build_parts
from vlavirgem.site.render import (
    NavItem,
    SiteInfo,
    asset_files,
    environment,
    render_pages,
    search_files,
    sitemap,
)
from vlavirgem.site.urls import Repository
from vlavirgem.site.writing import MARKER, Staging, check_out

SITE_TITLE = "Regionale kenniskringen"
NAV = (
    NavItem("Overzicht", "index.html", "home"), NavItem("Kaart", maps.INDEX, "kaart"),
    NavItem("Regio's", regions.INDEX, "regios"),
    NavItem("Besturen", governments.INDEX, "besturen"),
    NavItem("Niet aangesloten", regions.UNAFFILIATED, "niet-aangesloten"),
    NavItem("Netwerken", networks.INDEX, "netwerken"),
    NavItem("Tijdlijn", timeline.PAGE, timeline.SECTION),
    NavItem("Bouwstenen", blocks.INDEX, "bouwstenen"),
    NavItem("Software", catalog.INDEX, "software"),
    NavItem("Standaarden", catalog.STANDARDS, "standaarden"),
    NavItem("Bronnen", SOURCES, "bronnen"),
)
Progress = Callable[[str], None]
DATED = "timeline, changes and dated views"


def parts(g: Gathering) -> list[Part]:
    """The site in parts, in the order the pages are gathered: one part per kind of page, except the
    dated views (one part per period).  The weights are rough guesses at the cost at full scale."""
    return [
        Part("home, security, sources, search", partial(home.pages, g), 2),
        Part("maps", partial(maps.pages, g), 2),
        Part("regions", partial(regions.pages, g), 1),
        Part("governments", partial(governments.pages, g), 4),
        Part("networks", partial(networks.pages, g), 1),
        Part(DATED, partial(timeline.pages, g), 0.5),
        Part(DATED, partial(changes.pages, g), 4),
        *(Part(DATED, made, 1) for made in dated.parts(g)),
        Part("building blocks", partial(blocks.pages, g), 0.5),
        Part("catalogue and standards", partial(catalog.pages, g), 4),
    ]


@dataclass(frozen=True)
class Built:
    """What a build wrote."""

    out: Path
    pages: int
    files: int


def gathering_of(dataset: Dataset, data_dir: Path, on: date, repository: Repository | None = None,
                 cache: Path | None = None, leave_out: Iterable[Problem] = ()) -> Gathering:
    """What the page builders share, of the public part of ``dataset`` (without the records that the
    problems ``leave_out`` lie in: a preview of invalid data)."""
    return Gathering(public_dataset(dataset, leave_out), data_dir, on, repository, load_geometry(data_dir, on, cache=cache), cache)


class _Progress:
    """One progress line per kind of page, once its last part is done."""

    def __init__(self, every: list[Part], progress: Progress | None) -> None:
        self.left = Counter(part.what for part in every)
        self.pages: Counter[str] = Counter()
        self.progress = progress

    def __call__(self, part: Part, count: int) -> None:
        self.left[part.what] -= 1
        self.pages[part.what] += count
        if self.progress and not self.left[part.what]:
            self.progress(f"{part.what}: {counted(self.pages[part.what], 'page')}")


def _unique(paths: Iterable[str]) -> None:
    listed = list(paths)
    if len(listed) != len(set(listed)):
        raise ValueError("two pages of the site have the same path")


def gather(dataset: Dataset, data_dir: Path, on: date, repository: Repository | None = None,
           progress: Progress | None = None, cache: Path | None = None,
           leave_out: Iterable[Problem] = ()) -> tuple[Gathering, list[Page]]:
    """Every page of the site, with its context, gathered here in one process (``build_site``
    spreads the work over processes and gives the same pages)."""
    gathering = gathering_of(dataset, data_dir, on, repository, cache, leave_out)
    every = parts(gathering)
    heard = _Progress(every, progress)
    pages: list[Page] = []
    for part in every:
        made = part.make()
        pages.extend(made)
        heard(part, len(made))
    _unique(page.path for page in pages)
    return gathering, pages


def site_info(gathering: Gathering, base_url: str | None) -> SiteInfo:
    base = (base_url.rstrip("/") + "/") if base_url else None
    repository = gathering.repository.url if gathering.repository else None
    return SiteInfo(SITE_TITLE, gathering.on.isoformat(), nl.long_date(gathering.on), NAV, base, repository)


def _common_files(gathering: Gathering, folder: Path, base: str | None, paths: list[str]) -> dict[str, bytes]:
    """The files beside the pages: the search index, the assets, the markers, the sitemap."""
    files = search_files(search.search_entries(gathering)) | asset_files(folder)
    files[".nojekyll"] = b""
    files[MARKER] = b"Written by vlavirgem site build; the next build replaces this folder.\n"
    if base:
        files["sitemap.xml"] = sitemap(base, paths)
    return files


def render(gathering: Gathering, pages: list[Page], base_url: str | None = None,
           templates: Path | None = None) -> dict[str, bytes]:
    """Path (relative to the site's root) -> content of every file of the site, rendered here."""
    folder = templates or resource_dir("site-templates")
    site = site_info(gathering, base_url)
    files = render_pages(environment(folder), site, pages)
    files |= _common_files(gathering, folder, site.base_url, [page.path for page in pages])
    return dict(sorted(files.items()))


def build_site(dataset: Dataset, data_dir: Path, out: Path, on: date, *, repository: Repository | None = None,
               base_url: str | None = None, progress: Progress | None = None,
               templates: Path | None = None, cache: Path | None = None,
               leave_out: Iterable[Problem] = (), workers: int | None = None) -> Built:
    """Gather, render and write the whole site; ``progress`` hears one line per kind of page;
    ``cache`` is the folder that keeps slow answers between runs (Settings.cache); ``leave_out``:
    the problems whose records a preview of invalid data leaves out (see ``gathering_of``);
    ``workers``: how many processes build the parts (one per core, at most four, by default)."""
    check_out(out)
    gathering = gathering_of(dataset, data_dir, on, repository, cache, leave_out)
    folder = templates or resource_dir("site-templates")
    site = site_info(gathering, base_url)
    every = parts(gathering)
    heard = _Progress(every, progress)
    gathering.warm()
    search.search_entries(gathering)  # the search page (a part) and the index files (here) share it
    staging = Staging(out)
    written = 0

    def done(part: Part, result: Made) -> None:  # each part's files are written while the rest is built
        nonlocal written
        heard(part, len(result.paths))
        staging.write(result.files)
        written += len(result.files)

    try:
        made = build_parts(folder, site, every, workers or min(4, os.cpu_count() or 1), done)
        paths = [path for result in made for path in result.paths]
        _unique(paths)
        common = _common_files(gathering, folder, site.base_url, paths)
        if progress:
            progress(f"writing {counted(written + len(common), 'file')} to {out}")
        staging.write(common)
        staging.finish()
    except BaseException:
        staging.discard()
        raise
    return Built(out, len(paths), written + len(common))
