"""The benchmark of issue 6: vlavirgem against check-jsonschema and a naive pipeline, in one run.

Generates the SYNTHETIC dataset into a temporary folder, measures every case as the median of
several rounds (rounds interleaved, so that a slow spell of a shared machine hits every case alike),
prints the tables and writes them with a description of the machine to ``--out``.

    python -m benchmarks.run [--scale N] [--rounds R] [--slow-rounds R] [--quick] [--no-10x] [--out FILE]
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from vlavirgem.core.layout import KINDS

from .bundle import write_bundled
from .cases import Case, Workspace, all_cases, site_size
from .files import describe_dataset, yaml_bytes
from .generate import generate
from .machine import code_state, describe, source_fingerprint
from .measure import REPO, Sample, measure
from .problems import write_pair
from .report import figures_table, ratios, ratios_table, summarise, targets, targets_table
from .sanity import baselines_reject_broken

# members of the file of the "time per problem" rows (the quick smoke run: fewer)
PROBLEM_MEMBERS, PROBLEM_MEMBERS_QUICK = 16_000, 1_000

NOTES = """\
## How it was measured

- Every figure is the median wall time of its rounds; the rounds of all cases are interleaved, so a
  busy spell of the machine falls on every case alike. The slow baselines and the 10x run take fewer
  rounds (see the rounds column).
- Each measurement runs in a fresh helper process (`benchmarks/measure.py`) that starts the commands
  and reads `ru_maxrss` of its children: peak memory is that of the largest single process. The cold
  validate forks up to two worker processes; they share the parent's pages copy-on-write and are
  not added to it.
- Cold: an empty `VLAVIRGEM_CACHE` folder every round. Warm: a cache filled by one untimed run
  first. The operating system's file cache is warm throughout (the dataset was just written).
- check-jsonschema runs once per file kind with that kind's schema (schema only: no references
  across files, no rules of time, no line numbers), so its time includes one start-up per kind.
  Most of its time goes into resolving the schemas' references to `common.schema.json` (the
  `referencing` library crawls the schema again on every such lookup), so it is also measured on
  bundled copies of the schemas (`benchmarks/bundle.py`: the common definitions copied in, the
  same rules).
- The "time per problem" rows validate two small datasets of the same bytes (`benchmarks/problems.py`):
  one region file of many members, all sound in one, a bad date in every member of the other. Their
  ratio is what problems cost beyond reading; it stays the same as the file grows (validation is
  linear in the number of problems; tests/test_buried_errors.py counts the work).
- Commands run with Python's default environment (no `PYTHONDONTWRITEBYTECODE`, no
  `PYTHONUNBUFFERED`), after vlavirgem's modules were compiled to bytecode, as installing does.
- The naive pipeline (`benchmarks/naive.py`) loads each file with ruamel.yaml `typ="rt"` and checks
  it with `jsonschema.validate()`, in one process.
"""


def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=None, help="dataset scale (default 1; 0.05 with --quick)")
    parser.add_argument("--rounds", type=int, default=None, help="rounds per case (default 5; 1 with --quick)")
    parser.add_argument("--slow-rounds", type=int, default=3,
                        help="rounds of check-jsonschema, the naive pipeline and the 10x run (default 3)")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: scale 0.05, one round, no check-jsonschema, naive pipeline or 10x")
    parser.add_argument("--no-10x", dest="ten_x", action="store_false", help="skip the 10x measurement")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "RESULTS.md")
    parser.add_argument("--only", default="", help="only the cases whose key starts with one of these "
                                                   "(comma-separated, e.g. site,help)")
    parser.add_argument("--site-baseline", default=SITE_BASELINE, metavar="REV",
                        help="the commit whose site (same scale of data) the size is compared with; '' skips it "
                             f"(default {SITE_BASELINE[:10]}: before the history pages of issue 12)")
    options = parser.parse_args(argv)
    options.scale = options.scale if options.scale is not None else 0.05 if options.quick else 1.0
    options.rounds = options.rounds or (1 if options.quick else 5)
    options.slow_rounds = min(options.slow_rounds, options.rounds)
    options.ten_x = options.ten_x and not options.quick
    options.site_baseline = "" if options.quick else options.site_baseline  # a smoke run builds one site
    return options


def _base_env() -> dict[str, str]:
    """The environment a user runs in: none of our settings, and Python's defaults (this workplace
    sets PYTHONDONTWRITEBYTECODE, which made every run compile the package from source, and
    PYTHONUNBUFFERED)."""
    env = dict(os.environ)
    for name in ("VLAVIRGEM_NO_CACHE", "VLAVIRGEM_DATA", "VLAVIRGEM_CACHE", "PYTHONDONTWRITEBYTECODE",
                 "PYTHONUNBUFFERED"):
        env.pop(name, None)
    return env


def compile_package() -> None:
    """Compile vlavirgem's modules to bytecode first, as installing a wheel does."""
    import vlavirgem

    compileall.compile_dir(Path(vlavirgem.__file__).parent, quiet=1)


