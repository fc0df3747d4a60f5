"""Comments in round-trip documents: the government's name after its id, and comments that stay
with the key they stand above when keys are put in order.

ruamel.yaml keeps a comment on the key *before* it: the token after ``b: 2`` holds ``b``'s end-of-line
comment and then the comment lines below it, which people write about the *next* key.  Moving keys
around would carry those lines off with ``b``; ``move_keys`` moves them with the key they precede.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

NAME_KEY = "government"


def name_comment(mapping: CommentedMap, name: str, column: int, known: frozenset[str] = frozenset()) -> None:
    """Put ``# name`` after the government id in ``mapping`` (two spaces after the value).

    A remark after the name survives ("# Name; remark"); a stale name (one of ``known``) is
    replaced; any other comment is kept after the name.  Comment lines below the id stay."""
    value = str(mapping[NAME_KEY])
    eol, tail = _split(_token(mapping, NAME_KEY))
    text = (eol or "").strip().removeprefix("#").strip()
    head, separator, rest = text.partition("; ")
    fresh = not text or head == name or head in known
    text = name + separator + rest if fresh else f"{name}; {text}"
    at = column + len(NAME_KEY) + 2 + len(value) + 2
    _set(mapping, NAME_KEY, f"# {text}", tail, at)


def key_column(path: tuple[str | int, ...]) -> int:
    """The column of the keys of the mapping at ``path`` in the canonical indentation."""
    column = 0
    for index, part in enumerate(path):
        if isinstance(part, int):
            column += 4
        elif index + 1 == len(path) or not isinstance(path[index + 1], int):
            column += 2
    return column


def move_keys(mapping: CommentedMap, wanted: Sequence[Any], indent: int | None) -> None:
    """Put the keys of ``mapping`` in the order ``wanted``; comment lines above a key move with it.

    Lines above the key that ends up first go above the mapping, indented by ``indent`` (the top of
    the file: 0; a list item: the column of its dash), or, with ``indent`` None, below that key."""
    before = list(mapping)
    above = _take_tails(mapping, before)
    for key in wanted:
        mapping.move_to_end(key)
    _give_tails(mapping, list(mapping), above, indent)


def move_items(sequence: CommentedSeq, order: Sequence[int], indent: int) -> None:
    """Put the items of ``sequence`` in ``order`` (old indexes); comment lines above an item move
    with it (``indent``: the column of the dashes)."""
    items = list(sequence)
    above = _take_tails(sequence, range(len(items)))
    comments = dict(sequence.ca.items)
    for new, old in enumerate(order):
        list.__setitem__(sequence, new, items[old])
    sequence.ca.items.clear()
    sequence.ca.items.update({new: comments[old] for new, old in enumerate(order) if old in comments})
    moved: dict[Any, str] = {new: above[old] for new, old in enumerate(order) if old in above}
    if None in above:
        moved[None] = above[None]
    _give_tails(sequence, range(len(items)), moved, indent)


def _take_tails(container: Any, keys: Sequence[Any]) -> dict[Any, str]:
    """Take the comment lines after each key's value; they belong above the next key (None: after
    the last one)."""
    keys = list(keys)
    above: dict[Any, str] = {}
    for index, key in enumerate(keys):
        holder, holder_key = _tail_holder(container, key)
        eol, tail = _split(_token(holder, holder_key))
        if tail:
            above[keys[index + 1] if index + 1 < len(keys) else None] = tail
            _set(holder, holder_key, eol, "")
    return above


def _give_tails(container: Any, keys: Sequence[Any], above: dict[Any, str], indent: int | None) -> None:
    keys = list(keys)
    for index, key in enumerate(keys):
        lines = above.get(keys[index + 1] if index + 1 < len(keys) else None, "")
        if lines:
            holder, holder_key = _tail_holder(container, key)
            eol, tail = _split(_token(holder, holder_key))
            _set(holder, holder_key, eol, tail + lines)
    first = above.get(keys[0]) if keys else None
    if first:
        target = container[keys[0]] if isinstance(container, CommentedSeq) else container
        if indent is not None and isinstance(target, CommentedMap):
            _precede(target, first, indent)
        else:
            holder, holder_key = _tail_holder(container, keys[0])
            eol, tail = _split(_token(holder, holder_key))
            _set(holder, holder_key, eol, first + tail)


def _precede(mapping: CommentedMap, lines: str, indent: int) -> None:
    """Comment lines above a mapping (re-indented), after any it has."""
    text = "".join(" " * indent + line.strip() + "\n" if line.strip() else "\n" for line in lines.splitlines())
    if mapping.ca.comment is None:
        mapping.ca.comment = [None, []]
    if mapping.ca.comment[1] is None:
        mapping.ca.comment[1] = []
    mapping.ca.comment[1].append(CommentToken(text, CommentMark(indent)))


def _tail_holder(container: Any, key: Any) -> tuple[Any, Any]:
    """Where the comment lines after ``container[key]`` are kept: with the key itself, or, when its
    value is a block collection, with the last key or item inside it."""
    value = container[key]
    if isinstance(value, CommentedMap) and value and not value.fa.flow_style():
        return _tail_holder(value, list(value)[-1])
    if isinstance(value, CommentedSeq) and value and not value.fa.flow_style():
        return _tail_holder(value, len(value) - 1)
    return container, key


def _slot(container: Any) -> int:
    """Where a comment after a value sits in ruamel's record: 0 for list items, 2 for mapping keys."""
    return 0 if isinstance(container, CommentedSeq) else 2


def _token(container: Any, key: Any) -> CommentToken | None:
    entry = container.ca.items.get(key)
    slot = _slot(container)
    return entry[slot] if entry and len(entry) > slot else None


def _split(token: CommentToken | None) -> tuple[str | None, str]:
    """A comment token as its end-of-line comment (None when it has none) and the lines below."""
    if token is None:
        return None, ""
    value = token.value
    if value.startswith("\n"):
        return None, value[1:]
    eol, _, tail = value.partition("\n")
    return eol, tail


def _set(container: Any, key: Any, eol: str | None, tail: str, column: int | None = None) -> None:
    slot = _slot(container)
    entry = container.ca.items.setdefault(key, [None, None] if slot == 0 else [None, None, None, None])
    if eol is None and not tail:
        entry[slot] = None
        return
    old = entry[slot]
    at = column if column is not None else (old.start_mark.column if old is not None and old.start_mark else 0)
    entry[slot] = CommentToken((eol if eol is not None else "") + "\n" + tail, CommentMark(at))
