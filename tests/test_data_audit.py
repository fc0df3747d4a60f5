"""The shipped data against the audit of issue 13: each class of problem it found stays fixed.

Every test scans the whole shipped dataset (every source, every standard, every product, every
building block), not only the examples the audit named.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from functools import cache
from typing import Any

import pytest
import yaml

from .conftest import REPO, SHIPPED_DATA

REFERENCE = REPO.parent / "shared" / "reference"
needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference is not beside this clone")

# a licence the source states, by its usual name; anything else must say it is unknown and what is reused
STATED_LICENCE = re.compile(r"\b(MIT|CC0|CC BY|Modellicentie|OGL|ODC-BY|Licentie open data)\b")


@cache
def sources() -> dict[str, dict[str, Any]]:
    return yaml.safe_load((SHIPPED_DATA / "sources.yaml").read_text(encoding="utf-8"))["sources"]


def test_every_source_says_under_which_terms_it_is_reused() -> None:
    unclear = {}
    for source_id, entry in sources().items():
        licence = str(entry.get("licence") or "").strip()
        if licence.startswith("Onbekend"):
            if "Overgenomen:" not in licence:
                unclear[source_id] = licence or "(no licence)"
        elif not STATED_LICENCE.search(licence):
            unclear[source_id] = licence or "(no licence)"
    assert unclear == {}, "a licence as the source states it, or 'Onbekend: … Overgenomen: …'"


def test_one_id_per_document() -> None:
    """A web page has one id; a repository has one id per commit it is read at, and is not listed again
    without a commit (that would describe the same thing twice)."""
    by_url: dict[str, list[tuple[str, str | None]]] = {}
    for source_id, entry in sources().items():
        if entry.get("url"):
            by_url.setdefault(str(entry["url"]).rstrip("/").lower(), []).append((source_id, entry.get("version")))
    twice = {}
    for url, entries in by_url.items():
        versions = [version for _, version in entries]
        if len(entries) > 1 and (None in versions or len(set(versions)) < len(versions)):
            twice[url] = sorted(source_id for source_id, _ in entries)
    assert twice == {}


@cache
def records(folder: str) -> dict[str, dict[str, Any]]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted((SHIPPED_DATA / folder).glob("*.yaml"))}


def test_no_two_standards_share_a_title_and_a_date() -> None:
    seen: dict[tuple[str, str], list[str]] = {}
    for standard_id, standard in records("catalog/standards").items():
        seen.setdefault((standard["name"].strip().casefold(), str(standard.get("published"))), []).append(standard_id)
    assert {key: ids for key, ids in seen.items() if len(ids) > 1} == {}


def test_every_standard_has_a_title() -> None:
    placeholder = re.compile(r"^(|tbd|geen .*gevonden|onbekend|\?+)$", re.IGNORECASE)
    assert [i for i, s in records("catalog/standards").items() if placeholder.match(s["name"].strip())] == []


# an address or an address pattern: a scheme, www., a <placeholder>, or a host name ending in a top-level domain
URL_PATTERN = re.compile(r"https?://|www\.|<[^>]*>|\b[\w-]+(\.[\w-]+)*\.(be|net|com|org|eu|nl|vlaanderen)\b", re.IGNORECASE)


def test_no_product_name_is_an_address() -> None:
    named = {i: p["name"] for i, p in records("catalog/products").items() if URL_PATTERN.search(p["name"])}
    named |= {i: v["name"] for i, v in records("catalog/vendors").items() if URL_PATTERN.search(v["name"])}
    assert named == {}


def _build_script() -> Any:
    spec = importlib.util.spec_from_file_location("build_data_for_audit", REPO / "scripts" / "build_data.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


# what the reference's standards_supported column calls a standard, when it names it
NAMED_AS = {"Applicatieprofiel Besluit Publicatie": ("Besluit Publicatie",),
            "Applicatieprofiel Mandatendatabank": ("Mandatendatabank", "OSLO Mandaat")}


@needs_reference
def test_a_support_the_reference_does_not_name_is_marked_inferred() -> None:
    """Each product's support of a standard is stated by the reference row of that product, or the data marks
    it as inferred and its evidence says so."""
    with (REFERENCE / "software-products.csv").open(encoding="utf-8", newline="") as handle:
        stated = {(row["vendor"], row["product"]): row["standards_supported"] for row in csv.DictReader(handle)}
    product_of = {key: entry[0] for key, entry in _build_script().PRODUCTS.items()}
    standards, products = records("catalog/standards"), records("catalog/products")
    wrong, checked = [], 0
    for key, text in stated.items():
        for support in products[product_of[key]].get("standards") or []:
            checked += 1
            name = standards[support["standard"]]["name"]
            named = any(word.casefold() in text.casefold() for word in NAMED_AS.get(name, (name,)))
            inferred = support.get("basis") == "inferred"
            if named == inferred or (inferred and not support["evidence"].startswith("Afgeleid")):
                wrong.append((product_of[key], support["standard"], "named" if named else "not named"))
    assert checked > 0 and wrong == []


def _runs(text: str, length: int) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i:i + length]) for i in range(len(words) - length + 1)}


@needs_reference
def test_block_descriptions_are_the_datasets_own_words() -> None:
    """The reference's description column is a research note: a block's description shares no run of five
    words with it (a copied phrase). A close translation cannot be caught this way; it is reviewed."""
    with (REFERENCE / "building-blocks.csv").open(encoding="utf-8", newline="") as handle:
        notes = [row["description"] for row in csv.DictReader(handle)]
    blocks = records("blocks")
    assert len(blocks) == len(notes)
    copied = {i: sorted(" ".join(run) for note in notes for run in _runs(b["description"], 5) & _runs(note, 5))
              for i, b in blocks.items()}
    assert {i: runs for i, runs in copied.items() if runs} == {}
