"""The whole dataset as flat tables: the one description of tables and columns that every export
format (csv, json, xlsx, sqlite) writes, and the rows of each table as of a date or with history.

Every row carries ids and readable names (a membership names its government and its region), so a
spreadsheet reader can read it and a later import can match it.  A row of a list inside a file
(a membership, a software use) has as key its parent's id and its ``position`` in that list.
Columns are typed: text, date (ISO text), boolean, integer, or list (a JSON array; joined with
"; " in the flat formats).

Internal records (``visibility: internal``) are left out unless asked for, and so is every row that
belongs to or points at a left-out record (the memberships of an internal region, the software use
of an internal product).  Coordinators are personal data: their table exists only when asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import partial
from typing import Any

from vlavirgem.core.model import Dataset
from vlavirgem.core.values import interval_of
from vlavirgem.export.columns import Column, Selection, Table


def _id(noun: str) -> Column:
    return Column("id", f"The {noun}'s id.")


def _ref(name: str, table: str, noun: str) -> tuple[Column, Column]:
    return (Column(f"{name}_id", f"Id of the {noun} (see the {table} table).", references=table),
            Column(f"{name}_name", f"Name of the {noun}, for reading."))


SOURCES = Column("sources", "Ids of the entries in the sources table that back this record.", "list")


NOTE = Column("note", "A remark for readers of the data.")


VISIBILITY = Column("visibility", "public or internal; present only in exports that include internal records.",
                    internal=True)


POSITION = Column("position", "Place of the record in its list in the YAML file, counted from 0; with the "
                              "parent's id the key of the row.", "integer")


SPAN = (Column("valid_from", "First day the record holds (YAML: from); empty: since before the data begins.", "date"),
        Column("valid_until", "Last day the record holds (YAML: until); empty: it still holds.", "date"))


TAIL = (SOURCES, NOTE, VISIBILITY)


def _fields(raw: Any, *names: str) -> dict[str, Any]:
    """Record fields as row values: missing text as None, missing lists as []."""
    return {name: raw.get(name) for name in names}


def _tail(raw: Any, default: str = "public") -> dict[str, Any]:
    return {"sources": list(raw.get("sources", [])), "note": raw.get("note"),
            "visibility": raw.get("visibility", default)}


def _span(raw: Any) -> dict[str, Any]:
    return {"valid_from": raw.get("from"), "valid_until": raw.get("until")}


def _name(pool: dict[str, Any], key: str | None) -> str | None:
    record = pool.get(key or "")
    return record.name if record is not None else None


def _provinces(s: Selection) -> Iterator[dict[str, Any]]:
    for p in s.dataset.provinces.values():
        yield {"id": p.id, "name": p.name, "nis": p.nis, "sources": list(p.raw.get("sources", [])),
               "visibility": p.raw.get("visibility", "public")}


def _governments(s: Selection) -> Iterator[dict[str, Any]]:
    pool = s.dataset.governments
    for g in pool.values():
        if s.holds(g.validity):
            raw = g.raw
            yield {"id": g.id, "kind": g.kind, "nis": g.nis, "name": g.name,
                   "province_id": g.province, "province_name": g.province_name,
                   "arrondissement_nis": raw["arrondissement"]["nis"], "arrondissement_name": g.arrondissement,
                   "valid_from": raw.get("valid_from"), "valid_until": raw.get("valid_until"),
                   "successor_id": g.successor, "successor_name": _name(pool, g.successor),
                   "kbo": g.kbo, "ovo": g.ovo, **_tail(raw)}


def _regions(s: Selection) -> Iterator[dict[str, Any]]:
    for r in s.dataset.regions.values():
        yield {"id": r.id, "name": r.name, **_fields(r.raw, "kind", "reference_region", "description", "website"),
               **_tail(r.raw)}


def _memberships(s: Selection) -> Iterator[dict[str, Any]]:
    for r in s.dataset.regions.values():
        for m in r.members:
            if s.holds(m.interval):
                yield {"region_id": r.id, "region_name": r.name, "government_id": m.government,
                       "government_name": _name(s.dataset.governments, m.government), **_span(m.raw),
                       "position": m.where.path[-1], **_tail(m.raw)}


def _networks(s: Selection) -> Iterator[dict[str, Any]]:
    for n in s.dataset.networks.values():
        yield {"id": n.id, "name": n.name, "kind": n.kind, "territory": n.territory,
               **_fields(n.raw, "legal_form", "code", "kbo", "seat", "status", "status_observed", "description"),
               **_tail(n.raw)}


def _network_memberships(s: Selection) -> Iterator[dict[str, Any]]:
    for n in s.dataset.networks.values():
        for m in n.members:
            government = s.dataset.governments.get(m.government)
            if s.holds(m.interval) and (s.on is None or government is None or government.valid_on(s.on)):
                yield {"network_id": n.id, "network_name": n.name, "network_kind": n.kind,
                       "government_id": m.government, "government_name": _name(s.dataset.governments, m.government),
                       **_span(m.raw), "observed": m.raw.get("observed"), "role": m.raw.get("role"),
                       "position": m.where.path[-1], **_tail(m.raw)}


def _cycle_steps(s: Selection) -> Iterator[dict[str, Any]]:
    for r in s.dataset.regions.values():
        for c in r.cycle:
            if s.holds(c.interval):
                yield {"region_id": r.id, "region_name": r.name, "block_id": c.block,
                       "block_name": _name(s.dataset.blocks, c.block), "phase": c.phase, "step": c.step,
                       **_span(c.raw), "position": c.where.path[-1], **_tail(c.raw)}


def _coordinators(s: Selection) -> Iterator[dict[str, Any]]:
    for r in s.dataset.regions.values():
        for index, c in enumerate(r.raw.get("coordinators") or []):
            if isinstance(c, dict) and s.holds(interval_of(c)):
                yield {"region_id": r.id, "region_name": r.name, **_fields(c, "name", "github", "email", "role"),
                       **_span(c), "position": index, "visibility": c.get("visibility", "internal")}


def _blocks(s: Selection) -> Iterator[dict[str, Any]]:
    for b in s.dataset.blocks.values():
        yield {"id": b.id, "name": b.name, **_fields(b.raw, "full_name", "provider", "description", "since"),
               "urls": list(b.raw.get("urls", [])), "standards": list(b.standards), **_tail(b.raw)}


def _standards(s: Selection) -> Iterator[dict[str, Any]]:
    for t in s.dataset.standards.values():
        yield {"id": t.id, "name": t.name, **_fields(t.raw, "category", "status", "usage", "published"),
               "specification_urls": list(t.raw.get("specification_urls", [])),
               "organisations": list(t.raw.get("organisations", [])),
               "local_government_relevant": t.local_government_relevant, **_tail(t.raw)}


def _vendors(s: Selection) -> Iterator[dict[str, Any]]:
    for v in s.dataset.vendors.values():
        yield {"id": v.id, "name": v.name, "aliases": list(v.raw.get("aliases", [])),
               **_fields(v.raw, "website", "description"), **_tail(v.raw)}


def _products(s: Selection) -> Iterator[dict[str, Any]]:
    for p in s.dataset.products.values():
        yield {"id": p.id, "name": p.name, "vendor_id": p.vendor, "vendor_name": _name(s.dataset.vendors, p.vendor),
               "domain": p.domain, **_fields(p.raw, "description", "website"), **_tail(p.raw)}


def _product_standards(s: Selection) -> Iterator[dict[str, Any]]:
    for p in s.dataset.products.values():
        for support in p.standards:
            yield {"product_id": p.id, "product_name": p.name, "standard_id": support.standard,
                   "standard_name": _name(s.dataset.standards, support.standard),
                   "evidence": support.raw.get("evidence"), "sources": list(support.raw.get("sources", [])),
                   "position": support.where.path[-1]}


def _portfolio_owner(s: Selection, government_id: str) -> dict[str, Any]:
    return {"government_id": government_id, "government_name": _name(s.dataset.governments, government_id)}


def _portfolios(s: Selection) -> Iterator[dict[str, Any]]:
    for p in s.dataset.portfolios.values():
        government = s.dataset.governments.get(p.government)
        if government is None or s.holds(government.validity):
            yield {**_portfolio_owner(s, p.government), **_tail(p.raw)}


def _software_use(s: Selection) -> Iterator[dict[str, Any]]:
    for p in s.dataset.portfolios.values():
        for u in p.software:
            if s.holds(u.known_span):
                known = u.known_span.start
                yield {**_portfolio_owner(s, p.government), "product_id": u.product,
                       "product_name": _name(s.dataset.products, u.product), "domain": u.raw.get("domain"),
                       "status": u.status, **_span(u.raw), "observed": list(u.raw.get("observed", [])),
                       "known_from": known.isoformat() if known else None,
                       **_fields(u.raw, "hosting", "contract_end"), "standards": list(u.standards),
                       **_fields(u.raw, "url", "evidence"), "position": u.where.path[-1], **_tail(u.raw)}


def _adoptions(s: Selection) -> Iterator[dict[str, Any]]:
    for p in s.dataset.portfolios.values():
        for a in p.building_blocks:
            if s.holds(a.interval):
                yield {**_portfolio_owner(s, p.government), "block_id": a.block,
                       "block_name": _name(s.dataset.blocks, a.block), "status": a.status, **_span(a.raw),
                       "evidence": a.raw.get("evidence"), "position": a.where.path[-1], **_tail(a.raw)}


def _security_plans(s: Selection) -> Iterator[dict[str, Any]]:
    for p in s.dataset.portfolios.values():
        for status in p.security_plan:
            if s.holds(status.interval):
                yield {**_portfolio_owner(s, p.government), "status": status.status, **_span(status.raw),
                       "evidence": status.raw.get("evidence"), "position": status.where.path[-1],
                       **_tail(status.raw)}


def _sources(s: Selection) -> Iterator[dict[str, Any]]:
    for source_id, where in s.dataset.sources.items():
        loaded = s.dataset.files.get(where.file)
        entry = loaded.data["sources"][source_id] if loaded is not None else {}
        yield {"id": source_id, **_fields(entry, "title", "url", "publisher", "retrieved", "version", "licence",
                                          "attribution", "note")}


GOVERNMENT = _ref("government", "governments", "government")


REGION = _ref("region", "regions", "region")


BLOCK = _ref("block", "blocks", "building block")


EVIDENCE = Column("evidence", "What shows the fact, in words.")


OWNED = ("portfolios", "government_id")


TABLES: tuple[Table, ...] = (
    Table("sources", "The sources that records cite (data/sources.yaml).", (
        _id("source"), Column("title", "Title of the source."), Column("url", "Where it is."),
        Column("publisher", "Who publishes it."), Column("retrieved", "When it was read, where known.", "date"),
        Column("version", "Version or date of the source."), Column("licence", "Licence of the source."),
        Column("attribution", "How to credit it."), NOTE), ("id",), _sources),
    Table("provinces", "The provinces, one register file each (data/governments/).", (
        _id("province"), Column("name", "Name of the province."), Column("nis", "NIS code of the province."),
        SOURCES, VISIBILITY), ("id",), _provinces),
    Table("governments", "Every gemeente and OCMW, with its validity and, when merged away, its successor.", (
        _id("government"), Column("kind", "gemeente or ocmw."), Column("nis", "Five-digit NIS code."),
        Column("name", "Name of the government."), *_ref("province", "provinces", "province"),
        Column("arrondissement_nis", "NIS code of the arrondissement."),
        Column("arrondissement_name", "Name of the arrondissement."),
        Column("valid_from", "First day it exists; empty: before the register starts (2015).", "date"),
        Column("valid_until", "Last day it exists; empty: it still exists.", "date"),
        Column("successor_id", "Id of the government it merged into (no foreign key: in an export on a date "
                               "the successor may not exist yet)."),
        Column("successor_name", "Name of the successor, for reading."),
        Column("kbo", "KBO (enterprise) number."), Column("ovo", "OVO code of the organisation portal."),
        *TAIL), ("id",), _governments),
    Table("regions", "The regional knowledge circles.", (
        _id("region"), Column("name", "Name of the region."), Column("kind", "Kind of region (kenniskring)."),
        Column("reference_region", "Code of the reference region it follows (REFREG01..REFREG15)."),
        Column("description", "What the region is."), Column("website", "Its website."), *TAIL), ("id",), _regions),
    Table("memberships", "Which government belongs to which region, and when.", (
        *REGION, *GOVERNMENT, *SPAN, POSITION, *TAIL), ("region_id", "position"), _memberships,
        parent=("regions", "region_id")),
    Table("networks", "The cooperation networks besides the knowledge circles: IGS wonen projects and "
                      "intermunicipal associations (data/networks/).", (
        _id("network"), Column("name", "Name of the network."),
        Column("kind", "igs-wonen or intergemeentelijke-vereniging."),
        Column("territory", "Code of the reference region it covers, where one is defined."),
        Column("legal_form", "Legal form of an intermunicipal association."),
        Column("code", "The source's own code (not unique across snapshots)."),
        Column("kbo", "KBO (enterprise) number."), Column("seat", "Municipality of its seat."),
        Column("status", "active or inactive, as the source gives it on status_observed."),
        Column("status_observed", "Day the status was observed.", "date"),
        Column("description", "What the network is."), *TAIL), ("id",), _networks),
    Table("network_memberships", "Which government is in which network: dated (valid_from, valid_until) or "
                                 "observed on a day, with no period given.", (
        Column("network_id", "Id of the network (see the networks table).", references="networks"),
        Column("network_name", "Name of the network, for reading."),
        Column("network_kind", "Kind of the network, for reading."), *GOVERNMENT, *SPAN,
        Column("observed", "Day the source recorded the membership (no period given): known from then on, "
                           "while the government exists.", "date"),
        Column("role", "The member's role as the source names it."), POSITION, *TAIL),
        ("network_id", "position"), _network_memberships, parent=("networks", "network_id")),
    Table("cycle_steps", "Where each region stands per building block: PDCA phase and step, dated.", (
        *REGION, *BLOCK, Column("phase", "dissemination, adoption, innovation or standardisation."),
        Column("step", "plan, do, check or act."), *SPAN, POSITION, *TAIL), ("region_id", "position"),
        _cycle_steps, parent=("regions", "region_id")),
    Table("coordinators", "The people who coordinate each region (personal data: internal).", (
        *REGION, Column("name", "Name of the person."), Column("github", "GitHub user."),
        Column("email", "E-mail address."), Column("role", "Role in the region."), *SPAN, POSITION,
        Column("visibility", "public or internal (internal unless the record says public).")),
        ("region_id", "position"), _coordinators, parent=("regions", "region_id"), internal=True),
    Table("blocks", "The building blocks (bouwstenen) that central governments offer.", (
        _id("building block"), Column("name", "Short name."), Column("full_name", "Full name."),
        Column("provider", "Who offers it."), Column("description", "What it does."),
        Column("since", "Since when it exists, in words."), Column("urls", "Where to read about it.", "list"),
        Column("standards", "Ids of the standards it implements.", "list"), *TAIL), ("id",), _blocks),
    Table("standards", "Information standards (the OSLO register).", (
        _id("standard"), Column("name", "Name of the standard."), Column("category", "Kind of standard."),
        Column("status", "Status in the register."), Column("usage", "Recommended use."),
        Column("published", "Date of publication.", "date"),
        Column("specification_urls", "Where the specification is.", "list"),
        Column("organisations", "Organisations behind it.", "list"),
        Column("local_government_relevant", "Whether it matters to local governments.", "boolean"), *TAIL),
        ("id",), _standards),
    Table("vendors", "Software vendors.", (
        _id("vendor"), Column("name", "Name of the vendor."), Column("aliases", "Other names.", "list"),
        Column("website", "Its website."), Column("description", "What it does."), *TAIL), ("id",), _vendors),
    Table("products", "Software products.", (
        _id("product"), Column("name", "Name of the product."), *_ref("vendor", "vendors", "vendor"),
        Column("domain", "Field of work (besluitvorming, burgerzaken, ...)."),
        Column("description", "What it does."), Column("website", "Its website."), *TAIL), ("id",), _products),
    Table("product_standards", "Which standards each product supports, with evidence.", (
        *_ref("product", "products", "product"), *_ref("standard", "standards", "standard"), EVIDENCE, SOURCES,
        POSITION), ("product_id", "position"), _product_standards, parent=("products", "product_id")),
    Table("portfolios", "One per government that records what it uses.", (
        *GOVERNMENT, *TAIL), ("government_id",), _portfolios),
    Table("software_use", "Software a government uses or used.", (
        *GOVERNMENT, *_ref("product", "products", "product"),
        Column("domain", "Field of work when it differs from the product's; empty: the product's."),
        Column("status", "planned, in-use, phasing-out or retired."), *SPAN,
        Column("observed", "Days on which a source saw it in use.", "list"),
        Column("known_from", "First day the use is known: valid_from, or else the first observation.", "date"),
        Column("hosting", "on-premises, vendor-hosted, saas or shared-service."),
        Column("contract_end", "End of the contract.", "date"),
        Column("standards", "Ids of the standards used with it.", "list"),
        Column("url", "Where the use shows."), EVIDENCE, POSITION, *TAIL), ("government_id", "position"),
        _software_use, parent=OWNED),
    Table("adoptions", "Building-block adoption by each government, status over time.", (
        *GOVERNMENT, *BLOCK, Column("status", "aware, planned, in-use or stopped."), *SPAN, EVIDENCE, POSITION,
        *TAIL), ("government_id", "position"), _adoptions, parent=OWNED),
    Table("security_plans", "The status of each government's information-security plan over time.", (
        *GOVERNMENT, Column("status", "none, in-preparation, adopted or expired."), *SPAN, EVIDENCE, POSITION,
        *TAIL), ("government_id", "position"), _security_plans, parent=OWNED),
)


TABLES_BY_NAME = {table.name: table for table in TABLES}


def _sort_key(key: tuple[str, ...], row: dict[str, Any]) -> tuple[Any, ...]:
    """Rows by their key, empty values last (a key column holds one type, so values compare)."""
    return tuple((row[k] is None, 0 if row[k] is None else row[k]) for k in key)


def export_tables(dataset: Dataset, on: date | None, include_internal: bool = False) -> dict[str, list[dict[str, Any]]]:
    """Table name -> rows (each row's keys in the order of the table's columns), sorted by key.

    ``on`` keeps the records whose interval contains that day and the governments valid then;
    None keeps the whole history.
    """
    selection = Selection(dataset, on, include_internal)
    hidden: dict[str, set[tuple[Any, ...]]] = {}
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        if table.internal and not include_internal:
            continue
        columns = table.columns_for(include_internal)
        kept, left_out = [], set()
        for row in table.rows(selection):
            if include_internal or not _hides(table, row, hidden):
                kept.append({c.name: row.get(c.name) for c in columns})
            else:
                left_out.add(tuple(row[k] for k in table.key))
        hidden[table.name] = left_out
        tables[table.name] = sorted(kept, key=partial(_sort_key, table.key))
    return tables


def _hides(table: Table, row: dict[str, Any], hidden: dict[str, set[tuple[Any, ...]]]) -> bool:
    """Whether a row is internal, or belongs to or points at a record left out as internal."""
    if row.get("visibility", "public") == "internal":
        return True
    links = [(c.references, c.name) for c in table.columns if c.references] + ([table.parent] if table.parent else [])
    return any((row.get(column),) in hidden.get(target, set()) for target, column in links if target)


# the tables of one export, by name, as export_tables gives them
Tables = dict[str, list[dict[str, Any]]]


def flat_rows(name: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of a table for a flat format: lists joined."""
    table = TABLES_BY_NAME[name]
    return [{key: table.column(key).flat(value) for key, value in row.items()} for row in rows]
