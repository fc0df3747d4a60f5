"""merge apply: replaying the real 2025 mergers on the data as it stood before them gives the shipped
register and memberships; applying twice changes nothing; what a person must decide is reported."""

from __future__ import annotations

import csv
import importlib.util
import shutil
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from vlavirgem.cli import app
from vlavirgem.core.dataset import load_dataset
from vlavirgem.core.model import Dataset, Membership
from vlavirgem.core.problems import UsageError
from vlavirgem.core.validation import validate
from vlavirgem.editing.changeset import Changeset
from vlavirgem.editing.mergers import Merger, apply_mergers, read_mergers

from .conftest import REPO, SHIPPED_DATA, TODAY

REFERENCE = REPO.parent / "shared" / "reference"
needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference is not beside this clone")
MERGER_DAY = "2025-01-01"
runner = CliRunner()


def _csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or ()), list(reader)


def _write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _reference_before_2025(out: Path) -> Path:
    """The reference facts as they stood on 2024-12-31: the 2019 vintage is the latest, the 2025 mergers
    and every row that starts on 2025-01-01 are left out, and what ended on 2024-12-31 runs on."""
    shutil.copytree(REFERENCE, out, ignore=shutil.ignore_patterns("*.geojson"))
    shutil.copyfile(REFERENCE / "municipalities-2019.csv", out / "municipalities-2025.csv")
    columns, rows = _csv(REFERENCE / "kbo-2019.csv")
    _write_csv(out / "kbo-2025.csv", [*columns, "basis"], [{**row, "basis": "unchanged"} for row in rows])
    columns, rows = _csv(REFERENCE / "mergers.csv")
    _write_csv(out / "mergers.csv", columns, [r for r in rows if r["effective_date"] != MERGER_DAY])
    columns, rows = _csv(REFERENCE / "reference-region-members.csv")
    _write_csv(out / "reference-region-members.csv", columns,
               [{**r, "valid_until": "" if r["valid_until"] == "2024-12-31" else r["valid_until"]}
                for r in rows if r["valid_from"] < MERGER_DAY])
    kbo = {(r["nis_code"], r["entity_type"]): r["kbo_number"] for r in _csv(REFERENCE / "kbo-2019.csv")[1]}
    columns, rows = _csv(REFERENCE / "government-software-usage.csv")
    _write_csv(out / "government-software-usage.csv", columns,
               [r for r in rows if kbo.get((r["nis_code"], r["entity_type"])) == r["kbo_number"]])
    columns, rows = _csv(REFERENCE / "lpdc-integrations.csv")
    _write_csv(out / "lpdc-integrations.csv", columns, [r for r in rows if r["since"] < MERGER_DAY])
    for name in ("igs.csv", "igs-members.csv"):  # the IGS wonen snapshots are of 2025 and 2026
        columns, rows = _csv(REFERENCE / name)
        _write_csv(out / name, columns, [])
    return out


def _build_script() -> Any:
    spec = importlib.util.spec_from_file_location("build_data", REPO / "scripts" / "build_data.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@cache
def _replayed(root: Path) -> tuple[Path, list[str], list[str], list[str]]:
    """Build the 2024 data with scripts/build_data.py's own functions, then apply the 2025 mergers."""
    build = _build_script()
    files, names = build.build(_reference_before_2025(root / "reference"), check=False)
    data = root / "data"
    build.write(data, files, names)
    before_errors = [p.message for p in validate(data, date(2024, 12, 31))[1].problems if p.is_error]
    dataset, _ = load_dataset(data)
    changes = Changeset.on(data, dataset)
    mergers = [m for m in read_mergers(REFERENCE / "mergers.csv") if m.effective == date(2025, 1, 1)]
    report = apply_mergers(dataset, changes, mergers, ["pinc-gebiedsniveaus"])
    changes.check(TODAY)
    changes.write()
    return data, before_errors, report.done, report.decisions


@pytest.fixture(scope="module")
def replay(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], list[str], list[str]]:
    if not REFERENCE.is_dir():
        pytest.skip("../shared/reference is not beside this clone")
    return _replayed(tmp_path_factory.mktemp("replay"))


def _coalesced(members: list[Membership]) -> set[tuple[str, str, str | None, str | None]]:
    """Memberships as spans per government and region, touching spans joined: the shipped data splits
    every membership on 2025-01-01 (its reference table changed NIS codes that day), the replay only
    where a government changed."""
    spans: dict[tuple[str, str], list[list[date | None]]] = {}
    for member in sorted(members, key=lambda m: (m.government, m.region, m.interval.start or date.min)):
        runs = spans.setdefault((member.government, member.region), [])
        start, end = member.interval.start, member.interval.end
        if runs and runs[-1][1] is not None and start is not None and (start - runs[-1][1]).days == 1:  # type: ignore[operator]
            runs[-1][1] = end
        else:
            runs.append([start, end])
    return {(government, region, str(start) if start else None, str(end) if end else None)
            for (government, region), runs in spans.items() for start, end in runs}


