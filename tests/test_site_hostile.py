"""The site from bad data: a build of data with errors fails (``vlavirgem validate`` names them), a
preview (--allow-invalid) leaves out every record with an error, only http(s) and relative links are
ever written, and every page carries a Content-Security-Policy that allows nothing from other hosts.
"""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vlavirgem.site.render import CONTENT_SECURITY_POLICY, check_links, page_links, suspect_links
from vlavirgem.site.urls import relative_url, safe_link, scheme

from .catalog_tree import run
from .conftest import base_tree
from .site_support import shipped_site

HOSTILE_URLS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
                "java\nscript:alert(1)", "\x01javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                "vbscript:msgbox(1)", "mailto:someone@example.org", "file:///etc/passwd", "blob:x", "ftp://x/"]
KAPOTDORP = """  - id: gemeente-99004
    kind: gemeente
    nis: '99004'
    name: Kapotdorp (synthetic)
    arrondissement: {nis: '99000', name: Proefarrondissement}
    valid_until: 2020-12-31
    successor: gemeente-77777
    sources: [statbel-refnis]
"""
BAD_SOURCE = """  kwaadaardig:
    title: Kwaadaardige bron (synthetic)
    publisher: Niemand
    licence: Onbekend (synthetic)
    url: "javascript:alert(document.cookie)"
"""


