"""The command line: one module per command (or command group); each registers itself on ``common.app``.

Commands stay thin: parse options, call the library, hand the result to ``vlavirgem.output``, and
exit with 0 (all well), 1 (problems in the data) or 2 (wrong usage).  Heavy modules are imported
inside the command functions, so ``vlavirgem --help`` starts fast.

May import every layer below (site, editing, export, queries, core, output).  This layer and
``vlavirgem.output`` are the only ones that print.
"""
