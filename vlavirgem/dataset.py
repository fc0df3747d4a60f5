"""Load a whole data folder: read every file, check it against its schema, build the records.

Records whose part of a file broke the schema are left out of the Dataset (their ids are noted
as known, so that they cause no second wave of "unknown id" problems); everything else is built,
so one bad record never hides the problems of the others.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .filecheck import NOT_READ, Job, check_files, signature_of
from .layout import dataset_relatives, kind_at, path_order
from .loader import LoadedFile, Path_, display_path
from .model import (
    Adoption,
    Block,
    CycleStep,
    Dataset,
    Government,
    Membership,
    Portfolio,
    PortfolioDigest,
    Product,
    Province,
    ReferenceRegion,
    Region,
    SecurityStatus,
    Standard,
    Support,
    Usage,
    Vendor,
    Where,
    as_date,
    interval_of,
)
from .problems import Problem

MULTI_RECORD_KINDS = ("sources", "reference-regions", "governments")


def load_dataset(root: Path, overrides: Mapping[Path, bytes | None] | None = None,
                 use_cache: bool | None = None) -> tuple[Dataset, list[Problem]]:
    """Every file under ``root`` read, schema-checked and turned into records, with its problems.

    ``overrides`` maps paths to the bytes to use instead of the file's (None: as if deleted), so an
    edit can be checked before anything is written.  ``use_cache`` (default: unless
    $VLAVIRGEM_NO_CACHE is set) reuses the results of unchanged files from the user's cache.
    """
    if use_cache is None:
        use_cache = not os.environ.get("VLAVIRGEM_NO_CACHE")
    # plain strings rather than Path objects: at thousands of files, Path arithmetic is what costs
    top = os.path.abspath(root)
    changed = {os.path.abspath(path): content for path, content in (overrides or {}).items()}
    relatives = {os.path.join(top, relative): relative for relative in dataset_relatives(root)}
    relatives |= {path: Path(os.path.relpath(path, top)).as_posix() for path, content in changed.items()
                  if content is not None and path not in relatives}
    shown_top = display_path(Path(top))
    jobs = [
        Job(Path(path), _shown(shown_top, relative), kind_at(relative), changed[path], relative)
        if path in changed else  # (read only when the cache does not know the file's signature)
        Job(Path(path), _shown(shown_top, relative), kind_at(relative), NOT_READ, relative,
            signature_of(path) if use_cache else None)
        for path, relative in sorted(relatives.items(), key=lambda item: path_order(item[1]))
        if not (path in changed and changed[path] is None)
    ]
    dataset = Dataset()
    problems: list[Problem] = []
    for job, loaded in zip(jobs, check_files(jobs, root, use_cache), strict=True):
        dataset.files[loaded.display] = loaded
        problems.extend(loaded.problems)
        if job.kind is None:
            continue
        if loaded.summary is not None or isinstance(loaded.data, dict):  # (a summary is made of a mapping)
            # a value the loader refused (an alias, a tag) is as unusable as one that broke the schema
            _Records(dataset, loaded, loaded.problems).add(job.kind)
        elif job.kind not in MULTI_RECORD_KINDS:
            # a one-record file that cannot be read still defines the id its name gives
            dataset.broken_ids.add(job.path.stem)
    return dataset, problems


def _shown(shown_top: str, relative: str) -> str:
    """How to show a file of the dataset: as ``display_path`` would, without asking the OS."""
    if shown_top == ".":
        return os.path.normpath(relative)
    return os.path.normpath(os.path.join(shown_top, relative))


def portfolio_alone(loaded: LoadedFile) -> tuple[Dataset, Portfolio] | None:
    """A portfolio file's records on their own (for the checks that need no other file)."""
    alone = Dataset(files={loaded.display: loaded})
    records = _Records(alone, loaded, loaded.problems)
    if not isinstance(loaded.data.get("government"), str) or not records.clean(("government",)):
        return None
    return alone, records.build_portfolio()


