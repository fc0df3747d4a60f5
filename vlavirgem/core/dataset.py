"""Load a whole data folder: read every file, check it against its schema, build the records.

Records whose part of a file broke the schema are left out of the Dataset (their ids are noted
as known, so that they cause no second wave of "unknown id" problems); everything else is built,
so one bad record never hides the problems of the others.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import cast

from vlavirgem.core.filecheck import NOT_READ, Job, check_files, signature_of
from vlavirgem.core.layout import kind_at, path_order, scan_dataset
from vlavirgem.core.loader import display_path
from vlavirgem.core.model import (
    Dataset,
)
from vlavirgem.core.problems import Problem
from vlavirgem.core.records import FileRecords, note_unknowable

MULTI_RECORD_KINDS = ("sources", "reference-regions", "governments", "network-kinds", "reported-figures")


def load_dataset(root: Path, overrides: Mapping[Path, bytes | None] | None = None,
                 cache: Path | None = None) -> tuple[Dataset, list[Problem]]:
    """Every file under ``root`` read, schema-checked and turned into records, with its problems.

    ``overrides`` maps paths to the bytes to use instead of the file's (None: as if deleted), so an
    edit can be checked before anything is written.  With ``cache`` (the user's cache
    folder, ``Settings.cache``), the results of unchanged files are reused from it and new ones kept.
    """
    # plain strings rather than Path objects: at thousands of files, Path arithmetic is what costs
    top = os.path.abspath(root)
    changed = {os.path.abspath(path): content for path, content in (overrides or {}).items()}
    scan = scan_dataset(root)
    relatives = {os.path.join(top, relative): relative for relative in scan.relatives}
    relatives |= {path: Path(os.path.relpath(path, top)).as_posix() for path, content in changed.items()
                  if content is not None and path not in relatives}
    shown_top = display_path(Path(top))
    jobs = [
        Job(Path(path), _shown(shown_top, relative), kind_at(relative), cast(bytes, changed[path]), relative,
            root=top)
        if path in changed else  # (read only when the cache does not know the file's signature)
        Job(Path(path), _shown(shown_top, relative), kind_at(relative), NOT_READ, relative,
            signature_of(path) if cache else None, top)
        for path, relative in sorted(relatives.items(), key=lambda item: path_order(item[1]))
        if not (path in changed and changed[path] is None)
    ]
    dataset = Dataset()
    problems = [Problem(_shown(shown_top, where), 1, 1, code, message) for where, code, message in scan.refused_folders]
    for job, loaded in zip(jobs, check_files(jobs, root, cache), strict=True):
        dataset.files[loaded.display] = loaded
        problems.extend(loaded.problems)
        if job.kind is None:
            continue
        note_unknowable(dataset, job.kind, loaded)
        if loaded.summary is not None or isinstance(loaded.data, dict):  # (a summary is made of a mapping)
            # a value the loader refused (an alias, a tag) is as unusable as one that broke the schema
            FileRecords(dataset, loaded, loaded.problems).add(job.kind)
        elif job.kind not in MULTI_RECORD_KINDS:
            # a one-record file that cannot be read still defines the id its name gives
            dataset.broken_ids.add(job.path.stem)
    return dataset, problems


def _shown(shown_top: str, relative: str) -> str:
    """How to show a file of the dataset: as ``display_path`` would, without asking the OS."""
    if shown_top == ".":
        return os.path.normpath(relative)
    return os.path.normpath(os.path.join(shown_top, relative))
