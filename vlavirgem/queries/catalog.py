"""The software catalogue on a date: products, vendors, who uses what, and market shares per domain.

A government uses a product on a day when one of its software records holds that day (from ``from``,
or else from its first observation, to ``until``) with status in-use or phasing-out; planned and
retired records do not count.  Only governments that exist on the day count.  Every count is of
municipalities, a gemeente and its OCMW once (``queries.counting``); lists name each government.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from vlavirgem.core.model import Dataset, Product, Vendor
from vlavirgem.core.portfolio_records import Usage, UseRow
from vlavirgem.core.problems import UsageError
from vlavirgem.core.values import as_date
from vlavirgem.queries.counting import grouped_as, municipalities, municipality_of
from vlavirgem.queries.names import fold, resolve_choice
from vlavirgem.queries.scope import (
    USING,
    GovernmentRef,
    GroupBy,
    Scope,
    reference,
    rows_in_use,
    shown,
    visible_records,
)


@dataclass(frozen=True)
class ProductRow:
    id: str
    name: str
    vendor: str
    vendor_name: str
    domain: str
    standards: int
    municipalities: int


@dataclass(frozen=True)
class VendorRow:
    id: str
    name: str
    products: int
    municipalities: int


@dataclass(frozen=True)
class User:
    """One government using a product (``since`` is its first observation when ``since_observed``)."""

    government: GovernmentRef
    product: str
    product_name: str
    status: str
    since: date | None
    since_observed: bool
    hosting: str | None


@dataclass(frozen=True)
class MarketShare:
    """The municipalities using a product in a domain (within one group when grouped), and their share
    of the municipalities using any product of the domain (``users``)."""

    group: str | None
    group_name: str | None
    product: str
    product_name: str
    vendor_name: str
    municipalities: int
    users: int
    share: float | None


def visible_products(dataset: Dataset, include_internal: bool) -> dict[str, Product]:
    return {p.id: p for p in dataset.products.values() if shown(p, include_internal)}


def _vendor_name(dataset: Dataset, vendor_id: str) -> str:
    vendor = dataset.vendors.get(vendor_id)
    return vendor.name if vendor else vendor_id


def _users_by_product(view: Scope, products: dict[str, Product]) -> dict[str, set[str]]:
    """Product id -> the municipalities using it on the day."""
    uses = _uses_by_product(view)
    return {product_id: municipalities(view, (government_id for government_id, _ in uses[product_id]))
            for product_id in products if product_id in uses}


def government_count(view: Scope, product_ids: set[str]) -> int:
    """How many governments (a gemeente and its OCMW apart) use at least one of the products on the
    day: for the pages of building blocks, which count adoption per government."""
    return sum(1 for rows in rows_in_use(view).values() if any(r.product in product_ids for r in rows))


def user_count(view: Scope, product_ids: set[str]) -> int:
    """How many municipalities use at least one of the products on the day."""
    return len(municipalities(view, (government_id for government_id, rows in rows_in_use(view).items()
                                     if any(r.product in product_ids for r in rows))))


def products(view: Scope, domain: str | None = None, vendor: str | None = None) -> list[ProductRow]:
    """Every visible product (of a domain, of a vendor) with the number of municipalities using it on the day."""
    if domain is not None:
        domain = resolve_choice(domain, domains(view.dataset), "--domain")
    catalogue = visible_products(view.dataset, view.include_internal)
    users = _users_by_product(view, catalogue)
    rows = [
        ProductRow(p.id, p.name, p.vendor, _vendor_name(view.dataset, p.vendor), p.domain, len(p.standards),
                   len(users.get(p.id, ())))
        for p in catalogue.values()
        if (domain is None or p.domain == domain) and (vendor is None or p.vendor == vendor)
    ]
    return sorted(rows, key=lambda r: (fold(r.name), r.id))


def vendors(view: Scope) -> list[VendorRow]:
    """Every visible vendor with its number of products and of municipalities using any of them."""
    catalogue = visible_products(view.dataset, view.include_internal)
    users = _users_by_product(view, catalogue)
    rows = []
    for vendor in view.dataset.vendors.values():
        if not shown(vendor, view.include_internal):
            continue
        own = [p.id for p in catalogue.values() if p.vendor == vendor.id]
        using = set().union(*(users.get(p, set()) for p in own))
        rows.append(VendorRow(vendor.id, vendor.name, len(own), len(using)))
    return sorted(rows, key=lambda r: (fold(r.name), r.id))


def resolve_offer(dataset: Dataset, wanted: str, include_internal: bool = False) -> Product | Vendor:
    """A product or a vendor by id, name or (for vendors) one of its other names."""
    catalogue = visible_products(dataset, include_internal)
    suppliers = {v.id: v for v in dataset.vendors.values() if shown(v, include_internal)}
    for pool in (catalogue, suppliers):
        if wanted in pool:
            return pool[wanted]
    key = fold(wanted)
    offers: tuple[Product | Vendor, ...] = (*catalogue.values(), *suppliers.values())
    for record in offers:
        if key == fold(record.name) or key in (fold(a) for a in record.raw.get("aliases", ())):
            return record
    choices = [*catalogue, *suppliers, *(r.name for r in offers)]
    close = difflib.get_close_matches(wanted, choices, n=2, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise UsageError(f"there is no product or vendor '{wanted}'{hint}")


def who_uses(view: Scope, offer: Product | Vendor) -> list[User]:
    """The governments that use a product, or any product of a vendor, on the day."""
    catalogue = visible_products(view.dataset, view.include_internal)
    wanted = {offer.id} if isinstance(offer, Product) else {
        p.id for p in catalogue.values() if p.vendor == offer.id}
    uses = _uses_by_product(view)
    rows = [User(reference(view, view.governments[government_id]), use.product, catalogue[use.product].name,
                 use.status, as_date(use.start), use.observed_start, use.hosting)
            for product_id in wanted if product_id in catalogue for government_id, use in uses.get(product_id, ())]
    return sorted(rows, key=lambda r: (*r.government.order, r.product))


def _uses_by_product(view: Scope) -> dict[str, list[tuple[str, UseRow]]]:
    """Product id -> (government id, use) of the uses on the day; once per scope (the site asks per
    product and per vendor)."""
    if "uses_by_product" not in view.memo:
        found: dict[str, list[tuple[str, UseRow]]] = defaultdict(list)
        for government_id, uses in rows_in_use(view).items():
            for use in uses:
                found[use.product].append((government_id, use))
        view.memo["uses_by_product"] = found
    return view.memo["uses_by_product"]  # type: ignore[no-any-return]


def domain_of(usage: Usage | UseRow, product: Product) -> str:
    """The domain a use serves: its own ``domain`` where it says one, else the product's."""
    own = usage.domain if isinstance(usage, UseRow) else usage.raw.get("domain")
    return str(own or product.domain)


