"""The changes in what governments use and where regions stand: software, building-block
adoptions, information-security plans and PDCA steps.  Part of ``changes`` (same window rules)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol, TypeVar

from .changes import ONE_DAY, Change, ended, in_window
from .model import Government, Interval, Portfolio

if TYPE_CHECKING:
    from .changes import _Report


class _Dated(Protocol):
    @property
    def interval(self) -> Interval: ...


D = TypeVar("D", bound=_Dated)


def catalog_changes(report: _Report) -> Iterator[Change]:
    for portfolio in report.dataset.portfolios.values():
        government = report.dataset.governments.get(portfolio.government)
        if government is None or not (report.shown(portfolio) and report.shown(government)):
            continue
        yield from _software(report, government, portfolio)
        yield from _adoptions(report, government, portfolio)
        yield from _security(report, government, portfolio)
    yield from _cycles(report)


def _before(records: Sequence[D], start: date) -> D | None:
    """The record of the same thing that ended last before ``start``."""
    earlier = [r for r in records if r.interval.end is not None and r.interval.end < start]
    return max(earlier, key=lambda r: r.interval.end or date.min, default=None)


def _software(report: _Report, government: Government, portfolio: Portfolio) -> Iterator[Change]:
    uses = [u for u in portfolio.software if report.shown(u)]
    for use in uses:
        product = report.dataset.products.get(use.product)
        name = product.name if product else use.product
        vendor = report.dataset.vendors.get(product.vendor) if product else None
        label = f"{name} ({vendor.name})" if vendor else name
        same = [u for u in uses if u.product == use.product and u is not use]
        day = use.known_span.start
        # a use first observed after its end (a merged government's site still listed) has no known start
        unknown = day is not None and use.interval.end is not None and day > use.interval.end
        if day is not None and not unknown and in_window(day, report.start, report.end):
            previous = next((u for u in same if u.interval.end == day - ONE_DAY), None)
            if previous is not None:
                detail = f"{label}: {previous.status} → {use.status}"
            elif use.interval.start is None:
                detail = f"{label}: {use.status}, first observed on {day} (start not recorded)"
            else:
                detail = f"{label}: {use.status}"
            yield report.change(day, "new-software", government, report.region_of(government.id, day), detail,
                                subject=(use.product, name), status=use.status,
                                previous_status=previous.status if previous else None)
        stop = ended(use.interval.end)
        if stop is None or not in_window(stop, report.start, report.end):
            continue
        if use.interval.end == government.validity.end or any(u.known_span.start == stop for u in same):
            continue  # ends with its government, or goes on in the next record
        yield report.change(stop, "software-stopped", government, report.region_of(government.id, stop - ONE_DAY),
                            f"{label}: {use.status} until {use.interval.end}",
                            subject=(use.product, name), status=use.status)


def _starts(report: _Report, records: Sequence[D], thing: Callable[[D], object]) -> Iterator[tuple[D, date, D | None]]:
    """Each shown record that starts in the window, its start, and the record of the same thing before it."""
    shown = [r for r in records if report.shown(r)]
    for record in shown:
        day = record.interval.start
        if day is not None and in_window(day, report.start, report.end):
            yield record, day, _before([r for r in shown if thing(r) == thing(record)], day)


def _block_name(report: _Report, block_id: str) -> str:
    block = report.dataset.blocks.get(block_id)
    return block.name if block else block_id


def _adoptions(report: _Report, government: Government, portfolio: Portfolio) -> Iterator[Change]:
    for adoption, day, previous in _starts(report, portfolio.building_blocks, lambda a: a.block):
        name = _block_name(report, adoption.block)
        old = previous.status if previous is not None else None
        detail = f"{name}: {old} → {adoption.status}" if old else f"{name}: {adoption.status} (first record)"
        yield report.change(day, "adoption", government, report.region_of(government.id, day), detail,
                            subject=(adoption.block, name), status=adoption.status, previous_status=old)


def _security(report: _Report, government: Government, portfolio: Portfolio) -> Iterator[Change]:
    for status, day, previous in _starts(report, portfolio.security_plan, lambda s: None):
        if status.status != "adopted":
            continue
        old = previous.status if previous is not None else None
        detail = "information-security plan adopted" + (f" (was {old})" if old else "")
        yield report.change(day, "security-plan-adopted", government, report.region_of(government.id, day),
                            detail, status="adopted", previous_status=old)


def _cycles(report: _Report) -> Iterator[Change]:
    for region in report.dataset.regions.values():
        if not report.shown(region):
            continue
        for step, day, previous in _starts(report, region.cycle, lambda s: s.block):
            name = _block_name(report, step.block)
            old = f"{previous.phase}: {previous.step}" if previous is not None else None
            detail = f"{name}: {step.phase} phase, {step.step} step" + (f" (was {old})" if old else "")
            yield report.change(day, "pdca-step", None, region.id, detail, subject=(step.block, name),
                                status=f"{step.phase}: {step.step}", previous_status=old)
