"""Read one YAML file into plain data, remembering where every key and value stands.

A file that cannot be read is not an exception: it becomes a ``LoadedFile`` whose ``data`` is None
and whose ``problems`` say why, so that a whole dataset is always checked in one pass.

YAML semantics are those of YAML 1.2 (``no`` and ``on`` are strings, ``010`` is ten); dates stay
strings, exactly as written.  Parsing uses ruamel.yaml's C parser; the node tree it composes
carries the line and column of every node, which is all the locating needs.
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
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problem, pointer_text

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64

Path_ = tuple[str | int, ...]
# a place in a collection: the collection's path and the item's index (in a mapping, 2n for the
# n-th key and 2n + 1 for its value)
Slot = tuple[Path_, int]

_CORE = "tag:yaml.org,2002:"
_CONSTRUCTED_TAGS = {_CORE + t for t in ("int", "float", "bool", "null")}
_STRING_TAGS = {_CORE + "str", _CORE + "timestamp"}  # dates stay strings, as written
_COLLECTION_TAGS = {_CORE + "map", _CORE + "seq"}


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

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``path``, or of its key when ``key``.

        Falls back to the nearest enclosing value that has a position.
        """
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
    loaded = LoadedFile(path=path, display=display or display_path(path))
    text = _decode(raw, loaded)
    if text is None:
        return loaded
    return parse_text(text, loaded)


def parse_text(text: str, loaded: LoadedFile) -> LoadedFile:
    """Parse YAML text into ``loaded`` (data, positions, problems)."""
    try:
        too_deep, aliases = _scan(text)
        if too_deep:
            loaded.problems.append(
                Problem(loaded.display, *too_deep, "too-deep", f"the data nests deeper than {MAX_DEPTH} levels")
            )
            return loaded
        node = _YAML.compose(text)
    except MarkedYAMLError as error:
        loaded.problems.append(_syntax_problem(error, text, loaded.display))
        return loaded
    except YAMLError as error:  # ReaderError: characters YAML forbids
        loaded.problems.append(_reader_problem(error, text, loaded.display))
        return loaded
    if node is None or (isinstance(node, ScalarNode) and node.tag == _CORE + "null"):
        loaded.problems.append(
            Problem(loaded.display, 1, 1, "empty-file", "the file holds no data; fill it in or delete it")
        )
        return loaded
    loaded.data = _Builder(loaded, aliases).build(node)
    return loaded


def _scan(text: str) -> tuple[tuple[int, int] | None, dict[Slot, tuple[int, int]]]:
    """Walk the parser's events once before composing: the place of the first value nested deeper
    than MAX_DEPTH (ruamel's C composer recurses without a limit and crashes the process on deep
    nesting), and the place of every alias by its slot (a composed alias keeps only the place of
    its anchor).  A syntax error ends the walk; composing then reports it."""
    aliases: dict[Slot, tuple[int, int]] = {}
    open_: list[_Open] = []
    for event in _YAML.parse(text):
        if isinstance(event, CollectionEndEvent):
            open_.pop()
        elif isinstance(event, NodeEvent):
            if len(open_) > MAX_DEPTH:
                return (event.start_mark.line + 1, event.start_mark.column + 1), aliases
            path = open_[-1].child(event, aliases) if open_ else ()
            if isinstance(event, CollectionStartEvent):
                open_.append(_Open(path, isinstance(event, MappingStartEvent)))
    return None, aliases


class _Open:
    """A collection the scan is inside: its path (None within a key) and the next slot."""

    def __init__(self, path: Path_ | None, mapping: bool) -> None:
        self.path = path
        self.mapping = mapping
        self.slot = -1
        self.key: str | None = None

    def child(self, event: NodeEvent, aliases: dict[Slot, tuple[int, int]]) -> Path_ | None:
        """The path of the node that ``event`` starts, as the builder will know it."""
        self.slot += 1
        if self.path is None:
            return None
        if isinstance(event, AliasEvent):
            aliases.setdefault((self.path, self.slot), (event.start_mark.line + 1, event.start_mark.column + 1))
        if not self.mapping:
            return (*self.path, self.slot)
        if self.slot % 2 == 0:  # a key: only plain keys lead to a path
            self.key = event.value if isinstance(event, ScalarEvent) else None
            return None
        return None if self.key is None else (*self.path, self.key)


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


