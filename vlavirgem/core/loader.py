"""Read one YAML file into plain data, remembering where every key and value stands.

A file that cannot be read is not an exception: it becomes a ``LoadedFile`` whose ``data`` is None
and whose ``problems`` say why, so that a whole dataset is always checked in one pass.

YAML semantics are those of YAML 1.2 (``no`` and ``on`` are strings, ``010`` is ten); dates stay
strings, exactly as written.  Parsing uses ruamel.yaml's C parser; its events carry the
line and column of every key and value, which is all the locating needs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError

from vlavirgem.core.problems import Path_, Problem, pointer_text
from vlavirgem.core.reading import Refusal, read_data_file
from vlavirgem.core.yaml_events import YAML_PARSER, EventBuilder


@dataclass
class LoadedFile:
    """A data file after reading: its plain data (or None) and where each part of it stands."""

    path: Path
    display: str
    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # the text as written of every scalar YAML read as a number, boolean or null
    raw: dict[Path_, str] = field(default_factory=dict)
    # False when the positions were not kept (a result from the cache or another process): they
    # are found again, from ``source`` or the file, the first time a problem needs them
    located: bool = True
    source: bytes | None = None
    # every source id the file cites (filled in by the per-file check; None: not yet known)
    cited: frozenset[str] | None = None
    # what cross-file checks need to know of a large file without reading it record by record
    # (a portfolio: the ids it names and the span of its dates; see checks.portfolio_summary)
    summary: dict[str, Any] | None = None

    def forget_positions(self) -> None:
        """Drop the positions (they are large); ``position`` finds them again when needed."""
        self.values, self.keys, self.raw, self.located = {}, {}, {}, False

    def _locate(self) -> None:
        raw = self.source if self.source is not None else read_data_file(self.path)
        if not isinstance(raw, bytes):
            raw = b""
        again = load_bytes(self.path, raw, self.display)
        self.values, self.keys, self.raw, self.located = again.values, again.keys, again.raw, True

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``path``, or of its key when ``key``.

        Falls back to the nearest enclosing value that has a position.
        """
        if not self.located:
            self._locate()
        if key and path in self.keys:
            return self.keys[path]
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def problem(
        self, path: Path_, code: str, message: str, *, severity: str = "error", key: bool = False
    ) -> Problem:
        line, column = self.position(path, key=key)
        return Problem(
            self.display, line, column, code, message, severity, pointer_text(path)  # type: ignore[arg-type]
        )


def display_path(path: Path) -> str:
    """The path as people want to read it: relative to the working directory where possible."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def load_file(path: Path, display: str | None = None, root: Path | None = None) -> LoadedFile:
    """Read and parse one YAML file; never raises for anything in the file itself.  Only a regular
    file is read (a symbolic link only if it leads inside ``root``, the data folder): see reading."""
    content = read_data_file(path, root)
    if isinstance(content, Refusal):
        return refused(path, content, display)
    return load_bytes(path, content, display)


def refused(path: Path, refusal: Refusal, display: str | None = None) -> LoadedFile:
    """The file that was not read, with the reason as its one problem."""
    loaded = LoadedFile(path=path, display=display or display_path(path))
    loaded.problems.append(Problem(loaded.display, 1, 1, refusal.code, refusal.message))
    return loaded


def load_bytes(path: Path, raw: bytes, display: str | None = None) -> LoadedFile:
    """Parse the bytes of a file (already read, or not yet written) as if they were at ``path``."""
    loaded = LoadedFile(path=path, display=display or display_path(path), source=raw)
    text = _decode(raw, loaded)
    if text is None:
        return loaded
    return parse_text(text, loaded)


def parse_text(text: str, loaded: LoadedFile) -> LoadedFile:
    """Parse YAML text into ``loaded`` (data, positions, problems), in one pass over the parser's
    events: no node tree is composed (ruamel's C composer recurses without limit and crashes the
    process on deep nesting; building from events is also about three times faster)."""
    builder = EventBuilder(loaded)
    try:
        for event in YAML_PARSER.parse(text):
            if builder.feed(event):
                return loaded
    except MarkedYAMLError as error:
        loaded.problems.append(_syntax_problem(error, text, loaded.display))
        return loaded
    except YAMLError as error:  # ReaderError: characters YAML forbids
        loaded.problems.append(_reader_problem(error, text, loaded.display))
        return loaded
    if builder.empty or builder.root is None:
        loaded.problems.append(
            Problem(loaded.display, 1, 1, "empty-file", "the file holds no data; fill it in or delete it")
        )
        return loaded
    loaded.data = builder.root
    return loaded


def _decode(raw: bytes, loaded: LoadedFile) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8")) + 1  # valid up to the bad byte
        loaded.problems.append(
            Problem(loaded.display, line, column, "not-utf8",
                    f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8")
        )
        return None
    return text.removeprefix("\ufeff")


def _line_column(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def existing_position(text: str, line: int, column: int) -> tuple[int, int]:
    """A parser's place made one that an editor shows: the parser puts the end of a file that ends
    with a line break on the line after it, which no editor has; that is the end of the last line."""
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    if line <= len(lines):
        return line, column
    return (len(lines), len(lines[-1]) + 1) if lines else (1, 1)


def _syntax_problem(error: MarkedYAMLError, text: str, display: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = existing_position(text, mark.line + 1, mark.column + 1) if mark else (1, 1)
    context = str(error.context or "")
    started = error.context_mark
    if context and started and error.problem_mark and started.line != error.problem_mark.line:
        context += f" (line {started.line + 1}, column {started.column + 1})"
    message = " ".join(part for part in (context, str(error.problem or "")) if part)
    lines = text.split("\n", line)
    if mark and line <= len(lines) and lines[line - 1][column - 1 : column] == "\t":
        message += "; a tab cannot indent YAML: indent with spaces"
    return Problem(display, line, column, "yaml-syntax", f"this is not valid YAML: {message or 'syntax error'}")


def _reader_problem(error: YAMLError, text: str, display: str) -> Problem:
    """A character YAML forbids.  The C reader counts its position in UTF-8 bytes, the pure one in
    characters; the first occurrence of the character itself is the place in both."""
    character = getattr(error, "character", None)
    position = text.find(chr(character)) if isinstance(character, int) else -1
    if position < 0:
        position = min(getattr(error, "position", 0) or 0, len(text))
    line, column = _line_column(text, position)
    shown = f"the character U+{character:04X}" if isinstance(character, int) else "a character"
    return Problem(display, line, column, "yaml-syntax",
                   f"this is not valid YAML: {shown} is not allowed "
                   f"({getattr(error, 'reason', None) or error.__class__.__name__}); remove it")
