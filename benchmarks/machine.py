"""A description of the machine and software a benchmark ran on."""

from __future__ import annotations

import hashlib
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

PACKAGES = ("vlavirgem", "ruamel.yaml", "ruamel.yaml.clib", "jsonschema", "jsonschema-rs", "referencing",
            "check-jsonschema", "typer", "rich", "jinja2")


def _first_value(path: str, key: str) -> str | None:
    """The value of the first ``key: value`` line of a /proc file, if there is one."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for line in lines:
        name, _, value = line.partition(":")
        if name.strip() == key:
            return value.strip()
    return None


def _memory() -> str:
    total = _first_value("/proc/meminfo", "MemTotal")  # "24568368 kB"
    if total is None:
        return "unknown"
    return f"{int(total.split()[0]) / 1024 ** 2:.1f} GiB"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


SOURCE_FOLDERS = ("vlavirgem", "schemas", "site-templates")


def source_fingerprint(repo: Path) -> str:
    """A hash of every file of the package, its schemas and templates, as they are on disk now."""
    digest = hashlib.blake2b(digest_size=16)
    for folder in SOURCE_FOLDERS:
        for path in sorted((repo / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(repo).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def code_state(repo: Path) -> str:
    """The commit measured, and the files of the package and schemas that differ from it."""
    def git(*words: str) -> str:
        done = subprocess.run(["git", *words], cwd=repo, capture_output=True, text=True)
        return done.stdout if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD").strip() or "unknown (not a git work tree)"
    changed = [line[3:] for line in git("status", "--porcelain", "--", *SOURCE_FOLDERS).splitlines()]
    if not changed:
        return commit
    return f"{commit} with uncommitted changes in {', '.join(changed)}"


def describe() -> dict[str, str]:
    """CPU, cores, memory, load, OS, Python and the versions of the packages involved."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    facts = {
        "CPU": _first_value("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": f"{usable} usable ({os.cpu_count()} online)",
        "memory": _memory(),
        "load average at start (1, 5, 15 min)": ", ".join(f"{load:.2f}" for load in os.getloadavg()),
        "OS": platform.platform(),
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
    }
    facts.update({package: _version(package) for package in PACKAGES})
    facts["vlavirgem source"] = code_state(Path(__file__).resolve().parent.parent)
    return facts
