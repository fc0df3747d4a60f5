"""Honesty checks of the baselines: each must reject a broken file, or its speed means nothing.

The broken file is a copy of one building block whose ``id`` is not a slug.  The slug pattern lives
in ``common.schema.json`` and is reached through ``$ref``, so a baseline that rejects it has also
resolved our schemas' references.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping
from pathlib import Path

from .cases import CHECK_JSONSCHEMA, check_jsonschema_commands, naive_command
from .measure import REPO


def write_broken(data: Path, folder: Path) -> Path:
    """A one-file dataset in ``folder``: the first block of ``data`` with an id that is not a slug."""
    source = sorted((data / "blocks").glob("*.yaml"))[0]
    target = folder / "blocks" / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    text = source.read_text(encoding="utf-8")
    broken, count = re.subn(r"^id: .*$", 'id: "Not A Slug!"', text, count=1, flags=re.M)
    assert count == 1, f"{source} has no top-level id line"
    target.write_text(broken, encoding="utf-8")
    return folder


def _verdict(command: list[str]) -> str:
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if done.returncode == 1 and "Not A Slug!" in done.stdout + done.stderr:
        return "rejects it (exit 1, names the bad id)"
    return f"does NOT reject it properly (exit {done.returncode})"


def baselines_reject_broken(data: Path, folder: Path, bundled: Mapping[str, Path]) -> dict[str, str]:
    """For each baseline: what it does with the broken file."""
    broken = write_broken(data, folder)
    verdicts = {}
    if CHECK_JSONSCHEMA is not None:
        verdicts["check-jsonschema"] = _verdict(check_jsonschema_commands(broken)[0])
        verdicts["check-jsonschema, bundled schemas"] = _verdict(check_jsonschema_commands(broken, bundled)[0])
    verdicts["naive pipeline"] = _verdict(naive_command(broken))
    return verdicts
