#!/usr/bin/env python3
"""Record what every vlavirgem command prints and writes, to prove that a change kept behaviour.

Runs each command of the CLI (every query in table, csv and json, validate in its three formats,
every export, the dry runs of the edits, every --help, and a site build) against one data folder,
with "today" fixed, and writes a manifest: one line per output, ``<sha256>  <name>``.  Two manifests
of the same data are equal exactly when every output is byte for byte the same.

    python scripts/snapshot.py DATA [--today 2026-12-01] [--out MANIFEST] [--keep DIR]
    python scripts/snapshot.py DATA --check MANIFEST      # exit 1 and name what differs

Outputs that are not deterministic by design are normalised first and say so in their name: the
xlsx export is compared by its cells (the zip carries a creation time), the sqlite file by its SQL
dump.  Paths of the temporary folders are replaced by fixed words.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

FORMATS = ("table", "csv", "json")

# (name, arguments): every listing runs in each of FORMATS
QUERIES: list[tuple[str, list[str]]] = [
    ("unaffiliated", ["unaffiliated"]),
    ("unaffiliated-2021", ["unaffiliated", "--on", "2021-06-01"]),
    ("unaffiliated-2021-suggest", ["unaffiliated", "--on", "2021-06-01", "--suggest"]),
    ("unaffiliated-2015-ocmw", ["unaffiliated", "--on", "2015-06-01", "--kind", "ocmw", "--suggest"]),
    ("unaffiliated-limburg", ["unaffiliated", "--on", "2021-06-01", "--province", "limburg"]),
    ("governments", ["governments"]),
    ("governments-waasland", ["governments", "--region", "waasland", "--on", "2024-01-01"]),
    ("governments-2018", ["governments", "--on", "2018-06-01", "--kind", "ocmw"]),
    ("regions", ["regions"]),
    ("regions-2021", ["regions", "--on", "2021-06-01"]),
    ("coverage", ["coverage"]),
    ("coverage-2021", ["coverage", "--on", "2021-06-01"]),
    ("coverage-region", ["coverage", "--by", "region"]),
    ("changes", ["changes"]),
    ("changes-all", ["changes", "--from", "2015-01-01", "--to", "2026-12-01"]),
    ("blocks", ["blocks"]),
    ("catalog-products", ["catalog", "products"]),
    ("catalog-products-domain", ["catalog", "products", "--domain", "besluitvorming"]),
    ("catalog-vendors", ["catalog", "vendors"]),
    ("catalog-standards", ["catalog", "standards"]),
    ("catalog-standards-relevant", ["catalog", "standards", "--relevant"]),
    ("catalog-who-uses", ["catalog", "who-uses", "Gelinkt Notuleren"]),
    ("catalog-who-uses-vendor", ["catalog", "who-uses", "cevi-logins"]),
    ("catalog-compare", ["catalog", "compare", "--domain", "besluitvorming"]),
    ("catalog-compare-region", ["catalog", "compare", "--domain", "besluitvorming", "--by", "region"]),
    ("catalog-standards-coverage", ["catalog", "standards-coverage"]),
    ("catalog-standards-coverage-all", ["catalog", "standards-coverage", "--all", "--relevant"]),
    ("security-status", ["security", "status"]),
    ("security-status-region", ["security", "status", "--by", "region"]),
    ("security-status-province", ["security", "status", "--by", "province"]),
    ("unaffiliated-igs-2025", ["unaffiliated", "--network", "igs-wonen", "--on", "2025-06-01", "--kind", "gemeente"]),
    ("unaffiliated-igs-2026", ["unaffiliated", "--network", "igs-wonen", "--on", "2026-06-01", "--kind", "gemeente"]),
    ("regions-igs", ["regions", "--network", "igs-wonen"]),
    ("coverage-igs", ["coverage", "--network", "igs-wonen"]),
    ("partners-gent", ["partners", "Gent"]),
    ("timeline", ["timeline"]),
    ("timeline-change", ["timeline", "--from", "2019-01-01", "--by", "change"]),
    ("reported", ["reported"]),
    ("reported-security", ["reported", "--topic", "information-security"]),
]

# (name, arguments): commands with one way of printing (or their own --format choices)
SINGLE: list[tuple[str, list[str]]] = [
    ("validate-text", ["validate"]),
    ("validate-json", ["validate", "--format", "json"]),
    ("validate-github", ["validate", "--format", "github"]),
    ("validate-strict", ["validate", "--strict"]),
    ("validate-path", ["validate", "regions"]),
    ("government-show-gent", ["government", "show", "Gent"]),
    ("region-show-network", ["region", "show", "ivago"]),
    ("government-show-zwijndrecht", ["government", "show", "Zwijndrecht", "--on", "2023-06-01"]),
    ("government-show-deinze", ["government", "show", "Deinze"]),
    ("government-show-ocmw", ["government", "show", "OCMW Deinze", "--on", "2020-01-01"]),
    ("government-show-borsbeek", ["government", "show", "gemeente-11007", "--on", "2020-01-01"]),
    ("region-show-waasland", ["region", "show", "waasland", "--on", "2023-06-01"]),
    ("region-show-limburg", ["region", "show", "limburg"]),
    ("block-show", ["block", "show", "gelinkt-notuleren"]),
    ("block-show-name", ["block", "show", "Mijn Burgerprofiel"]),
    ("fmt-check", ["fmt", "--check"]),
    ("join-dry-run", ["join", "Aartselaar", "waasland", "--from", "2026-01-01", "--source", "pinc-gebiedsniveaus", "--dry-run"]),
    ("leave-dry-run", ["leave", "OCMW Deinze", "--on", "2026-06-30", "--only", "--source", "pinc-gebiedsniveaus", "--dry-run"]),
    ("use-dry-run", ["use", "Aartselaar", "notula", "--status", "planned", "--from", "2026-09-01",
                     "--hosting", "saas", "--source", "swarm-harvest-jobs", "--dry-run"]),
    ("adopt-dry-run", ["adopt", "Aartselaar", "gelinkt-notuleren", "--status", "planned",
                       "--from", "2026-09-01", "--source", "pinc-gebiedsniveaus", "--dry-run"]),
    ("cycle-dry-run", ["cycle", "waasland", "gelinkt-notuleren", "--phase", "adoption", "--step", "plan",
                       "--from", "2026-09-01", "--source", "pinc-gebiedsniveaus", "--dry-run"]),
    ("security-set-dry-run", ["security", "set", "Aartselaar", "--status", "in-preparation",
                              "--from", "2026-09-01", "--source", "pinc-gebiedsniveaus", "--dry-run"]),
    ("unknown-government", ["government", "show", "Atlantis"]),
    ("bad-date", ["unaffiliated", "--on", "2021-13-01"]),
]


def run(args: list[str], data: Path, env: dict[str, str], cwd: Path) -> bytes:
    """The command's exit code, stdout and stderr as one byte string."""
    done = subprocess.run([sys.executable, "-c", "from vlavirgem.cli import run; run()", "--data", str(data),
                           *args], capture_output=True, env=env, cwd=cwd, timeout=600, check=False)
    return b"exit %d\n--- stdout\n%s--- stderr\n%s" % (done.returncode, done.stdout, done.stderr)


