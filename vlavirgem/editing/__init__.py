"""Editing the data: every path that writes YAML.

The round-trip reader keeps comments and order; ``changeset`` collects the new bytes of each file,
validates the whole dataset with them and writes atomically; the membership and fact edits, the
canonical layout (``fmt``), mergers, the spreadsheet import and CODEOWNERS build on it.

May import: ``vlavirgem.core``, ``vlavirgem.queries``, and ``vlavirgem.export`` for the table layout a
spreadsheet shares with the export.  Must not import the command line or the site, and never prints:
it returns what it would write and what it refused.
"""
