"""Portfolios are checked across files by their summaries, and built only when one looks wrong."""

from __future__ import annotations

import marshal
from datetime import date
from pathlib import Path

import pytest

from vlavirgem.core.checks.portfolios import portfolio_summary
from vlavirgem.core.dataset import load_dataset
from vlavirgem.core.filecache import _UNREAD, LazyLoadedFile
from vlavirgem.core.model import Dataset
from vlavirgem.core.portfolio_records import UseRow
from vlavirgem.core.settings import Settings
from vlavirgem.core.validation import validate
from vlavirgem.queries.scope import adoption_status, in_use, plan_status, rows_in_use, scope, shown

from .catalog_tree import catalog_tree
from .conftest import TODAY, write_tree

PORTFOLIO = "catalog/portfolios/gemeente-99001.yaml"


def _lines(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{p.file}:{p.line}:{p.column}: {p.code}" for p in report.problems]


def test_a_clean_dataset_is_validated_without_building_its_portfolios(base_data: Path) -> None:
    dataset, report = validate(base_data, TODAY)
    assert report.problems == ()
    assert dataset.built_portfolios == {} and set(dataset.portfolio_builders) == {"gemeente-99001"}
    assert dataset.portfolios["gemeente-99001"].software[0].product == "acme-notulen"  # built on demand


@pytest.mark.parametrize("warm", [False, True])
def test_a_portfolio_naming_an_unknown_product_is_built_and_the_problem_located(
        base_data: Path, monkeypatch: pytest.MonkeyPatch, warm: bool) -> None:
    path = base_data / PORTFOLIO
    path.write_text(path.read_text().replace("product: acme-notulen", "product: acme-notule"))
    monkeypatch.chdir(base_data.parent)
    if warm:
        validate(Path("data"), TODAY)
    dataset, report = validate(Path("data"), TODAY)
    assert _lines(report) == [f"data/{PORTFOLIO}:4:14: unknown-reference"]
    assert "did you mean 'acme-notulen'" in report.problems[0].message
    assert "gemeente-99001" in dataset.built_portfolios


def test_a_record_outside_the_governments_life_is_found_through_the_summary(
        base_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    governments = base_data / "governments" / "proefprovincie.yaml"
    governments.write_text(governments.read_text().replace(
        "    arrondissement: {nis: '99000', name: Proefarrondissement}\n",
        "    arrondissement: {nis: '99000', name: Proefarrondissement}\n    valid_from: 2017-01-01\n"))
    monkeypatch.chdir(base_data.parent)
    _, report = validate(Path("data"), TODAY)
    assert [line.rsplit(": ", 1)[1] for line in _lines(report)] == ["outside-validity"] * 2
    assert {p.line for p in report.problems} == {16, 20}  # the security-plan records of 2016


def test_the_summary_is_conservative() -> None:
    data = {"government": "gemeente-99001",
            "software": [{"product": "a", "status": "in-use", "observed": ["2022-05-01", "2021-01-01"],
                          "standards": ["s"]},
                         {"product": "b", "status": "retired", "from": "2019-01-01", "until": "2020-01-01"}],
            "building_blocks": [{"block": "magda", "status": "aware", "from": "2018-01-01"}]}
    summary = portfolio_summary(data)
    assert summary is not None
    assert marshal.loads(summary.pop("software")) == [
        ("a", "in-use", "2021-01-01", None, True, True, None, ("s",), None),  # known from its first observation
        ("b", "retired", "2019-01-01", "2020-01-01", False, True, None, (), None)]
    assert marshal.loads(summary.pop("parts")) == {"building_blocks": data["building_blocks"]}
    assert summary == {"government": "gemeente-99001", "product": ["a", "b"], "standard": ["s"],
                       "block": ["magda"], "start": "2018-01-01", "end": None, "records": 3, "public": True}


INTERNAL_USE = {"government": "gemeente-11007", "software": [
    {"product": "beta-archief", "status": "phasing-out", "from": "2019-06-01", "visibility": "internal"},
    {"product": "acme-notulen", "status": "in-use", "observed": ["2020-03-01"], "domain": "archief"}]}


def _built(dataset: Dataset, on: date, include_internal: bool) -> dict[str, list[UseRow]]:
    view = scope(dataset, on, include_internal)
    found = {government_id: [row for row in map(UseRow.of, portfolio.software) if in_use(view, row)]
             for government_id, portfolio in dataset.portfolios.items()
             if government_id in view.governments and shown(portfolio, include_internal)}
    return {government_id: uses for government_id, uses in found.items() if uses}


@pytest.mark.parametrize("include_internal", [False, True])
def test_queries_that_count_read_the_digests_and_agree_with_the_built_portfolios(
        tmp_path: Path, include_internal: bool) -> None:
    data = catalog_tree(tmp_path)
    write_tree(data, {"catalog/portfolios/gemeente-11007.yaml": INTERNAL_USE})
    cache = Settings.from_environment().cache
    load_dataset(data, cache=cache)  # fills the cache: the digests below come from it
    counted, problems = load_dataset(data, cache=cache)
    assert not [p for p in problems if p.is_error]
    built, _ = load_dataset(data)  # no cache: every portfolio built from its file
    built.portfolio_digests.clear()  # as if no portfolio had a digest: every answer from built portfolios
    for on in (date(2019, 1, 1), date(2020, 6, 1), date(2024, 6, 1), date(2025, 6, 1)):
        view, built_view = scope(counted, on, include_internal), scope(built, on, include_internal)
        assert rows_in_use(view) == _built(built, on, include_internal)
        assert adoption_status(view, "magda") == adoption_status(built_view, "magda")
        assert plan_status(view) == plan_status(built_view)
    assert rows_in_use(scope(counted, date(2024, 6, 1), include_internal))  # (the dates do find uses)
    assert plan_status(scope(counted, date(2024, 6, 1), include_internal))
    assert counted.built_portfolios == {}  # counting built no portfolio


def test_a_portfolio_with_a_problem_is_counted_from_its_built_records(tmp_path: Path) -> None:
    data = catalog_tree(tmp_path)
    broken = {**INTERNAL_USE, "software": [*INTERNAL_USE["software"], {"product": "beta-notulen",
                                                                     "status": "in-usage", "from": "2020-01-01"}]}
    write_tree(data, {"catalog/portfolios/gemeente-11007.yaml": broken})
    dataset, problems = load_dataset(data)
    assert [p.code for p in problems if p.is_error] == ["bad-value"]
    rows = rows_in_use(scope(dataset, date(2024, 6, 1), include_internal=True))
    assert [r.product for r in rows["gemeente-11007"]] == ["beta-archief", "acme-notulen"]  # not the broken one
    assert "gemeente-11007" in dataset.built_portfolios


def test_cached_portfolio_data_is_read_only_when_asked_for(base_data: Path) -> None:
    cache = Settings.from_environment().cache
    load_dataset(base_data, cache=cache)  # fills the cache
    dataset, _ = load_dataset(base_data, cache=cache)
    loaded = next(f for f in dataset.files.values() if f.display.endswith("gemeente-99001.yaml"))
    assert isinstance(loaded, LazyLoadedFile) and loaded._data is _UNREAD  # not read by loading
    assert loaded.data["government"] == "gemeente-99001"
    assert loaded._data is not _UNREAD
