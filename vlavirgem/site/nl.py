"""Dutch words for the report site: labels of statuses, kinds and phases, dates, and the sentences
that the library's queries write in English (timelines, suggestions, notes), in Dutch.

The queries stay the single place that decides *what* is said; this module only says it in Dutch.
A sentence no pattern knows is shown as it is, so a new sentence in a query never breaks the site
(the site's tests check that the shipped and the synthetic data need no such fallback).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from vlavirgem.queries import scope

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")

KIND = {"gemeente": "gemeente", "ocmw": "OCMW"}
Words = dict[str | None, str]  # None: no record
SOFTWARE_STATUS: Words = {"planned": "gepland", "in-use": "in gebruik", "phasing-out": "wordt uitgefaseerd",
                          "retired": "niet meer in gebruik"}
ADOPTION_STATUS: Words = {"aware": "gekend", "planned": "gepland", "in-use": "in gebruik", "stopped": "gestopt",
                          None: "geen gegevens"}
PLAN_STATUS: Words = {"none": "geen plan", "in-preparation": "in voorbereiding", "adopted": "goedgekeurd",
                      "expired": "verlopen", "unknown": "onbekend"}
PHASE: Words = {"dissemination": "verspreiding", "adoption": "adoptie", "innovation": "innovatie",
                "standardisation": "standaardisatie"}
STEP = {"plan": "plan", "do": "do", "check": "check", "act": "act"}
TOPIC = {"existence": "bestaan", "merger": "fusie", "region": "regio", "reference-region": "referentieregio",
         "software": "software", "building-block": "bouwsteen", "security-plan": "informatieveiligheidsplan"}
CHANGE_KIND = {"merged": "fusie", "created": "nieuw bestuur", "joined": "aangesloten", "moved": "verhuisd",
               "left": "vertrokken", "new-software": "nieuwe software", "software-stopped": "software gestopt",
               "adoption": "bouwsteen", "security-plan-adopted": "veiligheidsplan goedgekeurd",
               "pdca-step": "PDCA-stap"}
HOSTING = {"on-premises": "eigen beheer", "vendor-hosted": "bij de leverancier", "saas": "SaaS"}
# the values of the OSLO standards register (status and category), as the register's own pages word them
STANDARD_STATUS = {"ErkendeStandaard": "erkende standaard", "KandidaatStandaard": "kandidaat-standaard",
                   "OntwerpStandaard": "ontwerpstandaard", "HerroepenStandaard": "herroepen standaard",
                   "NotaWerkgroep": "nota van de werkgroep", "ZonderStatus": "zonder status"}
STANDARD_CATEGORY = {"Applicatieprofiel": "applicatieprofiel", "Implementatiemodel": "implementatiemodel",
                     "Vocabularium": "vocabularium", "Interoperabiliteit": "interoperabiliteit",
                     "OrganisatorischeInteroperabiliteit": "organisatorische interoperabiliteit",
                     "TechnischeStandaard": "technische standaard"}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_IN_TEXT = re.compile(r"(?<![\w/.-])\d{4}-\d{2}-\d{2}(?![\w/-])")
_CAMEL_WORD = re.compile(r"(?<=[a-z])(?=[A-Z])")


NO_REGION = "(geen regio)"


def group_name(name: str) -> str:
    """The name of a group of a listing by region or province, in Dutch."""
    return NO_REGION if name == scope.NO_REGION else name


def long_date(day: date) -> str:
    """28 november 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def day_text(value: object) -> str:
    """A date for people (``1 december 2026``) from a date or an ISO date; any other value as it is."""
    if isinstance(value, date):
        return long_date(value)
    text = "" if value is None else str(value)
    if _ISO_DAY.fullmatch(text):
        try:
            return long_date(date.fromisoformat(text))
        except ValueError:
            return text
    return text


def dates_in(text: str) -> str:
    """A text with each ISO date in it (``gezien op 2023-09-14``) written for people (``gezien op
    14 september 2023``)."""
    return _ISO_IN_TEXT.sub(lambda m: day_text(m.group(0)), text) if "-" in text else text


