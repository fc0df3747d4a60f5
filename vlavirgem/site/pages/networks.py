"""Pages of the networks besides the knowledge circles: the kinds (netwerken/index.html), one page
per kind (netwerken/<kind>/index.html) and one per network (netwerken/<kind>/<id>.html: facts, a map
of the members, the members on the day and every membership), and the networks table of a
government's page.  The knowledge circles keep their own pages (regios/)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vlavirgem.queries.network_coverage import kind_counts, network_detail
from vlavirgem.queries.networks import CIRCLE, Day, NetworkView, in_none_statement
from vlavirgem.queries.partners import government_networks
from vlavirgem.site import nl
from vlavirgem.site.context import Body, Fact, Figure, Gathering, Link, Page, fact
from vlavirgem.site.map import Category, MapView, draw
from vlavirgem.site.tables import Column, Table, ids, table

SECTION = "netwerken"
INDEX = "netwerken/index.html"
KIND_NL = {CIRCLE: "Kenniskring", "igs-wonen": "IGS wonen", "intergemeentelijke-vereniging": "Intergemeentelijke vereniging"}
LEGAL_FORM_NL = {"projectvereniging": "projectvereniging", "dienstverlenende-vereniging": "dienstverlenende vereniging",
                 "opdrachthoudende-vereniging": "opdrachthoudende vereniging",
                 "opdrachthoudende-vereniging-met-private-deelname": "opdrachthoudende vereniging met private deelname"}
STATUS_NL = {"active": "actief", "inactive": "niet actief"}


def kind_page(kind: str) -> str:
    return f"netwerken/{kind}/index.html"


def network_page(kind: str, network_id: str) -> str:
    return f"netwerken/{kind}/{network_id}.html"


def network_href(g: Gathering, kind: str, network_id: str) -> str | None:
    return g.region_href(network_id) if kind == CIRCLE else network_page(kind, network_id)


@dataclass(frozen=True)
class KindsBody(Body):
    """netwerken/index.html: how many networks of each kind, and how many governments are in none."""

    kinds: Table
    note: str = ""  # when the data holds no network besides the circles


@dataclass(frozen=True)
class KindBody(Body):
    """netwerken/<kind>/index.html: every network of one kind."""

    description: str
    networks: Table


@dataclass(frozen=True)
class NetworkBody(Body):
    """netwerken/<kind>/<id>.html: one network."""

    name: str
    facts: tuple[Fact, ...]
    map: MapView | None
    members: Table
    history: Table


def day(g: Gathering) -> Day:
    """Who is in which network on the site's day, computed once per build."""
    if "networks-day" not in g.memo:
        g.memo["networks-day"] = Day(g.dataset, g.on)
    found: Day = g.memo["networks-day"]
    return found


def pages(g: Gathering) -> list[Page]:
    """The index always (every page's menu links to it), a page per kind that has networks, and one per network."""
    result = [_kinds(g)]
    for kind, networks in _by_kind(g).items():
        result.append(_kind(g, kind, networks))
        result += [_network(g, network) for network in networks]
    return result


def _by_kind(g: Gathering) -> dict[str, list[NetworkView]]:
    """The kinds besides the circles that have networks on the site's day (each has its page), with them."""
    found = {kind: [n for n in day(g).networks if n.kind == kind] for kind in KIND_NL if kind != CIRCLE}
    return {kind: networks for kind, networks in found.items() if networks}


def _kind_href(g: Gathering, kind: str) -> str | None:
    if kind == CIRCLE:
        return "regios/index.html"
    return kind_page(kind) if kind in _by_kind(g) else None


