"""schemas/ids.schema.json: the dataset's ids for editors, fresh, referenced by the file schemas, and
ignored by validate; and the real yaml-language-server completing and flagging ids over LSP."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from vlavirgem.cli import app
from vlavirgem.core.dataset import load_dataset
from vlavirgem.core.schemas import ID_KINDS, IDS
from vlavirgem.core.validation import validate
from vlavirgem.editing.ids_schema import ids_schema, render

from .conftest import REPO, SHIPPED_DATA, TODAY, base_tree
from .lsp_client import LanguageServer
from .test_workflows_lint import node_tools

runner = CliRunner()
SCHEMAS = REPO / "schemas"


def _refs(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [ref for key, item in value.items() for ref in ([item] if key == "$ref" else _refs(item))]
    if isinstance(value, list):
        return [ref for item in value for ref in _refs(item)]
    return []


def test_the_shipped_ids_schema_is_fresh() -> None:
    result = runner.invoke(app, ["--data", str(SHIPPED_DATA), "ids", "--check"])
    assert result.exit_code == 0, result.output
    assert "is up to date (654 governments" in result.stderr


def test_every_id_has_its_readable_name_beside_it() -> None:
    schema = json.loads((SCHEMAS / IDS).read_text(encoding="utf-8"))
    governments = schema["$defs"]["government"]
    described = dict(zip(governments["enum"], governments["enumDescriptions"], strict=True))
    assert described["gemeente-44083"] == "Deinze (gemeente, from 2019-01-01)"
    assert described["gemeente-44011"] == "Deinze (gemeente, until 2018-12-31)"
    assert set(schema["$defs"]) == set(ID_KINDS)
    dataset, _ = load_dataset(SHIPPED_DATA)
    assert schema["$defs"]["source"]["enum"] == sorted(dataset.sources)
    assert schema["$defs"]["standard"]["enum"] == sorted(dataset.standards)


def test_the_file_schemas_refer_to_the_ids_for_every_reference() -> None:
    used = {ref.split("#/$defs/")[1] for path in SCHEMAS.glob("*.schema.json") if path.name != IDS
            for ref in _refs(json.loads(path.read_text(encoding="utf-8"))) if ref.startswith(IDS)}
    assert used == set(ID_KINDS), "each kind of id is referred to, and only kinds the ids schema has"
    common = json.loads((SCHEMAS / "common.schema.json").read_text(encoding="utf-8"))["$defs"]
    assert {"$ref": f"{IDS}#/$defs/source"} in common["source_ref"]["allOf"]
    region = json.loads((SCHEMAS / "region.schema.json").read_text(encoding="utf-8"))
    assert region["$defs"]["membership"]["properties"]["government"]["$ref"].endswith("government_ref")


def test_a_stale_ids_schema_is_found_and_rewritten(tmp_path: Path) -> None:
    data = base_tree(tmp_path)
    target = tmp_path / "ids.schema.json"
    written = runner.invoke(app, ["--data", str(data), "ids", "--out", str(target)])
    assert written.exit_code == 0, written.output
    assert json.loads(target.read_text(encoding="utf-8"))["$defs"]["region"]["enum"] == ["regio-antwerpen", "waasland"]
    (data / "regions" / "kempen.yaml").write_text(
        "id: kempen\nname: Kempen (synthetic)\nkind: kenniskring\nmembers: []\nsources: [refreg]\n", encoding="utf-8")
    stale = runner.invoke(app, ["--data", str(data), "ids", "--out", str(target), "--check"])
    assert stale.exit_code == 1
    assert '+        "kempen",' in stale.stdout and "is not up to date" in stale.stderr
    assert runner.invoke(app, ["--data", str(data), "ids", "--out", str(target)]).exit_code == 0
    assert runner.invoke(app, ["--data", str(data), "ids", "--out", str(target), "--check"]).exit_code == 0


def test_validate_does_not_read_the_ids_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unknown id is one problem (the located reference check), not also a schema problem; and an
    ids schema that lists nothing changes nothing."""
    data = base_tree(tmp_path)
    region = data / "regions" / "waasland.yaml"
    text = region.read_text(encoding="utf-8").replace("gemeente-46030", "gemeente-99999")
    region.write_text(text, encoding="utf-8")
    line = next(number for number, words in enumerate(text.splitlines(), 1) if "gemeente-99999" in words)
    assert line == 11  # the base fixture's second member, after the first member's sources
    _, report = validate(data, TODAY)
    assert [(p.code, p.line) for p in report.problems if p.is_error] == [("unknown-reference", line)]
    empty = render({"$defs": {kind: {"enum": []} for kind in ID_KINDS}})
    schemas = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, schemas)
    (schemas / IDS).write_text(empty, encoding="utf-8")
    monkeypatch.setattr("vlavirgem.core.schemas.resource_dir", lambda name: schemas)
    from vlavirgem.core import schemas as core_schemas

    for cached in (core_schemas._schema_files, core_schemas._registry, core_schemas.validator,
                   core_schemas._fast_validator, core_schemas.schema_digest):
        cached.cache_clear()
    try:
        _, again = validate(data, TODAY)
    finally:
        for cached in (core_schemas._schema_files, core_schemas._registry, core_schemas.validator,
                       core_schemas._fast_validator, core_schemas.schema_digest):
            cached.cache_clear()
    assert [(p.code, p.line) for p in again.problems] == [(p.code, p.line) for p in report.problems]


