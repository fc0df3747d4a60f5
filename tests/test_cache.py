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


# ---------------------------------------------------------------- a cache that was tampered with


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test alone (the session's holds the indexes of other datasets)."""
    folder = tmp_path / "own-cache"
    monkeypatch.setenv("VLAVIRGEM_CACHE", str(folder))
    return folder


def _index(folder: Path) -> Path:
    return next(folder.glob("files-*.marshal"))


def _sign(folder: Path, payload: bytes) -> bytes:
    """What FileCache writes: the keyed hash of the payload, then the payload."""
    import hashlib

    key = (folder / "key").read_bytes()
    return hashlib.blake2b(payload, key=key, digest_size=32).digest() + payload


def _crafted_entries(entry: tuple[object, ...]) -> list[object]:
    """Entries of the right stamp but the wrong shape, one field at a time."""
    crafted: list[object] = [None, "text", (), entry[:7], [*entry]]
    for index, wrong in ((0, 7), (0, "not-a-hash"), (1, 3), (3, "problems"), (3, [(1, 1, "x", "y", "fatal", "")]),
                         (3, [(1, "1", "x", "y", "error", "")]), (4, ["refreg"]), (5, [1]), (6, (1, 2)),
                         (6, ("a", 1, 1, 1, 1)), (7, "later")):
        crafted.append((*entry[:index], wrong, *entry[index + 1:]))
    return crafted


@pytest.mark.parametrize("signed", [True, False], ids=["signed with the cache's key", "unsigned"])
def test_a_crafted_index_is_a_miss_never_a_crash(base_data: Path, monkeypatch: pytest.MonkeyPatch,
                                                  own_cache: Path, signed: bool) -> None:
    import marshal

    monkeypatch.setattr(filecache, "RACY_NS", 0)
    region = base_data / REGION
    region.write_text(region.read_text(encoding="utf-8").replace("from: 2025-01-01", "from: 2024-12-01"),
                      encoding="utf-8")
    honest = _problems(base_data)
    assert [code for *_, code in honest] == ["outside-validity"]
    index = _index(own_cache)
    key = (own_cache / "key").read_bytes()
    raw = index.read_bytes()
    stamp, entries = marshal.loads(raw[32:])
    for crafted in _crafted_entries(entries[REGION]):
        payload = marshal.dumps((stamp, {**entries, REGION: crafted}))
        index.write_bytes(_sign(own_cache, payload) if signed else payload)
        assert _problems(base_data) == honest, crafted
    for whole in [b"", b"\0" * 40, marshal.dumps((stamp, [1, 2])), marshal.dumps(("other", {})),
                  marshal.dumps((stamp, {REGION: "x"}))]:
        index.write_bytes(_sign(own_cache, whole) if signed else whole)
        assert _problems(base_data) == honest
    assert (own_cache / "key").read_bytes() == key


def test_an_entry_without_the_caches_key_can_neither_hide_nor_invent_a_problem(
        base_data: Path, monkeypatch: pytest.MonkeyPatch, own_cache: Path) -> None:
    """A well-formed entry written by anyone but the cache (no keyed hash) is not believed."""
    import marshal

    monkeypatch.setattr(filecache, "RACY_NS", 0)
    assert _problems(base_data) == []
    index = _index(own_cache)
    stamp, entries = marshal.loads(index.read_bytes()[32:])
    invented = [(1, 1, "unknown-key", "invented by a crafted cache", "error", "")]
    lying = {**entries, REGION: (*entries[REGION][:3], invented, *entries[REGION][4:])}
    payload = marshal.dumps((stamp, lying))
    index.write_bytes(b"\0" * 32 + payload)  # (a wrong keyed hash)
    assert _problems(base_data) == []
    index.write_bytes(_sign(own_cache, payload))  # the owner's own key: trusted, as the docs say
    assert [code for *_, code in _problems(base_data)] == ["unknown-key"]


def test_a_crafted_portfolio_data_file_is_read_again_from_the_file(
        base_data: Path, monkeypatch: pytest.MonkeyPatch, own_cache: Path) -> None:
    import marshal

    from vlavirgem.core.dataset import load_dataset

    monkeypatch.setattr(filecache, "RACY_NS", 0)
    dataset, _ = load_dataset(base_data, cache=own_cache)
    honest = {g: len(p.software) for g, p in dataset.portfolios.items()}
    assert honest and all(honest.values())
    data_files = list((own_cache / "data").glob("*.marshal"))
    assert data_files
    for data_file in data_files:  # well-formed data that says a portfolio uses no software, unsigned
        emptied = {**marshal.loads(data_file.read_bytes()[32:]), "software": []}
        data_file.write_bytes(b"\0" * 32 + marshal.dumps(emptied))
    dataset, _ = load_dataset(base_data, cache=own_cache)
    assert {g: len(p.software) for g, p in dataset.portfolios.items()} == honest


@pytest.mark.parametrize("place", ["before", "after"])
@pytest.mark.parametrize("command", [["validate"], ["regions"], ["catalog", "products"], ["governments"]])
def test_no_cache_is_taken_before_or_after_the_command(
        base_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], place: str) -> None:
    from typer.testing import CliRunner

    from vlavirgem.cli import app

    folder = tmp_path / "own-cache"
    monkeypatch.setenv("VLAVIRGEM_CACHE", str(folder))
    args = ["--no-cache", *command] if place == "before" else [*command, "--no-cache"]
    result = CliRunner().invoke(app, [*args, "--data", str(base_data)])
    assert result.exit_code == 0, result.output
    assert not folder.exists()
    assert CliRunner().invoke(app, [*command, "--data", str(base_data)]).exit_code == 0
    assert folder.exists()  # (without the option the cache is used: the option is what kept it away)
