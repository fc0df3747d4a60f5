"""Wall time and peak memory of commands, each measurement in a fresh helper process.

``ru_maxrss`` of ``RUSAGE_CHILDREN`` is the largest of all the children a process has waited for
so far, so one process cannot measure several commands apart.  ``measure()`` therefore starts a new
helper (``python -m benchmarks.measure SPEC``) for every measurement; the helper runs the commands
one after the other and prints their total wall time, the peak resident memory of the largest
process among them (a forked worker counts on its own, not added to its parent) and the exit codes.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Sample:
    """One measurement: seconds of wall time, peak memory in MB, the exit code of each command,
    and the end of the output of the first command that failed."""

    seconds: float
    peak_mb: float
    returncodes: tuple[int, ...]
    failure: str = ""


def measure(commands: list[list[str]], env: dict[str, str]) -> Sample:
    """Run ``commands`` one after the other in a fresh helper process, with ``env``."""
    spec = json.dumps({"commands": commands})
    done = subprocess.run([sys.executable, "-m", "benchmarks.measure", spec], cwd=REPO, env=env,
                          capture_output=True, text=True, check=True)
    values = json.loads(done.stdout)
    return Sample(values["seconds"], values["peak_kb"] / 1024, tuple(values["returncodes"]),
                  values["failure"])


def main() -> None:
    spec = json.loads(sys.argv[1])
    seconds, codes, failure = 0.0, [], ""
    for command in spec["commands"]:
        start = time.perf_counter()
        done = subprocess.run(command, cwd=REPO, capture_output=True)
        seconds += time.perf_counter() - start
        codes.append(done.returncode)
        if done.returncode and not failure:
            failure = (done.stdout + done.stderr).decode(errors="replace")[-600:]
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kilobytes on Linux
    print(json.dumps({"seconds": seconds, "peak_kb": peak_kb, "returncodes": codes, "failure": failure}))


if __name__ == "__main__":
    main()
