"""The changes in what governments use and where regions stand: software, building-block
adoptions, information-security plans and PDCA steps.  Part of ``changes`` (same window rules)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from vlavirgem.core.model import Government
from vlavirgem.core.portfolio_records import Adoption, PortfolioPart, SecurityStatus, UseRow
from vlavirgem.core.values import Interval, as_date
from vlavirgem.queries.changes.events import ONE_DAY, Change, ended, in_window
from vlavirgem.queries.scope import visible_part, visible_records

if TYPE_CHECKING:
    from vlavirgem.queries.changes.memberships import Report


class _Dated(Protocol):
    @property
    def interval(self) -> Interval: ...


D = TypeVar("D", bound=_Dated)


def catalog_changes(report: Report) -> Iterator[Change]:
    dataset = report.dataset
    for government_id, uses in visible_records(dataset, "software", report.include_internal):
        government = dataset.governments.get(government_id)
        if government is None or not report.shown(government):
            continue
        yield from _software(report, government, uses)
        yield from _adoptions(report, government, _part(report, government_id, "building_blocks"))
        yield from _security(report, government, _part(report, government_id, "security_plan"))
    yield from _cycles(report)


def _part(report: Report, government_id: str, part: PortfolioPart) -> list[Any]:
    return visible_part(report.dataset, government_id, part, report.include_internal) or []


def _before(records: Sequence[D], start: date) -> D | None:
    """The record of the same thing that ended last before ``start``."""
    earlier = [r for r in records if r.interval.end is not None and r.interval.end < start]
    return max(earlier, key=lambda r: r.interval.end or date.min, default=None)


def _software(report: Report, government: Government, uses: Sequence[UseRow]) -> Iterator[Change]:
    """The software changes of a government's visible uses (see ``scope.visible_part``)."""
    after, upto = report.start.isoformat(), report.end.isoformat()
    # most uses neither start nor end in the window; their text dates (which sort as the days do)
    # tell so without making dates: a start in it lies in (after, upto], a last day before a stop
    # in it in [after, upto)
    candidates = [use for use in uses if (use.start is not None and after < use.start <= upto)
                  or (use.until is not None and after <= use.until < upto)]
    by_product: dict[str, list[UseRow]] = defaultdict(list)
    if candidates:
        for use in uses:
            by_product[use.product].append(use)
    for use in candidates:
        day, end = as_date(use.start), as_date(use.until)
        # a use first observed after its end (a merged government's site still listed) has no known start
        unknown = day is not None and end is not None and day > end
        starts = day is not None and not unknown and in_window(day, report.start, report.end)
        stop = ended(end)
        stops = stop is not None and in_window(stop, report.start, report.end)
        if not (starts or stops):
            continue
        name, label = _product_label(report, use.product)
        same = [u for u in by_product[use.product] if u is not use]
        if starts and day is not None:
            previous = next((u for u in same if as_date(u.until) == day - ONE_DAY), None)
            if previous is not None:
                detail = f"{label}: {previous.status} → {use.status}"
            elif use.observed_start:
                detail = f"{label}: {use.status}, first observed on {day} (start not recorded)"
            else:
                detail = f"{label}: {use.status}"
            yield report.change(day, "new-software", government, report.region_of(government.id, day),
                                detail, subject=(use.product, name), status=use.status,
                                previous_status=previous.status if previous else None)
        if not stops or stop is None or end == government.validity.end or any(as_date(u.start) == stop for u in same):
            continue  # ends with its government, or goes on in the next record
        yield report.change(stop, "software-stopped", government, report.region_of(government.id, stop - ONE_DAY),
                            f"{label}: {use.status} until {end}",
                            subject=(use.product, name), status=use.status)


def _product_label(report: Report, product_id: str) -> tuple[str, str]:
    """A product's name, and its name with its vendor's: ``Cobra (Cevi/Logins)``."""
    product = report.dataset.products.get(product_id)
    name = product.name if product else product_id
    vendor = report.dataset.vendors.get(product.vendor) if product else None
    return name, f"{name} ({vendor.name})" if vendor else name


def _starts(report: Report, records: Sequence[D], thing: Callable[[D], object]) -> Iterator[tuple[D, date, D | None]]:
    """Each shown record that starts in the window, its start, and the record of the same thing before it."""
    shown = [r for r in records if report.shown(r)]
    for record in shown:
        day = record.interval.start
        if day is not None and in_window(day, report.start, report.end):
            yield record, day, _before([r for r in shown if thing(r) == thing(record)], day)


def _block_name(report: Report, block_id: str) -> str:
    block = report.dataset.blocks.get(block_id)
    return block.name if block else block_id


def _adoptions(report: Report, government: Government, adoptions: Sequence[Adoption]) -> Iterator[Change]:
    for adoption, day, previous in _starts(report, adoptions, lambda a: a.block):
        name = _block_name(report, adoption.block)
        old = previous.status if previous is not None else None
        detail = f"{name}: {old} → {adoption.status}" if old else f"{name}: {adoption.status} (first record)"
        yield report.change(day, "adoption", government, report.region_of(government.id, day), detail,
                            subject=(adoption.block, name), status=adoption.status, previous_status=old)


def _security(report: Report, government: Government, statuses: Sequence[SecurityStatus]) -> Iterator[Change]:
    for status, day, previous in _starts(report, statuses, lambda s: None):
        if status.status != "adopted":
            continue
        old = previous.status if previous is not None else None
        detail = "information-security plan adopted" + (f" (was {old})" if old else "")
        yield report.change(day, "security-plan-adopted", government, report.region_of(government.id, day),
                            detail, status="adopted", previous_status=old)


def _cycles(report: Report) -> Iterator[Change]:
    for region in report.dataset.regions.values():
        if not report.shown(region):
            continue
        for step, day, previous in _starts(report, region.cycle, lambda s: s.block):
            name = _block_name(report, step.block)
            old = f"{previous.phase}: {previous.step}" if previous is not None else None
            detail = f"{name}: {step.phase} phase, {step.step} step" + (f" (was {old})" if old else "")
            yield report.change(day, "pdca-step", None, region.id, detail, subject=(step.block, name),
                                status=f"{step.phase}: {step.step}", previous_status=old)
