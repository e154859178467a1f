"""Analysis: retrieve, count and relate what was coded (read-only; nothing here writes the project).

``scope`` turns the command line's choices (codes with their sub-codes, coders or gold,
documents, ``--where``) into row ids once; ``retrieval`` lists coded segments with their
context; ``tables`` writes any table as CSV, XLSX or JSON through :mod:`annotator.outputs`.
"""