def domains(dataset: Dataset) -> list[str]:
    """Every domain named by a product or a software use."""
    named = {p.domain for p in dataset.products.values()}
    named |= {str(row.domain) for _, rows in visible_records(dataset, "software", include_internal=True)
              for row in rows if row.domain}
    return sorted(named)


def compare(view: Scope, domain: str, by: GroupBy | None = None) -> list[MarketShare]:
    """Per product of a domain (per group and product when grouped): the municipalities using it on
    the day and their share of the municipalities using any product of that domain (in the group).
    A municipality is in the group of its gemeente (of its OCMW where only that exists)."""
    domain = resolve_choice(domain, domains(view.dataset), "--domain")
    catalogue = visible_products(view.dataset, view.include_internal)
    users: dict[tuple[str | None, str], set[str]] = defaultdict(set)  # (group, product) -> municipalities
    in_domain: dict[str | None, set[str]] = defaultdict(set)
    names: dict[str | None, str | None] = {None: None}
    for government_id, uses in rows_in_use(view).items():
        municipality = municipality_of(view, government_id)
        group = view.group(grouped_as(view, government_id), by) if by else None
        key = group.id if group else None
        if group:
            names[key] = group.name
        for use in uses:
            product = catalogue.get(use.product)
            if product is not None and domain_of(use, product) == domain:
                users[(key, product.id)].add(municipality)
                in_domain[key].add(municipality)
    rows = [
        MarketShare(key, names[key], product_id, catalogue[product_id].name,
                    _vendor_name(view.dataset, catalogue[product_id].vendor), len(using),
                    len(in_domain[key]), round(len(using) / len(in_domain[key]), 4))
        for (key, product_id), using in users.items()
    ]
    return sorted(rows, key=lambda r: (r.group is None and by is not None, fold(r.group_name or ""),
                                       -r.municipalities, fold(r.product_name)))



def usage_notes(view: Scope) -> list[str]:
    """Say so when the dataset records no software use, or none that holds on the day."""
    if rows_in_use(view):  # something is in use on the day, so the day is not before every use
        return []
    starts = [day for _, rows in visible_records(view.dataset, "software", view.include_internal)
              for row in rows if row.status in USING and (day := as_date(row.start))]
    if not starts:
        return ["No software use is recorded in this dataset."]
    if view.on < min(starts):
        return [f"{view.on} lies before the first known software use ({min(starts)}): "
                "nothing is known to be in use yet."]
    return []
