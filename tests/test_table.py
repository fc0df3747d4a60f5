"""The plain-text tables of the listings: aligned, fitted to the width, ids never cut."""

from __future__ import annotations

from vlavirgem.table import cell_width, render


def _widths(text: str) -> set[int]:
    return {cell_width(line) for line in text.splitlines()[1:]}  # (the title line is not padded)


def test_a_table_has_a_title_a_heavy_header_and_aligned_rows() -> None:
    text = render(["Name", "Id"], [["Antwerpen", "gemeente-11002"], ["As", "gemeente-71002"]], title="Governments")
    assert text.splitlines() == [
        "Governments",
        "┏━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┓",
        "┃ Name      ┃ Id             ┃",
        "┡━━━━━━━━━━━╇━━━━━━━━━━━━━━━━┩",
        "│ Antwerpen │ gemeente-11002 │",
        "│ As        │ gemeente-71002 │",
        "└───────────┴────────────────┘",
    ]


def test_prose_wraps_to_fit_the_width_and_ids_are_never_cut() -> None:
    vendor = "Agentschap Binnenlands Bestuur en nog veel meer woorden"
    text = render(["Vendor", "Id"], [[vendor, "een-heel-lang-id-zonder-spaties"]], max_width=50)
    assert _widths(text) == {50}
    assert "een-heel-lang-id-zonder-spaties" in text
    body = [line.split("│")[1].strip() for line in text.splitlines() if line.startswith("│")]
    assert " ".join(body) == vendor


def test_a_table_whose_words_cannot_fit_grows_rather_than_cuts() -> None:
    text = render(["Id"], [["x" * 60]], max_width=20)
    assert "x" * 60 in text and _widths(text) == {64}


def test_wide_characters_count_twice_and_combining_marks_not_at_all() -> None:
    assert cell_width("東京") == 4 and cell_width("e\u0301") == 1 and cell_width("Ieper") == 5
    text = render(["Naam"], [["東京"], ["Ieper"]])
    assert _widths(text) == {9}


def test_bold_headings_only_when_asked() -> None:
    assert "\x1b[1m" not in render(["A"], [["b"]])
    assert "┃ \x1b[1mA\x1b[0m ┃" in render(["A"], [["b"]], bold=True)
