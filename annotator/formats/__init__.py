"""File formats: one small module per format, readers for import and writers for export.

Readers turn a file into normalised text (``read(path) -> str``) or, for a spreadsheet
corpus, into one row per document. Every reader goes through :mod:`.safety` first: a size
limit, archive checks (zip bombs, path traversal) and XML without DTDs or entities, so
hostile input is refused with one sentence before any library parses it.

Every reader and writer is listed once in :mod:`.registry` (readers by suffix, writers by
name, with the labels and file filters the app's dialogs show). Readers of project files
(``.qdpx``, our JSONL) return :mod:`.records` that the core stores; writers read their rows
through :mod:`annotator.selection`. Nothing here runs SQL.
Offsets are code points, half-open, everywhere: ``text[start:end]`` is the coded text (a
``.qdpx`` counts in its writer's unit, converted by :mod:`.qdpx_positions`).
"""
