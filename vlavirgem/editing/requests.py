"""Turn a submitted issue form into the edit it asks for: ``vlavirgem request apply``.

Every answer is checked first, all of them in one pass, and each problem becomes a sentence in
Dutch for the person who filled in the form (the field's label, what is wrong, how to fix it, a
did-you-mean from ``queries.names``).  Only when every answer is usable does the request run the
same edit function as the command line (``membership.join``/``leave``, ``facts.use``/``adopt``/
``security``), with a new source in sources.yaml when the form describes one, and then the check
of ``validate``.  Nothing is written here: the caller shows the diff and writes, or posts the
problems as a comment.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from vlavirgem.core.model import Dataset, Government
from vlavirgem.core.problems import UsageError
from vlavirgem.editing import facts, membership
from vlavirgem.editing.changeset import Changeset, EditRefused
from vlavirgem.editing.fmt import arrange, node, schema_at
from vlavirgem.editing.preconditions import label, source_entry
from vlavirgem.editing.request_form import Answers
from vlavirgem.queries.names import fold, near_governments, near_ids, resolve_government, resolve_id

# what the forms' dropdowns say (Dutch, then the schema's value in brackets) or a person may type
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
URL = re.compile(r"^https?://\S+$")


@dataclass
class Outcome:
    """What a request did (``steps``, in the words of the edit commands) or what is wrong with it
    (``problems``: Dutch sentences, each naming the field)."""

    form: str
    steps: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class _Reader:
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
            self.fail(key, f"er is geen {noun} '{text.strip()}' in de gegevens.{_did_you_mean(near)}")
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
                self.fail(key, f"er is geen bestuur '{text.strip()}' in het register.{_did_you_mean(near)} "
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


def _did_you_mean(suggestions: list[str]) -> str:
    """' Bedoelt u 'X' of 'Y'?' (an id and a name that differ only in case count once)."""
    unique = list({fold(suggestion): suggestion for suggestion in reversed(suggestions)}.values())[::-1]
    if not unique:
        return ""
    return " Bedoelt u " + " of ".join(f"'{suggestion}'" for suggestion in unique) + "?"


# --------------------------------------------------------------------------------------- sources

def _slug(title: str) -> str:
    """An id for a new source: the title's words, lowercase and without accents, up to 60 letters."""
    words: list[str] = []
    for word in re.findall(r"[a-z0-9]+", fold(title)):
        if words and len("-".join([*words, word])) > 60:
            break
        words.append(word[:60])
    return "-".join(words) or "bron"


def _sources(reader: _Reader, changes: Changeset) -> list[str] | None:
    """The ids the request cites: an existing source, or a new one added to sources.yaml."""
    dataset = reader.dataset
    cited: list[str] = []
    ok = True
    for wanted in re.split(r"[\s,;]+", reader.text("source") or ""):
        if not wanted:
            continue
        if wanted in dataset.sources:
            cited.append(wanted)
        else:
            ok = False
            reader.fail("source", f"er is geen bron '{wanted}' in data/sources.yaml."
                                  f"{_did_you_mean(near_ids(dataset.sources, wanted))}")
    title = reader.text("source_title")
    if title is not None:
        url, publisher = reader.text("source_url", True), reader.text("source_publisher", True)
        if url is not None and not URL.match(url.strip()):
            reader.fail("source_url", f"'{url}' is geen webadres; het begint met https:// of http://.")
            ok = False
        if ok and url is not None and publisher is not None:
            cited.append(_new_source(dataset, changes, title.strip(), url.strip(), publisher.strip(),
                                     reader.text("source_licence")))
    elif not cited and ok:
        reader.problems.append("**Bron**: geef een bron op: de id van een bestaande bron uit data/sources.yaml, "
                               "of titel, webadres en uitgever van een nieuwe bron.")
    for key in ("source_url", "source_publisher", "source_licence"):
        if title is None and reader.answers.get(key) is not None:
            reader.fail("source_title", "u beschrijft een nieuwe bron maar geeft geen titel; vul de titel in.")
            break
    return cited if ok else None


def _new_source(dataset: Dataset, changes: Changeset, title: str, url: str, publisher: str,
                licence: str | None) -> str:
    """The id of the source with this url, or of a new entry added to sources.yaml."""
    for source_id in dataset.sources:
        if source_entry(dataset, source_id).get("url") == url:
            return source_id
    base = _slug(title)
    source_id, number = base, 2
    while source_id in dataset.sources:
        source_id, number = f"{base}-{number}", number + 1
    document = changes.document(changes.root / "sources.yaml")
    assert document is not None, "a dataset has a sources.yaml"
    entries = document.get("sources")
    position = next((index for index, key in enumerate(entries) if str(key) > source_id), len(entries))
    fields = {"title": title, "url": url, "publisher": publisher, "licence": licence.strip() if licence else None}
    entry = node({key: value for key, value in fields.items() if value})
    entries.insert(position, source_id, entry)
    arrange(entry, "sources", ("sources", source_id), changes.names)
    return source_id


# --------------------------------------------------------------------------------------- the forms

Edit = Callable[[list[str]], list[str]]  # the cited sources -> the steps done


