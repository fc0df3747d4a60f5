"""The console examples of the README and of every command's --help, read as sessions to replay.

An example is a ``$ command`` line and the output printed under it, up to the next ``$`` line.  In
the output, a line that holds nothing but an elision mark (``…`` or ``...``, also as the first cell
of a table row) stands for any number of lines.  ``$ cat FILE`` of a file that does not exist shows
the file the reader is meant to have: replaying it writes the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import typer

ELISION = re.compile(r"^[\s│|]*(…|\.\.\.)[\s│|]*$")


@dataclass
class Step:
    """One ``$`` line and what it prints."""

    command: str
    output: list[str] = field(default_factory=list)
    # the command as written, a line each (a line that ends in a backslash goes on in the next)
    written: list[str] = field(default_factory=list)


@dataclass
class Example:
    """The steps of one console block (README) or one command's help, replayed in one folder."""

    where: str
    steps: list[Step]


def sessions(text: str) -> list[Step]:
    """The ``$`` lines of a console text with the output under each."""
    steps: list[Step] = []
    continued = False
    for line in text.splitlines():
        if continued:  # a command line that ended in a backslash goes on here
            steps[-1].command = f"{steps[-1].command[:-1].rstrip()} {line.strip()}"
            steps[-1].written.append(line.strip())
        elif line.startswith("$ "):
            steps.append(Step(line[2:].strip(), written=[line.strip()]))
        elif steps:
            steps[-1].output.append(line.rstrip())
        continued = bool(steps) and not steps[-1].output and steps[-1].command.endswith("\\")
    for step in steps:
        while step.output and not step.output[-1]:
            step.output.pop()
    return steps


def readme_examples(readme: str) -> Iterator[Example]:
    """Every ```console block of the README, named by the heading above it."""
    heading = "README"
    for chunk in re.split(r"^(```console\n.*?^```)$", readme, flags=re.M | re.S):
        if chunk.startswith("```console"):
            yield Example(f"README: {heading}", sessions(chunk.split("\n", 1)[1].rsplit("```", 1)[0]))
        else:
            headings = re.findall(r"^#+ (.+)$", chunk, flags=re.M)
            heading = headings[-1] if headings else heading


def commands(app: typer.Typer) -> Iterator[tuple[str, Any]]:
    """Every command of the app with its full name ("catalog who-uses"), groups included."""

    def walk(prefix: str, command: Any) -> Iterator[tuple[str, Any]]:
        yield prefix, command
        if hasattr(command, "commands"):  # a group (Typer carries its own copy of click)
            for name, sub in command.commands.items():
                yield from walk(f"{prefix} {name}".strip(), sub)

    yield from walk("", typer.main.get_command(app))


def help_examples(help_text: str) -> list[Step]:
    """The examples of a help text: the ``vlavirgem ...`` lines listed under "Examples:" (run,
    output not shown) and the ``$`` sessions (output compared)."""
    steps: list[Step] = []
    after = help_text.split("Examples:", 1)[1] if "Examples:" in help_text else ""
    listed, _, rest = after.partition("$ ")
    steps += [Step(line.strip(), ["…"]) for line in listed.splitlines() if line.strip().startswith("vlavirgem ")]
    rest = "$ " + rest if rest else help_text.split("\b", 1)[1] if "\b" in help_text else ""
    kept = [line for line in rest.splitlines() if line.strip() != "\b"]
    # the session is dedented by the indentation of its first $ line, so output keeps its own spaces
    first = next((line for line in kept if line.lstrip().startswith("$ ")), "")
    indent = first[:len(first) - len(first.lstrip())]
    lines = [line.removeprefix(indent) for line in kept]
    return steps + sessions("\n".join(lines))


def matches(expected: list[str], actual: list[str], cut: bool = False) -> bool:
    """Whether ``actual`` is ``expected`` with each elision line standing for any lines.

    With ``cut`` (the help texts, which show wide tables cut to fit an 80-column screen), an
    expected line also matches a printed line that begins with it."""
    same = (lambda want, got: got.startswith(want)) if cut else (lambda want, got: want == got)

    def fits(part: list[str], lines: list[str]) -> bool:
        return len(part) == len(lines) and all(same(w, g) for w, g in zip(part, lines, strict=True))

    parts: list[list[str]] = [[]]
    for line in expected:
        if ELISION.match(line):
            parts.append([])
        else:
            parts[-1].append(line.rstrip())
    actual = [line.rstrip() for line in actual]
    while actual and not actual[-1]:
        actual.pop()
    if len(parts) == 1:
        return fits(parts[0], actual)
    first, *middle, last = parts
    if len(actual) < len(first) + len(last) or not fits(first, actual[:len(first)]) \
            or not fits(last, actual[len(actual) - len(last):]):
        return False
    at, end = len(first), len(actual) - len(last)
    for part in middle:
        found = next((i for i in range(at, end - len(part) + 1) if fits(part, actual[i:i + len(part)])), None)
        if found is None:
            return False
        at = found + len(part)
    return True
