"""The queries and reports: pure functions over a ``Dataset`` and a date.

Who exists and who belongs where on a day (``affiliation``, ``register``, ``circles``), suggestions
for the unaffiliated, what changed between two dates, the software catalogue, building-block
adoption, security plans, standards, the visibility rule (``scope``) and how names resolve.

May import: ``vlavirgem.core``.  Must not import the command line, editing, export or the site;
never reads or writes files beyond what the core gives it (the boundaries' cache excepted) and never
prints.  Wrong input from a user is a ``UsageError``.
"""
