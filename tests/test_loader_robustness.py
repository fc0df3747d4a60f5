"""Whatever a data file holds, reading and validating it gives located problems, never an exception.

Property tests feed random text, random bytes and mutations of the base dataset's real files to
``load_file`` and to ``validate``; unit tests pin the limits (size, depth) and the YAML 1.2 reading.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from vlavirgem.core.loader import LoadedFile, load_file
from vlavirgem.core.problems import Problem
from vlavirgem.core.validation import validate
from vlavirgem.core.yaml_events import MAX_DEPTH

from .conftest import CASES, TODAY, base_tree

BASE = CASES / "base" / "data"
BASE_FILES = sorted(path.relative_to(BASE).as_posix() for path in BASE.rglob("*.yaml"))
# problems after which the loader has no data; with any other problem (or none) it has data
FATAL = {"unreadable", "file-too-large", "not-utf8", "yaml-syntax", "too-deep", "empty-file"}

# CI runs 150 examples; VLAVIRGEM_HYPOTHESIS_EXAMPLES=N runs N (the long runs of docs/robustness.md)
PROPERTY = settings(max_examples=int(os.environ.get("VLAVIRGEM_HYPOTHESIS_EXAMPLES") or 150), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def assert_well_formed(problems: list[Problem] | tuple[Problem, ...], text: str | None = None) -> None:
    """Every problem is located (1-based, inside the text when it is known) and says something."""
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1, problem
        assert problem.code and problem.code == problem.code.strip(), problem
        assert problem.message.strip(), problem
        assert problem.severity in ("error", "warning"), problem
        if text is not None:
            # splitlines() breaks on every YAML line break (and a few more), so this is an upper bound
            assert problem.line <= len(text.splitlines()) + 1, (problem, text)


def assert_loaded(loaded: LoadedFile, text: str | None = None) -> None:
    assert_well_formed(loaded.problems, text)
    fatal = [p for p in loaded.problems if p.code in FATAL]
    if fatal:
        assert loaded.data is None and len(fatal) == 1, loaded.problems
    else:
        assert loaded.data is not None, loaded.problems  # a file that parses produces data


def load_bytes(content: bytes) -> LoadedFile:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file.yaml"
        path.write_bytes(content)
        return load_file(path, "file.yaml")


def validate_with(files: dict[str, bytes]) -> tuple[Problem, ...]:
    """Validate the base dataset with some files replaced."""
    with tempfile.TemporaryDirectory() as folder:
        root = base_tree(Path(folder))
        for name, content in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(content)
        dataset, report = validate(root, TODAY)
        assert report.files_checked == len(dataset.files) >= len(BASE_FILES)
        known = set(dataset.files) | {str(Path(p.file)) for p in report.problems if p.code == "missing-file"}
        for problem in report.problems:
            assert problem.file in known, problem
        assert list(report.problems) == sorted(report.problems)
        return report.problems


# ---------------------------------------------------------------- mutations of real files

# characters that mean something to YAML, and some that do not
NOISE = st.text(alphabet=st.sampled_from(list(":-?[]{},&*!|>'\"#%@` \t\n\\") + list("ab1é\u00a0\x85")),
                min_size=1, max_size=6)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str]:
    """A file of the base dataset after a few edits of the kinds people and tools make."""
    name = draw(st.sampled_from(BASE_FILES))
    lines = (BASE / name).read_text(encoding="utf-8").splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "indent", "dedent",
                                     "tab", "truncate"]))
        if edit == "delete":
            del lines[i]
        elif edit == "duplicate":
            lines.insert(i, lines[i])
        elif edit == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif edit == "insert":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(NOISE) + lines[i][at:]
        elif edit == "indent":
            lines[i] = " " * draw(st.integers(1, 4)) + lines[i]
        elif edit == "dedent":
            lines[i] = lines[i].lstrip(" ")
        elif edit == "tab":
            lines[i] = "\t" + lines[i].lstrip(" ")
        else:
            text = "".join(lines)
            lines = [text[: draw(st.integers(0, len(text)))]]
    return name, "".join(lines)


@PROPERTY
@given(st.text())
def test_random_text_loads_without_raising(text: str) -> None:
    assert_loaded(load_bytes(text.encode("utf-8")), text)


@PROPERTY
@given(st.binary())
def test_random_bytes_load_without_raising(content: bytes) -> None:
    loaded = load_bytes(content)
    assert_loaded(loaded)
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        assert [p.code for p in loaded.problems] == ["not-utf8"]


@PROPERTY
@given(mutated())
def test_mutated_base_files_load_without_raising(mutation: tuple[str, str]) -> None:
    _, text = mutation
    assert_loaded(load_bytes(text.encode("utf-8")), text)


@PROPERTY
@given(st.lists(mutated(), min_size=1, max_size=3))
def test_validating_mutated_base_files_never_raises(mutations: list[tuple[str, str]]) -> None:
    problems = validate_with({name: text.encode("utf-8") for name, text in mutations})
    assert_well_formed(problems)


@PROPERTY
@given(st.sampled_from(BASE_FILES), st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_validating_a_file_of_random_content_never_raises(name: str, content: bytes) -> None:
    problems = validate_with({name: content})
    assert_well_formed(problems)


def test_mutations_do_reach_the_checks() -> None:
    """The mutated-files property is only worth something if mutations produce problems of every level."""
    text = (BASE / "regions/waasland.yaml").read_text(encoding="utf-8")
    problems = validate_with({"regions/waasland.yaml": text.replace("from: 2023-03-19", "from: 2023-03-01")
                                                       .replace("kind: kenniskring", "kind: [x]")
                                                       .encode("utf-8"),
                              "blocks/magda.yaml": b"id: magda\n\tname: x\n"})
    assert sorted((p.file.split("data/")[-1], p.code) for p in problems) == [
        ("blocks/magda.yaml", "yaml-syntax"),  # no unknown-reference to magda: its file names it
        ("regions/waasland.yaml", "bad-value"),
        ("regions/waasland.yaml", "membership-overlap"),
    ]
    assert "found a list" in next(p.message for p in problems if p.code == "bad-value")


# ---------------------------------------------------------------- aliases

WORDS = st.text(alphabet="abcdefgh", min_size=1, max_size=5)
VALUES = st.recursive(st.one_of(st.integers(0, 99), WORDS, st.none()),
                      lambda inner: st.lists(inner, min_size=1, max_size=3)
                      | st.dictionaries(WORDS.map("k".__add__), inner, min_size=1, max_size=3),
                      max_leaves=8)


@PROPERTY
@given(st.data())
def test_every_alias_is_refused_where_it_stands(data: st.DataObject) -> None:
    """Shared lists and mappings dump as anchors and aliases; each alias is one problem, at its '*'."""
    pieces = data.draw(st.lists(VALUES.filter(lambda v: isinstance(v, (list, dict))), min_size=1, max_size=3))
    document = {f"key{i}": data.draw(st.sampled_from(pieces)) for i in range(data.draw(st.integers(2, 6)))}
    stream = StringIO()
    YAML(typ="safe", pure=True).dump(document, stream)
    text = stream.getvalue()
    loaded = load_bytes(text.encode("utf-8"))
    lines = text.split("\n")
    aliases = [p for p in loaded.problems if p.code == "yaml-alias"]
    assert [p.code for p in loaded.problems] == ["yaml-alias"] * len(aliases)
    assert len(aliases) == text.count("*")
    assert len({(p.line, p.column) for p in aliases}) == len(aliases)
    for problem in aliases:
        assert lines[problem.line - 1][problem.column - 1] == "*", (problem, text)


def test_a_billion_laughs_is_refused_without_expanding_it() -> None:
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    started = time.perf_counter()
    loaded = load_bytes(("\n".join(levels) + "\n").encode())
    assert time.perf_counter() - started < 2
    assert [p.code for p in loaded.problems] == ["yaml-alias"] * 81
    assert {p.line for p in loaded.problems} == set(range(2, 11))
    assert loaded.data["a9"] == [None] * 9


def test_an_alias_in_a_list_is_located_at_the_alias_not_at_its_anchor() -> None:
    loaded = load_bytes(b"a:\n  - &x b\n  - c\n  - *x\n")
    assert [(p.line, p.column, p.code, p.pointer) for p in loaded.problems] == [(4, 5, "yaml-alias", "/a/2")]
    assert loaded.data == {"a": ["b", "c", None]}


# ---------------------------------------------------------------- limits


def test_a_huge_file_is_refused_without_reading_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse: takes no room on disk
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    started = time.perf_counter()
    loaded = load_file(path, "huge.yaml")
    assert time.perf_counter() - started < 1
    assert [(p.line, p.column, p.code) for p in loaded.problems] == [(1, 1, "file-too-large")]
    assert "315 MB" in loaded.problems[0].message
    assert loaded.data is None


@pytest.mark.parametrize("text", [
    "[" * 200 + "]" * 200,
    "{a: " * 200 + "1" + "}" * 200,
    "- " * 200 + "x\n",
    "".join("  " * depth + f"k{depth}:\n" for depth in range(200)) + "  " * 200 + "end\n",
], ids=["flow-lists", "flow-mappings", "block-lists", "block-mappings"])
def test_nesting_200_levels_deep_is_too_deep(text: str) -> None:
    loaded = load_bytes(text.encode())
    assert [p.code for p in loaded.problems] == ["too-deep"]
    assert loaded.problems[0].message == f"the data nests deeper than {MAX_DEPTH} levels"
    assert loaded.data is None


def test_nesting_at_the_limit_is_read() -> None:
    loaded = load_bytes(("[" * MAX_DEPTH + "x" + "]" * MAX_DEPTH).encode())
    assert loaded.problems == []
    value = loaded.data
    for _ in range(MAX_DEPTH - 1):
        value = value[0]
    assert value == ["x"]


def test_nesting_100000_levels_deep_does_not_crash_the_process() -> None:
    """ruamel's C composer recurses without a limit: without the loader's own check this segfaults."""
    script = ("from pathlib import Path; from vlavirgem.core.loader import LoadedFile, parse_text; "
              "loaded = parse_text('[' * 100000, LoadedFile(Path('x'), 'x')); "
              "print([(p.line, p.column, p.code) for p in loaded.problems])")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"[(1, {MAX_DEPTH + 2}, 'too-deep')]"


# ---------------------------------------------------------------- YAML 1.2


def test_yaml_1_2_values() -> None:
    loaded = load_bytes(
        b"a: no\nb: on\nc: yes\nd: off\ne: 010\nf: 0o10\ng: 2024-02-29\nh: '11001'\ni: 11001\n"
        b"j: true\nk: ~\nl: 1.5\nm: 0x1F\nn: 2023-02-30\n"
    )
    assert loaded.problems == []
    assert loaded.data == {"a": "no", "b": "on", "c": "yes", "d": "off", "e": 10, "f": 8,
                           "g": "2024-02-29", "h": "11001", "i": 11001, "j": True, "k": None, "l": 1.5,
                           "m": 31, "n": "2023-02-30"}
    assert type(loaded.data["j"]) is bool
    assert loaded.raw[("e",)] == "010"  # as written, for a message that says to quote it


def test_a_null_document_is_an_empty_file() -> None:
    for text in (b"", b"# only a comment\n", b"---\n", b"~\n", b"null\n"):
        loaded = load_bytes(text)
        assert [(p.line, p.column, p.code) for p in loaded.problems] == [(1, 1, "empty-file")], text
