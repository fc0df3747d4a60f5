"""Ids against file names, references across files, cited sources and shared KBO/OVO numbers."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from vlavirgem.core.checks.common import at, label, suggestion
from vlavirgem.core.checks.portfolios import suspects
from vlavirgem.core.model import Dataset, Government
from vlavirgem.core.problems import Path_, Problem
from vlavirgem.core.values import Where

# list key -> the fields of its records that name a record of another file, and what they name: for
# the records that broke the schema in another field (``Dataset.unbuilt``)
REFERENCE_FIELDS = {"members": {"government": "government"}, "territory": {"government": "government"},
                    "governments": {"successor": "government"}, "cycle": {"block": "block"},
                    "software": {"product": "product", "standards": "standard"},
                    "building_blocks": {"block": "block"}, "standards": {"standard": "standard"}}
ONE_RECORD_KINDS = {"region": "id", "block": "id", "standard": "id", "vendor": "id",
                    "product": "id", "portfolio": "government", "province": "id", "network": "id"}


def check_ids(dataset: Dataset) -> list[Problem]:
    """Ids equal their file names, government ids equal kind and NIS, and no id is defined twice."""
    problems: list[Problem] = []
    for (kind, record_id), places in sorted(dataset.definitions.items()):
        places = sorted(places, key=lambda where: Path(where.file).stem != record_id)  # the file named so first
        for where in places[1:]:
            first = dataset.files[places[0].file].position(places[0].path)
            problems.append(at(dataset, where, "duplicate-id",
                                f"the {kind} id '{record_id}' is defined twice; the first is in "
                                f"{places[0].file}:{first[0]}: keep one", *_id_field(kind, where)))
        for where in places[:1]:  # the others are duplicates: renaming them would not help
            stem = Path(where.file).stem
            if where.path == () and kind in ONE_RECORD_KINDS and record_id != stem:
                problems.append(at(dataset, where, "id-mismatch",
                                    f"the id '{record_id}' differs from the file name '{stem}': "
                                    f"rename the file to {record_id}.yaml or change the id",
                                    ONE_RECORD_KINDS[kind]))
    for government in dataset.governments.values():
        expected = f"{government.kind}-{government.nis}"
        if government.id != expected:
            problems.append(at(dataset, government.where, "id-mismatch",
                                f"a {government.kind} with NIS code {government.nis} has the id "
                                f"{expected}, not {government.id}", "id"))
    return problems


def _id_field(kind: str, where: Where) -> tuple[str, ...]:
    if kind == "source":
        return ()
    return (ONE_RECORD_KINDS.get(kind, "id"),)


def check_references(dataset: Dataset) -> list[Problem]:
    """Every id a record names exists (with a did-you-mean for near misses)."""
    government_names = {g.id: g.name for g in dataset.governments.values()}
    pools: dict[str, tuple[dict[str, Any], dict[str, str] | None]] = {
        "government": (dataset.governments, government_names),
        "block": (dataset.blocks, None), "standard": (dataset.standards, None),
        "vendor": (dataset.vendors, None), "product": (dataset.products, None),
        "reference region": (dataset.reference_regions, None),
        "province": (dataset.provinces, None),
    }
    problems: list[Problem] = []

    def need(noun: str, wanted: str | None, where: Where, *fields: str | int) -> None:
        pool, names = pools[noun]
        if wanted is None or wanted in pool or wanted in dataset.broken_ids or noun in dataset.unknowable:
            return  # (an id of a file that could not be read may well be right: check_unknowable says so)
        problems.append(at(dataset, where, "unknown-reference",
                            f"there is no {noun} '{wanted}'{suggestion(wanted, pool, names)}", *fields))

    for government in dataset.governments.values():
        need("government", government.successor, government.where, "successor")
    for reference in dataset.reference_regions.values():
        for part in reference.territory:
            need("government", part.government, part.where, "government")
    for region in dataset.regions.values():
        if dataset.reference_regions and region.reference_region:
            need("reference region", region.reference_region, region.where, "reference_region")
        for member in region.members:
            need("government", member.government, member.where, "government")
        for step in region.cycle:
            need("block", step.block, step.where, "block")
    for block in dataset.blocks.values():
        for index, standard in enumerate(block.standards):
            need("standard", standard, block.where, "standards", index)
    for product in dataset.products.values():
        need("vendor", product.vendor, product.where, "vendor")
        implements = product.raw.get("implements")
        need("block", implements if isinstance(implements, str) else None, product.where, "implements")
        for support in product.standards:
            need("standard", support.standard, support.where, "standard")
    for figure in dataset.reported.values():
        need("block", figure.block, figure.where, "block")
        if figure.scope != "flanders":
            need("province", figure.scope, figure.where, "scope")
    for portfolio in suspects(dataset):
        need("government", portfolio.government, portfolio.where, "government")
        for usage in portfolio.software:
            need("product", usage.product, usage.where, "product")
            for index, standard in enumerate(usage.standards):
                need("standard", standard, usage.where, "standards", index)
        for adoption in portfolio.building_blocks:
            need("block", adoption.block, adoption.where, "block")
    for key, where, sound in dataset.unbuilt:
        for field, noun in REFERENCE_FIELDS.get(key, {}).items():
            value = sound.get(field)
            if isinstance(value, str):
                need(noun, value, where, field)
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, str):
                        need(noun, item, where, field, index)
    return problems


def check_unknowable(dataset: Dataset) -> list[Problem]:
    """Once per file whose records could not be read: the references to its ids were not checked
    (rather than a wave of "unknown" problems burying the one that matters)."""
    plural = {"source": "sources", "government": "governments", "reference region": "reference regions"}
    return [
        Problem(display, 1, 1, "unchecked-references",
                f"the {plural.get(noun, noun)} of this file could not be read, so references to "
                f"{plural.get(noun, noun)} were not checked; fix the problem above and validate again",
                "warning")
        for noun, files in sorted(dataset.unknowable.items()) for display in files
    ]


def check_sources(dataset: Dataset, sources_file: str | None) -> list[Problem]:
    """Every source a record cites is in sources.yaml."""
    if sources_file is None or "source" in dataset.unknowable:
        return []  # (sources.yaml could not be read: check_unknowable says so, once)
    problems: list[Problem] = []
    for display, loaded in dataset.files.items():
        cited = loaded.cited if loaded.cited is not None else cited_sources(loaded.data)
        if display == sources_file or cited <= dataset.sources.keys():
            continue
        for path, cited in _citations(loaded.data, ()):
            if isinstance(cited, str) and cited not in dataset.sources:
                problems.append(loaded.problem(
                    path, "unknown-source",
                    f"the source '{cited}' is not in {sources_file}"
                    f"{suggestion(cited, dataset.sources)}; add it there or fix the id"))
    return problems


def cited_sources(data: Any) -> frozenset[str]:
    """Every source id cited anywhere in a file's data (a list under a key named ``sources``)."""
    found: set[str] = set()
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "sources" and isinstance(item, list):
                    found.update(cited for cited in item if isinstance(cited, str))
                elif isinstance(item, (dict, list)):
                    stack.append(item)
        elif isinstance(value, list):
            stack.extend(item for item in value if isinstance(item, (dict, list)))
    return frozenset(found)


def _citations(data: Any, path: Path_) -> Iterator[tuple[Path_, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "sources" and isinstance(value, list):
                yield from (((*path, key, index), item) for index, item in enumerate(value))
            else:
                yield from _citations(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _citations(item, (*path, index))


def check_shared_numbers(dataset: Dataset) -> list[Problem]:
    """Two governments share a KBO or OVO number only when one continues the other."""
    problems: list[Problem] = []
    for attribute in ("kbo", "ovo"):
        owners: dict[str, list[Government]] = defaultdict(list)
        for government in dataset.governments.values():
            if getattr(government, attribute):
                owners[getattr(government, attribute)].append(government)
        for number, holders in owners.items():
            ordered = sorted(holders, key=lambda g: g.validity.start or date.min)
            for earlier, later in itertools.pairwise(ordered):
                if earlier.successor != later.id:
                    problems.append(at(dataset, later.where, f"shared-{attribute}",
                                        f"{attribute.upper()} number {number} is also that of "
                                        f"{label(dataset, earlier.id)}, which {later.id} does not "
                                        "succeed; check the number", attribute, severity="warning"))
    return problems