def _sample(case: Case, number: int, space: Workspace, env: dict[str, str]) -> Sample:
    planned = case.make(number)
    try:
        return measure(planned.commands, {**env, **planned.env})
    finally:
        shutil.rmtree(space.folder / "scratch", ignore_errors=True)


def run_rounds(cases: list[Case], space: Workspace, warm_each: bool = True) -> dict[str, list[Sample]]:
    """Every case's rounds, interleaved: round 1 of each case, then round 2 of each, and so on.

    A warm case gets one untimed run first; with ``warm_each`` False only the first case of each
    warm cache does (a smoke run saves the time).
    """
    env = _base_env()
    samples: dict[str, list[Sample]] = {case.key: [] for case in cases}
    warmed: set[str] = set()
    for number in range(max(case.rounds for case in cases)):
        for case in cases:
            if case.skipped or number >= case.rounds:
                continue
            if number == 0 and case.warm and (warm_each or case.warm not in warmed):
                _sample(case, number, space, env)
                warmed.add(case.warm)
            sample = _sample(case, number, space, env)
            samples[case.key].append(sample)
            failed = f"  exit {sample.returncodes}: {sample.failure[-200:]!r}" if any(code != case.exit for code in sample.returncodes) else ""
            print(f"round {number + 1}/{case.rounds}  {case.key:<26} {sample.seconds:8.3f} s "
                  f"{sample.peak_mb:7.0f} MB{failed}", file=sys.stderr, flush=True)
    return samples


def _rounds(count: int) -> str:
    return f"{count} round" if count == 1 else f"{count} rounds"


def render(options: argparse.Namespace, facts: dict[str, str], datasets: dict[str, str],
           sanity: dict[str, str], cases: list[Case], samples: dict[str, list[Sample]],
           size_ratio: float | None, site_bytes: tuple[int | None, int | None] = (None, None)) -> str:
    rows = summarise(cases, samples)
    values = ratios(rows, size_ratio, site_bytes)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "# Benchmark results (issue 6)",
        f"Written by `python -m benchmarks.run{' --quick' if options.quick else ''}` on {when}: scale "
        f"{options.scale:g}, {_rounds(options.rounds)} ({options.slow_rounds} for the slow baselines and the "
        "10x run). The data is SYNTHETIC "
        "(`benchmarks/generate.py`). The machine may be shared with other work (see the load average), "
        "so the seconds are noisy; trust the ratios, measured in the same run, more than the seconds.",
        "## Machine\n\n" + "\n".join(f"- {name}: {value}" for name, value in facts.items()),
        "## Data\n\n" + "\n".join(f"- {name}: {value}" for name, value in datasets.items()),
        "## Figures\n\n" + figures_table(rows),
        "## Ratios\n\n" + ratios_table(values),
        "## Targets\n\n" + targets_table(targets(rows, values, options.scale)),
        "## The baselines reject a broken file\n\nA block whose `id` breaks the slug pattern that "
        "`common.schema.json` defines (reached through `$ref`):\n\n"
        + "\n".join(f"- {name}: {verdict}" for name, verdict in sanity.items()),
        NOTES.rstrip(),
    ]
    return "\n\n".join(parts) + "\n"


