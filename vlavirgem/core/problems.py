"""Problems found in the data: one value type that every check returns and every reporter prints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

# where a value stands inside a file's data: the keys and list indexes that lead to it
Path_ = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located as precisely as the data allows.

    ``line`` and ``column`` are 1-based; 0 means "the whole file" (for example a file that is not
    UTF-8 before its first bad byte could be placed).  ``pointer`` is the JSON Pointer of the value
    the problem is about ("" for the document itself).
    """

    file: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = "error"
    pointer: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def pointer_text(path: Path_) -> str:
    """The JSON Pointer (RFC 6901) of a path of keys and indexes."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def pointer_parts(pointer: str) -> tuple[str, ...]:
    """The keys and indexes (as text) of a JSON Pointer: ``pointer_text`` undone."""
    return tuple(part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:])


def broken_paths(problems: list[Problem]) -> frozenset[tuple[str, ...]]:
    """Every path (keys and indexes as text) that holds the value of an error: each error's place
    and all of its prefixes.  Everything under one of them is unusable.  Their number grows with the
    total length of the pointers, so asking whether a path is clean costs one look-up with one
    problem as with 30,000 (comparing each path with each problem took time in the square of the
    number of bad records)."""
    found: set[tuple[str, ...]] = set()
    for problem in problems:
        if not problem.is_error:  # a warning (a record without a source, say) makes nothing unusable
            continue
        parts = pointer_parts(problem.pointer)
        for end in range(len(parts), -1, -1):
            if parts[:end] in found:  # (and so are all shorter ones)
                break
            found.add(parts[:end])
    return frozenset(found)


def is_clean(broken: frozenset[tuple[str, ...]], path: Path_) -> bool:
    """Whether no problem stands at ``path`` or inside it, so the value there passed every check of
    its file and may be used as the schema says."""
    return not broken or tuple(str(part) for part in path) not in broken


class UsageError(Exception):
    """The user asked for something that cannot be done as asked (exit code 2)."""