class _Records:
    """Builds the records of one file, skipping the parts that broke the schema."""

    def __init__(self, dataset: Dataset, loaded: LoadedFile, problems: list[Problem]) -> None:
        self.dataset = dataset
        self.loaded = loaded
        self.broken = [tuple(p.pointer.split("/")[1:]) for p in problems]

    @property
    def data(self) -> dict[str, Any]:
        return self.loaded.data  # type: ignore[no-any-return]  # (read lazily for a cached portfolio)

    def clean(self, path: Path_) -> bool:
        if not self.broken:
            return True
        text = tuple(str(part) for part in path)
        return not any(broken[: len(text)] == text for broken in self.broken)

    def where(self, path: Path_) -> Where:
        return Where(self.loaded.display, path)

    def items(self, parent: Path_, key: str) -> Iterator[tuple[Path_, dict[str, Any]]]:
        """The clean mappings of the list under ``key`` of the mapping at ``parent``."""
        container = self.data
        for part in parent:
            container = container[part]
        values = container.get(key) if isinstance(container, dict) else None
        if not isinstance(values, list):
            return
        for index, item in enumerate(values):
            path = (*parent, key, index)
            if isinstance(item, dict) and self.clean(path):
                yield path, item
            elif isinstance(item, dict) and isinstance(item.get("id"), str):
                self.dataset.broken_ids.add(item["id"])

    def define(self, kind: str, record_id: Any, path: Path_) -> bool:
        """Note where an id is defined; False when the id itself is unusable."""
        if not isinstance(record_id, str):
            return False
        self.dataset.definitions.setdefault((kind, record_id), []).append(self.where(path))
        return True

    def top(self, kind: str, key: str = "id") -> str | None:
        """The id of a one-record file, if it is usable; a record with other errors still counts."""
        record_id = self.data.get(key)
        if not self.define(kind, record_id, ()):
            self.dataset.broken_ids.add(self.loaded.path.stem)
            return None
        if not self.clean((key,)):
            self.dataset.broken_ids.add(record_id)
            return None
        return record_id  # type: ignore[no-any-return]

    def add(self, kind: str) -> None:
        builders: dict[str, Callable[[], None]] = {
            "sources": self.sources, "reference-regions": self.reference_regions,
            "governments": self.governments, "region": self.region,
            "block": self.block, "standard": self.standard, "vendor": self.vendor,
            "product": self.product, "portfolio": self.portfolio,
        }
        builders[kind]()

    def sources(self) -> None:
        entries = self.data.get("sources")
        if isinstance(entries, dict):
            for source_id in entries:
                self.define("source", source_id, ("sources", source_id))
                self.dataset.sources[source_id] = self.where(("sources", source_id))

    def reference_regions(self) -> None:
        for path, record in self.items((), "reference_regions"):
            code = record["code"]
            if not self.define("reference-region", code, (*path, "code")):
                continue
            territory = tuple(
                Membership(part["government"], code, interval_of(part), self.where(part_path), raw=part)
                for part_path, part in self.items(path, "territory")
            )
            self.dataset.reference_regions[code] = ReferenceRegion(
                code, record["name"], territory, self.where(path), raw=record
            )

    def governments(self) -> None:
        province = self.top("province")
        province_name = self.data.get("name") if self.clean(("name",)) else province
        if province is not None:
            nis = self.data.get("nis") if self.clean(("nis",)) else None
            self.dataset.provinces[province] = Province(province, str(province_name), nis, self.where(()),
                                                        raw=self.data)
        for path, record in self.items((), "governments"):
            if not self.define("government", record["id"], path):
                continue
            self.dataset.governments[record["id"]] = Government(
                id=record["id"], kind=record["kind"], nis=record["nis"], name=record["name"],
                province=str(province or ""), province_name=str(province_name or ""),
                arrondissement=record["arrondissement"]["name"],
                validity=interval_of(record, "valid_from", "valid_until"),
                successor=record.get("successor"), kbo=record.get("kbo"), ovo=record.get("ovo"),
                where=self.where(path), raw=record,
            )

    def region(self) -> None:
        region_id = self.top("region")
        if region_id is None:
            return
        members = tuple(
            Membership(record["government"], region_id, interval_of(record), self.where(path), raw=record)
            for path, record in self.items((), "members")
        )
        cycle = tuple(
            CycleStep(record["block"], record["phase"], record["step"], interval_of(record), self.where(path),
                      raw=record)
            for path, record in self.items((), "cycle")
        )
        self.dataset.regions[region_id] = Region(
            id=region_id, name=str(self.data.get("name") or region_id),
            reference_region=self.data.get("reference_region"), members=members, cycle=cycle,
            where=self.where(()), raw=self.data,
        )

    def block(self) -> None:
        block_id = self.top("block")
        if block_id is not None:
            standards = self.data.get("standards") if self.clean(("standards",)) else None
            self.dataset.blocks[block_id] = Block(
                block_id, str(self.data.get("name") or block_id), tuple(standards or ()), self.where(()),
                raw=self.data,
            )

    def standard(self) -> None:
        standard_id = self.top("standard")
        if standard_id is not None:
            self.dataset.standards[standard_id] = Standard(
                standard_id, str(self.data.get("name") or standard_id),
                self.data.get("local_government_relevant") is True, self.where(()), raw=self.data,
            )

    def vendor(self) -> None:
        vendor_id = self.top("vendor")
        if vendor_id is not None:
            self.dataset.vendors[vendor_id] = Vendor(
                vendor_id, str(self.data.get("name") or vendor_id), self.where(()), raw=self.data
            )

    def product(self) -> None:
        product_id = self.top("product")
        if product_id is None:
            return
        vendor, domain = self.data.get("vendor"), self.data.get("domain")
        if not (isinstance(vendor, str) and isinstance(domain, str)
                and self.clean(("vendor",)) and self.clean(("domain",))):
            self.dataset.broken_ids.add(product_id)  # known, so its users cause no "unknown id"
            return
        supports = tuple(Support(record["standard"], self.where(path), raw=record)
                         for path, record in self.items((), "standards"))
        self.dataset.products[product_id] = Product(
            product_id, str(self.data.get("name") or product_id), vendor, domain, supports,
            self.where(()), raw=self.data,
        )

    def portfolio(self) -> None:
        """Note the portfolio and its summary now; build its records when someone asks."""
        summary = self.loaded.summary
        government_id = summary.get("government") if summary is not None else self.data.get("government")
        if not self.define("portfolio", government_id, ()):
            return
        government_id = str(government_id)  # (define checked that it is one)
        if not self.clean(("government",)):
            self.dataset.broken_ids.add(government_id)
            return
        if summary is not None:
            self.dataset.portfolio_summaries[government_id] = summary
            if not self.broken:  # every record will be built, so the digest answers as the records would
                self.dataset.portfolio_digests[government_id] = PortfolioDigest(
                    self.loaded.display, summary["public"], summary["software"], summary["parts"])
        self.dataset.portfolio_builders[government_id] = self.build_portfolio

    def build_portfolio(self) -> Portfolio:
        government_id = self.data["government"]
        software = tuple(
            Usage(record["product"], record["status"], interval_of(record),
                  tuple(sorted(as_date(day) for day in record["observed"])) if "observed" in record else (),  # type: ignore[type-var]
                  tuple(record.get("standards", ())), self.where(path), raw=record)
            for path, record in self.items((), "software")
        )
        adoptions = tuple(Adoption.of(record, self.where(path)) for path, record in self.items((), "building_blocks"))
        security = tuple(SecurityStatus.of(record, self.where(path)) for path, record in self.items((), "security_plan"))
        return Portfolio(
            government_id, software, adoptions, security, self.where(()), raw=self.data
        )



