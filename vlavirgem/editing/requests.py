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

from vlavirgem.core.model import Dataset
from vlavirgem.core.problems import UsageError
from vlavirgem.editing import facts, membership
from vlavirgem.editing.changeset import Changeset, EditRefused
from vlavirgem.editing.preconditions import source_entry
from vlavirgem.editing.request_answers import AnswerReader, did_you_mean
from vlavirgem.editing.request_form import Answers
from vlavirgem.editing.sources import add_source
from vlavirgem.queries.names import fold, near_ids

URL = re.compile(r"^https?://\S+$")


@dataclass
class Outcome:
    """What a request did (``steps``, in the words of the edit commands) or what is wrong with it
    (``problems``: Dutch sentences, each naming the field)."""

    form: str
    steps: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _slug(title: str) -> str:
    """An id for a new source: the title's words, lowercase and without accents, up to 60 letters."""
    words: list[str] = []
    for word in re.findall(r"[a-z0-9]+", fold(title)):
        if words and len("-".join([*words, word])) > 60:
            break
        words.append(word[:60])
    return "-".join(words) or "bron"


def _sources(reader: AnswerReader, changes: Changeset) -> list[str] | None:
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
                                  f"{did_you_mean(near_ids(dataset.sources, wanted))}")
    title = reader.text("source_title")
    described = [key for key in ("source_url", "source_publisher", "source_licence") if reader.answers.get(key)]
    if title is not None:
        url, publisher = reader.text("source_url", True), reader.text("source_publisher", True)
        if url is not None and not URL.match(url.strip()):
            reader.fail("source_url", f"'{url}' is geen webadres; het begint met https:// of http://.")
            ok = False
        if not (changes.root / "sources.yaml").is_file():
            reader.problems.append("**Bron**: de gegevens hebben geen data/sources.yaml om de nieuwe bron in te zetten.")
            ok = False
        if ok and url is not None and publisher is not None:
            try:
                cited.append(_new_source(dataset, changes, title.strip(), url.strip(), publisher.strip(),
                                         reader.text("source_licence")))
            except UsageError as error:  # a field the schema of a source does not allow
                reader.fail("source_title", f"de nieuwe bron kan zo niet in data/sources.yaml: {error}.")
                ok = False
    elif described:
        reader.fail("source_title", "u beschrijft een nieuwe bron maar geeft geen titel; vul de titel in.")
    elif not cited and ok:
        reader.problems.append("**Bron**: geef een bron op: de id van een bestaande bron uit data/sources.yaml, "
                               "of titel, webadres en uitgever van een nieuwe bron.")
    return cited if ok else None


# sources.schema.json requires the terms of every source; a request that names none says so (it only adds facts)
LICENCE_NOT_GIVEN = "Onbekend: niet opgegeven in de aanvraag. Overgenomen: alleen feiten, met bronvermelding."


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
    fields = {"title": title, "url": url, "publisher": publisher,
              "licence": licence.strip() if licence and licence.strip() else LICENCE_NOT_GIVEN}
    add_source(changes, dataset, source_id, fields)  # the one writer of sources.yaml, as `source add`
    return source_id


# --------------------------------------------------------------------------------------- the forms

Edit = Callable[[list[str]], list[str]]  # the cited sources -> the steps done


def _membership(reader: AnswerReader, changes: Changeset) -> Edit | None:
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


def _software(reader: AnswerReader, changes: Changeset) -> Edit | None:
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


def _block(reader: AnswerReader, changes: Changeset) -> Edit | None:
    dataset = reader.dataset
    day = reader.day("date")
    government = reader.government("government", day)
    block = reader.record("block", dataset.blocks, {b.id: b.name for b in dataset.blocks.values()}, "bouwsteen")
    status, evidence, note = reader.choice("status"), reader.text("evidence"), reader.text("note")
    if reader.problems or government is None or day is None or status is None:
        return None
    return lambda cited: facts.adopt(changes, dataset, government, block, status, day, evidence=evidence,
                                     sources=cited, note=note)


def _security(reader: AnswerReader, changes: Changeset) -> Edit | None:
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
    reader = AnswerReader(dataset, answers)
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
        outcome.problems.append(f"de wijziging kan zo niet: {str(error).rstrip('.')}.")
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

