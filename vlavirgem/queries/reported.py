"""The figures others reported (data/reported-figures.yaml): facts about Flanders or a province as a
whole, listed apart from what vlavirgem computes and never added into a computed number."""

from __future__ import annotations

import difflib

from vlavirgem.core.model import Dataset, ReportedFigure
from vlavirgem.core.problems import UsageError
from vlavirgem.queries.names import fold

TOPICS = ("knowledge-circles", "building-block", "information-security")


def resolve_topic(wanted: str) -> str:
    """A topic from its name, case- and accent-insensitive, or a UsageError with a did-you-mean."""
    topic = fold(wanted).replace(" ", "-")
    if topic in TOPICS:
        return topic
    close = difflib.get_close_matches(topic, TOPICS, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise UsageError(f"there is no topic '{wanted}'{hint}; choose one of: {', '.join(TOPICS)}")


def reported_figures(dataset: Dataset, topic: str | None = None, block: str | None = None) -> list[ReportedFigure]:
    """The reported figures, oldest first; only those of ``topic`` (and of ``block``) when given."""
    return sorted((f for f in dataset.reported.values()
                   if (topic is None or f.topic == topic) and (block is None or f.block == block)),
                  key=lambda f: (f.day, f.date, f.id))


def publisher_of(dataset: Dataset, figure: ReportedFigure) -> tuple[str, str | None]:
    """Who published a figure and where: the publisher and url of its first source."""
    for source_id in figure.sources:
        where = dataset.sources.get(source_id)
        if where is not None:
            entry = dataset.files[where.file].data["sources"][source_id]
            return str(entry.get("publisher", "")), entry.get("url")
    return "", None
