"""Apply municipal mergers to the data: ``vlavirgem merge apply MERGERS.csv``.

The file has the columns of the reference list ``mergers.csv``: old_nis, old_name, new_nis,
new_name, effective_date (one row per predecessor).  For each merger, and for the gemeente and the
OCMW alike:

- the predecessors end on the day before (valid_until) and name their successor; a predecessor
  whose NIS code the new municipality keeps (Antwerpen absorbing Borsbeek) is the successor and
  goes on;
- a successor that does not exist yet is created in the province file of the predecessor that
  lies in its arrondissement (NIS code), with that arrondissement, the name of the file and the
  cited sources (KBO and OVO numbers are not in the file: add them when known);
- memberships of regions and the places in reference regions end with the predecessors, and the
  successor joins the region they shared (predecessors in different regions: a human decides);
- software use and building-block adoptions that ran past the merger end with the predecessors
  and carry over to the successor from the merger date (with the status, and the domain, hosting,
  contract end and standards the predecessors agree on; not the url, which shows a predecessor's own
  use); security plans end and do not carry over.

Applying the same file twice changes nothing: every step looks at what the data already says.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from vlavirgem.core.model import Dataset, Government, Membership
from vlavirgem.core.problems import UsageError
from vlavirgem.core.wording import plural
from vlavirgem.editing.changeset import Changeset, Record
from vlavirgem.editing.preconditions import label
from vlavirgem.queries.affiliation import KINDS

DAY = timedelta(days=1)
COLUMNS = ("old_nis", "old_name", "new_nis", "new_name", "effective_date")
CARRIED_USE = ("planned", "in-use", "phasing-out")
CARRIED_ADOPTION = ("aware", "planned", "in-use")
# what a carried software use keeps (not url or evidence: they show the predecessor's own use)
USE_FIELDS = ("domain", "hosting", "contract_end", "standards")


@dataclass(frozen=True)
class Merger:
    """One new municipality: its NIS code, name, first day and predecessors (NIS code, name)."""

    new_nis: str
    new_name: str
    effective: date
    predecessors: tuple[tuple[str, str], ...]


@dataclass
class MergeReport:
    """What applying the mergers did, and what it left for a person to decide."""

    done: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)


def read_mergers(path: Path) -> list[Merger]:
    """The mergers in a CSV file, grouped by new municipality; a bad row is a UsageError naming it."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [column for column in COLUMNS if column not in (reader.fieldnames or ())]
            if missing:
                raise UsageError(f"{path}: the header lacks the {plural(len(missing), 'column')} {', '.join(missing)}; "
                                 f"expected {','.join(COLUMNS)}")
            rows = list(enumerate(reader, start=2))
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read {path}: {error}") from None
    groups: dict[str, list[tuple[int, dict[str, str]]]] = defaultdict(list)
    errors = [message for number, row in rows for message in _row_errors(path, number, row)]
    for number, row in rows:
        groups[row["new_nis"].strip()].append((number, row))
    for new_nis, members in groups.items():
        if len({(r["new_name"].strip(), r["effective_date"].strip()) for _, r in members}) > 1:
            errors.append(f"{path}:{members[0][0]}: the rows of {new_nis} disagree on new_name or effective_date")
    if errors:
        raise UsageError("; ".join(errors))
    return [Merger(new_nis, members[0][1]["new_name"].strip(), date.fromisoformat(members[0][1]["effective_date"].strip()),
                   tuple((r["old_nis"].strip(), r["old_name"].strip()) for _, r in members))
            for new_nis, members in sorted(groups.items(), key=lambda item: (item[1][0][1]["effective_date"], item[0]))]


def _row_errors(path: Path, number: int, row: dict[str, str]) -> list[str]:
    errors = []
    for column in ("old_nis", "new_nis"):
        if not re.fullmatch(r"[0-9]{5}", (row.get(column) or "").strip()):
            errors.append(f"{path}:{number}: {column} '{row.get(column)}' is not a five-digit NIS code")
    try:
        date.fromisoformat((row.get("effective_date") or "").strip())
    except ValueError:
        errors.append(f"{path}:{number}: effective_date '{row.get('effective_date')}' is not a date (YYYY-MM-DD)")
    if not (row.get("new_name") or "").strip():
        errors.append(f"{path}:{number}: new_name is empty")
    return errors


def apply_mergers(dataset: Dataset, changes: Changeset, mergers: Sequence[Merger], sources: Sequence[str]) -> MergeReport:
    """Apply every merger to the documents of ``changes`` (nothing is written here)."""
    report = MergeReport()
    for merger in mergers:
        for kind in KINDS:
            _Apply(dataset, changes, merger, kind, list(sources), report).run()
    return report


