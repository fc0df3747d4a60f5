"""What can be checked inside one portfolio, and the summary that lets the checks across files skip
the portfolios that cannot break them."""

from __future__ import annotations

import marshal
from collections.abc import Mapping, Sequence
from typing import Any

from vlavirgem.core.checks.common import at, inverted, same_thing_overlaps
from vlavirgem.core.model import Dataset
from vlavirgem.core.portfolio_records import Adoption, Portfolio, SecurityStatus, Usage
from vlavirgem.core.problems import Problem, broken_paths, is_clean
from vlavirgem.core.values import Interval, as_date


def portfolio_own_problems(dataset: Dataset, portfolio: Portfolio) -> list[Problem]:
    """What is wrong inside one portfolio, whatever the other files say: intervals that end before
    they start, and two records of one product, block or plan on the same day.  Run once per file
    when it is read (and cached with it)."""
    dated: tuple[Usage | Adoption | SecurityStatus, ...] = (
        *portfolio.software, *portfolio.building_blocks, *portfolio.security_plan)
    problems = [
        at(dataset, record.where, "interval-order",
            f"until {record.interval.end} lies before from {record.interval.start}; "
            "an interval runs from its first to its last day", "until")
        for record in dated
        if inverted(record.interval)
    ]
    problems.extend(same_thing_overlaps(dataset, portfolio.software, "product", "usage-overlap",
                                         "use of this product"))
    problems.extend(same_thing_overlaps(dataset, portfolio.building_blocks, "block",
                                         "adoption-overlap", "status of this block"))
    problems.extend(same_thing_overlaps(dataset, portfolio.security_plan, None,
                                         "security-overlap", "security-plan status"))
    return problems


def portfolio_summary(data: Any, problems: Sequence[Problem] = ()) -> dict[str, Any] | None:
    """The ids a portfolio names and the span of its dates, for the checks across files; and its
    software records reduced to UseRow fields, for the queries that only count users.

    Conservative: if every id is known and the span lies within the government's life, every
    record passes those checks; otherwise the portfolio is built and checked record by record.
    Kept in the cache, so that neither validating nor counting reads the portfolio itself.  A
    record with a problem of its file (``problems``) is left out, as it is left out of the built
    portfolio: nothing reads a value that the schema rejects.
    """
    if not isinstance(data, dict):
        return None
    broken = broken_paths(list(problems))
    named: dict[str, set[str]] = {"product": set(), "standard": set(), "block": set()}
    software: list[tuple[Any, ...]] = []  # the fields of model.UseRow, dates as text
    starts: list[str] = []
    ends: list[str] = []
    open_start = open_end = False
    for key, id_key in (("software", "product"), ("building_blocks", "block"), ("security_plan", None)):
        records = data.get(key)
        for index, record in enumerate(records if isinstance(records, list) else ()):
            if not isinstance(record, dict):
                continue
            # the ids a record names, where that field passed, even when another field broke: they are
            # checked across files in the same pass (the record itself is left out of everything else)
            if id_key and isinstance(record.get(id_key), str) and is_clean(broken, (key, index, id_key)):
                named[id_key].add(record[id_key])
            standards = record.get("standards")
            if isinstance(standards, list) and is_clean(broken, (key, index, "standards")):
                named["standard"].update(s for s in standards if isinstance(s, str))
            if not is_clean(broken, (key, index)):
                continue
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
    public = data.get("visibility") != "internal" and is_clean(broken, ("visibility",))
    return {"government": data.get("government"), **{k: sorted(v) for k, v in named.items()},
            "start": None if open_start or not starts else min(starts),
            "end": None if open_end or not ends else max(ends),
            "records": len(starts) + (1 if open_start else 0),
            # packed: most commands never read it, and unpacking bytes costs nothing until asked
            "public": public, "software": marshal.dumps(software),
            "parts": marshal.dumps({key: data[key] for key in ("building_blocks", "security_plan")
                                      if isinstance(data.get(key), list)})}


def suspects(dataset: Dataset) -> list[Portfolio]:
    """The portfolios that may break a check across files: those without a summary, and those whose
    summary names an unknown id or dates outside the government's life.  Only they are built."""
    known: dict[str, Mapping[str, object]] = {
        "product": dataset.products, "standard": dataset.standards, "block": dataset.blocks}
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
