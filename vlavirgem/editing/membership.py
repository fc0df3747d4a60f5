"""Join and leave a region: close the running membership, open the new one.

A municipality and its OCMW move together unless ``only`` is asked: naming either one moves both
(the other only when it exists on the date).  ``leave`` takes the last day of the membership,
which is what ``until`` holds; ``join`` closes a running membership in another region on the day
before.  A membership joined between recorded ones ends the day before the next one starts, and
one joined by a government that later merged ends on its last day.

The functions change round-trip documents in a Changeset and return what they did, one line per
step; the caller shows the diff, checks the edit with ``validate`` and writes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from vlavirgem.core.model import Dataset, Government, Region
from vlavirgem.core.problems import UsageError
from vlavirgem.editing.changeset import Changeset
from vlavirgem.editing.preconditions import label, require_existing

DAY = timedelta(days=1)


def partners(dataset: Dataset, government: Government, day: date, only: bool) -> list[Government]:
    """The government and, unless ``only``, its municipality or OCMW (same NIS code) on ``day``."""
    found = [government]
    if not only:
        other = "ocmw" if government.kind == "gemeente" else "gemeente"
        partner = dataset.governments.get(f"{other}-{government.nis}")
        if partner is not None and partner.valid_on(day):
            found.append(partner)
    return found


def join(dataset: Dataset, changes: Changeset, government: Government, region: Region, start: date, *,
         only: bool = False, sources: Sequence[str] = (), note: str | None = None) -> list[str]:
    """Make ``government`` (and its partner) a member of ``region`` from ``start``."""
    require_existing(dataset, government, start, "join its successor instead")
    steps: list[str] = []
    for member in partners(dataset, government, start, only):
        steps.extend(_join_one(dataset, changes, member, region, start, sources, note))
    return steps


def _join_one(dataset: Dataset, changes: Changeset, government: Government, region: Region, start: date,
              sources: Sequence[str], note: str | None) -> list[str]:
    who = label(dataset, government.id)
    memberships = dataset.memberships_of(government.id)
    steps = []
    for running in (m for m in memberships if m.interval.contains(start)):
        if running.region == region.id:
            return [f"{who} is already a member of {region.id} on {start} (since {running.interval.start}): "
                    "nothing to do"]
        if running.interval.start == start:
            raise UsageError(f"{who} already joins {running.region} on {start}; correct that membership "
                             f"in {running.where.file} instead")
        changes.record(dataset, running.where).put("until", start - DAY)
        steps.append(f"{who} leaves {running.region} after {start - DAY}")
    later = [m.interval.start - DAY for m in memberships if m.interval.start and m.interval.start > start]
    until = min([*later, *([government.validity.end] if government.validity.end else [])], default=None)
    document = changes.record(dataset, region.where)
    changes.append(document, "members", {"government": government.id, "from": start, "until": until,
                                         "sources": list(sources) or None, "note": note})
    ending = ""
    if until is not None:
        why = "its last day" if until == government.validity.end else "a later membership starts the day after"
        ending = f" until {until} ({why})"
    steps.append(f"{who} joins {region.id} from {start}{ending}")
    return steps


def leave(dataset: Dataset, changes: Changeset, government: Government, last_day: date, *,
          only: bool = False, sources: Sequence[str] = ()) -> list[str]:
    """End the membership that ``government`` (and its partner) has on ``last_day``, on that day;
    the sources (of the decision to leave) are added to the membership's sources."""
    require_existing(dataset, government, last_day)
    steps: list[str] = []
    for member in partners(dataset, government, last_day, only):
        running = [m for m in dataset.memberships_of(member.id) if m.interval.contains(last_day)]
        who = label(dataset, member.id)
        if not running:
            if member is government:
                raise UsageError(f"{who} is member of no region on {last_day}: there is nothing to leave")
            steps.append(f"{who} is member of no region on {last_day}: nothing to do")
            continue
        membership = running[0]
        if membership.interval.end == last_day:
            steps.append(f"{who} already leaves {membership.region} after {last_day}: nothing to do")
            continue
        record = changes.record(dataset, membership.where)
        record.put("until", last_day)
        record.cite(sources)
        steps.append(f"{who} leaves {membership.region} after {last_day}")
    return steps

