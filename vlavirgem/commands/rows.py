"""Helpers of the catalogue, block and security commands: options they share, and query results
turned into rows (dates as text, nested tallies inlined, shares as percentages for people)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, is_dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import typer


class By(StrEnum):
    region = "region"
    province = "province"


ByOption = Annotated[By | None, typer.Option(
    "--by", help="Group by region (membership on the date) or by province.")]


def plain(record: Any) -> dict[str, Any]:
    """A query result as a row: its fields, with nested results (tallies) inlined, dates as ISO text
    and tuples of results as lists of rows."""
    row: dict[str, Any] = {}
    for field in fields(record):
        value = getattr(record, field.name)
        if is_dataclass(value):
            row.update(plain(value))
        elif isinstance(value, tuple):
            row[field.name] = [plain(item) if is_dataclass(item) else item for item in value]
        else:
            row[field.name] = value.isoformat() if isinstance(value, date) else value
    return row


def percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f} %"


def for_people(rows: Sequence[dict[str, Any]], shares: Sequence[str] = ("share",)) -> list[dict[str, Any]]:
    """Rows for the table view: shares as percentages."""
    return [{**row, **{key: percent(row.get(key)) for key in shares}} for row in rows]