def help_pages(env: dict[str, str], cwd: Path) -> dict[str, bytes]:
    """The --help of the app, every command and every command of every group."""
    from typer.main import get_command

    from vlavirgem.cli import app

    pages: dict[str, bytes] = {}

    def walk(command, path: list[str]) -> None:
        done = subprocess.run([sys.executable, "-c", "from vlavirgem.cli import run; run()", *path, "--help"],
                              capture_output=True, env={**env, "COLUMNS": "100"}, cwd=cwd, check=False)
        pages["help/" + ("-".join(path) or "vlavirgem")] = done.stdout + done.stderr
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, [*path, name])

    walk(get_command(app), [])
    return pages


def tree(folder: Path, prefix: str) -> dict[str, bytes]:
    """Every file below a folder, by its relative path."""
    return {f"{prefix}/{p.relative_to(folder).as_posix()}": p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def xlsx_cells(path: Path) -> bytes:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    lines = []
    for sheet in book.worksheets:
        lines.append(f"# {sheet.title}")
        lines.extend(repr(row) for row in sheet.iter_rows(values_only=True))
    return "\n".join(lines).encode()


def sqlite_dump(path: Path) -> bytes:
    connection = sqlite3.connect(path)
    try:
        return "\n".join(connection.iterdump()).encode()
    finally:
        connection.close()


def outputs(data: Path, today: str) -> dict[str, bytes]:
    """Every output of every command on ``data``, by name."""
    data = data.resolve()
    result: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="vlavirgem-snapshot-") as tmp:
        work = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("VLAVIRGEM_", "GITHUB_"))}
        env.update(VLAVIRGEM_TODAY=today, VLAVIRGEM_CACHE=str(work / "cache"), COLUMNS="120",
                   NO_COLOR="1", PYTHONHASHSEED="0")
        copy = work / "data"
        shutil.copytree(data, copy)  # the edits' dry runs and fmt read a copy: nothing here writes to DATA

        def normal(raw: bytes) -> bytes:
            return raw.replace(str(work).encode(), b"<work>").replace(str(data).encode(), b"<data>")

        for name, args in QUERIES:
            for form in FORMATS:
                result[f"{name}.{form}"] = normal(run([*args, "--format", form], copy, env, work))
        for name, args in SINGLE:
            summary = work / "summary.md"
            summary.unlink(missing_ok=True)
            extra = {"GITHUB_STEP_SUMMARY": str(summary)} if name == "validate-github" else {}
            result[name] = normal(run(args, copy, {**env, **extra}, work))
            if summary.exists():
                result[f"{name}.summary"] = summary.read_bytes()
        # a cold run and a warm run of validate answer the same
        result["validate-warm"] = normal(run(["validate"], copy, env, work))
        result["validate-no-cache"] = normal(run(["--no-cache", "validate"], copy, env, work))
        for form in ("csv", "json", "xlsx", "sqlite"):
            for history in ((), ("--history",)):
                out = work / f"export-{form}{'-history' if history else ''}"
                name = out.name
                target = out if form == "csv" else out.with_suffix("." + form)
                result[f"{name}.out"] = normal(run(["export", "--to", form, "--out", str(target), *history],
                                          copy, env, work))
                if form == "csv":
                    result.update(tree(target, name))
                elif form == "json":
                    result[f"{name}/file"] = target.read_bytes()
                elif form == "xlsx":
                    result[f"{name}/cells"] = xlsx_cells(target)
                else:
                    result[f"{name}/dump"] = sqlite_dump(target)
        codeowners = work / "CODEOWNERS"
        result["codeowners.out"] = normal(run(["codeowners", "--out", str(codeowners), "--fallback", "@vlavirgem"],
                                          copy, env, work))
        result["codeowners.file"] = codeowners.read_bytes() if codeowners.exists() else b"(none)"
        site = work / "site"
        result["site-build"] = normal(run(["site", "build", "--out", str(site)], copy, env, work))
        result.update(tree(site, "site"))
        result.update(help_pages(env, work))
    return result


def manifest(found: dict[str, bytes]) -> str:
    return "".join(f"{hashlib.sha256(body).hexdigest()}  {name}\n" for name, body in sorted(found.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--today", default="2026-12-01")
    parser.add_argument("--out", type=Path, help="write the manifest here (default: stdout)")
    parser.add_argument("--check", type=Path, help="compare with this manifest; exit 1 on any difference")
    parser.add_argument("--keep", type=Path, help="also write every output into this folder, to diff by hand")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    found = outputs(args.data, args.today)
    if args.keep:
        for name, body in found.items():
            target = args.keep / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
    text = manifest(found)
    if args.check:
        want = dict(line.split("  ", 1)[::-1] for line in args.check.read_text().splitlines())
        have = dict(line.split("  ", 1)[::-1] for line in text.splitlines())
        differ = sorted(n for n in want.keys() | have.keys() if want.get(n) != have.get(n))
        for name in differ:
            state = "missing" if name not in have else "new" if name not in want else "differs"
            print(f"{state}: {name}")
        print(f"{len(have)} outputs, {len(differ)} differ from {args.check}")
        return 1 if differ else 0
    if args.out:
        args.out.write_text(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
