"""Tables of the report site: what a page shows, and the CSV and JSON files written next to it.

A Table holds plain rows (ids, names, ISO dates, numbers: what the downloads contain) and, made
from them in Python, the cells that the template prints (text, and a link where a cell has one).
Templates loop over ``table.head`` and insert ``table.rows_html(page)``.

On a phone a table shows its key columns only (``Table.phone_css``: the first shown column, and
those marked ``essential``), and a switch above it shows them all; site.css hides the others by
their position, so no cell carries anything for it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from vlavirgem.site.urls import download_path, relative_url

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# site.css has a rule ``.ph-N`` (hide the N-th column on a phone) for N up to this
PHONE_COLUMNS = 16
# a cell's link: the path (relative to the site's root) of the page it leads to, or None
LinkOf = Callable[[Mapping[str, Any]], str | None]
# a cell's text when it is not the value itself (a translated status, a percentage)
TextOf = Callable[[Any], str]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = False
    link: LinkOf | None = None
    text: TextOf | None = None
    shown: bool = True  # False: only in the downloads (an id behind a linked name)
    essential: bool = False  # also shown on a phone (the first shown column always is)


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    numeric: bool = False
    header: bool = False  # the row's header cell (``<th scope="row">``): the first, unless it is empty

    @property
    def css(self) -> str:
        """``num`` for numbers (aligned right), ``date`` for ISO dates (kept on one line)."""
        if self.numeric:
            return "num"
        return "date" if _ISO_DATE.fullmatch(self.text) else ""


@dataclass(frozen=True)
class Download:
    label: str  # CSV or JSON
    path: str  # relative to the site's root


@dataclass(frozen=True)
class Table:
    """One table of a page; ``id`` is unique on its page and names its download files."""

    id: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Mapping[str, Any], ...]
    page: str
    empty: str = "Geen gegevens."
    # row keys written as data-<key> attributes on each row, for a script that only shows or hides rows
    row_data: tuple[str, ...] = ()

    @property
    def head(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.shown)

    @property
    def phone_hidden(self) -> tuple[int, ...]:
        """The positions (from 1) of the shown columns that a phone hides until asked for: all but
        the first and the essential ones; with none marked essential, all but the first two."""
        head = self.head
        kept = {0} | {index for index, column in enumerate(head) if column.essential}
        if kept == {0}:
            kept.add(1)
        return tuple(index + 1 for index in range(len(head)) if index not in kept and index < PHONE_COLUMNS)

    @property
    def phone_css(self) -> str:
        """The table's classes that hide its other columns on a phone (``ph-3 ph-4``)."""
        return " ".join(f"ph-{position}" for position in self.phone_hidden)

    @property
    def body(self) -> list[list[Cell]]:
        return [[_cell(column, row, index == 0) for index, column in enumerate(self.head)] for row in self.rows]

    def rows_html(self, page: str) -> Markup:
        """The ``<tr>`` lines of the table's body, escaped, with every link relative to ``page``.

        Made here rather than in a template loop: at full scale the site has millions of cells, and
        Jinja's attribute look-ups and escapes per cell were half of the build's time."""
        head = self.head
        lines = []
        for row in self.rows:
            parts = []
            for index, column in enumerate(head):
                cell = _cell(column, row, index == 0)
                tag = "th" if cell.header else "td"
                css = cell.css
                opening = ('<th scope="row"' if cell.header else "<td") + (f' class="{css}"' if css else "")
                text = str(escape(cell.text))
                if cell.href:
                    text = f'<a href="{escape(relative_url(cell.href, page))}">{text}</a>'
                parts.append(f"{opening}>{text}</{tag}>")
            data = "".join(f' data-{key}="{escape(_flat(row.get(key)))}"' for key in self.row_data)
            lines.append(f"      <tr{data}>{''.join(parts)}</tr>")
        return Markup("\n".join(lines))

    @property
    def downloads(self) -> tuple[Download, ...]:
        """The CSV and JSON files of the table (none for a table without rows: the page says so)."""
        if not self.rows:
            return ()
        return (Download("CSV", download_path(self.page, self.id, "csv")),
                Download("JSON", download_path(self.page, self.id, "json")))

    def csv_text(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([c.key for c in self.columns])
        for row in self.rows:
            writer.writerow([_flat(row.get(c.key)) for c in self.columns])
        return buffer.getvalue()

    def json_text(self, on: str) -> str:
        document = {
            "table": self.caption, "page": self.page, "on": on,
            "columns": [{"key": c.key, "label": c.label} for c in self.columns],
            "rows": [{c.key: row.get(c.key) for c in self.columns} for row in self.rows],
        }
        # one row a line: readable, and written by the C encoder (indent= would use the slow pure one)
        rows = ",\n".join(json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in document.pop("rows"))
        head = json.dumps(document, ensure_ascii=False, separators=(",", ":"))[:-1]
        return f'{head},"rows":[\n{rows}\n]}}\n'



def display(value: Any) -> str:
    """How a plain value reads in a cell: nothing for None, ja/nee, lists joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return f"{value:.1%}".replace(".", ",")
    if isinstance(value, (list, tuple)):
        return ", ".join(display(item) for item in value)
    return str(value)


def _flat(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def _cell(column: Column, row: Mapping[str, Any], first: bool) -> Cell:
    value = row.get(column.key)
    text = column.text(value) if column.text else display(value)
    href = column.link(row) if column.link and value is not None else None
    return Cell(text, href, column.numeric, first and bool(text))


def ids(*keys: str) -> list[Column]:
    """Columns that only the downloads have: the ids behind the linked names."""
    return [Column(key, key, shown=False) for key in keys]


def table(page: str, table_id: str, caption: str, columns: Sequence[Column],
          rows: Iterable[Mapping[str, Any]], empty: str = "Geen gegevens.", row_data: Sequence[str] = ()) -> Table:
    return Table(table_id, caption, tuple(columns), tuple(rows), page, empty, tuple(row_data))
