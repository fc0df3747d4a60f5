"""The baseline of doing nothing clever: every file read with ruamel.yaml's round-trip loader and
checked with ``jsonschema.validate()``, one file after the other, in one Python process.

Dates come back from YAML as ``datetime.date``; a JSON Schema checks text, so each document goes
through ``json`` first (dates become ``YYYY-MM-DD``), as a user wiring this up by hand would do.
Schema only: no references across files, no rules of time.  Exit 1 if any file is invalid.

    python -m benchmarks.naive DATA
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
from ruamel.yaml import YAML

from vlavirgem.core.schemas import IDS, ids_stand_in

from .files import files_by_kind, schema_file


def _registry(schemas: dict[str, Any]) -> Registry:
    """The schemas by file name, so that ``common.schema.json#/$defs/...`` resolves."""
    return Registry().with_resources(
        [*((schema_file(kind).name, Resource.from_contents(schema)) for kind, schema in schemas.items()),
         (IDS, Resource.from_contents(ids_stand_in()))]  # as validate reads it: any id is accepted
    )


def check(root: Path) -> list[str]:
    """One line per invalid file (its first error), in file order."""
    grouped = files_by_kind(root)
    kinds = {*grouped, "common"}
    schemas = {kind: json.loads(schema_file(kind).read_text(encoding="utf-8")) for kind in kinds}
    registry = _registry(schemas)
    yaml = YAML(typ="rt")
    failures = []
    for kind, paths in grouped.items():
        for path in paths:
            document = json.loads(json.dumps(yaml.load(path), default=str))
            try:
                jsonschema.validate(document, schemas[kind], registry=registry,
                                    format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
            except jsonschema.ValidationError as error:
                failures.append(f"{path}: {error.message}")
    return failures


def main() -> None:
    failures = check(Path(sys.argv[1]))
    for line in failures:
        print(line)
    print(f"{len(failures)} invalid file(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
