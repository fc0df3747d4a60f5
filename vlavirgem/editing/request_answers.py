"""Read the answers of a submitted form one by one, noting each problem in Dutch and reading on.

A problem names the field by its label, says what is wrong and how to fix it, with a
did-you-mean from ``queries.names``; a date may be written JJJJ-MM-DD or DD/MM/JJJJ (as people in
Flanders write it); a choice may be the form's Dutch words or the schema's value.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from vlavirgem.core.model import Dataset, Government
from vlavirgem.core.problems import UsageError
from vlavirgem.core.schemas import schema_at
from vlavirgem.editing.preconditions import label
from vlavirgem.editing.request_form import Answers
from vlavirgem.queries.names import fold, near_governments, near_ids, resolve_government, resolve_id

WORDS = {
    "gepland": "planned", "in gebruik": "in-use", "wordt afgebouwd": "phasing-out",
    "niet meer in gebruik": "retired", "kent de bouwsteen": "aware", "gestopt": "stopped",
    "geen plan": "none", "in voorbereiding": "in-preparation", "goedgekeurd": "adopted", "verlopen": "expired",
    "eigen servers": "on-premises", "bij de leverancier": "vendor-hosted", "gedeelde dienst": "shared-service",
}
# the schema's enum behind each choice of a form: (file kind, path)
CHOICES = {
    ("software", "status"): ("portfolio", ("software", 0, "status")),
    ("software", "hosting"): ("portfolio", ("software", 0, "hosting")),
    ("bouwsteen", "status"): ("portfolio", ("building_blocks", 0, "status")),
    ("informatieveiligheid", "status"): ("portfolio", ("security_plan", 0, "status")),
}
DAY_MONTH_YEAR = re.compile(r"^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$")


class AnswerReader:
    """Reads the answers one by one; each problem is noted and reading goes on."""

    def __init__(self, dataset: Dataset, answers: Answers) -> None:
        self.dataset, self.answers = dataset, answers
        self.problems: list[str] = []

    def fail(self, key: str, message: str) -> None:
        self.problems.append(f"**{self.answers.form.field(key).label}**: {message}")

    def text(self, key: str, required: bool | None = None) -> str | None:
        value = self.answers.get(key)
        needed = self.answers.form.field(key).required if required is None else required
        if value is None and needed:
            self.fail(key, "dit veld is leeg; vul het in.")
        return value

    def day(self, key: str, required: bool | None = None) -> date | None:
        text = self.text(key, required)
        if text is None:
            return None
        written = text.strip()
        parts = DAY_MONTH_YEAR.match(written)
        try:
            if parts:
                return date(int(parts.group(3)), int(parts.group(2)), int(parts.group(1)))
            return date.fromisoformat(written)
        except ValueError:
            self.fail(key, f"'{written}' is geen geldige datum. Schrijf de datum als JJJJ-MM-DD "
                           "(bijvoorbeeld 2026-01-01) of DD/MM/JJJJ (01/01/2026).")
            return None

    def choice(self, key: str) -> str | None:
        text = self.text(key)
        if text is None:
            return None
        kind, path = CHOICES[(self.answers.form.name, key)]
        allowed = [str(value) for value in schema_at(kind, path).get("enum", ())]
        bracket = re.search(r"\(([^()]+)\)\s*$", text)
        wanted = (bracket.group(1) if bracket else text).strip()
        wanted = WORDS.get(fold(wanted), wanted)
        if wanted in allowed:
            return wanted
        self.fail(key, f"'{text}' is geen van de mogelijke waarden. Kies een van: {', '.join(allowed)}.")
        return None

    def record(self, key: str, pool: dict[str, Any], names: dict[str, str], noun: str) -> Any:
        text = self.text(key)
        if text is None:
            return None
        try:
            return resolve_id(pool, text.strip(), noun, names)
        except UsageError:
            near = near_ids(pool, text.strip(), names)
            self.fail(key, f"er is geen {noun} '{text.strip()}' in de gegevens.{did_you_mean(near)}")
            return None

    def government(self, key: str, day: date | None) -> Government | None:
        text = self.text(key)
        if text is None:
            return None
        try:
            found = resolve_government(self.dataset, text, day)
        except UsageError as error:
            words = fold(text).split(" ", 1)
            kind = "ocmw" if words[0] == "ocmw" and len(words) == 2 else "gemeente"
            bare = text.split(None, 1)[1] if len(words) == 2 and words[0] in ("ocmw", "gemeente", "stad") else text
            if str(error).startswith("no "):
                near = near_governments(self.dataset, bare.strip(), kind)
                self.fail(key, f"er is geen bestuur '{text.strip()}' in het register.{did_you_mean(near)} "
                               "Schrijf de naam zoals in het register, de NIS-code of de id (gemeente-44083); "
                               "'OCMW Deinze' voor het OCMW.")
            else:
                self.fail(key, f"de naam '{text.strip()}' past bij meer dan één bestuur ({error}). "
                               "Geef de id of de NIS-code.")
            return None
        if day is not None and not found.valid_on(day):
            end = found.validity.end
            if end is not None and day > end:
                successor = f" Het is opgegaan in {label(self.dataset, found.successor)}: vul dat bestuur in." \
                    if found.successor else ""
                self.fail(key, f"{label(self.dataset, found.id)} bestaat niet meer op {day}; "
                               f"de laatste dag was {end}.{successor}")
            else:
                self.fail(key, f"{label(self.dataset, found.id)} bestaat pas vanaf {found.validity.start}.")
            return None
        return found

    def ticked(self, key: str) -> bool:
        return self.answers.get(key) is not None


def did_you_mean(suggestions: list[str]) -> str:
    """' Bedoelt u 'X' of 'Y'?' (an id and a name that differ only in case count once)."""
    unique = list({fold(suggestion): suggestion for suggestion in reversed(suggestions)}.values())[::-1]
    if not unique:
        return ""
    return " Bedoelt u " + " of ".join(f"'{suggestion}'" for suggestion in unique) + "?"


# --------------------------------------------------------------------------------------- sources
