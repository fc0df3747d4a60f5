"""Every console example of the README and of every command's --help runs as written against the
shipped data, and prints what the documentation says it prints.

Each example runs in a folder of its own that holds a copy of the repository's data (so an example
that writes changes nothing else), with today fixed to the date the README names.  Lines of the
documented output that hold only ``…`` or ``...`` stand for any lines.  The help texts are also
rendered at 80 columns: an example must come out on one line, never wrapped inside an option.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vlavirgem.cli import app

from .conftest import REPO, TODAY
from .examples import Example, Step, commands, help_examples, matches, readme_examples, sessions


def _alone_or_together(steps: list[Step]) -> list[list[Step]]:
    listed = [[step] for step in steps if step.output == ["…"]]
    session = [step for step in steps if step.output != ["…"]]
    return listed + ([session] if session else [])


README = (REPO / "README.md").read_text(encoding="utf-8")
README_EXAMPLES = list(readme_examples(README))
# the examples a help text lists are alternatives, each run on its own; its $ session runs as one
HELP_EXAMPLES = [Example(f"vlavirgem {name} --help", group)
                 for name, command in commands(app)
                 for group in _alone_or_together(help_examples(command.help or ""))]
# what the examples may refer to besides data/: a mergers file, CODEOWNERS
COPIED = ["data", "docs/examples", ".github/CODEOWNERS", "schemas", "tests/requests"]


def test_the_readme_says_which_date_its_examples_use() -> None:
    assert f"VLAVIRGEM_TODAY={TODAY.isoformat()}" in README


def test_there_are_examples_to_run() -> None:
    assert len(README_EXAMPLES) >= 15
    assert len(HELP_EXAMPLES) >= 25
    assert all(example.steps for example in README_EXAMPLES)


def _checkout(folder: Path) -> Path:
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        elif source.is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    return folder


def _run(step: Step, folder: Path) -> tuple[int, list[str]]:
    words = shlex.split(step.command)
    if words[0] == "vlavirgem":
        result = CliRunner().invoke(app, words[1:])
        assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), \
            f"$ {step.command} raised {result.exception!r}"
        return result.exit_code, result.output.splitlines()
    if words[0] == "cat" and len(words) == 2 and not (folder / words[1]).exists():
        (folder / words[1]).write_text("\n".join(step.output) + "\n", encoding="utf-8")  # the reader's file
    if shutil.which(words[0]) is None:
        pytest.skip(f"{words[0]} is not installed")
    done = subprocess.run(step.command, shell=True, cwd=folder, capture_output=True, text=True)
    return done.returncode, (done.stdout + done.stderr).splitlines()


def _replay(example: Example, folder: Path, monkeypatch: pytest.MonkeyPatch, in_help: bool) -> None:
    monkeypatch.chdir(_checkout(folder))
    monkeypatch.delenv("VLAVIRGEM_DATA", raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    for step in example.steps:
        status, lines = _run(step, folder)
        shown = "\n".join(lines)
        assert matches(step.output, lines, cut=in_help), f"{example.where}\n$ {step.command}\nprinted:\n{shown}"
        if in_help and step.output == ["…"]:
            assert status == 0, f"{example.where}\n$ {step.command}\nexit {status}:\n{shown}"


@pytest.mark.parametrize("example", README_EXAMPLES, ids=lambda e: f"{e.where}: {e.steps[0].command}"[:90])
def test_readme_example(example: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _replay(example, tmp_path, monkeypatch, in_help=False)


@pytest.mark.parametrize("example", HELP_EXAMPLES,
                         ids=lambda e: f"{e.where}: {e.steps[0].command}"[:90])
def test_help_example(example: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _replay(example, tmp_path, monkeypatch, in_help=True)


@pytest.mark.parametrize("example", HELP_EXAMPLES, ids=lambda e: e.where)
def test_help_examples_are_not_wrapped(example: Example) -> None:
    words = example.where.split()[1:-1]
    result = CliRunner().invoke(app, [*words, "--help"], env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0
    printed = {line.strip() for line in result.output.splitlines()}
    for step in example.steps:
        if step.command.startswith("vlavirgem "):
            assert all(line in printed for line in step.written or [step.command]), \
                f"`{step.command}` is wrapped in `{example.where}`:\n{result.output}"


def test_elision_lines_stand_for_any_lines_and_nothing_else() -> None:
    assert matches(["a", "…", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "│ …   │    │", "d"], ["a", "d"])
    assert matches(["a", "...", "c", "...", "e"], ["a", "b", "c", "d", "e"])
    assert not matches(["a", "…", "d"], ["a", "b", "c"])
    assert not matches(["a", "b"], ["a", "b", "c"])
    assert not matches(["x", "…"], ["a", "b"])
    assert matches(["…"], [])
    assert matches(["┏━━━", "│ a │ b"], ["┏━━━━━━━", "│ a │ b │"], cut=True)
    assert not matches(["┏━━━", "│ a │ b"], ["┏━━━━━━━", "│ a │ b │"])
    assert not matches(["│ a │ c"], ["│ a │ b │"], cut=True)


def test_a_command_continued_with_a_backslash_is_one_command() -> None:
    [step] = sessions("$ vlavirgem source add x \\\n    --title T --dry-run\nsource x added\n")
    assert (step.command, step.output, step.written) == \
        ("vlavirgem source add x --title T --dry-run", ["source x added"], ["$ vlavirgem source add x \\", "--title T --dry-run"])
