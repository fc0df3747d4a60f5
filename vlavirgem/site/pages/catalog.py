"""Pages of the software catalogue: vendors and products (who uses them), the market share of each
product in its domain, and the information standards (which products support each, with the
evidence, and how many municipalities use it).  Every count is of municipalities, a gemeente and its
OCMW once (``queries.counting``); the lists of users name each government."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from vlavirgem.core.model import Product, Standard, Vendor
from vlavirgem.queries.catalog import (
    User,
    compare,
    domains,
    products,
    usage_notes,
    vendors,
    visible_products,
    who_uses,
)
from vlavirgem.queries.names import fold
from vlavirgem.queries.standards import Coverage, coverage, standard_use, standards
from vlavirgem.site import nl, urls
from vlavirgem.site.context import Body, Fact, Gathering, Link, Page, fact
from vlavirgem.site.pages.governments import government_column, kind_column, region_column
from vlavirgem.site.tables import Column, Table, ids, table

SECTION = "software"
INDEX = "catalogus/index.html"
STANDARDS = "standaarden/index.html"


# what every count of the catalogue counts, said in its column (queries.counting)
MUNICIPALITIES = "Gemeenten"
UNIT_NOTE = ("Alle aantallen tellen gemeenten: een gemeente telt mee als de gemeente of haar OCMW de software "
             "gebruikt, zodat een gemeente en haar OCMW samen één keer tellen.")


@dataclass(frozen=True)
class Choice:
    """One option of the standard filter: a standard's id and name."""

    value: str
    label: str


@dataclass(frozen=True)
class CatalogBody(Body):
    """catalogus/index.html: the vendors, the products and the market share per domain, with their
    users on the day; ``standards`` are the filter's options (rows say theirs in data-standards)."""

    notes: tuple[str, ...]
    unit: str
    standards: tuple[Choice, ...]
    vendors: Table
    products: Table
    shares: tuple[Table, ...]


@dataclass(frozen=True)
class OfferBody(Body):
    """catalogus/leveranciers/<id>.html and catalogus/producten/<id>.html: a vendor or a product."""

    name: str
    description: str
    facts: tuple[Fact, ...]
    products: Table | None  # a vendor's products
    standards: Table | None  # the standards a product supports, with the evidence
    users: Table


@dataclass(frozen=True)
class StandardsBody(Body):
    """standaarden/index.html: the standards relevant to local governments with the share of the
    municipalities whose software supports each, and the whole register with support and use."""

    relevant: int
    unit: str
    coverage: Table
    standards: Table


@dataclass(frozen=True)
class StandardBody(Body):
    """standaarden/<id>.html: one standard, the products that support it and the blocks that use it."""

    name: str
    facts: tuple[Fact, ...]
    usage: str
    products: Table
    users: Table  # the governments whose software supports or names the standard on the day


def pages(g: Gathering) -> list[Page]:
    found = {row.standard: row for row in coverage(g.view, everything=True)}
    use = standard_use(g.view)
    return [
        _index(g, found),
        *(_vendor(g, v) for v in sorted(g.dataset.vendors.values(), key=lambda v: v.id)),
        *(_product(g, p) for p in sorted(g.dataset.products.values(), key=lambda p: p.id)),
        _standards(g),
        *(_standard(g, s, found.get(s.id), use.governments.get(s.id, set()))
          for s in sorted(g.dataset.standards.values(), key=lambda s: s.id)),
    ]


def _product_columns(g: Gathering) -> list[Column]:
    return [Column("name", "Product", link=lambda r: g.product_href(r["id"])),
            Column("vendor_name", "Leverancier", link=lambda r: g.vendor_href(r["vendor"])),
            Column("domain", "Domein"), Column("standards", "Standaarden", numeric=True),
            Column("municipalities", MUNICIPALITIES, numeric=True), *ids("id", "vendor")]


def _index(g: Gathering, found: dict[str, Coverage]) -> Page:
    catalogue = visible_products(g.dataset, g.view.include_internal)
    supported = {p.id: {s.standard for s in p.standards} for p in catalogue.values()}
    by_vendor: dict[str, set[str]] = {}
    for product in catalogue.values():
        by_vendor.setdefault(product.vendor, set()).update(supported[product.id])
    vendor_rows = [{**asdict(v), "supports": _attribute(by_vendor.get(v.id, set()))} for v in vendors(g.view)]
    listing = table(INDEX, "leveranciers", f"Leveranciers op {nl.long_date(g.on)}", [
        Column("name", "Leverancier", link=lambda r: g.vendor_href(r["id"])),
        Column("products", "Producten", numeric=True), Column("municipalities", MUNICIPALITIES, numeric=True),
        *ids("id"),
    ], vendor_rows, row_data=("supports",))
    offers = table(INDEX, "producten", f"Producten op {nl.long_date(g.on)}", _product_columns(g),
                   [{**asdict(p), "supports": _attribute(supported.get(p.id, set()))} for p in products(g.view)],
                   row_data=("supports",))
    shares = tuple(_shares(g, domain, supported) for domain in domains(g.dataset))
    options = tuple(Choice(c.standard, c.name) for c in sorted(found.values(), key=lambda c: (fold(c.name), c.standard))
                    if c.products)
    body = CatalogBody(tuple(nl.dutch(n) for n in usage_notes(g.view)), UNIT_NOTE, options, listing, offers,
                       tuple(t for t in shares if t.rows))
    return Page(INDEX, "catalog.html", "Softwarecatalogus", SECTION, body,
                description="Leveranciers en producten van software voor lokale besturen, wie ze gebruikt en "
                            "hun marktaandeel per domein.")


