"""The JSON Schemas: loaded once, one compiled validator per file kind, errors made readable.

The schemas in ``schemas/`` are the single source of truth for the shape of the data; this module
only runs them and turns each jsonschema error into a located ``Problem`` with a message that says
how to fix it.

Speed: when ``jsonschema-rs`` is installed, it decides first whether a file is valid (about 80
times faster); only a file it rejects goes through ``jsonschema`` for located, readable messages.
tests/test_schemas_agree.py checks that the two agree.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from vlavirgem.core.loader import LoadedFile
from vlavirgem.core.problems import Path_, Problem
from vlavirgem.core.resources import resource_dir

COMMON = "common.schema.json"
# The schema of the dataset's ids (``vlavirgem ids`` writes it from the data, for editors). The file
# schemas refer to it for every reference to another record, but validate never reads it: here
# that name stands for a schema whose every id kind accepts anything, so an unknown id is reported
# once, by the reference checks (located, with a did-you-mean), and a new record needs no
# regenerated schema to validate. See docs/decisions.md.
IDS = "ids.schema.json"
ID_KINDS = ("government", "region", "block", "product", "vendor", "standard", "source")
# problems of the loader about a value it did not read as written: the schema is not run on it again
_REFUSED = ("yaml-alias", "yaml-tag", "number-too-large")

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry


def ids_stand_in() -> dict[str, Any]:
    """What validate reads in place of the ids schema: each kind of id accepts any value."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": {kind: True for kind in ID_KINDS}}


@cache
def _schema_files() -> dict[str, bytes]:
    """The schemas by file name, with the stand-in for the ids schema (never the generated file)."""
    found = {path.name: path.read_bytes() for path in sorted(resource_dir("schemas").glob("*.schema.json"))
             if path.name != IDS}
    return {**found, IDS: json.dumps(ids_stand_in()).encode("utf-8")}


@cache
def schema_digest() -> str:
    """A hash of every schema: results checked against other schemas are not reused."""
    digest = hashlib.blake2b(digest_size=16)
    for name, content in _schema_files().items():
        digest.update(name.encode() + b"\0" + content)
    return digest.hexdigest()


@cache
def _registry() -> Registry:
    from referencing import Registry, Resource

    resources = [(name, Resource.from_contents(json.loads(content))) for name, content in _schema_files().items()]
    return Registry().with_resources(resources)


@cache
def _fast_validator(kind: str) -> Any | None:
    """jsonschema-rs's validator of one kind, or None when jsonschema-rs is not installed."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - an optional speed-up
        return None
    registry = jsonschema_rs.Registry([(name, json.loads(content)) for name, content in _schema_files().items()])
    return jsonschema_rs.validator_for(schema(kind), registry=registry, validate_formats=True)


def fast_is_valid(kind: str, data: Any) -> bool | None:
    """jsonschema-rs's verdict on a document (None when it is not installed)."""
    fast = _fast_validator(kind)
    return None if fast is None else bool(fast.is_valid(data))


@cache
def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one file kind, as a dict."""
    path = resource_dir("schemas") / f"{kind}.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@cache
def validator(kind: str) -> Draft202012Validator:
    """The compiled validator of one file kind, reused for every file of that kind."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(
        schema(kind), registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def check_schema(loaded: LoadedFile, kind: str) -> list[Problem]:
    """Every schema violation in one parsed file, each located at the offending key or value."""
    if loaded.data is None:
        return []
    if not isinstance(loaded.data, dict):
        found = _kind_of_value(loaded.data)
        return [loaded.problem((), "top-level-type",
                               f"the file must hold a mapping (key: value lines) at the top, "
                               f"but it holds {found}")]
    if fast_is_valid(kind, loaded.data):
        return []
    refused = {p.pointer for p in loaded.problems if p.code in _REFUSED}
    problems: list[Problem] = []
    for error in validator(kind).iter_errors(loaded.data):
        problems.extend(p for p in _problems_of(error, loaded) if p.pointer not in refused)
    return problems


