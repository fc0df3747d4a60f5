"""What a schema cannot say: ids against file names, references across files, and time.

Every check is ``check_*(dataset, ...) -> list[Problem]`` and never raises on bad data.
"""

from __future__ import annotations

import difflib
import itertools
import marshal
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .loader import Path_
from .model import Dataset, Government, Interval, Membership, Portfolio, Where, as_date
from .problems import Problem

ONE_RECORD_KINDS = {"region": "id", "block": "id", "standard": "id", "vendor": "id",
                    "product": "id", "portfolio": "government", "province": "id"}


def _at(dataset: Dataset, where: Where, code: str, message: str, *fields: str | int,
        severity: str = "error", key: bool = False) -> Problem:
    return dataset.files[where.file].problem((*where.path, *fields), code, message,
                                             severity=severity, key=key)


def _label(dataset: Dataset, government_id: str) -> str:
    government = dataset.governments.get(government_id)
    return f"{government_id} ({government.name})" if government else government_id


def _a(kind: str) -> str:
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"


def _inverted(interval: Interval) -> bool:
    """An interval that ends before it starts: reported once, as interval-order, and left out of the
    other time checks, whose answers about it would mean nothing."""
    return interval.start is not None and interval.end is not None and interval.start > interval.end


def _span(interval: Interval) -> str:
    start = f"from {interval.start}" if interval.start else "from the start of the register"
    return f"{start} until {interval.end}" if interval.end else f"{start}, with no end"


def check_ids(dataset: Dataset) -> list[Problem]:
    """Ids equal their file names, government ids equal kind and NIS, and no id is defined twice."""
    problems: list[Problem] = []
    for (kind, record_id), places in sorted(dataset.definitions.items()):
        places = sorted(places, key=lambda where: Path(where.file).stem != record_id)  # the file named so first
        for where in places[1:]:
            first = dataset.files[places[0].file].position(places[0].path)
            problems.append(_at(dataset, where, "duplicate-id",
                                f"the {kind} id '{record_id}' is defined twice; the first is in "
                                f"{places[0].file}:{first[0]}: keep one", *_id_field(kind, where)))
        for where in places[:1]:  # the others are duplicates: renaming them would not help
            stem = Path(where.file).stem
            if where.path == () and kind in ONE_RECORD_KINDS and record_id != stem:
                problems.append(_at(dataset, where, "id-mismatch",
                                    f"the id '{record_id}' differs from the file name '{stem}': "
                                    f"rename the file to {record_id}.yaml or change the id",
                                    ONE_RECORD_KINDS[kind]))
    for government in dataset.governments.values():
        expected = f"{government.kind}-{government.nis}"
        if government.id != expected:
            problems.append(_at(dataset, government.where, "id-mismatch",
                                f"a {government.kind} with NIS code {government.nis} has the id "
                                f"{expected}, not {government.id}", "id"))
    return problems


def _id_field(kind: str, where: Where) -> tuple[str, ...]:
    if kind == "source":
        return ()
    return (ONE_RECORD_KINDS.get(kind, "id"),)


def _suggestion(wanted: str, pool: Iterable[str], names: dict[str, str] | None = None) -> str:
    close = difflib.get_close_matches(wanted, sorted(pool), n=1, cutoff=0.75)
    if not close:
        return ""
    name = f" ({names[close[0]]})" if names and close[0] in names else ""
    return f"; did you mean '{close[0]}'{name}?"


def check_references(dataset: Dataset) -> list[Problem]:
    """Every id a record names exists (with a did-you-mean for near misses)."""
    government_names = {g.id: g.name for g in dataset.governments.values()}
    pools: dict[str, tuple[dict[str, Any], dict[str, str] | None]] = {
        "government": (dataset.governments, government_names),
        "block": (dataset.blocks, None), "standard": (dataset.standards, None),
        "vendor": (dataset.vendors, None), "product": (dataset.products, None),
        "reference region": (dataset.reference_regions, None),
    }
    problems: list[Problem] = []

    def need(noun: str, wanted: str | None, where: Where, *fields: str | int) -> None:
        pool, names = pools[noun]
        if wanted is None or wanted in pool or wanted in dataset.broken_ids:
            return
        problems.append(_at(dataset, where, "unknown-reference",
                            f"there is no {noun} '{wanted}'{_suggestion(wanted, pool, names)}", *fields))

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
        for support in product.standards:
            need("standard", support.standard, support.where, "standard")
    for portfolio in _suspects(dataset):
        need("government", portfolio.government, portfolio.where, "government")
        for usage in portfolio.software:
            need("product", usage.product, usage.where, "product")
            for index, standard in enumerate(usage.standards):
                need("standard", standard, usage.where, "standards", index)
        for adoption in portfolio.building_blocks:
            need("block", adoption.block, adoption.where, "block")
    return problems


