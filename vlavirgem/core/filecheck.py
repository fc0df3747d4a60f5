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
The cache itself lives in ``filecache``, which also says why a crafted cache cannot lie.
"""

from __future__ import annotations

import gc
import hashlib
import os
import stat
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

from vlavirgem.core.checks.citations import unsourced_records
from vlavirgem.core.checks.portfolios import portfolio_own_problems, portfolio_summary
from vlavirgem.core.checks.references import cited_sources
from vlavirgem.core.filecache import FileCache
from vlavirgem.core.loader import LoadedFile, load_bytes, refused
from vlavirgem.core.problems import Problem
from vlavirgem.core.reading import Refusal, read_data_file
from vlavirgem.core.records import portfolio_alone
from vlavirgem.core.schemas import check_schema

# below this much work one process is faster than starting a second
PARALLEL_MIN_FILES = 200
PARALLEL_MIN_BYTES = 2_000_000


class _NotRead:
    """The content of a job whose file was not read yet (see ``Job.signature``)."""


NOT_READ = _NotRead()


@dataclass(frozen=True)
class Job:
    """One file to check: where it is, how to show it, its kind, its bytes (a Refusal: not a
    regular file of the data folder, unreadable or too large; NOT_READ: not read yet), its POSIX
    path relative to the data root, the signature of its file's status (None: the bytes are not
    the file's) and the data root (a symbolic link is followed only to a file inside it)."""

    path: Path
    display: str
    kind: str | None
    content: bytes | _NotRead | Refusal
    relative: str
    signature: Signature | None = None
    root: str | None = None

    def read(self) -> Job:
        """The job with its file's bytes (if they were not read yet)."""
        if not isinstance(self.content, _NotRead):
            return self
        return replace(self, content=read_data_file(self.path, self.root))


# what identifies a file's state without reading it: size, mtime, ctime (which every write, rename
# or change of times sets to the present, and no one can set back), inode and device
Signature = tuple[int, int, int, int, int]


def signature_of(path: str) -> Signature | None:
    """The file's signature; None where it cannot be trusted (Windows: ctime is creation time) and
    for anything but a regular file (a symbolic link's target may change without the link)."""
    if os.name == "nt":
        return None
    try:
        status = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev)


def check_file(job: Job) -> LoadedFile:
    """Read one file and check it against its schema; every problem ends up in ``problems``."""
    job = job.read()
    if isinstance(job.content, bytes):
        loaded = load_bytes(job.path, job.content, job.display)
    else:  # not a regular file of the data folder, unreadable or too large
        loaded = refused(job.path, cast(Refusal, job.content), job.display)
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
        loaded.summary = portfolio_summary(loaded.data, loaded.problems)
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
        cache = FileCache(root, cache_folder, check_file) if cache_folder else None  # (its index too is many objects that live on)
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
