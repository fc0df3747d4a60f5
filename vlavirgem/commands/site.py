"""``vlavirgem site build``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vlavirgem.commands.common import (
    DataOption,
    OnOption,
    app,
    data_dir,
    on_date,
    reports_usage_errors,
    settings,
    sub_app,
)
from vlavirgem.commands.editing import reporting_os_errors
from vlavirgem.commands.panels import PUBLISH
from vlavirgem.core.wording import counted

if TYPE_CHECKING:
    from vlavirgem.core.model import Dataset
    from vlavirgem.core.problems import Problem

site_app = sub_app("The static report site: build it from the dataset (see docs/site.md).")
app.add_typer(site_app, name="site", rich_help_panel=PUBLISH)


@site_app.command("build")
@reports_usage_errors
def build(
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR",
                                      help="The folder to write the site to. Default: _site.")] = Path("_site"),
    on: OnOption = None,
    base_url: Annotated[str | None, typer.Option(
        "--base-url", metavar="URL",
        help="Where the site will be published, e.g. https://owner.github.io/repo/. Only used for "
             "canonical links and sitemap.xml; links between pages are relative either way.")] = None,
    repo_url: Annotated[str | None, typer.Option(
        "--repo-url", metavar="URL",
        help="The repository for 'edit on GitHub' links. Default: the git remote 'origin' of the data "
             "folder; without one the site has no edit links.")] = None,
    repo_branch: Annotated[str | None, typer.Option(
        "--repo-branch", metavar="BRANCH",
        help="The branch the edit links open. Default: the remote's default branch, or main.")] = None,
    allow_invalid: Annotated[bool, typer.Option(
        "--allow-invalid",
        help="Build a preview from data with errors, leaving out every record that has one. Without it "
             "a build of data with errors fails (exit 1).")] = False,
    data: DataOption = None,
) -> None:
    """Build the static report site (HTML, CSV, JSON) as of the date.

    Renders every page from site-templates/ into --out: the state of affairs, the map of
    Flanders, every region, government, building block, vendor, product and standard, the
    unaffiliated governments and the sources with their licences. Internal records and personal
    data are left out. The site works offline and from disk: open DIR/index.html. The same data
    and date give the same bytes. An --out folder that holds something other than an earlier
    build is refused.

    The site is built from valid data only: when `vlavirgem validate` finds errors the build
    stops with exit 1 and writes nothing. --allow-invalid builds a preview all the same, without
    every record that an error lies in (and what belongs to or points at it).

    Examples:

    \b
        vlavirgem site build
        vlavirgem site build --out public --on 2021-06-01 --repo-url https://github.com/owner/repo
        vlavirgem site build --out /tmp/preview --allow-invalid

    \b
    $ vlavirgem site build --out /tmp/site
    home, security, sources, search: 4 pages
    maps: 20 pages
    regions: 17 pages
    governments: 655 pages
    networks: 333 pages
    timeline, changes and dated views: 105 pages
    building blocks: 19 pages
    catalogue and standards: 270 pages
    writing 5959 files to /tmp/site
    Built 1423 pages in /tmp/site; open /tmp/site/index.html
    """
    from vlavirgem.core.problems import UsageError
    from vlavirgem.site.build import build_site
    from vlavirgem.site.urls import SAFE_SCHEMES, repository_from_git, scheme

    for option, value in (("--base-url", base_url), ("--repo-url", repo_url)):
        if value is not None and scheme(value) not in SAFE_SCHEMES:
            raise UsageError(f"{option} must be an http:// or https:// address, not '{value}'")
    day = on_date(on)
    folder = data_dir(data)
    dataset, errors = checked(folder, allow_invalid)
    repository = repository_from_git(folder, repo_url, repo_branch)
    with reporting_os_errors("the site"):
        built = build_site(dataset, folder, out, day, repository=repository, base_url=base_url,
                           cache=settings().cache, progress=lambda line: typer.echo(line, err=True),
                           leave_out=errors)
    typer.echo(f"Built {counted(built.pages, 'page')} in {out}; open {out / 'index.html'}", err=True)


def checked(folder: Path, allow_invalid: bool) -> tuple[Dataset, list[Problem]]:
    """The dataset and its errors, as `vlavirgem validate` finds them; data with errors ends the
    command (exit 1) unless ``allow_invalid``, which only warns."""
    from vlavirgem.core.validation import validate

    dataset, report = validate(folder, settings().today(), cache=settings().cache)
    errors = [problem for problem in report.problems if problem.is_error]
    if not errors:
        return dataset, errors
    files = len({problem.file for problem in errors})
    if not allow_invalid:
        typer.echo(f"Error: the data has {counted(len(errors), 'error')} in {counted(files, 'file')}; the site is built from "
                   "valid data only. Run `vlavirgem validate` to see them and fix them, or build a preview "
                   "with --allow-invalid (it leaves out every record that has an error).", err=True)
        raise typer.Exit(1)
    typer.echo(f"Warning: preview of data with {counted(len(errors), 'error')} in {counted(files, 'file')}: every record "
               "that has an error is left out. Run `vlavirgem validate` to see them.", err=True)
    return dataset, errors
