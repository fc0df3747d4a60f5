"""The core: read a data folder and check it, into a frozen model.

The loader turns each YAML file into plain data with the line and column of every value; the
schemas, the per-file checks (with their cache) and the checks across files turn what is wrong into
located ``Problem`` values; the records become a ``Dataset``.  Also here: the layout of a data folder,
dates and "today", and the files that ship with the tool.

May import: the standard library, ruamel.yaml, jsonschema(-rs).  Must not import any other layer of
vlavirgem, and never prints or exits: a file that cannot be read is a problem, not an exception.
"""
