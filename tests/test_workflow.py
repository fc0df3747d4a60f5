"""The pull-request workflow: pre-commit hooks, the GitHub Actions workflow, CODEOWNERS, and the
schemas in the editors' tools (checked with check-jsonschema, an outside validator)."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from benchmarks.synthetic import write_synthetic
from vlavirgem.cli import app
from vlavirgem.core.dataset import load_dataset
from vlavirgem.editing.codeowners import HEADER, codeowner_rules, render

from .conftest import REPO, SHIPPED_DATA, TODAY

runner = CliRunner()
HOOKS = REPO / ".pre-commit-hooks.yaml"
CONFIG = REPO / ".pre-commit-config.yaml"
WORKFLOW = REPO / ".github" / "workflows" / "data.yml"


def _yaml(path: Path) -> object:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=REPO)


# -- pre-commit ------------------------------------------------------------------------------------------

def test_pre_commit_accepts_the_hooks_and_the_config() -> None:
    for command in (("validate-manifest", HOOKS), ("validate-config", CONFIG)):
        done = _tool("pre_commit", command[0], str(command[1]))
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_hooks_run_real_commands_once_for_all_files() -> None:
    hooks = {hook["id"]: hook for hook in _yaml(HOOKS)}  # type: ignore[attr-defined]
    assert set(hooks) == {"vlavirgem-validate", "vlavirgem-fmt", "vlavirgem-fmt-check"}
    local = {hook["id"]: hook for repo in _yaml(CONFIG)["repos"] for hook in repo["hooks"]}  # type: ignore[index]
    ours = [h for h in local.values() if h["id"].startswith("vlavirgem")]
    assert {h["id"] for h in ours} == {"vlavirgem-validate", "vlavirgem-fmt", "vlavirgem-codeowners", "vlavirgem-ids"}
    for hook in [*hooks.values(), *ours]:
        assert hook["require_serial"] is True, hook["id"]
        words = shlex.split(hook["entry"])
        if hook in ours:  # this checkout's package, in pre-commit's own environment
            assert words[:3] == ["python", "-m", "vlavirgem"], hook["entry"]
            words = words[2:]
        assert words[0] == "vlavirgem"
        result = runner.invoke(app, [*words[1:], "--help"])
        assert result.exit_code == 0, hook["entry"]
    assert hooks["vlavirgem-fmt-check"]["entry"] == "vlavirgem fmt --check"
    assert local["vlavirgem-codeowners"]["pass_filenames"] is False


def test_the_hooks_need_no_virtual_environment_on_path() -> None:
    """Every hook of this repository lets pre-commit install what it runs: none relies on the
    caller's PATH (language: system), and the vlavirgem hooks get pyproject.toml's dependencies."""
    import tomllib

    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    for hook in (hook for repo in _yaml(CONFIG)["repos"] for hook in repo["hooks"]):  # type: ignore[index]
        assert hook["language"] == "python", hook["id"]
        assert hook.get("additional_dependencies"), hook["id"]
        if hook["id"].startswith("vlavirgem"):
            assert hook["additional_dependencies"] == dependencies, hook["id"]
    done = subprocess.run([sys.executable, "-m", "vlavirgem", "--version"], capture_output=True, text=True,
                          cwd=REPO, env={"PATH": "/nonexistent"})
    assert done.returncode == 0 and done.stdout.startswith("vlavirgem "), done.stderr


def test_the_hooks_pass_on_the_shipped_data_with_file_names_as_pre_commit_gives_them() -> None:
    files = [str(path.relative_to(REPO)) for path in sorted((SHIPPED_DATA / "regions").glob("*.yaml"))[:3]]
    for entry in ("validate", "fmt --check"):
        result = runner.invoke(app, [*entry.split(), "--data", str(SHIPPED_DATA), *[str(REPO / f) for f in files]])
        assert result.exit_code == 0, result.output


# -- GitHub Actions ---------------------------------------------------------------------------------------

def test_the_workflow_is_valid_for_github_and_runs_the_checks_on_pull_requests() -> None:
    done = _tool("check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW))
    assert done.returncode == 0, done.stdout + done.stderr
    workflow = _yaml(WORKFLOW)
    assert "pull_request" in workflow["on"]  # type: ignore[index]
    runs = [step.get("run") for job in workflow["jobs"].values() for step in job["steps"]]  # type: ignore[index]
    assert "vlavirgem validate --format github --strict" in runs  # as strict as .ci/run
    assert "vlavirgem fmt --check" in runs
    assert "vlavirgem codeowners --check" in runs


# -- CODEOWNERS -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_synthetic(tmp_path_factory.mktemp("synthetic") / "data", SHIPPED_DATA, governments=2)


def test_coordinators_own_their_region_file_and_their_members_portfolios(synthetic: Path) -> None:
    dataset, _ = load_dataset(synthetic)
    rules = {rule.pattern: rule.owners for rule in codeowner_rules(dataset, TODAY, synthetic, ["@vlavirgem/data"])}
    assert next(iter(rules)) == "*" and rules["*"] == ("@vlavirgem/data",)
    assert rules["/data/regions/waasland.yaml"] == ("@synth-waasland",)
    assert rules["/data/catalog/portfolios/gemeente-46030.yaml"] == ("@synth-waasland",)
    assert rules["/data/catalog/portfolios/ocmw-71072.yaml"] == ("@synth-limburg",)
    assert "/data/catalog/portfolios/gemeente-11056.yaml" not in rules  # Zwijndrecht merged in 2025
    members = {m.government for m in dataset.memberships() if m.interval.contains(TODAY)}
    assert {p.rsplit("/", 1)[1][:-5] for p in rules if "/portfolios/" in p} == members
    earlier = {r.pattern for r in codeowner_rules(dataset, date(2023, 6, 1), synthetic)}
    assert "/data/catalog/portfolios/gemeente-11056.yaml" in earlier


def test_codeowners_writes_then_checks(synthetic: Path, tmp_path: Path) -> None:
    target = tmp_path / "CODEOWNERS"
    check = ["codeowners", "--check", "--out", str(target), "--data", str(synthetic)]
    assert runner.invoke(app, check).exit_code == 1
    result = runner.invoke(app, ["codeowners", "--out", str(target), "--data", str(synthetic)])
    assert result.exit_code == 0 and "15 regions with coordinators" in result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith(HEADER) and "/data/regions/waasland.yaml @synth-waasland\n" in text
    assert runner.invoke(app, check).exit_code == 0
    result = runner.invoke(app, [*check, "--fallback", "vlavirgem/data"])
    assert result.exit_code == 1 and "+* @vlavirgem/data\n" in result.stdout


def test_the_shipped_codeowners_is_up_to_date_and_has_only_its_header() -> None:
    dataset, _ = load_dataset(SHIPPED_DATA)
    assert render(codeowner_rules(dataset, TODAY, SHIPPED_DATA)) == HEADER
    assert (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == HEADER
    assert runner.invoke(app, ["codeowners", "--check", "--data", str(SHIPPED_DATA)]).exit_code == 0


# -- the schemas in the editors' tools ---------------------------------------------------------------------

MAPPING = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]


@pytest.mark.parametrize(("schema", "pattern"), sorted(MAPPING.items()), ids=lambda value: Path(value).name)
def test_check_jsonschema_accepts_the_shipped_files_with_the_editor_mapping(schema: str, pattern: str) -> None:
    files = sorted(REPO.glob(pattern))[:3]
    assert files
    done = _tool("check_jsonschema", "--schemafile", str(REPO / schema), *map(str, files))
    assert done.returncode == 0, done.stdout + done.stderr


def test_check_jsonschema_rejects_a_broken_file_through_the_common_definitions(tmp_path: Path) -> None:
    broken = tmp_path / "waasland.yaml"
    text = (SHIPPED_DATA / "regions" / "waasland.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("gemeente-46003", "gemeente-4603", 1).replace("kind: kenniskring", "kind: club"),
                      encoding="utf-8")
    done = _tool("check_jsonschema", "--schemafile", str(REPO / "schemas" / "region.schema.json"), str(broken))
    assert done.returncode == 1
    assert "$.kind: 'club' is not one of ['kenniskring']" in done.stdout
    assert "$.members[0].government: 'gemeente-4603' does not match" in done.stdout  # common.schema.json#/$defs


def test_the_editing_docs_give_every_editor_the_same_mapping() -> None:
    docs = (REPO / "docs" / "editing.md").read_text(encoding="utf-8")
    for schema, pattern in MAPPING.items():
        assert f'"{schema}": "{pattern}"' in docs, (schema, pattern)
        assert f"{Path(schema).name}" in docs.split("Neovim", 1)[1]


def test_the_repository_copy_of_the_data_is_what_the_pre_commit_hooks_see(tmp_path: Path) -> None:
    """fmt as a hook: given the path of a file that is out of layout it rewrites it and exits 0; pre-commit
    then fails the commit because the file changed."""
    data = Path(shutil.copytree(SHIPPED_DATA / "blocks", tmp_path / "data" / "blocks"))
    shutil.copyfile(SHIPPED_DATA / "sources.yaml", tmp_path / "data" / "sources.yaml")
    target = data / "magda.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("name: MAGDA", "name: 'MAGDA'"), encoding="utf-8")
    result = runner.invoke(app, ["fmt", str(target), "--data", str(tmp_path / "data")])
    assert result.exit_code == 0 and "reformatted" in result.stderr
    assert "name: MAGDA\n" in target.read_text(encoding="utf-8")
