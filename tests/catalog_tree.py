"""A small hand-built dataset for the catalogue, block and security tests: the golden cases' base
dataset plus SYNTHETIC portfolios, products and cycle steps whose answers are worked out by hand.

On 2024-06-01 six governments exist: Antwerpen (gemeente and OCMW), Borsbeek (gemeente and OCMW,
merged into Antwerpen on 2025-01-01), Zwijndrecht (merged on 2025-01-01) and Proefdorp.  From 2025
Beveren-Kruibeke-Zwijndrecht exists instead of Borsbeek and Zwijndrecht; its portfolio is internal.
Also: the shipped data read once, a generated synthetic dataset, ``run`` (the command line) and
``validated`` (json output checked against its documented schema).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from benchmarks.synthetic import write_synthetic
from vlavirgem.cli import app
from vlavirgem.core.dataset import load_dataset
from vlavirgem.core.model import Dataset

from .conftest import REPO, SHIPPED_DATA, base_tree, write_tree

runner = CliRunner()

SOURCE = ["statbel-refnis"]

FILES = {
    "catalog/vendors/beta-soft.yaml": {"id": "beta-soft", "name": "Beta Software (synthetic)",
                                       "aliases": ["Beta"], "sources": SOURCE},
    "catalog/products/beta-notulen.yaml": {
        "id": "beta-notulen", "name": "Beta Notulen", "vendor": "beta-soft", "domain": "besluitvorming",
        "standards": [{"standard": "mandaat", "evidence": "Synthetic: publishes mandates."}], "sources": SOURCE},
    "catalog/products/beta-archief.yaml": {
        "id": "beta-archief", "name": "Beta Archief", "vendor": "beta-soft", "domain": "archief",
        "sources": SOURCE},
    "catalog/products/gamma-geheim.yaml": {
        "id": "gamma-geheim", "name": "Gamma Geheim", "vendor": "acme-software", "domain": "besluitvorming",
        "standards": [{"standard": "ongebruikt", "evidence": "Synthetic: internal product."}],
        "visibility": "internal", "sources": SOURCE},
    "catalog/standards/mandaat.yaml": {"id": "mandaat", "name": "Mandaat", "category": "Applicatieprofiel",
                                       "local_government_relevant": False, "sources": SOURCE},
    "catalog/standards/ongebruikt.yaml": {"id": "ongebruikt", "name": "Ongebruikt", "sources": SOURCE},
    "catalog/portfolios/gemeente-11002.yaml": {
        "government": "gemeente-11002",
        "software": [
            {"product": "beta-notulen", "status": "in-use", "observed": ["2023-05-01", "2024-02-01"]},
            {"product": "beta-archief", "status": "in-use", "from": "2020-01-01", "domain": "besluitvorming",
             "hosting": "saas"},
            {"product": "acme-notulen", "status": "planned", "from": "2024-01-01"},
            {"product": "gamma-geheim", "status": "in-use", "from": "2020-01-01"},
        ],
        "building_blocks": [
            {"block": "magda", "status": "aware", "from": "2019-01-01", "until": "2021-12-31"},
            {"block": "magda", "status": "in-use", "from": "2022-01-01"},
        ],
        "security_plan": [
            {"status": "in-preparation", "from": "2016-01-01", "until": "2017-02-28"},
            {"status": "adopted", "from": "2017-03-01"},
        ],
    },
    "catalog/portfolios/ocmw-11002.yaml": {
        "government": "ocmw-11002",
        "software": [
            {"product": "acme-notulen", "status": "retired", "from": "2019-01-01", "until": "2021-12-31"},
            {"product": "acme-notulen", "status": "in-use", "from": "2022-01-01", "standards": ["mandaat"]},
        ],
        "building_blocks": [{"block": "magda", "status": "planned", "from": "2023-01-01",
                             "visibility": "internal"}],
        "security_plan": [
            {"status": "adopted", "from": "2016-05-01", "until": "2019-12-31"},
            {"status": "expired", "from": "2020-01-01"},
        ],
    },
    "catalog/portfolios/gemeente-11007.yaml": {
        "government": "gemeente-11007",
        "software": [{"product": "acme-notulen", "status": "in-use", "from": "2021-01-01",
                      "until": "2024-12-31"}],
        "building_blocks": [{"block": "magda", "status": "stopped", "from": "2023-01-01",
                             "until": "2024-12-31"}],
        "security_plan": [{"status": "adopted", "from": "2016-01-01", "until": "2024-12-31"}],
    },
    "catalog/portfolios/gemeente-46030.yaml": {
        "government": "gemeente-46030", "visibility": "internal",
        "software": [{"product": "beta-notulen", "status": "in-use", "from": "2025-01-01"}],
        "security_plan": [{"status": "adopted", "from": "2025-01-01"}],
    },
}

WAASLAND_STEP = """cycle:
  - block: magda
    phase: dissemination
    step: plan
    from: 2023-06-01
    sources: [refreg]
    visibility: internal
"""


def _sourced(value: Any) -> Any:
    """Every dated record cites the synthetic source (validate warns about one that does not)."""
    if isinstance(value, list):
        return [_sourced(item) for item in value]
    if isinstance(value, dict):
        found = {key: _sourced(item) for key, item in value.items()}
        return {**found, "sources": list(SOURCE)} if ("from" in found or "observed" in found) and "sources" not in found else found
    return value


def catalog_tree(target: Path) -> Path:
    """The dataset at ``target``/data; returns its path."""
    data = base_tree(target)
    write_tree(data, {path: _sourced(content) for path, content in FILES.items()})
    waasland = data / "regions" / "waasland.yaml"
    text = waasland.read_text(encoding="utf-8").replace("\nsources: [refreg]\n", "\n" + WAASLAND_STEP + "sources: [refreg]\n")
    waasland.write_text(text, encoding="utf-8")
    return data


# -- module fixtures of the catalogue, block and security tests: a module that imports them sets
# SYNTHETIC = (number of governments, seed) for its generated dataset

@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-built dataset, written once per module."""
    return catalog_tree(tmp_path_factory.mktemp("catalog"))


@pytest.fixture(scope="module")
def small(tree: Path) -> Dataset:
    """The hand-built dataset, read (it has no problems)."""
    dataset, problems = load_dataset(tree)
    assert problems == []
    return dataset


@pytest.fixture(scope="module")
def real() -> Dataset:
    return real_dataset()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Dataset:
    """A SYNTHETIC dataset of the module's size and seed."""
    governments, seed = request.module.SYNTHETIC
    return synthetic_dataset(tmp_path_factory.mktemp("synthetic"), governments=governments, seed=seed)


@cache
def real_dataset() -> Dataset:
    """The shipped data, read once for every test module that needs it."""
    return load_dataset(SHIPPED_DATA)[0]


def synthetic_dataset(folder: Path, governments: int, seed: int) -> Dataset:
    """A SYNTHETIC dataset on the real register, written to ``folder`` and read."""
    dataset, problems = load_dataset(write_synthetic(folder / "data", SHIPPED_DATA, governments=governments,
                                                     seed=seed))
    assert not [p for p in problems if p.is_error], problems[:3]
    return dataset


def run(*args: str) -> tuple[int, str, str]:
    """Run the command line; returns exit code, stdout and stderr."""
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def validated(output: str, command: str) -> Any:
    """The json ``output`` of ``command``, after checking it against docs/json/<command>.schema.json."""
    document = json.loads(output)
    schema = json.loads((REPO / "docs" / "json" / f"{command}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(document)
    return document
