"""What the benchmark measures: one ``Case`` per row of the table, each knowing how to set up a round.

Every vlavirgem command runs with ``--data`` and its own ``VLAVIRGEM_CACHE``: "cold" is a fresh,
empty cache folder every round; "warm" is a cache filled by one untimed run before the first round.
The file system cache is warm in every case (the dataset was just written).
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .files import files_by_kind, schema_file

# the queries and reports measured warm: the two, and one of each other kind (the counting
# ones over every portfolio, a detail view, and the year's changes, the longest listing)
QUERIES = (("unaffiliated",), ("coverage",), ("regions",), ("catalog", "products"),
           ("catalog", "who-uses", "synth-product-001"), ("catalog", "standards-coverage"), ("blocks",),
           ("security", "status"), ("government", "show", "Gent"), ("changes",))


def script(name: str) -> str | None:
    """The console script ``name`` of this Python's environment, else the one on the PATH."""
    sibling = Path(sys.executable).with_name(name)
    return str(sibling) if sibling.exists() else shutil.which(name)


VLAVIRGEM = script("vlavirgem") or "vlavirgem"
CHECK_JSONSCHEMA = script("check-jsonschema")


@dataclass(frozen=True)
class Round:
    """The commands of one round (timed together) and the environment they get on top of the base."""

    commands: list[list[str]]
    env: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    """One row of the table.  ``make(n)`` prepares round n; ``warm`` names the cache that an untimed
    run fills first ("" for none); ``skipped`` says why a case is not run; ``exit`` is the exit code
    every command of it must end with (1: it validates data with problems)."""

    key: str
    label: str
    make: Callable[[int], Round]
    rounds: int
    warm: str = ""
    skipped: str = ""
    exit: int = 0


@dataclass
class Workspace:
    """The temporary folder of one benchmark run and the datasets in it."""

    folder: Path
    data: Path
    changed: Path
    bundled: Mapping[str, Path]
    big: Path | None = None
    # the sound and the broken dataset of the "time per problem" rows (benchmarks/problems.py)
    problems: tuple[Path, Path] | None = None
    _names: itertools.count[int] = field(default_factory=itertools.count)

    @property
    def warm_cache(self) -> str:
        return str(self.folder / "cache-warm")

    def fresh(self, name: str) -> str:
        """A new, empty folder (a cold cache, a site's output) that nothing has used."""
        path = self.folder / "scratch" / f"{name}-{next(self._names)}"
        path.mkdir(parents=True)
        return str(path)


def vlavirgem(data: Path, *words: str) -> list[str]:
    return [VLAVIRGEM, "--data", str(data), *words]


def site_available() -> bool:
    """Whether this vlavirgem has the ``site build`` command (another engineer is finishing it)."""
    done = subprocess.run([VLAVIRGEM, "site", "build", "--help"], capture_output=True)
    return done.returncode == 0


def check_jsonschema_commands(data: Path, schemas: Mapping[str, Path] | None = None) -> list[list[str]]:
    """check-jsonschema once per kind, with that kind's schema (as shipped, or from ``schemas``) and
    all its files."""
    assert CHECK_JSONSCHEMA is not None
    return [[CHECK_JSONSCHEMA, "--schemafile", str(schemas[kind] if schemas else schema_file(kind)),
             *map(str, paths)]
            for kind, paths in files_by_kind(data).items()]


def naive_command(data: Path) -> list[str]:
    return [sys.executable, "-m", "benchmarks.naive", str(data)]


def _changing_file(data: Path, which: str = "validate") -> Callable[[], None]:
    """Something that changes one portfolio file (a new comment line at its end) every time it is called
    (the validate and the site cases each change a file of their own)."""
    found = sorted((data / "catalog" / "portfolios").glob("*.yaml"))
    target = found[0] if which == "validate" else found[-1]
    counter = itertools.count(1)

    def change() -> None:
        text = target.read_text(encoding="utf-8")
        target.write_text(text.rstrip("\n") + f"\n# benchmark change {next(counter)}\n", encoding="utf-8")

    return change


def validate_cases(space: Workspace, rounds: int) -> list[Case]:
    validate = vlavirgem(space.data, "validate")
    change = _changing_file(space.changed)
    change_cache = str(space.folder / "cache-change")

    def after_change(_: int) -> Round:
        change()
        return Round([vlavirgem(space.changed, "validate")], {"VLAVIRGEM_CACHE": change_cache})

    return [
        Case("validate-cold", "vlavirgem validate, cold (empty cache)",
             lambda _: Round([validate], {"VLAVIRGEM_CACHE": space.fresh("cache")}), rounds),
        Case("validate-warm", "vlavirgem validate, warm (nothing changed)",
             lambda _: Round([validate], {"VLAVIRGEM_CACHE": space.warm_cache}), rounds, warm="shared"),
        Case("validate-change", "vlavirgem validate, warm, one portfolio file changed", after_change, rounds,
             warm="change"),
        Case("validate-no-cache", "vlavirgem validate, VLAVIRGEM_NO_CACHE=1",
             lambda _: Round([validate], {"VLAVIRGEM_NO_CACHE": "1", "VLAVIRGEM_CACHE": space.fresh("cache")}),
             rounds),
    ]


