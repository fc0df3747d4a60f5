"""The parts of the report site one by one: links, the public copy of a dataset, tables, geometry,
maps and the Dutch sentences."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from vlavirgem.core.dataset import load_dataset
from vlavirgem.queries.affiliation import unaffiliated
from vlavirgem.queries.public import clean_raw, public_dataset
from vlavirgem.queries.register import timeline
from vlavirgem.queries.suggest import suggest_regions
from vlavirgem.site import nl
from vlavirgem.site.build import gather
from vlavirgem.site.context import Gathering
from vlavirgem.site.geometry import (
    _douglas_peucker,
    _path,
    _rounded,
    _Simplifier,
    load_geometry,
    project,
)
from vlavirgem.site.map import Category, draw, label_at
from vlavirgem.site.tables import Column, Table, _escaped, _flat, display, ids, table
from vlavirgem.site.urls import Repository, relative_url, repository_from_git, web_url

from .conftest import SHIPPED_DATA, TODAY, write_tree
from .site_support import synthetic_data

# -- links -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("target", "current", "expected"), [
    ("regios/waasland.html", "index.html", "regios/waasland.html"),
    ("regios/waasland.html", "regios/index.html", "waasland.html"),
    ("index.html", "catalogus/producten/cobra.html", "../../index.html"),
    ("bronnen.html#bron-x", "besturen/gemeente-11002.html", "../bronnen.html#bron-x"),
    ("#wijzigingen", "index.html", "#wijzigingen"),
    ("https://example.org/a", "regios/x.html", "https://example.org/a"),
])
def test_relative_url(target: str, current: str, expected: str) -> None:
    assert relative_url(target, current) == expected


@pytest.mark.parametrize(("remote", "expected"), [
    ("git@github.com:owner/repo.git", "https://github.com/owner/repo"),
    ("https://github.com/owner/repo.git", "https://github.com/owner/repo"),
    ("https://user@github.com/owner/repo", "https://github.com/owner/repo"),
    ("ssh://git@github.com:22/owner/repo.git", "https://github.com/owner/repo"),
    ("/srv/git/repo.git", None),
])
def test_web_url_of_a_remote(remote: str, expected: str | None) -> None:
    assert web_url(remote) == expected


def test_repository_from_git_remote_and_option(tmp_path: Path) -> None:
    data = tmp_path / "repo" / "data"
    data.mkdir(parents=True)
    assert repository_from_git(data) is None  # no repository, no URL: no edit links
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    subprocess.run(["git", "-C", str(tmp_path / "repo"), "remote", "add", "origin", "git@github.com:o/r.git"],
                   check=True)
    found = repository_from_git(data)
    assert found == Repository("https://github.com/o/r", "main", "data")
    assert found.edit_url("regions/x.yaml") == "https://github.com/o/r/edit/main/data/regions/x.yaml"
    chosen = repository_from_git(data, "https://github.com/me/fork", "dev")
    assert chosen is not None and chosen.edit_url("a.yaml") == "https://github.com/me/fork/edit/dev/data/a.yaml"


# -- the public copy ---------------------------------------------------------------------------------------------------


def test_public_dataset_drops_internal_records_and_what_points_at_them(base_data: Path) -> None:
    write_tree(base_data, {
        "catalog/vendors/geheim.yaml": {"id": "geheim", "name": "Geheim", "visibility": "internal",
                                        "sources": ["statbel-refnis"]},
        "catalog/products/geheim-app.yaml": {"id": "geheim-app", "name": "Geheime App", "vendor": "geheim",
                                             "domain": "besluitvorming", "sources": ["statbel-refnis"]},
    })
    region = base_data / "regions" / "waasland.yaml"
    region.write_text(region.read_text(encoding="utf-8").replace(
        "    from: 2025-01-01\n", "    from: 2025-01-01\n    visibility: internal\n") + (
        "coordinators:\n  - name: Iemand\n    github: iemand\n    visibility: public\n"), encoding="utf-8")
    portfolio = base_data / "catalog" / "portfolios" / "gemeente-99001.yaml"
    portfolio.write_text(portfolio.read_text(encoding="utf-8").replace(
        "    standards: [besluit-publicatie]\n",
        "    standards: [besluit-publicatie]\n  - product: geheim-app\n    status: in-use\n    from: 2022-01-01\n"),
        encoding="utf-8")
    dataset, _ = load_dataset(base_data)
    public = public_dataset(dataset)
    assert "geheim" in dataset.vendors and "geheim" not in public.vendors
    assert "geheim-app" in dataset.products and "geheim-app" not in public.products  # its vendor is internal
    assert [u.product for u in public.portfolios["gemeente-99001"].software] == ["acme-notulen"]
    assert [m.government for m in public.regions["waasland"].members] == ["gemeente-11056"]
    assert "coordinators" in dataset.regions["waasland"].raw and "coordinators" not in public.regions["waasland"].raw
    assert len(dataset.regions["waasland"].members) == 2  # the original is untouched


def test_clean_raw_removes_internal_items_and_personal_data() -> None:
    raw = {"id": "x", "coordinators": [{"name": "A"}], "members": [{"government": "g1"},
                                                                   {"government": "g2", "visibility": "internal"}]}
    assert clean_raw(raw) == {"id": "x", "members": [{"government": "g1"}]}


# -- tables ------------------------------------------------------------------------------------------------------------


def test_table_cells_downloads_and_empty_tables() -> None:
    rows = [{"id": "gemeente-1", "name": "Één", "share": 0.5, "ok": True, "names": ["a", "b"]},
            {"id": "gemeente-2", "name": "", "share": None, "ok": False, "names": []}]
    made = table("regios/x.html", "leden", "Leden", [
        Column("name", "Naam", link=lambda r: f"besturen/{r['id']}.html"), Column("share", "Aandeel", numeric=True),
        Column("ok", "In orde"), Column("names", "Namen"), *ids("id")], rows)
    assert [c.label for c in made.head] == ["Naam", "Aandeel", "In orde", "Namen"]
    first, second = made.body
    assert (first[0].text, first[0].href, first[0].header) == ("Één", "besturen/gemeente-1.html", True)
    assert [c.text for c in first[1:]] == ["50,0%", "ja", "a, b"]
    assert second[0].header is False  # an empty row header is a plain cell
    assert [d.path for d in made.downloads] == ["regios/x-leden.csv", "regios/x-leden.json"]
    # for a Belgian spreadsheet: byte-order mark, ";", the labels as header, a decimal comma, ja/nee
    assert made.csv_text().startswith("\ufeff")
    assert made.csv_text()[1:].splitlines() == ["Naam;Aandeel;In orde;Namen;id", 'Één;0,5;ja;"a; b";gemeente-1',
                                                ";;nee;;gemeente-2"]
    document = json.loads(made.json_text("2026-11-28"))
    assert document["rows"][0] == {"name": "Één", "share": 0.5, "ok": True, "names": ["a", "b"], "id": "gemeente-1"}
    assert table("x.html", "t", "T", [Column("a", "A")], []).downloads == ()
    assert display(None) == "" and display(0.04) == "4,0%"


# -- geometry ----------------------------------------------------------------------------------------------------------


def _edge(x: float, y0: float, y1: float, steps: int) -> list[tuple[float, float]]:
    return [(x + (0.01 if i % 2 else 0.0), y0 + (y1 - y0) * i / steps) for i in range(steps + 1)]


def test_a_shared_border_is_simplified_the_same_way_on_both_sides() -> None:
    border = _edge(10.0, 0.0, 10.0, 40)  # a wobbly vertical border from (10,0) to (10,10)
    left = [(0.0, 0.0), *border, (0.0, 10.0)]
    right = [*border[::-1], (20.0, 10.0), (20.0, 0.0)]
    right = right[1:] + right[:1]  # start elsewhere, to be sure the order of the rings does not matter
    simplifier = _Simplifier([left, right], tolerance=0.35)
    a, b = simplifier.ring(left), simplifier.ring(right)
    shared_a = [p for p in a if p[0] >= 9.9]
    shared_b = [p for p in b if 9.9 <= p[0] <= 10.1]
    assert sorted(shared_a) == sorted(shared_b)
    assert len(shared_a) == 2  # the wobble is below the tolerance: only the junctions remain
    assert len(a) == 4 and len(b) == 4


def test_douglas_peucker_keeps_what_matters() -> None:
    line = [(0.0, 0.0), (1.0, 0.1), (2.0, 0.0), (3.0, 5.0), (4.0, 0.0)]
    assert _douglas_peucker(line, 0.35) == [(0.0, 0.0), (2.0, 0.0), (3.0, 5.0), (4.0, 0.0)]


def test_paths_have_one_decimal_and_no_repeated_points() -> None:
    ring = _rounded([(1.04, 2.0), (1.01, 2.02), (3.55, 2.0), (3.55, -1.26), (1.0, 2.0)])
    assert ring == [(10, 20), (36, 20), (36, -13)]
    assert _path([ring]) == "M1 2l2.6 0 0-3.3z"


def test_boundaries_of_the_right_vintage(tmp_path: Path) -> None:
    assert load_geometry(tmp_path, TODAY) is None
    for day, count, vintage in ((date(2018, 6, 1), 308, "2015"), (date(2019, 1, 1), 300, "2019"),
                                (TODAY, 285, "2025")):
        geometry = load_geometry(SHIPPED_DATA, day)
        assert geometry is not None and (geometry.vintage, len(geometry.outlines)) == (vintage, count)
    assert geometry.width == 1000 and 380 < geometry.height < 390
    assert all(not re.search(r"\d\.\d\d", o.d) for o in geometry.outlines.values())
    assert sum(len(o.d) for o in geometry.outlines.values()) < 160_000
    gent = geometry.outlines["44021"]
    assert gent.name == "Gent" and gent.box[0] < gent.centre[0] < gent.box[2]


def test_project_a_square() -> None:
    square = {"type": "Feature", "properties": {"nis_code": "1", "name": "Vierkant"},
              "geometry": {"type": "Polygon", "coordinates": [[[4, 51], [5, 51], [5, 50.5], [4, 50.5], [4, 51]]]}}
    geometry = project("test", [square], 100, 0.35)
    outline = geometry.outlines["1"]
    assert outline.box == (0.0, 0.0, 100.0, geometry.height)
    assert outline.d.startswith("M0 0l100 0") and outline.d.endswith("z")


# -- maps --------------------------------------------------------------------------------------------------------------


def test_draw_a_cropped_map_with_its_legend() -> None:
    geometry = load_geometry(SHIPPED_DATA, TODAY)
    assert geometry is not None
    inside, outside = Category("Lid", "c1"), Category("Geen lid", "none", hatched=True)
    categories = {"44021": inside, "44019": inside, "44083": outside}
    view = draw("k", "Kaart", geometry, categories, lambda nis: f"besturen/gemeente-{nis}.html", [inside, outside],
                [label_at("Gent", [geometry.outlines["44021"]], fitted=True)], crop=list(categories))
    assert [(a.nis, a.css, a.hatched) for a in view.areas] == [
        ("44019", "c1", False), ("44021", "c1", False), ("44083", "none", True)]
    assert [(i.label, i.count) for i in view.legend] == [("Lid", 2), ("Geen lid", 1)]
    assert view.context and all(a.href is None for a in view.context)
    _, _, width, height = (float(v) for v in view.view_box.split())
    assert width < 200 and height < 200 and view.cropped
    assert [label.text for label in view.labels] == ["Gent"]
    assert view.areas[1].title == "Gent: Lid"


def test_bordering_regions_get_different_hues() -> None:
    from vlavirgem.queries.neighbours import neighbours
    from vlavirgem.site.pages.maps import region_classes

    dataset, _ = load_dataset(SHIPPED_DATA)
    gathering = Gathering(public_dataset(dataset), SHIPPED_DATA, TODAY, None, None, None)
    classes = region_classes(gathering)
    assert len(set(classes.values())) == 15
    hue = {region: int(css[1:]) % 8 for region, css in classes.items()}
    borders = neighbours(SHIPPED_DATA, TODAY)
    clashes = {(gathering.members[f"gemeente-{a}"], gathering.members[f"gemeente-{b}"])
               for a, others in borders.items() for b in others
               if gathering.members.get(f"gemeente-{a}") != gathering.members.get(f"gemeente-{b}")
               and hue[gathering.members[f"gemeente-{a}"]] == hue[gathering.members[f"gemeente-{b}"]]}
    assert clashes == set()


# -- Dutch -------------------------------------------------------------------------------------------------------------


def test_long_date_and_words() -> None:
    assert nl.long_date(date(2026, 11, 28)) == "28 november 2026"
    assert nl.status_word("in-preparation") == "in voorbereiding" and nl.pdca_word("adoption: do") == "adoptie: do"
    assert nl.dutch("something new") == "something new"


def test_every_timeline_and_suggestion_of_the_shipped_data_is_said_in_dutch() -> None:
    dataset, _ = load_dataset(SHIPPED_DATA)
    sentences = {event.what for g in dataset.governments.values() for event in timeline(dataset, g)}
    on = date(2021, 6, 1)
    outside = unaffiliated(dataset, on)
    sentences |= {s.reason for s in suggest_regions(dataset, SHIPPED_DATA, on, outside.governments).values()}
    sentences |= set(outside.notes)
    assert len(sentences) > 100
    assert sorted(s for s in sentences if not nl.knows(s)) == []
    assert nl.dutch("comes into being: merger of Deinze (gemeente-44011), Nevele (gemeente-44049)") == (
        "ontstaat uit de fusie van Deinze en Nevele")


def test_portfolio_events_are_said_in_dutch(base_data: Path) -> None:
    dataset, _ = load_dataset(base_data)
    said = [nl.dutch(event.what) for event in timeline(dataset, dataset.governments["gemeente-99001"])]
    assert "in gebruik: Acme Notulen (synthetic)" in said and "in gebruik: MAGDA" in said
    assert "in voorbereiding" in said and "goedgekeurd" in said


def test_changes_of_a_region_name_the_kind_and_say_statuses_in_dutch() -> None:
    from vlavirgem.site.pages.regions import changes_table

    dataset, _ = load_dataset(SHIPPED_DATA)
    gathering = Gathering(public_dataset(dataset), SHIPPED_DATA, date(2025, 6, 1), None, None, None)
    made = changes_table(gathering, "regios/waasland.html", gathering.region_changes("waasland"))
    assert made.caption == "Wijzigingen van 1 juni 2024 tot en met 1 juni 2025"
    assert [(r["date"], r["kind"], r["government"]) for r in made.rows][:3] == [
        ("2024-12-06", "new-software", "gemeente-46020"), ("2024-12-06", "new-software", "ocmw-46020"),
        ("2025-01-01", "merged", "gemeente-46030")]
    first = made.rows[0]
    assert (first["government_kind"], first["status"], first["previous_status"]) == ("gemeente", "in gebruik", None)
    assert made.rows[2]["predecessors"] == ["Beveren", "Kruibeke", "Zwijndrecht"]
    cells = made.body[1]
    assert [c.text for c in cells[:4]] == ["6 december 2024", "nieuwe software", "Sint-Gillis-Waas", "OCMW"]
    assert cells[0].html == '<time datetime="2024-12-06">6 december 2024</time>'
    assert cells[0].css == "date" and cells[2].href == "besturen/ocmw-46020.html"


def _rows_from_cells(made: Table, page: str) -> str:
    """The body of a table written cell by cell from ``Table.body``: what ``rows_html`` must write."""
    lines = []
    for row, cells in zip(made.rows, made.body, strict=True):
        parts = []
        for cell in cells:
            text = cell.html
            if cell.href:
                text = f'<a href="{escape(relative_url(cell.href, page))}">{text}</a>'
            css = f' class="{cell.css}"' if cell.css else ""
            parts.append(f'<th scope="row"{css}>{text}</th>' if cell.header else f"<td{css}>{text}</td>")
        data = "".join(f' data-{key}="{escape(_flat(row.get(key)))}"' for key in made.row_data)
        lines.append(f"      <tr{data}>{''.join(parts)}</tr>")
    return "\n".join(lines)


def test_the_written_rows_are_the_tables_cells(tmp_path: Path) -> None:
    """rows_html writes the cells out without making them; on every table of a synthetic site (names
    with markup in them, links, numbers, dates, empty first cells) it writes exactly ``body``."""
    data = synthetic_data(tmp_path)
    dataset, _ = load_dataset(data)
    _, pages = gather(dataset, data, TODAY)
    tables = [(made, page.path) for page in pages for made in page.body.tables]
    assert sum(len(made.rows) for made, _ in tables) > 1000
    for made, path in tables:
        assert str(made.rows_html(path)) == _rows_from_cells(made, path), (path, made.id)


@given(st.text())
def test_a_cells_text_is_escaped_as_markupsafe_escapes_it(text: str) -> None:
    assert _escaped(text) == str(escape(text))


def test_the_projected_outlines_kept_in_the_cache_are_the_ones_projected(tmp_path: Path) -> None:
    """The second load reads the cache and gives the same outlines; an entry of another shape (damaged,
    or written by someone else) is a miss, never a traceback, and is written again."""
    fresh = load_geometry(SHIPPED_DATA, TODAY)
    first = load_geometry(SHIPPED_DATA, TODAY, cache=tmp_path)
    entries = list(tmp_path.glob("outlines-*.json"))
    assert len(entries) == 1 and first == fresh
    assert load_geometry(SHIPPED_DATA, TODAY, cache=tmp_path) == fresh
    document = json.loads(entries[0].read_text(encoding="utf-8"))
    for damage in ({"outlines": [["1", 2, "M0 0z", [0, 0, 1, 1], 1, [0, 0]]]}, {"outlines": [["1"]]}, {"width": "x"}, []):
        entries[0].write_text(json.dumps({**document, "value": damage if not isinstance(damage, dict)
                                          else {**document["value"], **damage}}), encoding="utf-8")
        assert load_geometry(SHIPPED_DATA, TODAY, cache=tmp_path) == fresh
    assert load_geometry(SHIPPED_DATA, date(2018, 6, 1), cache=tmp_path) == load_geometry(SHIPPED_DATA, date(2018, 6, 1))
