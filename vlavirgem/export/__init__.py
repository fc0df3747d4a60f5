"""Export: the dataset as tables (one layout, ``tables``) written as csv, json, xlsx or SQLite.

May import: ``vlavirgem.core`` and ``vlavirgem.queries``.  Must not import the command line, editing or
the site, and never prints.
"""
