"""Add an entry to sources.yaml: the one step a coordinator needs before citing a new source.

The entry is checked here against the schema of a source (so that a bad url or a missing title
is refused with the option that holds it) and then written like every edit: through a Changeset,
in the canonical place (the entries sorted by id), validated before anything is written.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from ruamel.yaml.comments import CommentedMap

from vlavirgem.core.layout import SOURCES_FILE
from vlavirgem.core.model import Dataset
from vlavirgem.core.problems import UsageError
from vlavirgem.core.schemas import schema_at
from vlavirgem.editing.changeset import Changeset, present
from vlavirgem.editing.fmt import arrange, node

# option -> field of a source, in the order the options are checked
OPTIONS = {"--title": "title", "--url": "url", "--publisher": "publisher", "--licence": "licence",
           "--retrieved": "retrieved", "--version": "version", "--attribution": "attribution", "--note": "note"}


def add_source(changes: Changeset, dataset: Dataset, source_id: str, fields: Mapping[str, Any]) -> list[str]:
    """Add the source ``source_id`` with ``fields`` (title, url, publisher, licence, ...) to
    sources.yaml in ``changes``; refuses an id that is taken or not a slug, and fields the schema
    of a source does not allow."""
    id_pattern = schema_at("sources", ("sources",)).get("propertyNames", {})
    pattern = _resolved_pattern(id_pattern)
    if not re.fullmatch(pattern, source_id):
        raise UsageError(f"the source id '{source_id}' is not a lowercase slug (letters a-z, digits and single "
                         "hyphens, for example abb-besluit-2026)")
    if source_id in dataset.sources:
        raise UsageError(f"the source '{source_id}' is already in sources.yaml: cite it, or choose another id")
    entry = present(dict(fields))
    _check_fields(entry)
    document = changes.document(changes.root / SOURCES_FILE)
    if document is None:
        raise UsageError(f"the dataset has no {SOURCES_FILE}; create it first (see docs/editing.md)")
    entries = document.get("sources")
    if not isinstance(entries, CommentedMap):
        raise UsageError(f"{SOURCES_FILE} has no mapping 'sources:'; fix it first (`vlavirgem validate` shows where)")
    new = node(entry)
    arrange(new, "sources", ("sources", source_id), changes.names)
    position = next((index for index, key in enumerate(entries) if str(key) > source_id), len(entries))
    entries.insert(position, source_id, new)
    close = difflib.get_close_matches(source_id, list(dataset.sources), n=1, cutoff=0.8)
    steps = [f"source {source_id} added: {entry['title']} ({entry['publisher']})"]
    if close:
        steps.append(f"note: sources.yaml already has '{close[0]}'; check that this is not the same source")
    return steps


def _resolved_pattern(sub: Mapping[str, Any]) -> str:
    """The pattern of a schema that may be a $ref (the id of a source is a slug)."""
    if "pattern" in sub:
        return str(sub["pattern"])
    from vlavirgem.core.schemas import schema

    pointer = str(sub.get("$ref", "")).partition("#")[2]
    target: Any = schema("common")
    for part in filter(None, pointer.split("/")):
        target = target[part]
    return str(target["pattern"])


def _check_fields(entry: Mapping[str, Any]) -> None:
    """Each field as the schema of a source wants it: required ones given, urls and dates well formed."""
    source = schema_at("sources", ("sources", "any"))
    for required in source.get("required", ()):
        if not entry.get(required):
            option = next(o for o, f in OPTIONS.items() if f == required)
            raise UsageError(f"a source needs {option} TEXT ({required})")
    for option, name in OPTIONS.items():
        value = entry.get(name)
        if value is None or isinstance(value, date):
            continue
        sub = schema_at("sources", ("sources", "any", name))
        if not str(value).strip():
            raise UsageError(f"{option} is empty")
        pattern = sub.get("pattern")
        if pattern and not re.fullmatch(pattern, str(value)):
            raise UsageError(f"{option} '{value}' is not allowed: {sub.get('description', 'see the schema')}")

