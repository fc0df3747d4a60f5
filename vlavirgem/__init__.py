"""vlavirgem: who cooperates with whom among Flemish local governments, and with what.

The layers, top to bottom (imports run downward only; pyproject.toml states it as import-linter
contracts, and docs/architecture.md walks through it):

- ``cli`` and ``commands/``: the Typer app; ``output`` and ``table``: what the terminal shows.
- ``site/`` (the report site) and ``editing/`` (every write to the data), over ``export/``.
- ``queries/``: pure functions over a Dataset and a date.
- ``core/``: read and check a data folder into a frozen model.
"""

__version__ = "0.1.0"
