"""The part of a dataset that may be shown: the one visibility rule of the site and the commands.

The site and every command without ``--include-internal`` work on a copy of the Dataset from which
every internal record (``visibility: internal``) is gone, together with everything that belongs to
or points at one (the memberships of an internal region, the software use of an internal product,
the portfolio of an internal government), and without the coordinators of the regions (personal
data: only a command given ``--include-internal`` shows them, never the site).  Every query called
on it therefore sees public data only, by construction, whichever filter it forgets; the records'
``raw`` mappings are cleaned the same way, so no page or command can print an internal value from
them.

The portfolios stay lazy as in the Dataset read (built when first asked for, answered from their
digest where the file has no problem), so that a query that counts builds no portfolio here either.

``leave_out`` (the problems of the data, for a preview of invalid data) also drops every record
that a problem lies in, and so whatever belongs to or points at it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime
from functools import cached_property, partial
from typing import Any

from vlavirgem.core.model import Dataset, Product, Region
from vlavirgem.core.portfolio_records import Adoption, Portfolio, PortfolioDigest, SecurityStatus, UseRow
from vlavirgem.core.problems import Problem, pointer_text
from vlavirgem.core.values import Record

PERSONAL_KEYS = ("coordinators",)


# the types of the scalars a record holds: nothing to clean in them (looked up by exact type, which
# is much faster than isinstance against Mapping for the tens of thousands of values of a dataset)
_SCALARS = frozenset({str, int, float, bool, type(None), date, datetime})


def clean_raw(value: Any) -> Any:
    """A record's mapping without internal items in its lists and without personal data: the value
    itself where nothing in it is internal or personal (most records), else a cleaned copy."""
    if type(value) in _SCALARS:
        return value
    if isinstance(value, Mapping):
        cleaned = {key: clean_raw(item) for key, item in value.items() if key not in PERSONAL_KEYS}
        same = len(cleaned) == len(value) and all(cleaned[key] is item for key, item in value.items())
        return value if same else cleaned
    if isinstance(value, list):
        kept = [clean_raw(item) for item in value
                if not (isinstance(item, Mapping) and item.get("visibility") == "internal")]
        return value if len(kept) == len(value) and all(a is b for a, b in zip(kept, value, strict=True)) else kept
    return value


class Faults:
    """Where the errors of the data lie, to tell the records that hold one."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.pointers: dict[str, list[str]] = defaultdict(list)
        for problem in problems:
            if problem.is_error:
                self.pointers[problem.file].append(problem.pointer)

    def hit(self, record: Any, parts: Iterable[Record] = ()) -> bool:
        """Whether an error lies in ``record`` (at its place or under it) and not in one of its
        ``parts`` (the records it holds, judged on their own).  An error about the whole file
        (pointer "") lies in every record of it."""
        where = getattr(record, "where", record)  # a record, or the Where of an entry (a source)
        found = self.pointers.get(where.file)
        if not found:
            return False
        own = pointer_text(where.path)
        inner = [pointer_text(part.where.path) for part in parts]  # type: ignore[attr-defined]
        return any(p == "" or (_inside(p, own) and not any(_inside(p, i) for i in inner)) for p in found)

    def file(self, name: str) -> bool:
        return name in self.pointers


def _inside(pointer: str, container: str) -> bool:
    return pointer == container or pointer.startswith(container + "/")


