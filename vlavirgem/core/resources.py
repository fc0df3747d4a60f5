"""Files that ship with the tool: the JSON Schemas and the site templates.

They live once, at the top of the repository (``schemas/``, ``site-templates/``); the wheel
carries copies inside the package, under ``vlavirgem/shipped/``.  An installed wheel finds its
copies, a source checkout or editable install finds the repository's folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # vlavirgem/, above core/


def resource_dir(name: str) -> Path:
    """The folder ``name`` (``schemas`` or ``site-templates``) that this installation uses."""
    for candidate in (_PACKAGE / "shipped" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"vlavirgem is installed without its {name}/ folder")
