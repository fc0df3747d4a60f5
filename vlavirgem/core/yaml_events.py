"""Plain data from ruamel.yaml's C parser events, with the line and column of every key and value.

YAML 1.2 semantics, dates kept as written; aliases, tags, duplicate keys and deep nesting become
located problems.  ``loader`` feeds one file's events through an ``EventBuilder``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, cast

from ruamel.yaml import YAML
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

from vlavirgem.core.problems import Path_, Problem, pointer_text
from vlavirgem.core.wording import counted

if TYPE_CHECKING:  # the builder fills in a LoadedFile; loader imports this module
    from vlavirgem.core.loader import LoadedFile


MAX_DEPTH = 64


_CORE = "tag:yaml.org,2002:"


# whole numbers this long (in bits) may be past Python's limit on decimal text (4300 digits by
# default, sys.get_int_max_str_digits()), which guards against quadratic time: they are tried
_LONG_INT_BITS = 14_000


_CONSTRUCTED_TAGS = {_CORE + t for t in ("int", "float", "bool", "null")}


_STRING_TAGS = {_CORE + "str", _CORE + "timestamp"}  # dates stay strings, as written


_COLLECTION_TAGS = {_CORE + "map", _CORE + "seq"}


# YAML 1.1 leftovers in ruamel's 1.2 table (a plain "=" or "!x"): text, as YAML 1.2's core schema says
_PLAIN_TEXT_TAGS = {_CORE + "value", _CORE + "yaml"}


def _parser() -> YAML:
    yaml = YAML(typ="safe", pure=False)
    yaml.version = (1, 2)  # type: ignore[assignment]
    return yaml


YAML_PARSER = _parser()


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
    YAML_PARSER.compose("a: 1\n")
    return type(YAML_PARSER.parser).__name__ == "CParser"


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


class EventBuilder:
    """Builds plain dicts, lists and scalars from parser events, recording positions and problems."""

    def __init__(self, loaded: LoadedFile) -> None:
        self.loaded = loaded
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.empty = True
        self.documents = 0
        self.constructor = YAML_PARSER.constructor

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
            cast("dict[str, Any]", parent.container)[parent.key] = value  # (mapping: the container is a dict)
        parent.key, parent.skip_value = None, False

    def _constructed(self, tag: str, event: Any, path: Path_) -> Any:
        """A number, boolean or null; a whole number too long for Python to turn into text (its
        limit guards against quadratic time) is refused, and kept as the text written."""
        try:
            value = self.constructor.construct_object(ScalarNode(tag, event.value), deep=True)
            if type(value) is int and value.bit_length() > _LONG_INT_BITS:
                str(value)  # 0x... and 0o... escape the limit while reading, not when written as text
        except ValueError:
            self._add(path, "number-too-large", f"this number is {counted(len(event.value), 'character')} long; a "
                      f"whole number may have at most {sys.get_int_max_str_digits()} digits: if it is "
                      "text, write it in quotes", event.start_mark)
            return event.value
        return value

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
            return self._constructed(tag, event, path)
        self._add(path, "yaml-tag", f"the tag {_shown(tag)} is not allowed in data files; remove it",
                  event.start_mark)
        return event.value
