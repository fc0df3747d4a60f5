"""The canonical layout of a data file: one way to write each file, kept by ``vlavirgem fmt`` and
used by every edit and by ``scripts/build_data.py``.

- Keys in the order of the schema's ``properties`` (unknown keys last, as written); the keys of a
  mapping without named properties (the entries of sources.yaml) sorted.
- Lists whose order carries no meaning sorted (``SORTED``): governments by name, kind and id;
  members and territory by government name, kind and from; cycle steps and adoptions by block and
  from; software by product and start; security-plan statuses by from; observation dates.  Other
  lists keep their order (the first source cited is the main one).
- Block style, except the short lists ``sources`` and ``observed``: ``sources: [a, b]``.
- Strings plain where YAML allows; in single quotes when a YAML 1.1 reader could take them for a
  number, boolean or null ('11001', 'no'); otherwise quoted as ruamel.yaml must; text with line
  breaks as a literal block.  Dates YYYY-MM-DD without quotes.
- Indentation 2 for mappings, 4 for lists with the dash at 2; long lines are never folded.
- After every ``government: <id>`` a comment with the government's name, kept up to date (a
  remark of your own after the name survives: ``# Aartselaar; joined after the vote``).

Comments written by people stay with the key or list item they follow.  Formatting never changes
what the data says, except that a date written loosely (2021-3-5) gets its canonical form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString, SingleQuotedScalarString

from vlavirgem.core.schemas import child_schema as _child
from vlavirgem.core.schemas import resolve as _resolve
from vlavirgem.core.schemas import schema
from vlavirgem.core.schemas import schema_path as _schema_path
from vlavirgem.editing.comments import NAME_KEY, key_column, move_items, move_keys, name_comment
from vlavirgem.editing.roundtrip import dump_text, load_text

FLOW = frozenset({"sources", "observed"})
# text that a YAML 1.1 reader would not read as a string: numbers, booleans, null, the empty string
QUOTE = re.compile(r"[-+]?[0-9][0-9_:.eE+-]*|y|n|yes|no|on|off|true|false|null|~|", re.IGNORECASE)
LOOSE_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
Names = Mapping[str, str]


def _government_key(item: Mapping[str, Any], names: Names) -> tuple[str, ...] | None:
    government = item.get(NAME_KEY)
    if not isinstance(government, str) or government not in names:
        return None  # without the name the place is unknown: leave the list as it is
    return (names[government], government.split("-")[0], _text(item.get("from")), government)


def _fields(*keys: str) -> Callable[[Mapping[str, Any], Names], tuple[str, ...]]:
    return lambda item, _names: tuple(_text(item.get(key)) for key in keys)


def _usage_key(item: Mapping[str, Any], _names: Names) -> tuple[str, ...]:
    observed = item.get("observed")
    first = min((_text(day) for day in observed), default="") if isinstance(observed, list) else ""
    return (_text(item.get("product")), _text(item.get("from")) or first)


# list key -> sort key of an item (None: the item has no place; the list keeps its order)
SORTED: dict[str, Callable[[Mapping[str, Any], Names], tuple[str, ...] | None]] = {
    "governments": _fields("name", "kind", "id"),
    "members": _government_key,
    "territory": _government_key,
    "reference_regions": _fields("code"),
    "cycle": _fields("block", "from"),
    "software": _usage_key,
    "building_blocks": _fields("block", "from"),
    "security_plan": _fields("from"),
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


# ---------------------------------------------------------------------------------------- schemas

def put(mapping: CommentedMap, key: str, value: Any, sub: dict[str, Any]) -> None:
    """Set ``key``; a new key goes where the schema's order of properties puts it."""
    if key in mapping:
        mapping[key] = value
        return
    order = list(sub.get("properties") or ())
    rank = {name: index for index, name in enumerate(order)}
    wanted = rank.get(key, len(order))
    position = next((index for index, existing in enumerate(mapping) if rank.get(existing, len(order)) > wanted),
                    len(mapping))
    mapping.insert(position, key, value)


def _is_date(sub: dict[str, Any]) -> bool:
    return sub.get("format") == "date"


# ---------------------------------------------------------------------------------------- scalars

def scalar(value: Any, *, is_date: bool = False) -> Any:
    """A scalar as the canonical layout writes it (quotes where needed, dates as dates)."""
    if isinstance(value, str):
        loose = LOOSE_DATE.fullmatch(value) if is_date else None
        if loose:
            try:
                return date(*(int(part) for part in loose.groups()))
            except ValueError:
                pass
        if "\n" in value:
            return LiteralScalarString(str(value))
        return SingleQuotedScalarString(str(value)) if QUOTE.fullmatch(value) else str(value)
    return value


def node(value: Any, key: str | None = None) -> Any:
    """Plain data (dicts, lists, text, dates) as round-trip nodes in the canonical style."""
    if isinstance(value, Mapping):
        mapping = CommentedMap()
        for child_key, child in value.items():
            mapping[child_key] = node(child, child_key)
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq(node(item) for item in value)
        if key in FLOW and not any(isinstance(item, (dict, list)) for item in value):
            sequence.fa.set_flow_style()
        else:
            sequence.fa.set_block_style()
        return sequence
    return scalar(value)


