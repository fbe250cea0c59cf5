"""``python -m factdb``: the same command line as ``factdb``."""

from factdb.cli import main

main()
