"""Edit data files safely: round-trip documents, a diff, a check against ``validate``, one atomic write.

An editing command opens the files it needs in a ``Changeset``, changes the round-trip documents
(comments, key order and quoting stay as they were), and then asks for ``changes()``, shows the
``diff()``, refuses when ``introduced_errors()`` is not empty, and only then ``write()``s every file
at once.  Nothing touches the disk before ``write()``.  The command holds the dataset's lock
(``lock.py``) from before it opens the first file until ``write()`` is done, so what it read is
what it writes over.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from vlavirgem.core.layout import kind_of
from vlavirgem.core.loader import display_path
from vlavirgem.core.model import Dataset
from vlavirgem.core.problems import Path_, Problem, UsageError
from vlavirgem.core.reading import Refusal, read_data_file
from vlavirgem.core.schemas import schema_at
from vlavirgem.core.values import Where
from vlavirgem.editing.atomic import write_files
from vlavirgem.editing.filesteps import WriteRefused
from vlavirgem.editing.fmt import arrange, insert_sorted, node, put
from vlavirgem.editing.roundtrip import dump_text, load_text


@dataclass(frozen=True)
class Change:
    """One file's bytes before and after an edit (None: the file does not exist)."""

    path: Path
    before: bytes | None
    after: bytes | None


