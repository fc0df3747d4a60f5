"""The project's own promises: schemas are valid JSON Schemas, documentation matches the code."""

from __future__ import annotations

import json
import re

import pytest
from jsonschema import Draft202012Validator

from vlavirgem.cli import app
from vlavirgem.core.layout import KINDS
from vlavirgem.core.schemas import validator

from .conftest import CASES, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted((REPO / "schemas").glob("*.schema.json")), ids=lambda p: p.name)
def test_schema_is_a_valid_draft_2020_12_schema_with_descriptions(path) -> None:  # type: ignore[no-untyped-def]
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema.get("title") and schema.get("description")


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_a_strict_schema(kind: str) -> None:
    assert validator(kind).schema.get("additionalProperties") is False


def test_readme_test_command_is_what_ci_runs() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^(python3 -m venv .*)$", quick_start, flags=re.M)
    assert len(commands) == 2, commands
    assert commands[1] in ci.splitlines()


def test_every_command_is_documented_in_the_readme() -> None:
    names = [command.name or command.callback.__name__ for command in app.registered_commands]  # type: ignore[union-attr]
    for group in app.registered_groups:
        names += [f"{group.name} {command.name or command.callback.__name__}"  # type: ignore[union-attr]
                  for command in group.typer_instance.registered_commands]  # type: ignore[union-attr]
    assert len(names) > 10
    for name in names:
        assert f"vlavirgem {name}" in README, name


def test_every_problem_code_in_the_golden_cases_is_documented() -> None:
    documented = set(re.findall(r"`([a-z0-9-]+)`", (REPO / "docs" / "problems.md").read_text(encoding="utf-8")))
    seen = {code for expected in CASES.glob("*/*/expected.txt")
            for code in re.findall(r"\[([a-z0-9-]+)\]", expected.read_text(encoding="utf-8"))}
    assert seen, "no golden cases found"
    assert seen <= documented, seen - documented


def test_the_fast_c_parser_is_in_use() -> None:
    from vlavirgem.core.yaml_events import c_parser_in_use

    assert c_parser_in_use(), "ruamel.yaml.clib is not installed: reading is 5-8 times slower"


def test_editor_settings_map_every_kind_to_its_schema() -> None:
    from vlavirgem.core.layout import FOLDER_KINDS, ROOT_FILES

    mapping = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    expected = {f"./schemas/{kind}.schema.json": f"data/{folder}/*.yaml" for folder, kind in FOLDER_KINDS.items()
                if kind != "network"}
    expected["./schemas/network.schema.json"] = "data/networks/*/*.yaml"  # one schema, a folder per network kind
    expected |= {f"./schemas/{kind}.schema.json": f"data/{name}" for name, kind in ROOT_FILES.items()}
    assert mapping == expected
    assert all((REPO / schema).is_file() for schema in mapping)
