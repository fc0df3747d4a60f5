"""The search index (zoekindex.json) of the shipped and of the synthetic site: every government can
be found by its NIS code, KBO number and the names of the governments that merged into it, every
network by its kind and KBO number, every vendor by its other names; what exists on the day comes
before what does not among entries of one name; no key repeats what the name already says.  And the
register's former names, on which the index draws."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from vlavirgem.core.dataset import load_dataset
from vlavirgem.core.model import Dataset
from vlavirgem.queries.names import fold
from vlavirgem.queries.register import former_names
from vlavirgem.site.pages.networks import KIND_NL
from vlavirgem.site.pages.search import search_words
from vlavirgem.site.urls import government_page

from .conftest import SHIPPED_DATA, TODAY
from .site_support import shipped_site, synthetic_site

FIELDS = {"name", "kind", "detail", "url", "keys"}


@pytest.fixture(scope="module")
def shipped_dataset() -> Dataset:
    dataset, _ = load_dataset(SHIPPED_DATA)
    return dataset


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shipped_site(tmp_path_factory)[0]


@pytest.fixture(scope="module", params=["shipped", "synthetic"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, Path]:
    """(dataset, site) of the shipped and of the synthetic data (the synthetic one has internal records)."""
    if request.param == "shipped":
        site = shipped_site(tmp_path_factory)[0]
        data = SHIPPED_DATA
    else:
        data, site, _ = synthetic_site(tmp_path_factory)
    dataset, _ = load_dataset(data)
    return dataset, site


def index(site: Path) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads((site / "zoekindex.json").read_text(encoding="utf-8"))
    return entries


def found_by(entry: dict[str, Any], text: str) -> bool:
    """Whether the search box finds the entry by ``text``: each of its words is a word of the entry's
    name, kind or keys (the box matches parts of words too; whole words must do here)."""
    words = set(search_words(" ".join([entry["name"], entry["kind"], *entry["keys"]])).split())
    wanted = set(search_words(text).split())
    return bool(wanted) and wanted <= words


def by_url(site: Path) -> dict[str, dict[str, Any]]:
    return {entry["url"]: entry for entry in index(site)}


def test_every_entry_has_its_fields_and_its_own_page(built: tuple[Dataset, Path]) -> None:
    _, site = built
    entries = index(site)
    assert entries and all(set(entry) == FIELDS for entry in entries)
    assert len({entry["url"] for entry in entries}) == len(entries)
    assert all((site / entry["url"]).is_file() for entry in entries)


def test_every_government_is_found_by_its_nis_code_and_kbo_number(built: tuple[Dataset, Path]) -> None:
    dataset, site = built
    entries = by_url(site)
    shown = [g for g in dataset.governments.values() if government_page(g.id) in entries]
    assert sum(g.valid_on(TODAY) for g in shown) >= 80  # (the synthetic data has 80 of each kind, less the internal)
    for government in shown:
        entry = entries[government_page(government.id)]
        assert entry["kind"] == {"gemeente": "gemeente", "ocmw": "OCMW"}[government.kind]
        assert government.nis in entry["keys"], government.id  # digits: never part of a name
        if government.kbo:
            assert government.kbo in entry["keys"], government.id
        assert found_by(entry, government.id) and found_by(entry, f"{entry['kind']} {government.name}")
    # every government valid on the day is in the index
    assert {g.id for g in dataset.governments.values() if g.valid_on(TODAY) and g.raw.get("visibility") != "internal"} \
        <= {g.id for g in shown}


def test_a_government_is_found_by_the_names_of_those_that_merged_into_it(shipped: Path,
                                                                        shipped_dataset: Dataset) -> None:
    entries = by_url(shipped)
    merged = 0
    for government in shipped_dataset.governments.values():
        successor = shipped_dataset.governments.get(government.successor or "")
        if successor is None or successor.id == government.id or fold(successor.name) == fold(government.name):
            continue
        assert found_by(entries[government_page(successor.id)], government.name), (government.id, successor.id)
        merged += 1
    assert merged >= 30  # the 2019 and 2025 mergers
    assert "Nevele" in entries["besturen/gemeente-44083.html"]["keys"]


def test_a_network_is_found_by_its_kind_and_kbo_number(built: tuple[Dataset, Path]) -> None:
    dataset, site = built
    entries = by_url(site)
    networks = [n for n in dataset.networks.values() if f"netwerken/{n.kind}/{n.id}.html" in entries]
    assert len(networks) == len(dataset.networks) or not dataset.networks
    for network in networks:
        entry = entries[f"netwerken/{network.kind}/{network.id}.html"]
        assert entry["kind"] == "netwerk"
        assert found_by(entry, KIND_NL[network.kind]) and found_by(entry, network.id), network.id
        if network.raw.get("kbo"):
            assert network.raw["kbo"] in entry["keys"], network.id


def test_a_vendor_is_found_by_its_other_names(built: tuple[Dataset, Path]) -> None:
    dataset, site = built
    entries = by_url(site)
    for vendor in dataset.vendors.values():
        entry = entries.get(f"catalogus/leveranciers/{vendor.id}.html")
        if entry is None:  # internal
            continue
        assert all(found_by(entry, alias) for alias in vendor.raw.get("aliases") or ()), vendor.id


def test_no_key_says_only_what_the_name_kind_or_an_earlier_key_says(built: tuple[Dataset, Path]) -> None:
    """The index stays small: a key is shipped only when it holds a word the entry is not found by already
    (a government's id, its kind and NIS code, is not shipped)."""
    _, site = built
    for entry in index(site):
        words = set(search_words(entry["name"]).split()) | set(search_words(entry["kind"]).split())
        for key in entry["keys"]:
            own = set(search_words(key).split())
            assert own - words, (entry["url"], key)
            words |= own


def test_what_exists_on_the_day_comes_first_among_entries_of_one_name(built: tuple[Dataset, Path]) -> None:
    """The box ranks equal matches in the index's order: so today's Deinze comes before the Deinze of
    1977-2018, and Enter goes to it."""
    dataset, site = built
    pages = {government_page(g.id): g for g in dataset.governments.values()}
    groups: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for entry in index(site):
        if entry["url"] in pages:
            groups[(fold(entry["name"]), entry["kind"])].append(pages[entry["url"]].valid_on(TODAY))
    for key, current in groups.items():  # True (valid on the day) before False
        assert current == sorted(current, reverse=True), key


def test_the_shipped_index_orders_deinze_and_says_the_years_of_the_old_one(shipped: Path) -> None:
    entries = index(shipped)
    deinze = [(e["url"], e["detail"]) for e in entries if e["name"] == "Deinze"]
    assert deinze == [("besturen/gemeente-44083.html", "Oost-Vlaanderen"), ("besturen/ocmw-44083.html", "Oost-Vlaanderen"),
                      ("besturen/gemeente-44011.html", "tot 2018"), ("besturen/ocmw-44011.html", "tot 2018")]


def test_search_words_fold_as_the_search_box_does() -> None:
    assert search_words("OCMW  Deïnze") == "ocmw deinze"
    assert search_words("gemeente-44083") == "gemeente 44083"
    assert search_words("0697.608.162") == "0697608162"
    assert search_words("ACM/IDM") == "acm idm"


def test_former_names_follow_every_merger_and_leave_out_the_own_name(shipped_dataset: Dataset) -> None:
    names = former_names(shipped_dataset)
    assert names["gemeente-44083"] == ("Nevele",)  # Deinze 2019: the old Deinze is not a former name
    assert names["gemeente-12041"] == ("Puurs", "Sint-Amands")
    assert names["gemeente-11002"] == ("Borsbeek",)  # Antwerpen kept its id
    for government_id, found in names.items():
        own = fold(shipped_dataset.governments[government_id].name)
        assert found and all(fold(name) != own for name in found)
        assert list(found) == sorted(found, key=fold)
    # every predecessor of another name is there
    for government in shipped_dataset.governments.values():
        successor = shipped_dataset.governments.get(government.successor or "")
        if successor and successor.id != government.id and fold(successor.name) != fold(government.name):
            assert government.name in names[successor.id]


def test_former_names_follow_a_chain_of_mergers(shipped_dataset: Dataset) -> None:
    """Synthetic: the shipped register with Puurs-Sint-Amands (2019) made to merge into Antwerpen later."""
    governments = dict(shipped_dataset.governments)
    governments["gemeente-12041"] = replace(governments["gemeente-12041"], successor="gemeente-11002")
    names = former_names(replace(shipped_dataset, governments=governments))
    assert names["gemeente-11002"] == ("Borsbeek", "Puurs", "Puurs-Sint-Amands", "Sint-Amands")
