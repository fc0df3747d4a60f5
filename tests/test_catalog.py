"""The software catalogue: products, vendors, standards, who uses what, market shares, standards coverage.

Library tests on the hand-built tree (tests/catalog_tree.py, answers worked out by hand), on the
shipped data and on a generated synthetic dataset; then the ``catalog`` commands in every format.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from vlavirgem.core.dataset import load_dataset
from vlavirgem.core.model import Dataset
from vlavirgem.core.problems import UsageError
from vlavirgem.queries import catalog, standards
from vlavirgem.queries.scope import scope

from .catalog_tree import run, validated
from .conftest import SHIPPED_DATA, write_tree

D = date(2024, 6, 1)


SYNTHETIC = (80, 7)  # governments, seed of the module's generated dataset


# -- products and vendors ------------------------------------------------------------------------

def test_products_count_users_in_use_only(small: Dataset) -> None:
    rows = catalog.products(scope(small, D))
    assert [(r.id, r.municipalities, r.standards) for r in rows] == [
        ("acme-notulen", 3, 1), ("beta-archief", 1, 0), ("beta-notulen", 1, 1)]
    # Antwerpen's acme-notulen is only planned, the OCMW's was retired until 2021: neither counts
    assert catalog.products(scope(small, date(2021, 6, 1)))[0].municipalities == 1  # Borsbeek only


def test_products_filters_and_internal_product(small: Dataset) -> None:
    assert [r.id for r in catalog.products(scope(small, D), domain="archief")] == ["beta-archief"]
    assert [r.id for r in catalog.products(scope(small, D), vendor="beta-soft")] == ["beta-archief", "beta-notulen"]
    internal = catalog.products(scope(small, D, include_internal=True))
    assert ("gamma-geheim", 1) in [(r.id, r.municipalities) for r in internal]


def test_a_use_known_by_observation_counts_from_its_first_observation(small: Dataset) -> None:
    before = {r.id: r.municipalities for r in catalog.products(scope(small, date(2023, 4, 30)))}
    after = {r.id: r.municipalities for r in catalog.products(scope(small, date(2023, 5, 1)))}
    assert (before["beta-notulen"], after["beta-notulen"]) == (0, 1)


def test_a_merged_government_stops_counting(small: Dataset) -> None:
    on = date(2025, 1, 1)
    assert {r.id: r.municipalities for r in catalog.products(scope(small, on))}["acme-notulen"] == 2
    # Beveren-Kruibeke-Zwijndrecht's portfolio is internal
    assert {r.id: r.municipalities for r in catalog.products(scope(small, on))}["beta-notulen"] == 1
    assert {r.id: r.municipalities
            for r in catalog.products(scope(small, on, include_internal=True))}["beta-notulen"] == 2


def test_vendors(small: Dataset) -> None:
    assert [(v.id, v.products, v.municipalities) for v in catalog.vendors(scope(small, D))] == [
        ("acme-software", 1, 3), ("beta-soft", 2, 1)]
    first = catalog.vendors(scope(small, D, include_internal=True))[0]
    # Gamma Geheim's only user is Antwerpen's gemeente, whose OCMW already uses Acme Notulen
    assert (first.id, first.products, first.municipalities) == ("acme-software", 2, 3)


def test_user_count(small: Dataset) -> None:
    # Antwerpen (its OCMW and its gemeente), Borsbeek, Zwijndrecht: three municipalities, four governments
    assert catalog.user_count(scope(small, D), {"acme-notulen", "beta-notulen"}) == 3
    assert catalog.government_count(scope(small, D), {"acme-notulen", "beta-notulen"}) == 4
    assert catalog.user_count(scope(small, D), set()) == 0


# -- who uses ------------------------------------------------------------------------------------

@pytest.mark.parametrize("wanted", ["beta-soft", "Beta Software (SYNTHETIC)", "beta"])
def test_resolve_vendor_by_id_name_or_alias(small: Dataset, wanted: str) -> None:
    assert catalog.resolve_offer(small, wanted).id == "beta-soft"


def test_resolve_product_and_errors(small: Dataset) -> None:
    assert catalog.resolve_offer(small, "beta notulen").id == "beta-notulen"
    with pytest.raises(UsageError, match="did you mean 'beta-notulen'"):
        catalog.resolve_offer(small, "beta-notule")
    with pytest.raises(UsageError, match="no product or vendor 'gamma-geheim'"):
        catalog.resolve_offer(small, "gamma-geheim")
    assert catalog.resolve_offer(small, "gamma-geheim", include_internal=True).id == "gamma-geheim"


def test_who_uses_a_vendor(small: Dataset) -> None:
    rows = catalog.who_uses(scope(small, D), catalog.resolve_offer(small, "beta"))
    assert [(r.government.id, r.product, r.since, r.since_observed, r.government.region) for r in rows] == [
        ("gemeente-11002", "beta-archief", date(2020, 1, 1), False, "regio-antwerpen"),
        ("gemeente-11002", "beta-notulen", date(2023, 5, 1), True, "regio-antwerpen"),
    ]
    assert rows[0].hosting == "saas" and rows[1].hosting is None


def test_who_uses_a_product(small: Dataset) -> None:
    rows = catalog.who_uses(scope(small, D), small.products["acme-notulen"])
    assert [(r.government.id, r.government.province, r.government.region_name) for r in rows] == [
        ("ocmw-11002", "Antwerpen", "Regio Antwerpen"), ("gemeente-11007", "Antwerpen", "Regio Antwerpen"),
        ("gemeente-99001", "Proefprovincie (synthetic)", None)]


# -- compare -------------------------------------------------------------------------------------

def test_compare_overall_with_a_domain_override(small: Dataset) -> None:
    rows = catalog.compare(scope(small, D), "besluitvorming")
    assert [(r.product, r.municipalities, r.users, r.share) for r in rows] == [
        ("acme-notulen", 3, 3, 1.0), ("beta-archief", 1, 3, 0.3333), ("beta-notulen", 1, 3, 0.3333)]
    assert catalog.compare(scope(small, D), "archief") == []  # its only use serves besluitvorming


def test_compare_by_region_puts_no_region_last(small: Dataset) -> None:
    rows = catalog.compare(scope(small, D), "besluitvorming", by="region")
    assert [(r.group, r.product, r.municipalities, r.users, r.share) for r in rows] == [
        ("regio-antwerpen", "acme-notulen", 2, 2, 1.0),
        ("regio-antwerpen", "beta-archief", 1, 2, 0.5),
        ("regio-antwerpen", "beta-notulen", 1, 2, 0.5),
        (None, "acme-notulen", 1, 1, 1.0),
    ]
    assert rows[-1].group_name == "(no region)"
    by_province = catalog.compare(scope(small, D), "besluitvorming", by="province")
    assert {(r.group, r.users) for r in by_province} == {("antwerpen", 2), ("proefprovincie", 1)}


def test_compare_unknown_domain(small: Dataset) -> None:
    with pytest.raises(UsageError, match=r"--domain 'besluit' is not allowed; did you mean 'besluitvorming'\?"):
        catalog.compare(scope(small, D), "besluit")


# -- standards and their coverage ----------------------------------------------------------------

def test_standards_listing(small: Dataset) -> None:
    rows = standards.standards(scope(small, D))
    assert [(r.id, r.products, r.municipalities, r.relevant) for r in rows] == [
        ("besluit-publicatie", 1, 3, True), ("mandaat", 1, 1, False), ("ongebruikt", 0, 0, False)]
    assert [r.id for r in standards.standards(scope(small, D), relevant=True)] == ["besluit-publicatie"]
    assert rows[1].category == "Applicatieprofiel" and rows[0].category is None


def test_coverage_counts_declared_standards(small: Dataset) -> None:
    rows = standards.coverage(scope(small, D))
    assert [(r.standard, r.municipalities, r.declared, r.valid, r.share) for r in rows] == [
        ("besluit-publicatie", 3, 1, 4, 0.75), ("mandaat", 1, 1, 4, 0.25)]
    assert [(p.product, p.evidence, p.municipalities) for p in rows[1].products] == [
        ("beta-notulen", "Synthetic: publishes mandates.", 1)]


def test_coverage_all_and_internal(small: Dataset) -> None:
    everything = standards.coverage(scope(small, D), everything=True)
    assert [(r.standard, r.municipalities, r.products) for r in everything][-1] == ("ongebruikt", 0, ())
    internal = standards.coverage(scope(small, D, include_internal=True))
    assert ("ongebruikt", 1) in [(r.standard, r.municipalities) for r in internal]


def test_notes_when_nothing_is_recorded(small: Dataset, base_data: Path) -> None:
    assert catalog.usage_notes(scope(small, D)) == []
    assert catalog.usage_notes(scope(small, date(2019, 1, 1))) == [
        "2019-01-01 lies before the first known software use (2020-01-01): nothing is known to be in use yet."]
    write_tree(base_data, {"catalog/portfolios/gemeente-99001.yaml": {"government": "gemeente-99001"}})
    bare = load_dataset(base_data)[0]
    assert catalog.usage_notes(scope(bare, D)) == ["No software use is recorded in this dataset."]


# -- the shipped data ----------------------------------------------------------------------------

def test_real_products_and_vendors(real: Dataset) -> None:
    view = scope(real, date(2026, 11, 28))
    counts = {r.id: r.municipalities for r in catalog.products(view)}
    assert (counts["cobra"], counts["gelinkt-notuleren"], counts["meeting-burger"], counts["notula"]) == (67, 7, 45, 0)
    assert catalog.user_count(view, set(counts)) == 250  # 259 governments: 9 OCMWs beside their gemeente
    assert catalog.government_count(view, set(counts)) == 259
    assert {v.id: v.products for v in catalog.vendors(view)}["green-valley-belgium"] == 3


def test_real_use_is_unknown_before_its_first_observation(real: Dataset) -> None:
    view = scope(real, date(2022, 11, 17))
    assert sum(r.municipalities for r in catalog.products(view)) == 0
    assert "before the first known software use (2022-11-18)" in catalog.usage_notes(view)[0]


def test_real_merged_government_first_seen_after_its_end_never_counts(real: Dataset) -> None:
    # Borsbeek's publication site was listed at the merger (observed 2025-01-01, use until 2024-12-31):
    # its known span is empty, so no date shows it as a user
    for on in (date(2024, 12, 31), date(2025, 1, 1)):
        rows = catalog.who_uses(scope(real, on), real.products["onlinesmartcities-raadpleegomgeving"])
        assert "gemeente-11007" not in {r.government.id for r in rows}


def test_real_compare_and_coverage(real: Dataset) -> None:
    view = scope(real, date(2026, 11, 28))
    rows = catalog.compare(view, "besluitvorming")
    assert rows[0].product == "cipal-schaubroeck-echo-raadpleegomgeving" and rows[0].municipalities == 79
    assert {r.users for r in rows} == {250}
    assert sum(r.municipalities for r in rows) == 251  # one municipality publishes with two products
    assert {r.product: r.municipalities for r in rows}["gelinkt-notuleren"] == 7  # 7 gemeenten and their OCMWs
    top = standards.coverage(view)[0]
    assert (top.standard, top.municipalities, top.valid, top.share) == (
        "applicatieprofiel-besluit-publicatie", 250, 285, 0.8772)
    assert len(top.products) == 6


# -- invariants on generated data ----------------------------------------------------------------

def test_synthetic_counts_agree(synthetic: Dataset) -> None:
    view = scope(synthetic, date(2022, 6, 30))
    rows = catalog.products(view)
    assert sum(r.municipalities for r in rows) > 50
    for row in rows:
        assert len({u.government.nis for u in catalog.who_uses(view, synthetic.products[row.id])}) == row.municipalities
    for vendor in catalog.vendors(view):
        assert len({u.government.nis for u in catalog.who_uses(view, synthetic.vendors[vendor.id])}) == vendor.municipalities
    overall = catalog.compare(view, "financien")
    grouped = catalog.compare(view, "financien", by="province")
    assert sum({r.group: r.users for r in grouped}.values()) == overall[0].users
    assert sum(r.municipalities for r in grouped) == sum(r.municipalities for r in overall)


def test_synthetic_coverage_share(synthetic: Dataset) -> None:
    view = scope(synthetic, date(2022, 6, 30))
    rows = standards.coverage(view)
    assert rows and all(r.share == round(r.municipalities / r.valid, 4) for r in rows)
    assert all(p.municipalities <= r.municipalities for r in rows for p in r.products)
    assert [r.municipalities for r in rows] == sorted((r.municipalities for r in rows), reverse=True)


# -- the command line ----------------------------------------------------------------------------

def test_cli_products_formats(tree: Path) -> None:
    args = ("catalog", "products", "--data", str(tree), "--on", "2024-06-01")
    code, out, _ = run(*args)
    assert code == 0 and "Beta Archief" in out and "3 products; 3 municipalities use at least one" in out
    code, out, err = run(*args, "--format", "csv", "--vendor", "Beta Software (synthetic)")
    assert [r["id"] for r in csv.DictReader(io.StringIO(out))] == ["beta-archief", "beta-notulen"]
    assert "2 products; 1 municipality uses" in err
    rows = validated(run(*args, "--format", "json", "--include-internal")[1], "catalog-products")
    assert {r["id"]: r["municipalities"] for r in rows}["gamma-geheim"] == 1


def test_cli_vendors_formats(tree: Path) -> None:
    args = ("catalog", "vendors", "--data", str(tree), "--on", "2024-06-01")
    assert "Beta Software (synthetic)" in run(*args)[1]
    assert list(csv.DictReader(io.StringIO(run(*args, "-f", "csv")[1])))[1] == {
        "id": "beta-soft", "name": "Beta Software (synthetic)", "products": "2", "municipalities": "1"}
    assert validated(run(*args, "-f", "json")[1], "catalog-vendors")[0]["municipalities"] == 3


def test_cli_standards_formats(tree: Path) -> None:
    args = ("catalog", "standards", "--data", str(tree), "--on", "2024-06-01")
    code, out, _ = run(*args, "--relevant")
    assert code == 0 and "Applicatieprofiel Besluit Publicatie" in out and "Mandaat" not in out
    assert [r["id"] for r in csv.DictReader(io.StringIO(run(*args, "-f", "csv")[1]))] == [
        "besluit-publicatie", "mandaat", "ongebruikt"]
    assert validated(run(*args, "-f", "json")[1], "catalog-standards")[1]["municipalities"] == 1


def test_cli_who_uses_formats(tree: Path) -> None:
    args = ("catalog", "who-uses", "Beta", "--data", str(tree), "--on", "2024-06-01")
    code, out, _ = run(*args)
    assert code == 0 and "2023-05-01 (first seen)" in out and "1 municipality uses Beta Software" in out
    rows = list(csv.DictReader(io.StringIO(run(*args, "-f", "csv")[1])))
    assert [(r["product"], r["since"], r["since_observed"]) for r in rows] == [
        ("beta-archief", "2020-01-01", "False"), ("beta-notulen", "2023-05-01", "True")]
    assert validated(run(*args, "-f", "json")[1], "catalog-who-uses")[1]["since_observed"] is True


def test_cli_compare_formats(tree: Path) -> None:
    args = ("catalog", "compare", "--domain", "besluitvorming", "--data", str(tree), "--on", "2024-06-01")
    code, out, _ = run(*args, "--by", "region")
    assert code == 0 and "50.0 %" in out and "(no region)" in out
    rows = list(csv.DictReader(io.StringIO(run(*args, "-f", "csv")[1])))
    assert list(rows[0]) == ["product", "product_name", "vendor_name", "municipalities", "users", "share"]
    assert rows[0]["share"] == "1.0"
    grouped = validated(run(*args, "-f", "json", "--by", "province")[1], "catalog-compare")
    assert grouped[0]["group"] == "antwerpen"


def test_cli_standards_coverage_formats(tree: Path) -> None:
    args = ("catalog", "standards-coverage", "--data", str(tree), "--on", "2024-06-01")
    code, out, _ = run(*args)
    assert code == 0 and "75.0 %" in out and "Synthetic: publishes mandates." in out
    assert "3 of 4 municipalities on 2024-06-01 have software in use recorded" in out
    rows = list(csv.DictReader(io.StringIO(run(*args, "-f", "csv", "--all")[1])))
    assert [(r["standard"], r["product"]) for r in rows] == [
        ("besluit-publicatie", "acme-notulen"), ("mandaat", "beta-notulen"), ("ongebruikt", "")]
    documents = validated(run(*args, "-f", "json")[1], "catalog-standards-coverage")
    assert documents[0]["products"][0]["product"] == "acme-notulen"


def test_cli_says_when_nothing_is_in_use(tree: Path) -> None:
    code, out, _ = run("catalog", "who-uses", "acme-notulen", "--data", str(tree), "--on", "2019-06-01")
    assert code == 0 and "0 municipalities use Acme Notulen" in out
    assert "lies before the first known software use" in out


@pytest.mark.parametrize("args", [
    ("who-uses", "nothing-like-it"),
    ("compare", "--domain", "nope"),
    ("compare", "--domain", "archief", "--by", "arrondissement"),
    ("products", "--vendor", "nobody"),
    ("standards", "--on", "2024-02-30"),
])
def test_cli_wrong_usage_exits_2(tree: Path, args: tuple[str, ...]) -> None:
    code, _, err = run("catalog", *args, "--data", str(tree))
    assert code == 2 and "Traceback" not in err and err.strip()


def test_cli_real_data_json_matches_schemas(real: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vlavirgem.core.dataset.load_dataset", lambda root, **_: (real, []))  # read once, above
    for command, args in [("catalog-products", ("products",)), ("catalog-vendors", ("vendors",)),
                          ("catalog-standards", ("standards", "--relevant")),
                          ("catalog-who-uses", ("who-uses", "cobra")),
                          ("catalog-compare", ("compare", "--domain", "besluitvorming", "--by", "region")),
                          ("catalog-standards-coverage", ("standards-coverage",))]:
        code, out, _ = run("catalog", *args, "--data", str(SHIPPED_DATA), "-f", "json")
        assert code == 0 and validated(out, command)
