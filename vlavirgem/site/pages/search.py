"""The search index (zoekindex.json and .js) and the search page (zoeken.html).

Every government, region, network, building block, product, vendor and standard is one entry: its
name, kind and detail (what the search box shows), its page, and its ``keys``: what else it can be
found by (for a government its NIS code, KBO number, id and the names of the governments that merged
into it; for a network its kind, code and KBO number; ...).  The script folds the query, the name,
the kind and the keys alike (case, accents) and matches; nothing of what counts is decided there.

The index lists the entries in the order the search box prefers them when a query fits several
equally well: what exists on the site's day (a government, a network with members) before what
ceased to exist or has not started, then by name.  zoeken.html lists the same entries by kind and
by name, so that without JavaScript it shows everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from vlavirgem.core.model import Government
from vlavirgem.queries.names import fold
from vlavirgem.queries.register import former_names
from vlavirgem.site import nl, urls
from vlavirgem.site.context import Body, Gathering, Link, Page
from vlavirgem.site.pages.networks import KIND_NL, day, network_page

SEARCH = "zoeken.html"
GROUPS = (("regio", "Regio's"), ("netwerk", "Netwerken"), ("gemeente", "Gemeenten"), ("OCMW", "OCMW's"),
          ("bouwsteen", "Bouwstenen"), ("product", "Producten"), ("leverancier", "Leveranciers"),
          ("standaard", "Standaarden"))
CIRCLE_NL = "Kenniskring"  # what a region is, as the networks' kinds call it


@dataclass(frozen=True)
class SearchGroup:
    label: str
    entries: tuple[Link, ...]


@dataclass(frozen=True)
class SearchBody(Body):
    """zoeken.html: everything that can be found, by kind (the search box filters it)."""

    groups: tuple[SearchGroup, ...]


def search_words(text: str) -> str:
    """Text as the search box compares it (search.js folds the same way): folded, dots between digits
    dropped, every run of characters other than letters and digits one space ("gemeente-44083" is
    "gemeente 44083", "0697.608.162" is "0697608162")."""
    return " ".join(re.sub(r"[\W_]+", " ", re.sub(r"(?<=\d)\.(?=\d)", "", fold(text))).split())


def _entry(name: str, kind: str, detail: str, url: str, keys: list[str | None],
           current: bool = True) -> dict[str, Any]:
    """One entry; ``current`` only orders the index and is not shipped.

    The search box finds an entry when every word of the query is part of its name, its kind or a
    key; so a key whose every word is already a word of those (a government's id "gemeente-44083"
    is its kind and its NIS code) finds nothing more and is left out: the index stays small."""
    words = set(search_words(name).split()) | set(search_words(kind).split())
    shipped = []
    for key in keys:
        own = set(search_words(key).split()) if key else set()
        if own - words:
            shipped.append(key)
            words |= own
    return {"name": name, "kind": kind, "detail": detail, "url": url, "keys": shipped, "current": current}


def _lifetime(government: Government) -> str:
    """The years of a government that does not exist on the site's day ("tot 2018", "vanaf 2025")."""
    start, end = government.validity.start, government.validity.end
    if start and end:
        return f"{start.year}\u2013{end.year}"
    return f"tot {end.year}" if end else f"vanaf {start.year}" if start else ""


def search_entries(g: Gathering) -> list[dict[str, Any]]:
    """The search index, in the order the search box prefers among equal matches (see the module);
    computed once per build (the page and the index files share it)."""
    if "search-entries" not in g.memo:
        g.memo["search-entries"] = _entries(g)
    found: list[dict[str, Any]] = g.memo["search-entries"]
    return found


def _entries(g: Gathering) -> list[dict[str, Any]]:
    formerly = former_names(g.dataset)
    entries = []
    for x in g.dataset.governments.values():
        current = x.valid_on(g.on)
        entries.append(_entry(x.name, nl.KIND.get(x.kind, x.kind), x.province_name if current else _lifetime(x),
                              urls.government_page(x.id), [x.nis, x.kbo, x.id, *formerly.get(x.id, ())], current))
    entries += [_entry(r.name, "regio", "", urls.region_page(r.id), [CIRCLE_NL, r.id, r.reference_region])
                for r in g.dataset.regions.values()]
    with_members = {network.id for ties in day(g).members.values() for network, _tie in ties}
    entries += [_entry(n.name, "netwerk", KIND_NL.get(n.kind, n.kind), network_page(n.kind, n.id),
                       [KIND_NL.get(n.kind, n.kind), _text(n.raw.get("code")), _text(n.raw.get("kbo")), n.id],
                       n.id in with_members) for n in g.dataset.networks.values()]
    entries += [_entry(b.name, "bouwsteen", _text(b.raw.get("provider")), urls.block_page(b.id),
                       [_text(b.raw.get("full_name")), b.id]) for b in g.dataset.blocks.values()]
    entries += [_entry(p.name, "product", g.dataset.vendors[p.vendor].name, urls.product_page(p.id),
                       [g.dataset.vendors[p.vendor].name, p.id]) for p in g.dataset.products.values()]
    entries += [_entry(v.name, "leverancier", "", urls.vendor_page(v.id),
                       [*(_text(alias) for alias in v.raw.get("aliases") or ()), v.id])
                for v in g.dataset.vendors.values()]
    entries += [_entry(s.name, "standaard", nl.standard_category(_text(s.raw.get("category"))), urls.standard_page(s.id), [s.id])
                for s in g.dataset.standards.values()]
    order = {kind: index for index, (kind, _) in enumerate(GROUPS)}
    entries.sort(key=lambda e: (not e["current"], fold(e["name"]), order[e["kind"]], e["url"]))
    for entry in entries:
        del entry["current"]
    return entries


def _text(value: object) -> str:
    return str(value) if value is not None else ""


def search_page(g: Gathering) -> Page:
    entries = sorted(search_entries(g), key=lambda e: (fold(e["name"]), e["url"]))
    groups = tuple(
        SearchGroup(label, tuple(Link(e["name"] + (f" ({e['detail']})" if e["detail"] else ""), e["url"])
                                 for e in entries if e["kind"] == kind))
        for kind, label in GROUPS
    )
    return Page(SEARCH, "search.html", "Zoeken", "zoeken", SearchBody(groups),
                description="Zoek een bestuur, regio, netwerk, bouwsteen, product of standaard op naam, soort, "
                            "NIS-code, KBO-nummer of vroegere naam.")
