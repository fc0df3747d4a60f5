"""The records of one checked file, built into a Dataset: every part that broke the schema is left
out and its id noted as known, so one bad record neither hides the others nor causes a second
wave of problems."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, cast

from vlavirgem.core.loader import LoadedFile
from vlavirgem.core.model import (
    Block,
    CycleStep,
    Dataset,
    Government,
    InNone,
    Membership,
    Network,
    NetworkKind,
    NetworkMembership,
    Product,
    Province,
    ReferenceRegion,
    Region,
    ReportedFigure,
    Standard,
    Support,
    Vendor,
)
from vlavirgem.core.portfolio_records import Adoption, Portfolio, PortfolioDigest, SecurityStatus, Usage
from vlavirgem.core.problems import Path_, Problem, broken_paths, is_clean
from vlavirgem.core.values import Interval, Where, as_date, interval_of


def portfolio_alone(loaded: LoadedFile) -> tuple[Dataset, Portfolio] | None:
    """A portfolio file's records on their own (for the checks that need no other file)."""
    alone = Dataset(files={loaded.display: loaded})
    records = FileRecords(alone, loaded, loaded.problems)
    if not isinstance(loaded.data.get("government"), str) or not records.clean(("government",)):
        return None
    return alone, records.build_portfolio()


# kind of a file of many records -> the key of its records, their container and the noun of their ids
RECORD_LISTS: dict[str, tuple[str, type, str]] = {
    "sources": ("sources", dict, "source"),
    "reference-regions": ("reference_regions", list, "reference region"),
    "governments": ("governments", list, "government"),
}


def note_unknowable(dataset: Dataset, kind: str, loaded: LoadedFile) -> None:
    """Note a file of many records whose records cannot be read at all (it does not parse, or
    their list is no list): the ids it defines are unknown, not wrong (see Dataset.unknowable)."""
    if kind not in RECORD_LISTS:
        return
    key, container, noun = RECORD_LISTS[kind]
    data = loaded.data
    if not (isinstance(data, dict) and isinstance(data.get(key), container)):
        dataset.unknowable.setdefault(noun, []).append(loaded.display)


