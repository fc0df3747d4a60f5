"""tijdlijn.html: the knowledge circles from 2015 to the day, computed from the records, with the
mergers and membership changes as events and the figures others reported as marked points apart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from vlavirgem.core.model import ReportedFigure
from vlavirgem.queries.reported import publisher_of
from vlavirgem.queries.timeline import Event, timeline
from vlavirgem.site import nl
from vlavirgem.site.chart import Chart, step_chart
from vlavirgem.site.context import SOURCES, Body, Gathering, Page
from vlavirgem.site.tables import Column, Table, table

PAGE = "tijdlijn.html"
SECTION = "tijdlijn"
FIRST_DAY = date(2015, 1, 1)  # where the register starts
SERIES = (("governments", "Besturen", "line-all"), ("members", "Lid van een kenniskring", "line-members"),
          ("unaffiliated", "In geen enkele kenniskring", "line-outside"))


@dataclass(frozen=True)
class TimelineBody(Body):
    """tijdlijn.html: the series, its chart, the events and the reported figures."""

    intro: str
    before: str  # what the records do not cover, and what is known of it
    chart: Chart
    legend: tuple[tuple[str, str], ...]  # (css class, label) of each line
    points: Table
    events: Table
    reported: Table


def qualified(figure: ReportedFigure) -> str:
    """The number as the publication gave it: "zo'n 54", "meer dan 60", "18 van 23"."""
    word = {"about": "zo'n ", "more-than": "meer dan ", "almost": "bijna "}.get(figure.approximation or "", "")
    total = f" van {figure.of_total:g}" if figure.of_total is not None else ""
    return f"{word}{figure.value:g}{total}"


def reported_date(text: str) -> str:
    """A date as precise as the publication: "10 december 2015", "februari 2016", "2022"."""
    parts = text.split("-")
    if len(parts) == 3:
        return nl.long_date(date.fromisoformat(text))
    if len(parts) == 2:
        return f"{nl.MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return text


def day_text(iso: str) -> str:
    return nl.long_date(date.fromisoformat(iso))


def event_text(event: Event) -> str:
    """An event in Dutch, from its fields (not from the English sentence of the command line)."""
    if event.kind == "merger":
        counts = {kind: (before, after) for kind, before, after in event.kinds}
        gemeenten, ocmws = counts.get("gemeente", (0, 0)), counts.get("ocmw", (0, 0))
        return (f"Fusies: {gemeenten[0]} gemeenten gaan op in {gemeenten[1]}, {ocmws[0]} OCMW's in {ocmws[1]}.")
    verb = {"joined": "sluiten aan bij", "moved": "verhuizen naar", "left": "verlaten"}[event.kind]
    shown = ", ".join(event.regions[:3]) + (f" en {len(event.regions) - 3} andere" if len(event.regions) > 3 else "")
    return f"{event.count} besturen {verb} {shown}."


def reported_figures_table(g: Gathering, path: str, figures: Sequence[ReportedFigure], table_id: str = "gemeld",
                           caption: str = "Gemeld door anderen (niet berekend door vlavirgem)") -> Table:
    """The figures others published (``queries.reported``), each with its publisher linked to its
    source: never added into a computed number."""
    rows = [{"date": f.date, "measure": f.measure, "value": qualified(f),
             "scope": g.dataset.provinces[f.scope].name if f.scope in g.dataset.provinces else "Vlaanderen",
             "publisher": publisher_of(g.dataset, f)[0], "source": f.sources[0], "quote": f.quote,
             "id": f.id} for f in figures]
    return table(path, table_id, caption, [
        Column("date", "Datum", text=reported_date), Column("measure", "Wat werd geteld"), Column("value", "Gemeld", numeric=True),
        Column("scope", "Gebied"), Column("publisher", "Gemeld door",
                                          link=lambda r: f"{SOURCES}#bron-{r['source']}"),
        Column("quote", "Citaat"), Column("id", "id", shown=False)], rows,
        empty="Niemand anders publiceerde hier cijfers over.")


def pages(g: Gathering) -> list[Page]:
    series = timeline(g.dataset, FIRST_DAY, g.on, "change")
    points = series.points
    # on the chart: the reported counts of governments in Flanders as a whole, on the chart's days
    figures = [f for f in series.reported
               if f.unit in ("besturen", "gemeenten") and f.scope == "flanders" and f.day >= FIRST_DAY]
    chart = step_chart(
        "Besturen in en buiten de kenniskringen", [p.day for p in points],
        [(label, css, [getattr(p, key) for p in points]) for key, label, css in SERIES],
        [(f.day, f.value,
          f"Gemeld door {publisher_of(g.dataset, f)[0]} ({reported_date(f.date)}): {f.measure}, {qualified(f)}")
         for f in figures])
    rows = [{"date": p.day.isoformat(), "governments": p.governments, "members": p.members,
             "unaffiliated": p.unaffiliated, "circles": p.circles} for p in points]
    point_table = table(PAGE, "verloop", "Berekend uit de gegevens, op elke datum waarop iets veranderde", [
        Column("date", "Datum", text=day_text), Column("governments", "Besturen", numeric=True),
        Column("members", "Lid van een kenniskring", numeric=True),
        Column("unaffiliated", "In geen kenniskring", numeric=True),
        Column("circles", "Kenniskringen met leden", numeric=True)], rows)
    event_rows = [{"date": e.day.isoformat(), "what": event_text(e), "kind": e.kind} for e in series.events]
    event_table = table(PAGE, "gebeurtenissen", "Fusies en wijzigingen in de kenniskringen", [
        Column("date", "Datum", text=day_text), Column("what", "Wat er gebeurde"),
        Column("kind", "soort", shown=False)], event_rows)
    reported_table = reported_figures_table(g, PAGE, series.reported)
    first = series.records_start
    intro = (f"Hoeveel besturen er waren, hoeveel er lid waren van een regionale kenniskring en hoeveel niet, "
             f"van {nl.long_date(FIRST_DAY)} tot {nl.long_date(g.on)}. Elk punt is berekend uit de gegevens "
             "van vlavirgem, zoals de pagina Niet aangesloten het voor één datum doet.")
    before = (f"De lidmaatschappen in de gegevens beginnen op {nl.long_date(first)}. Voor die datum tonen de "
              "gegevens geen enkel bestuur als lid: wat er toen bekend was, staat in de cijfers die V-ICT-OR en "
              "anderen publiceerden, hieronder en als ruiten op de grafiek. Die cijfers zijn nooit opgeteld bij "
              "wat vlavirgem berekent." if first else "De gegevens bevatten nog geen lidmaatschappen.")
    body = TimelineBody(intro, before, chart, tuple((css, label) for _, label, css in SERIES), point_table,
                        event_table, reported_table)
    return [Page(PAGE, "timeline.html", "Tijdlijn van de kenniskringen", SECTION, body,
                 description="De kenniskringen van 2015 tot vandaag: leden, besturen buiten een kenniskring, "
                             "fusies en wat anderen meldden.")]