class _Builder:
    """Turns a composed node tree into plain dicts, lists and scalars, recording positions."""

    def __init__(self, loaded: LoadedFile, aliases: dict[Slot, tuple[int, int]]) -> None:
        self.loaded = loaded
        self.aliases = aliases
        self.seen: set[int] = set()
        self.constructor = _YAML.constructor

    def build(self, root: Node) -> Any:
        return self._node(root, (), None)

    def _alias(self, node: Node, path: Path_, slot: Slot | None) -> bool:
        """Report ``node`` if it was met before: it stands here as an alias."""
        if id(node) not in self.seen:
            self.seen.add(id(node))
            return False
        at = self.aliases.get(slot, self._mark(node)) if slot else self._mark(node)
        self._add(path, "yaml-alias", "anchors and aliases (&name, *name) are not allowed in data files; "
                  "write the value out in full", at)
        return True

    def _skip(self, node: Node) -> None:
        """Note the nodes of a value left out, so that an alias of one of them is still found."""
        if id(node) in self.seen:
            return
        self.seen.add(id(node))
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                self._skip(key_node)
                self._skip(value_node)
        elif isinstance(node, SequenceNode):
            for item in node.value:
                self._skip(item)

    def _mark(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _add(self, path: Path_, code: str, message: str, at: tuple[int, int]) -> None:
        self.loaded.problems.append(
            Problem(self.loaded.display, at[0], at[1], code, message, "error", pointer_text(path))
        )

    def _node(self, node: Node, path: Path_, slot: Slot | None) -> Any:
        if self._alias(node, path, slot):
            return None
        position = self._mark(node)
        self.loaded.values[path] = position
        if isinstance(node, ScalarNode):
            return self._scalar(node, path, position)
        if node.tag not in _COLLECTION_TAGS:
            self._add(path, "yaml-tag", f"the tag {_shown(node.tag)} is not allowed in data files; remove it",
                      position)
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        return [self._node(item, (*path, i), (path, i)) for i, item in enumerate(node.value)]

    def _mapping(self, node: MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for index, (key_node, value_node) in enumerate(node.value):
            key = self._key(key_node, path, (path, 2 * index), result)
            if key is None:
                self._skip(value_node)
                continue
            self.loaded.keys[(*path, key)] = self._mark(key_node)
            result[key] = self._node(value_node, (*path, key), (path, 2 * index + 1))
        return result

    def _key(self, key_node: Node, path: Path_, slot: Slot, result: dict[str, Any]) -> str | None:
        """The key as text, or None (and a problem) when it cannot be one."""
        key_at = self._mark(key_node)
        if self._alias(key_node, path, slot):
            return None
        if key_node.tag == _CORE + "merge":
            self._add(path, "yaml-alias",
                      "merge keys (<<) are not allowed in data files; write the keys out", key_at)
            return None
        if not isinstance(key_node, ScalarNode) or key_node.tag not in _STRING_TAGS:
            self._skip(key_node)
            shown = f"the key {key_node.value}" if isinstance(key_node, ScalarNode) else "this key"
            self._add(path, "key-type",
                      f"{shown} is not plain text; keys are names: write it in quotes "
                      "if you mean it", key_at)
            return None
        key = str(key_node.value)
        if key in result:
            first = self.loaded.keys[(*path, key)]
            self._add((*path, key), "duplicate-key",
                      f"the key '{key}' appears twice in this mapping (first on line {first[0]}); "
                      "keep one", key_at)
            return None
        return key

    def _scalar(self, node: ScalarNode, path: Path_, position: tuple[int, int]) -> Any:
        if node.tag in _STRING_TAGS:
            return node.value
        if node.tag in _CONSTRUCTED_TAGS:
            self.loaded.raw[path] = node.value
            return self.constructor.construct_object(node, deep=True)
        self._add(path, "yaml-tag",
                  f"the tag {_shown(node.tag)} is not allowed in data files; remove it", position)
        return node.value