# main before issues 11, 12 and 14 landed: the site of one day (issues 10 and 15)
SITE_BASELINE = "0f18a634a070"


def baseline_site(rev: str, folder: Path, scale: float) -> tuple[int, int] | None:
    """The files and bytes of the site that the code and data of ``rev`` build at ``scale``, or
    None when the commit is not in this clone (a shallow one)."""
    tree = folder / "baseline"
    tree.mkdir()
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev], capture_output=True)
    if archive.returncode != 0:
        return None
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    env = {**os.environ, "PYTHONPATH": str(tree), "VLAVIRGEM_CACHE": str(folder / "cache-baseline")}
    data, site = folder / "baseline-data", folder / "baseline-site"
    subprocess.run([sys.executable, "-m", "benchmarks.generate", str(data), "--scale", str(scale)],
                   cwd=tree, env=env, check=True, capture_output=True)
    start = "from vlavirgem.cli import run; run()"  # older code has no vlavirgem.__main__
    subprocess.run([sys.executable, "-c", start, "--data", str(data), "site", "build", "--out", str(site)],
                   cwd=tree, env=env, check=True, capture_output=True)
    return site_size(site)


def main(argv: list[str] | None = None) -> None:
    options = _options(argv)
    compile_package()
    facts = describe()
    fingerprint = source_fingerprint(REPO)
    with tempfile.TemporaryDirectory(prefix="vlavirgem-bench-") as temporary:
        folder = Path(temporary)
        data = generate(folder / "data", options.scale)
        changed = folder / "changed"
        shutil.copytree(data, changed)
        big = generate(folder / "data-10x", options.scale * 10) if options.ten_x else None
        datasets = {f"scale {options.scale:g}": describe_dataset(data)}
        if big is not None:
            datasets[f"scale {options.scale * 10:g}"] = describe_dataset(big)
        size_ratio = yaml_bytes(big) / yaml_bytes(data) if big is not None else None
        bundled = write_bundled(list(KINDS), folder / "bundled-schemas")
        sanity = baselines_reject_broken(data, folder / "broken", bundled)
        problems = write_pair(folder, PROBLEM_MEMBERS_QUICK if options.quick else PROBLEM_MEMBERS)
        datasets["time per problem"] = (f"one region file of {PROBLEM_MEMBERS_QUICK if options.quick else PROBLEM_MEMBERS} "
                                        "members, sound and with a bad date in each (benchmarks/problems.py)")
        space = Workspace(folder, data, changed, bundled, big, problems)
        cases = all_cases(space, options.rounds, options.slow_rounds, options.quick)
        if options.only:
            wanted = tuple(key.strip() for key in options.only.split(",") if key.strip())
            cases = [case for case in cases if case.key.startswith(wanted)]
        samples = run_rounds(cases, space, warm_each=not options.quick)
        kept = folder / "site-kept"
        now = site_size(kept) if kept.is_dir() else None
        before = baseline_site(options.site_baseline, folder, options.scale) if options.site_baseline and now else None
        if now:
            datasets["site"] = f"{now[0]} files, {now[1] / 1e6:.1f} MB" + (
                f"; the code of {options.site_baseline[:10]} (before issue 12) builds {before[0]} files, "
                f"{before[1] / 1e6:.1f} MB from the same scale of data" if before else "")
        site_bytes = (now[1] if now else None, before[1] if before else None)
    if source_fingerprint(REPO) != fingerprint:
        facts["vlavirgem source"] += (f"; the package changed while measuring, at the end: {code_state(REPO)}: "
                                      "figures mix the two")
    text = render(options, facts, datasets, sanity, cases, samples, size_ratio, site_bytes)
    sys.stdout.write(text)
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
