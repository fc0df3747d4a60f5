"""Check each file on its own (YAML, then its schema): in parallel when there are many, and
remembered in the user's cache so that an unchanged file is never checked twice.

The cache holds, per file of a dataset, the content's hash, the data read and the file's own
problems; it is valid only for the same tool version and the same schemas, and an entry is used
only when the content hash matches, so an edit, a ``git checkout`` or an upgrade cannot make it
lie.  Deleting it is always safe.

As Git does for its index, an entry also keeps the file's signature (size, mtime, ctime, inode,
device) from when its bytes were hashed: a file whose signature is unchanged is not even read.
Every write sets ctime to the present and nothing can set it back, so a changed file always has
a new signature; the one exception, two writes within one tick of the file system's clock, is
ruled out by trusting only signatures hashed at least RACY_NS after the file's last change.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from vlavirgem import __version__
from vlavirgem.core.checks.citations import unsourced_records
from vlavirgem.core.checks.portfolios import portfolio_own_problems, portfolio_summary
from vlavirgem.core.checks.references import cited_sources
from vlavirgem.core.loader import MAX_FILE_BYTES, LoadedFile, load_bytes, load_file
from vlavirgem.core.problems import Problem
from vlavirgem.core.records import portfolio_alone
from vlavirgem.core.schemas import check_schema, schema_digest

# below this much work one process is faster than starting a second
PARALLEL_MIN_FILES = 200
PARALLEL_MIN_BYTES = 2_000_000


class _NotRead:
    """The content of a job whose file was not read yet (see ``Job.signature``)."""


NOT_READ = _NotRead()


@dataclass(frozen=True)
class Job:
    """One file to check: where it is, how to show it, its kind, its bytes (None: unreadable or
    too large, so the loader reports it; NOT_READ: not read yet), its POSIX path relative to the
    data root, and the signature of its file's status (None: the bytes are not the file's)."""

    path: Path
    display: str
    kind: str | None
    content: bytes | _NotRead | None
    relative: str
    signature: Signature | None = None

    def read(self) -> Job:
        """The job with its file's bytes (if they were not read yet)."""
        if not isinstance(self.content, _NotRead):
            return self
        return replace(self, content=read_bytes(self.path))


# what identifies a file's state without reading it: size, mtime, ctime (which every write, rename
# or change of times sets to the present, and no one can set back), inode and device
Signature = tuple[int, int, int, int, int]
# a signature is trusted only for a file whose last change was this long before its bytes were
# hashed: a file changed twice within the file system's timestamp granularity keeps its signature
RACY_NS = 2_000_000_000


def signature_of(path: str) -> Signature | None:
    """The file's signature; None where it cannot be trusted (Windows: ctime is creation time)."""
    if os.name == "nt":
        return None
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev)


def read_bytes(path: Path | str) -> bytes | None:
    """The file's bytes, or None when it is too large or unreadable (the loader then says why)."""
    try:
        with open(path, "rb") as handle:
            content = handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None
    return None if len(content) > MAX_FILE_BYTES else content


def check_file(job: Job) -> LoadedFile:
    """Read one file and check it against its schema; every problem ends up in ``problems``."""
    job = job.read()
    if isinstance(job.content, bytes):
        loaded = load_bytes(job.path, job.content, job.display)
    else:  # unreadable or too large: the loader tries again and says why
        loaded = load_file(job.path, job.display)
    if job.kind is None:
        loaded.problems.append(Problem(
            job.display, 1, 1, "unknown-file",
            "this file is in no place the dataset knows, so nothing checks it; move it to its kind's "
            "folder or out of the data folder", "warning"))
    else:
        loaded.problems.extend(check_schema(loaded, job.kind))
        loaded.problems.extend(unsourced_records(loaded, job.kind))
    loaded.cited = cited_sources(loaded.data)
    if job.kind == "portfolio" and isinstance(loaded.data, dict):
        loaded.summary = portfolio_summary(loaded.data)
        loaded.problems.extend(_portfolio_problems(loaded))
    return loaded


def _portfolio_problems(loaded: LoadedFile) -> list[Problem]:
    """The checks that need no other file, run on the portfolio's own records."""
    built = portfolio_alone(loaded)
    return [] if built is None else portfolio_own_problems(*built)


Result = tuple[Any, list[Problem], frozenset[str], dict[str, Any] | None]


def _check_chunk(jobs: Sequence[Job]) -> list[Result]:
    results = []
    for job in jobs:
        loaded = check_file(job)
        results.append((loaded.data, loaded.problems, loaded.cited or frozenset(), loaded.summary))
    return results


