"""Build the site's parts in processes forked from this one: each part gathers its pages and
renders them, so that both the questions asked of the dataset and the templates use every core.

A part is a function (a closure over the build's one ``Gathering``), which cannot be sent to
another process; the forked workers inherit the parts instead (``_WORK``) and are sent only their
numbers.  What the parts have in common is computed before the fork (``Gathering.warm``), so that
each worker inherits it rather than computing it again.  Where the system cannot fork, or with one
worker, the parts are built here, one after the other.  Either way the files are the same.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment

from vlavirgem.site.context import Page
from vlavirgem.site.render import SiteInfo, environment, render_pages


@dataclass(frozen=True)
class Part:
    """Some pages of one kind, made by one call."""

    what: str  # the kind of page, as the progress lines name it
    make: Callable[[], list[Page]]
    weight: float = 1.0  # a rough guess at its cost: the heaviest parts are started first


@dataclass(frozen=True)
class Made:
    """What a part made: its pages' paths and every file of them (pages, CSV and JSON)."""

    paths: tuple[str, ...]
    files: dict[str, bytes]


@cache
def _environment(templates: Path) -> Environment:
    """One Jinja environment per process (its templates are compiled once)."""
    return environment(templates)


def build_part(templates: Path, site: SiteInfo, part: Part) -> Made:
    pages = part.make()
    return Made(tuple(page.path for page in pages), render_pages(_environment(templates), site, pages))


# what the forked workers build: set just before they are forked
_WORK: tuple[Path, SiteInfo, list[Part]] | None = None


def _build_numbered(number: int) -> Made:
    assert _WORK is not None
    templates, site, parts = _WORK
    return build_part(templates, site, parts[number])


def build_parts(templates: Path, site: SiteInfo, parts: list[Part], workers: int,
                done: Callable[[Part, Made], None] | None = None) -> list[Made]:
    """What every part made, in the order of ``parts``; ``done`` hears of each part in that order."""
    global _WORK
    made: list[Made] = []
    if workers < 2 or len(parts) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for part in parts:
            made.append(build_part(templates, site, part))
            if done:
                done(part, made[-1])
        return made
    _WORK = (templates, site, parts)
    try:
        with multiprocessing.get_context("fork").Pool(min(workers, len(parts))) as pool:
            heaviest_first = sorted(range(len(parts)), key=lambda number: -parts[number].weight)
            pending = {number: pool.apply_async(_build_numbered, (number,)) for number in heaviest_first}
            for number, part in enumerate(parts):
                made.append(pending[number].get())
                if done:
                    done(part, made[-1])
    finally:
        _WORK = None
    return made
