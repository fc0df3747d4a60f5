"""Histories told as they happened: who merged into whom, memberships that a merger did not end,
and software still listed after a government's last day."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from vlavirgem.core.dataset import load_dataset
from vlavirgem.core.model import Dataset
from vlavirgem.queries.register import predecessors, timeline

from .conftest import SHIPPED_DATA
from .site_support import shipped_site


@pytest.fixture(scope="module")
def real() -> Dataset:
    return load_dataset(SHIPPED_DATA)[0]


def test_no_membership_or_territory_is_split_where_nothing_changed(real: Dataset) -> None:
    for government in real.governments.values():
        events = [e for e in timeline(real, government) if e.topic in ("region", "reference-region")]
        for earlier in events:
            for later in events:
                same = earlier is not later and earlier.topic == later.topic and earlier.what == later.what
                assert not (same and earlier.until and later.date == earlier.until + timedelta(days=1)), \
                    (government.id, earlier, later)


def test_antwerpen_stays_one_member_of_regio_antwerpen_across_the_merger(real: Dataset) -> None:
    events = [e for e in timeline(real, real.governments["gemeente-11002"]) if e.topic == "region"]
    assert [(str(e.date), e.until, e.what) for e in events] == [("2021-03-12", None, "member of Regio Antwerpen")]


def test_software_seen_after_the_last_day_says_so(real: Dataset) -> None:
    told = 0
    for government in real.governments.values():
        end = government.validity.end
        for event in timeline(real, government):
            if event.topic == "software" and "(seen " in event.what and end:
                seen = min(event.what.split("(seen ")[1].rstrip(")").split(", "))
                assert seen <= end.isoformat(), (government.id, event.what)
            if "after the government's last day" in event.what:
                told += 1
    assert told == 19  # the 19 governments whose publication site was first seen on 2025-01-01


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shipped_site(tmp_path_factory)[0]


def test_the_government_page_says_who_merged_into_whom(real: Dataset, site: Path) -> None:
    checked = 0
    for government in real.governments.values():
        before = predecessors(real, government)
        if not before:
            continue
        page = (site / "besturen" / f"{government.id}.html").read_text(encoding="utf-8")
        new = government.validity.start is not None and all(
            p.validity.end and p.validity.end + timedelta(days=1) == government.validity.start for p in before)
        assert ("Ontstaan uit de fusie van" in page) == new and ("Nam op" in page) == (not new), government.id
        checked += 1
    assert checked > 30
    antwerpen = (site / "besturen" / "gemeente-11002.html").read_text(encoding="utf-8")
    assert "Nam op" in antwerpen and "Borsbeek" in antwerpen and "Ontstaan uit" not in antwerpen
