"""The report site built from the shipped data and from synthetic data: pages, counts, links,
escaping, determinism, downloads, and that nothing internal leaks."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from vlavirgem.cli import app
from vlavirgem.core.dataset import load_dataset
from vlavirgem.site.build import gather, render
from vlavirgem.site.urls import Repository

from .conftest import REPO, SHIPPED_DATA, TODAY
from .site_support import (
    HOSTILE,
    REPO_URL,
    SECRETS,
    broken_links,
    download_rows,
    parse,
    shipped_site,
    synthetic_site,
    text_of,
)

runner = CliRunner()


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shipped_site(tmp_path_factory)[0]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    data, site, _ = synthetic_site(tmp_path_factory)
    return data, site


def html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def words_of(page: str) -> str:
    """The text a reader sees of one page's HTML: tags left out, entities read, white space as one space."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page)))


def count(folder: Path, pattern: str = "*.html") -> int:
    return sum(1 for p in folder.glob(pattern) if p.name != "index.html")


# -- pages and counts on the shipped data ---------------------------------------------------------------------------

def test_every_record_has_its_page(shipped: Path) -> None:
    dataset, _ = load_dataset(SHIPPED_DATA)
    assert count(shipped / "besturen") == len(dataset.governments) == 654
    assert count(shipped / "regios") == len(dataset.regions) == 15
    assert count(shipped / "bouwstenen") == len(dataset.blocks) == 18
    assert count(shipped / "standaarden") == len(dataset.standards) == 252
    assert count(shipped / "catalogus" / "leveranciers") == len(dataset.vendors) == 7
    assert count(shipped / "catalogus" / "producten") == len(dataset.products) == 9
    assert count(shipped / "kaart", "bouwsteen-*.html") == 18
    for page in ("index.html", "kaart/index.html", "kaart/software.html", "niet-aangesloten.html", "bronnen.html",
                 "informatieveiligheid.html", "zoeken.html", "besturen/index.html", "regios/index.html",
                 "bouwstenen/index.html", "catalogus/index.html", "standaarden/index.html"):
        assert (shipped / page).is_file(), page


def test_home_page_states_the_day(shipped: Path) -> None:
    page = html(shipped, "index.html")
    assert '<html lang="nl-BE">' in page
    assert "<h1>Stand van zaken op 28 november 2026</h1>" in page
    figures = re.findall(r'figure-number">([^<]+)</span> <span class="figure-label">([^<]+)<', page)
    assert figures == [("570", "besturen"), ("15", "regio&#39;s"), ("570", "leden"), ("0", "niet aangesloten"),
                       ("18", "bouwsteen-adopties"), ("\u2013", "informatie\u00adveiligheid"),
                       ("70", "IGS wonen-projecten"), ("177", "intergemeentelijke verenigingen"), ("0", "wijzigingen")]
    assert "285 gemeenten, 285 OCMW&#39;s" in page
    assert 'class="skip-link" href="#inhoud"' in page and '<main id="inhoud"' in page
    assert "Wat veranderde in het afgelopen jaar" in page


def test_region_page_lists_members_pdca_and_changes(shipped: Path) -> None:
    page = html(shipped, "regios/waasland.html")
    members = page[page.index('id="tabel-leden"'):page.index('id="kop-pdca"')]
    rows = re.findall(r'<th scope="row"><a href="../besturen/(gemeente|ocmw)-(\d+).html">([^<]+)</a>', members)
    assert len(rows) == 14
    assert ("gemeente", "46030", "Beveren-Kruibeke-Zwijndrecht") in rows
    assert "PDCA-matrix" in page and "Wijzigingen van 28 november 2025 tot en met 28 november 2026" in page
    assert f'href="{REPO_URL}/edit/main/data/regions/waasland.yaml"' in page
    assert page.count('class="area c') == 7  # the region's map: its seven municipalities, in its colour


