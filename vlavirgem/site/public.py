"""The public part of a dataset: what the report site may show.

The site is built from a copy of the Dataset from which every internal record (``visibility:
internal``) is gone, together with everything that belongs to or points at one (the memberships of an
internal region, the software use of an internal product, the portfolio of an internal government),
and without the coordinators of the regions (personal data, never on the site, whatever their
visibility).  Every query the site calls therefore sees public data only, by construction; the
records' ``raw`` mappings are cleaned the same way, so no page can print an internal value from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from vlavirgem.core.model import Dataset, Portfolio, Product, Region

PERSONAL_KEYS = ("coordinators",)


def clean_raw(value: Any) -> Any:
    """A copy of a record's mapping without internal items in its lists and without personal data."""
    if isinstance(value, Mapping):
        return {key: clean_raw(item) for key, item in value.items() if key not in PERSONAL_KEYS}
    if isinstance(value, list):
        return [clean_raw(item) for item in value
                if not (isinstance(item, Mapping) and item.get("visibility") == "internal")]
    return value


def public_dataset(dataset: Dataset) -> Dataset:
    """A copy of ``dataset`` with only what may be published (see the module's description)."""
    public = Dataset(files=dataset.files, sources=dict(dataset.sources))
    public.provinces = {k: replace(p, raw=clean_raw(p.raw)) for k, p in dataset.provinces.items() if p.public}
    public.governments = {
        k: replace(g, raw=clean_raw(g.raw),
                   successor=g.successor if _public(dataset.governments, g.successor) else None)
        for k, g in dataset.governments.items() if g.public
    }
    public.standards = {k: replace(s, raw=clean_raw(s.raw)) for k, s in dataset.standards.items() if s.public}
    public.blocks = {
        k: replace(b, raw=clean_raw(b.raw), standards=tuple(s for s in b.standards if s in public.standards))
        for k, b in dataset.blocks.items() if b.public
    }
    public.vendors = {k: replace(v, raw=clean_raw(v.raw)) for k, v in dataset.vendors.items() if v.public}
    public.reported = {k: f for k, f in dataset.reported.items() if f.public}
    public.products = {k: _product(p, public) for k, p in dataset.products.items()
                       if p.public and p.vendor in public.vendors}
    public.regions = {k: _region(r, public) for k, r in dataset.regions.items() if r.public}
    public.reference_regions = dict(dataset.reference_regions)
    public.portfolios = {k: _portfolio(p, public) for k, p in dataset.portfolios.items()
                         if p.public and p.government in public.governments}
    return public


def _public(records: Mapping[str, Any], record_id: str | None) -> bool:
    return record_id is not None and record_id in records and records[record_id].public


def _product(product: Product, public: Dataset) -> Product:
    supports = tuple(s for s in product.standards if s.public and s.standard in public.standards)
    return replace(product, standards=supports, raw=clean_raw(product.raw))


def _region(region: Region, public: Dataset) -> Region:
    members = tuple(m for m in region.members if m.public and m.government in public.governments)
    cycle = tuple(s for s in region.cycle if s.public and s.block in public.blocks)
    return replace(region, members=members, cycle=cycle, raw=clean_raw(region.raw))


def _portfolio(portfolio: Portfolio, public: Dataset) -> Portfolio:
    return replace(
        portfolio,
        software=tuple(replace(u, standards=tuple(s for s in u.standards if s in public.standards))
                       for u in portfolio.software if u.public and u.product in public.products),
        building_blocks=tuple(a for a in portfolio.building_blocks if a.public and a.block in public.blocks),
        security_plan=tuple(s for s in portfolio.security_plan if s.public),
        raw=clean_raw(portfolio.raw),
    )
