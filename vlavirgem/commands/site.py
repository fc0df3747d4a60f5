"""``vlavirgem site build``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vlavirgem.commands.common import (
    DataOption,
    OnOption,
    app,
    data_dir,
    load,
    on_date,
    reports_usage_errors,
    settings,
    sub_app,
)
from vlavirgem.commands.panels import PUBLISH
from vlavirgem.core.wording import counted

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
    data: DataOption = None,
) -> None:
    """Build the static report site (HTML, CSV, JSON) as of the date.

    Renders every page from site-templates/ into --out: the state of affairs, the map of
    Flanders, every region, government, building block, vendor, product and standard, the
    unaffiliated governments and the sources with their licences. Internal records and personal
    data are left out. The site works offline and from disk: open DIR/index.html. The same data
    and date give the same bytes. An --out folder that holds something other than an earlier
    build is refused.

    Examples:

    \b
        vlavirgem site build
        vlavirgem site build --out public --on 2021-06-01 --repo-url https://github.com/owner/repo

    \b
    $ vlavirgem site build --out /tmp/site
    home, security, sources, search: 4 pages
    maps: 20 pages
    regions: 17 pages
    governments: 655 pages
    building blocks: 19 pages
    catalogue and standards: 275 pages
    writing 3050 files to /tmp/site
    Built 990 pages in /tmp/site; open /tmp/site/index.html
    """
    from vlavirgem.site.build import build_site
    from vlavirgem.site.urls import repository_from_git

    day = on_date(on)
    dataset = load(data)
    folder = data_dir(data)
    repository = repository_from_git(folder, repo_url, repo_branch)
    built = build_site(dataset, folder, out, day, repository=repository, base_url=base_url, cache=settings().cache,
                       progress=lambda line: typer.echo(line, err=True))
    typer.echo(f"Built {counted(built.pages, 'page')} in {out}; open {out / 'index.html'}", err=True)
