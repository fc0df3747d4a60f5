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

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import ScalarNode

from .problems import Problem, pointer_text

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64

Path_ = tuple[str | int, ...]

_CORE = "tag:yaml.org,2002:"
_CONSTRUCTED_TAGS = {_CORE + t for t in ("int", "float", "bool", "null")}
_STRING_TAGS = {_CORE + "str", _CORE + "timestamp"}  # dates stay strings, as written
_COLLECTION_TAGS = {_CORE + "map", _CORE + "seq"}
# YAML 1.1 leftovers in ruamel's 1.2 table (a plain "=" or "!x"): text, as YAML 1.2's core schema says
_PLAIN_TEXT_TAGS = {_CORE + "value", _CORE + "yaml"}


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
        try:
            raw = self.source if self.source is not None else self.path.read_bytes()
        except OSError:
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


def _parser() -> YAML:
    yaml = YAML(typ="safe", pure=False)
    yaml.version = (1, 2)  # type: ignore[assignment]
    return yaml


_YAML = _parser()


def _implicit_tags() -> dict[Any, list[tuple[str, Any]]]:
    """YAML 1.2's table of plain-scalar patterns (first character -> (tag, regexp)), taken once.

    Asking ruamel's resolver per scalar looks the version up every time, which was a third of the
    reading time; a %YAML directive in a file cannot switch the semantics this way either.
    """
    from ruamel.yaml.resolver import VersionedResolver

    return VersionedResolver(version=(1, 2)).versioned_resolver  # type: ignore[no-any-return]


_IMPLICIT = _implicit_tags()
_ANY_START = _IMPLICIT.get(None, [])


def c_parser_in_use() -> bool:
    """Whether ruamel.yaml's C extension parses our files (it is 5-8 times faster)."""
    _YAML.compose("a: 1\n")
    return type(_YAML.parser).__name__ == "CParser"