def _kinds(g: Gathering) -> Page:
    # without any network besides the circles, "in none" would only say that nothing is recorded
    rows = _counts(g) if g.dataset.networks else [row for row in _counts(g) if row["kind"] == CIRCLE]
    note = "" if g.dataset.networks else "De gegevens bevatten nog geen netwerken naast de kenniskringen."
    kinds = table(INDEX, "soorten", f"Netwerken op {nl.long_date(g.on)}", [
        Column("kind", "Soort", link=lambda r: _kind_href(g, r["kind"]), text=lambda v: KIND_NL.get(v, str(v))),
        Column("networks", "Netwerken", numeric=True), Column("active_on", "Met leden op deze datum", numeric=True),
        Column("gemeenten_in_none", "Gemeenten in geen enkel", numeric=True),
        Column("governments_in_none", "Besturen in geen enkel", numeric=True),
    ], rows)
    return Page(INDEX, "networks.html", "Netwerken", SECTION, KindsBody(kinds, note),
                description="Samenwerkingsverbanden van lokale besturen naast de kenniskringen: IGS wonen en "
                            "intergemeentelijke verenigingen.")


def _kind(g: Gathering, kind: str, networks: list[NetworkView]) -> Page:
    path = kind_page(kind)
    rows = [{"id": n.id, "name": n.name, "legal_form": n.raw.get("legal_form"), "status": n.raw.get("status"),
             "members": len(day(g).members_of(n)), "all": len(n.ties), "sources": ", ".join(n.sources)}
            for n in networks]
    columns = [Column("name", "Netwerk", link=lambda r: network_page(kind, r["id"]))]
    if kind == "intergemeentelijke-vereniging":
        columns += [Column("legal_form", "Rechtsvorm", text=lambda v: LEGAL_FORM_NL.get(v, v or "")),
                    Column("status", "Status", text=lambda v: STATUS_NL.get(v, v or ""))]
    columns += [Column("members", f"Leden op {nl.long_date(g.on)}", numeric=True),
                Column("all", "Lidmaatschappen in de gegevens", numeric=True), *ids("id")]
    network_kind = g.dataset.network_kinds.get(kind)
    description = str(network_kind.raw.get("description") or "") if network_kind else ""
    body = KindBody(description, table(path, "netwerken", KIND_NL[kind], columns, rows))
    return Page(path, "network-kind.html", KIND_NL[kind], SECTION, body, breadcrumbs=(Link("Netwerken", INDEX),),
                description=f"{KIND_NL[kind]}: alle netwerken en hun leden op {nl.long_date(g.on)}.")


def _membership_columns(g: Gathering) -> list[Column]:
    return [Column("name", "Bestuur", link=lambda r: g.government_href(r["id"])),
            Column("kind", "Soort", text=lambda v: nl.KIND.get(v, v or "")),
            Column("from", "Vanaf"), Column("until", "Tot en met"), Column("observed", "Vastgesteld op"),
            Column("ended_with_government", "Einde bestuur"), Column("sources", "Bronnen", text=g.source_titles),
            *ids("id")]


def _network(g: Gathering, network: NetworkView) -> Page:
    path = network_page(network.kind, network.id)
    detail = network_detail(g.dataset, network, g.on, day(g))
    facts = [fact("Soort", KIND_NL.get(network.kind, network.kind), kind_page(network.kind))]
    for key, label, words in (("legal_form", "Rechtsvorm", LEGAL_FORM_NL), ("status", "Status", STATUS_NL)):
        if detail[key]:
            extra = f" (op {nl.day_text(detail['status_observed'])})" if key == "status" and detail["status_observed"] else ""
            facts.append(fact(label, words.get(detail[key], detail[key]) + extra))
    facts += [fact(label, detail[key]) for key, label in (("kbo", "KBO-nummer"), ("seat", "Zetel"), ("code", "Code"))
              if detail[key]]
    facts.append(fact(f"Leden op {nl.long_date(g.on)}", str(len(detail["members"]))))
    cited = g.source_fact({"sources": detail["sources"]})
    if cited:
        facts.append(cited)
    if detail["note"]:
        facts.append(fact("Opmerking", detail["note"]))
    members = table(path, "leden", f"Leden op {nl.long_date(g.on)}", _membership_columns(g), detail["members"],
                    empty="Dit netwerk heeft op deze datum geen gekende leden.")
    history = table(path, "geschiedenis", "Alle lidmaatschappen in de gegevens", _membership_columns(g),
                    detail["history"], empty="Geen lidmaatschappen vastgelegd.")
    body = NetworkBody(network.name, tuple(facts), _map(g, network, detail), members, history)
    return Page(path, "network.html", network.name, SECTION, body,
                breadcrumbs=(Link("Netwerken", INDEX), Link(KIND_NL[network.kind], kind_page(network.kind))),
                description=f"{network.name} ({KIND_NL[network.kind]}): leden en geschiedenis.")