def _attribute(standard_ids: set[str]) -> str:
    """The standards a row supports, as the filter script reads them: ids separated by spaces."""
    return " ".join(sorted(standard_ids))


def _shares(g: Gathering, domain: str, supported: dict[str, set[str]]) -> Table:
    """The market share of each product of a domain: the rows of ``catalog compare --domain``."""
    rows = [{**asdict(r), "supports": _attribute(supported.get(r.product, set()))}
            for r in compare(g.view, domain)]
    for row in rows:
        del row["group"], row["group_name"]
    return table(INDEX, f"marktaandeel-{domain}", f"Marktaandeel in het domein {domain} op {nl.long_date(g.on)}", [
        Column("product_name", "Product", link=lambda r: g.product_href(r["product"])),
        Column("vendor_name", "Leverancier"), Column("municipalities", MUNICIPALITIES, numeric=True),
        Column("users", f"{MUNICIPALITIES} met software in het domein", numeric=True),
        Column("share", "Marktaandeel", numeric=True), *ids("product"),
    ], rows, row_data=("supports",))


def users_table(g: Gathering, path: str, users: list[User], what: str, table_id: str = "gebruikers") -> Table:
    """The governments that use some software on the day, one row per use."""
    return table(path, table_id, f"Besturen die {what} gebruiken op {nl.long_date(g.on)} (gemeente en OCMW elk "
                 "apart)", [
        government_column(g), kind_column(), Column("province", "Provincie"), region_column(g),
        Column("product_name", "Product", link=lambda r: g.product_href(r["product"])),
        Column("status", "Status", text=nl.status_word), Column("since", "Sinds"),
        *ids("id", "product"),
    ], [{"id": u.government.id, "name": u.government.name, "kind": u.government.kind,
         "province": u.government.province, "region": u.government.region, "product": u.product,
         "product_name": u.product_name, "status": u.status, "since": u.since.isoformat() if u.since else None}
        for u in users],
        empty="Geen gekende gebruikers op deze datum.")


def _offer_facts(g: Gathering, raw: Any, extra: list[Fact]) -> tuple[Fact, ...]:
    facts = list(extra)
    if raw.get("aliases"):
        facts.append(fact("Ook gekend als", ", ".join(raw["aliases"])))
    if raw.get("website"):
        facts.append(fact("Website", raw["website"], raw["website"]))
    sources = g.source_fact(raw)
    return tuple([*facts, sources] if sources else facts)


def _vendor(g: Gathering, vendor: Vendor) -> Page:
    path = urls.vendor_page(vendor.id)
    rows = [asdict(p) for p in products(g.view, vendor=vendor.id)]
    # a count that is zero for every product of the vendor is said once, in the caption, not as a column of zeros
    words = {"standards": "standaarden", "municipalities": "gebruikers"}
    unknown = [key for key in words if rows and not any(r[key] for r in rows)]
    caption = "Producten" + (f" (geen {' en geen '.join(words[k] for k in unknown)} gekend)" if unknown else "")
    own = table(path, "producten", caption, [c for c in _product_columns(g) if c.key not in unknown],
                rows, empty="Geen producten in de catalogus.")
    body = OfferBody(vendor.name, str(vendor.raw.get("description") or ""), _offer_facts(g, vendor.raw, []),
                     own, None, users_table(g, path, who_uses(g.view, vendor), f"software van {vendor.name}"))
    return Page(path, "offer.html", vendor.name, SECTION, body,
                breadcrumbs=(Link("Softwarecatalogus", INDEX),), edit=g.edit_links(vendor.where),
                description=f"{vendor.name}: producten en de besturen die ze gebruiken.")


def _product(g: Gathering, product: Product) -> Page:
    path = urls.product_page(product.id)
    vendor = g.dataset.vendors.get(product.vendor)
    facts = [fact("Leverancier", vendor.name if vendor else product.vendor, g.vendor_href(product.vendor)),
             fact("Domein", product.domain)]
    block = g.dataset.blocks.get(str(product.raw.get("implements") or ""))
    if block is not None:
        facts.append(fact("Bouwsteen", block.name, g.block_href(block.id)))
    supported = table(path, "standaarden", "Ondersteunde standaarden, met bewijs", [
        Column("name", "Standaard", link=lambda r: g.standard_href(r["id"])), Column("evidence", "Bewijs"),
        *ids("id"),
    ], sorted(({"id": s.standard, "name": g.dataset.standards[s.standard].name,
                "evidence": s.raw.get("evidence")} for s in product.standards), key=lambda r: fold(r["name"])),
        empty="Geen standaarden vastgelegd.")
    body = OfferBody(product.name, str(product.raw.get("description") or ""), _offer_facts(g, product.raw, facts),
                     None, supported, users_table(g, path, who_uses(g.view, product), product.name))
    return Page(path, "offer.html", product.name, SECTION, body,
                breadcrumbs=(Link("Softwarecatalogus", INDEX),), edit=g.edit_links(product.where),
                description=f"{product.name}: leverancier, ondersteunde standaarden en gebruikers.")