@contextmanager
def _no_garbage_collection() -> Iterator[None]:
    """Bulk loading makes millions of objects that live on; collecting meanwhile only costs time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_files(jobs: Sequence[Job], root: Path, cache_folder: Path | None = None) -> list[LoadedFile]:
    """Every job checked, in order; from the cache in ``cache_folder`` (if any) where the content is
    unchanged."""
    results: list[LoadedFile | None] = [None] * len(jobs)
    jobs = list(jobs)
    digests: list[str | None] = [None] * len(jobs)
    todo = []
    with _no_garbage_collection():
        cache = FileCache(root, cache_folder) if cache_folder else None  # (its index too is many objects that live on)
        for index, job in enumerate(jobs):
            hit = cache.unchanged(job) if cache else None  # by its signature: not even read
            if hit is None:
                job = jobs[index] = job.read()
                digests[index] = _digest(job)
                hit = cache.get(job, digests[index]) if cache else None
            if hit is None:
                todo.append(index)
            else:
                results[index] = hit
        for index, (data, problems, cited, summary) in zip(todo, _run([jobs[i] for i in todo]), strict=True):
            job = jobs[index]
            loaded = LoadedFile(path=job.path, display=job.display, data=data, problems=problems,
                                source=job.content if isinstance(job.content, bytes) else None,
                                cited=cited, summary=summary)
            loaded.forget_positions()
            results[index] = loaded
            if cache:
                cache.put(job, digests[index], loaded)
    if cache:
        cache.save()
    return [loaded for loaded in results if loaded is not None]


def _run(jobs: list[Job]) -> list[Result]:
    size = sum(len(job.content) for job in jobs if isinstance(job.content, bytes))
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2 or len(jobs) < PARALLEL_MIN_FILES or size < PARALLEL_MIN_BYTES:
        return _check_chunk(jobs)
    try:
        import multiprocessing

        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: spawning costs more than it saves
        return _check_chunk(jobs)
    chunks = [jobs[start::workers * 4] for start in range(workers * 4)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        done = list(pool.map(_check_chunk, chunks))
    ordered: list[Result | None] = [None] * len(jobs)
    for start, chunk_results in enumerate(done):
        ordered[start::workers * 4] = chunk_results
    return ordered  # type: ignore[return-value]


def _digest(job: Job) -> str | None:
    if not isinstance(job.content, bytes):
        return None
    return hashlib.blake2b(job.content, digest_size=16).hexdigest()


# kinds whose data is kept apart and read only when asked for (validating needs their summary only)
LAZY_KINDS = ("portfolio",)
_UNREAD = object()


class LazyLoadedFile(LoadedFile):
    """A file from the cache whose data is read from the cache only when someone needs it."""

    def __init__(self, *, read: Callable[[], Any], **fields: Any) -> None:
        self._read = read
        self._data: Any = _UNREAD
        super().__init__(**fields)

    @property  # type: ignore[override]
    def data(self) -> Any:
        if self._data is _UNREAD:
            self._data = self._read()
        return self._data

    @data.setter
    def data(self, value: Any) -> None:
        if value is not None:
            self._data = value


def _code_digest() -> str:
    """A hash of the tool's own code: results of another build of it (an upgrade, a checkout of
    another commit, a local edit) are never reused, even under the same version number."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(Path(__file__).resolve().parent.parent.rglob("*.py")):  # the whole package
        digest.update(path.read_bytes())
    return digest.hexdigest()


class FileCache:
    """Per-file results of one dataset: an index in one file of the user's cache folder, and the
    data of the large files (portfolios) apart, one file per content hash, read when needed."""

    def __init__(self, root: Path, folder: Path) -> None:
        self.root = root
        name = hashlib.blake2b(str(root.resolve()).encode(), digest_size=8).hexdigest()
        self.path = folder / f"files-{name}.marshal"
        self.data_folder = folder / "data"
        self.stamp = (__version__, _code_digest(), schema_digest(), MAX_FILE_BYTES)
        self.entries: dict[str, tuple[Any, ...]] = {}
        self.used: set[str] = set()
        self.dirty = False
        try:
            stamp, entries = marshal.loads(self.path.read_bytes())
            if tuple(stamp) == self.stamp:
                self.entries = entries
        except (OSError, ValueError, EOFError, TypeError):
            pass

    def unchanged(self, job: Job) -> LoadedFile | None:
        """The file's results if its signature is the one its bytes were hashed with, and that
        signature is trusted (see RACY_NS): then the file is not even read."""
        entry = self.entries.get(job.relative)
        if (job.signature is None or entry is None or entry[6] != job.signature
                or job.signature[2] >= entry[7] - RACY_NS):
            return None
        return self.get(job, entry[0])

    def get(self, job: Job, digest: str | None) -> LoadedFile | None:
        key = job.relative
        self.used.add(key)
        entry = self.entries.get(key)
        if digest is None or entry is None or entry[0] != digest or entry[1] != job.kind:
            return None
        _, kind, data, problems, cited, summary, signature, _ = entry
        if job.signature is not None and isinstance(job.content, bytes) and signature != job.signature:
            self.entries[key] = (*entry[:6], job.signature, time.time_ns())  # same bytes, new status
            self.dirty = True
        fields = {"path": job.path, "display": job.display, "problems": [Problem(job.display, *p) for p in problems],
                  "source": job.content if isinstance(job.content, bytes) else None, "cited": cited,
                  "summary": summary}
        loaded = (LazyLoadedFile(read=lambda: self._read_data(job, digest), **fields) if kind in LAZY_KINDS
                  else LoadedFile(data=data, **fields))
        loaded.forget_positions()
        return loaded

    def _read_data(self, job: Job, digest: str) -> Any:
        try:
            return marshal.loads((self.data_folder / f"{digest}.marshal").read_bytes())
        except (OSError, ValueError, EOFError, TypeError):  # gone from the cache: read the file again
            return check_file(job).data

    def put(self, job: Job, digest: str | None, loaded: LoadedFile) -> None:
        if digest is None:
            return
        problems = [(p.line, p.column, p.code, p.message, p.severity, p.pointer) for p in loaded.problems]
        data = loaded.data
        if job.kind in LAZY_KINDS:
            self._write(self.data_folder / f"{digest}.marshal", marshal.dumps(data))
            data = None
        self.entries[job.relative] = (digest, job.kind, data, problems, loaded.cited or frozenset(),
                                      loaded.summary, job.signature, time.time_ns())
        self.dirty = True

    def save(self) -> None:
        stale = set(self.entries) - self.used
        if not self.dirty and not stale:
            return
        for key in stale:
            del self.entries[key]
        self._write(self.path, marshal.dumps((self.stamp, self.entries)))

    @staticmethod
    def _write(path: Path, payload: bytes) -> None:
        """Write atomically; a cache that cannot be written is only slower."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
                handle.write(payload)
            os.replace(handle.name, path)
        except (OSError, ValueError):
            pass
