"""``python -m factdb``: the same command line as ``factdb``."""

from factdb.entry import main

main()