def test_government_page_follows_a_merger(shipped: Path) -> None:
    borsbeek = html(shipped, "besturen/gemeente-11007.html")
    assert "Bestond tot en met 31 december 2024 en ging op in Antwerpen." in borsbeek
    assert '<a href="gemeente-11002.html">Antwerpen</a>' in borsbeek
    antwerpen = html(shipped, "besturen/gemeente-11002.html")
    assert "neemt Borsbeek op" in antwerpen
    assert '<a href="../regios/regio-antwerpen.html">Regio Antwerpen</a>' in antwerpen
    assert f'{REPO_URL}/edit/main/data/governments/antwerpen.yaml' in antwerpen


def test_government_page_shows_its_software(shipped: Path) -> None:
    page = html(shipped, "besturen/gemeente-11001.html")
    assert '<a href="../catalogus/producten/cipal-schaubroeck-echo-raadpleegomgeving.html">' in page
    assert "eerste waarneming" in page
    rows = download_rows(shipped / "besturen" / "gemeente-11001-software.csv")
    assert [(r["product"], r["status"], r["since"]) for r in rows] == [
        ("cipal-schaubroeck-echo-raadpleegomgeving", "in-use", "2025-01-01")]


def test_product_and_standard_pages_show_users_and_evidence(shipped: Path) -> None:
    product = html(shipped, "catalogus/producten/notula.html")
    assert "applicatieprofiel-besluit-publicatie.html" in product and "maturiteitsniveau 3" in product
    standard = html(shipped, "standaarden/applicatieprofiel-besluit-publicatie.html")
    assert '<a href="../catalogus/producten/notula.html">Notula</a>' in standard
    who = json.loads(html(shipped, "standaarden/applicatieprofiel-besluit-publicatie-gebruikers.json"))
    assert who["rows"][0] == {"name": "Aartselaar", "kind": "gemeente", "province": "Antwerpen",
                              "region": "regio-antwerpen", "id": "gemeente-11001"}
    users = json.loads(html(shipped, "catalogus/producten/cobra-gebruikers.json"))
    assert len(users["rows"]) == 67 and all(row["product"] == "cobra" for row in users["rows"])
    assert "Geen gekende gebruikers op deze datum." in product


def test_map_has_every_municipality_with_a_title_and_a_link(shipped: Path) -> None:
    page = html(shipped, "kaart/index.html")
    areas = re.findall(r'<a href="../besturen/gemeente-(\d+).html" class="area (c\d+)"><title>([^<]+)</title>'
                       r'<path d="([^"]+)"', page)
    assert len(areas) == 285
    assert (areas[0][0], areas[0][2]) == ("11001", "Aartselaar: Regio Antwerpen")
    assert len({css for _, css, _, _ in areas}) == 15
    assert not any(re.search(r"\d\.\d\d", d) for *_, d in areas)  # one decimal at most
    legend = re.findall(r'<li><span class="swatch (c\d+)" aria-hidden="true"></span>([^<]+) <span class="count">'
                        r'\((\d+)\)', page)
    assert len(legend) == 15 and sum(int(n) for *_, n in legend) == 285
    assert 'role="group" aria-labelledby="kaart-regios-titel"' in page
    assert "Gemeentegrenzen: Bron: Statbel" in page
    assert len(page.encode()) < 400_000


def test_no_broken_internal_link_and_no_external_resource(shipped: Path) -> None:
    assert broken_links(shipped) == []
    for page in (shipped / "index.html", shipped / "kaart" / "index.html", shipped / "besturen" / "gemeente-11002.html"):
        for tag, target in parse(page).links:
            if tag in ("link", "script", "img", "image", "use", "iframe"):
                assert "//" not in target, (page, target)


