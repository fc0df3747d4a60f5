"""The issue forms of ``.github/ISSUE_TEMPLATE/`` and reading an issue's body as GitHub renders one.

GitHub writes a submitted form as markdown: every field's label as a ``### `` heading, then the
answer (``_No response_`` for an optional field left empty; ``- [X] text`` for a ticked box).
``FORMS`` lists each form's fields by the label it shows; tests/test_requests.py checks that the
templates carry exactly these labels, so a label changed in one place and not the other fails.

Parsing only finds the answers; ``requests`` turns them into edits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NO_RESPONSE = "_No response_"
HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*#*[ \t]*$")
TICKED = re.compile(r"^\s*[-*]\s*\[[xX]\]\s*(.*)$")
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass(frozen=True)
class Field:
    """One field of a form: the key the code uses, the label the form shows, whether it is required."""

    key: str
    label: str
    required: bool = True


@dataclass(frozen=True)
class Form:
    """One issue form: its name (the template's file name without .yml) and its fields."""

    name: str
    title: str
    fields: tuple[Field, ...]

    def field(self, key: str) -> Field:
        return next(field for field in self.fields if field.key == key)


# asked on every form: an existing source, or what a new one needs (sources.schema.json: title, publisher)
SOURCE_FIELDS = (
    Field("source", "Bestaande bron (id uit data/sources.yaml)", required=False),
    Field("source_title", "Titel van een nieuwe bron", required=False),
    Field("source_url", "Webadres van de nieuwe bron", required=False),
    Field("source_publisher", "Uitgever van de nieuwe bron", required=False),
    Field("source_licence", "Licentie van de nieuwe bron", required=False),
)
NOTE = Field("note", "Toelichting", required=False)
GOVERNMENT = Field("government", "Bestuur")

FORMS = (
    Form("lidmaatschap", "Een bestuur treedt toe tot of verlaat een kenniskring", (
        Field("action", "Wat verandert er?"),
        GOVERNMENT,
        Field("region", "Kenniskring (bij toetreden)", required=False),
        Field("date", "Datum"),
        Field("only", "Alleen dit bestuur", required=False),
        *SOURCE_FIELDS, NOTE)),
    Form("software", "Software die een bestuur gebruikt", (
        GOVERNMENT,
        Field("product", "Softwareproduct"),
        Field("status", "Status van het gebruik"),
        Field("date", "Vanaf"),
        Field("hosting", "Hosting", required=False),
        Field("contract_end", "Einde van het contract", required=False),
        Field("evidence", "Bewijs", required=False),
        *SOURCE_FIELDS, NOTE)),
    Form("bouwsteen", "Een bestuur en een bouwsteen", (
        GOVERNMENT,
        Field("block", "Bouwsteen"),
        Field("status", "Status van de bouwsteen"),
        Field("date", "Vanaf"),
        Field("evidence", "Bewijs", required=False),
        *SOURCE_FIELDS, NOTE)),
    Form("informatieveiligheid", "Het informatieveiligheidsplan van een bestuur", (
        GOVERNMENT,
        Field("status", "Status van het informatieveiligheidsplan"),
        Field("date", "Vanaf"),
        Field("evidence", "Bewijs", required=False),
        *SOURCE_FIELDS, NOTE)),
)


@dataclass(frozen=True)
class Answers:
    """The form an issue body fills in and its answers by field key (None: left empty)."""

    form: Form
    values: dict[str, str | None]

    def get(self, key: str) -> str | None:
        return self.values.get(key)


class NotAForm(Exception):
    """The body is not one of the forms; the message says so in Dutch."""


def sections(body: str) -> dict[str, str]:
    """Heading -> the text under it, for every ``### `` heading of the body (comments removed)."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in COMMENT.sub("", body.replace("\r\n", "\n").replace("\r", "\n")).split("\n"):
        heading = HEADING.match(line)
        if heading:
            current = found.setdefault(heading.group(1).strip(), [])
        elif current is not None:
            current.append(line)
    return {heading: "\n".join(lines).strip() for heading, lines in found.items()}


def _answer(text: str) -> str | None:
    if not text or text == NO_RESPONSE:
        return None
    ticked = [match.group(1).strip() for line in text.split("\n") if (match := TICKED.match(line))]
    if re.match(r"^\s*[-*]\s*\[[ xX]\]", text):  # a checkbox field: its ticked boxes, or nothing
        return "\n".join(ticked) or None
    return text


def parse(body: str) -> Answers:
    """The answers of the form that ``body`` fills in (the form whose labels it carries most of)."""
    found = sections(body)
    if not found:
        raise NotAForm("Deze tekst heeft geen velden van een formulier (kopjes die met ### beginnen). "
                       "Open een nieuwe aanvraag met een van de formulieren.")
    scores = [(sum(field.label in found for field in form.fields), form) for form in FORMS]
    score, form = max(scores, key=lambda pair: pair[0])
    required = [field for field in form.fields if field.required]
    if score == 0 or sum(field.label in found for field in required) < len(required) / 2:
        names = ", ".join(f"'{form.title}'" for form in FORMS)
        raise NotAForm(f"Deze tekst volgt geen formulier dat vlavirgem kent. Gebruik een van deze formulieren: "
                       f"{names}.")
    return Answers(form, {field.key: _answer(found[field.label]) if field.label in found else None
                          for field in form.fields})