class FileRecords:
    """Builds the records of one file, skipping the parts that broke the schema."""

    def __init__(self, dataset: Dataset, loaded: LoadedFile, problems: list[Problem]) -> None:
        self.dataset = dataset
        self.loaded = loaded
        # the parts that broke the schema (a warning, such as a record without a source, breaks nothing)
        self.broken = broken_paths(problems)
        self._fields: dict[str, Any] | None = None

    @property
    def data(self) -> dict[str, Any]:
        """The file's data as read, broken parts and all (only ``items`` and ids look at it)."""
        return self.loaded.data  # type: ignore[no-any-return]  # (read lazily for a cached portfolio)

    @property
    def fields(self) -> dict[str, Any]:
        """The file's top-level mapping without what broke the schema: a broken key is left out
        (a broken ``visibility`` reads as internal, so a mistake never publishes), and a list
        keeps only its clean items.  What a one-record file's record is built from and keeps as
        ``raw``, so no value the schema rejects reaches a query, an export or the site."""
        if not self.broken:
            return self.data
        if self._fields is None:
            self._fields = {}
            for key, value in self.data.items():
                if self.clean((key,)):
                    self._fields[key] = value
                elif isinstance(value, list) and (key,) not in self.broken:  # (no problem about the list itself)
                    self._fields[key] = [item for index, item in enumerate(value) if self.clean((key, index))]
                elif key == "visibility":
                    self._fields[key] = "internal"
        return self._fields

    def clean(self, path: Path_) -> bool:
        return is_clean(self.broken, path)

    def where(self, path: Path_) -> Where:
        return Where(self.loaded.display, path)

    def items(self, parent: Path_, key: str) -> Iterator[tuple[Path_, dict[str, Any]]]:
        """The clean mappings of the list under ``key`` of the mapping at ``parent``."""
        container: Any = self.data  # a mapping or, further down the path, a list
        for part in parent:
            container = container[part]
        values = container.get(key) if isinstance(container, dict) else None
        if not isinstance(values, list):
            return
        for index, item in enumerate(values):
            path = (*parent, key, index)
            if isinstance(item, dict) and self.clean(path):
                yield path, item
            elif isinstance(item, dict):
                if isinstance(item.get("id"), str):
                    self.dataset.broken_ids.add(item["id"])
                # not built, but its sound fields are still checked against the other files
                sound = {field: value for field, value in item.items() if self.clean((*path, field))}
                self.dataset.unbuilt.append((key, self.where(path), sound))

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
        assert isinstance(record_id, str)  # (define checked that it is one)
        if not self.clean((key,)):
            self.dataset.broken_ids.add(record_id)
            return None
        return record_id

    def add(self, kind: str) -> None:
        builders: dict[str, Callable[[], None]] = {
            "sources": self.sources, "reference-regions": self.reference_regions,
            "governments": self.governments, "region": self.region,
            "block": self.block, "standard": self.standard, "vendor": self.vendor,
            "product": self.product, "portfolio": self.portfolio,
            "network": self.network, "network-kinds": self.network_kinds,
            "reported-figures": self.reported_figures,
        }
        builders[kind]()

    def sources(self) -> None:
        entries = self.data.get("sources")
        if isinstance(entries, dict):
            for source_id in entries:
                self.define("source", source_id, ("sources", source_id))
                self.dataset.sources[source_id] = self.where(("sources", source_id))

    def reported_figures(self) -> None:
        for path, record in self.items((), "figures"):
            if not self.define("reported figure", record["id"], (*path, "id")):
                continue
            total = record.get("of_total")
            self.dataset.reported[record["id"]] = ReportedFigure(
                record["id"], record["date"], record["date_basis"], record["topic"], record.get("block"),
                record["measure"], record["value"], total, record["scope"], record["unit"],
                record.get("approximation"), record["quote"], tuple(record["sources"]),
                self.where(path), raw=record)

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
        province_name = self.fields.get("name") or province
        if province is not None:
            nis = self.fields.get("nis")
            self.dataset.provinces[province] = Province(province, str(province_name), nis, self.where(()),
                                                        raw=self.fields)
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
            id=region_id, name=str(self.fields.get("name") or region_id),
            reference_region=self.fields.get("reference_region"), members=members, cycle=cycle,
            where=self.where(()), raw=self.fields,
        )

    def network(self) -> None:
        network_id = self.top("network")
        if network_id is None:
            return
        members = []
        for path, record in self.items((), "members"):
            observed = as_date(record.get("observed"))
            interval = Interval(observed, None) if observed else interval_of(record)
            members.append(NetworkMembership(record["government"], network_id, interval, observed,
                                             self.where(path), raw=record))
        kind = self.data.get("kind") if self.clean(("kind",)) else None
        territory = self.data.get("territory") if self.clean(("territory",)) else None
        self.dataset.networks[network_id] = Network(
            id=network_id, kind=str(kind or ""), name=str(self.data.get("name") or network_id),
            territory=territory, members=tuple(members), where=self.where(()), raw=self.data,
        )

    def network_kinds(self) -> None:
        for path, record in self.items((), "kinds"):
            if not self.define("network kind", record["id"], (*path, "id")):
                continue
            statements = tuple(
                InNone(record["id"], interval_of(part), tuple(part["governments"]), self.where(part_path), raw=part)
                for part_path, part in self.items(path, "in_none")
            )
            self.dataset.network_kinds[record["id"]] = NetworkKind(
                record["id"], record["name"], statements, self.where(path), raw=record)

    def block(self) -> None:
        block_id = self.top("block")
        if block_id is not None:
            standards = self.fields.get("standards")
            self.dataset.blocks[block_id] = Block(
                block_id, str(self.fields.get("name") or block_id), tuple(standards or ()), self.where(()),
                raw=self.fields,
            )

    def standard(self) -> None:
        standard_id = self.top("standard")
        if standard_id is not None:
            self.dataset.standards[standard_id] = Standard(
                standard_id, str(self.fields.get("name") or standard_id),
                self.fields.get("local_government_relevant") is True, self.where(()), raw=self.fields,
            )

    def vendor(self) -> None:
        vendor_id = self.top("vendor")
        if vendor_id is not None:
            self.dataset.vendors[vendor_id] = Vendor(
                vendor_id, str(self.fields.get("name") or vendor_id), self.where(()), raw=self.fields
            )

    def product(self) -> None:
        product_id = self.top("product")
        if product_id is None:
            return
        vendor, domain = self.fields.get("vendor"), self.fields.get("domain")
        if not (isinstance(vendor, str) and isinstance(domain, str)
                and self.clean(("vendor",)) and self.clean(("domain",))):
            self.dataset.broken_ids.add(product_id)  # known, so its users cause no "unknown id"
            return
        supports = tuple(Support(record["standard"], self.where(path), raw=record)
                         for path, record in self.items((), "standards"))
        self.dataset.products[product_id] = Product(
            product_id, str(self.fields.get("name") or product_id), vendor, domain, supports,
            self.where(()), raw=self.fields,
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
                  tuple(sorted(cast(date, as_date(day)) for day in record["observed"])) if "observed" in record else (),
                  tuple(record.get("standards", ())), self.where(path), raw=record)
            for path, record in self.items((), "software")
        )
        adoptions = tuple(Adoption.of(record, self.where(path)) for path, record in self.items((), "building_blocks"))
        security = tuple(SecurityStatus.of(record, self.where(path)) for path, record in self.items((), "security_plan"))
        return Portfolio(
            government_id, software, adoptions, security, self.where(()), raw=self.fields
        )
