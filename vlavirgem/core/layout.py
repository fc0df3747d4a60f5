"""Where each kind of file lives in a dataset, and how to find the dataset."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from vlavirgem.core.problems import UsageError

# folder (relative to the data root) -> kind of every *.yaml file directly in it
FOLDER_KINDS: dict[str, str] = {
    "governments": "governments",
    "regions": "region",
    "blocks": "block",
    "catalog/standards": "standard",
    "catalog/vendors": "vendor",
    "catalog/products": "product",
    "catalog/portfolios": "portfolio",
}
# networks other than the knowledge circles: one folder per network kind, networks/<kind>/<id>.yaml
# (a new kind gets a folder here and a value in common.schema.json's network_kind)
NETWORK_KINDS = ("igs-wonen", "intergemeentelijke-vereniging")
NETWORK_FOLDERS = {f"networks/{kind}": kind for kind in NETWORK_KINDS}
FOLDER_KINDS |= dict.fromkeys(NETWORK_FOLDERS, "network")
SOURCES_FILE = "sources.yaml"
# files directly in the data root -> their kind
ROOT_FILES: dict[str, str] = {SOURCES_FILE: "sources", "reference-regions.yaml": "reference-regions",
                              "network-kinds.yaml": "network-kinds", "reported-figures.yaml": "reported-figures"}
KINDS = tuple(dict.fromkeys((*ROOT_FILES.values(), *FOLDER_KINDS.values())))
# folders that hold no YAML records (boundaries for the map)
NON_RECORD_FOLDERS = ("geo",)
# in the data root, hidden and never data: the editors' lock, and the journal of an edit under way
# (vlavirgem/editing/lock.py and journal.py; validate reports a journal left by a crash)
LOCK_FILE = ".vlavirgem.lock"
JOURNAL_FILE = ".vlavirgem.journal"


def kind_of(path: Path, root: Path) -> str | None:
    """The kind of a data file from its place under ``root``, or None if it has no place."""
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(root))  # no file system calls
    return kind_at(Path(relative).as_posix())


def kind_at(relative: str) -> str | None:
    """The kind of a data file from its POSIX path relative to the data root, or None."""
    if relative == ".." or relative.startswith("../"):
        return None
    if relative in ROOT_FILES:
        return ROOT_FILES[relative]
    folder, _, name = relative.rpartition("/")
    if os.path.splitext(name)[1] != ".yaml":
        return None
    return FOLDER_KINDS.get(folder)


def dataset_files(root: Path) -> list[Path]:
    """Every YAML file of the dataset under ``root``, sorted, whether or not it has a known place."""
    return [root / relative for relative in dataset_relatives(root)]


def dataset_relatives(root: Path) -> list[str]:
    """The POSIX paths, relative to ``root``, of every YAML file of the dataset, in path order."""
    return scan_dataset(root).relatives


@dataclass(frozen=True)
class Scan:
    """What the walk of a data folder found: the YAML files (POSIX paths relative to the root, in
    path order, special files and symbolic links too: the reader refuses those) and the folders it
    could not enter, as (relative path, code, message)."""

    relatives: list[str]
    refused_folders: list[tuple[str, str, str]]


def scan_dataset(root: Path) -> Scan:
    """Walk the data folder.  A folder that cannot be read is noted, never skipped in silence, and
    a symbolic link to a folder is noted and not followed (what it holds is not the dataset's)."""
    found: list[str] = []
    refused: list[tuple[str, str, str]] = []
    top = os.fspath(root)

    def unreadable(error: OSError) -> None:
        where = os.path.relpath(error.filename or top, top).replace(os.sep, "/")
        refused.append((where, "unreadable-folder",
                        f"cannot read this folder: {error.strerror or error}; its files are not checked: "
                        "check its permissions"))

    for folder, subfolders, files in os.walk(top, onerror=unreadable):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        relative = os.path.relpath(folder, top).replace(os.sep, "/")
        if relative == ".":
            subfolders[:] = [d for d in subfolders if d not in NON_RECORD_FOLDERS]
            relative = ""
        for name in subfolders:
            if os.path.islink(os.path.join(folder, name)):
                refused.append((f"{relative}/{name}" if relative else name, "special-file",
                                "this is a symbolic link to a folder; it is not followed and its files "
                                "are not read: put the folder itself here"))
        found.extend(f"{relative}/{name}" if relative else name
                     for name in files if name.endswith((".yaml", ".yml")))
    return Scan(sorted(found, key=path_order), sorted(refused))


def path_order(relative: str) -> tuple[str, ...]:
    """Sort key putting relative POSIX paths in the order of their Path objects (part by part)."""
    return tuple(relative.split("/"))


def find_data_dir(explicit: str | None, cwd: Path | None = None) -> Path:
    """The dataset to work on: ``explicit`` (--data, else $VLAVIRGEM_DATA), else the repository's data/.

    The repository is the nearest folder, from the working directory upwards, that holds a
    ``data/sources.yaml`` or is a Git work tree with a ``data/`` folder.
    """
    chosen = explicit
    if chosen:
        path = Path(chosen).expanduser()
        if not path.is_dir():
            raise UsageError(f"the data folder {chosen} does not exist or is not a folder")
        return path
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "data"
        if (candidate / SOURCES_FILE).is_file() or ((folder / ".git").exists() and candidate.is_dir()):
            return candidate
    raise UsageError(
        "no dataset found: run inside a vlavirgem repository, or pass --data DIR "
        "(or set VLAVIRGEM_DATA)"
    )