def display_path(path: Path) -> str:
    """The path as people want to read it: relative to the working directory where possible."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def load_file(path: Path, display: str | None = None) -> LoadedFile:
    """Read and parse one YAML file; never raises for anything in the file itself."""
    loaded = LoadedFile(path=path, display=display or display_path(path))
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            loaded.problems.append(
                Problem(loaded.display, 1, 1, "file-too-large",
                        f"the file is {size / 1e6:.0f} MB; data files may be at most "
                        f"{MAX_FILE_BYTES // (1024 * 1024)} MB: split it or remove what does not belong")
            )
            return loaded
        raw = path.read_bytes()
    except OSError as error:
        loaded.problems.append(
            Problem(loaded.display, 1, 1, "unreadable", f"cannot read the file: {error.strerror}")
        )
        return loaded
    return load_bytes(path, raw, loaded.display)


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
    builder = _Builder(loaded)
    try:
        for event in _YAML.parse(text):
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


def _syntax_problem(error: MarkedYAMLError, text: str, display: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
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


def _shown(tag: str) -> str:
    """A tag as it is written: !!binary rather than tag:yaml.org,2002:binary."""
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


class _Frame:
    """A mapping or list being built: where it stands, and what the next event fills in."""

    __slots__ = ("container", "key", "mapping", "path", "skip_value")

    def __init__(self, container: dict[str, Any] | list[Any] | None, path: Path_) -> None:
        self.container = container  # None: a collection that is read but left out
        self.path = path
        self.mapping = isinstance(container, dict)
        self.key: str | None = None  # in a mapping: the key whose value comes next
        self.skip_value = False  # in a mapping: the next value belongs to a refused key


class _Builder:
    """Builds plain dicts, lists and scalars from parser events, recording positions and problems."""

    def __init__(self, loaded: LoadedFile) -> None:
        self.loaded = loaded
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.empty = True
        self.documents = 0
        self.constructor = _YAML.constructor

    def _add(self, path: Path_, code: str, message: str, mark: Any) -> None:
        self.loaded.problems.append(Problem(self.loaded.display, mark.line + 1, mark.column + 1, code,
                                            message, "error", pointer_text(path)))

    def feed(self, event: Any) -> bool:
        """Take one event; True when reading must stop (the problem is recorded)."""
        kind = type(event)
        if kind is ScalarEvent or kind is AliasEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
            return self._node(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            frame = self.stack.pop()
            self._place(frame.container, frame.container is None)
        elif kind is DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                self._add((), "yaml-syntax", "this is not valid YAML: expected a single document in the "
                          "stream but found another document; keep one document per file", event.start_mark)
                return True
        return False

    def _node(self, event: Any) -> bool:
        self.empty = False
        parent = self.stack[-1] if self.stack else None
        if parent is not None and (parent.container is None or (parent.mapping and parent.key is None)):
            return self._key_or_skipped(event, parent)
        if parent is not None and parent.skip_value:
            return self._skipped(event, parent.path)
        path: Path_ = ()
        if parent is not None:
            index = parent.key if parent.mapping else len(parent.container)  # type: ignore[arg-type]
            path = (*parent.path, index)  # type: ignore[arg-type]
        mark = event.start_mark
        if len(self.stack) > MAX_DEPTH:
            self._add(path, "too-deep", f"the data nests deeper than {MAX_DEPTH} levels", mark)
            return True
        self.loaded.values[path] = (mark.line + 1, mark.column + 1)
        kind = type(event)
        if kind is AliasEvent:
            self._alias(path, mark)
            self._place(None, False)
        elif kind is ScalarEvent:
            self._place(self._scalar(event, path), False)
        else:
            if event.tag is not None and event.tag != "!" and event.tag not in _COLLECTION_TAGS:
                self._add(path, "yaml-tag", f"the tag {_shown(event.tag)} is not allowed in data files; "
                          "remove it", mark)
            self.stack.append(_Frame({} if kind is MappingStartEvent else [], path))
        return False

    def _key_or_skipped(self, event: Any, parent: _Frame) -> bool:
        """A key of a mapping, or anything inside a collection that is left out."""
        if parent.container is None:
            return self._skipped(event, parent.path)
        kind = type(event)
        mark = event.start_mark
        if kind is AliasEvent:
            self._alias(parent.path, mark)
        elif kind is not ScalarEvent:
            self._add(parent.path, "key-type", "this key is not plain text; keys are names: write it in "
                      "quotes if you mean it", mark)
            parent.skip_value = True
            self.stack.append(_Frame(None, parent.path))  # ends through _place, which then awaits the value
            return False
        else:
            tag = self._tag(event)
            if tag == _CORE + "merge":
                self._add(parent.path, "yaml-alias",
                          "merge keys (<<) are not allowed in data files; write the keys out", mark)
            elif tag not in _STRING_TAGS:
                self._add(parent.path, "key-type", f"the key {event.value} is not plain text; keys are "
                          "names: write it in quotes if you mean it", mark)
            elif event.value in parent.container:
                first = self.loaded.keys[(*parent.path, event.value)]
                self._add((*parent.path, event.value), "duplicate-key",
                          f"the key '{event.value}' appears twice in this mapping (first on line "
                          f"{first[0]}); keep one", mark)
            else:
                parent.key = event.value
                self.loaded.keys[(*parent.path, event.value)] = (mark.line + 1, mark.column + 1)
                return False
        parent.key = ""
        parent.skip_value = True
        return False

    def _skipped(self, event: Any, path: Path_) -> bool:
        """A value that is left out; an alias in it is still reported."""
        kind = type(event)
        if kind is AliasEvent:
            self._alias(path, event.start_mark)
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            self.stack.append(_Frame(None, path))
        else:
            self._place(None, True)
        return False

    def _place(self, value: Any, skipped: bool) -> None:
        """Put a finished value into its parent (or make it the document)."""
        if not self.stack:
            self.root = value
            return
        parent = self.stack[-1]
        if parent.container is None:
            return
        if not parent.mapping:
            if not skipped:
                parent.container.append(value)  # type: ignore[union-attr]
            return
        if parent.key is None:  # a collection used as a key has ended: its value comes next
            parent.key = ""
            return
        if not parent.skip_value:
            parent.container[parent.key] = value  # type: ignore[index]
        parent.key, parent.skip_value = None, False

    def _alias(self, path: Path_, mark: Any) -> None:
        self._add(path, "yaml-alias", "anchors and aliases (&name, *name) are not allowed in data files; "
                  "write the value out in full", mark)

    def _tag(self, event: Any) -> str:
        if event.tag is not None and event.tag != "!":
            return str(event.tag)
        value = event.value
        if event.implicit[0]:  # plain: the patterns decide (quoted scalars are text)
            for tag, pattern in (*_IMPLICIT.get(value[0] if value else "", ()), *_ANY_START):
                if pattern.match(value):
                    return tag if tag not in _PLAIN_TEXT_TAGS else _CORE + "str"  # type: ignore[no-any-return]
        return _CORE + "str"

    def _scalar(self, event: Any, path: Path_) -> Any:
        tag = self._tag(event)
        if tag in _STRING_TAGS:
            return event.value
        if tag in _CONSTRUCTED_TAGS:
            self.loaded.raw[path] = event.value
            return self.constructor.construct_object(ScalarNode(tag, event.value), deep=True)
        self._add(path, "yaml-tag", f"the tag {_shown(tag)} is not allowed in data files; remove it",
                  event.start_mark)
        return event.value
