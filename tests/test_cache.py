"""The per-file cache trusts a file's signature (size, mtime, ctime, inode) only where it cannot lie."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from vlavirgem.core import filecache, filecheck
from vlavirgem.core.reading import Refusal
from vlavirgem.core.settings import Settings
from vlavirgem.core.validation import validate

from .conftest import TODAY

REGION = "regions/waasland.yaml"


def _problems(data: Path) -> list[tuple[str, int, str]]:
    # with the cache the environment chooses, as the command line would
    cache = Settings.from_environment().cache
    return [(Path(p.file).name, p.line, p.code) for p in validate(data, TODAY, cache=cache)[1].problems]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files read from now on (by name)."""
    done: list[str] = []
    real = filecheck.read_data_file

    def counting(path: Path | str, root: Path | str | None = None) -> bytes | Refusal:
        done.append(Path(path).name)
        return real(path, root)

    monkeypatch.setattr(filecheck, "read_data_file", counting)
    return done


def test_a_file_whose_signature_is_unchanged_is_not_read_again(
        base_data: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filecache, "RACY_NS", 0)  # (the files were written a moment ago)
    first = _problems(base_data)  # fills the cache
    assert len(reads) > 10
    reads.clear()
    assert _problems(base_data) == first
    assert reads == []


def test_a_file_hashed_right_after_its_last_change_is_read_again(base_data: Path, reads: list[str]) -> None:
    _problems(base_data)  # the files are younger than RACY_NS: their signatures are not trusted yet
    reads.clear()
    _problems(base_data)
    assert "waasland.yaml" in reads


def test_a_same_size_edit_that_puts_the_old_mtime_back_is_noticed(
        base_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filecache, "RACY_NS", 0)
    region = base_data / REGION
    assert _problems(base_data) == []
    before = region.stat()
    text = region.read_text(encoding="utf-8")
    changed = text.replace("from: 2025-01-01", "from: 2024-12-01", 1)  # outside the member's life
    assert changed != text and len(changed) == len(text)
    region.write_text(changed, encoding="utf-8")
    os.utime(region, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `cp -p` or `touch -r` would
    assert region.stat().st_mtime_ns == before.st_mtime_ns and region.stat().st_size == before.st_size
    assert [code for *_, code in _problems(base_data)] == ["outside-validity"]  # ctime told


def test_touching_a_file_costs_one_read_and_no_check(
        base_data: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filecache, "RACY_NS", 0)
    _problems(base_data)
    os.utime(base_data / REGION)  # new mtime and ctime, same bytes
    checked = _checked(monkeypatch)
    reads.clear()
    assert _problems(base_data) == []
    assert reads == ["waasland.yaml"] and checked == []  # hashed, found in the cache by its bytes
    reads.clear()
    _problems(base_data)
    assert reads == []  # and its new signature was kept


def _checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files checked afresh (not taken from the cache) from now on."""
    checked: list[str] = []
    real = filecheck._run
    monkeypatch.setattr(filecheck, "_run", lambda jobs: checked.extend(j.relative for j in jobs) or real(jobs))
    return checked


@pytest.mark.parametrize("what", ["_code_digest", "schema_digest"])
def test_results_of_other_code_or_other_schemas_are_not_reused(
        base_data: Path, monkeypatch: pytest.MonkeyPatch, what: str) -> None:
    monkeypatch.setattr(filecache, "RACY_NS", 0)
    _problems(base_data)
    checked = _checked(monkeypatch)
    _problems(base_data)
    assert checked == []
    monkeypatch.setattr(filecache, what, lambda: "another build of the tool")  # an upgrade, a checkout
    _problems(base_data)
    assert "regions/waasland.yaml" in checked and len(checked) > 10


def test_checking_out_an_older_version_of_a_file_is_seen(base_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filecache, "RACY_NS", 0)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(base_data)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "clean"], check=True)
    region = base_data / REGION
    region.write_text(region.read_text(encoding="utf-8").replace("from: 2025-01-01", "from: 2024-12-01"),
                      encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "broken"], check=True)
    assert [code for *_, code in _problems(base_data)] == ["outside-validity"]
    subprocess.run([*git, "checkout", "-q", "HEAD~1", "--", REGION], check=True)
    assert _problems(base_data) == []
    subprocess.run([*git, "checkout", "-q", "HEAD", "--", REGION], check=True)
    assert [code for *_, code in _problems(base_data)] == ["outside-validity"]


def test_without_the_cache_nothing_is_written_and_a_deleted_cache_is_no_loss(
        base_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "own-cache"
    monkeypatch.setenv("VLAVIRGEM_CACHE", str(folder))
    monkeypatch.setenv("VLAVIRGEM_NO_CACHE", "1")
    first = _problems(base_data)
    assert not folder.exists()
    monkeypatch.delenv("VLAVIRGEM_NO_CACHE")
    assert _problems(base_data) == first and any(folder.iterdir())
    shutil.rmtree(folder)
    assert _problems(base_data) == first
