"""A property of every editing command: on a synthetic dataset full of comments, any sequence of
random edits either leaves data that validates, with every comment and every file it did not
change byte for byte as before, or is refused with nothing written; never a traceback.

CI runs a few examples; ``VLAVIRGEM_HYPOTHESIS_EXAMPLES=N`` runs N (the 10-minute run of
docs/robustness.md used 100000 with a time limit)."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from vlavirgem.cli import app
from vlavirgem.core.validation import validate

from .conftest import CASES, TODAY

runner = CliRunner()
EXAMPLES = int(os.environ.get("VLAVIRGEM_HYPOTHESIS_EXAMPLES") or 12)

GOVERNMENTS = ["gemeente-11002", "ocmw-11002", "gemeente-11007", "gemeente-11056", "gemeente-46030",
               "gemeente-99001", "Antwerpen", "Proefdorp (synthetic)", "OCMW Antwerpen"]
REGIONS = ["regio-antwerpen", "waasland"]
COMMENT = "# synthetic test data: a comment that every edit must keep"

days = st.dates(date(2014, 6, 1), date(2030, 12, 31)).map(date.isoformat)
governments = st.sampled_from(GOVERNMENTS)
sources = st.lists(st.sampled_from(["refreg", "nope"]), max_size=2).map(
    lambda chosen: [part for source in chosen for part in ("--source", source)])
dry = st.booleans().map(lambda flag: ["--dry-run"] if flag else [])
only = st.booleans().map(lambda flag: ["--only"] if flag else [])
note = st.one_of(st.just([]), st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
                 .map(lambda text: ["--note", text]))

edits = st.one_of(
    st.tuples(st.just(["join"]), governments.map(lambda g: [g]), st.sampled_from(REGIONS).map(lambda r: [r]),
              days.map(lambda d: ["--from", d]), only, sources, note, dry),
    st.tuples(st.just(["leave"]), governments.map(lambda g: [g]), days.map(lambda d: ["--on", d]), only, sources,
              dry),
    st.tuples(st.just(["adopt"]), governments.map(lambda g: [g]), st.just(["magda"]),
              st.sampled_from(["aware", "planned", "in-use", "stopped"]).map(lambda s: ["--status", s]),
              days.map(lambda d: ["--from", d]), sources, note, dry),
    st.tuples(st.just(["use"]), governments.map(lambda g: [g]), st.just(["acme-notulen"]),
              st.sampled_from(["planned", "in-use", "phasing-out", "retired"]).map(lambda s: ["--status", s]),
              days.map(lambda d: ["--from", d]),
              st.sampled_from([[], ["--hosting", "saas"], ["--hosting", "on-premises"]]), sources, dry),
    st.tuples(st.just(["security", "set"]), governments.map(lambda g: [g]),
              st.sampled_from(["none", "in-preparation", "adopted", "expired"]).map(lambda s: ["--status", s]),
              days.map(lambda d: ["--from", d]), sources, dry),
    st.tuples(st.just(["cycle"]), st.sampled_from(REGIONS).map(lambda r: [r]), st.just(["magda"]),
              st.sampled_from(["dissemination", "adoption", "innovation", "standardisation"]).map(
                  lambda p: ["--phase", p]),
              st.sampled_from(["plan", "do", "check", "act"]).map(lambda s: ["--step", s]),
              days.map(lambda d: ["--from", d]), sources, dry),
    st.tuples(st.just(["fmt"]), st.sampled_from([[], ["--check"]])),
).map(lambda parts: [word for part in parts for word in part])


def _commented(root: Path) -> None:
    """Every data file gets a comment at its top and its end, and a blank line after its first line."""
    for path in root.rglob("*.yaml"):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text(f"{COMMENT}\n{lines[0]}\n{''.join(lines[1:])}{COMMENT} (end)\n", encoding="utf-8")


def _files(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()
            and path.name != ".vlavirgem.lock"}


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edits, min_size=1, max_size=3))
def test_random_edits_validate_or_write_nothing_and_keep_comments(commands: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "data"
        shutil.copytree(CASES / "base" / "data", root)
        _commented(root)
        for command in commands:
            before = _files(root)
            result = runner.invoke(app, [*command, "--data", str(root)])
            assert result.exit_code in (0, 1, 2), (command, result.output)
            assert result.exception is None or isinstance(result.exception, SystemExit), \
                (command, repr(result.exception))
            after = _files(root)
            if result.exit_code != 0 or "--dry-run" in command or "--check" in command:
                assert after == before, (command, result.output)
                continue
            assert set(before) <= set(after), command  # nothing is deleted
            assert all(p.parent.name == "portfolios" for p in set(after) - set(before)), command  # new portfolios
            _, report = validate(root, TODAY)
            assert report.errors == 0, (command, [str(p) for p in report.problems])
            changed = {p for p in after if before.get(p) != after[p]}
            assert all(p.suffix == ".yaml" for p in changed), command  # only data files change
            mark = COMMENT.encode("utf-8")
            for path in before:  # the comments stay (a portfolio made by an earlier edit has none)
                assert after[path].count(mark) == before[path].count(mark), (command, path)
            assert not [p for p in after if p.name.startswith(".") and p.suffix in (".tmp", ".old")], command
            assert not (root / ".vlavirgem.journal").exists()
        shutil.rmtree(root)


def test_the_property_sees_edits_that_write(tmp_path: Path) -> None:
    """The strategy reaches writes as well as refusals (a property over only refusals proves little)."""
    root = tmp_path / "data"
    shutil.copytree(CASES / "base" / "data", root)
    _commented(root)
    day = (TODAY + timedelta(days=3)).isoformat()
    result = runner.invoke(app, ["join", "Proefdorp (synthetic)", "waasland", "--from", day, "--source", "refreg", "--data", str(root)])
    assert result.exit_code == 0, result.output
    assert (root / "regions" / "waasland.yaml").read_text(encoding="utf-8").count(COMMENT) == 2
