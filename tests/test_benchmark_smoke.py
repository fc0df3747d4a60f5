"""The benchmark runs end to end (``--quick``) and writes every row; no timing is asserted."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from .conftest import REPO

FIGURES = (
    "vlavirgem validate, cold (empty cache)",
    "vlavirgem validate, warm (nothing changed)",
    "vlavirgem validate, warm, one portfolio file changed",
    "vlavirgem validate, VLAVIRGEM_NO_CACHE=1",
    "vlavirgem validate, one file of many sound records (no cache)",
    "vlavirgem validate, the same file, a problem in every record (no cache)",
    "check-jsonschema, per kind (schema only)",
    "check-jsonschema, per kind, schemas bundled (no file references)",
    "naive: ruamel round trip + jsonschema.validate()",
    "vlavirgem unaffiliated (warm)",
    "vlavirgem coverage (warm)",
    "vlavirgem regions (warm)",
    "vlavirgem catalog products (warm)",
    "vlavirgem catalog who-uses synth-product-001 (warm)",
    "vlavirgem catalog standards-coverage (warm)",
    "vlavirgem blocks (warm)",
    "vlavirgem security status (warm)",
    "vlavirgem government show Gent (warm)",
    "vlavirgem changes (warm)",
    "vlavirgem site build (warm)",
    "vlavirgem site build (warm), one file changed, over the site built before",
    "vlavirgem --help (start-up)",
    "vlavirgem validate, cold, at 10x scale",
)
MEASURED_IN_QUICK = (*FIGURES[:6], *FIGURES[9:-1])


def _rows(text: str, heading: str) -> dict[str, list[str]]:
    """The rows of the table under ``## heading`` (header and rule left out), by their first cell."""
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip("|").split(" | ") for line in section.splitlines() if line.startswith("| ")]
    return {cells[0].strip(): [cell.strip() for cell in cells[1:]] for cells in rows[2:]}


def test_quick_benchmark_writes_every_row(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    done = subprocess.run([sys.executable, "-m", "benchmarks.run", "--quick", "--out", str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert text == done.stdout
    for heading in ("Machine", "Data", "Figures", "Ratios", "Targets", "The baselines reject a broken file"):
        assert f"\n## {heading}\n" in text

    figures = _rows(text, "Figures")
    assert tuple(figures) == FIGURES
    for label in MEASURED_IN_QUICK:
        rounds, median, _, memory, note = figures[label]
        if label.startswith("vlavirgem site build (warm)") and note.startswith("skipped"):
            continue  # a vlavirgem without the site command
        assert rounds == "1" and re.fullmatch(r"[0-9.]+ s", median) and re.fullmatch(r"[0-9]+ MB", memory), label
        assert not note, f"{label}: {note}"
    assert figures["vlavirgem validate, cold, at 10x scale"][-1].startswith("skipped")

    ratio = _rows(text, "Ratios")["validate, a problem in every record / none (same bytes)"][0]
    assert re.fullmatch(r"[0-9.]+( \([0-9.]+x faster\))?", ratio), ratio

    verdicts = {verdict.strip("*") for *_, verdict in _rows(text, "Targets").values()}
    assert verdicts <= {"met", "NOT met", "not measured"}
    rejections = text.split("## The baselines reject a broken file", 1)[1].split("\n## ", 1)[0]
    assert rejections.count("rejects it (exit 1, names the bad id)") == 3, rejections
