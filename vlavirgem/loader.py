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
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problem, pointer_text

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64

Path_ = tuple[str | int, ...]

_CORE = "tag:yaml.org,2002:"
_CONSTRUCTED_TAGS = {_CORE + t for t in ("int", "float", "bool", "null")}
_STRING_TAGS = {_CORE + "str", _CORE + "timestamp"}  # dates stay strings, as written


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
    text = _decode(raw, loaded)
    if text is None:
        return loaded
    return parse_text(text, loaded)


def parse_text(text: str, loaded: LoadedFile) -> LoadedFile:
    """Parse YAML text into ``loaded`` (data, positions, problems)."""
    try:
        node = _YAML.compose(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(part) for part in (error.context, error.problem) if part)
        loaded.problems.append(
            Problem(loaded.display, line, column, "yaml-syntax",
                    f"this is not valid YAML: {message or 'syntax error'}")
        )
        return loaded
    except YAMLError as error:  # ReaderError: characters YAML forbids
        position = getattr(error, "position", 0) or 0
        line, column = _line_column(text, position)
        reason = getattr(error, "name", None)
        loaded.problems.append(
            Problem(loaded.display, line, column, "yaml-syntax",
                    f"this is not valid YAML: {error.__class__.__name__}"
                    f"{': ' + str(reason) if reason else ''}; remove control characters")
        )
        return loaded
    except RecursionError:
        loaded.problems.append(
            Problem(loaded.display, 1, 1, "too-deep", f"the data nests deeper than {MAX_DEPTH} levels")
        )
        return loaded
    if node is None:
        loaded.problems.append(
            Problem(loaded.display, 1, 1, "empty-file", "the file holds no data; fill it in or delete it")
        )
        return loaded
    loaded.data = _Builder(loaded).build(node)
    return loaded


def _decode(raw: bytes, loaded: LoadedFile) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        loaded.problems.append(
            Problem(loaded.display, line, column, "not-utf8",
                    f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8")
        )
        return None
    return text.removeprefix("\ufeff")


def _line_column(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


class _Builder:
    """Turns a composed node tree into plain dicts, lists and scalars, recording positions."""

    def __init__(self, loaded: LoadedFile) -> None:
        self.loaded = loaded
        self.seen: set[int] = set()
        self.constructor = _YAML.constructor

    def build(self, root: Node) -> Any:
        return self._node(root, (), None)

    def _mark(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _add(self, path: Path_, code: str, message: str, at: tuple[int, int]) -> None:
        self.loaded.problems.append(
            Problem(self.loaded.display, at[0], at[1], code, message, "error", pointer_text(path))
        )

    def _node(self, node: Node, path: Path_, at: tuple[int, int] | None) -> Any:
        position = self._mark(node)
        if id(node) in self.seen:
            self._add(path, "yaml-alias",
                      "anchors and aliases (&name, *name) are not allowed in data files; "
                      "write the value out in full", at or position)
            return None
        self.seen.add(id(node))
        self.loaded.values[path] = position
        if len(path) > MAX_DEPTH:
            self._add(path, "too-deep", f"the data nests deeper than {MAX_DEPTH} levels", position)
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self._node(item, (*path, i), self._mark(item)) for i, item in enumerate(node.value)]
        return self._scalar(node, path, position)

    def _mapping(self, node: MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_at = self._mark(key_node)
            if key_node.tag == _CORE + "merge":
                self._add(path, "yaml-alias",
                          "merge keys (<<) are not allowed in data files; write the keys out", key_at)
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _STRING_TAGS:
                shown = key_node.value if isinstance(key_node, ScalarNode) else "here"
                self._add(path, "key-type",
                          f"the key {shown} is not plain text; keys are names: write it in quotes "
                          "if you mean it", key_at)
                continue
            key = str(key_node.value)
            child = (*path, key)
            if key in result:
                first = self.loaded.keys[child]
                self._add(child, "duplicate-key",
                          f"the key '{key}' appears twice in this mapping (first on line {first[0]}); "
                          "keep one", key_at)
                continue
            self.loaded.keys[child] = key_at
            result[key] = self._node(value_node, child, key_at)
        return result

    def _scalar(self, node: ScalarNode, path: Path_, position: tuple[int, int]) -> Any:
        if node.tag in _STRING_TAGS:
            return node.value
        if node.tag in _CONSTRUCTED_TAGS:
            self.loaded.raw[path] = node.value
            return self.constructor.construct_object(node, deep=True)
        self._add(path, "yaml-tag",
                  f"the tag {node.tag} is not allowed in data files; remove it", position)
        return node.value