def test_downloads_match_their_schema_and_the_csv(shipped: Path) -> None:
    schema = json.loads((REPO / "docs" / "json" / "site-table.schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    downloads = sorted(shipped.rglob("*.json"))
    tables = [p for p in downloads if p.name not in ("zoekindex.json",)]
    assert len(tables) > 600
    for path in [*tables[::25], shipped / "regios" / "waasland-leden.json"]:
        document = json.loads(path.read_text(encoding="utf-8"))
        assert not list(validator.iter_errors(document)), path
        rows = download_rows(path.with_suffix(".csv"))
        assert len(rows) == len(document["rows"])
        assert list(rows[0]) == [c["key"] for c in document["columns"]]
    members = json.loads((shipped / "regios" / "waasland-leden.json").read_text(encoding="utf-8"))
    assert members["on"] == "2026-11-28" and len(members["rows"]) == 14


def test_every_page_links_its_tables_downloads(shipped: Path) -> None:
    page = html(shipped, "regios/index.html")
    assert 'href="index-regios.csv" download' in page and 'href="index-regios.json" download' in page
    assert (shipped / "regios" / "index-provincies.csv").is_file()


def test_search_index_finds_every_kind(shipped: Path) -> None:
    entries = json.loads((shipped / "zoekindex.json").read_text(encoding="utf-8"))
    kinds = {e["kind"] for e in entries}
    assert kinds == {"gemeente", "OCMW", "regio", "netwerk", "bouwsteen", "product", "leverancier", "standaard"}
    assert {"name": "Waasland", "kind": "regio", "detail": "", "url": "regios/waasland.html",
            "keys": ["Kenniskring", "REFREG14"]} in entries
    assert all((shipped / e["url"]).is_file() for e in entries)
    script = (shipped / "zoekindex.js").read_text(encoding="utf-8")
    assert script.startswith("window.vlavirgemZoekindex = [") and json.loads(script[27:-2]) == entries


def test_sources_page_gives_licences_and_attributions(shipped: Path) -> None:
    page = html(shipped, "bronnen.html")
    assert 'id="bron-pinc-gebiedsniveaus"' in page
    assert "Vereiste bronvermeldingen" in page
    assert page.count("<dt>Licentie</dt>") >= 10
    assert "Bron: Statbel (Algemene Directie Statistiek)" in page


def test_timelines_and_suggestions_are_in_dutch(shipped: Path) -> None:
    for page in ("besturen/gemeente-11002.html", "besturen/gemeente-44083.html", "besturen/ocmw-11007.html"):
        text = html(shipped, page)
        assert not re.search(r"\b(member of|comes into being|absorbs|last day|lies in)\b", text), page


# -- the synthetic data: internal records, hostile names, statuses --------------------------------------------------

def test_nothing_internal_or_personal_reaches_the_site(synthetic: tuple[Path, Path]) -> None:
    data, site = synthetic
    given = "\n".join(p.read_text(encoding="utf-8") for p in sorted(data.rglob("*.yaml")))
    assert all(secret in given for secret in SECRETS)  # the data holds them ...
    everything = text_of(site)
    for secret in SECRETS:  # ... the site does not
        assert secret not in everything, secret
    assert not (site / "besturen" / "ocmw-11001.html").exists()
    assert not (site / "catalogus" / "leveranciers" / "geheim-bv.html").exists()


def test_a_script_in_a_name_shows_as_text(synthetic: tuple[Path, Path]) -> None:
    _, site = synthetic
    page = html(site, "catalogus/leveranciers/script-vendor.html")
    assert "<script>alert" not in page
    assert "<h1>&lt;script&gt;alert(&#34;vlavirgem&#34;)&lt;/script&gt; &amp; Co</h1>" in page
    assert HOSTILE in json.loads((site / "zoekindex.json").read_text(encoding="utf-8"))[0]["name"] or any(
        e["name"] == HOSTILE for e in json.loads((site / "zoekindex.json").read_text(encoding="utf-8")))


def test_synthetic_site_shows_adoption_security_and_pdca(synthetic: tuple[Path, Path]) -> None:
    _, site = synthetic
    home = html(site, "index.html")
    assert "Er is geen adoptie" not in home
    block_map = html(site, "kaart/bouwsteen-magda.html")
    assert 'class="area st-in-use"' in block_map or 'class="area st-aware"' in block_map
    assert block_map.count('class="area st-') == 285
    security = json.loads((site / "informatieveiligheid-provincies.json").read_text(encoding="utf-8"))
    assert sum(r["adopted"] for r in security["rows"]) > 0
    pdca = json.loads((site / "regios" / "regio-gent-pdca.json").read_text(encoding="utf-8"))
    assert pdca["rows"] and all(r["block"] for r in pdca["rows"])
    assert broken_links(site) == []


def test_two_builds_give_the_same_bytes(synthetic: tuple[Path, Path]) -> None:
    data, site = synthetic
    dataset, _ = load_dataset(data)
    gathering, pages = gather(dataset, data, TODAY, Repository(REPO_URL))
    again = render(gathering, pages)
    written = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert set(again) == set(written)
    assert [name for name in sorted(again) if again[name] != written[name]] == []


# -- the command ------------------------------------------------------------------------------------------------------

def test_command_builds_a_site_and_reports_progress(base_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    result = runner.invoke(app, ["site", "build", "--data", str(base_data), "--out", str(out),
                                 "--base-url", "https://example.org/sub", "--repo-url", "https://github.com/o/r"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == "home, security, sources, search: 4 pages"
    assert any(line.startswith("governments: ") for line in lines)
    assert lines[-1].startswith("Built ") and result.stdout == ""
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/sub/index.html">' in home
    assert "<loc>https://example.org/sub/regios/waasland.html</loc>" in (out / "sitemap.xml").read_text()
    region = (out / "regios" / "waasland.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/o/r/edit/main/data/regions/waasland.yaml"' in region
    assert '<svg class="map"' not in region  # the base data has no boundaries: no map, the table says it all
    assert broken_links(out) == []
    # a second build into the same folder replaces the first
    (out / "regios" / "stale.html").write_text("old", encoding="utf-8")
    assert runner.invoke(app, ["site", "build", "--data", str(base_data), "--out", str(out)]).exit_code == 0
    assert not (out / "regios" / "stale.html").exists()
    assert "canonical" not in (out / "index.html").read_text(encoding="utf-8")


def test_command_refuses_a_folder_it_did_not_write(base_data: Path, tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    result = runner.invoke(app, ["site", "build", "--data", str(base_data), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "is not empty and holds no site built by vlavirgem" in result.stderr
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "keep me"


def test_command_without_repository_has_no_edit_links(base_data: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["site", "build", "--data", str(base_data), "--out", str(tmp_path / "s"),
                                 "--on", "2025-06-01"])
    assert result.exit_code == 0, result.output
    region = (tmp_path / "s" / "regios" / "waasland.html").read_text(encoding="utf-8")
    assert "op GitHub" not in region and "1 juni 2025" in region


def test_command_rejects_a_bad_date(base_data: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["site", "build", "--data", str(base_data), "--out", str(tmp_path / "s"),
                                 "--on", "2025-13-01"])
    assert result.exit_code == 2 and "is not a date" in result.stderr
    assert not (tmp_path / "s").exists()


# -- networks ------------------------------------------------------------------------------------------------------

def test_every_network_has_its_page_and_every_kind_its_index(shipped: Path) -> None:
    dataset = load_dataset(SHIPPED_DATA)[0]
    for kind in ("igs-wonen", "intergemeentelijke-vereniging"):
        networks = [n for n in dataset.networks.values() if n.kind == kind]
        assert count(shipped / "netwerken" / kind) == len(networks) > 0
        index = html(shipped, f"netwerken/{kind}/index.html")
        assert all(f'href="{n.id}.html"' in index for n in networks)
    assert (shipped / "netwerken" / "index.html").is_file()


def test_network_page_lists_members_with_observation_dates_and_a_map(shipped: Path) -> None:
    page = words_of(html(shipped, "netwerken/intergemeentelijke-vereniging/ivago.html"))
    for expected in ("Gent", "Destelbergen", "14 september 2023", "opdrachthoudende vereniging met private deelname"):
        assert expected in page, expected
    assert "<svg" in html(shipped, "netwerken/intergemeentelijke-vereniging/ivago.html")


def test_government_page_lists_all_its_networks_and_home_counts_them(shipped: Path) -> None:
    assert '<h2 id="kop-netwerken">Netwerken</h2>' in html(shipped, "besturen/gemeente-44021.html")
    gent = words_of(html(shipped, "besturen/gemeente-44021.html"))
    for expected in ("Regio Gent", "Digipolis", "IVAGO", "TMVW", "geen IGS wonen"):
        assert expected in gent, expected
    home = words_of(html(shipped, "index.html"))
    assert "IGS wonen-projecten" in home and "intergemeentelijke verenigingen" in home


def test_parts_built_in_forked_processes_are_the_ones_built_in_one() -> None:
    """build_site spreads the parts of the site (gathering and rendering) over forked processes: they
    make the same pages and files as one process does, and report them in the same order."""
    from vlavirgem.core.resources import resource_dir
    from vlavirgem.site.build import gathering_of, parts, site_info
    from vlavirgem.site.parallel import build_parts

    dataset, _ = load_dataset(SHIPPED_DATA)
    gathering = gathering_of(dataset, SHIPPED_DATA, TODAY)
    every = parts(gathering)
    assert len({part.what for part in every}) < len(every)  # some kinds come in several parts
    site = site_info(gathering, None)
    heard: list[list[str]] = [[], []]
    alone = build_parts(resource_dir("site-templates"), site, every, 1, lambda part, _: heard[0].append(part.what))
    gathering.warm()
    forked = build_parts(resource_dir("site-templates"), site, every, 3, lambda part, _: heard[1].append(part.what))
    assert heard[0] == heard[1] == [part.what for part in every]
    assert [made.paths for made in forked] == [made.paths for made in alone]
    assert all(made.files == again.files for made, again in zip(forked, alone, strict=True))
    assert sum(len(made.files) for made in alone) > len(every)


# -- writing --------------------------------------------------------------------------------------------------------

def _small_site(base_data: Path, out: Path, **options: object) -> None:
    from vlavirgem.site.build import build_site

    dataset, _ = load_dataset(base_data)
    build_site(dataset, base_data, out, TODAY, **options)  # type: ignore[arg-type]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_build_that_fails_leaves_the_old_site_as_it_was(base_data: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The new site is written beside --out and takes its place only when it is whole: a build that
    fails half-way (here the last part of the site) keeps every file of the old one and leaves
    nothing beside it."""
    from vlavirgem.site import build

    out = tmp_path / "sites" / "public"
    _small_site(base_data, out)
    before = _files(out)
    every = build.parts

    def failing(g: object) -> list[object]:
        found = every(g)  # type: ignore[arg-type]
        return [*found[:-1], build.Part("broken", lambda: 1 / 0)]  # type: ignore[arg-type,return-value]

    monkeypatch.setattr(build, "parts", failing)
    for workers in (1, 2):
        with pytest.raises(ZeroDivisionError):
            _small_site(base_data, out, workers=workers)
        assert _files(out) == before
        assert sorted(p.name for p in out.parent.iterdir()) == ["public"]


def test_a_build_into_a_link_to_a_folder_writes_into_that_folder(base_data: Path, tmp_path: Path) -> None:
    target, link = tmp_path / "sites" / "target", tmp_path / "sites" / "link"
    _small_site(base_data, target)
    (target / "stale.html").write_text("old", encoding="utf-8")
    link.symlink_to(target, target_is_directory=True)
    _small_site(base_data, link)
    assert link.is_symlink() and (target / "index.html").is_file() and not (target / "stale.html").exists()
    assert sorted(p.name for p in link.parent.iterdir()) == ["link", "target"]


def test_a_wrong_out_is_refused_before_any_work(base_data: Path, tmp_path: Path) -> None:
    from vlavirgem.core.problems import UsageError

    out = tmp_path / "mine"
    out.mkdir()
    (out / "mine.txt").write_text("keep me", encoding="utf-8")
    heard: list[str] = []
    with pytest.raises(UsageError, match="holds no site"):
        _small_site(base_data, out, progress=heard.append)
    assert heard == [] and [p.name for p in out.iterdir()] == ["mine.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "mine"]
