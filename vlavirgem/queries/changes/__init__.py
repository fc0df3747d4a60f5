"""What changed between two dates: the report for meeting minutes.

**The window.** A change belongs to the window (FROM, TO] when the first day on which it is in
effect falls after FROM and on or before TO.  A record that starts on day D is in effect from D;
a record whose ``until`` is D is last in effect on D, so its end takes effect on D+1.  The report
is therefore exactly the difference between the state on FROM and the state on TO: a membership
that starts on FROM was already there on FROM and is not reported; one that ends on FROM is.
Consecutive reports (the next one's FROM is this one's TO) never report a change twice and never
miss one.  Every change is dated by the day it took effect.

**Membership history is compared per government and region, not per record.**  Records of one
government in one region that follow each other without a gap (the 2019 codes ending on
2024-12-31 and the 2025 codes starting on 2025-01-01) are one membership.  An end in one region and
a start in another the next day is a move.  A government that ends (a merger) leaves no "left"
when its successor is in the same region the next day, and a new government created by a merger
"joins" only when its predecessors were not all in that region the day before: the ``merged``
change tells the story.  Software use that ends on its government's last day ends with the
government and is not reported as stopped.

Internal records (``visibility: internal``) take part only when asked.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from vlavirgem.core.model import Dataset
from vlavirgem.core.problems import UsageError
from vlavirgem.queries.changes.catalog import catalog_changes
from vlavirgem.queries.changes.events import KINDS, MEMBERSHIP_KINDS, Changes, resolve_kinds
from vlavirgem.queries.changes.memberships import Report
from vlavirgem.queries.names import fold


def changes(dataset: Dataset, start: date, end: date, *, kinds: Iterable[str] = (), region: str | None = None,
            include_internal: bool = False) -> Changes:
    """The changes that took effect after ``start`` and on or before ``end``, sorted by date, kind
    (in the order of KINDS) and government or region name.

    ``kinds`` keeps only those kinds (all when empty); ``region`` keeps the changes that concern
    that region (a move concerns both regions; a merger the regions of all its governments).
    """
    if start >= end:
        raise UsageError(f"--from ({start}) must lie before --to ({end})")
    report = Report(dataset, start, end, include_internal)
    wanted = resolve_kinds(kinds)
    found = [*report.mergers(), *report.creations(), *report.memberships()]
    if not wanted or wanted - set(MEMBERSHIP_KINDS):  # the portfolios are read only when asked about
        found += catalog_changes(report)
    kept = [c for c in found if (not wanted or c.kind in wanted) and (region is None or region in c.regions)]
    order = {kind: index for index, kind in enumerate(KINDS)}
    kept.sort(key=lambda c: (c.day, order[c.kind], fold(c.government_name or c.region_name or ""),
                             c.government_id or "", c.region_id or "", c.subject_id or "", c.detail))
    return Changes(start, end, tuple(kept))