def test_the_schema_of_an_empty_kind_accepts_nothing(tmp_path: Path) -> None:
    dataset, _ = load_dataset(base_tree(tmp_path))
    schema = ids_schema(dataset)
    assert schema["$defs"]["product"]["enum"] == ["acme-notulen"]
    assert json.loads(render(schema)) == schema


# ----------------------------------------------------------------- the real language server, over LSP

REGION = """# yaml-language-server: $schema=../../schemas/region.schema.json
id: proefkring
name: Proefkring (synthetic)
kind: kenniskring
members:
  - government: {government}
    from: 2026-01-01
sources: [pinc-gebiedsniveaus]
"""


@pytest.fixture(scope="module")
def server() -> Any:
    tools = node_tools()
    started = LanguageServer(["node", str(tools / "node_modules" / "yaml-language-server" / "bin" /
                                         "yaml-language-server"), "--stdio"], REPO)
    started.notify("workspace/didChangeConfiguration",
                   {"settings": {"yaml": {"validate": True, "completion": True, "hover": True}}})
    yield started
    started.close()


def _open(server: LanguageServer, text: str, name: str) -> str:
    uri = (REPO / "data" / "regions" / f"{name}.yaml").as_uri()  # never written: the server gets the text
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                                                            "text": text}})
    return uri


def test_the_language_server_completes_government_ids_with_their_names(server: LanguageServer) -> None:
    uri = _open(server, REGION.format(government=""), "editor-test-completion")
    answer = server.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                        "position": {"line": 5, "character": 16}})
    items = answer["items"] if isinstance(answer, dict) else answer
    offered = {item["label"]: item.get("documentation") for item in items}
    assert offered["gemeente-44083"] == "Deinze (gemeente, from 2019-01-01)"
    assert offered["ocmw-44083"] == "Deinze (ocmw, from 2019-01-01)"
    assert len(offered) == 654
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})


def test_the_language_server_flags_an_unknown_id_while_typing(server: LanguageServer) -> None:
    uri = _open(server, REGION.format(government="gemeente-4408"), "editor-test-typing")
    typed = REGION.format(government="gemeente-99999")
    server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"text": typed}]})

    def about_the_typed_id(params: dict[str, Any]) -> bool:
        return params["uri"] == uri and any(
            d["range"]["start"]["line"] == 5 and d["range"]["end"]["character"] == 30 for d in params["diagnostics"])

    diagnostics = server.notification("textDocument/publishDiagnostics", about_the_typed_id)["diagnostics"]
    flagged = [d for d in diagnostics if d["range"]["start"]["line"] == 5]
    assert [d["range"] for d in flagged] == [{"start": {"line": 5, "character": 16}, "end": {"line": 5, "character": 30}}]
    assert flagged[0]["message"].startswith("Not the id of a government in the register")
    good = REGION.format(government="gemeente-44083")
    server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3},
                                             "contentChanges": [{"text": good}]})
    # the id fixed: the warning goes (waits for diagnostics without any; times out, and fails, if none come)
    server.notification("textDocument/publishDiagnostics",
                        lambda params: params["uri"] == uri and params["diagnostics"] == [])
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
