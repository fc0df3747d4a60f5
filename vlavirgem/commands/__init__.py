"""One module per command (or command group); each registers itself on ``common.app``.

Commands stay thin: parse options, call the library, hand the result to ``output``, exit.
Heavy modules are imported inside the command functions, so ``vlavirgem --help`` starts fast.
"""
