"""``python -m vlavirgem``: the command line without the console script on PATH.

The pre-commit hooks of this repository run it so (.pre-commit-config.yaml): from the checkout's
root, this package is imported from the working tree, whatever environment pre-commit made.
"""

from vlavirgem.cli import run

run()
