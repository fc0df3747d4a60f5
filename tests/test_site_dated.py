"""op-datum/: the site's view of any date equals the command line's answer for that date."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from vlavirgem.core.dataset import load_dataset
from vlavirgem.queries.timeline import change_days

from .catalog_tree import run
from .conftest import SHIPPED_DATA, TODAY
from .site_support import download_rows, shipped_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shipped_site(tmp_path_factory)[0]


def periods(site: Path) -> list[tuple[str, str, str]]:
    """(start, end, page) of every period the picker offers."""
    page = (site / "op-datum" / "index.html").read_text(encoding="utf-8")
    return re.findall(r'<li data-start="([0-9-]+)" data-end="([0-9-]+)"><a href="([^"]+)"', page)


def folder_of(site: Path, day: date) -> Path:
    found = [site / "op-datum" / href for start, end, href in periods(site) if start <= day.isoformat() <= end]
    assert len(found) == 1, day
    return found[0].parent


def rows(path: Path) -> list[dict[str, str]]:
    return download_rows(path)


def sample_days() -> list[date]:
    dataset = load_dataset(SHIPPED_DATA)[0]
    days = {date(2015, 1, 1), date(2021, 6, 1), TODAY}
    for day in change_days(dataset):
        if date(2015, 1, 1) < day <= TODAY:
            days |= {day, day - timedelta(days=1)}
    days |= {date(2015, 1, 1) + timedelta(days=n) for n in range(0, (TODAY - date(2015, 1, 1)).days, 365)}
    return sorted(days)


def test_the_periods_cover_every_day_from_2015_to_today_once(site: Path) -> None:
    found = periods(site)
    spans = sorted((date.fromisoformat(s), date.fromisoformat(e)) for s, e, _ in found)
    assert spans[0][0] == date(2015, 1, 1) and spans[-1][1] == TODAY
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start == end + timedelta(days=1)


def test_every_dated_view_answers_as_the_command_line_does_on_that_date(site: Path) -> None:
    days = sample_days()
    assert len(days) > 20
    for day in days:
        folder = folder_of(site, day)
        code, out, _ = run("unaffiliated", "--on", day.isoformat(), "--suggest", "--format", "csv")
        assert code == 0
        cli = {(r["id"], r["suggested_region"]) for r in csv.DictReader(io.StringIO(out))}
        page = {(r["id"], r["suggested_region"]) for r in rows(folder / "niet-aangesloten-besturen.csv")}
        assert page == cli, day
    for day in days[::3]:  # the members of two regions, on a third of the days
        folder = folder_of(site, day)
        for region in ("waasland", "limburg"):
            code, out, _ = run("region", "show", region, "--on", day.isoformat(), "--format", "json")
            members = {m["id"] for m in json.loads(out)["members"]}
            assert {r["id"] for r in rows(folder / "regios" / f"{region}-leden.csv")} == members, (day, region)


def test_the_view_of_2021_06_01_lists_the_84_limburg_governments_with_suggestions(site: Path) -> None:
    folder = folder_of(site, date(2021, 6, 1))
    found = rows(folder / "niet-aangesloten-besturen.csv")
    assert len(found) == 84 and {r["province"] for r in found} == {"Limburg"}
    assert all(r["suggested_region"] == "limburg" and r["reason"] for r in found)
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert '<span class="figure-number">84</span>' in page and '<svg class="map"' in page
    assert "12 maart 2021 tot en met 3 februari 2022" in page
