"""Every fact about the world at a time cites its sources.

A dated record (its schema has ``from`` or ``valid_from``, and lets it cite ``sources``: a
membership, a place in a reference region, a government, a PDCA step, a software use, an
adoption, a security-plan status) without ``sources`` of its own is reported.  The file's own
``sources`` back the file (a region's name, say), not each fact in it.  Records whose schema has
no ``sources`` (a coordinator, who is a contact and no fact) are not asked for one.

The check needs no other file, so it runs once per file when the file is read (and is cached).
"""

from __future__ import annotations

from typing import Any

from vlavirgem.core.loader import LoadedFile
from vlavirgem.core.problems import Path_, Problem
from vlavirgem.core.schemas import child_schema, resolve, schema

CODE = "no-source"
DATED = ("from", "valid_from")


def unsourced_records(loaded: LoadedFile, kind: str) -> list[Problem]:
    """A warning for each dated record of the file that cites no source."""
    root = schema(kind)
    problems: list[Problem] = []
    _walk(loaded, loaded.data, (), *resolve(root, root), problems)
    return problems


def _walk(loaded: LoadedFile, value: Any, path: Path_, sub: dict[str, Any], base: dict[str, Any],
          problems: list[Problem]) -> None:
    if isinstance(value, list):
        items, items_base = resolve(sub.get("items", {}), base)
        if items:
            for index, item in enumerate(value):
                _walk(loaded, item, (*path, index), items, items_base, problems)
        return
    if not isinstance(value, dict):
        return
    properties = sub.get("properties") or {}
    if "sources" in properties and any(key in properties for key in DATED) and "sources" not in value:
        problems.append(loaded.problem(path, CODE, f"this {_noun(sub)} cites no source: add sources: [ID] with the "
                                       "id of the source in sources.yaml that backs it (`vlavirgem source "
                                       "add` adds a new one)", severity="warning"))
    for key, item in value.items():
        if isinstance(item, (dict, list)) and key != "sources":
            child, child_base = resolve(child_schema(sub, str(key)), base)
            if child:
                _walk(loaded, item, (*path, key), child, child_base, problems)


def _noun(sub: dict[str, Any]) -> str:
    title = str(sub.get("title") or "record")
    return title[:1].lower() + title[1:]
