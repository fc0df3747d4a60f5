"""Bad values made from the schemas themselves: for every record kind, every property its schema
names (and every key its data has), every kind of value the schema may forbid there, written into
that kind's file of the golden base dataset (synthetic data, tests/cases/base).

Whether the schema really forbids a value is not decided here: the tests ask check-jsonschema,
and demand that vlavirgem gives the same verdict.  A "huge number" is a whole number of 5,000
digits; it is written as text into the YAML (no Python int of that size can be turned into text).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vlavirgem.core.layout import dataset_files, kind_of
from vlavirgem.core.loader import load_file
from vlavirgem.core.schemas import schema_at

HUGE_DIGITS = "9" * 5000
_HUGE = "HUGE-NUMBER-PLACEHOLDER"
UNKNOWN_KEY = "unknown_key_x"
Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Mutation:
    """One bad value at one place of one file."""

    relative: str  # the file, relative to the data folder
    kind: str
    path: Path_
    label: str  # what kind of bad value
    document: Any  # the whole file's data with the bad value in it

    @property
    def name(self) -> str:
        return f"{self.relative}:/{'/'.join(map(str, self.path))}: {self.label}"

    def text(self) -> str:
        """The file as YAML: JSON laid out on lines, which YAML 1.2 reads as it is (every text in
        double quotes, so any YAML reader reads what is meant), and thirty times faster to write
        than ruamel.yaml's emitter."""
        text = json.dumps(self.document, indent=2, ensure_ascii=False) + "\n"
        return text.replace(f'"{_HUGE}"', HUGE_DIGITS)


def _types(sub: dict[str, Any]) -> list[str]:
    declared = sub.get("type")
    return [declared] if isinstance(declared, str) else list(declared or [])


def bad_values(sub: dict[str, Any], example: Any) -> list[tuple[str, Any]]:
    """The values to try where ``sub`` is the schema (``example``: the value there now, if any)."""
    types = _types(sub)
    values: list[tuple[str, Any]] = [("null", None), ("huge number", _HUGE), ("number", 12345)]
    wrong = next(((label, value) for label, kind, value in (("list", "array", ["x"]), ("text", "string", "some text"),
                                                             ("mapping", "object", {"x": "y"}))
                  if kind not in types), None)
    if wrong:
        values.append(wrong)
    if "string" in types or "enum" in sub:
        text = example if isinstance(example, str) else str((sub.get("enum") or ["x"])[0])
        values += [("empty text", ""), ("trailing newline", text + "\n"), ("malformed text", "Not valid!")]
    if sub.get("format") == "date":
        values += [("impossible date", "2025-02-29"), ("month 13", "2025-13-01"), ("loose date", "2025-1-01")]
    if "array" in types:
        items = sub.get("items") if isinstance(sub.get("items"), dict) else {}
        first = example[0] if isinstance(example, list) and example else None
        values += [("empty list", []), ("boolean in a list", [True])]
        values += [(f"list holding {label}", [value]) for label, value in bad_values(items, first)[3:5]]
        if sub.get("uniqueItems") and first is not None:
            values.append(("repeated item", [first, first]))
    if "object" in types:
        values.append(("empty mapping", {}))
    return values


def _set(document: Any, path: Path_, value: Any) -> Any:
    """A copy of ``document`` with ``value`` at ``path`` (the last step may be a new key)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(document, dict):
        copy = dict(document)
        copy[head] = _set(document.get(head), rest, value)  # type: ignore[call-overload]
        return copy
    copy_list = list(document)
    copy_list[head] = _set(document[head], rest, value)  # type: ignore[index,call-overload]
    return copy_list


def _places(document: Any, kind: str, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every place to put a bad value: each property (written or not) of each mapping, the first
    item of each list, and the mappings themselves (for unknown keys)."""
    value = document
    for part in path:
        value = value[part]  # type: ignore[index]
    sub = schema_at(kind, path)
    if isinstance(value, dict):
        keys = list(value) + [key for key in sub.get("properties") or {} if key not in value]
        for key in keys:
            yield (*path, key), value.get(key)
            if isinstance(value.get(key), (dict, list)):
                yield from _places(document, kind, (*path, key))
    elif isinstance(value, list) and value:
        yield (*path, 0), value[0]
        if isinstance(value[0], (dict, list)):
            yield from _places(document, kind, (*path, 0))


def mutations(root: Path) -> list[Mutation]:
    """The bad values of every kind of file in the data folder (one file of each kind)."""
    found: list[Mutation] = []
    seen: set[str] = set()
    for path in dataset_files(root):
        kind = kind_of(path, root)
        document = load_file(path).data
        if kind is None or kind in seen or not isinstance(document, dict):
            continue
        seen.add(kind)
        relative = path.relative_to(root).as_posix()
        for place, example in _places(document, kind):
            for label, value in bad_values(schema_at(kind, place), example):
                found.append(Mutation(relative, kind, place, label, _set(document, place, value)))
        for place, value in [((), document), *_places(document, kind)]:
            if isinstance(value, dict):
                unknown = (*place, UNKNOWN_KEY)
                found.append(Mutation(relative, kind, unknown, "unknown key", _set(document, unknown, "x")))
        found.append(Mutation(relative, kind, (), "empty document", {}))
    return found