class EditRefused(Exception):
    """The edit would make the data invalid; ``problems`` says where and why."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message)
        self.problems = problems


class _Document:
    def __init__(self, path: Path, before: bytes | None, data: Any) -> None:
        self.path, self.before, self.data = path, before, data
        # every mapping by its path as read: a record stays found after insertions shift list indexes
        self.index: dict[Path_, Any] = {}
        _index(data, (), self.index)


def _index(value: Any, path: Path_, found: dict[Path_, Any]) -> None:
    if isinstance(value, dict):
        found[path] = value
        for key, item in value.items():
            _index(item, (*path, key), found)
    elif isinstance(value, list):
        for position, item in enumerate(value):
            _index(item, (*path, position), found)


@dataclass(frozen=True)
class Record:
    """A mapping inside a round-trip document: its file, the file's kind and its path there.

    The path locates the record when it is taken; later insertions may shift list indexes, which
    does not matter to what the path is still used for (the schema and the indentation)."""

    file: Path
    kind: str
    path: Path_
    mapping: CommentedMap

    def get(self, key: str) -> Any:
        return self.mapping.get(key)

    def put(self, key: str, value: Any) -> None:
        """Set a field (a new one where the schema's order puts it) in the canonical style."""
        put(self.mapping, key, node(value, key), schema_at(self.kind, self.path))

    def drop(self, key: str) -> None:
        if key in self.mapping:
            del self.mapping[key]

    def cite(self, sources: Sequence[str]) -> None:
        """Add sources to the record's sources (those it does not cite yet)."""
        cited = list(self.get("sources") or [])
        added = [source for source in sources if source not in cited]
        if added:
            self.put("sources", [*cited, *added])


class Changeset:
    """The documents an edit works on, by path; ``names`` (government id -> name) for comments."""

    def __init__(self, root: Path, names: Mapping[str, str]) -> None:
        self.root = root
        self.names = dict(names)  # an edit that creates a government adds its name
        self._documents: dict[Path, _Document] = {}

    @classmethod
    def on(cls, root: Path, dataset: Dataset) -> Changeset:
        """An empty Changeset on the data folder ``root`` whose records are ``dataset``."""
        return cls(root, {government.id: government.name for government in dataset.governments.values()})

    # -- reading ---------------------------------------------------------------------------------

    def _open(self, path: Path) -> _Document:
        key = path.resolve()
        if key not in self._documents:
            before = read_data_file(path, self.root) if os.path.lexists(path) else None
            if isinstance(before, Refusal):  # a pipe, a device, a link out of the folder, unreadable
                # a problem of the data, not of the command: exit 1, as every refused write
                raise WriteRefused(f"{display_path(path)}: {before.message}")
            try:
                data = load_text(before.decode("utf-8")) if before is not None else None
            except (UnicodeDecodeError, YAMLError) as error:
                raise UsageError(f"{display_path(path)} cannot be read ({error.__class__.__name__}); "
                                 "fix it first: `vlavirgem validate` shows where") from None
            self._documents[key] = _Document(path, before, data)
        return self._documents[key]

    def document(self, path: Path, new: Mapping[str, Any] | None = None) -> Record | None:
        """The top of the file at ``path``; when it does not exist: None, or a new document made
        from ``new``."""
        opened = self._open(path)
        if opened.data is None and new is not None:
            opened.data = node(present(new))
            arrange(opened.data, self._kind(path), (), self.names)
        if opened.data is None:
            return None
        return Record(path, self._kind(path), (), opened.data)

    def record(self, dataset: Dataset, where: Where) -> Record:
        """The round-trip record that the fast loader found at ``where`` (in the file as it was read,
        whatever was inserted since)."""
        path = dataset.files[where.file].path
        return Record(path, self._kind(path), where.path, self._open(path).index[where.path])

    def _kind(self, path: Path) -> str:
        kind = kind_of(path, self.root)
        if kind is None:
            raise ValueError(f"{path} is not a data file of {self.root}")
        return kind

    # -- changing --------------------------------------------------------------------------------

    def append(self, parent: Record, key: str, item: Mapping[str, Any]) -> Record:
        """Add a record to the list ``key`` of ``parent`` (the list is made when missing), where
        the canonical order puts it, in the canonical layout (with the government's name as a comment)."""
        sequence = parent.get(key)
        if not isinstance(sequence, CommentedSeq):
            parent.put(key, [])
            sequence = parent.get(key)
        sequence.fa.set_block_style()  # `members: []` becomes a block list once it has a record
        new = node(present(item))
        arrange(new, parent.kind, (*parent.path, key, 0), self.names)
        index = insert_sorted(sequence, new, key, self.names)
        return Record(parent.file, parent.kind, (*parent.path, key, index), new)

    # -- results ---------------------------------------------------------------------------------

    def changes(self) -> list[Change]:
        """The files whose bytes the edit changes, in path order."""
        found = []
        for document in self._documents.values():
            after = dump_text(document.data).encode("utf-8") if document.data is not None else None
            if after != document.before:
                found.append(Change(document.path, document.before, after))
        return sorted(found, key=lambda change: change.path)

    def diff(self) -> str:
        """The changes as one unified diff (paths as the user sees them)."""
        return unified_diff(self.changes())

    def introduced_errors(self, today: date, cache: Path | None = None) -> list[Problem]:
        """The errors ``validate`` would report after the edit and does not report before it
        (``cache``: the folder of per-file results, as ``validate`` takes it)."""
        from vlavirgem.core.validation import validate

        overrides = {change.path: change.after for change in self.changes()}
        if not overrides:
            return []
        _, after = validate(self.root, today, overrides=overrides, cache=cache)
        errors = [p for p in after.problems if p.is_error]
        if not errors:
            return []
        _, before = validate(self.root, today, cache=cache)
        known = Counter(_identity(p) for p in before.problems if p.is_error)
        new = []
        for problem in errors:
            if known[_identity(problem)] > 0:
                known[_identity(problem)] -= 1
            else:
                new.append(problem)
        return new

    def check(self, today: date, cache: Path | None = None) -> None:
        """Raise EditRefused when the edit would introduce errors."""
        problems = self.introduced_errors(today, cache)
        if problems:
            raise EditRefused("the edit would make the data invalid, so nothing was written", problems)

    def write(self, purpose: str = "") -> list[Path]:
        """Write every changed file atomically (all or none, through the journal that names
        ``purpose``); returns the paths written.  Hold the dataset's lock since the files were read."""
        changes = self.changes()
        write_files(self.root, {c.path: c.after for c in changes}, {c.path: c.before for c in changes}, purpose)
        for change in changes:
            self._documents[change.path.resolve()].before = change.after
        return [change.path for change in changes]


def present(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fields that have a value (None and empty lists are left out of the files)."""
    return {key: value for key, value in fields.items() if value is not None and value != []}


def _identity(problem: Problem) -> tuple[str, str, str]:
    """A problem without its place, so that the same problem before and after an edit compares equal
    even when lines moved."""
    message = re.sub(r"(line |:)[0-9]+", r"\1#", problem.message)
    return problem.file, problem.code, message


def unified_diff(changes: list[Change]) -> str:
    """A unified diff of text files (a/ and b/ paths as the user sees them; /dev/null for none)."""
    parts: list[str] = []
    for change in changes:
        shown = display_path(change.path)
        before = change.before.decode("utf-8") if change.before is not None else ""
        after = change.after.decode("utf-8") if change.after is not None else ""
        parts.extend(difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True),
            fromfile=f"a/{shown}" if change.before is not None else "/dev/null",
            tofile=f"b/{shown}" if change.after is not None else "/dev/null",
        ))
    return "".join(parts)
