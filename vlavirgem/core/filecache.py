"""The per-file results of a dataset kept in the user's cache folder (see ``filecheck``).

The cache is read back as data, never trusted as code or as truth: a file of the cache that was
corrupted, crafted or written by another build must be a miss, never a traceback, and can never
hide a problem of the data or invent one.  So:

- every file the cache writes carries a keyed hash (BLAKE2b, the key 32 random bytes in ``key``
  beside the index, readable by its owner alone); a file whose hash does not match is not read;
- every entry of the index must have the exact shape ``put`` writes (``valid_entry``), or it is
  dropped; an entry is used only for a file of the same kind whose content has the same hash, or
  whose status (``Signature``) is the one its bytes were hashed with.

Someone who can write the cache folder can also read its key: the cache guards against damage,
stale results and files put there by others, not against its owner.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vlavirgem import __version__
from vlavirgem.core.loader import LoadedFile
from vlavirgem.core.problems import Problem
from vlavirgem.core.reading import MAX_FILE_BYTES, read_data_file
from vlavirgem.core.schemas import schema_digest

if TYPE_CHECKING:
    from vlavirgem.core.filecheck import Job

# a signature is trusted only for a file whose last change was this long before its bytes were
# hashed: a file changed twice within the file system's timestamp granularity keeps its signature
RACY_NS = 2_000_000_000
# kinds whose data is kept apart and read only when asked for (validating needs their summary only)
LAZY_KINDS = ("portfolio",)
_UNREAD = object()
_MAC_BYTES = 32
_KEY_BYTES = 32
# the largest cache file read (an index holds the data of every small file of a dataset)
MAX_CACHE_BYTES = 1 << 31
_DIGEST = re.compile(r"[0-9a-f]{32}")


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


def valid_entry(key: Any, entry: Any) -> bool:
    """Whether an index entry has the shape ``FileCache.put`` writes, field by field:
    (content hash, kind, data, problems, cited sources, summary, signature, when it was hashed)."""
    if not (isinstance(key, str) and isinstance(entry, tuple) and len(entry) == 8):
        return False
    digest, kind, _, problems, cited, summary, signature, hashed_at = entry
    return (isinstance(digest, str) and _DIGEST.fullmatch(digest) is not None
            and (kind is None or isinstance(kind, str))
            and isinstance(problems, list) and all(map(_valid_problem, problems))
            and isinstance(cited, frozenset) and all(isinstance(source, str) for source in cited)
            and (summary is None or isinstance(summary, dict))
            and (signature is None or (isinstance(signature, tuple) and len(signature) == 5
                                       and all(type(part) is int for part in signature)))
            and type(hashed_at) is int)


def _valid_problem(problem: Any) -> bool:
    """(line, column, code, message, severity, pointer), as ``Problem`` takes them after the file."""
    return (isinstance(problem, tuple) and len(problem) == 6
            and type(problem[0]) is int and type(problem[1]) is int
            and all(isinstance(part, str) for part in problem[2:])
            and problem[4] in ("error", "warning"))


class FileCache:
    """Per-file results of one dataset: an index in one file of the user's cache folder, and the
    data of the large files (portfolios) apart, one file per content hash, read when needed."""

    def __init__(self, root: Path, folder: Path, recheck: Callable[[Job], LoadedFile]) -> None:
        self.root = root
        name = hashlib.blake2b(str(root.resolve()).encode(), digest_size=8).hexdigest()
        self.path = folder / f"files-{name}.marshal"
        self.data_folder = folder / "data"
        self.recheck = recheck  # (for the data of a lazy file gone from the cache)
        self.stamp = (__version__, _code_digest(), schema_digest(), MAX_FILE_BYTES)
        self.entries: dict[str, tuple[Any, ...]] = {}
        self.used: set[str] = set()
        self.dirty = False
        self.key = _key(folder)
        loaded = self._load(self.path)
        if isinstance(loaded, tuple) and len(loaded) == 2 and isinstance(loaded[1], dict):
            stamp, entries = loaded
            if isinstance(stamp, tuple) and stamp == self.stamp:
                self.entries = {key: entry for key, entry in entries.items() if valid_entry(key, entry)}
                self.dirty = len(self.entries) != len(entries)

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
        data = self._load(self.data_folder / f"{digest}.marshal")
        if not isinstance(data, dict):  # gone from the cache, or not what was written: read the file again
            return self.recheck(job).data
        return data

    def put(self, job: Job, digest: str | None, loaded: LoadedFile) -> None:
        if digest is None or self.key is None:
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
        if (not self.dirty and not stale) or self.key is None:
            return
        for key in stale:
            del self.entries[key]
        self._write(self.path, marshal.dumps((self.stamp, self.entries)))

    def _mac(self, payload: bytes) -> bytes:
        assert self.key is not None
        return hashlib.blake2b(payload, key=self.key, digest_size=_MAC_BYTES).digest()

    def _load(self, path: Path) -> Any:
        """What a cache file holds, if it bears this cache's keyed hash; else None."""
        if self.key is None:
            return None
        raw = _read(path, MAX_CACHE_BYTES)
        if raw is None:
            return None
        mac, payload = raw[:_MAC_BYTES], raw[_MAC_BYTES:]
        if not hmac.compare_digest(mac, self._mac(payload)):
            return None
        try:
            return marshal.loads(payload)
        except (ValueError, EOFError, TypeError):
            return None

    def _write(self, path: Path, payload: bytes) -> None:
        """Write atomically, with the keyed hash in front; a cache that cannot be written is only slower."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
                handle.write(self._mac(payload) + payload)
            os.replace(handle.name, path)
        except (OSError, ValueError):
            pass


def _key(folder: Path) -> bytes | None:
    """The cache folder's secret key, made on first use (None: it can be neither read nor made,
    and then nothing is read from the cache or written to it).  Two runs that make one at once
    each use the key they read back; the loser's files are only misses for the other."""
    path = folder / "key"
    key = _read(path, _KEY_BYTES)
    if key is not None and len(key) == _KEY_BYTES:
        return key
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")  # (readable by its owner alone)
        with os.fdopen(handle, "wb") as stream:
            stream.write(os.urandom(_KEY_BYTES))
        os.replace(temporary, path)  # (a missing or damaged key is replaced: every old file becomes a miss)
    except OSError:
        return None
    key = _read(path, _KEY_BYTES)
    return key if key is not None and len(key) == _KEY_BYTES else None


def _read(path: Path, limit: int) -> bytes | None:
    """A cache file's bytes: only a regular file, read without blocking and with a bound."""
    content = read_data_file(path, limit=limit)
    return content if isinstance(content, bytes) else None
