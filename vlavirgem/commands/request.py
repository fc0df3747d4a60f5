"""``vlavirgem request apply``: make the change that a submitted issue form asks for."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from vlavirgem.commands.common import DataOption, app, reports_usage_errors, settings, sub_app
from vlavirgem.commands.editing import DryRunOption, open_edit, refusing, shown_path, writes_dataset
from vlavirgem.commands.panels import EDIT

request_app = sub_app("Change the data as an issue form asks (the forms of .github/ISSUE_TEMPLATE/).")
app.add_typer(request_app, name="request", rich_help_panel=EDIT)


def _write(path: Path | None, text: str) -> None:
    if path is not None:
        path.write_text(text, encoding="utf-8")


@request_app.command("apply")
@reports_usage_errors
@writes_dataset
def apply(
    body: Annotated[str, typer.Argument(
        metavar="FILE", help="The issue's body, as GitHub renders a form (markdown, ### headings); - for stdin.")],
    dry_run: DryRunOption = False,
    comment_file: Annotated[Path | None, typer.Option(
        "--comment", metavar="FILE", help="When the request cannot be applied, write the Dutch comment here.")] = None,
    summary_file: Annotated[Path | None, typer.Option(
        "--summary", metavar="FILE", help="When it is applied, write the Dutch pull-request text here.")] = None,
    data: DataOption = None,
) -> None:
    """Apply an issue form: a membership, a software use, a building block or a security plan.

    Reads the form's answers, finds the government, region, product or block by name (with a
    did-you-mean), makes the change with the same edit as join, leave, use, adopt and security
    set (a new source described in the form is added to sources.yaml), and checks it as validate
    would. Prints the steps and the diff; writes unless --dry-run. When an answer is wrong it
    writes nothing, prints (or writes to --comment FILE) a Dutch comment saying what to fix, and
    exits 1. The workflow .github/workflows/request.yml runs it on labelled issues.

    Examples:

    \b
        vlavirgem request apply docs/examples/aanvraag-lidmaatschap.md --dry-run
        gh issue view 12 --json body --jq .body | vlavirgem request apply - --comment c.md
    """
    from vlavirgem.editing.request_form import NotAForm, parse
    from vlavirgem.editing.requests import Outcome, apply_request, comment, summary

    if body == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(body).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise typer.BadParameter(f"cannot read {body}: {error}", param_hint="FILE") from None
    dataset, changes = open_edit(data, dry_run)
    try:
        answers = parse(text)
    except NotAForm as error:
        outcome = Outcome("?", problems=[str(error)])
    else:
        outcome = apply_request(dataset, changes, answers, settings().today(), settings().cache)
    if outcome.problems:
        message = comment(outcome)
        _write(comment_file, message)
        typer.echo(message, nl=False, err=True)
        if comment_file is not None:
            typer.echo(f"The request cannot be applied; the comment is in {comment_file}.", err=True)
        raise typer.Exit(1)
    for step in outcome.steps:
        typer.echo(step)
    diff = changes.diff()
    typer.echo(diff, nl=False)
    _write(summary_file, summary(outcome, diff))
    if not diff:
        typer.echo("No file changes: the data already says this.", err=True)
    elif dry_run:
        typer.echo("Dry run: nothing was written.", err=True)
    else:
        with refusing():
            written = changes.write()
        typer.echo(f"Wrote {', '.join(shown_path(path) for path in written)}.", err=True)
