"""The headings of ``vlavirgem --help``: commands grouped by what people do with them.

Typer groups commands under their ``rich_help_panel`` only when it formats help with rich, which
costs a third of the start-up time; this group does the same with click's plain formatter.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperGroup

ASK = "Ask"
REPORT = "Report"
EDIT = "Edit"
PUBLISH = "Publish"
PANELS = (ASK, REPORT, EDIT, PUBLISH)


class PanelGroup(TyperGroup):
    """A command group whose help lists its commands under the heading of their panel."""

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        listed = [(name, command) for name in sorted(self.list_commands(ctx))
                  if (command := self.get_command(ctx, name)) is not None and not command.hidden]
        if not listed:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in listed)
        panels = [*PANELS, *sorted({panel_of(c) for _, c in listed} - set(PANELS))]
        for panel in panels:
            rows = [(name, command.get_short_help_str(limit)) for name, command in listed
                    if panel_of(command) == panel]
            if rows:
                with formatter.section(panel):
                    formatter.write_dl(rows)


def panel_of(command: Any) -> str:
    """The heading a command is listed under; "Commands" for one that names none."""
    return getattr(command, "rich_help_panel", None) or "Commands"
