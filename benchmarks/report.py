"""Figures, ratios and targets of one benchmark run, as Markdown tables.  Nothing is asserted: a
target that is missed is printed as NOT met."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from .cases import QUERIES, Case
from .measure import Sample

VLAVIRGEM_ROWS_AT_SCALE = ("validate-cold", "validate-warm", "validate-change", "validate-no-cache",
                           *("query-" + "-".join(words) for words in QUERIES), "site-build", "site-rebuild",
                           "help")


@dataclass(frozen=True)
class Row:
    """The summary of one case: median and range of the wall time, the largest peak memory."""

    key: str
    label: str
    rounds: int
    median: float | None = None
    low: float | None = None
    high: float | None = None
    peak_mb: float | None = None
    note: str = ""


def summarise(cases: Iterable[Case], samples: dict[str, list[Sample]]) -> dict[str, Row]:
    rows = {}
    for case in cases:
        taken = samples.get(case.key, [])
        if case.skipped or not taken:
            rows[case.key] = Row(case.key, case.label, 0, note=case.skipped or "not measured")
            continue
        times = [sample.seconds for sample in taken]
        failed = sorted({code for sample in taken for code in sample.returncodes if code != case.exit})
        note = f"exit code {', '.join(map(str, failed))}" if failed else ""
        rows[case.key] = Row(case.key, case.label, len(taken), statistics.median(times), min(times), max(times),
                             max(sample.peak_mb for sample in taken), note)
    return rows


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3f} s" if value < 1 else f"{value:.2f} s"


def _ratio(top: Row | None, bottom: Row | None) -> float | None:
    if top is None or bottom is None or top.median is None or not bottom.median:
        return None
    return top.median / bottom.median


def figures_table(rows: dict[str, Row]) -> str:
    lines = ["| what | rounds | median | min - max | peak memory | note |", "| --- | ---: | ---: | ---: | ---: | --- |"]
    for row in rows.values():
        spread = f"{_seconds(row.low)} - {_seconds(row.high)}" if row.low is not None else "-"
        memory = f"{row.peak_mb:.0f} MB" if row.peak_mb is not None else "-"
        lines.append(f"| {row.label} | {row.rounds or '-'} | {_seconds(row.median)} | {spread} | {memory} | {row.note} |")
    return "\n".join(lines)


def ratios(rows: dict[str, Row], size_ratio: float | None,
           site_bytes: tuple[int | None, int | None] = (None, None)) -> dict[str, float | None]:
    """The ratios the targets are judged on, all from medians of the same run (``site_bytes``: the
    site built now and the one the code before issue 12 builds from the same scale of data)."""
    big, cold = rows.get("validate-cold-10x"), rows.get("validate-cold")
    memory = (big.peak_mb / cold.peak_mb if big and cold and big.peak_mb and cold.peak_mb else None)
    return {
        "validate cold / check-jsonschema": _ratio(cold, rows.get("check-jsonschema")),
        "validate cold / check-jsonschema on bundled schemas": _ratio(cold, rows.get("check-jsonschema-bundled")),
        "validate warm after one change / check-jsonschema": _ratio(rows.get("validate-change"),
                                                                     rows.get("check-jsonschema")),
        "validate cold / naive": _ratio(cold, rows.get("naive")),
        "validate cold at 10x / at 1x (time)": _ratio(big, cold),
        "validate cold at 10x / at 1x (peak memory)": memory,
        "YAML bytes at 10x / at 1x": size_ratio,
        "validate, a problem in every record / none (same bytes)": _ratio(rows.get("validate-problems-many"),
                                                                           rows.get("validate-problems-none")),
        "site rebuild after one change / site build": _ratio(rows.get("site-rebuild"), rows.get("site-build")),
        "site bytes / before the history pages (issue 12)": (site_bytes[0] / site_bytes[1]
                                                             if site_bytes[0] and site_bytes[1] else None),
    }


def ratios_table(values: dict[str, float | None]) -> str:
    lines = ["| ratio | value |", "| --- | ---: |"]
    for name, value in values.items():
        shown = "-" if value is None else f"{value:.3f}" if value < 1 else f"{value:.2f}"
        if value and value < 1:
            shown += f" ({1 / value:.1f}x faster)"
        lines.append(f"| {name} | {shown} |")
    return "\n".join(lines)


def _verdict(value: float | None, limit: float) -> str:
    if value is None:
        return "not measured"
    return "met" if value < limit else "NOT met"


def targets(rows: dict[str, Row], values: dict[str, float | None], scale: float) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) for every target of issue 6."""
    def median(key: str) -> float | None:
        return rows[key].median if key in rows else None

    cold_vs_cjs = values["validate cold / check-jsonschema"]
    cold_vs_bundled = values["validate cold / check-jsonschema on bundled schemas"]
    change_vs_cjs = values["validate warm after one change / check-jsonschema"]
    found: list[tuple[str, str, str]] = [
        ("cold validate ≤ 1/3 of check-jsonschema", _shown(cold_vs_cjs), _verdict(cold_vs_cjs, 1 / 3 + 1e-9)),
        ("(stricter) cold validate ≤ 1/3 of check-jsonschema on bundled schemas", _shown(cold_vs_bundled),
         _verdict(cold_vs_bundled, 1 / 3 + 1e-9)),
        ("cold validate < 10 s", _seconds(median("validate-cold")), _verdict(median("validate-cold"), 10)),
        ("warm validate after one change < 0.5 s", _seconds(median("validate-change")),
         _verdict(median("validate-change"), 0.5)),
        ("warm validate after one change < 1/50 of check-jsonschema", _shown(change_vs_cjs),
         _verdict(change_vs_cjs, 1 / 50)),
    ]
    for words in QUERIES:
        key = "query-" + "-".join(words)
        found.append((f"`vlavirgem {' '.join(words)}` < 0.5 s warm", _seconds(median(key)),
                      _verdict(median(key), 0.5)))
    found.append(("site build < 20 s", _seconds(median("site-build")), _verdict(median("site-build"), 20)))
    size = values.get("site bytes / before the history pages (issue 12)")
    found.append(("site size ≤ 2x the one-day site of before issue 12", _shown(size), _verdict(size, 2)))
    found.append(("`--help` < 0.3 s", _seconds(median("help")), _verdict(median("help"), 0.3)))
    peaks = [rows[key].peak_mb for key in VLAVIRGEM_ROWS_AT_SCALE if key in rows and rows[key].peak_mb]
    peak = max(peaks) if peaks else None
    found.append((f"peak memory < 1 GB (at scale {scale:g})", "-" if peak is None else f"{peak:.0f} MB",
                  _verdict(peak, 1024)))
    found.extend(_growth(values))
    return found


def _growth(values: dict[str, float | None]) -> list[tuple[str, str, str]]:
    """Linear growth: at 10x the time and memory grow no faster than the data (with 25 % slack for noise)."""
    size = values["YAML bytes at 10x / at 1x"]
    found = []
    for what in ("time", "peak memory"):
        ratio = values[f"validate cold at 10x / at 1x ({what})"]
        measured = "-" if ratio is None or size is None else f"{ratio:.2f}x for {size:.2f}x the bytes"
        limit = 1.25 * size if size else 0
        found.append((f"cold validate {what} linear at 10x (≤ 1.25 x the data's growth)", measured,
                      _verdict(ratio, limit + 1e-9) if size else "not measured"))
    return found


def _shown(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def targets_table(found: list[tuple[str, str, str]]) -> str:
    lines = ["| target | measured | verdict |", "| --- | ---: | --- |"]
    lines.extend(f"| {target} | {measured} | **{verdict}** |" for target, measured, verdict in found)
    return "\n".join(lines)
