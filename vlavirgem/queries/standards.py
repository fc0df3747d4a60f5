"""Information standards in the catalogue: the register, and which governments' software supports them.

A government counts as using a standard on a day when software it uses that day is a product that
supports the standard, or when its own software record names the standard (``standards`` of the
use).  This is the comparative study on information standards the catalogue was set up for.  Counts
are of municipalities, a gemeente and its OCMW once (``queries.counting``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from vlavirgem.core.model import Dataset, Standard
from vlavirgem.queries.catalog import visible_products
from vlavirgem.queries.counting import municipalities, municipality_count, municipality_of
from vlavirgem.queries.names import fold
from vlavirgem.queries.scope import Scope, rows_in_use, share, shown


@dataclass(frozen=True)
class StandardRow:
    id: str
    name: str
    category: str | None
    status: str | None
    usage: str | None
    relevant: bool
    products: int
    municipalities: int


@dataclass(frozen=True)
class Supporter:
    """A product that supports a standard, the evidence for it, and the municipalities using it on the day."""

    product: str
    product_name: str
    vendor_name: str
    evidence: str
    municipalities: int


@dataclass(frozen=True)
class Coverage:
    """How many of the municipalities of the day use a standard (through their software)."""

    standard: str
    name: str
    relevant: bool
    municipalities: int
    declared: int  # of which: municipalities whose own software record names the standard
    valid: int  # the municipalities of the day
    share: float | None
    products: tuple[Supporter, ...]


@dataclass(frozen=True)
class StandardUse:
    """Standard id -> municipalities using it on the day, and product id -> its users that day
    (``governments``: the governments behind ``by_standard``, for lists that name each one)."""

    by_standard: dict[str, set[str]]
    declared: dict[str, set[str]]
    by_product: dict[str, set[str]]
    governments: dict[str, set[str]]


def standard_use(view: Scope) -> StandardUse:
    """Who uses which standard and which product on the day (worked out once per scope)."""
    if "standard_use" not in view.memo:
        view.memo["standard_use"] = _standard_use(view)
    return view.memo["standard_use"]  # type: ignore[no-any-return]


def _standard_use(view: Scope) -> StandardUse:
    catalogue = visible_products(view.dataset, view.include_internal)
    by_standard: dict[str, set[str]] = defaultdict(set)
    declared: dict[str, set[str]] = defaultdict(set)
    by_product: dict[str, set[str]] = defaultdict(set)
    governments: dict[str, set[str]] = defaultdict(set)
    for government_id, usages in rows_in_use(view).items():
        municipality = municipality_of(view, government_id)
        for usage in usages:
            product = catalogue.get(usage.product)
            named = set(usage.standards)
            if product is not None:
                by_product[product.id].add(municipality)
                named |= {support.standard for support in product.standards}
            for standard_id in named:
                by_standard[standard_id].add(municipality)
                governments[standard_id].add(government_id)
            for standard_id in usage.standards:
                declared[standard_id].add(municipality)
    return StandardUse(by_standard, declared, by_product, governments)


def _visible_standards(dataset: Dataset, include_internal: bool, relevant: bool) -> list[Standard]:
    found = [s for s in dataset.standards.values()
             if shown(s, include_internal) and (s.local_government_relevant or not relevant)]
    return sorted(found, key=lambda s: (fold(s.name), s.id))


def standards(view: Scope, relevant: bool = False) -> list[StandardRow]:
    """The register (only the standards flagged relevant to local governments, with ``relevant``),
    with the number of products supporting each and of municipalities using it on the day."""
    catalogue = visible_products(view.dataset, view.include_internal)
    supporting: dict[str, int] = defaultdict(int)
    for product in catalogue.values():
        for standard_id in {s.standard for s in product.standards}:
            supporting[standard_id] += 1
    use = standard_use(view)
    return [
        StandardRow(s.id, s.name, s.raw.get("category"), s.raw.get("status"), s.raw.get("usage"),
                    s.local_government_relevant, supporting[s.id], len(use.by_standard.get(s.id, ())))
        for s in _visible_standards(view.dataset, view.include_internal, relevant)
    ]


def coverage(view: Scope, everything: bool = False, relevant: bool = False) -> list[Coverage]:
    """Per standard that a product supports or a software record names (every standard with
    ``everything``): the supporting products with their evidence, and the share of the municipalities
    of the day whose software uses it.  Sorted by that share, highest first."""
    catalogue = visible_products(view.dataset, view.include_internal)
    supporters: dict[str, list[Supporter]] = defaultdict(list)
    use = standard_use(view)
    for product in sorted(catalogue.values(), key=lambda p: (fold(p.name), p.id)):
        for support in product.standards:
            vendor = view.dataset.vendors.get(product.vendor)
            supporters[support.standard].append(Supporter(
                product.id, product.name, vendor.name if vendor else product.vendor,
                str(support.raw.get("evidence", "")), len(use.by_product.get(product.id, ()))))
    valid = municipality_count(view)
    rows = [
        Coverage(s.id, s.name, s.local_government_relevant, len(use.by_standard.get(s.id, ())),
                 len(use.declared.get(s.id, ())), valid, share(len(use.by_standard.get(s.id, ())), valid),
                 tuple(supporters.get(s.id, ())))
        for s in _visible_standards(view.dataset, view.include_internal, relevant)
        if everything or s.id in supporters or s.id in use.by_standard
    ]
    return sorted(rows, key=lambda r: (-r.municipalities, fold(r.name), r.standard))


def software_recorded(view: Scope) -> int:
    """How many municipalities of the day use any software the dataset knows of."""
    return len(municipalities(view, rows_in_use(view)))
