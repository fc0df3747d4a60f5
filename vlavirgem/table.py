"""Plain-text tables for people, drawn with box characters in the look Rich gives its tables.

Rich itself took about 0.12 s (import and layout) for a listing of 300 rows, a quarter of the
half second a query may take at full scale; this does the one thing the listings need (columns
wide enough for their cells, wrapped to fit the terminal) in a few milliseconds.
"""

from __future__ import annotations

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
    return max(map(cell_width, text.split()), default=0)


def _lines(text: str, width: int) -> list[str]:
    """The text in lines of at most ``width`` columns, broken at spaces (a longer word is cut)."""
    lines: list[str] = []
    line, used = "", 0
    for word in text.split():
        size = cell_width(word)
        while size > width:  # a word longer than the column: cut it (only when the table cannot grow)
            if line:
                lines.append(line)
                line, used = "", 0
            lines.append(word[:width])
            word = word[width:]
            size = cell_width(word)
        if line and used + 1 + size > width:
            lines.append(line)
            line, used = "", 0
        line, used = (f"{line} {word}", used + 1 + size) if line else (word, size)
    if line or not lines:
        lines.append(line)
    return lines


def render(headings: Sequence[str], rows: Sequence[Sequence[str]], *, title: str = "",
           max_width: int = 120, bold: bool = False) -> str:
    """The table as text, at most ``max_width`` columns wide where the cells allow it."""
    lengths = [[cell_width(value) for value in row] for row in rows]  # each cell measured once
    natural = [max([cell_width(h), *(row[i] for row in lengths)]) for i, h in enumerate(headings)]
    room = max_width - 3 * len(headings) - 1
    widths = natural
    if sum(natural) > room:
        # a column narrows down to its longest word, so that only prose wraps and no id is ever cut
        floors = [min(natural[i], max(MIN_COLUMN, *(_longest_word(v) for v in (h, *(row[i] for row in rows)))))
                  for i, h in enumerate(headings)]
        widths = _fit(natural, floors, room)

    def draw(left: str, fill: str, middle: str, right: str) -> str:
        return left + middle.join(fill * (w + 2) for w in widths) + right

    blanks = [" " * width for width in widths]

    def cells(values: Sequence[str], sizes: Sequence[int], bar: str, style: str = "") -> list[str]:
        columns = [[v + " " * (width - size)] if size <= width else [_pad(line, width) for line in _lines(v, width)]
                   for v, size, width in zip(values, sizes, widths, strict=True)]
        height = max(map(len, columns))
        if height > 1:  # a cell wrapped: the others get blank lines below
            columns = [column + [blank] * (height - len(column)) for column, blank in zip(columns, blanks, strict=True)]
        if style:
            columns = [[f"{style}{part}\x1b[0m" for part in column] for column in columns]
        joint = f" {bar} "
        return [f"{bar} {joint.join(parts)} {bar}" for parts in zip(*columns, strict=True)]

    out = [title] if title else []
    out.append(draw("┏", "━", "┳", "┓"))
    out += cells(headings, [cell_width(h) for h in headings], "┃", "\x1b[1m" if bold else "")
    out.append(draw("┡", "━", "╇", "┩"))
    for row, sizes in zip(rows, lengths, strict=True):
        out += cells(row, sizes, "│")
    out.append(draw("└", "─", "┴", "┘"))
    return "\n".join(out) + "\n"
