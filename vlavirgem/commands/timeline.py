"""``vlavirgem timeline`` and ``vlavirgem reported``: the circles over time, and what others reported."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from vlavirgem.commands.common import (
    DataOption,
    FormatOption,
    IncludeInternalOption,
    ListFormat,
    app,
    load,
    on_date,
    reports_usage_errors,
)
from vlavirgem.commands.panels import REPORT
from vlavirgem.core.problems import UsageError
from vlavirgem.core.wording import counted

if TYPE_CHECKING:
    from vlavirgem.core.model import Dataset, ReportedFigure


class Step(StrEnum):
    year = "year"
    change = "change"


def reported_row(dataset: Dataset, figure: ReportedFigure) -> dict[str, Any]:
    """A reported figure as a row (docs/json/reported.schema.json), with who published it and where."""
    from vlavirgem.queries.reported import publisher_of

    publisher, url = publisher_of(dataset, figure)
    return {"id": figure.id, "date": figure.date, "date_basis": figure.date_basis, "topic": figure.topic,
            "block": figure.block, "measure": figure.measure, "value": figure.value, "of_total": figure.of_total,
            "scope": figure.scope, "unit": figure.unit, "approximation": figure.approximation,
            "publisher": publisher, "url": url, "quote": figure.quote, "sources": list(figure.sources)}


REPORTED_COLUMNS = {"date": "Date", "measure": "Reported", "shown": "Value", "scope": "Scope",
                    "publisher": "Publisher"}


def for_people(row: dict[str, Any]) -> dict[str, Any]:
    """The value as a person reads it: "about 54", "more than 60", "18 of 23"."""
    qualifier = {"about": "about ", "more-than": "more than ", "almost": "almost "}.get(row["approximation"], "")
    value = f"{qualifier}{row['value']:g}"
    return {**row, "shown": value + (f" of {row['of_total']:g}" if row["of_total"] is not None else "")}


@app.command(rich_help_panel=REPORT)
@reports_usage_errors
def timeline(
    start: Annotated[str, typer.Option(
        "--from", metavar="DATE", help="First day of the series. Default: 2015-01-01, where the register starts.")
    ] = "2015-01-01",
    end: Annotated[str | None, typer.Option(
        "--to", metavar="DATE", help="Last day of the series. Default: today, or $VLAVIRGEM_TODAY.")] = None,
    by: Annotated[Step, typer.Option(
        "--by", help="A point on 1 January of every year (and on --to), or on every day something changed.")
    ] = Step.year,
    network: Annotated[str | None, typer.Option(
        "--network", "-n", help="Count the networks of this kind: kenniskring (the default), igs-wonen or "
                                "intergemeentelijke-vereniging.")] = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", "-k", help="Count only gemeenten or only OCMWs: gemeente or ocmw.")] = None,
    include_internal: IncludeInternalOption = False,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """The knowledge circles over time: governments, members, circles and governments in no circle.

    --network KIND counts another kind of network the same way: members of a network of that kind,
    networks with members, and governments in none (as `unaffiliated --network KIND` on each day).
    Only the mergers are events then, and the reported figures (about the circles) are left out.

    Each point is what `vlavirgem unaffiliated --on DAY` counts for that day. The mergers and the
    changes of membership between the points are listed as events. The figures V-ICT-OR and others
    published about the circles follow, marked as reported: they are never added into a point.
    csv prints the points; json one document with points, events, reported figures and notes
    (docs/json/timeline.schema.json).

    Examples:

        vlavirgem timeline --from 2020-01-01 --by change

        vlavirgem timeline --format json

        vlavirgem timeline -n igs-wonen --kind gemeente --from 2025-01-01
    """
    from vlavirgem.core.dates import parse_date
    from vlavirgem.output import Section, write_detail
    from vlavirgem.queries.networks import CIRCLE, resolve_network_kind
    from vlavirgem.queries.timeline import timeline as query

    first = parse_date(start, "--from")
    last = parse_date(end, "--to") if end else on_date(None)
    if first > last:
        raise UsageError(f"--from ({first}) lies after --to ({last})")
    dataset = load(data, include_internal=include_internal)
    from vlavirgem.queries.affiliation import resolve_kind

    kind_of_network = resolve_network_kind(network) if network else CIRCLE
    government_kind = resolve_kind(kind) if kind else None
    result = query(dataset, first, last, by.value, kind_of_network, government_kind)
    points = [{"date": p.day.isoformat(), "governments": p.governments, "members": p.members,
               "unaffiliated": p.unaffiliated, "circles": p.circles} for p in result.points]
    events = [{"date": e.day.isoformat(), "kind": e.kind, "count": e.count, "detail": e.detail}
              for e in result.events]
    reported = [reported_row(dataset, figure) for figure in result.reported]
    document = {"from": first.isoformat(), "to": last.isoformat(), "by": by.value, "network": kind_of_network,
                "kind": government_kind,
                "records_start": result.records_start.isoformat() if result.records_start else None,
                "points": points, "events": events, "reported": reported, "notes": list(result.notes)}
    sections = [
        Section("Computed from the records", points,
                {"date": "Date", "governments": "Governments", "members": "Members",
                 "unaffiliated": "In no circle" if kind_of_network == CIRCLE else "In none",
                 "circles": "Circles" if kind_of_network == CIRCLE else "Networks"}),
        Section("Events", events, {"date": "Date", "kind": "Kind", "detail": "Detail"}),
        Section("Reported by others (not computed; see the sources)", [for_people(r) for r in reported],
                REPORTED_COLUMNS),
    ]
    write_detail(document, {"records_start": "Records start"}, sections, fmt.value,
                 title=(f"Knowledge circles from {first} to {last}" if kind_of_network == CIRCLE
                        else f"Networks of kind {kind_of_network} from {first} to {last}"))
    if fmt is not ListFormat.json:
        for note in result.notes:
            typer.echo(note, err=fmt is ListFormat.csv)


@app.command(rich_help_panel=REPORT)
@reports_usage_errors
def reported(
    topic: Annotated[str | None, typer.Option(
        "--topic", metavar="TOPIC", help="Only this topic: knowledge-circles, building-block or "
                                         "information-security.")] = None,
    fmt: FormatOption = ListFormat.table,
    data: DataOption = None,
) -> None:
    """List the figures others reported about Flanders or a province, with their sources.

    V-ICT-OR, the Flemish government, Audit Vlaanderen, VVSG and the press published counts of
    knowledge circles and of governments outside them, of building-block use and of security
    audits. They are facts about a whole, not about one government: vlavirgem lists them apart and
    never adds them into what it computes (data/reported-figures.yaml).

    Examples:

        vlavirgem reported --topic information-security

        vlavirgem reported --format csv
    """
    from vlavirgem.output import write_rows
    from vlavirgem.queries.reported import reported_figures, resolve_topic

    dataset = load(data, include_internal=False)
    figures = reported_figures(dataset, resolve_topic(topic) if topic else None)
    rows = [reported_row(dataset, figure) for figure in figures]
    if fmt is ListFormat.csv:
        rows = [{**row, "sources": "; ".join(row["sources"])} for row in rows]
    if fmt is ListFormat.table:
        rows = [for_people(row) for row in rows]
    count = f"{counted(len(rows), 'reported figure')}."
    write_rows(rows, REPORTED_COLUMNS, fmt.value, title="Reported figures (not computed by vlavirgem)",
               footer=[count])