class _Apply:
    """One merger for one kind of government."""

    def __init__(self, dataset: Dataset, changes: Changeset, merger: Merger, kind: str, sources: list[str],
                 report: MergeReport) -> None:
        self.dataset, self.changes, self.merger, self.kind = dataset, changes, merger, kind
        self.sources, self.report = sources, report
        self.day, self.last = merger.effective, merger.effective - DAY
        self.successor = f"{kind}-{merger.new_nis}"
        self.what = f"{merger.new_name} ({self.successor}, {self.day})"

    def run(self) -> None:
        predecessors = []
        for nis, name in self.merger.predecessors:
            government = self.dataset.governments.get(f"{self.kind}-{nis}")
            if government is None:
                self.report.decisions.append(f"{self.what}: the predecessor {self.kind}-{nis} ({name}) is not in "
                                             "the register; add it, or correct the file")
                return
            predecessors.append(government)
        if not self._successor(predecessors):
            return
        ending = [g for g in predecessors if g.id != self.successor and self._end(g)]
        self._memberships(predecessors, ending)
        if self.kind == "gemeente":
            self._territory(predecessors, ending)
        self._portfolios(ending)

    # -- the register -------------------------------------------------------------------------------------

    def _successor(self, predecessors: list[Government]) -> bool:
        existing = self.dataset.governments.get(self.successor)
        if existing is not None:
            continuing = any(g.id == existing.id for g in predecessors)
            if not continuing and existing.validity.start != self.day:
                self.report.decisions.append(f"{self.what}: {label(self.dataset, existing.id)} exists already, "
                                             f"valid from {existing.validity.start}; check its valid_from")
            return True
        home = [g for g in predecessors if g.nis[:2] == self.merger.new_nis[:2]]
        if not home:
            self.report.decisions.append(f"{self.what}: no predecessor lies in the arrondissement of "
                                         f"{self.merger.new_nis}, so its province file is unknown; add it by hand")
            return False
        model = home[0]
        province = self.changes.record(self.dataset, self.dataset.provinces[model.province].where)
        self.changes.names[self.successor] = self.merger.new_name
        self.changes.append(province, "governments", {
            "id": self.successor, "kind": self.kind, "nis": self.merger.new_nis, "name": self.merger.new_name,
            "arrondissement": dict(model.raw["arrondissement"]), "valid_from": self.day, "sources": self.sources})
        self.report.done.append(f"created {self.successor} ({self.merger.new_name}) from {self.day} "
                                f"in {Path(model.where.file).name}")
        return True

    def _end(self, government: Government) -> bool:
        """End a predecessor on the day before; False when it ended otherwise (a human looks)."""
        end, successor = government.validity.end, government.successor
        if (end, successor) == (self.last, self.successor):
            return True
        if end is not None or successor is not None:
            self.report.decisions.append(f"{self.what}: {label(self.dataset, government.id)} already ends on {end} "
                                         f"with successor {successor}; left as it is")
            return False
        record = self.changes.record(self.dataset, government.where)
        record.put("valid_until", self.last)
        record.put("successor", self.successor)
        self.report.done.append(f"{label(self.dataset, government.id)} ends on {self.last}, "
                                f"succeeded by {self.successor}")
        return True

    # -- memberships and territory --------------------------------------------------------------------------

    def _memberships(self, predecessors: list[Government], ending: list[Government]) -> None:
        for government in ending:
            for member in self.dataset.memberships_of(government.id):
                self._close(member, f"membership of {member.region}")
        regions = {m.region: m for g in predecessors for m in self.dataset.memberships_of(g.id)
                   if m.interval.contains(self.last)}
        running = any(m.interval.contains(self.day) and m.interval.start and m.interval.start <= self.day
                      for m in self.dataset.memberships_of(self.successor))
        self._carry_place(regions, running, "region", lambda region: self.changes.record(
            self.dataset, self.dataset.regions[region].where), "members")

    def _territory(self, predecessors: list[Government], ending: list[Government]) -> None:
        parts = [p for r in self.dataset.reference_regions.values() for p in r.territory]
        for government in ending:
            for part in (p for p in parts if p.government == government.id):
                self._close(part, f"place in reference region {part.region}")
        places = {p.region: p for p in parts if p.interval.contains(self.last)
                  and p.government in {g.id for g in predecessors}}
        running = any(p.government == self.successor and p.interval.contains(self.day) for p in parts)
        self._carry_place(places, running, "reference region", lambda code: self.changes.record(
            self.dataset, self.dataset.reference_regions[code].where), "territory")

    def _close(self, member: Membership, noun: str) -> None:
        start, end = member.interval.start, member.interval.end
        if end is not None and end <= self.last:
            return
        if start is not None and start > self.last:
            self.report.decisions.append(f"{self.what}: the {noun} of {label(self.dataset, member.government)} "
                                         f"starts on {start}, after the merger; move it to {self.successor} by hand")
            return
        self.changes.record(self.dataset, member.where).put("until", self.last)
        self.report.done.append(f"{label(self.dataset, member.government)}: {noun} ends on {self.last}")

    def _carry_place(self, places: dict[str, Membership], running: bool, noun: str, parent: Any, key: str) -> None:
        if running or not places:
            return
        if len(places) > 1:
            where = "; ".join(f"{label(self.dataset, m.government)} in {region}" for region, m in sorted(places.items()))
            command = (f"vlavirgem join {self.successor} REGION --from {self.day}" if noun == "region"
                       else f"add {self.successor} to the territory of one reference region")
            self.report.decisions.append(f"{self.what}: the predecessors were in different {noun}s on {self.last} "
                                         f"({where}); decide which, then: {command}")
            return
        [region] = places
        self.changes.append(parent(region), key, {"government": self.successor, "from": self.day,
                                                  "sources": self.sources})
        self.report.done.append(f"{self.successor} joins {noun} {region} from {self.day}")

    # -- portfolios ---------------------------------------------------------------------------------------

    def _portfolios(self, ending: list[Government]) -> None:
        carried: dict[tuple[str, str], dict[str, Any]] = {}
        for government in ending:
            portfolio = self.dataset.portfolios.get(government.id)
            if portfolio is None:
                continue
            for use in portfolio.software:
                if self._close_fact(use, government, f"use of {use.product}") and use.status in CARRIED_USE:
                    fields = {name: use.raw[name] for name in USE_FIELDS if name in use.raw}
                    self._collect(carried, ("software", use.product), {"product": use.product, "status": use.status,
                                                                       **fields})
            for adoption in portfolio.building_blocks:
                if self._close_fact(adoption, government, f"adoption of {adoption.block}") \
                        and adoption.status in CARRIED_ADOPTION:
                    self._collect(carried, ("building_blocks", adoption.block),
                                  {"block": adoption.block, "status": adoption.status})
            for status in portfolio.security_plan:
                self._close_fact(status, government, "security-plan status")
        if carried:
            self._carry_facts(carried)

    def _close_fact(self, record: Any, government: Government, noun: str) -> bool:
        """End a fact that runs past the merger; True when it did (and so it carries over)."""
        end = record.interval.end
        if end is not None and end <= self.last:
            return False
        start = record.interval.start
        if start is not None and start > self.last:
            self.report.decisions.append(f"{self.what}: the {noun} of {label(self.dataset, government.id)} starts "
                                         f"on {start}, after the merger; move it to {self.successor} by hand")
            return False
        self.changes.record(self.dataset, record.where).put("until", self.last)
        self.report.done.append(f"{label(self.dataset, government.id)}: {noun} ends on {self.last}")
        return True

    def _collect(self, carried: dict[tuple[str, str], dict[str, Any]], key: tuple[str, str],
                 fields: dict[str, Any]) -> None:
        known = carried.get(key)
        if known is None:
            carried[key] = fields
        elif known["status"] != fields["status"]:
            self.report.decisions.append(f"{self.what}: the predecessors disagree on the status of {key[1]} "
                                         f"({known['status']} and {fields['status']}); {known['status']} is carried "
                                         "over: correct it if needed")
        else:  # the same status: keep what they agree on
            carried[key] = {name: value for name, value in known.items() if fields.get(name) == value}

    def _carry_facts(self, carried: dict[tuple[str, str], dict[str, Any]]) -> None:
        from vlavirgem.editing.facts import portfolio

        successor = self.dataset.governments.get(self.successor)
        known = self.dataset.portfolios.get(self.successor)
        target = portfolio(self.changes, self.dataset, successor) if successor else self._new_portfolio()
        for (key, thing), fields in sorted(carried.items()):
            records = getattr(known, key, ()) if known else ()
            if any(getattr(r, "product", getattr(r, "block", None)) == thing and _span(r).contains(self.day)
                   for r in records):
                continue
            self.changes.append(target, key, {**fields, "from": self.day, "sources": self.sources})
            self.report.done.append(f"{self.successor}: {key.replace('_', ' ')} {thing} ({fields['status']}) "
                                    f"carried over from {self.day}")

    def _new_portfolio(self) -> Record:
        from vlavirgem.editing.facts import PORTFOLIOS

        record = self.changes.document(self.changes.root / PORTFOLIOS / f"{self.successor}.yaml",
                                       new={"government": self.successor})
        assert record is not None
        return record


def _span(record: Any) -> Any:
    return getattr(record, "known_span", None) or record.interval
