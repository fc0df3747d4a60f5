"""join and leave: the library on hand-built and real data, the commands, and random sequences that
always leave valid data."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from vlavirgem.cli import app
from vlavirgem.core.dataset import load_dataset
from vlavirgem.core.problems import UsageError
from vlavirgem.core.validation import validate
from vlavirgem.editing.changeset import Changeset
from vlavirgem.editing.membership import join, leave
from vlavirgem.queries.affiliation import region_of

from .conftest import CASES, SHIPPED_DATA, TODAY

runner = CliRunner()


def _open(data: Path):  # type: ignore[no-untyped-def]
    dataset, _ = load_dataset(data)
    return dataset, Changeset.on(data, dataset)


def _apply(changes: Changeset) -> None:
    changes.check(TODAY)
    changes.write()


@pytest.fixture
def real_data(tmp_path: Path) -> Path:
    """A copy of the shipped data without the boundaries (edits never read them)."""
    return Path(shutil.copytree(SHIPPED_DATA, tmp_path / "data", ignore=shutil.ignore_patterns("geo")))


def test_joining_another_region_closes_the_running_membership_the_day_before_for_the_pair(real_data: Path) -> None:
    dataset, changes = _open(real_data)
    steps = join(dataset, changes, dataset.governments["ocmw-11001"], dataset.regions["waasland"], date(2026, 1, 1),
                 sources=["pinc-gebiedsniveaus"])
    assert steps == ["ocmw-11001 (Aartselaar) leaves regio-antwerpen after 2025-12-31",
                     "ocmw-11001 (Aartselaar) joins waasland from 2026-01-01",
                     "gemeente-11001 (Aartselaar) leaves regio-antwerpen after 2025-12-31",
                     "gemeente-11001 (Aartselaar) joins waasland from 2026-01-01"]
    assert [c.path.name for c in changes.changes()] == ["regio-antwerpen.yaml", "waasland.yaml"]
    _apply(changes)
    after, _ = load_dataset(real_data)
    for kind in ("gemeente", "ocmw"):
        assert region_of(after, f"{kind}-11001", date(2025, 12, 31)) == "regio-antwerpen"
        assert region_of(after, f"{kind}-11001", date(2026, 1, 1)) == "waasland"
    # Aartselaar lies in REFREG01, not in Waasland's REFREG14: allowed, with a warning for each of the pair
    problems = validate(real_data, TODAY)[1].problems
    assert [(p.code, p.severity) for p in problems] == [("outside-territory", "warning")] * 2
    assert all("from 2026-01-01: it lies in REFREG01" in p.message for p in problems)


def test_only_moves_just_the_government_named(base_data: Path) -> None:
    dataset, changes = _open(base_data)
    join(dataset, changes, dataset.governments["gemeente-11002"], dataset.regions["waasland"], date(2026, 1, 1),
         only=True)
    _apply(changes)
    after, _ = load_dataset(base_data)
    assert region_of(after, "gemeente-11002", date(2026, 1, 1)) == "waasland"
    assert region_of(after, "ocmw-11002", date(2026, 1, 1)) == "regio-antwerpen"


def test_joining_the_own_region_again_changes_nothing(base_data: Path) -> None:
    dataset, changes = _open(base_data)
    steps = join(dataset, changes, dataset.governments["gemeente-11002"], dataset.regions["regio-antwerpen"],
                 date(2026, 1, 1))
    assert steps[0] == ("gemeente-11002 (Antwerpen) is already a member of regio-antwerpen on 2026-01-01 "
                        "(since 2021-03-12): nothing to do")
    assert changes.changes() == []


def test_a_merged_government_is_refused_with_its_successor(base_data: Path) -> None:
    dataset, changes = _open(base_data)
    with pytest.raises(UsageError, match=r"gemeente-11007 \(Borsbeek\) does not exist on 2025-02-01: it ended on "
                                         r"2024-12-31 and merged into gemeente-11002 \(Antwerpen\); join its "
                                         "successor instead"):
        join(dataset, changes, dataset.governments["gemeente-11007"], dataset.regions["waasland"], date(2025, 2, 1))


def test_a_membership_joined_before_a_recorded_one_ends_the_day_before_it(base_data: Path) -> None:
    dataset, changes = _open(base_data)
    steps = join(dataset, changes, dataset.governments["gemeente-11056"], dataset.regions["waasland"],
                 date(2020, 1, 1))
    assert steps == ["gemeente-11056 (Zwijndrecht) joins waasland from 2020-01-01 until 2021-03-11 "
                     "(a later membership starts the day after)"]
    _apply(changes)


def test_a_membership_of_a_government_that_later_merged_ends_on_its_last_day(base_data: Path) -> None:
    dataset, changes = _open(base_data)
    steps = join(dataset, changes, dataset.governments["gemeente-11007"], dataset.regions["waasland"],
                 date(2024, 6, 1))
    assert steps[1] == "gemeente-11007 (Borsbeek) joins waasland from 2024-06-01 until 2024-12-31 (its last day)"
    assert steps[2] == "ocmw-11007 (Borsbeek) joins waasland from 2024-06-01 until 2024-12-31 (its last day)"
    _apply(changes)
    assert validate(base_data, TODAY)[1].errors == 0


def test_joining_on_the_day_another_membership_starts_is_refused(base_data: Path) -> None:
    dataset, changes = _open(base_data)
    with pytest.raises(UsageError, match="already joins waasland on 2023-03-19; correct that membership"):
        join(dataset, changes, dataset.governments["gemeente-11056"], dataset.regions["regio-antwerpen"],
             date(2023, 3, 19))


def test_leave_writes_the_last_day_as_until_and_cites_the_source(base_data: Path) -> None:
    dataset, changes = _open(base_data)
    steps = leave(dataset, changes, dataset.governments["ocmw-11002"], date(2026, 6, 30), sources=["statbel-refnis"])
    assert steps == ["ocmw-11002 (Antwerpen) leaves regio-antwerpen after 2026-06-30",
                     "gemeente-11002 (Antwerpen) leaves regio-antwerpen after 2026-06-30"]
    assert changes.diff().count("+    until: 2026-06-30\n") == 2
    assert changes.diff().count("+    sources: [refreg, statbel-refnis]\n") == 2
    _apply(changes)
    after, _ = load_dataset(base_data)
    assert region_of(after, "gemeente-11002", date(2026, 6, 30)) == "regio-antwerpen"
    assert region_of(after, "gemeente-11002", date(2026, 7, 1)) is None


def test_leaving_without_a_membership_is_an_error_and_leaving_twice_does_nothing(base_data: Path) -> None:
    dataset, changes = _open(base_data)
    with pytest.raises(UsageError, match=r"gemeente-99001 \(Proefdorp \(synthetic\)\) is member of no region"):
        leave(dataset, changes, dataset.governments["gemeente-99001"], date(2026, 1, 1))
    steps = leave(dataset, changes, dataset.governments["gemeente-11056"], date(2024, 12, 31), only=True)
    assert steps == ["gemeente-11056 (Zwijndrecht) already leaves waasland after 2024-12-31: nothing to do"]
    assert changes.changes() == []


# -- the commands --------------------------------------------------------------------------------------

def test_join_command_dry_run_shows_the_diff_and_writes_nothing(real_data: Path) -> None:
    before = (real_data / "regions" / "waasland.yaml").read_bytes()
    result = runner.invoke(app, ["join", "Aartselaar", "waasland", "--from", "2026-01-01", "--dry-run",
                                 "--source", "pinc-gebiedsniveaus", "--data", str(real_data)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("gemeente-11001 (Aartselaar) leaves regio-antwerpen after 2025-12-31\n")
    assert "+  - government: gemeente-11001  # Aartselaar\n+    from: 2026-01-01\n+    sources: [pinc-gebiedsniveaus]\n" \
           in result.stdout
    assert "Dry run: nothing was written." in result.stderr
    assert (real_data / "regions" / "waasland.yaml").read_bytes() == before


def test_join_and_leave_commands_write_and_the_result_is_canonical(base_data: Path) -> None:
    assert runner.invoke(app, ["fmt", "--data", str(base_data)]).exit_code == 0
    result = runner.invoke(app, ["join", "--source", "refreg", "OCMW Antwerpen", "Waasland", "--from", "2026-01-01", "--data", str(base_data)])
    assert result.exit_code == 0, result.output
    assert "Wrote " in result.stderr
    result = runner.invoke(app, ["leave", "--source", "refreg", "11002", "--on", "2026-12-31", "--only", "--data", str(base_data)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "gemeente-11002 (Antwerpen) leaves waasland after 2026-12-31"
    assert runner.invoke(app, ["fmt", "--check", "--data", str(base_data)]).exit_code == 0
    assert validate(base_data, TODAY)[1].problems == ()


@pytest.mark.parametrize(("args", "message"), [
    (["join", "--source", "refreg", "Borsbeek", "waasland", "--from", "2025-03-01"], "does not exist on 2025-03-01"),
    (["join", "--source", "refreg", "Antwerpen", "wasland", "--from", "2026-01-01"], "there is no region 'wasland'; did you mean 'waasland'"),
    (["join", "--source", "refreg", "Antwerpen", "waasland", "--from", "2026-13-01"], "--from '2026-13-01' is not a date"),
    (["join", "--source", "refreg", "Antwerpen", "waasland", "--from", "2026-01-01", "--source", "refrg"],
     "there is no source 'refrg' in sources.yaml. Did you mean 'refreg'?"),
    (["leave", "--source", "refreg", "Antwerpn", "--on", "2026-01-01"], "did you mean 'Antwerpen'"),
])
def test_membership_commands_explain_wrong_usage_in_one_line(base_data: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--data", str(base_data)])
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


# -- random sequences ------------------------------------------------------------------------------------

GOVERNMENTS = ["gemeente-11002", "ocmw-11002", "gemeente-11007", "ocmw-11007", "gemeente-11056", "gemeente-46030",
               "gemeente-99001"]
DAYS = st.integers(0, 365 * 9).map(lambda offset: date(2018, 1, 1) + timedelta(days=offset))
OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("join"), st.sampled_from(GOVERNMENTS), st.sampled_from(["regio-antwerpen", "waasland"]),
              DAYS, st.booleans()),
    st.tuples(st.just("leave"), st.sampled_from(GOVERNMENTS), st.just(""), DAYS, st.booleans()),
), min_size=1, max_size=6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_any_sequence_of_joins_and_leaves_leaves_valid_data(tmp_path_factory: pytest.TempPathFactory,
                                                            operations: list[tuple[str, str, str, date, bool]]) -> None:
    data = Path(shutil.copytree(CASES / "base" / "data", tmp_path_factory.mktemp("seq") / "data"))
    for verb, government_id, region_id, day, only in operations:
        dataset, changes = _open(data)
        government = dataset.governments[government_id]
        try:
            if verb == "join":
                join(dataset, changes, government, dataset.regions[region_id], day, only=only)
            else:
                leave(dataset, changes, government, day, only=only)
            _apply(changes)  # an EditRefused here fails the test: a join or leave that is allowed must validate
        except UsageError as refused:  # refused up front, with a reason that names the conflict
            assert any(text in str(refused) for text in ("does not exist", "member of no region", "already joins"))
            continue
        after, report = validate(data, TODAY)
        assert report.errors == 0, [p.message for p in report.problems]
        if verb == "join" and government.valid_on(day):
            assert region_of(after, government_id, day) == region_id
        if verb == "leave":
            assert region_of(after, government_id, day + timedelta(days=1)) is None or \
                   not government.valid_on(day + timedelta(days=1))
