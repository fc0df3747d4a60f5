"""Read and write YAML with ruamel.yaml's round trip: comments, key order and quoting survive.

The reader reads YAML 1.2, as the fast loader (``core/loader.py``) does, so both see the same values;
the only difference is that the round trip gives dates as ``datetime.date`` where the fast loader
keeps the text as written (``plain`` turns them back into text for comparisons).  The writer has
the canonical indentation (``fmt.py`` decides the rest of the layout).
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

WIDTH = 4096  # never fold a long line


def _yaml(preserve_quotes: bool) -> YAML:
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = WIDTH
    yaml.preserve_quotes = preserve_quotes  # type: ignore[assignment]
    return yaml


def load_text(text: str, *, preserve_quotes: bool = True) -> Any:
    """The document in ``text`` as round-trip nodes (CommentedMap, CommentedSeq, scalars).

    Raises ruamel.yaml's YAMLError on text that is not YAML; callers read files that the fast
    loader has already accepted, or report the error as a problem."""
    yaml = _yaml(preserve_quotes)
    yaml.version = (1, 2)  # type: ignore[assignment]  # a reader setting: the writer prints no %YAML line
    return yaml.load(text.removeprefix("\ufeff"))


def dump_text(document: Any) -> str:
    """The document as YAML text in the canonical indentation."""
    buffer = io.StringIO()
    yaml = _yaml(True)
    yaml.representer.ignore_aliases = lambda _data: True  # a value used twice is written twice, never as an alias
    yaml.dump(document, buffer)
    return buffer.getvalue()


def new_map() -> CommentedMap:
    return CommentedMap()


def plain(value: Any) -> Any:
    """Round-trip nodes as the fast loader reads them: dicts, lists, and dates as ISO text."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    return value