def check_sources(dataset: Dataset, sources_file: str | None) -> list[Problem]:
    """Every source a record cites is in sources.yaml."""
    if sources_file is None:
        return []
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
                    f"{_suggestion(cited, dataset.sources)}; add it there or fix the id"))
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


def check_interval_order(dataset: Dataset) -> list[Problem]:
    """Every interval starts on or before its end."""
    problems: list[Problem] = []
    for interval, where, start_key, end_key in _intervals(dataset):
        if interval.start and interval.end and interval.start > interval.end:
            problems.append(_at(dataset, where, "interval-order",
                                f"{end_key} {interval.end} lies before {start_key} {interval.start}; "
                                "an interval runs from its first to its last day", end_key))
    return problems


def _intervals(dataset: Dataset) -> Iterator[tuple[Interval, Where, str, str]]:
    for government in dataset.governments.values():
        yield government.validity, government.where, "valid_from", "valid_until"
    for part in _territory(dataset):
        yield part.interval, part.where, "from", "until"
    for region in dataset.regions.values():
        for member in region.members:
            yield member.interval, member.where, "from", "until"
        for step in region.cycle:
            yield step.interval, step.where, "from", "until"


def _territory(dataset: Dataset) -> list[Membership]:
    return [part for reference in dataset.reference_regions.values() for part in reference.territory]


def check_within_validity(dataset: Dataset) -> list[Problem]:
    """Memberships, software use, adoptions and plans lie within their government's existence."""
    problems: list[Problem] = []
    for member in dataset.memberships():
        problems.extend(_within(dataset, member.government, member.interval, member.where, "membership"))
    for part in _territory(dataset):
        problems.extend(_within(dataset, part.government, part.interval, part.where,
                                "part of a reference region"))
    for portfolio in _suspects(dataset):
        for usage in portfolio.software:
            problems.extend(_within(dataset, portfolio.government, usage.known_span, usage.where,
                                    "software use"))
        for noun, records in (("building-block adoption", portfolio.building_blocks),
                              ("security-plan status", portfolio.security_plan)):
            for record in records:
                problems.extend(_within(dataset, portfolio.government, record.interval, record.where, noun))
    return problems


def _within(dataset: Dataset, government_id: str, interval: Interval, where: Where,
            noun: str) -> list[Problem]:
    government = dataset.governments.get(government_id)
    if (government is None or _inverted(government.validity) or _inverted(interval)
            or interval.within(government.validity)):
        return []
    label = _label(dataset, government_id)
    validity = government.validity
    if validity.start and (interval.start is None or interval.start < validity.start):
        return [_at(dataset, where, "outside-validity",
                    f"{label} exists only from {validity.start}{_predecessors(dataset, government)}; "
                    f"start this {noun} on {validity.start} or later", "from")]
    assert validity.end is not None
    ending = f"{label} ended on {validity.end}"
    if government.successor:
        ending += (f": it merged into {_label(dataset, government.successor)} from "
                   f"{validity.end + timedelta(days=1)}")
    fix = f"end this {noun} on {validity.end} at the latest"
    if government.successor:
        fix += f" and record it for {government.successor} from then on"
    if interval.end is None:
        return [_at(dataset, where, "outside-validity",
                    f"{ending}, but this {noun} has no until date; {fix}")]
    return [_at(dataset, where, "outside-validity", f"{ending}, but this {noun} runs until "
                f"{interval.end}; {fix}", "until")]


def _predecessors(dataset: Dataset, government: Government) -> str:
    before = sorted(g.id for g in dataset.governments.values() if g.successor == government.id)
    return f" (before that: {', '.join(before)})" if before else ""


def check_overlaps(dataset: Dataset) -> list[Problem]:
    """One region per government per day; one status per block, product or plan per day."""
    problems: list[Problem] = []
    by_government: dict[str, list[Any]] = defaultdict(list)
    for member in dataset.memberships():
        by_government[member.government].append(member)
    for government_id, members in by_government.items():
        for earlier, later in _overlapping(members):
            where = ("already a member of this region" if earlier.region == later.region
                     else f"already a member of {earlier.region}")
            first = dataset.files[earlier.where.file].position(earlier.where.path)
            problems.append(_at(dataset, later.where, "membership-overlap",
                                f"{_label(dataset, government_id)} is {where} "
                                f"{_span(earlier.interval)} "
                                f"({earlier.where.file}:{first[0]}); a government belongs to one "
                                "region at a time: end one membership before the other starts", "from"))
    problems.extend(_same_thing_overlaps(dataset, _territory(dataset), "government", "territory-overlap",
                                         "place of this municipality in a reference region"))
    for region in dataset.regions.values():
        problems.extend(_same_thing_overlaps(dataset, region.cycle, "block", "cycle-overlap",
                                             "PDCA step"))
    return problems


