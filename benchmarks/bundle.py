"""Our schemas with the definitions of ``common.schema.json`` copied into each, so that a checker
resolves no reference to another file.

Only for the benchmark: check-jsonschema (through ``referencing``) spends most of its time
resolving references into another file, so it is measured both on the schemas as shipped and on
these bundled copies, which say exactly the same.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from vlavirgem.core.schemas import IDS

from .files import schema_file

COMMON = "common.schema.json"


def _local(value: Any) -> Any:
    """``value`` with every ``common.schema.json#/...`` reference made local (``#/...``), and every
    reference to the ids schema made ``{}`` (accept any id), as validate's stand-in does."""
    if isinstance(value, dict) and str(value.get("$ref", "")).startswith(IDS):
        return {}
    if isinstance(value, dict):
        return {key: (item.removeprefix(COMMON) if key == "$ref" and isinstance(item, str) else _local(item))
                for key, item in value.items()}
    if isinstance(value, list):
        return [_local(item) for item in value]
    return value


def bundled(kind: str) -> dict[str, Any]:
    """The schema of ``kind`` with the common definitions in its own ``$defs``."""
    schema = _local(json.loads(schema_file(kind).read_text(encoding="utf-8")))
    common = _local(json.loads(schema_file("common").read_text(encoding="utf-8"))["$defs"])
    own = schema.get("$defs", {})
    clash = set(own) & set(common)
    assert not clash, f"{kind}: definitions named as in {COMMON}: {sorted(clash)}"
    schema["$defs"] = {**common, **own}
    return schema


def write_bundled(kinds: list[str], folder: Path) -> dict[str, Path]:
    """The bundled schema of each kind, written to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for kind in kinds:
        path = folder / schema_file(kind).name
        path.write_text(json.dumps(bundled(kind), indent=1), encoding="utf-8")
        written[kind] = path
    return written
