"""The pieces an exported table is made of: a column with its type and how a flat format writes
and reads it, a table, and the selection of records (a day or all history) that fills it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from vlavirgem.core.model import Dataset
from vlavirgem.core.values import Interval

LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    type: str = "text"  # text | date | boolean | integer | list
    references: str | None = None  # the table whose key this column holds
    internal: bool = False  # only in exports that include internal records

    def flat(self, value: Any) -> Any:
        """The value for a flat format: a list joined with "; " (None when empty)."""
        if self.type == "list":
            return LIST_SEPARATOR.join(value) if value else None
        return value

    def parse(self, value: Any) -> Any:
        """A value read back from a flat format (csv text, a spreadsheet cell, an SQLite value)."""
        if value is None or value == "":
            return [] if self.type == "list" else None
        if self.type == "list":
            return str(value).split(LIST_SEPARATOR)
        if self.type == "boolean":
            return value if isinstance(value, bool) else str(value).lower() in ("true", "1")
        if self.type == "integer":
            return int(value)
        return str(value)


@dataclass(frozen=True)
class Selection:
    """What to export: the dataset, the day (None: the whole history), and internal records or not."""

    dataset: Dataset
    on: date | None
    include_internal: bool = False

    def holds(self, interval: Interval) -> bool:
        return self.on is None or interval.contains(self.on)


Rows = Callable[[Selection], Iterable[dict[str, Any]]]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    rows: Rows
    parent: tuple[str, str] | None = None  # (table, column): the record this row belongs to
    internal: bool = False  # the whole table is internal

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def columns_for(self, include_internal: bool) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if include_internal or not c.internal)