def register_word(value: str | None, table: dict[str, str]) -> str:
    """A value of an outside register (``ErkendeStandaard``) as a person reads it: its label in
    ``table``, or else the value's words apart, in lower case (``Een nieuwe status`` is never shown
    as ``EenNieuweStatus``)."""
    if not value:
        return ""
    if value in table:
        return table[value]
    words = _CAMEL_WORD.split(value)
    return " ".join(words).lower() if len(words) > 1 else value


def standard_status(value: str | None) -> str:
    """``KandidaatStandaard`` -> ``kandidaat-standaard``."""
    return register_word(value, STANDARD_STATUS)


def standard_category(value: str | None) -> str:
    """``TechnischeStandaard`` -> ``technische standaard``."""
    return register_word(value, STANDARD_CATEGORY)


def status_word(value: str | None) -> str:
    """Any status the data knows (software, adoption, plan), in Dutch."""
    for table in (SOFTWARE_STATUS, ADOPTION_STATUS, PLAN_STATUS, PHASE):
        if value in table:
            return table[value]
    return value or ""


def pdca_word(value: str | None) -> str:
    """``adoption: do`` -> ``adoptie: do``."""
    if not value:
        return ""
    phase, _, step = value.partition(": ")
    return f"{PHASE.get(phase, phase)}: {STEP.get(step, step)}" if step else PHASE.get(phase, phase)


def _status(match: re.Match[str]) -> str:
    return f"{status_word(match['status'])}: {match['rest']}"


def _seen(match: re.Match[str]) -> str:
    return f"{status_word(match['status'])}: {match['name']} (gezien op {match['days']})"


ABOUT = {"this block": "deze bouwsteen", "any block": "enige bouwsteen"}