# ------------------------------------------------------------------------------------------ layout

class _Layout:
    """Walks a document alongside its schema and puts it in the canonical layout, in place."""

    def __init__(self, names: Names) -> None:
        self.names = names
        self.known = frozenset(names.values())

    def mapping(self, mapping: CommentedMap, sub: Any, base: dict[str, Any], column: int,
                indent: int | None = None) -> None:
        """``column``: where the keys stand; ``indent``: where comment lines above the mapping go
        (None for a mapping nested in a mapping)."""
        sub, base = _resolve(sub, base)
        mapping.fa.set_block_style()
        _order(mapping, sub, indent)
        for key in list(mapping):
            child, child_base = _resolve(_child(sub, key), base)
            value = mapping[key]
            if isinstance(value, CommentedMap):
                self.mapping(value, child, child_base, column + 2)
            elif isinstance(value, CommentedSeq):
                self.sequence(value, str(key), child, child_base, column)
            else:
                mapping[key] = scalar(value, is_date=_is_date(child))
        government = mapping.get(NAME_KEY)
        if isinstance(government, str) and government in self.names:
            name_comment(mapping, self.names[government], column, self.known)

    def sequence(self, sequence: CommentedSeq, key: str, sub: dict[str, Any], base: dict[str, Any],
                 column: int) -> None:
        items_schema, items_base = _resolve(sub.get("items", {}), base)
        nested = any(isinstance(item, (dict, list)) for item in sequence)
        commented = any(any(entry or ()) for entry in sequence.ca.items.values())
        if key in FLOW and not nested and not commented:  # a comment on an item keeps the list in block style
            sequence.fa.set_flow_style()
        else:
            sequence.fa.set_block_style()
        for index, item in enumerate(sequence):
            if isinstance(item, CommentedMap):
                self.mapping(item, items_schema, items_base, column + 4, column + 2)
            elif not isinstance(item, CommentedSeq):
                sequence[index] = scalar(item, is_date=_is_date(items_schema))
        if key == "observed" and not nested:
            _reorder(sequence, _text, column + 2)
        elif key in SORTED:
            rule = SORTED[key]
            keys = [rule(item, self.names) if isinstance(item, dict) else None for item in sequence]
            if all(k is not None for k in keys):
                _reorder(sequence, lambda item: rule(item, self.names), column + 2)


def _order(mapping: CommentedMap, sub: dict[str, Any], indent: int | None) -> None:
    properties = sub.get("properties")
    if isinstance(properties, dict):
        rank = {key: index for index, key in enumerate(properties)}
        wanted = sorted(mapping, key=lambda key: (rank.get(key, len(rank)),))
    elif isinstance(sub.get("additionalProperties"), dict):
        wanted = sorted(mapping, key=str)
    else:
        return
    if wanted != list(mapping):
        move_keys(mapping, wanted, indent)


def _reorder(sequence: CommentedSeq, key: Callable[[Any], Any], indent: int) -> None:
    """Sort a list in place (stable); comments move with the items they stand above."""
    order = sorted(range(len(sequence)), key=lambda index: key(sequence[index]))
    if order != list(range(len(sequence))):
        move_items(sequence, order, indent)


def sort_key(list_key: str, item: Mapping[str, Any], names: Names) -> tuple[str, ...] | None:
    """The place of an item in a sorted list (None: the list is not sorted, or the item has no place)."""
    rule = SORTED.get(list_key)
    return rule(item, names) if rule else None


def insert_sorted(sequence: CommentedSeq, item: Any, list_key: str, names: Names) -> int:
    """Insert ``item`` where the canonical order puts it (after its equals); returns its index.
    In a list that is not in order, before the first item that sorts after it."""
    wanted = sort_key(list_key, item, names)
    index = len(sequence)
    if wanted is not None:
        for position, other in enumerate(sequence):
            other_key = sort_key(list_key, other, names) if isinstance(other, dict) else None
            if other_key is not None and other_key > wanted:
                index = position
                break
    sequence.insert(index, item)
    return index


# ------------------------------------------------------------------------------------------- entry

def normalize(document: Any, kind: str, names: Names) -> Any:
    """Put a round-trip document of the given kind in the canonical layout (in place); returns it."""
    if isinstance(document, CommentedMap):
        root = schema(kind)
        _Layout(names).mapping(document, root, root, 0, 0)
    return document


def arrange(mapping: CommentedMap, kind: str, path: tuple[str | int, ...], names: Names) -> None:
    """Put one mapping (a new record at ``path`` in a file of ``kind``) in the canonical layout."""
    sub, base = _schema_path(kind, path)
    column = key_column(path)
    _Layout(names).mapping(mapping, sub, base, column, column - 2 if path and isinstance(path[-1], int) else None)


def canonical_text(data: Mapping[str, Any], kind: str, names: Names) -> str:
    """Plain data written in the canonical layout: how scripts/build_data.py writes data/."""
    return dump_text(normalize(node(data), kind, names))


def format_text(text: str, kind: str, names: Names) -> str:
    """A file's text in the canonical layout, with its comments (raises YAMLError on bad YAML)."""
    document = load_text(text, preserve_quotes=False)
    if document is None:
        return text
    return dump_text(normalize(document, kind, names))
