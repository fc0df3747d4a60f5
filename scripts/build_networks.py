"""The networks of data/ other than the knowledge circles, built from the reference CSVs (used by build_data.py).

- IGS wonen (``igs.csv``, ``igs-members.csv``): one network per project and snapshot, keyed by ``igs_id``
  (the codes were renumbered between the snapshots, so ``igs02`` names two different projects).  The
  ``igs999`` marker ("Geen IGS") is no network: it becomes an ``in_none`` statement in network-kinds.yaml,
  which validate checks against the memberships.
- Intermunicipal associations (``igs-bodies.csv``, ``igs-participants.csv``): one network per body with its
  legal form, status, seat and KBO.  The source gives no membership periods, so every link is an observed
  membership, known on the day the link file entered the portal (the commit date of the migration).  Links of
  municipalities merged away in 2025 stay with those municipalities; only where the member organisation
  itself (same KBO) lives on in a 2025 municipality does that municipality get a membership, observed in the
  portal state of the snapshot.  See docs/decisions.md.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from pathlib import Path

from source_terms import NO_LICENCE_FILE, NOT_RECORDED, unknown

D = dt.date.fromisoformat
GH = "https://github.com/"
ABB = "Agentschap Binnenlands Bestuur"
PINC = "Data & Analyse van de Vlaamse provincies"
PORTAL_COMMIT = "c133c4e0d910364f88d5e2772c9580da6ff1b16e"
PORTAL_STATE = D("2026-07-24")  # the snapshot commit's date: the state the migrations define
LINKS_RECORDED = D("2023-09-14")  # commit cd2f4192 added 20230829164553-import-participants-links.sparql
# One id per repository at one commit: the IGS lists of 9 March 2026 come from the same commit as the reference
# regions in 2025 codes, and the associations from the same portal state as the KBO numbers (build_data.py
# describes both entries; these notes say what the networks read there).
PINC_2026 = "pinc-gebiedsniveaus-2026-03-09"
PINC_2026_IGS_NOTE = ("IGS wonen, momentopname 2026: dezelfde bestanden als de momentopname van 2025 "
                      "(gemeente_igs.xlsx, igs.xlsx); de codes zijn hernummerd.")
PORTAL_SOURCE = "lblod-organisatieportaal"
PORTAL_IGS_NOTE = ("Intergemeentelijke verenigingen: migraties config/migrations/2023/20230704112900-onboarding-igs/ "
                   "(verenigingen met naam, rechtsvorm, status en KBO; deelnemers uit "
                   "20230829164553-import-participants-links.sparql, commit cd2f4192 van 14 september 2023) en "
                   "2024/20240704112300-related-organizations-as-memberships/ (rol participant). De migraties geven geen "
                   "periode van lidmaatschap en verplaatsten geen lidmaatschap naar de gemeenten van de fusies van 2025.")
IGS_SNAPSHOTS = {  # snapshot prefix -> source id, first day, last day (None: open), note on the dates
    "pinc20250703": ("pinc-igs-2025", D("2025-01-01"), D("2025-12-31"),
                     "Momentopname van 3 juli 2025, in NIS-codes van 2025 en dus niet vóór 1 januari 2025; geldig tot het "
                     "einde van de subsidieperiode 2020-2025."),
    "pinc20260309": (PINC_2026, D("2026-01-01"), None,
                     "De begindatum 1 januari 2026 is afgeleid, niet gegeven: de bron is alleen gedateerd door haar commit "
                     "van 9 maart 2026, en er werd geen publieke lijst van projecten voor 2026-2031 gevonden."),
}
IGS_LICENCE = unknown(NO_LICENCE_FILE, "alleen feiten (welke gemeente in welk project zit)")
PERIOD_LICENCE = unknown(NOT_RECORDED, "alleen feiten (de subsidieperiode en het aantal goedgekeurde projecten)")
NETWORK_SOURCES = {
    "pinc-igs-2025": ("Intergemeentelijke samenwerkingsprojecten lokaal woonbeleid (IGS wonen) per gemeente, momentopname "
                      "2025", GH + "provinciesincijfers/gebiedsniveaus", PINC,
                      dict(retrieved=D("2025-07-03"), version="f352721af9ee7f266bc28909a0c0e21bd57b3456",
                           licence=IGS_LICENCE,
                           note="kerntabellen/gemeente_igs.xlsx, data_voor_swing/aggregatietabellen/gemeente_igs.xlsx en "
                           "data_voor_swing/gebiedsdefinities/igs.xlsx. Code igs999 betekent 'Geen IGS'.")),
    "wonen-vlaanderen-igs-2020-2025": ("Subsidies voor intergemeentelijke samenwerkingsprojecten 2020-2025",
                                       "https://www.wonenvlaanderen.be/lokale-besturen/subsidies-voor-intergemeentelijke-"
                                       "samenwerkingsprojecten-2020-2025", "Wonen in Vlaanderen", dict(licence=PERIOD_LICENCE)),
    "vlaanderen-igs-subsidiebelofte": ("Vlaams minister van Wonen keurt subsidiebelofte rond intergemeentelijke "
                                       "samenwerkingsprojecten lokaal woonbeleid goed",
                                       "https://www.vlaanderen.be/lokaal-woonbeleid/nieuws/vlaams-minister-van-wonen-keurt-"
                                       "subsidiebelofte-rond-intergemeentelijke-samenwerkingsprojecten-lokaal-woonbeleid-goed",
                                       "Vlaamse overheid", dict(licence=PERIOD_LICENCE)),
}
LEGAL_FORMS = {"Projectvereniging": "projectvereniging", "Dienstverlenende vereniging": "dienstverlenende-vereniging",
               "Opdrachthoudende vereniging": "opdrachthoudende-vereniging",
               "Opdrachthoudende vereniging met private deelname": "opdrachthoudende-vereniging-met-private-deelname"}
STATUS = {"Actief": "active", "Niet actief": "inactive"}
# Bodies left out, with why (docs/decisions.md): a name-less record whose KBO fails the mod-97 check
LEFT_OUT = {"0680397589": "stale duplicate of 0680397590 (PV Regionaal Landschap Schelde-Durme): no name, no status, "
                          "no members, KBO fails mod-97"}
# KBO numbers kept on the association, with a note on the doubt (docs/decisions.md)
DOUBTFUL_KBO = {"0822823779": "Het Organisatieportaal geeft hetzelfde KBO-nummer ook aan 'AGB Stadsontwikkeling Diksmuide' "
                              "(config/migrations/2023/20230628133125-agb-apb.ttl); welke organisatie het nummer echt draagt, "
                              "is niet tegen de KBO gecontroleerd. De deelnemerslijst hoort bij deze vereniging: de "
                              "importmigratie koppelt ze aan het nummer van de IGS, en de 4 lidmaatschappen die de AGB "
                              "daardoor ook kreeg, zijn weggelaten."}
KINDS = [
    ("kenniskring", "Kenniskring", "Regionale ICT-kenniskring van steden, gemeenten en OCMW's. Sinds 2021 volgen de "
     "kringen de Vlaamse referentieregio's; hun bestanden staan in data/regions/.",
     ["abb-nota-regiovorming-2021"]),
    ("igs-wonen", "IGS wonen", "Intergemeentelijk samenwerkingsproject lokaal woonbeleid: gemeenten die samen, met "
     "subsidie van de Vlaamse overheid, hun woonbeleid uitvoeren. Elke momentopname van de bron is een eigen lijst van "
     "projecten; de codes zijn tussen de momentopnames hernummerd.",
     ["pinc-igs-2025", PINC_2026, "wonen-vlaanderen-igs-2020-2025"]),
    ("intergemeentelijke-vereniging", "Intergemeentelijke vereniging", "Intergemeentelijk samenwerkingsverband met "
     "rechtspersoonlijkheid volgens het decreet over het lokaal bestuur: projectvereniging, dienstverlenende of "
     "opdrachthoudende vereniging. De deelnemerslijsten komen uit de import van 2023 in het Organisatieportaal, zonder "
     "periodes: een lidmaatschap is gekend op de dag van die import.", [PORTAL_SOURCE]),
]


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def mod97_ok(kbo: str) -> bool:
    return len(kbo) == 10 and 97 - int(kbo[:8]) % 97 == int(kbo[8:])


def build_igs_wonen(ref: Path, govs: dict) -> tuple[dict[str, dict], list[dict]]:
    """The IGS wonen projects (id -> file data) and the in_none statements of the igs999 marker."""
    projects = {r["igs_id"]: r for r in _rows(ref / "igs.csv")}
    networks: dict[str, dict] = {}
    in_none: dict[str, list[str]] = {}
    for r in _rows(ref / "igs-members.csv"):
        snapshot = r["igs_id"].split("-")[0]
        source, start, end, _ = IGS_SNAPSHOTS[snapshot]
        gid = f"gemeente-{r['nis_code']}"
        g = govs[gid]
        assert g["name"] == r["name_nl"], (gid, g["name"], r["name_nl"])
        assert (D(r["valid_from"]), D(r["valid_until"]) if r["valid_until"] else None) == (start, end), r
        if r["igs_code"] == "igs999":
            in_none.setdefault(snapshot, []).append(gid)
            continue
        project = projects[r["igs_id"]]
        network = networks.setdefault(r["igs_id"], {
            "id": r["igs_id"], "name": project["name"].strip(), "kind": "igs-wonen", "code": project["igs_code"],
            "members": [], "sources": [source, "wonen-vlaanderen-igs-2020-2025"] + (
                ["vlaanderen-igs-subsidiebelofte"] if end else []),
            "note": IGS_SNAPSHOTS[snapshot][3]})
        network["members"].append({"government": gid, "from": start, "until": end, "sources": [source]})
    for igs_id, network in networks.items():
        assert len(network["members"]) == int(projects[igs_id]["member_count"]), igs_id
    statements = []
    for snapshot, governments in sorted(in_none.items()):
        source, start, end, note = IGS_SNAPSHOTS[snapshot]
        assert len(governments) == int(projects[f"{snapshot}-igs999"]["member_count"])
        statements.append({"from": start, "until": end, "governments": sorted(governments), "sources": [source],
                           "note": "De bron plaatst deze gemeenten onder igs999, 'Geen IGS'. " + note})
    # every project the projects file lists (igs999 aside) has its members; the shipped reference holds
    # 72 projects in 2025 and 70 in 2026, with 34 and 22 municipalities in none
    assert set(networks) == {i for i, p in projects.items() if p["igs_code"] != "igs999"}
    return networks, statements


def _governments_by_kbo(govs: dict, day: dt.date) -> dict[str, str]:
    """KBO number -> the government that carries it on a day."""
    return {g["kbo"]: gid for gid, g in sorted(govs.items())
            if g.get("kbo") and g.get("valid_from", dt.date.min) <= day <= g.get("valid_until", dt.date.max)}


def build_associations(ref: Path, govs: dict) -> dict[str, dict]:
    """The intermunicipal associations (id -> file data), with observed memberships."""
    networks: dict[str, dict] = {}
    by_kbo: dict[str, dict] = {}
    in_portal_state = _governments_by_kbo(govs, PORTAL_STATE)
    for r in _rows(ref / "igs-bodies.csv"):
        if r["igs_kbo"] in LEFT_OUT:
            continue
        assert r["name"] and mod97_ok(r["igs_kbo"]), r["igs_kbo"]
        nid = _slug(r["name"])
        assert nid not in networks, nid
        by_kbo[r["igs_kbo"]] = networks[nid] = {
            "id": nid, "name": r["name"], "kind": "intergemeentelijke-vereniging",
            "legal_form": LEGAL_FORMS[r["legal_form"]], "kbo": r["igs_kbo"], "seat": r["seat_municipality"] or None,
            "status": STATUS[r["status"]], "status_observed": PORTAL_STATE,
            "identifiers": {"uri": r["uri"], "sharepoint": r["sharepoint_id"] or None},
            "members": [], "sources": [PORTAL_SOURCE], "note": DOUBTFUL_KBO.get(r["igs_kbo"])}
    for r in _rows(ref / "igs-participants.csv"):
        network = by_kbo[r["igs_kbo"]]
        gid = f"{r['member_kind']}-{r['member_nis']}"
        assert govs[gid].get("kbo") == r["member_kbo"], (gid, r["member_kbo"])
        network["members"].append({"government": gid, "observed": LINKS_RECORDED, "role": r["role"],
                                   "sources": [PORTAL_SOURCE]})
        continuing = in_portal_state.get(r["member_kbo"])
        if continuing and continuing != gid and r["member_status"] == "Actief":
            network["members"].append({
                "government": continuing, "observed": PORTAL_STATE, "role": r["role"],
                "sources": [PORTAL_SOURCE],
                "note": f"De deelnemer is dezelfde organisatie (KBO {r['member_kbo']}) als {gid} ({govs[gid]['name']}), "
                        f"die het Organisatieportaal voortzet onder de naam {r['member_name']}; de bron geeft dit "
                        "lidmaatschap in haar toestand van deze dag."})
    assert sum(len(n["members"]) for n in networks.values()) >= 2733
    return networks


def build_network_kinds(in_none: list[dict]) -> dict:
    kinds = [{"id": kid, "name": name, "description": text, "sources": sources}
             for kid, name, text, sources in KINDS]
    kinds[1]["in_none"] = in_none
    return {"sources": sorted({s for k in kinds for s in k["sources"]}), "kinds": kinds}


def _in_canonical_order(networks: dict[str, dict], govs: dict) -> None:
    """Members in the order `vlavirgem fmt` keeps: by government name, kind and start."""
    for network in networks.values():
        network["members"].sort(key=lambda m: (govs[m["government"]]["name"], m["government"].split("-")[0],
                                               str(m.get("from") or ""), m["government"]))


def build_networks(ref: Path, govs: dict) -> dict[str, dict]:
    """Every network file and network-kinds.yaml: path under data/ -> plain data."""
    igs_wonen, in_none = build_igs_wonen(ref, govs)
    associations = build_associations(ref, govs)
    _in_canonical_order(igs_wonen, govs)
    _in_canonical_order(associations, govs)
    files: dict[str, dict] = {"network-kinds.yaml": build_network_kinds(in_none)}
    for folder, group in (("networks/igs-wonen", igs_wonen), ("networks/intergemeentelijke-vereniging", associations)):
        files |= {f"{folder}/{nid}.yaml": data for nid, data in sorted(group.items())}
    return files
