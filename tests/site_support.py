"""Shared by the site's tests: the shipped site built once per session, a synthetic site with
internal records and hostile names, and a checker of links and ids in HTML."""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from benchmarks.synthetic import write_synthetic
from vlavirgem.core.dataset import load_dataset
from vlavirgem.site.build import Built, build_site
from vlavirgem.site.urls import Repository

from .conftest import SHIPPED_DATA, TODAY

REPO_URL = "https://github.com/example/vlavirgem"
HOSTILE = '<script>alert("vlavirgem")</script> & Co'
# text of records that are internal (or personal data): none of it may reach the site
SECRETS = ("Geheime Leverancier", "geheim-bv", "Geheim Product", "geheim-product", "Synthetic Coordinator",
           "@example.org", "synth-regio-gent", "Publieke Persoon", "publieke-persoon", "ocmw-11001")

_built: dict[str, tuple[Path, Built]] = {}


def shipped_site(factory: pytest.TempPathFactory) -> tuple[Path, Built]:
    """The site of the shipped data on the tests' fixed today, built once per session."""
    if "shipped" not in _built:
        out = factory.mktemp("shipped-site")
        dataset, _ = load_dataset(SHIPPED_DATA)
        built = build_site(dataset, SHIPPED_DATA, out / "site", TODAY, repository=Repository(REPO_URL))
        _built["shipped"] = (out / "site", built)
    return _built["shipped"]


def synthetic_data(root: Path) -> Path:
    """A synthetic dataset (adoptions, security plans, PDCA steps, an internal coordinator) with more
    internal records, a public coordinator, and a vendor whose name is an HTML script."""
    data = write_synthetic(root / "data", SHIPPED_DATA, governments=80)
    (data / "catalog" / "vendors" / "geheim-bv.yaml").write_text(
        "id: geheim-bv\nname: Geheime Leverancier BV\nvisibility: internal\nsources: [synthetic]\n", encoding="utf-8")
    (data / "catalog" / "vendors" / "script-vendor.yaml").write_text(
        f"id: script-vendor\nname: '{HOSTILE}'\nsources: [synthetic]\n", encoding="utf-8")
    (data / "catalog" / "products" / "geheim-product.yaml").write_text(
        "id: geheim-product\nname: Geheim Product\nvendor: synth-vendor-001\ndomain: besluitvorming\n"
        "visibility: internal\nsources: [synthetic]\n", encoding="utf-8")
    portfolio = data / "catalog" / "portfolios" / sorted(p.name for p in (data / "catalog" / "portfolios").iterdir())[0]
    text = portfolio.read_text(encoding="utf-8").replace(
        "software:\n", "software:\n  - product: geheim-product\n    status: in-use\n    from: 2020-01-01\n"
                       "    visibility: internal\n    sources: [synthetic]\n", 1)
    portfolio.write_text(text, encoding="utf-8")
    region = data / "regions" / "regio-gent.yaml"
    region.write_text(region.read_text(encoding="utf-8").replace(
        "coordinators:\n", "coordinators:\n  - name: Publieke Persoon\n    github: publieke-persoon\n"
                           "    visibility: public\n", 1), encoding="utf-8")
    province = data / "governments" / "antwerpen.yaml"
    text = province.read_text(encoding="utf-8")
    start = text.index("id: ocmw-11001")
    end = text.index("\n  - ", start)
    province.write_text(text[:end] + "\n    visibility: internal" + text[end:], encoding="utf-8")
    return data


def synthetic_site(factory: pytest.TempPathFactory, on: date = TODAY) -> tuple[Path, Path, Built]:
    """(data, site, built) of the synthetic dataset, built once per session."""
    if "synthetic" not in _built:
        root = factory.mktemp("synthetic-site")
        data = synthetic_data(root)
        dataset, _ = load_dataset(data)
        built = build_site(dataset, data, root / "site", on, repository=Repository(REPO_URL))
        _built["synthetic"] = (root / "site", built)
        _built["synthetic-data"] = (data, built)
    return _built["synthetic-data"][0], *_built["synthetic"]


@dataclass
class Parsed(HTMLParser):
    """The links (href, src) and the ids of one HTML file."""

    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, target)
    ids: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.links.append((tag, value))


def parse(path: Path) -> Parsed:
    parsed = Parsed()
    parsed.feed(path.read_text(encoding="utf-8"))
    return parsed


def broken_links(site: Path) -> list[str]:
    """Every internal link of every page that leads to no file or to no id in it, as 'page -> link'."""
    pages = {p.relative_to(site).as_posix(): parse(p) for p in sorted(site.rglob("*.html"))}
    broken = []
    for name, parsed in pages.items():
        for _, link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue
            if link.startswith("/"):
                broken.append(f"{name} -> {link} (absolute path: breaks under another base path)")
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path))) \
                if parts.path else name
            if target.startswith("..") or not (site / target).is_file():
                broken.append(f"{name} -> {link}")
            elif parts.fragment and target.endswith(".html") and parts.fragment not in pages[target].ids:
                broken.append(f"{name} -> {link} (no such id)")
    return broken


def text_of(site: Path) -> str:
    """Everything the site holds, as one text (HTML, CSV, JSON, scripts)."""
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(site.rglob("*")) if p.is_file()
                     and p.suffix in (".html", ".csv", ".json", ".js", ".xml"))


ONE_DECIMAL = re.compile(r"\d\.\d\d")


BOM = "\ufeff"


def download_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a site's CSV download, read as a Belgian spreadsheet reads it (UTF-8 after a
    byte-order mark, ``;`` between fields), keyed by the column keys of the JSON beside it; the
    header must be the columns' labels.  A missing file has no rows."""
    if not path.exists():
        return []
    raw = path.read_bytes()
    assert raw.startswith(BOM.encode("utf-8")), f"{path} has no byte-order mark"
    header, *lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    columns = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["columns"]
    labels = [c["label"] for c in columns]
    assert header == [f"{c['label']} ({c['key']})" if labels.count(c["label"]) > 1 else c["label"]
                      for c in columns], path
    assert all(len(line) == len(columns) for line in lines), path
    return [dict(zip((c["key"] for c in columns), line, strict=True)) for line in lines]
