"""Put the files of a dataset in the canonical layout (``fmt.py``): what ``vlavirgem fmt`` does.

Most files are canonical already; each is first compared with the canonical text of its data as
the fast loader reads it, and only a file that differs takes the slower round trip that keeps its
comments.  A file that cannot be read becomes a problem; files in no known place are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.error import MarkedYAMLError, YAMLError

from vlavirgem.core.layout import FOLDER_KINDS, dataset_files, kind_of, scan_dataset
from vlavirgem.core.loader import LoadedFile, display_path, existing_position, load_bytes, load_file
from vlavirgem.core.problems import Problem
from vlavirgem.core.schemas import check_schema
from vlavirgem.editing.changeset import Change
from vlavirgem.editing.fmt import canonical_text, format_text

REGISTER = next(folder for folder, kind in FOLDER_KINDS.items() if kind == "governments")


@dataclass
class Reformat:
    """The files that change, the files that could not be read, the files left alone."""

    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    checked: int = 0


def government_names(root: Path) -> dict[str, str]:
    """Government id -> name, from the register files (what the name comments say)."""
    names: dict[str, str] = {}
    for path in sorted((root / REGISTER).glob("*.yaml")):
        data = load_file(path, root=root).data
        records = data.get("governments") if isinstance(data, dict) else None
        for record in records if isinstance(records, list) else []:  # (a broken register names nobody)
            if isinstance(record, dict) and isinstance(record.get("id"), str) and isinstance(record.get("name"), str):
                names[record["id"]] = record["name"]
    return names


def files_under(root: Path, paths: list[Path] | None) -> list[Path]:
    """The YAML files named or inside the folders named (default: the whole dataset)."""
    if not paths:
        return dataset_files(root)
    found: list[Path] = []
    for path in paths:
        found.extend(dataset_files(path) if path.is_dir() else [path])
    return sorted(set(found))


def folder_problems(root: Path, paths: list[Path] | None) -> list[Problem]:
    """The folders among those to format that cannot be read or are symbolic links (not followed)."""
    return [Problem(display_path(folder / where), 1, 1, code, message)
            for folder in ([path for path in paths if path.is_dir()] if paths else [root])
            for where, code, message in scan_dataset(folder).refused_folders]


def reformat(root: Path, paths: list[Path] | None = None) -> Reformat:
    """What formatting the files would change (nothing is written).

    A file with an error (a value its schema rejects, a number too long to read) is formatted only
    when the formatted text has none (a loose date such as 2021-3-5 is repaired); otherwise its
    problems are reported and it is left alone, so the layout never walks data that breaks the
    schema and never rewrites a file it does not understand."""
    names = government_names(root)
    result = Reformat(problems=folder_problems(root, paths))
    for path in files_under(root, paths):
        kind = kind_of(path, root)
        if kind is None:
            result.skipped.append(path)
            continue
        loaded = load_file(path, root=root)
        result.checked += 1
        if loaded.data is None:
            result.problems.extend(loaded.problems)
            continue
        errors = _errors(loaded, kind)
        # the bytes that were parsed: a file changed meanwhile is caught when it is written
        text = (loaded.source if loaded.source is not None else path.read_bytes()).decode("utf-8")
        if not errors and isinstance(loaded.data, dict) and canonical_text(loaded.data, kind, names) == text:
            continue
        try:
            formatted = format_text(text, kind, names)
        except MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, column = existing_position(text, mark.line + 1, mark.column + 1) if mark else (1, 1)
            result.problems.extend(errors or [Problem(loaded.display, line, column, "yaml-syntax",
                                                      f"cannot format this file: {error.problem or error}")])
            continue
        except (YAMLError, ValueError) as error:  # (ValueError: a value that the round trip cannot build)
            result.problems.extend(errors or [Problem(loaded.display, 1, 1, "yaml-syntax",
                                                      f"cannot format this file: {error}")])
            continue
        if errors and _errors(load_bytes(path, formatted.encode("utf-8"), loaded.display), kind):
            result.problems.extend(errors)  # formatting cannot repair it: say why, and leave it
            continue
        if formatted != text:
            result.changes.append(Change(path, text.encode("utf-8"), formatted.encode("utf-8")))
    return result


def _errors(loaded: LoadedFile, kind: str) -> list[Problem]:
    """The errors of a parsed file: the loader's and its schema's."""
    return [p for p in (*loaded.problems, *check_schema(loaded, kind)) if p.is_error]
