"""Pages of the register: the list of governments and one page per government (every government of
the register, also those merged away, so that a timeline across mergers can be followed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from vlavirgem.core.model import Government
from vlavirgem.queries.adoption import implementing_products
from vlavirgem.queries.names import fold
from vlavirgem.queries.register import counterparts, government_rows, profile
from vlavirgem.site import nl, urls
from vlavirgem.site.context import Body, Choice, Fact, Gathering, Link, Page, fact
from vlavirgem.site.pages.networks import government_table as network_table
from vlavirgem.site.tables import Column, Table, ids, table

SECTION = "besturen"
INDEX = "besturen/index.html"


@dataclass(frozen=True)
class GovernmentsBody(Body):
    """besturen/index.html: the governments that exist on the day, and the others of the register."""

    count: int
    current: Table
    former: Table
    # the choices of the filter of ``current`` (by province and kind; its rows carry data-province and data-kind)
    provinces: tuple[Choice, ...] = ()
    kinds: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class GovernmentBody(Body):
    """besturen/<id>.html: one government."""

    name: str
    kind: str
    status: str  # one sentence: exists on the day, or since/until when
    facts: tuple[Fact, ...]
    exists: bool  # on the day; the software, blocks and plan tables are there only if it does
    software: Table | None
    blocks: Table | None
    plan_now: str
    plan: Table | None
    timeline: Table
    networks: Table | None = None  # every network it is in on the day (site/pages/networks)


def pages(g: Gathering) -> list[Page]:
    result = [_index(g)]
    for government in sorted(g.dataset.governments.values(), key=lambda x: x.id):
        result.append(_government(g, government))
    return result


def region_column(g: Gathering, key: str = "region", label: str = "Regio") -> Column:
    return Column(key, label, link=lambda r: g.region_href(r.get(key)),
                  text=lambda v: g.region_name(v) or "geen regio", essential=True)


def government_column(g: Gathering, key: str = "name", label: str = "Bestuur", id_key: str = "id") -> Column:
    return Column(key, label, link=lambda r: g.government_href(r.get(id_key)))


def kind_column() -> Column:
    # essential: a gemeente and its OCMW have the same name; on a phone the kind tells them apart
    return Column("kind", "Soort", text=lambda v: nl.KIND.get(v, v or ""), essential=True)


def _index(g: Gathering) -> Page:
    rows = government_rows(g.dataset, g.on)
    current = table(INDEX, "besturen", f"Besturen op {nl.long_date(g.on)}", [
        government_column(g), kind_column(), Column("nis", "NIS"), Column("province", "Provincie"),
        Column("arrondissement", "Arrondissement"), region_column(g),
        *ids("id"),
    ], rows, row_data=("province", "kind"))
    others = sorted((x for x in g.dataset.governments.values() if not x.valid_on(g.on)),
                    key=lambda x: (fold(x.name), x.kind, x.id))
    former = table(INDEX, "andere", "Besturen die op deze datum niet bestaan (opgeheven of later opgericht)", [
        government_column(g), kind_column(), Column("nis", "NIS"), Column("valid_from", "Vanaf"),
        Column("valid_until", "Tot en met"),
        government_column(g, "successor_name", "Opgegaan in", "successor"),
        *ids("id", "successor"),
    ], [{"id": x.id, "name": x.name, "kind": x.kind, "nis": x.nis, "valid_from": _iso(x.validity.start),
         "valid_until": _iso(x.validity.end), "successor": x.successor,
         "successor_name": g.government_name(x.successor) if x.successor else None} for x in others])
    provinces = tuple(Choice(name, name) for name in sorted({r["province"] for r in rows}, key=fold))
    kinds = tuple(Choice(kind, nl.KIND[kind]) for kind in nl.KIND if any(r["kind"] == kind for r in rows))
    body = GovernmentsBody(len(rows), current, former, provinces, kinds)
    return Page(INDEX, "governments.html", "Besturen", SECTION, body,
                description=f"De {len(rows)} gemeenten en OCMW's op {nl.long_date(g.on)} en hun regio.")


def _iso(day: Any) -> str | None:
    return day.isoformat() if day else None


def _status(g: Gathering, government: Government) -> str:
    start, end = government.validity.start, government.validity.end
    if government.valid_on(g.on):
        return f"Bestaat op {nl.long_date(g.on)}" + (f", sinds {nl.long_date(start)}." if start else ".")
    if end and end < g.on:
        successor = f" en ging op in {g.government_name(government.successor)}" if government.successor else ""
        return f"Bestond tot en met {nl.long_date(end)}{successor}."
    return f"Bestaat pas vanaf {nl.long_date(start)}." if start else "Bestaat niet op deze datum."


def _facts(g: Gathering, government: Government, about: dict[str, Any]) -> tuple[Fact, ...]:
    facts = [fact("Soort", nl.KIND.get(government.kind, government.kind)), fact("NIS-code", government.nis)]
    facts += [fact(label, about[key]) for key, label in (("kbo", "KBO-nummer"), ("ovo", "OVO-code")) if about[key]]
    facts += [fact("Provincie", government.province_name), fact("Arrondissement", government.arrondissement)]
    counterpart = _counterpart(g, government)
    if counterpart is not None:
        facts.append(fact("Gemeente" if counterpart.kind == "gemeente" else "OCMW", counterpart.name,
                          g.government_href(counterpart.id)))
    if government.validity.start:
        facts.append(fact("Bestaat sinds", nl.long_date(government.validity.start)))
    if government.validity.end:
        facts.append(fact("Bestond tot en met", nl.long_date(government.validity.end)))
    if about["predecessors"]:
        # a government that begins at the merger came out of it; one that existed before took the others in
        merged_into_new = government.validity.start is not None and all(
            (p_end := g.dataset.governments[p].validity.end) is not None
            and p_end + timedelta(days=1) == government.validity.start for p in about["predecessors"])
        facts.append(Fact("Ontstaan uit de fusie van" if merged_into_new else "Nam op", tuple(
            Link(g.government_name(p), g.government_href(p)) for p in about["predecessors"])))
    if government.successor:
        facts.append(fact("Opgegaan in", g.government_name(government.successor),
                          g.government_href(government.successor)))
    if about["valid_on"]:
        region = about["region_on"]
        facts.append(fact(f"Regio op {nl.long_date(g.on)}", g.region_name(region) or "geen regio",
                          g.region_href(region)))
    return tuple(facts)


def _counterpart(g: Gathering, government: Government) -> Government | None:
    """The OCMW of a gemeente, or the gemeente of an OCMW (``queries.register.counterparts``, once per build)."""
    if "counterparts" not in g.memo:
        g.memo["counterparts"] = counterparts(g.dataset)
    other = g.memo["counterparts"].get(government.id)
    return g.dataset.governments.get(other) if other else None


def _government(g: Gathering, government: Government) -> Page:
    path = urls.government_page(government.id)
    about = profile(g.dataset, government, g.on)
    software = table(path, "software", f"Software in gebruik op {nl.long_date(g.on)}", [
        Column("product_name", "Product", link=lambda r: g.product_href(r["product"])),
        Column("vendor_name", "Leverancier", link=lambda r: g.vendor_href(r["vendor"])),
        Column("status", "Status", text=nl.status_word),
        Column("since", "Sinds"), Column("dated_by", "Datum volgens"),
        Column("hosting", "Hosting", text=lambda v: nl.HOSTING.get(v, v or "")),
        *ids("product", "vendor"),
    ], [_software_row(g, user) for user in g.software.get(government.id, [])],
        empty="Geen software gekend op deze datum.")
    block_rows = [{"block": block_id, "block_name": g.dataset.blocks[block_id].name, "status": record.status,
                   "since": _iso(record.interval.start), "via": None, "via_name": None}
                  for block_id, records in g.adoptions.items() if (record := records.get(government.id)) is not None]
    adopted = {row["block"] for row in block_rows}
    implements = _implemented_blocks(g)
    block_rows += [{"block": implements[user.product], "block_name": g.dataset.blocks[implements[user.product]].name,
                    "status": user.status, "since": _iso(user.since), "via": user.product,
                    "via_name": user.product_name}
                   for user in g.software.get(government.id, [])
                   if user.product in implements and implements[user.product] not in adopted]
    blocks = table(path, "bouwstenen", f"Bouwstenen op {nl.long_date(g.on)}", [
        Column("block_name", "Bouwsteen", link=lambda r: g.block_href(r["block"])),
        Column("status", "Status", text=nl.status_word), Column("since", "Sinds"),
        Column("via_name", "Volgens", link=lambda r: g.product_href(r["via"]),
               text=lambda v: f"software in gebruik: {v}" if v else "adoptie"),
        *ids("block", "via"),
    ], sorted(block_rows, key=lambda r: (fold(r["block_name"]), r["block"])),
        empty="Geen bouwstenen vastgelegd op deze datum.")
    portfolio = g.dataset.portfolios.get(government.id)
    plan = table(path, "veiligheidsplan", "Informatieveiligheidsplan door de jaren", [
        Column("status", "Status", text=nl.status_word), Column("from", "Vanaf"), Column("until", "Tot en met"),
    ], [{"status": s.status, "from": _iso(s.interval.start), "until": _iso(s.interval.end)}
        for s in sorted(portfolio.security_plan if portfolio else (), key=lambda s: s.interval.start or g.on)],
        empty="Geen gegevens over een informatieveiligheidsplan.")
    plan_row = g.plans.get(government.id)
    timeline = table(path, "tijdlijn", "Tijdlijn", [
        Column("date", "Datum"), Column("until", "Tot en met"),
        Column("topic", "Onderwerp", text=lambda v: nl.TOPIC.get(v, str(v))), Column("what", "Wat", text=nl.dutch),
    ], about["timeline"])
    exists = government.valid_on(g.on)
    body = GovernmentBody(
        government.name, nl.KIND.get(government.kind, government.kind), _status(g, government),
        _facts(g, government, about), exists, software if exists else None, blocks if exists else None,
        nl.status_word(plan_row.status) if plan_row and plan.rows else "", plan if exists else None, timeline,
        network_table(g, path, government) if exists and g.dataset.networks else None)
    title = f"{government.name} ({nl.KIND.get(government.kind, government.kind)})"
    return Page(path, "government.html", title, SECTION, body,
                breadcrumbs=(Link("Besturen", INDEX),),
                edit=g.edit_links(government.where, portfolio.where if portfolio else None),
                description=f"{title}: regio, software, bouwstenen, informatieveiligheid en tijdlijn.")


def _implemented_blocks(g: Gathering) -> dict[str, str]:
    """Product id -> the building block it implements (``queries.adoption.implementing_products``)."""
    if "implemented-blocks" not in g.memo:
        g.memo["implemented-blocks"] = {p.id: block_id for block_id in g.dataset.blocks
                                        for p in implementing_products(g.view, block_id)}
    found: dict[str, str] = g.memo["implemented-blocks"]
    return found


def _software_row(g: Gathering, user: Any) -> dict[str, Any]:
    product = g.dataset.products[user.product]
    return {"product": user.product, "product_name": user.product_name, "vendor": product.vendor,
            "vendor_name": g.dataset.vendors[product.vendor].name if product.vendor in g.dataset.vendors else None,
            "status": user.status, "since": _iso(user.since),
            "dated_by": "eerste waarneming" if user.since_observed else "begindatum", "hosting": user.hosting}