def _shipped() -> Dataset:
    return load_dataset(SHIPPED_DATA)[0]


@needs_reference
def test_the_data_before_2025_is_valid_and_the_replay_needs_no_decision(replay) -> None:  # type: ignore[no-untyped-def]
    data, before_errors, done, decisions = replay
    assert before_errors == []
    assert decisions == []
    assert "created gemeente-46030 (Beveren-Kruibeke-Zwijndrecht) from 2025-01-01 in oost-vlaanderen.yaml" in done
    assert "gemeente-11007 (Borsbeek) ends on 2024-12-31, succeeded by gemeente-11002" in done
    assert validate(data, TODAY)[1].problems == ()


@needs_reference
def test_the_replayed_register_has_the_shipped_validity_and_successors(replay) -> None:  # type: ignore[no-untyped-def]
    """Expected to match: the set of governments, every valid_from, valid_until and successor, the
    names and arrondissements of the new governments.  Not expected to match: KBO and OVO numbers and
    notes of the governments created on 2025-01-01 (the mergers file does not give them; the shipped
    register has them from the organisation portal), and their sources (the replay cites the one
    source passed with --source)."""
    replayed, shipped = load_dataset(replay[0])[0], _shipped()
    assert set(replayed.governments) == set(shipped.governments)
    for government_id, expected in shipped.governments.items():
        actual = replayed.governments[government_id]
        assert (actual.validity, actual.successor) == (expected.validity, expected.successor), government_id
    created = {g.id for g in shipped.governments.values() if g.validity.start == date(2025, 1, 1)}
    assert len(created) == 2 * 12  # twelve new NIS codes, a gemeente and an OCMW each
    for government_id in created:
        actual, expected = replayed.governments[government_id], shipped.governments[government_id]
        assert (actual.name, actual.province, actual.arrondissement) == \
               (expected.name, expected.province, expected.arrondissement)
        assert (actual.kbo, actual.ovo, actual.raw.get("note")) == (None, None, None)
        assert expected.kbo and expected.ovo


@needs_reference
def test_the_replayed_memberships_and_territory_are_the_shipped_ones(replay) -> None:  # type: ignore[no-untyped-def]
    """Expected to match: who is member of which region on every day (memberships as spans with
    touching spans joined) and the same for the territory of the reference regions."""
    replayed, shipped = load_dataset(replay[0])[0], _shipped()
    assert _coalesced(replayed.memberships()) == _coalesced(shipped.memberships())

    def territory(dataset: Dataset) -> list[Membership]:
        return [part for region in dataset.reference_regions.values() for part in region.territory]

    assert _coalesced(territory(replayed)) == _coalesced(territory(shipped))


@needs_reference
def test_the_predecessors_software_ends_with_them_and_carries_over(replay) -> None:  # type: ignore[no-untyped-def]
    """Expected to match: every predecessor's software use ends on 2024-12-31, as in the shipped data.
    Not compared: the successors' software, which the shipped data takes from later observations; the
    replay carries each predecessor's product over from 2025-01-01."""
    replayed, shipped = load_dataset(replay[0])[0], _shipped()
    ended = {g.id for g in shipped.governments.values() if g.validity.end == date(2024, 12, 31)}
    for government_id in ended & set(shipped.portfolios):
        assert sorted((u.product, u.interval.end) for u in replayed.portfolios[government_id].software) == \
               sorted((u.product, u.interval.end) for u in shipped.portfolios[government_id].software)
    beveren = {u.product for u in replayed.portfolios["gemeente-46003"].software}
    carried = {(u.product, u.status) for u in replayed.portfolios["gemeente-46030"].software
               if u.interval.start == date(2025, 1, 1)}
    assert beveren and {product for product, _ in carried} >= beveren
    assert all(status == "in-use" for _, status in carried)


@needs_reference
def test_applying_the_mergers_again_changes_nothing(replay) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["merge", "apply", str(REFERENCE / "mergers.csv"), "--source", "pinc-gebiedsniveaus",
                                 "--data", str(replay[0])])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Nothing to do: the data already says what the file says.\n"
    assert "No file changes." in result.stderr