def _standards(g: Gathering) -> Page:
    rows = [asdict(s) for s in standards(g.view)]
    listing = table(STANDARDS, "standaarden", "Het standaardenregister", [
        Column("name", "Standaard", link=lambda r: g.standard_href(r["id"])), Column("category", "Categorie", text=nl.standard_category),
        Column("status", "Status", text=nl.standard_status), Column("relevant", "Relevant voor lokale besturen"),
        Column("products", "Producten", numeric=True, essential=True),
        Column("municipalities", MUNICIPALITIES, numeric=True, essential=True),
        *ids("id"),
    ], rows)
    relevant = coverage(g.view, everything=True, relevant=True)
    shares = table(STANDARDS, "relevant", f"De {len(relevant)} standaarden die relevant zijn voor lokale besturen, "
                   f"op {nl.long_date(g.on)}", [
        Column("name", "Standaard", link=lambda r: g.standard_href(r["standard"])),
        Column("products", "Producten die ze ondersteunen", numeric=True),
        Column("municipalities", f"{MUNICIPALITIES} met software die ze ondersteunt", numeric=True),
        Column("valid", f"{MUNICIPALITIES} op deze datum", numeric=True),
        Column("share", f"Aandeel van de {MUNICIPALITIES.lower()}", numeric=True), *ids("standard"),
    ], [{"standard": c.standard, "name": c.name, "products": len(c.products), "municipalities": c.municipalities,
         "valid": c.valid, "share": c.share} for c in relevant])
    body = StandardsBody(sum(1 for r in rows if r["relevant"]), UNIT_NOTE, shares, listing)
    return Page(STANDARDS, "standards.html", "Standaarden", "standaarden", body,
                description="De OSLO-standaarden, welke producten ze ondersteunen en hoeveel besturen ze gebruiken.")


def _standard(g: Gathering, standard: Standard, used: Coverage | None, users: set[str]) -> Page:
    path = urls.standard_page(standard.id)
    raw = standard.raw
    words: dict[str, Callable[[Any], str]] = {"category": nl.standard_category, "status": nl.standard_status,
                                              "usage": str, "published": nl.day_text}
    facts = [fact(label, words[key](raw[key])) for key, label in (("category", "Categorie"), ("status", "Status"),
                                                                  ("usage", "Gebruik"), ("published", "Gepubliceerd"))
             if raw.get(key)]
    facts.append(fact("Relevant voor lokale besturen", "ja" if standard.local_government_relevant else "nee"))
    if raw.get("organisations"):
        facts.append(fact("Organisaties", ", ".join(raw["organisations"])))
    if raw.get("specification_urls"):
        facts.append(Fact("Specificatie", tuple(Link(url, url) for url in raw["specification_urls"])))
    blocks = [b for b in sorted(g.dataset.blocks.values(), key=lambda b: fold(b.name)) if standard.id in b.standards]
    if blocks:
        facts.append(Fact("Bouwstenen", tuple(Link(b.name, g.block_href(b.id)) for b in blocks)))
    sources = g.source_fact(raw)
    facts += [sources] if sources else []
    supporters = table(path, "producten", "Producten die de standaard ondersteunen, met bewijs", [
        Column("product_name", "Product", link=lambda r: g.product_href(r["product"])),
        Column("vendor_name", "Leverancier"), Column("evidence", "Bewijs"),
        Column("municipalities", MUNICIPALITIES, numeric=True),
        *ids("product"),
    ], [asdict(s) for s in (used.products if used else ())], empty="Geen product in de catalogus ondersteunt deze standaard.")
    usage = (f"{used.municipalities} van de {used.valid} gemeenten gebruiken op {nl.long_date(g.on)} software die "
             "deze standaard ondersteunt (de gemeente of haar OCMW)." if used else "Geen gekend gebruik.")
    who = table(path, "gebruikers", f"Besturen die de standaard gebruiken op {nl.long_date(g.on)} (gemeente en "
                "OCMW elk apart)", [
        government_column(g), kind_column(), Column("province", "Provincie"), region_column(g), *ids("id"),
    ], [{"id": x.id, "name": x.name, "kind": x.kind, "province": x.province_name, "region": g.members.get(x.id)}
        for x in sorted((g.view.governments[i] for i in users if i in g.view.governments),
                        key=lambda x: (fold(x.province_name), fold(x.name), x.kind, x.id))],
        empty="Geen gekende gebruikers op deze datum.")
    return Page(path, "standard.html", standard.name, "standaarden", StandardBody(standard.name, tuple(facts),
                usage, supporters, who), breadcrumbs=(Link("Standaarden", STANDARDS),),
                edit=g.edit_links(standard.where), description=f"{standard.name}: ondersteunende producten.")