def _map(g: Gathering, network: NetworkView, detail: dict[str, Any]) -> MapView | None:
    """The members' municipalities on the day (or, without members that day, every member ever)."""
    if g.geometry is None:
        return None
    rows = detail["members"]
    member = Category(f"Lid op {nl.long_date(g.on)}", "c0")
    if not rows:
        rows, member = detail["history"], Category("Lid volgens de gegevens", "c8")
    categories = {}
    for row in rows:
        government = g.dataset.governments.get(row["id"])
        if government and government.kind == "gemeente" and government.nis in g.geometry.outlines:
            categories[government.nis] = member
    if not categories:
        return None
    return draw(f"kaart-{network.id}", f"{network.name}: leden", g.geometry, categories,
                lambda nis: g.government_href(f"gemeente-{nis}"), [member], crop=list(categories))


def government_table(g: Gathering, path: str, government: Any) -> Table:
    """The networks a government is in on the day, for its page."""
    found = government_networks(g.dataset, government, g.on, day(g))
    rows = [{**row, "href": network_href(g, row["kind"], row["id"])} for row in found["networks"]]
    for entry in found["in_none"]:
        statement = in_none_statement(g.dataset, entry["kind"], government.id, g.on)
        why = (f"volgens de bron in geen enkel ({g.source_titles(statement['sources'])})" if statement
               else "geen lidmaatschap vastgelegd op deze datum")
        rows.append({"kind": entry["kind"], "name": f"geen {KIND_NL[entry['kind']]}", "dates": "", "status": None,
                     "sources": why, "href": None, "id": None})
    return table(path, "netwerken", f"Netwerken op {nl.long_date(g.on)}", [
        Column("kind", "Soort", text=lambda v: KIND_NL.get(v, str(v))),
        Column("name", "Netwerk", link=lambda r: r["href"]),
        Column("status", "Status", text=lambda v: STATUS_NL.get(v, v or "")),
        Column("dates", "Lidmaatschap", text=_dates_nl), Column("sources", "Bronnen", text=g.source_titles),
    ], rows, empty="In geen enkel netwerk op deze datum.")


def _dates_nl(text: Any) -> str:
    words = str(text or "")
    return nl.dates_in(words.replace("observed on", "vastgesteld op").replace("from", "vanaf")
                       .replace("until", "tot en met"))


FIGURE_LABEL = {"igs-wonen": "IGS wonen-projecten", "intergemeentelijke-vereniging": "intergemeentelijke verenigingen"}


def network_figures(g: Gathering) -> list[Figure]:
    """For the home page: per kind besides the circles, its networks with members on the day and how
    many municipalities are in none of them."""
    return [Figure(str(row["active_on"]), FIGURE_LABEL.get(row["kind"], row["kind"]),
                   f"{row['gemeenten_in_none']} gemeenten in geen enkel", kind_page(row["kind"]))
            for row in _counts(g) if row["kind"] in _by_kind(g)]


def _counts(g: Gathering) -> list[dict[str, Any]]:
    if "network-kind-counts" not in g.memo:
        g.memo["network-kind-counts"] = kind_counts(g.dataset, g.on)
    found: list[dict[str, Any]] = g.memo["network-kind-counts"]
    return found
