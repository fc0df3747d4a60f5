"""Tables of the report site: what a page shows, and the CSV and JSON files written next to it.

A Table holds plain rows (ids, names, ISO dates, numbers: what the downloads contain) and, made
from them in Python, the cells that the template prints (text, and a link where a cell has one).
Templates loop over ``table.head`` and insert ``table.rows_html(page)``.

The CSV download is written for a spreadsheet as Flanders has it set up (Excel in a Belgian locale):
UTF-8 with a byte-order mark, ``;`` between fields, a decimal comma, the column labels a person
reads as its header.  Ids and ISO dates stay as they are.  The JSON download is for programs.

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
from functools import cache
from typing import Any

from markupsafe import Markup

from vlavirgem.site.nl import day_text
from vlavirgem.site.urls import download_path, relative_url

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# one encoder for every row (json.dumps with options makes a new one per call)
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
CSV_SEPARATOR = ";"
# what Excel would read as the start of a formula: such a text is written after an apostrophe
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# the headers of the columns that only the downloads have (see ``ids``)
_ID_LABELS = {"id": "id", "product": "product (id)", "vendor": "leverancier (id)", "standard": "standaard (id)",
              "block": "bouwsteen (id)", "successor": "opvolger (id)", "government": "bestuur (id)",
              "region": "regio (id)", "regions": "regio's (id)", "subject": "onderwerp (id)", "via": "via (id)"}
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
    datetime: str | None = None  # a date's ISO value (the text is the date for people: 1 december 2026)

    @property
    def css(self) -> str:
        """``num`` for numbers (aligned right), ``date`` for dates (kept on one line)."""
        if self.numeric:
            return "num"
        return "date" if self.datetime else ""

    @property
    def html(self) -> str:
        """The cell's content, escaped: a date as ``<time datetime="2026-12-01">1 december 2026</time>``."""
        shown = _escaped(self.text)
        return f'<time datetime="{self.datetime}">{shown}</time>' if self.datetime else shown


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
        """The ``<tr>`` lines of the table's body, escaped, with every link relative to ``page``: the
        cells of ``body``, written out.

        Made here rather than in a template loop, and without a Cell per cell: at full scale the site
        has millions of cells, and attribute look-ups and escapes per cell were half of the build's time."""
        plan = [(column.key, column.text or display, column.link, column.numeric) for column in self.head]
        lines = []
        for row in self.rows:
            parts = []
            for index, (key, text_of, link_of, numeric) in enumerate(plan):
                value = row.get(key)
                text = text_of(value)
                css = ' class="num"' if numeric else ""
                if not numeric and len(text) == 10 and _ISO_DATE.fullmatch(text):
                    css, text = ' class="date"', _time(text)
                    shown = text
                else:
                    shown = _escaped(text)
                href = link_of(row) if link_of is not None and value is not None else None
                if href:
                    shown = f'<a href="{_escaped(relative_url(href, page))}">{shown}</a>'
                parts.append(f'<th scope="row"{css}>{shown}</th>' if index == 0 and text else f"<td{css}>{shown}</td>")
            data = "".join(f' data-{key}="{_escaped(str(_flat(row.get(key))))}"' for key in self.row_data)
            lines.append(f"      <tr{data}>{''.join(parts)}</tr>")
        return Markup("\n".join(lines))

    @property
    def downloads(self) -> tuple[Download, ...]:
        """The CSV and JSON files of the table (none for a table without rows: the page says so)."""
        if not self.rows:
            return ()
        return (Download("CSV", download_path(self.page, self.id, "csv")),
                Download("JSON", download_path(self.page, self.id, "json")))

    @property
    def headers(self) -> list[str]:
        """The CSV's header: each column's label, made unique with its key where two are alike."""
        labels = [c.label for c in self.columns]
        return [f"{c.label} ({c.key})" if labels.count(c.label) > 1 else c.label for c in self.columns]

    def csv_text(self) -> str:
        """The rows for a spreadsheet: a byte-order mark, ``;`` between fields, the labels as header."""
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
        writer.writerow(self.headers)
        for row in self.rows:
            writer.writerow([_spreadsheet(row.get(c.key)) for c in self.columns])
        return buffer.getvalue()

    def json_text(self, on: str) -> str:
        document = {
            "table": self.caption, "page": self.page, "on": on,
            "columns": [{"key": c.key, "label": c.label} for c in self.columns],
            "rows": [{c.key: row.get(c.key) for c in self.columns} for row in self.rows],
        }
        # one row a line: readable, and written by the C encoder (indent= would use the slow pure one)
        rows = ",\n".join(map(_COMPACT.encode, document.pop("rows")))
        head = _COMPACT.encode(document)[:-1]
        return f'{head},"rows":[\n{rows}\n]}}\n'



@cache
def _time(iso: str) -> str:
    """An ISO date in a cell: for people, with its ISO value kept in ``datetime``."""
    return f'<time datetime="{iso}">{day_text(iso)}</time>'


def _escaped(text: str) -> str:
    """``str(markupsafe.escape(text))`` for a plain string, a few times faster (no Markup object per
    cell); text that is already markup is left as it is, as escape leaves it."""
    if hasattr(text, "__html__"):
        return str(text.__html__())
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
            .replace("'", "&#39;"))


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


def _spreadsheet(value: Any) -> Any:
    """A value as a CSV cell for a Belgian spreadsheet: ja/nee, a decimal comma, lists joined with
    "; ", a text that would start a formula after an apostrophe."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    flat = _flat(value)
    if isinstance(flat, str) and flat.startswith(_FORMULA_START):
        return "'" + flat
    return flat


def _cell(column: Column, row: Mapping[str, Any], first: bool) -> Cell:
    value = row.get(column.key)
    text = column.text(value) if column.text else display(value)
    href = column.link(row) if column.link and value is not None else None
    if not column.numeric and _ISO_DATE.fullmatch(text):
        return Cell(day_text(text), href, column.numeric, first, text)
    return Cell(text, href, column.numeric, first and bool(text))


def ids(*keys: str) -> list[Column]:
    """Columns that only the downloads have: the ids behind the linked names."""
    return [Column(key, _ID_LABELS.get(key, f"{key} (id)"), shown=False) for key in keys]


def table(page: str, table_id: str, caption: str, columns: Sequence[Column],
          rows: Iterable[Mapping[str, Any]], empty: str = "Geen gegevens.", row_data: Sequence[str] = ()) -> Table:
    return Table(table_id, caption, tuple(columns), tuple(rows), page, empty, tuple(row_data))
