"""Everything the command line prints: problem reports and listings, in each output format."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from vlavirgem.core.problems import Problem
from vlavirgem.core.wording import counted

if TYPE_CHECKING:
    from vlavirgem.core.validation import Report


def printable(text: str) -> str:
    """Text that every encoding can carry as Unicode: a file name that is not UTF-8 comes from the
    OS with its bad bytes as lone surrogates, which no strict encoder writes; they are shown as
    ``\\xe9`` instead."""
    if not any("\ud800" <= character <= "\udfff" for character in text):
        return text
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # (a surrogate that no byte stands for)
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


def _printable_data(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable(str(key)): _printable_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_printable_data(item) for item in value]
    return value


def write_json(document: Any, out: TextIO) -> None:
    """JSON that the stream can always take: no lone surrogates, and only ASCII (with \\u escapes)
    when the stream's encoding cannot write the text as it is (PYTHONIOENCODING=ascii:strict)."""
    document = _printable_data(document)
    text = json.dumps(document, ensure_ascii=False, indent=2)
    try:
        text.encode(getattr(out, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        text = json.dumps(document, ensure_ascii=True, indent=2)
    out.write(text + "\n")


def problem_line(problem: Problem) -> str:
    return printable(f"{problem.file}:{problem.line}:{problem.column}: {problem.severity} "
                     f"[{problem.code}] {problem.message}")


def _summary(report: Report, strict: bool) -> str:
    checked = f"{counted(report.files_checked, 'file')} checked"
    if not report.problems:
        return f"{checked}: no problems."
    verdict = "" if report.ok(strict) else " (failing)"
    note = " Warnings fail with --strict." if report.warnings and not strict else ""
    return (f"{checked}: {counted(report.errors, 'error')}, {counted(report.warnings, 'warning')}"
            f"{verdict}.{note}")


def write_report(report: Report, fmt: str, strict: bool, out: TextIO | None = None) -> None:
    """Print a validation report as text, json or GitHub workflow annotations."""
    out = out or sys.stdout
    if fmt == "json":
        document = {
            "ok": report.ok(strict),
            "files": report.files_checked,
            "errors": report.errors,
            "warnings": report.warnings,
            "problems": [
                {"file": p.file, "line": p.line, "column": p.column, "code": p.code,
                 "severity": p.severity, "message": p.message, "pointer": p.pointer}
                for p in report.problems
            ],
        }
        write_json(document, out)
        return
    if fmt == "github":
        for problem in report.problems:
            out.write(_annotation(problem) + "\n")
        _write_step_summary(report, strict)
    for problem in report.problems:
        out.write(problem_line(problem) + "\n")
    out.write(_summary(report, strict) + "\n")


def _escape(text: str, properties: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if properties else text


def _annotation(problem: Problem) -> str:
    command = "error" if problem.is_error else "warning"
    return (f"::{command} file={_escape(problem.file, True)},line={problem.line},"
            f"col={problem.column},title={_escape(problem.code, True)}::{_escape(problem.message)}")


def _write_step_summary(report: Report, strict: bool) -> None:
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    lines = ["## vlavirgem validate", "", _summary(report, strict), ""]
    if report.problems:
        lines += ["| file | line | code | message |", "| --- | --- | --- | --- |"]
        lines += [f"| {p.file} | {p.line} | {p.code} | {p.message.replace('|', '/')} |"
                  for p in report.problems]
    with open(path, "a", encoding="utf-8") as summary:
        summary.write("\n".join(lines) + "\n")


def write_rows(rows: Sequence[dict[str, Any]], columns: dict[str, str], fmt: str, *,
               title: str = "", footer: Sequence[str] = (), out: TextIO | None = None) -> None:
    """Print a listing.  ``columns`` maps row keys to column headings for the table view.

    csv and json carry every key of the rows and no footer (footers go to stderr, so a script
    that reads stdout gets clean data).
    """
    out = out or sys.stdout
    if fmt == "json":
        write_json(list(rows), out)
    elif fmt == "csv":
        fields = list(rows[0]) if rows else list(columns)
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        _write_table(rows, columns, title, out)
        for line in footer:
            out.write(line + "\n")
        return
    for line in footer:
        sys.stderr.write(line + "\n")


def _write_table(rows: Sequence[dict[str, Any]], columns: dict[str, str], title: str, out: TextIO) -> None:
    from vlavirgem.table import render

    if not rows:
        return
    cells = [["" if row.get(key) is None else str(row[key]) for key in columns] for row in rows]
    terminal = out.isatty()
    width = shutil.get_terminal_size().columns if terminal else 120
    out.write(render(list(columns.values()), cells, title=title, max_width=width,
                     bold=terminal and not os.environ.get("NO_COLOR")))


@dataclass(frozen=True)
class Section:
    """One table of a detail view (``government show``, ``region show``, ...)."""

    title: str
    rows: Sequence[dict[str, Any]]
    columns: dict[str, str]
    empty: str = "none"


def write_detail(document: dict[str, Any], facts: dict[str, str], sections: Sequence[Section], fmt: str,
                 *, title: str, out: TextIO | None = None) -> None:
    """Print one record in detail.

    json prints ``document`` whole; csv prints the rows of the first section; table prints the
    ``facts`` (document keys -> labels) as "label: value" lines, then each section as a table.
    """
    out = out or sys.stdout
    if fmt == "json":
        write_json(document, out)
        return
    if fmt == "csv":
        first = sections[0] if sections else Section("", [], {})
        write_rows(first.rows, first.columns, "csv", out=out)
        return
    out.write(title + "\n")
    width = max((len(label) for label in facts.values()), default=0)
    for key, label in facts.items():
        value = document.get(key)
        if value not in (None, "", [], {}):
            shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            out.write(f"  {label.ljust(width)}  {shown}\n")
    for section in sections:
        out.write(f"\n{section.title}\n")
        if section.rows:
            _write_table(section.rows, section.columns, "", out)
        else:
            out.write(f"  {section.empty}\n")