def _membership(reader: _Reader, changes: Changeset) -> Edit | None:
    dataset = reader.dataset
    action = reader.text("action")
    joining = action is not None and "toe" in fold(action)
    if action is not None and not joining and "verla" not in fold(action):
        reader.fail("action", f"'{action}' is geen keuze van het formulier: kies toetreden of verlaten.")
    day = reader.day("date")
    government = reader.government("government", day)
    region = None
    if joining and reader.answers.get("region") is None:
        reader.fail("region", "bij toetreden is de kenniskring nodig; vul ze in.")
    elif joining:
        region = reader.record("region", dataset.regions, {r.id: r.name for r in dataset.regions.values()},
                               "kenniskring")
    only, note = reader.ticked("only"), reader.text("note")
    if reader.problems or government is None or day is None:
        return None
    if region is not None:
        return lambda cited: membership.join(dataset, changes, government, region, day, only=only,
                                             sources=cited, note=note)
    return lambda cited: membership.leave(dataset, changes, government, day, only=only, sources=cited)


def _software(reader: _Reader, changes: Changeset) -> Edit | None:
    dataset = reader.dataset
    day = reader.day("date")
    government = reader.government("government", day)
    product = reader.record("product", dataset.products, {p.id: p.name for p in dataset.products.values()},
                            "softwareproduct")
    status = reader.choice("status")
    hosting = reader.choice("hosting") if reader.answers.get("hosting") else None
    contract_end = reader.day("contract_end")
    fields = {"status": status, "hosting": hosting, "contract_end": contract_end,
              "evidence": reader.text("evidence"), "note": reader.text("note")}
    if reader.problems or government is None or day is None:
        return None
    return lambda cited: facts.use(changes, dataset, government, product, day, {**fields, "sources": cited})


def _block(reader: _Reader, changes: Changeset) -> Edit | None:
    dataset = reader.dataset
    day = reader.day("date")
    government = reader.government("government", day)
    block = reader.record("block", dataset.blocks, {b.id: b.name for b in dataset.blocks.values()}, "bouwsteen")
    status, evidence, note = reader.choice("status"), reader.text("evidence"), reader.text("note")
    if reader.problems or government is None or day is None or status is None:
        return None
    return lambda cited: facts.adopt(changes, dataset, government, block, status, day, evidence=evidence,
                                     sources=cited, note=note)


def _security(reader: _Reader, changes: Changeset) -> Edit | None:
    dataset = reader.dataset
    day = reader.day("date")
    government = reader.government("government", day)
    status, evidence, note = reader.choice("status"), reader.text("evidence"), reader.text("note")
    if reader.problems or government is None or day is None or status is None:
        return None
    return lambda cited: facts.security(changes, dataset, government, status, day, evidence=evidence,
                                        sources=cited, note=note)


FORM_EDITS = {"lidmaatschap": _membership, "software": _software, "bouwsteen": _block,
              "informatieveiligheid": _security}


def apply_request(dataset: Dataset, changes: Changeset, answers: Answers, today: date,
                  cache: Path | None = None) -> Outcome:
    """Check every answer, then make the edit in ``changes`` and check it as validate would."""
    outcome = Outcome(answers.form.name)
    reader = _Reader(dataset, answers)
    edit = FORM_EDITS[answers.form.name](reader, changes)
    cited = _sources(reader, changes)
    place = {f"**{field.label}**": index for index, field in enumerate(answers.form.fields)}
    outcome.problems = sorted(reader.problems, key=lambda problem: place.get(problem.split(":")[0], len(place)))
    if edit is None or cited is None or reader.problems:
        return outcome
    try:
        outcome.steps = edit(cited)
        changes.check(today, cache)
    except UsageError as error:
        outcome.problems.append(f"de wijziging kan zo niet: {error}.")
    except EditRefused as refused:
        outcome.problems.append("na de wijziging zou `vlavirgem validate` deze fouten melden; pas de aanvraag aan:")
        outcome.problems.extend(f"`{p.file}:{p.line}:{p.column}` [{p.code}] {p.message}" for p in refused.problems)
    return outcome


def comment(outcome: Outcome) -> str:
    """The Dutch comment that says what to fix (markdown, for the issue)."""
    lines = ["### De aanvraag kan nog niet verwerkt worden", "",
             "Er is niets gewijzigd. Pas de aanvraag aan met 'Edit' (Bewerken) bovenaan het issue; "
             "na het bewaren wordt ze opnieuw gecontroleerd.", ""]
    lines += [f"- {problem[0].upper()}{problem[1:]}" if not problem.startswith("**") else f"- {problem}"
              for problem in outcome.problems]
    return "\n".join(lines) + "\n"


def summary(outcome: Outcome, diff: str) -> str:
    """The Dutch description of the pull request that makes the change."""
    lines = ["### Wijziging uit een aanvraagformulier", "",
             f"Formulier: `{outcome.form}`. `vlavirgem request apply` heeft de aanvraag gecontroleerd "
             "en deze wijziging gemaakt; `vlavirgem validate` vindt er geen nieuwe fouten in.", ""]
    lines += [f"- {step}" for step in outcome.steps]
    lines += ["", "```diff", diff.rstrip("\n"), "```"]
    return "\n".join(lines) + "\n"

