"""The static report site: gather every page's context, then render and write.

``build_site`` works on the public part of the dataset only (``queries.public``), gathers all pages
(``site/pages/``: each returns Pages with one documented body each), renders them with one Jinja
environment (``site.render``) and writes the files.  The output depends on nothing but the data,
the day and the options: no build timestamps, everything sorted, so two builds are byte-identical.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from vlavirgem.core.model import Dataset
from vlavirgem.core.problems import Problem, UsageError
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
    timeline,
)
from vlavirgem.site.render import (
    NavItem,
    SiteInfo,
    asset_files,
    render_in_parallel,
    search_files,
    sitemap,
)
from vlavirgem.site.urls import Repository

MARKER = ".vlavirgem-site"  # in every folder this command wrote; only such a folder is emptied
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
# (what, builder): the page kinds, in the order they are gathered
KINDS: tuple[tuple[str, Callable[[Gathering], list[Page]]], ...] = (
    ("home, security, sources, search", home.pages),
    ("maps", maps.pages),
    ("regions", regions.pages),
    ("governments", governments.pages),
    ("networks", networks.pages),
    ("timeline, changes and dated views", lambda g: [*timeline.pages(g), *changes.pages(g), *dated.pages(g)]),
    ("building blocks", blocks.pages),
    ("catalogue and standards", catalog.pages),
)
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Built:
    """What a build wrote."""

    out: Path
    pages: int
    files: int


def gather(dataset: Dataset, data_dir: Path, on: date, repository: Repository | None = None,
           progress: Progress | None = None, cache: Path | None = None,
           leave_out: Iterable[Problem] = ()) -> tuple[Gathering, list[Page]]:
    """Every page of the site, with its context, from the public part of ``dataset`` (without the
    records that the problems ``leave_out`` lie in: a preview of invalid data)."""
    gathering = Gathering(public_dataset(dataset, leave_out), data_dir, on, repository, load_geometry(data_dir, on), cache)
    pages: list[Page] = []
    for what, builder in KINDS:
        made = builder(gathering)
        pages.extend(made)
        if progress:
            progress(f"{what}: {counted(len(made), 'page')}")
    paths = [page.path for page in pages]
    if len(paths) != len(set(paths)):
        raise ValueError("two pages of the site have the same path")
    return gathering, pages


def render(gathering: Gathering, pages: list[Page], base_url: str | None = None,
           templates: Path | None = None) -> dict[str, bytes]:
    """Path (relative to the site's root) -> content of every file of the site."""
    folder = templates or resource_dir("site-templates")
    base = (base_url.rstrip("/") + "/") if base_url else None
    repository = gathering.repository.url if gathering.repository else None
    site = SiteInfo(SITE_TITLE, gathering.on.isoformat(), nl.long_date(gathering.on), NAV, base, repository)
    files = render_in_parallel(folder, site, pages, min(4, os.cpu_count() or 1))
    files |= search_files(home.search_entries(gathering))
    files |= asset_files(folder)
    files[".nojekyll"] = b""
    files[MARKER] = b"Written by vlavirgem site build; the next build empties this folder first.\n"
    if base:
        files["sitemap.xml"] = sitemap(base, pages)
    return dict(sorted(files.items()))


def write(out: Path, files: dict[str, bytes]) -> None:
    """Write the files to ``out``, after emptying it if an earlier build wrote it.

    A folder that holds other files is refused, so that a wrong ``--out`` never deletes anything.
    """
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise UsageError(f"--out {out} is not empty and holds no site built by vlavirgem; "
                             "choose an empty or new folder")
        for child in out.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    for name, content in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def build_site(dataset: Dataset, data_dir: Path, out: Path, on: date, *, repository: Repository | None = None,
               base_url: str | None = None, progress: Progress | None = None,
               templates: Path | None = None, cache: Path | None = None,
               leave_out: Iterable[Problem] = ()) -> Built:
    """Gather, render and write the whole site; ``progress`` hears one line per kind of page;
    ``cache`` is the folder that keeps slow answers between runs (Settings.cache); ``leave_out``:
    the problems whose records a preview of invalid data leaves out (see ``gather``)."""
    gathering, pages = gather(dataset, data_dir, on, repository, progress, cache, leave_out)
    files = render(gathering, pages, base_url, templates)
    if progress:
        progress(f"writing {counted(len(files), 'file')} to {out}")
    write(out, files)
    return Built(out, len(pages), len(files))