def public_dataset(dataset: Dataset, leave_out: Iterable[Problem] = ()) -> Dataset:
    """A copy of ``dataset`` with only what may be shown (see the module's description)."""
    faults = Faults(leave_out)

    def keep(record: Any, parts: Iterable[Record] = ()) -> bool:
        return bool(record.public) and not faults.hit(record, parts)

    public = Dataset(files=dataset.files, sources={k: w for k, w in dataset.sources.items() if not faults.hit(w)})
    public.provinces = {k: replace(p, raw=clean_raw(p.raw)) for k, p in dataset.provinces.items()
                        if keep(p, [g for g in dataset.governments.values() if g.province == k])}
    public.governments = {k: g for k, g in dataset.governments.items() if keep(g)}
    public.governments = {
        k: replace(g, raw=clean_raw(g.raw),
                   successor=g.successor if g.successor in public.governments else None)
        for k, g in public.governments.items()
    }
    public.standards = {k: replace(s, raw=clean_raw(s.raw)) for k, s in dataset.standards.items() if keep(s)}
    public.blocks = {
        k: replace(b, raw=clean_raw(b.raw), standards=tuple(s for s in b.standards if s in public.standards))
        for k, b in dataset.blocks.items() if keep(b)
    }
    public.vendors = {k: replace(v, raw=clean_raw(v.raw)) for k, v in dataset.vendors.items() if keep(v)}
    public.products = {k: _product(p, public, keep) for k, p in dataset.products.items()
                       if keep(p, p.standards) and p.vendor in public.vendors}
    public.regions = {k: _region(r, public, keep) for k, r in dataset.regions.items()
                      if keep(r, (*r.members, *r.cycle))}
    public.reference_regions = dict(dataset.reference_regions)
    public.networks = {k: replace(n, raw=clean_raw(n.raw), members=tuple(
        m for m in n.members if keep(m) and m.government in public.governments))
        for k, n in dataset.networks.items() if keep(n, n.members)}
    public.network_kinds = dict(dataset.network_kinds)
    public.reported = {k: f for k, f in dataset.reported.items() if keep(f)}
    for government_id in dataset.portfolio_ids():
        if government_id not in public.governments:
            continue
        digest = dataset.portfolio_digests.get(government_id)
        if digest is not None and government_id not in dataset.built_portfolios and not faults.file(digest.file):
            if digest.public:
                public.portfolio_digests[government_id] = PublicDigest(digest, public)
                public.portfolio_builders[government_id] = partial(_portfolio, dataset, government_id, public, keep)
            continue
        public.portfolio_builders[government_id] = partial(_portfolio, dataset, government_id, public, keep)
    return public


def _product(product: Product, public: Dataset, keep: Any) -> Product:
    supports = tuple(s for s in product.standards if keep(s) and s.standard in public.standards)
    return replace(product, standards=supports, raw=clean_raw(product.raw))


def _region(region: Region, public: Dataset, keep: Any) -> Region:
    members = tuple(m for m in region.members if keep(m) and m.government in public.governments)
    cycle = tuple(s for s in region.cycle if keep(s) and s.block in public.blocks)
    return replace(region, members=members, cycle=cycle, raw=clean_raw(region.raw))


def _portfolio(dataset: Dataset, government_id: str, public: Dataset, keep: Any) -> Portfolio | None:
    """The public part of one portfolio (None when it is internal or has a problem of its own)."""
    portfolio = dataset.portfolio(government_id)
    if portfolio is None or not keep(portfolio, (*portfolio.software, *portfolio.building_blocks,
                                                 *portfolio.security_plan)):
        return None
    return replace(
        portfolio,
        software=tuple(replace(u, standards=tuple(s for s in u.standards if s in public.standards))
                       for u in portfolio.software if keep(u) and u.product in public.products),
        building_blocks=tuple(a for a in portfolio.building_blocks if keep(a) and a.block in public.blocks),
        security_plan=tuple(s for s in portfolio.security_plan if keep(s)),
        raw=clean_raw(portfolio.raw),
    )


class PublicDigest(PortfolioDigest):
    """The digest of a public portfolio (whose file has no problem) with only its public records:
    what ``_portfolio`` would keep, answered without building the portfolio."""

    def __init__(self, digest: PortfolioDigest, public: Dataset) -> None:
        super().__init__(digest.file, digest.public, b"", b"")
        self.whole = digest
        self.dataset = public

    @cached_property
    def software(self) -> tuple[UseRow, ...]:
        standards = self.dataset.standards
        return tuple(row._replace(standards=tuple(s for s in row.standards if s in standards))
                     for row in self.whole.software if row.public and row.product in self.dataset.products)

    @cached_property
    def building_blocks(self) -> tuple[Adoption, ...]:
        return tuple(a for a in self.whole.building_blocks if a.public and a.block in self.dataset.blocks)

    @cached_property
    def security_plan(self) -> tuple[SecurityStatus, ...]:
        return tuple(s for s in self.whole.security_plan if s.public)