def portfolio_own_problems(dataset: Dataset, portfolio: Portfolio) -> list[Problem]:
    """What is wrong inside one portfolio, whatever the other files say: intervals that end before
    they start, and two records of one product, block or plan on the same day.  Run once per file
    when it is read (and cached with it)."""
    problems = [
        _at(dataset, record.where, "interval-order",
            f"until {record.interval.end} lies before from {record.interval.start}; "
            "an interval runs from its first to its last day", "until")
        for record in (*portfolio.software, *portfolio.building_blocks, *portfolio.security_plan)
        if _inverted(record.interval)
    ]
    problems.extend(_same_thing_overlaps(dataset, portfolio.software, "product", "usage-overlap",
                                         "use of this product"))
    problems.extend(_same_thing_overlaps(dataset, portfolio.building_blocks, "block",
                                         "adoption-overlap", "status of this block"))
    problems.extend(_same_thing_overlaps(dataset, portfolio.security_plan, None,
                                         "security-overlap", "security-plan status"))
    return problems


def portfolio_summary(data: Any) -> dict[str, Any] | None:
    """The ids a portfolio names and the span of its dates, for the checks across files; and its
    software records reduced to UseRow fields, for the queries that only count users.

    Conservative: if every id is known and the span lies within the government's life, every
    record passes those checks; otherwise the portfolio is built and checked record by record.
    Kept in the cache, so that neither validating nor counting reads the portfolio itself.
    """
    if not isinstance(data, dict):
        return None
    named: dict[str, set[str]] = {"product": set(), "standard": set(), "block": set()}
    software: list[tuple[Any, ...]] = []  # the fields of model.UseRow, dates as text
    starts: list[str] = []
    ends: list[str] = []
    open_start = open_end = False
    for key, id_key in (("software", "product"), ("building_blocks", "block"), ("security_plan", None)):
        records = data.get(key)
        for record in records if isinstance(records, list) else ():
            if not isinstance(record, dict):
                continue
            if id_key and isinstance(record.get(id_key), str):
                named[id_key].add(record[id_key])
            standards = record.get("standards")
            if isinstance(standards, list):
                named["standard"].update(s for s in standards if isinstance(s, str))
            start = record.get("from")
            observed = record.get("observed")
            if not isinstance(start, str) and isinstance(observed, list) and observed:
                start = min((d for d in observed if isinstance(d, str)), default=None)
            if key == "software":
                software.append((record.get("product"), record.get("status"), start, record.get("until"),
                                 not isinstance(record.get("from"), str), record.get("visibility") != "internal",
                                 record.get("domain"), tuple(standards) if isinstance(standards, list) else (),
                                 record.get("hosting")))
            if isinstance(start, str):
                starts.append(start)
            else:
                open_start = True
            if isinstance(record.get("until"), str):
                ends.append(record["until"])
            else:
                open_end = True
    return {"government": data.get("government"), **{k: sorted(v) for k, v in named.items()},
            "start": None if open_start or not starts else min(starts),
            "end": None if open_end or not ends else max(ends),
            "records": len(starts) + (1 if open_start else 0),
            # packed: most commands never read it, and unpacking bytes costs nothing until asked
            "public": data.get("visibility") != "internal", "software": marshal.dumps(software),
            "parts": marshal.dumps({key: data[key] for key in ("building_blocks", "security_plan")
                                      if isinstance(data.get(key), list)})}


def _suspects(dataset: Dataset) -> list[Portfolio]:
    """The portfolios that may break a check across files: those without a summary, and those whose
    summary names an unknown id or dates outside the government's life.  Only they are built."""
    known = {"product": dataset.products, "standard": dataset.standards, "block": dataset.blocks}
    found = []
    for government_id in sorted(set(dataset.built_portfolios) | set(dataset.portfolio_builders)):
        summary = dataset.portfolio_summaries.get(government_id)
        government = dataset.governments.get(government_id)
        if summary is not None and government is not None and all(
                wanted in pool or wanted in dataset.broken_ids
                for kind, pool in known.items() for wanted in summary[kind]):
            span = Interval(as_date(summary["start"]), as_date(summary["end"]))
            if summary["records"] == 0 or span.within(government.validity):
                continue
        portfolio = dataset.portfolio(government_id)
        if portfolio is not None:
            found.append(portfolio)
    return found


