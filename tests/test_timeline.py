"""The circles over time (``timeline``), the reported figures (``reported``) and the LPDC adoptions."""

from __future__ import annotations

import itertools
import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from vlavirgem.core.dataset import load_dataset
from vlavirgem.core.model import Dataset
from vlavirgem.queries.reported import reported_figures
from vlavirgem.queries.timeline import change_days, point, timeline

from .catalog_tree import run, validated
from .conftest import SHIPPED_DATA


@pytest.fixture(scope="module")
def real() -> Dataset:
    return load_dataset(SHIPPED_DATA)[0]


def counted_by_hand(dataset: Dataset, day: date) -> tuple[int, int, int]:
    """Valid governments, members of a region and regions with members, straight from the records."""
    valid = {g.id for g in dataset.governments.values() if g.validity.contains(day)}
    placed = {m.government: m.region for m in dataset.memberships() if m.interval.contains(day)}
    members = {g for g in valid if g in placed}
    return len(valid), len(members), len({placed[g] for g in members})


def test_every_point_counts_what_the_records_say_on_every_day_that_matters(real: Dataset) -> None:
    days = change_days(real)
    sample = sorted({*days, *(d - timedelta(days=1) for d in days), date(2015, 1, 1), date(2026, 11, 28)})
    for day in sample:
        found = point(real, day)
        valid, members, circles = counted_by_hand(real, day)
        assert (found.governments, found.members, found.circles) == (valid, members, circles), day
        assert found.unaffiliated == valid - members


def test_by_change_has_a_point_wherever_something_changes_and_nothing_changes_between(real: Dataset) -> None:
    series = timeline(real, date(2015, 1, 1), date(2026, 11, 28), "change")
    points = series.points
    assert [p.day for p in points] == sorted(p.day for p in points)
    for earlier, later in itertools.pairwise(points):
        before = point(real, later.day - timedelta(days=1))  # the last day before the change
        assert (before.governments, before.members, before.circles) == (
            earlier.governments, earlier.members, earlier.circles), later.day


def test_the_real_history_comes_out_as_the_register_and_the_circles_tell_it(real: Dataset) -> None:
    series = {p.day: p for p in timeline(real, date(2015, 1, 1), date(2026, 11, 28), "change").points}
    assert series[date(2015, 1, 1)].governments == 616  # 308 gemeenten and their OCMWs
    assert series[date(2019, 1, 1)].governments == 600
    assert series[date(2025, 1, 1)].governments == 570
    assert series[date(2021, 3, 12)].unaffiliated == 84  # Limburg, until 2022-02-04
    assert series[date(2022, 2, 4)].unaffiliated == 0 and series[date(2022, 2, 4)].circles == 15
    events = timeline(real, date(2015, 1, 1), date(2026, 11, 28)).events
    mergers = {e.day: e.detail for e in events if e.kind == "merger"}
    assert mergers[date(2019, 1, 1)] == "15 gemeenten merged into 7, 15 OCMWs into 7"
    assert {(e.day, e.kind, e.count) for e in events} >= {(date(2022, 2, 4), "joined", 84),
                                                          (date(2023, 3, 19), "moved", 2)}


def test_reported_figures_are_never_mixed_into_the_computed_points(real: Dataset, tmp_path: Path) -> None:
    without = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, without)
    (without / "reported-figures.yaml").unlink()
    bare = load_dataset(without)[0]
    assert not bare.reported
    for by in ("year", "change"):
        with_figures = timeline(real, date(2015, 1, 1), date(2026, 11, 28), by)
        assert with_figures.reported and timeline(bare, date(2015, 1, 1), date(2026, 11, 28), by).points == \
            with_figures.points
    assert {f.topic for f in with_figures.reported} == {"knowledge-circles"}
    assert "2021-03-12" in with_figures.notes[0]  # says where the records start


def test_the_reported_figures_are_the_sourced_ones_with_their_precision(real: Dataset) -> None:
    figures = {f.id: f for f in reported_figures(real)}
    assert len(figures) == 38
    outside = figures["victor-2015-governments-outside"]
    assert (outside.value, outside.approximation, outside.scope, outside.date) == (54, "about", "flanders", "2015-12-10")
    assert figures["victor-2011-municipalities-in-regiowerking"].approximation == "more-than"
    assert figures["warnez-mbp-global-header-users"].date == "2022"  # a year: as precise as the page
    assert figures["victor-2016-wvl-governments-outside-circles"].scope == "west-vlaanderen"
    assert {f.block for f in figures.values() if f.topic == "building-block"} == {"gelinkt-notuleren",
                                                                                  "mijn-burgerprofiel"}
    for figure in figures.values():
        assert figure.sources and all(s in real.sources for s in figure.sources)


