"""The site's scripts and its stylesheet and templates agree: every class a script gives an element
has a rule in site.css (a "Geen resultaten" item styled as ".none" while the script says
"no-results" shows unstyled), and every id a script looks up is in a template."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import REPO

ASSETS = REPO / "site-templates" / "assets"
SCRIPTS = sorted(ASSETS.glob("*.js"))
# className = "a b", classList.add("a", "b") / .toggle("a", ...) / .replace("a", "b"), setAttribute("class", "a")
CLASS_SET = re.compile(r"""\.className\s*=\s*(["'])(?P<one>[^"']*)\1"""
                       r"""|\.classList\.(?:add|toggle|replace)\((?P<list>[^)]*)\)"""
                       r"""|setAttribute\(\s*["']class["']\s*,\s*(["'])(?P<attr>[^"']*)\4""")
ID_LOOKUP = re.compile(r"""getElementById\(\s*(["'])(?P<id>[^"']+)\1\s*\)""")
STRING = re.compile(r"""(["'])([^"']*)\1""")


def classes_set_by(script: str) -> set[str]:
    """The class names a script gives elements, where it writes them as string literals."""
    found: set[str] = set()
    for match in CLASS_SET.finditer(script):
        if match["list"] is not None:
            # toggle("a", on): only the strings; a later boolean argument is not a class
            found |= {name for _, text in STRING.findall(match["list"]) for name in text.split()}
        else:
            found |= set((match["one"] if match["one"] is not None else match["attr"]).split())
    return found


def styled_classes(css: str) -> set[str]:
    without_comments = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    selectors = " ".join(re.findall(r"([^{}]+)\{", without_comments))
    return set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", selectors))


def test_the_scripts_are_found() -> None:
    assert {path.name for path in SCRIPTS} >= {"search.js", "filter.js", "dates.js"}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_every_class_a_script_sets_has_a_rule_in_the_stylesheet(script: Path) -> None:
    styled = styled_classes((ASSETS / "site.css").read_text(encoding="utf-8"))
    unstyled = sorted(classes_set_by(script.read_text(encoding="utf-8")) - styled)
    assert unstyled == [], f"{script}: classes without a rule in site.css: {unstyled}"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_every_id_a_script_looks_up_is_in_a_template(script: Path) -> None:
    templates = "\n".join(path.read_text(encoding="utf-8") for path in (REPO / "site-templates").glob("*.html"))
    ids = {match["id"] for match in ID_LOOKUP.finditer(script.read_text(encoding="utf-8"))}
    missing = sorted(name for name in ids if f'id="{name}"' not in templates)
    assert missing == [], f"{script}: ids no template has: {missing}"


def test_the_checks_see_a_class_without_a_rule_and_one_with() -> None:
    """The two helpers find what they must (so the tests above can fail): the old mismatch of search.js."""
    script = 'none.className = "no-results"; x.classList.toggle("open", shown); y.classList.add("a", "b");'
    assert classes_set_by(script) == {"no-results", "open", "a", "b"}
    css = ".search-results .none { color: grey; }\n/* .no-results */\n@media (max-width: 40rem) { .open { x: y; } }"
    assert classes_set_by(script) - styled_classes(css) == {"no-results", "a", "b"}
