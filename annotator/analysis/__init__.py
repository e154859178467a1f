"""Analysis: retrieve, count and relate what was coded (read-only; nothing here writes the project).

``scope`` turns the command line's choices (codes with their sub-codes, coders or gold,
documents, ``--where``) into row ids once; ``retrieval`` lists coded segments with their
context; ``crosstab`` counts codes by document, coder, attribute or date (``columns``), and
``cooccurrence`` relates codes within a unit of text. ``reading`` streams the annotations one
document at a time, ``spans`` holds the sorted sweeps, ``units`` words, paragraphs and sentences,
``codes`` the rows in codebook order. Functions take a connection and a ``Scope`` and return
plain records, with a ``progress(done, total)`` callback, so the app can call them from a worker.
"""