def test_reported_and_timeline_print_documented_json_and_refuse_what_they_cannot_answer() -> None:
    code, out, _ = run("reported", "--topic", "Information Security", "--format", "json")
    rows = validated(out, "reported")
    assert code == 0 and rows and {r["topic"] for r in rows} == {"information-security"}
    assert all(r["publisher"] and r["url"].startswith("http") for r in rows)
    code, _, err = run("reported", "--topic", "building")
    assert code == 2 and "did you mean 'building-block'?" in err
    code, out, _ = run("timeline", "--from", "2020-01-01", "--to", "2023-01-01", "--format", "json")
    document = validated(out, "timeline")
    assert [p["date"] for p in document["points"]] == ["2020-01-01", "2021-01-01", "2022-01-01", "2023-01-01"]
    assert run("timeline", "--from", "2024-01-01", "--to", "2023-01-01")[0] == 2
    code, out, err = run("timeline", "--by", "change", "--format", "csv")
    assert code == 0 and out.splitlines()[0] == "date,governments,members,unaffiliated,circles"
    assert "memberships start on 2021-03-12" in err  # the note goes to stderr with csv


def test_the_lpdc_authorisations_are_planned_adoptions_dated_by_the_authorisation(real: Dataset) -> None:
    adoptions = {p.government: p.building_blocks for p in real.portfolios.values() if p.building_blocks}
    assert len(adoptions) == 18
    for government_id, records in adoptions.items():
        assert [(r.block, r.status) for r in records] == [("ipdc-lpdc", "planned")], government_id
    assert adoptions["gemeente-44021"][0].interval.start == date(2024, 6, 4)  # Gent, its own feed
    assert adoptions["ocmw-24062"][0].interval.start == date(2025, 2, 14)  # Leuven's OCMW, through BCT
    code, out, _ = run("block", "show", "ipdc-lpdc", "--format", "json")
    assert code == 0 and sum(row["planned"] for row in json.loads(out)["by_region"]) == 18


@pytest.mark.parametrize("kind", ["igs-wonen", "intergemeentelijke-vereniging"])
def test_a_network_timeline_counts_what_unaffiliated_network_answers_on_each_point(real: Dataset, kind: str) -> None:
    from vlavirgem.queries.network_coverage import unaffiliated_in
    from vlavirgem.queries.networks import Day

    series = timeline(real, date(2015, 1, 1), date(2026, 11, 28), "change", kind, "gemeente")
    assert series.reported == () and all(e.kind == "merger" for e in series.events)
    days = [p.day for p in series.points]
    for found in series.points:
        outside = unaffiliated_in(real, found.day, kind, government_kind="gemeente")
        members = Day(real, found.day, kind).members
        gemeenten = {g for g in members if real.governments[g].kind == "gemeente"}
        assert (found.governments, found.unaffiliated, found.members) == \
               (outside.valid_count, len(outside.governments), len(gemeenten)), found.day
        assert found.circles == len({n.id for g in gemeenten for n, _ in members[g]})
    for earlier, later in itertools.pairwise(series.points):  # nothing changes between two points
        assert point(real, later.day - timedelta(days=1), kind, "gemeente") == \
               type(earlier)(later.day - timedelta(days=1), *[getattr(earlier, f) for f in
                                                               ("governments", "members", "unaffiliated", "circles")])
    assert days == sorted(days)


def test_the_igs_wonen_timeline_shows_the_sources_two_snapshots() -> None:
    code, out, _ = run("timeline", "-n", "igs-wonen", "--kind", "gemeente", "--from", "2025-01-01",
                       "--to", "2026-06-01", "--format", "json")
    document = validated(out, "timeline")
    assert code == 0 and (document["network"], document["kind"]) == ("igs-wonen", "gemeente")
    assert [(p["date"], p["unaffiliated"], p["circles"]) for p in document["points"]] == \
           [("2025-01-01", 34, 72), ("2026-01-01", 22, 70), ("2026-06-01", 22, 70)]
    code, _, err = run("timeline", "-n", "igs")
    assert code == 0
    code, _, err = run("timeline", "--kind", "vzw")
    assert code == 2 and "--kind" in err
