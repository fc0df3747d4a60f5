"""The wording of a source's terms in data/sources.yaml (used by build_data.py and build_networks.py).

Every source has a ``licence``: the licence as the source states it, or, where it states none (or none was
checked), "Onbekend" with what the dataset reuses from it, so that a reader knows the terms either way.
"""
from __future__ import annotations

NO_LICENCE_FILE = "geen licentiebestand in de root van de repository"
NOT_RECORDED = "bij het raadplegen is geen licentie vastgelegd"
NOT_CHECKED = "de licentie is niet nagegaan"
FACTS = "alleen feiten"
CHECK_ONLY = "niets (alleen ter controle gelezen)"


def unknown(why: str, reused: str = FACTS) -> str:
    """The licence field of a source whose terms are not known: why not, and what the dataset takes from it."""
    taken = reused if reused.startswith("niets") else f"{reused}, met bronvermelding; geen tekst of code"
    return f"Onbekend: {why}. Overgenomen: {taken}."