@needs_reference
def test_the_shipped_data_already_says_what_the_reference_mergers_say() -> None:
    dataset, _ = load_dataset(SHIPPED_DATA)
    changes = Changeset.on(SHIPPED_DATA, dataset)
    report = apply_mergers(dataset, changes, read_mergers(REFERENCE / "mergers.csv"), ["pinc-gebiedsniveaus"])
    assert (report.done, report.decisions, changes.changes()) == ([], [], [])


# -- hand-built cases --------------------------------------------------------------------------------------

def test_predecessors_in_different_regions_need_a_decision(base_data: Path) -> None:
    dataset, _ = load_dataset(base_data)
    changes = Changeset.on(base_data, dataset)
    merger = Merger("11099", "Groot-Antwerpen", date(2026, 1, 1),
                    (("11002", "Antwerpen"), ("46030", "Beveren-Kruibeke-Zwijndrecht")))
    report = apply_mergers(dataset, changes, [merger], ["refreg"])
    assert report.done == [
        "created gemeente-11099 (Groot-Antwerpen) from 2026-01-01 in antwerpen.yaml",
        "gemeente-11002 (Antwerpen) ends on 2025-12-31, succeeded by gemeente-11099",
        "gemeente-46030 (Beveren-Kruibeke-Zwijndrecht) ends on 2025-12-31, succeeded by gemeente-11099",
        "gemeente-11002 (Antwerpen): membership of regio-antwerpen ends on 2025-12-31",
        "gemeente-46030 (Beveren-Kruibeke-Zwijndrecht): membership of waasland ends on 2025-12-31",
    ]
    assert report.decisions == [
        "Groot-Antwerpen (gemeente-11099, 2026-01-01): the predecessors were in different regions on 2025-12-31 "
        "(gemeente-11002 (Antwerpen) in regio-antwerpen; gemeente-46030 (Beveren-Kruibeke-Zwijndrecht) in waasland); "
        "decide which, then: vlavirgem join gemeente-11099 REGION --from 2026-01-01",
        "Groot-Antwerpen (ocmw-11099, 2026-01-01): the predecessor ocmw-46030 (Beveren-Kruibeke-Zwijndrecht) is not "
        "in the register; add it, or correct the file",
    ]
    assert "+  - id: gemeente-11099\n+    kind: gemeente\n+    nis: '11099'\n+    name: Groot-Antwerpen\n" in changes.diff()
    changes.check(TODAY)


def test_a_successor_keeping_a_predecessors_nis_code_goes_on(base_data: Path) -> None:
    dataset, _ = load_dataset(base_data)
    changes = Changeset.on(base_data, dataset)
    merger = Merger("99001", "Proefdorp (synthetic)", date(2026, 1, 1), (("99001", "Proefdorp"), ("11002", "Antwerpen")))
    report = apply_mergers(dataset, changes, [merger], ["refreg"])
    assert report.done[:3] == [
        "gemeente-11002 (Antwerpen) ends on 2025-12-31, succeeded by gemeente-99001",
        "gemeente-11002 (Antwerpen): membership of regio-antwerpen ends on 2025-12-31",
        "gemeente-99001 joins region regio-antwerpen from 2026-01-01",
    ]
    changes.check(TODAY)
    changes.write()
    after, _ = load_dataset(base_data)
    assert after.governments["gemeente-99001"].validity.start is None
    assert after.governments["gemeente-11002"].successor == "gemeente-99001"


@pytest.mark.parametrize(("text", "message"), [
    ("old_nis,new_nis,effective_date\n", "the header lacks the columns old_name, new_name"),
    ("old_nis,old_name,new_nis,new_name,effective_date\n1100,X,11099,Y,2025-01-01\n",
     "mergers.csv:2: old_nis '1100' is not a five-digit NIS code"),
    ("old_nis,old_name,new_nis,new_name,effective_date\n11002,X,11099,Y,2025-13-01\n",
     "mergers.csv:2: effective_date '2025-13-01' is not a date"),
    ("old_nis,old_name,new_nis,new_name,effective_date\n11002,X,11099,Y,2025-01-01\n11007,Z,11099,W,2025-01-01\n",
     "mergers.csv:2: the rows of 11099 disagree on new_name or effective_date"),
])
def test_a_bad_mergers_file_is_refused_with_its_row(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "mergers.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_mergers(path)


def test_merge_apply_needs_a_source(base_data: Path, tmp_path: Path) -> None:
    path = tmp_path / "mergers.csv"
    path.write_text("old_nis,old_name,new_nis,new_name,effective_date\n", encoding="utf-8")
    result = runner.invoke(app, ["merge", "apply", str(path), "--data", str(base_data)])
    assert result.exit_code == 2
    assert "--source ID is required: the source that backs these mergers" in result.stderr