def _problems_of(error: ValidationError, loaded: LoadedFile) -> list[Problem]:
    path: Path_ = tuple(error.absolute_path)
    keyword = error.validator
    sub: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    if keyword == "additionalProperties":
        allowed = sorted(sub.get("properties", {}))
        extra = [key for key in error.instance if key not in allowed]
        return [
            loaded.problem((*path, key), "unknown-key",
                           f"unknown key '{key}'{_did_you_mean(key, allowed)}; "
                           f"allowed here: {', '.join(allowed)}", key=True)
            for key in extra
        ]
    if "propertyNames" in error.relative_schema_path:
        return [loaded.problem((*path, error.instance), "bad-format",
                               f"'{_quoted(error.instance)}' is not a valid id: {_explain(sub)}", key=True)]
    if keyword == "required":
        missing = error.message.split("'")[1]
        if _misspelt(missing, error.instance, sub):
            return []  # the unknown key that looks like it says so, with a did-you-mean
        return [loaded.problem(path, "missing-key", f"the key '{missing}' is missing here; add it")]
    if keyword == "dependentRequired":
        return [loaded.problem(path, "missing-key", error.message.replace("is a dependency of", "is needed with"))]
    if keyword == "anyOf" and all("required" in branch for branch in error.validator_value):
        keys = " or ".join(branch["required"][0] for branch in error.validator_value)
        return [loaded.problem(path, "missing-key", f"give at least one of these keys: {keys}")]
    if keyword == "not" and isinstance(error.validator_value, dict) and "description" in error.validator_value:
        return [loaded.problem(path, "conflicting-keys", error.validator_value["description"])]  # the rule says why
    if keyword == "type":
        return [loaded.problem(path, "wrong-type", _type_message(error.validator_value, error.instance, loaded.raw.get(path)))]
    if keyword == "format":
        if "pattern" in sub and not re.search(sub["pattern"], str(error.instance)):
            return []  # the pattern's problem says what is wrong with it
        return [loaded.problem(path, "bad-date" if error.validator_value == "date" else "bad-format",
                               f"'{_quoted(error.instance)}' is not a real calendar date (YYYY-MM-DD)")]
    if keyword == "pattern":
        return [loaded.problem(path, "bad-format", f"'{_quoted(error.instance)}' is not valid: {_explain(sub)}")]
    if keyword == "enum":
        choices = [str(choice) for choice in error.validator_value]
        if not isinstance(error.instance, str):
            return [loaded.problem(path, "bad-value", f"expected one of: {', '.join(choices)}; "
                                   f"found {_kind_of_value(error.instance)}")]
        return [loaded.problem(path, "bad-value",
                               f"'{_quoted(error.instance)}' is not allowed"
                               f"{_did_you_mean(str(error.instance), choices)}; "
                               f"choose one of: {', '.join(choices)}")]
    if keyword in ("minLength", "minItems", "minProperties"):
        return [loaded.problem(path, "empty-value", "this must not be empty; fill it in or remove the key")]
    if keyword == "uniqueItems":
        index = _repeat(error.instance)
        if index is None:
            return [loaded.problem(path, "duplicate-item", "this list names the same item twice; keep one")]
        return [loaded.problem((*path, index), "duplicate-item",
                               f"'{error.instance[index]}' is already in this list; keep one")]
    return [loaded.problem(path, "schema", error.message)]


def _quoted(value: Any) -> str:
    """A value as a message quotes it: on one line, its line breaks and tabs shown as \\n, \\t."""
    return str(value).replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def _closest(word: str, choices: list[str]) -> str | None:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = _closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


def _misspelt(key: str, instance: Any, sub: dict[str, Any]) -> bool:
    """Whether a key the schema does not allow in ``instance`` looks like the missing ``key``."""
    allowed = sorted(sub.get("properties", {}))
    return sub.get("additionalProperties") is False and isinstance(instance, dict) and any(
        _closest(extra, allowed) == key for extra in instance if extra not in allowed
    )


def _repeat(items: list[Any]) -> int | None:
    """The index of the first item that repeats an earlier one (true and 1 are not the same): one
    pass with a set of the items' canonical texts, not a comparison of every pair."""
    seen: set[str] = set()
    for index, item in enumerate(items):
        text = json.dumps(item, sort_keys=True, default=str)  # (true and 1, 1 and 1.0 differ here too)
        if text in seen:
            return index
        seen.add(text)
    return None


def _explain(sub: dict[str, Any]) -> str:
    return str(sub.get("description") or f"it must match {sub.get('pattern')}")


def _kind_of_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing (null)"


_TYPE_NAMES = {"string": "text", "object": "a mapping", "array": "a list", "boolean": "true or false",
               "integer": "a whole number", "number": "a number", "null": "nothing"}


def _type_message(expected: str | list[str], instance: Any, written: str | None) -> str:
    names = [expected] if isinstance(expected, str) else expected
    wanted = " or ".join(_TYPE_NAMES.get(name, name) for name in names)
    message = f"expected {wanted}, found {_kind_of_value(instance)}"
    if "string" in names and isinstance(instance, (int, float)) and not isinstance(instance, bool):
        message += f"; write it in quotes so it stays text: '{written or instance}'"
    elif "string" in names and isinstance(instance, bool):
        message += "; YAML reads true/false as a boolean: write the text in quotes"
    return message


def resolve(sub: Any, base: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The subschema behind any $ref, with the schema document its own refs are relative to."""
    while isinstance(sub, dict) and "$ref" in sub:
        file, _, pointer = sub["$ref"].partition("#")
        if file:
            base = schema(file.removesuffix(".schema.json"))
        sub = base
        for part in filter(None, pointer.split("/")):
            sub = sub[part]
    return (sub if isinstance(sub, dict) else {}), base


def child_schema(sub: dict[str, Any], key: str) -> Any:
    """The schema of the value under ``key`` of a mapping whose schema is ``sub`` (unresolved)."""
    properties = sub.get("properties")
    if isinstance(properties, dict) and key in properties:
        return properties[key]
    extra = sub.get("additionalProperties")
    return extra if isinstance(extra, dict) else {}


def schema_path(kind: str, path: tuple[str | int, ...]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The resolved schema at ``path`` in a file of ``kind``, and the document its refs are relative to."""
    root = schema(kind)
    sub, base = resolve(root, root)
    for part in path:
        sub, base = resolve(sub.get("items", {}) if isinstance(part, int) else child_schema(sub, part), base)
    return sub, base


def schema_at(kind: str, path: tuple[str | int, ...]) -> dict[str, Any]:
    """The schema of the value at ``path`` in a file of ``kind`` (list indexes do not matter)."""
    return schema_path(kind, path)[0]