Rule = tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]
RULES: list[Rule] = [(re.compile(pattern), replacement) for pattern, replacement in (
    # register.timeline
    (r"^comes into being: merger of (?P<x>.+)$", lambda m: f"ontstaat uit de fusie van {listing(names(m['x']))}"),
    (r"^comes into being$", "ontstaat"),
    (r"^exists since before the register's first vintage \(2015\)$",
     "bestaat al vóór de eerste indeling van het register (2015)"),
    (r"^absorbs (?P<x>.+)$", lambda m: f"neemt {names(m['x'])} op"),
    (r"^last day; merged into (?P<x>.+)$", lambda m: f"laatste dag; gaat op in {names(m['x'])}"),
    (r"^last day$", "laatste dag"),
    (r"^member of (?P<x>.+)$", r"lid van \g<x>"),
    (r"^lies in reference region (?P<x>.+)$", lambda m: f"ligt in {names(m['x'])}"),
    (r"^(?P<status>[a-z-]+): (?P<name>.+) \(still listed on (?P<d>[0-9-]+), after the government's last day; "
     r"when its use began is not known\)$",
     lambda m: f"{status_word(m['status'])}: {m['name']} (nog vermeld op {m['d']}, na de laatste dag van het "
               "bestuur; wanneer het gebruik begon, is niet bekend)"),
    (r"^(?P<status>[a-z-]+): (?P<name>.+) \(seen (?P<days>[0-9, -]+)\)$", _seen),
    (r"^(?P<status>planned|in-use|phasing-out|retired|aware|stopped): (?P<rest>.+)$", _status),
    (r"^(?P<status>none|in-preparation|adopted|expired)$", lambda m: status_word(m["status"])),
    # suggest.suggest_regions
    (r"^its municipality (?P<x>.+) belongs to (?P<r>.+)$", lambda m: f"de gemeente {names(m['x'])} hoort bij {m['r']}"),
    (r"^it lies in reference region (?P<x>.+), which knowledge circle (?P<r>.+) follows$",
     r"ligt in \g<x>, de referentieregio die kenniskring \g<r> volgt"),
    (r"^it is member of (?P<r>.+) from (?P<d>[0-9-]+)$", r"is lid van \g<r> vanaf \g<d>"),
    (r"^it was member of (?P<r>.+) until (?P<d>[0-9-]+)$", r"was lid van \g<r> tot en met \g<d>"),
    (r"^(?P<n>\d+) of its (?P<m>\d+) neighbouring municipalities belong to (?P<r>.+?) \((?P<x>.+)\)$",
     lambda m: f"{m['n']} van de {m['m']} buurgemeenten horen bij {m['r']} ({names(m['x'])})"),
    (r"^its successor (?P<x>.+) belongs to (?P<r>.+)$", lambda m: f"de opvolger {names(m['x'])} hoort bij {m['r']}"),
    (r"^its predecessor (?P<x>.+) belongs to (?P<r>.+)$",
     lambda m: f"de voorganger {names(m['x'])} hoort bij {m['r']}"),
    (r"^no reference region, no membership on another date, no neighbour in a region and no successor "
     r"or predecessor in one$",
     "geen referentieregio, geen lidmaatschap op een andere datum, geen buurgemeente in een regio en geen "
     "opvolger of voorganger in een regio"),
    # queries.unaffiliated
    (r"^No memberships are recorded in this dataset\.$", "Er zijn geen lidmaatschappen vastgelegd."),
    (r"^(?P<d>[0-9-]+) lies before the first recorded membership \((?P<f>[0-9-]+)\): no region had members "
     r"yet\.$", r"\g<d> ligt vóór het eerste vastgelegde lidmaatschap (\g<f>): geen regio had toen leden."),
    (r"^(?P<p>.+): no membership is recorded for any government of this province\.$",
     r"\g<p>: voor geen enkel bestuur van deze provincie is een lidmaatschap vastgelegd."),
    (r"^(?P<p>.+): the first membership in this province starts on (?P<d>[0-9-]+); before that no region "
     r"covered it\.$",
     r"\g<p>: het eerste lidmaatschap in deze provincie begint op \g<d>; daarvoor dekte geen regio ze."),
    # adoption.adoption_notes
    (r"^No building-block adoptions of (?P<a>this block|any block) are recorded in this dataset\.$",
     lambda m: f"Er is geen adoptie van {ABOUT[m['a']]} vastgelegd."),
    (r"^(?P<d>[0-9-]+) lies before the first recorded adoption of (?P<a>this block|any block) "
     r"\((?P<f>[0-9-]+)\)\.$",
     lambda m: f"{m['d']} ligt vóór de eerste vastgelegde adoptie van {ABOUT[m['a']]} ({m['f']})."),
    (r"^No PDCA cycle steps for (?P<a>this block|any block) are recorded in this dataset\.$",
     lambda m: f"Er zijn geen PDCA-stappen voor {ABOUT[m['a']]} vastgelegd."),
    # security.security_notes
    (r"^No security-plan records in this dataset\.$", "Er zijn geen gegevens over informatieveiligheidsplannen."),
    (r"^(?P<d>[0-9-]+) lies before the first security-plan record \((?P<f>[0-9-]+)\)\.$",
     r"\g<d> ligt vóór het eerste gegeven over een informatieveiligheidsplan (\g<f>)."),
    # catalog.usage_notes
    (r"^No software use is recorded in this dataset\.$", "Er is geen softwaregebruik vastgelegd."),
    (r"^(?P<d>[0-9-]+) lies before the first known software use \((?P<f>[0-9-]+)\): nothing is known to be "
     r"in use yet\.$",
     r"\g<d> ligt vóór het eerste gekende softwaregebruik (\g<f>): er is nog niets gekend in gebruik."),
)]


_CODE_AFTER_NAME = re.compile(r" \((?:gemeente|ocmw)-\d{5}\)| \(REFREG\d+\)")


def names(text: str) -> str:
    """Names as the library writes them for a terminal, with their id or code (``Zwijndrecht
    (gemeente-11056)``, ``Regio Antwerpen (REFREG01)``), as a person reads them: the names alone
    (the ids are in the downloads and in the links)."""
    return _CODE_AFTER_NAME.sub("", text)


def listing(text: str) -> str:
    """``Beveren, Kruibeke, Zwijndrecht`` -> ``Beveren, Kruibeke en Zwijndrecht``."""
    head, comma, last = text.rpartition(", ")
    return f"{head} en {last}" if comma else text


def dutch(sentence: str) -> str:
    """A sentence of the library in Dutch, or the sentence itself when no rule knows it."""
    for pattern, replacement in RULES:
        match = pattern.match(sentence)
        if match:
            return dates_in(replacement(match) if callable(replacement) else match.expand(replacement))
    return dates_in(sentence)


def knows(sentence: str) -> bool:
    """Whether a rule translates the sentence (for the tests)."""
    return any(pattern.match(sentence) for pattern, _ in RULES)