def _overlapping(records: list[Any]) -> Iterator[tuple[Any, Any]]:
    records = [record for record in records if not _inverted(record.interval)]
    ordered = sorted(records, key=lambda r: (r.interval.start or date.min, r.where.file, r.where.path))
    for index, later in enumerate(ordered):
        for earlier in ordered[:index]:
            if earlier.interval.overlaps(later.interval):
                yield earlier, later
                break


def _same_thing_overlaps(dataset: Dataset, records: Iterable[Any], attribute: str | None,
                         code: str, noun: str) -> list[Problem]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for record in records:
        groups[getattr(record, attribute) if attribute else ""].append(record)
    problems = []
    for group in groups.values():
        for earlier, later in _overlapping(group):
            line = dataset.files[earlier.where.file].position(earlier.where.path)[0]
            problems.append(_at(dataset, later.where, code,
                                f"this {noun} overlaps the one on line {line}; close that one "
                                "(until) the day before this one starts", "from"))
    return problems


def check_successors(dataset: Dataset, today: date) -> list[Problem]:
    """Merged governments name a successor, and every successor chain ends in a government of today."""
    problems: list[Problem] = []
    governments = dataset.governments
    for government in governments.values():
        if _inverted(government.validity):
            continue
        if government.validity.end and not government.successor and government.validity.end < today:
            problems.append(_at(dataset, government.where, "no-successor",
                                f"{government.id} ended on {government.validity.end} without a successor; "
                                "name the government that took over", "valid_until", severity="warning"))
        if not government.successor or government.successor not in governments:
            continue
        successor = governments[government.successor]
        if successor.kind != government.kind:
            problems.append(_at(dataset, government.where, "successor-kind",
                                f"{_a(government.kind)} is succeeded by {_a(government.kind)}, not by "
                                f"{_a(successor.kind)}: {_label(dataset, successor.id)}", "successor"))
        if _inverted(successor.validity):
            continue
        day_after = government.validity.end + timedelta(days=1) if government.validity.end else None
        if day_after and successor.id != government.id and not successor.valid_on(day_after):
            problems.append(_at(dataset, government.where, "successor-gap",
                                f"{_label(dataset, successor.id)} does not exist on {day_after}, the day "
                                f"after {government.id} ended", "successor", severity="warning"))
        problems.extend(_chain(dataset, government, today))
    return problems


def _chain(dataset: Dataset, government: Government, today: date) -> list[Problem]:
    seen = [government.id]
    current = government
    while current.successor:
        following = dataset.governments.get(current.successor)
        if following is None or _inverted(following.validity):
            return []  # reported as an unknown reference or as interval-order
        if following.id in seen:
            return _circle(dataset, government, seen[seen.index(following.id):])
        seen.append(following.id)
        current = following
    if current.valid_on(today):
        return []
    return [_at(dataset, government.where, "successor-chain",
                f"the successors of {government.id} end in {_label(dataset, current.id)}, which does "
                f"not exist today ({today}): name its successor", "successor")]


def _circle(dataset: Dataset, government: Government, circle: list[str]) -> list[Problem]:
    """A circle of successors, reported once: at its first id (not at the governments leading into it)."""
    if government.id != min(circle):
        return []
    if len(circle) == 1:
        return [_at(dataset, government.where, "successor-chain",
                    f"{government.id} names itself as its successor; name the government that took over",
                    "successor")]
    return [_at(dataset, government.where, "successor-chain",
                f"the successors of {government.id} run in a circle: {' -> '.join([*circle, government.id])}; "
                "name the government that took over where the circle goes wrong", "successor")]


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
                    problems.append(_at(dataset, later.where, f"shared-{attribute}",
                                        f"{attribute.upper()} number {number} is also that of "
                                        f"{_label(dataset, earlier.id)}, which {later.id} does not "
                                        "succeed; check the number", attribute, severity="warning"))
    return problems


def run_all(dataset: Dataset, today: date, sources_file: str | None) -> list[Problem]:
    """Every cross-file and time check."""
    return [
        *check_ids(dataset),
        *check_references(dataset),
        *check_sources(dataset, sources_file),
        *check_interval_order(dataset),
        *check_within_validity(dataset),
        *check_overlaps(dataset),
        *check_successors(dataset, today),
        *check_shared_numbers(dataset),
    ]
