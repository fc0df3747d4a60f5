"""adopt, use, security set and cycle: a dated fact closes the one before it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmarks.synthetic import write_synthetic
from vlavirgem.cli import app
from vlavirgem.core.dataset import load_dataset
from vlavirgem.core.problems import UsageError
from vlavirgem.core.validation import validate
from vlavirgem.editing.changeset import Changeset
from vlavirgem.editing.facts import adopt, cycle, security, use

from .conftest import SHIPPED_DATA, TODAY

runner = CliRunner()


def _open(data: Path):  # type: ignore[no-untyped-def]
    dataset, _ = load_dataset(data)
    return dataset, Changeset.on(data, dataset)


def _write(changes: Changeset) -> None:
    changes.check(TODAY)
    changes.write()


def test_a_new_status_closes_the_running_one_the_day_before(base_data: Path) -> None:
    dataset, changes = _open(base_data)
    steps = adopt(changes, dataset, dataset.governments["gemeente-99001"], dataset.blocks["magda"], "stopped",
                  date(2026, 1, 1), evidence="Council decision.", sources=["refreg"])
    assert steps == ["gemeente-99001 (Proefdorp (synthetic)) magda: the record from 2020-01-01 ends on 2025-12-31",
                     "gemeente-99001 (Proefdorp (synthetic)) magda: status stopped from 2026-01-01"]
    assert changes.diff().endswith(
        "   - block: magda\n"
        "     status: in-use\n"
        "     from: 2020-01-01\n"
        "+    until: 2025-12-31\n"
        "     sources: [statbel-refnis]\n"
        "+  - block: magda\n"
        "+    status: stopped\n"
        "+    from: 2026-01-01\n"
        "+    evidence: Council decision.\n"
        "+    sources: [refreg]\n"
        " security_plan:\n"
        "   - status: in-preparation\n"
        "     from: 2016-01-01\n")
    _write(changes)
    assert validate(base_data, TODAY)[1].problems == ()


def test_the_same_status_again_changes_nothing(base_data: Path) -> None:
    dataset, changes = _open(base_data)
    steps = adopt(changes, dataset, dataset.governments["gemeente-99001"], dataset.blocks["magda"], "in-use",
                  date(2026, 1, 1))
    assert steps == ["gemeente-99001 (Proefdorp (synthetic)) magda: already status in-use on 2026-01-01 "
                     "(since 2020-01-01): nothing to do"]
    assert changes.changes() == []


def test_a_government_without_a_portfolio_gets_a_new_canonical_file(base_data: Path) -> None:
    dataset, changes = _open(base_data)
    adopt(changes, dataset, dataset.governments["ocmw-11002"], dataset.blocks["magda"], "aware", date(2019, 5, 1))
    [change] = changes.changes()
    assert change.path == base_data / "catalog" / "portfolios" / "ocmw-11002.yaml" and change.before is None
    assert change.after == (b"government: ocmw-11002  # Antwerpen\n"
                            b"building_blocks:\n  - block: magda\n    status: aware\n    from: 2019-05-01\n")
    _write(changes)
    assert runner.invoke(app, ["fmt", "--check", "--data", str(base_data), str(change.path)]).exit_code == 0


def test_a_fact_put_into_history_ends_before_the_next_and_a_clash_on_the_same_day_is_refused(base_data: Path) -> None:
    dataset, changes = _open(base_data)
    proefdorp = dataset.governments["gemeente-99001"]
    assert security(changes, dataset, proefdorp, "none", date(2015, 1, 1), sources=["refreg"])[-1] == \
        "gemeente-99001 (Proefdorp (synthetic)) security plan: status none from 2015-01-01 until 2015-12-31"
    with pytest.raises(UsageError, match=r"security plan already has a record from 2016-07-01 \(.*gemeente-99001.yaml:19\)"):
        security(changes, dataset, proefdorp, "expired", date(2016, 7, 1))
    _write(changes)
    assert validate(base_data, TODAY)[1].problems == ()


def test_a_new_use_keeps_hosting_standards_and_url_of_the_running_one(base_data: Path) -> None:
    dataset, changes = _open(base_data)
    steps = use(changes, dataset, dataset.governments["gemeente-99001"], dataset.products["acme-notulen"],
                date(2026, 3, 1), {"status": "phasing-out", "contract_end": date(2026, 12, 31)})
    assert steps[-1] == ("gemeente-99001 (Proefdorp (synthetic)) acme-notulen: status phasing-out, "
                         "contract_end 2026-12-31 from 2026-03-01")
    assert "+  - product: acme-notulen\n+    status: phasing-out\n+    from: 2026-03-01\n" \
           "+    contract_end: 2026-12-31\n+    standards:\n+      - besluit-publicatie\n" in changes.diff()
    _write(changes)


def test_a_merged_government_is_refused_and_pointed_to_its_successor(base_data: Path) -> None:
    dataset, changes = _open(base_data)
    with pytest.raises(UsageError, match=r"does not exist on 2025-06-01: it ended on 2024-12-31 and merged into "
                                         r"gemeente-11002 \(Antwerpen\); record it for its successor instead"):
        adopt(changes, dataset, dataset.governments["gemeente-11007"], dataset.blocks["magda"], "aware",
              date(2025, 6, 1))


def test_a_pdca_step_closes_the_step_before(base_data: Path) -> None:
    dataset, changes = _open(base_data)
    steps = cycle(changes, dataset, dataset.regions["regio-antwerpen"], dataset.blocks["magda"], "adoption", "check",
                  date(2023, 1, 1), sources=["refreg"])
    assert steps == ["regio-antwerpen magda: the record from 2022-01-01 ends on 2022-12-31",
                     "regio-antwerpen magda: phase adoption, step check from 2023-01-01"]
    _write(changes)
    assert validate(base_data, TODAY)[1].problems == ()


def test_facts_on_generated_data(tmp_path: Path) -> None:
    data = write_synthetic(tmp_path / "data", SHIPPED_DATA, governments=3, entries=2)
    dataset, changes = _open(data)
    government = dataset.governments[sorted(dataset.portfolios)[0]]
    block = dataset.portfolios[government.id].building_blocks[-1].block
    day = max(a.interval.start for a in dataset.portfolios[government.id].building_blocks) + timedelta(days=1)  # type: ignore[type-var, operator]
    assert government.valid_on(day)
    adopt(changes, dataset, government, dataset.blocks[block], "stopped", day)
    security(changes, dataset, government, "expired", day)
    first = dataset.regions["waasland"].cycle[0]
    cycle(changes, dataset, dataset.regions["waasland"], dataset.blocks[first.block], "innovation", "plan",
          date(2026, 1, 1))
    _write(changes)
    after, _ = load_dataset(data)
    portfolio = after.portfolios[government.id]
    assert [a.status for a in portfolio.building_blocks if a.block == block and a.interval.contains(day)] == ["stopped"]
    assert [s.status for s in portfolio.security_plan if s.interval.contains(day)] == ["expired"]
    assert [(c.phase, c.step) for c in after.regions["waasland"].cycle
            if c.block == first.block and c.interval.contains(date(2026, 1, 1))] == [("innovation", "plan")]
    assert validate(data, TODAY)[1].errors == 0


# -- the commands ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "added"), [
    (["adopt", "--source", "refreg", "Proefdorp (synthetic)", "MAGDA", "--status", "planned", "--from", "2026-02-01", "--note", "Again."],
     "+    status: planned\n+    from: 2026-02-01\n+    sources: [refreg]\n+    note: Again.\n"),
    (["use", "--source", "refreg", "gemeente-99001", "acme-notulen", "--status", "retired", "--from", "2026-02-01", "--hosting", "saas",
      "--source", "refreg"], "+    status: retired\n+    from: 2026-02-01\n+    hosting: saas\n"),
    (["security", "set", "--source", "refreg", "99001", "--status", "expired", "--from", "2026-02-01", "--evidence", "Lapsed."],
     "+  - status: expired\n+    from: 2026-02-01\n+    evidence: Lapsed.\n"),
    (["cycle", "--source", "refreg", "Regio Antwerpen", "magda", "--phase", "innovation", "--step", "plan", "--from", "2026-02-01"],
     "+  - block: magda\n+    phase: innovation\n+    step: plan\n+    from: 2026-02-01\n"),
])
def test_fact_commands_show_the_diff_and_write(base_data: Path, args: list[str], added: str) -> None:
    dry = runner.invoke(app, [*args, "--dry-run", "--data", str(base_data)])
    assert dry.exit_code == 0, dry.output
    assert added in dry.stdout and "until: 2026-01-31" in dry.stdout
    assert "Dry run: nothing was written." in dry.stderr
    done = runner.invoke(app, [*args, "--data", str(base_data)])
    assert done.exit_code == 0, done.output
    assert done.stdout == dry.stdout
    again = runner.invoke(app, [*args, "--data", str(base_data)])
    assert again.exit_code == 0 and "nothing to do" in again.stdout
    assert validate(base_data, TODAY)[1].problems == ()


@pytest.mark.parametrize(("args", "message"), [
    (["adopt", "--source", "refreg", "gemeente-99001", "magda", "--status", "inuse", "--from", "2026-01-01"],
     "--status 'inuse' is not allowed; did you mean 'in-use'? Choose one of: aware, planned, in-use, stopped."),
    (["use", "--source", "refreg", "gemeente-99001", "acme", "--status", "in-use", "--from", "2026-01-01"], "there is no product 'acme'"),
    (["use", "--source", "refreg", "gemeente-99001", "acme-notulen", "--status", "in-use", "--from", "2026-01-01", "--hosting", "cloud"],
     "--hosting 'cloud' is not allowed"),
    (["security", "set", "--source", "refreg", "gemeente-99001", "--status", "done", "--from", "2026-01-01"], "--status 'done' is not allowed"),
    (["cycle", "--source", "refreg", "waasland", "magda", "--phase", "adopt", "--step", "do", "--from", "2026-01-01"],
     "--phase 'adopt' is not allowed; did you mean 'adoption'?"),
    (["adopt", "--source", "refreg", "gemeente-99001", "magda", "--status", "aware", "--from", "2026-01-01", "--source", "nope"],
     "there is no source 'nope'"),
])
def test_fact_commands_explain_wrong_usage(base_data: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--data", str(base_data)])
    assert result.exit_code == 2
    assert message in result.stderr
