"""Where each kind of file lives in a dataset, and how to find the dataset."""

from __future__ import annotations

import os
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
SOURCES_FILE = "sources.yaml"
# files directly in the data root -> their kind
ROOT_FILES: dict[str, str] = {SOURCES_FILE: "sources", "reference-regions.yaml": "reference-regions",
                              "reported-figures.yaml": "reported-figures"}
KINDS = (*ROOT_FILES.values(), *FOLDER_KINDS.values())
# folders that hold no YAML records (boundaries for the map)
NON_RECORD_FOLDERS = ("geo",)


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
    found: list[str] = []
    top = os.fspath(root)
    for folder, subfolders, files in os.walk(top):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        relative = os.path.relpath(folder, top).replace(os.sep, "/")
        if relative == ".":
            subfolders[:] = [d for d in subfolders if d not in NON_RECORD_FOLDERS]
            relative = ""
        found.extend(f"{relative}/{name}" if relative else name
                     for name in files if name.endswith((".yaml", ".yml")))
    return sorted(found, key=path_order)


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
