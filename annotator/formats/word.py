"""Word documents (.docx) with python-docx: paragraphs and tables in document order.

Text is kept as written (smart quotes, dashes, non-breaking spaces). One paragraph per line;
a table becomes one line per row with cells separated by a tab (a merged cell once);
nested tables follow their cell's text. Headers, footers, footnotes and comments are not
part of the document's text.
"""
from __future__ import annotations

import io
from pathlib import Path

from ..errors import RefusedFileError
from .safety import read_office_file


def read(path: Path) -> str:
    return text_of(read_office_file(path, "Word document", "word/document.xml"), path.name)


def text_of(data: bytes, label: str) -> str:
    """The text of a .docx whose bytes passed :func:`.safety.check_office_bytes`."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on damaged files
        raise RefusedFileError(f"{label} could not be read as a Word document ({error}).") from None
    return "\n".join(_blocks(document))


def _blocks(container):
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            yield from _table(block)
        else:
            yield block.text


def _table(table):
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append("\n".join(_blocks(cell)).replace("\n", " ").strip())
        yield "\t".join(cells)