def problem_cases(space: Workspace, rounds: int) -> list[Case]:
    """One file of many members, sound and with a bad date in every member: the same bytes, so the
    ratio of the two is the cost of problems alone (it must not grow with their number)."""
    sound, broken = space.problems or (None, None)
    skipped = "" if space.problems else "skipped: no problem datasets"
    return [
        Case("validate-problems-none", "vlavirgem validate, one file of many sound records (no cache)",
             lambda _: Round([vlavirgem(sound, "validate")] if sound else [], {"VLAVIRGEM_NO_CACHE": "1"}),
             rounds, skipped=skipped),
        Case("validate-problems-many", "vlavirgem validate, the same file, a problem in every record (no cache)",
             lambda _: Round([vlavirgem(broken, "validate")] if broken else [], {"VLAVIRGEM_NO_CACHE": "1"}),
             rounds, skipped=skipped, exit=1),
    ]


def baseline_cases(space: Workspace, slow_rounds: int, quick: bool) -> list[Case]:
    cjs_skip = ("skipped: --quick" if quick else
                "skipped: check-jsonschema is not installed" if CHECK_JSONSCHEMA is None else "")
    cjs = [] if cjs_skip else check_jsonschema_commands(space.data)
    bundled = [] if cjs_skip else check_jsonschema_commands(space.data, space.bundled)
    naive = naive_command(space.data)
    return [
        Case("check-jsonschema", "check-jsonschema, per kind (schema only)", lambda _: Round(cjs), slow_rounds,
             skipped=cjs_skip),
        Case("check-jsonschema-bundled", "check-jsonschema, per kind, schemas bundled (no file references)",
             lambda _: Round(bundled), slow_rounds, skipped=cjs_skip),
        Case("naive", "naive: ruamel round trip + jsonschema.validate()", lambda _: Round([naive]),
             slow_rounds, skipped="skipped: --quick" if quick else ""),
    ]


def query_cases(space: Workspace, rounds: int) -> list[Case]:
    warm = {"VLAVIRGEM_CACHE": space.warm_cache}
    cases = [Case("query-" + "-".join(words), f"vlavirgem {' '.join(words)} (warm)",
                  lambda _, words=words: Round([vlavirgem(space.data, *words)], warm), rounds, warm="shared")
             for words in QUERIES]
    site_skip = "" if site_available() else "skipped: this vlavirgem has no site command"
    cases.append(Case("site-build", "vlavirgem site build (warm)",
                      lambda _: Round([vlavirgem(space.data, "site", "build", "--out", space.fresh("site"))],
                                      warm),
                      rounds, warm="shared", skipped=site_skip))
    change = _changing_file(space.changed, "site")
    kept = space.folder / "site-kept"  # built by the untimed first run, then rebuilt in place every round

    def rebuild(_: int) -> Round:
        change()
        return Round([vlavirgem(space.changed, "site", "build", "--out", str(kept))],
                     {"VLAVIRGEM_CACHE": str(space.folder / "cache-site-rebuild")})

    cases.append(Case("site-rebuild", "vlavirgem site build (warm), one file changed, over the site built before",
                      rebuild, rounds, warm="site-rebuild", skipped=site_skip))
    cases.append(Case("help", "vlavirgem --help (start-up)", lambda _: Round([[VLAVIRGEM, "--help"]]), rounds))
    return cases


def site_size(folder: Path) -> tuple[int, int]:
    """The files and bytes of a built site."""
    files = [path for path in folder.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files)


def growth_cases(space: Workspace, slow_rounds: int) -> list[Case]:
    big = space.big
    return [Case("validate-cold-10x", "vlavirgem validate, cold, at 10x scale",
                 lambda _: Round([vlavirgem(big, "validate")] if big else [],
                                 {"VLAVIRGEM_CACHE": space.fresh("cache")}),
                 slow_rounds, skipped="" if big else "skipped: --quick or --no-10x")]


def all_cases(space: Workspace, rounds: int, slow_rounds: int, quick: bool) -> list[Case]:
    """Every row, in the order of the table."""
    return [*validate_cases(space, rounds), *problem_cases(space, rounds), *baseline_cases(space, slow_rounds, quick),
            *query_cases(space, rounds), *growth_cases(space, slow_rounds)]