def hostile_tree(target: Path) -> Path:
    """The base dataset with three errors: a source whose URL is a script, a government whose
    successor does not exist (an error across files), and a product of an unknown vendor."""
    data = base_tree(target)
    sources = data / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("sources:\n", "sources:\n" + BAD_SOURCE, 1),
                       encoding="utf-8")
    province = data / "governments" / "proefprovincie.yaml"
    province.write_text(province.read_text(encoding="utf-8") + KAPOTDORP, encoding="utf-8")
    (data / "catalog" / "products" / "zwerfproduct.yaml").write_text(
        "id: zwerfproduct\nname: Zwerfproduct (synthetic)\nvendor: onbekend\ndomain: archief\n"
        "website: javascript:alert(2)\nsources: [statbel-refnis]\n", encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_tree(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def preview(hostile: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("preview") / "site"
    code, _, err = run("site", "build", "--out", str(out), "--allow-invalid", "--data", str(hostile))
    assert code == 0, err
    assert "Warning: preview of data with" in err
    return out


def test_the_hostile_tree_has_the_errors_it_says(hostile: Path) -> None:
    code, out, _ = run("validate", "--data", str(hostile))
    assert code == 1
    assert "sources.yaml" in out and "proefprovincie.yaml" in out and "zwerfproduct.yaml" in out


def test_a_build_of_invalid_data_fails_and_writes_nothing(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    code, stdout, err = run("site", "build", "--out", str(out), "--data", str(hostile))
    assert code == 1
    assert "Error: the data has" in err and "vlavirgem validate" in err and "--allow-invalid" in err
    assert "Traceback" not in stdout + err
    assert not out.exists()


def test_a_preview_leaves_out_every_record_with_an_error(preview: Path) -> None:
    text = everything(preview)
    assert "Kapotdorp" not in text and not (preview / "besturen" / "gemeente-99004.html").exists()
    assert "Zwerfproduct" not in text and "Kwaadaardige bron" not in text
    assert "alert(" not in text
    # the records without an error are all there
    assert "Proefdorp (synthetic)" in text and (preview / "besturen" / "gemeente-99001.html").is_file()


def everything(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(site.rglob("*"))
                     if p.is_file() and p.suffix in (".html", ".csv", ".json", ".js", ".xml"))


def pages(site: Path) -> list[Path]:
    found = sorted(site.rglob("*.html"))
    assert found
    return found


@pytest.mark.parametrize("which", ["shipped", "preview"])
def test_every_link_of_a_built_site_is_http_or_relative(which: str, preview: Path,
                                                        tmp_path_factory: pytest.TempPathFactory) -> None:
    site = preview if which == "preview" else shipped_site(tmp_path_factory)[0]
    bad = [(page.name, link) for page in pages(site) for link in page_links(page.read_text(encoding="utf-8"))
           if scheme(link) not in (None, "http", "https")]
    assert bad == []


@pytest.mark.parametrize("which", ["shipped", "preview"])
def test_every_page_carries_the_content_security_policy(which: str, preview: Path,
                                                         tmp_path_factory: pytest.TempPathFactory) -> None:
    site = preview if which == "preview" else shipped_site(tmp_path_factory)[0]
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
    for page in pages(site):
        head = unescape(page.read_text(encoding="utf-8").split("</head>")[0])  # as a browser reads it
        assert meta in head, page
        # before anything the page loads, and no inline script or style for the policy to refuse
        assert head.index(meta) < min(head.index("<link"), head.index("<script")), page
        assert not re.search(r"<script(?![^>]*\ssrc=)|<style|\sstyle=|\son[a-z]+=", page.read_text(encoding="utf-8")), page


def test_the_policy_allows_nothing_from_other_hosts() -> None:
    directives = dict(part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["default-src"] == "'none'"
    for value in directives.values():
        assert set(value.split()) <= {"'self'", "'none'"}, value


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_a_link_of_another_scheme_is_never_written(url: str) -> None:
    assert not safe_link(url)
    assert relative_url(url, "regios/waasland.html") == "#"
    with pytest.raises(ValueError, match="not http"):
        check_links(f'<p><a href="{url}">x</a></p>', "x.html")


@pytest.mark.parametrize("html", ['<a href="&#106;avascript:alert(1)">', '<img src="data:image/png;base64,AA">',
                                  '<form action="javascript:x">', '<svg><a xlink:href="javascript:x"></a></svg>',
                                  '<img srcset="https://a/x.png 1x, javascript:x 2x">'])
def test_check_links_reads_links_as_a_browser_does(html: str) -> None:
    with pytest.raises(ValueError):
        check_links(html, "x.html")


def test_http_and_relative_links_are_kept() -> None:
    assert relative_url("https://example.org/a", "regios/x.html") == "https://example.org/a"
    assert relative_url("HTTP://example.org/a", "regios/x.html") == "HTTP://example.org/a"
    assert relative_url("besturen/gemeente-11002.html", "regios/x.html") == "../besturen/gemeente-11002.html"
    assert relative_url("#inhoud", "regios/x.html") == "#inhoud"
    check_links('<a href="https://example.org/">x</a><a href="../a.html#b">y</a>', "x.html")


@pytest.mark.parametrize("option", ["--base-url", "--repo-url"])
def test_a_site_address_option_must_be_http(option: str, tmp_path: Path) -> None:
    code, _, err = run("site", "build", "--out", str(tmp_path / "s"), option, "javascript:alert(1)",
                       "--data", str(base_tree(tmp_path)))
    assert code == 2 and f"{option} must be an http:// or https:// address" in err


def _with_scheme(links: list[str]) -> Counter[str]:
    return Counter(link for link in links if ":" in link)


def test_the_suspect_scan_finds_every_link_that_may_carry_a_scheme(tmp_path_factory: pytest.TempPathFactory) -> None:
    """check_links looks only at the values that ``suspect_links`` finds: on every page of the shipped
    site, every link a browser's parser reads with a colon in it is among them."""
    site = shipped_site(tmp_path_factory)[0]
    for page in pages(site):
        html = page.read_text(encoding="utf-8")
        missing = _with_scheme(page_links(html)) - Counter(suspect_links(html))
        assert not missing, (page.name, list(missing)[:5])
    # names in capitals, unquoted values, each address of a srcset, a name inside another attribute's
    # value, a character reference that hides a scheme
    tricky = ('<a HREF=javascript:x></a><img srcset="a.png 1x, data:b 2x">'
              '<a title="href=y:z" href=\'&#106;s:x\'>')
    assert suspect_links(tricky)[:1] == ["javascript:x"]
    assert {"a.png", "data:b", "js:x"} <= set(suspect_links(tricky))


_NAMES = st.sampled_from(["href", "HREF", "src", "srcset", "xlink:href", "action", "formaction", "title", "data-x"])
_VALUES = st.sampled_from(["javascript:x", "&#106;avascript:x", "https://a/b", "a.html", "x = \"y", "b:c d", "a&amp;b",
                           "a.png 1x, data:x 2x", ">", "'", '"', "", " "])
_QUOTES = st.sampled_from(['"', "'", ""])
_SPACES = st.sampled_from(["", " ", "\n", " \t "])


@st.composite
def _tags(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        quote = draw(_QUOTES)
        parts.append(f"{draw(_SPACES)}{draw(_NAMES)}{draw(_SPACES)}={draw(_SPACES)}{quote}{draw(_VALUES)}{quote}")
    text = draw(st.sampled_from(["", "a = \"b: c", "tijd: 10:00 &amp; ", "<!-- href=javascript:x -->"]))
    return f"<p>{text}</p><a{' '.join(parts)}>x</a>"


@settings(max_examples=300, deadline=None)
@given(_tags())
def test_the_suspect_scan_misses_no_link_a_parser_reads(html: str) -> None:
    """Generated tags in every quoting, with text before them that looks like an attribute: every link
    the parser reads with a colon in it is found, so check_links refuses each one of another scheme."""
    assert not _with_scheme(page_links(html)) - Counter(suspect_links(html))
    if any(not safe_link(link) for link in page_links(html)):
        with pytest.raises(ValueError):
            check_links(html, "x.html")
