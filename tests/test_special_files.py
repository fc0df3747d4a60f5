"""Only regular files inside the data folder are data: a pipe, a socket, a device, a symbolic link
out of the folder or in a loop, a linked folder and a folder or file that cannot be read are each a
located problem with exit 1, never a hang, a flood of memory or content from elsewhere."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from vlavirgem.core.reading import MAX_FILE_BYTES, Refusal, read_data_file
from vlavirgem.core.validation import validate

from .conftest import TODAY

SECRET = "Synthetische geheime regio"  # what a file outside the data folder holds
OUTSIDE_REGION = f"id: buiten\nname: {SECRET}\nkind: kenniskring\nmembers: []\nsources: [refreg]\n"


def _found(data: Path) -> list[tuple[str, int, int, str]]:
    return [(os.path.relpath(os.path.abspath(p.file), data.resolve()).replace(os.sep, "/"), p.line, p.column, p.code)
            for p in validate(data, TODAY)[1].problems]


def _run(*args: str, timeout: float = 60, user: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command line in a fresh process, so that a hang is a timeout and not a stuck test run."""
    env = {**os.environ, "VLAVIRGEM_NO_CACHE": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([*(user or []), sys.executable, "-c", "from vlavirgem.cli import run; run()", *args], capture_output=True,
                          text=True, timeout=timeout, env=env, check=False)


@pytest.fixture
def fifo_data(base_data: Path) -> Path:
    os.mkfifo(base_data / "regions" / "pijp.yaml")
    return base_data


def test_a_fifo_is_a_located_problem_and_blocks_nothing(fifo_data: Path) -> None:
    started = time.monotonic()
    assert ("regions/pijp.yaml", 1, 1, "special-file") in _found(fifo_data)
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("command", [["validate"], ["fmt", "--check"], ["regions"], ["export", "--format", "csv"]])
def test_no_command_hangs_on_a_fifo(fifo_data: Path, tmp_path: Path, command: list[str]) -> None:
    extra = ["--out", str(tmp_path / "out")] if command[0] == "export" else []
    done = _run(*command, "--data", str(fifo_data), *extra)  # (a hang raises TimeoutExpired)
    assert "Traceback" not in done.stderr
    if command[0] in ("validate", "fmt"):
        assert done.returncode == 1
        assert "pijp.yaml:1:1" in done.stdout + done.stderr and "special-file" in done.stdout + done.stderr


def test_a_link_to_dev_zero_is_not_read(base_data: Path) -> None:
    (base_data / "regions" / "nul.yaml").symlink_to("/dev/zero")
    assert ("regions/nul.yaml", 1, 1, "symlink-outside") in _found(base_data)


def test_a_device_is_refused_before_a_byte_is_read() -> None:
    refusal = read_data_file("/dev/zero", "/dev")  # (a link to it inside the data folder comes here)
    assert isinstance(refusal, Refusal) and refusal.code == "special-file" and "device" in refusal.message


def test_a_file_that_grows_past_its_size_is_read_with_a_bound(tmp_path: Path) -> None:
    """st_size is not trusted: what counts is what can be read, never more than the limit + 1."""
    path = tmp_path / "groot.yaml"
    path.write_bytes(b"a: b\n" * 100)
    refusal = read_data_file(path, tmp_path, limit=50)
    assert isinstance(refusal, Refusal) and refusal.code == "file-too-large"
    assert read_data_file(path, tmp_path, limit=MAX_FILE_BYTES) == b"a: b\n" * 100


def test_a_socket_is_a_located_problem(base_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(base_data / "regions")  # (a socket's path must be short)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind("stopcontact.yaml")
        assert ("regions/stopcontact.yaml", 1, 1, "special-file") in _found(base_data)


@pytest.mark.parametrize("target", ["lus.yaml", "nergens/niets.yaml"])
def test_a_link_in_a_loop_or_to_nothing_is_a_located_problem(base_data: Path, target: str) -> None:
    (base_data / "regions" / "lus.yaml").symlink_to(target)
    assert ("regions/lus.yaml", 1, 1, "broken-symlink") in _found(base_data)


def test_a_link_out_of_the_data_folder_is_never_followed(base_data: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elders" / "buiten.yaml"
    outside.parent.mkdir()
    outside.write_text(OUTSIDE_REGION, encoding="utf-8")
    (base_data / "regions" / "buiten.yaml").symlink_to(outside)
    dataset, report = validate(base_data, TODAY)
    assert [(p.line, p.column, p.code) for p in report.problems if p.file.endswith("buiten.yaml")] == [
        (1, 1, "symlink-outside")]
    assert "buiten" not in dataset.regions
    site = tmp_path / "site"
    _run("site", "build", "--data", str(base_data), "--out", str(site), timeout=300)
    published = "".join(path.read_text(encoding="utf-8", errors="replace") for path in site.rglob("*") if path.is_file())
    assert SECRET not in published


def test_a_link_to_a_file_inside_the_data_folder_is_read(base_data: Path) -> None:
    (base_data / "regions" / "ook-waasland.yaml").symlink_to(base_data / "regions" / "waasland.yaml")
    assert _found(base_data) == [("regions/ook-waasland.yaml", 1, 5, "duplicate-id")]  # (so it was read)


def test_a_linked_folder_is_not_followed_and_says_so(base_data: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "andere-blokken"
    elsewhere.mkdir()
    (elsewhere / "geheim.yaml").write_text(OUTSIDE_REGION, encoding="utf-8")
    (base_data / "regions" / "meer").symlink_to(elsewhere, target_is_directory=True)
    assert ("regions/meer", 1, 1, "special-file") in _found(base_data)


# ---------------------------------------------------------------- permissions (as a user who is not root)


def _unprivileged() -> list[str] | None:
    """How to run a command as an unprivileged user: [] when we are one, else a wrapper, else None."""
    if os.geteuid() != 0:
        return []
    try:
        import pwd

        pwd.getpwnam("nobody")
    except (ImportError, KeyError):
        return None
    if shutil.which("setpriv"):
        return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    if shutil.which("runuser"):
        return ["runuser", "-u", "nobody", "--"]
    return None


@pytest.fixture
def open_data(base_data: Path) -> Iterator[Path]:
    """A copy of the base data that another user can read (pytest's folders are its owner's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="vlavirgem-perm-"))
    try:
        folder.chmod(0o755)
        shutil.copytree(base_data, folder / "data")
        for path in [folder / "data", *(folder / "data").rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        yield folder / "data"
    finally:
        for path in (folder / "data").rglob("*"):
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(folder)


@pytest.mark.parametrize(("target", "place", "code"), [
    ("regions", "regions:1:1", "unreadable-folder"),
    ("regions/waasland.yaml", "waasland.yaml:1:1", "unreadable"),
])
def test_what_cannot_be_read_is_an_error_never_skipped(open_data: Path, target: str, place: str, code: str) -> None:
    user = _unprivileged()
    if user is None:
        pytest.skip("running as root and no unprivileged user (nobody) or setpriv/runuser to become one")
    clean = _run("validate", "--data", str(open_data), user=user)
    assert clean.returncode == 0, clean.stdout + clean.stderr  # (the other user can read it all)
    (open_data / target).chmod(0)
    done = _run("validate", "--data", str(open_data), user=user)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert any(place in line and f"[{code}]" in line for line in done.stdout.splitlines()), done.stdout
