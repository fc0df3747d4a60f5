"""A SYNTHETIC dataset with an internal record of every kind, and its public twin: the same data
with those records (and what belongs to or points at them) never written.

Without --include-internal every command must answer on the full tree exactly as on the twin, and
print none of ``MARKERS``; with it, the markers show.  The base is the golden cases' base dataset.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .conftest import base_tree, write_tree

SOURCE = ["statbel-refnis"]
INTERNAL = {"visibility": "internal"}


def _government(number: str, name: str, **extra: Any) -> dict[str, Any]:
    return {"id": f"gemeente-{number}", "kind": "gemeente", "nis": number, "name": name,
            "arrondissement": {"nis": "99000", "name": "Proefarrondissement"}, "sources": [*SOURCE], **extra}


def _province(internal: bool) -> dict[str, Any]:
    governments = [_government("99001", "Proefdorp (synthetic)"), _government("99002", "Stilledorp (synthetic)")]
    if internal:  # an internal government
        governments.append(_government("99003", "Verborgendorp (synthetic)", **INTERNAL))
    return {"id": "proefprovincie", "name": "Proefprovincie (synthetic)", "nis": "99000", "sources": [*SOURCE],
            "governments": governments}


def _waasland(internal: bool) -> dict[str, Any]:
    region: dict[str, Any] = {
        "id": "waasland", "name": "Waasland", "kind": "kenniskring", "reference_region": "REFREG14",
        "members": [{"government": "gemeente-11056", "from": "2023-03-19", "until": "2024-12-31"},
                    {"government": "gemeente-46030", "from": "2025-01-01"}],
        "cycle": [{"block": "magda", "phase": "adoption", "step": "plan", "from": "2021-01-01"}],
        "sources": ["refreg"],
    }
    if internal:
        # an internal membership, an internal PDCA step and a coordinator (personal data)
        region["members"].append({"government": "gemeente-99002", "from": "2019-03-07", **INTERNAL})
        region["cycle"].append({"block": "magda", "phase": "adoption", "step": "do", "from": "2020-02-02",
                                "until": "2020-12-31", **INTERNAL})
        region["coordinators"] = [{"name": "Cora Geheim (synthetic)", "github": "cora-geheim"}]
    return region


def _portfolio(internal: bool) -> dict[str, Any]:
    portfolio: dict[str, Any] = {
        "government": "gemeente-99001",
        "software": [{"product": "acme-notulen", "status": "in-use", "from": "2022-01-01"}],
        "building_blocks": [{"block": "magda", "status": "in-use", "from": "2020-01-01"}],
        "security_plan": [{"status": "in-preparation", "from": "2016-01-01", "until": "2016-06-30"},
                          {"status": "adopted", "from": "2016-07-01"}],
    }
    if internal:  # internal records in a public portfolio, and uses of an internal product and vendor
        portfolio["software"] += [
            {"product": "acme-notulen", "status": "retired", "from": "2018-04-11", "until": "2018-12-31", **INTERNAL},
            {"product": "geheimproduct", "status": "in-use", "from": "2023-01-01"},
            {"product": "schaduwproduct", "status": "in-use", "from": "2023-02-02"},
        ]
        portfolio["building_blocks"].insert(
            0, {"block": "magda", "status": "aware", "from": "2017-05-13", "until": "2019-12-31", **INTERNAL})
        portfolio["security_plan"].insert(
            0, {"status": "in-preparation", "from": "2015-09-21", "until": "2015-12-31", **INTERNAL})
    return portfolio


INTERNAL_FILES = {
    # an internal region, whose member is public
    "regions/geheimregio.yaml": {"id": "geheimregio", "name": "Geheimregio (synthetic)", "kind": "kenniskring",
                                 "members": [{"government": "gemeente-99001", "from": "2020-01-01"}],
                                 "sources": ["refreg"], **INTERNAL},
    # an internal portfolio of a public government
    "catalog/portfolios/gemeente-99002.yaml": {
        "government": "gemeente-99002", **INTERNAL,
        "software": [{"product": "acme-notulen", "status": "in-use", "from": "2015-10-19"}],
        "security_plan": [{"status": "adopted", "from": "2015-10-19"}]},
    # an internal product, an internal vendor and a public product of that vendor
    "catalog/products/geheimproduct.yaml": {"id": "geheimproduct", "name": "Geheimproduct (synthetic)",
                                            "vendor": "acme-software", "domain": "besluitvorming",
                                            "sources": SOURCE, **INTERNAL},
    "catalog/vendors/geheimleverancier.yaml": {"id": "geheimleverancier", "name": "Geheimleverancier (synthetic)",
                                               "sources": SOURCE, **INTERNAL},
    "catalog/products/schaduwproduct.yaml": {"id": "schaduwproduct", "name": "Schaduwproduct (synthetic)",
                                             "vendor": "geheimleverancier", "domain": "besluitvorming",
                                             "sources": SOURCE},
}

# what only an internal record (or what hangs on one) can make a command print: names, ids and the
# dates that only the internal records carry
MARKERS = {
    "government": ("Verborgendorp", "gemeente-99003"),
    "region": ("Geheimregio", "geheimregio"),
    "membership": ("2019-03-07",),
    "cycle step": ("2020-02-02",),
    "coordinators": ("Cora Geheim", "cora-geheim"),
    "portfolio": ("2015-10-19",),
    "software record": ("2018-04-11",),
    "block adoption": ("2017-05-13",),
    "plan status": ("2015-09-21",),
    "product": ("Geheimproduct", "geheimproduct"),
    "vendor": ("Geheimleverancier", "geheimleverancier", "Schaduwproduct", "schaduwproduct"),
}


def internal_tree(target: Path, internal: bool = True) -> Path:
    """The dataset at ``target``/data (without its internal records when not ``internal``)."""
    data = base_tree(target)
    files: dict[str, Any] = {"governments/proefprovincie.yaml": _province(internal),
                             "regions/waasland.yaml": _waasland(internal),
                             "catalog/portfolios/gemeente-99001.yaml": _portfolio(internal)}
    if internal:
        files |= INTERNAL_FILES
    return write_tree(data, files)


def markers_in(text: str) -> set[str]:
    """The kinds of internal record whose markers appear in ``text``."""
    return {kind for kind, words in MARKERS.items() if any(word in text for word in words)}
