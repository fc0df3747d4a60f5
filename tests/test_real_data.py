"""The shipped dataset: it validates clean and tells the real history of Flanders right."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from functools import cache

import pytest

from vlavirgem.core.dataset import load_dataset
from vlavirgem.core.model import Dataset
from vlavirgem.core.validation import validate
from vlavirgem.queries.affiliation import region_of, unaffiliated, valid_governments

from .conftest import REPO, SHIPPED_DATA, TODAY

REFERENCE = REPO.parent / "shared" / "reference"
needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference is not beside this clone")


@cache
def shipped() -> Dataset:
    dataset, problems = load_dataset(SHIPPED_DATA)
    assert problems == []
    return dataset


def test_shipped_data_validates_clean_with_warnings_counted() -> None:
    _, report = validate(SHIPPED_DATA, TODAY)
    assert [f"{p.file}:{p.line}:{p.column} [{p.code}] {p.message}" for p in report.problems] == []
    assert report.files_checked > 300


@pytest.mark.parametrize(("day", "count"), [
    (date(2016, 1, 1), 308), (date(2018, 12, 31), 308), (date(2019, 1, 1), 300),
    (date(2020, 1, 1), 300), (date(2024, 12, 31), 300), (date(2025, 1, 1), 285), (date(2025, 6, 1), 285),
])
def test_register_counts_per_vintage(day: date, count: int) -> None:
    kinds = Counter(g.kind for g in valid_governments(shipped(), day))
    assert kinds == {"gemeente": count, "ocmw": count}


@pytest.mark.parametrize("day", [date(2022, 6, 1), date(2023, 3, 18), date(2023, 3, 19), date(2024, 12, 31),
                                 date(2025, 1, 1), date(2025, 6, 1), TODAY])
def test_every_government_is_in_exactly_one_region_once_regions_are_set(day: date) -> None:
    dataset = shipped()
    for government in valid_governments(dataset, day):
        active = [m for m in dataset.memberships_of(government.id) if m.interval.contains(day)]
        assert len(active) == 1, (government.id, day, active)


def test_on_2021_06_01_only_limburg_is_unaffiliated() -> None:
    dataset = shipped()
    day = date(2021, 6, 1)
    result = unaffiliated(dataset, day)
    limburg = {g.id for g in valid_governments(dataset, day) if g.province == "limburg"}
    assert len(limburg) == 84  # 42 municipalities and their OCMWs
    assert {g.id for g in result.governments} == limburg
    assert any("2022-02-04" in note for note in result.notes)


def test_limburg_joins_on_2022_02_04() -> None:
    dataset = shipped()
    assert len(unaffiliated(dataset, date(2022, 2, 3)).governments) == 84
    assert unaffiliated(dataset, date(2022, 2, 4)).governments == ()


def test_nobody_is_unaffiliated_on_2025_06_01() -> None:
    assert unaffiliated(shipped(), date(2025, 6, 1)).governments == ()


def test_before_the_first_membership_everyone_is_unaffiliated_with_a_note() -> None:
    result = unaffiliated(shipped(), date(2020, 6, 1))
    assert len(result.governments) == 600
    assert result.notes and "before the first recorded membership" in result.notes[0]


def test_zwijndrecht_moves_to_waasland_then_merges() -> None:
    dataset = shipped()
    for kind in ("gemeente", "ocmw"):
        assert region_of(dataset, f"{kind}-11056", date(2023, 3, 18)) == "regio-antwerpen"
        assert region_of(dataset, f"{kind}-11056", date(2023, 3, 19)) == "waasland"
        zwijndrecht = dataset.governments[f"{kind}-11056"]
        assert zwijndrecht.validity.end == date(2024, 12, 31)
        assert zwijndrecht.successor == f"{kind}-46030"
        assert region_of(dataset, f"{kind}-46030", date(2025, 1, 1)) == "waasland"


def test_borsbeek_merges_into_antwerpen_which_keeps_its_id() -> None:
    dataset = shipped()
    borsbeek, antwerpen = dataset.governments["gemeente-11007"], dataset.governments["gemeente-11002"]
    assert borsbeek.successor == "gemeente-11002" and borsbeek.validity.end == date(2024, 12, 31)
    assert antwerpen.validity.start is None and antwerpen.validity.end is None
    assert region_of(dataset, "gemeente-11007", date(2025, 1, 1)) is None
    assert region_of(dataset, "gemeente-11002", date(2025, 1, 1)) == "regio-antwerpen"


def test_the_2019_mergers_end_the_old_governments() -> None:
    dataset = shipped()
    nevele = dataset.governments["gemeente-44049"]
    assert nevele.validity.end == date(2018, 12, 31) and nevele.successor == "gemeente-44083"
    assert dataset.governments["gemeente-44083"].validity.start == date(2019, 1, 1)


def test_fifteen_regions_one_per_reference_region() -> None:
    regions = shipped().regions
    assert len(regions) == 15
    assert sorted(r.reference_region for r in regions.values()) == [f"REFREG{n:02d}" for n in range(1, 16)]


@needs_reference
def test_memberships_are_exactly_the_reference_rows() -> None:
    dataset = shipped()
    codes = {r.reference_region: r.id for r in dataset.regions.values()}
    with (REFERENCE / "reference-region-members.csv").open(encoding="utf-8") as handle:
        expected = sorted(
            (codes[row["region_code"]], f"{kind}-{row['nis_code']}", row["valid_from"], row["valid_until"] or None)
            for row in csv.DictReader(handle) for kind in ("gemeente", "ocmw")
        )
    actual = sorted(
        (m.region, m.government, m.interval.start.isoformat() if m.interval.start else None,
         m.interval.end.isoformat() if m.interval.end else None)
        for m in dataset.memberships()
    )
    assert actual == expected


@needs_reference
def test_kbo_numbers_match_the_reference() -> None:
    dataset = shipped()
    with (REFERENCE / "kbo-2025.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            government = dataset.governments[f"{row['entity_type']}-{row['nis_code']}"]
            assert (government.kbo, government.ovo) == (row["kbo_number"], row["ovo_number"])


@needs_reference
def test_build_script_reproduces_the_shipped_data(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import filecmp
    import subprocess
    import sys

    out = tmp_path / "data"
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_data.py"), "--reference", str(REFERENCE),
                    "--out", str(out)], check=True, capture_output=True)
    rebuilt = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    shipped_files = sorted(p.relative_to(SHIPPED_DATA) for p in SHIPPED_DATA.rglob("*") if p.is_file())
    assert rebuilt == shipped_files
    _, mismatch, errors = filecmp.cmpfiles(SHIPPED_DATA, out, [str(p) for p in rebuilt], shallow=False)
    assert (mismatch, errors) == ([], [])


@needs_reference
def test_reference_region_territory_is_exactly_the_reference_rows() -> None:
    dataset = shipped()
    with (REFERENCE / "reference-region-members.csv").open(encoding="utf-8") as handle:
        expected = sorted((row["region_code"], f"gemeente-{row['nis_code']}", row["valid_from"], row["valid_until"] or None)
                          for row in csv.DictReader(handle))
    actual = sorted(
        (part.region, part.government, part.interval.start.isoformat() if part.interval.start else None,
         part.interval.end.isoformat() if part.interval.end else None)
        for reference in dataset.reference_regions.values() for part in reference.territory
    )
    assert actual == expected


def test_every_region_follows_a_known_reference_region() -> None:
    dataset = shipped()
    assert {r.reference_region for r in dataset.regions.values()} == set(dataset.reference_regions)
    waasland = dataset.reference_regions["REFREG14"]
    zwijndrecht = dataset.governments["ocmw-11056"]
    assert not waasland.covers(zwijndrecht, date(2023, 3, 18)) and waasland.covers(zwijndrecht, date(2023, 3, 19))
