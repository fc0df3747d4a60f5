"""Plain-text tables for people, drawn with box characters in the look Rich gives its tables.

Rich itself took about 0.12 s (import and layout) for a listing of 300 rows, a quarter of the
half second a query may take at full scale; this does the one thing the listings need (columns
wide enough for their cells, wrapped to fit the terminal) in a few milliseconds.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Sequence

MIN_COLUMN = 4


def cell_width(text: str) -> int:
    """Columns the text takes in a terminal: wide East Asian characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_width(text))


def _fit(widths: list[int], floors: list[int], room: int) -> list[int]:
    """Narrow the widest columns, one column at a time, until the row fits in ``room`` (or every
    column is at its floor: then the table is wider than asked, rather than cut)."""
    widths = list(widths)
    while sum(widths) > room:
        shrinkable = [i for i, w in enumerate(widths) if w > floors[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def _longest_word(text: str) -> int:
    return max((cell_width(word) for word in text.split()), default=0)


def _lines(text: str, width: int) -> list[str]:
    if cell_width(text) <= width:
        return [text]
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def render(headings: Sequence[str], rows: Sequence[Sequence[str]], *, title: str = "",
           max_width: int = 120, bold: bool = False) -> str:
    """The table as text, at most ``max_width`` columns wide where the cells allow it."""
    natural = [max([cell_width(h), *(cell_width(row[i]) for row in rows)]) for i, h in enumerate(headings)]
    # a column narrows down to its longest word, so that only prose wraps and no id is ever cut
    floors = [min(natural[i], max(MIN_COLUMN, *(_longest_word(v) for v in (h, *(row[i] for row in rows)))))
              for i, h in enumerate(headings)]
    widths = _fit(natural, floors, max_width - 3 * len(headings) - 1)

    def draw(left: str, fill: str, middle: str, right: str) -> str:
        return left + middle.join(fill * (w + 2) for w in widths) + right

    def cells(values: Sequence[str], bar: str, style: str = "") -> list[str]:
        wrapped = [_lines(v, w) for v, w in zip(values, widths, strict=True)]
        height = max(len(w) for w in wrapped)
        out = []
        for line in range(height):
            parts = [_pad(w[line] if line < len(w) else "", width) for w, width in zip(wrapped, widths, strict=True)]
            if style:
                parts = [f"{style}{p}\x1b[0m" for p in parts]
            out.append(bar + " " + f" {bar} ".join(parts) + " " + bar)
        return out

    lines = [title] if title else []
    lines.append(draw("┏", "━", "┳", "┓"))
    lines += cells(headings, "┃", "\x1b[1m" if bold else "")
    lines.append(draw("┡", "━", "╇", "┩"))
    for row in rows:
        lines += cells(row, "│")
    lines.append(draw("└", "─", "┴", "┘"))
    return "\n".join(lines) + "\n"
