"""File formats: one small module per format, readers for import and writers for export.

Readers turn a file into normalised text (``read(path) -> str``) or, for a spreadsheet
corpus, into one row per document. Every reader goes through :mod:`.safety` first: a size
limit, archive checks (zip bombs, path traversal) and XML without DTDs or entities, so
hostile input is refused with one sentence before any library parses it.

Writers take a project and write one export (see :data:`annotator.exporting.EXPORTERS`).
Offsets are code points, half-open, everywhere: ``text[start:end]`` is the coded text (a
``.qdpx`` counts in its writer's unit, converted by :mod:`.qdpx_positions`).
"""
