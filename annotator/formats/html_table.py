"""Any table (a header and rows of plain values) as one self-contained HTML page: no scripts,
no outside files, every cell escaped (``html.escape``), line breaks kept; written through
:mod:`annotator.outputs` like every other file (never over a project, atomically)."""
from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Iterable, Sequence

from ..outputs import atomic_output
from .tables import csv_cell

_HEAD = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5em; color: #1a1a1a; background: #fff; }}
table {{ border-collapse: collapse; font-size: 0.9em; }}
th, td {{ border: 1px solid #bbb; padding: 0.25em 0.5em; vertical-align: top; text-align: left;
  white-space: pre-wrap; }}
th {{ background: #eee; position: sticky; top: 0; }}
tr:nth-child(even) td {{ background: #f6f6f6; }}
</style></head><body>
<h1>{title}</h1>
"""


def cell_text(value) -> str:
    """A value as the text of a cell: as in the CSV tables (empty for none, JSON for lists)."""
    return str(csv_cell(value))


def write_html(path: Path, title: str, header: Sequence[str], rows: Iterable[Sequence], caption: str = "") -> int:
    """Write the table; returns the number of rows."""
    count = 0
    with atomic_output(Path(path), "w", encoding="utf-8", newline="\n") as stream:
        stream.write(_HEAD.format(title=escape(title)))
        if caption:
            stream.write(f"<p>{escape(caption)}</p>\n")
        stream.write("<table>\n<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in header)
                     + "</tr></thead>\n<tbody>\n")
        for row in rows:
            stream.write("<tr>" + "".join(f"<td>{escape(cell_text(v))}</td>" for v in row) + "</tr>\n")
            count += 1
        stream.write("</tbody>\n</table>\n</body></html>\n")
    return count
