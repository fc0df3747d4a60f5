"""Where each page of the report site lives, relative links between pages, and "edit on GitHub" links.

Every page has a path relative to the site's root (``regios/waasland.html``).  Links in the
HTML are made relative to the page that holds them (the ``url`` filter, as in mkdocs), so the site
works under any base path and straight from disk (``file://``): a link names the file itself, never
a folder.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from vlavirgem.core.git import git_output

HOME = "index.html"
ASSETS = "assets"


def government_page(government_id: str) -> str:
    return f"besturen/{government_id}.html"


def region_page(region_id: str) -> str:
    return f"regios/{region_id}.html"


def block_page(block_id: str) -> str:
    return f"bouwstenen/{block_id}.html"


def block_map_page(block_id: str) -> str:
    return f"kaart/bouwsteen-{block_id}.html"


def vendor_page(vendor_id: str) -> str:
    return f"catalogus/leveranciers/{vendor_id}.html"


def product_page(product_id: str) -> str:
    return f"catalogus/producten/{product_id}.html"


def standard_page(standard_id: str) -> str:
    return f"standaarden/{standard_id}.html"


# the schemes a link of the site may have; a browser ignores tabs and newlines in a scheme and
# spaces and control characters before it ("java\tscript:" runs), so they are dropped before looking
SAFE_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_IGNORED = re.compile(r"[\x00-\x20\x7f]")
NOWHERE = "#"  # what a link with another scheme becomes


def scheme(target: str) -> str | None:
    """The scheme of a link as a browser reads it (lower case), or None for a relative link."""
    found = _SCHEME.match(_IGNORED.sub("", target))
    return found.group(1).lower() if found else None


def safe_link(target: str) -> bool:
    """Whether a link may be written: relative, or http(s)."""
    found = scheme(target)
    return found is None or found in SAFE_SCHEMES


def relative_url(target: str, current: str) -> str:
    """The link from the page at ``current`` to ``target`` (both relative to the site's root).

    This is where every link of the site is made (the templates' ``url`` filter, the tables'
    cells), so it is where only http(s) and relative links get through: a link with any other
    scheme (``javascript:``, ``data:``, ``mailto:``...) becomes ``#``, and ``render.check_links``
    refuses a page that holds one all the same.  Absolute http(s) addresses, protocol-relative
    ones and bare fragments are left as they are.
    """
    return _link_from(target, _folder(current))


@lru_cache(maxsize=1 << 17)
def _link_from(target: str, folder: str) -> str:
    """``relative_url`` from a page in ``folder``, remembered: a site links the same few thousand
    pages from a dozen folders half a million times."""
    if not safe_link(target):
        return NOWHERE
    if scheme(target) or target.startswith(("//", "#")):
        return target
    path, hash_, fragment = target.partition("#")
    return posixpath.relpath(path, folder) + hash_ + fragment


@cache
def _folder(page: str) -> str:
    return posixpath.dirname(page) or "."


def download_path(page: str, table_id: str, suffix: str) -> str:
    """The file next to a page that holds one of its tables (``regios/waasland-leden.csv``)."""
    return f"{page.removesuffix('.html')}-{table_id}.{suffix}"


@dataclass(frozen=True)
class Repository:
    """Where the data's YAML files can be edited: ``{url}/edit/{branch}/{data_path}/{file}``."""

    url: str
    branch: str = "main"
    data_path: str = "data"

    def edit_url(self, file_in_data: str) -> str:
        parts = [self.url.rstrip("/"), "edit", self.branch, self.data_path.strip("/"), file_in_data]
        return "/".join(part for part in parts if part)


_SCP_LIKE = re.compile(r"^(?:[\w.-]+@)?(?P<host>[\w.-]+):(?P<path>[^/].*)$")


def web_url(remote: str) -> str | None:
    """The https address of a Git remote (``git@github.com:o/r.git`` -> ``https://github.com/o/r``)."""
    remote = remote.strip()
    if remote.startswith(("https://", "http://", "ssh://", "git://")):
        host_path = remote.split("://", 1)[1].split("@")[-1]
    else:
        match = _SCP_LIKE.match(remote)
        if not match:
            return None
        host_path = f"{match['host']}/{match['path']}"
    host, _, path = host_path.partition("/")
    host = host.split(":")[0]  # ssh://git@host:22/...
    path = path.removesuffix(".git").strip("/")
    return f"https://{host}/{path}" if host and path else None


def repository_from_git(data_dir: Path, url: str | None = None, branch: str | None = None) -> Repository | None:
    """The repository the data folder is in, from its ``origin`` remote (or ``url`` when given).

    None when no URL is given and the folder has no remote: the site then has no edit links.
    """
    remote = git_output(data_dir, "remote", "get-url", "origin")
    chosen = url or (web_url(remote) if remote else None)
    if not chosen:
        return None
    head = git_output(data_dir, "rev-parse", "--abbrev-ref", "origin/HEAD")
    default_branch = head.split("/", 1)[1] if head and "/" in head else "main"
    prefix = git_output(data_dir, "rev-parse", "--show-prefix")
    return Repository(chosen, branch or default_branch, prefix.strip("/") if prefix is not None else "data")
