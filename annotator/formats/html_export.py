"""Highlighted documents as one self-contained HTML page, for reading and printing.

Each document is a section; its text is cut at every span boundary and each piece that lies
under annotations is a ``<mark>`` coloured with its codes' colours (stripes when several
overlap), with the code names and coders in its ``title`` (codes are not told by colour
alone). A memo is a numbered footnote after the span's last character. A legend lists the
codes with their colours and counts. All text is escaped. Each mark carries
``data-start``/``data-end``: its code-point offsets in the document.
"""
from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

from ..outputs import atomic_output
from ..selection import Span, document_count, documents, select
from ..steps import NO_STEPS, Steps
from .spans import ExportReport

STYLE = """
body { font-family: Georgia, serif; max-width: 48em; margin: 2em auto; line-height: 1.6; color: #111; }
.text { white-space: pre-wrap; overflow-wrap: break-word; }
mark { color: inherit; border-radius: 2px; padding: 0 1px; }
.legend { list-style: none; padding: 0; } .legend li { margin: .2em 0; }
.swatch { display: inline-block; width: 1em; height: 1em; vertical-align: middle; margin-right: .4em;
          border: 1px solid #555; }
sup a { text-decoration: none; } .notes { font-size: .9em; border-top: 1px solid #aaa; }
section { page-break-after: always; }
@media print { mark { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


def _tint(color: str, alpha: str = "66") -> str:
    return f"{color}{alpha}" if len(color) == 7 else color


def _background(colors: list[str]) -> str:
    if len(colors) == 1:
        return f"background:{_tint(colors[0])}"
    step = 100 / len(colors)
    stops = ", ".join(f"{_tint(c)} {i * step:.1f}% {(i + 1) * step:.1f}%" for i, c in enumerate(colors))
    return f"background:linear-gradient(to bottom, {stops})"


def render_document(name: str, text: str, spans: list[Span], colors: dict, first_note: int) -> tuple[str, list[str]]:
    """The document's HTML and its footnotes (numbered from ``first_note``)."""
    esc = html.escape
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    starts_at: dict[int, list[Span]] = {}
    ends_at: dict[int, list[Span]] = {}
    for s in spans:
        starts_at.setdefault(s.start, []).append(s)
        ends_at.setdefault(s.end, []).append(s)
    parts: list[str] = []
    notes: list[str] = []
    open_spans: dict[int, Span] = {}
    for a, b in zip(cuts, cuts[1:]):
        for s in ends_at.get(a, []):
            open_spans.pop(id(s), None)
        for s in starts_at.get(a, []):
            open_spans[id(s)] = s
        active = sorted(open_spans.values(), key=lambda s: (s.start, s.end, s.code, s.coder))
        piece = esc(text[a:b])
        if active:
            title = "; ".join(f"{s.code} ({s.coder})" for s in active)
            codes = list(dict.fromkeys(s.code for s in active))
            parts.append(f'<mark data-start="{a}" data-end="{b}" title="{esc(title)}" '
                         f'style="{esc(_background([colors.get(c, "#999999") for c in codes]))}">{piece}</mark>')
        else:
            parts.append(piece)
        for s in ends_at.get(b, []):
            if not s.memo:
                continue
            number = first_note + len(notes)
            notes.append(f'<li id="note{number}" value="{number}"><b>{esc(s.code)}</b>, {esc(s.coder)}, '
                         f'\u201c{esc(text[s.start:s.end][:80])}\u201d: {esc(s.memo)}</li>')
            parts.append(f'<sup><a href="#note{number}">[{number}]</a></sup>')
    return "".join(parts), notes


def export_html(project, out: Path, coders=None, codes=None, steps: Steps = NO_STEPS) -> ExportReport:
    esc = html.escape
    selected = select(project, coders, codes)
    all_codes = project.codes()
    colors = {c.name: c.color for c in all_codes}
    used = Counter(s.code for spans in selected.values() for s in spans)
    note_number, count = 1, 0
    with atomic_output(Path(out), "w", encoding="utf-8", newline="\n") as stream:
        title = esc(project.name)
        stream.write(f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title>'
                     f"<style>{STYLE}</style></head><body>\n<h1>{title}</h1>\n<h2>Codes</h2>\n<ul class=\"legend\">\n")
        shown = {project.code(ref).id for ref in codes} if codes else None
        for code in all_codes:
            if code.codable and (shown is None or code.id in shown):
                stream.write(f'<li><span class="swatch" style="background:{esc(code.color)}"></span>'
                             f"{esc(code.name)} ({used.get(code.name, 0)})</li>\n")
        stream.write("</ul>\n")
        for doc_id, _uuid, name, text in steps.each(documents(project), document_count(project)):
            spans = selected.get(doc_id, [])
            body, notes = render_document(name, text, spans, colors, note_number)
            note_number += len(notes)
            coders_here = sorted({s.coder for s in spans})
            stream.write(f"<section>\n<h2>{esc(name)}</h2>\n<p>{len(spans)} annotations"
                         f"{' by ' + esc(', '.join(coders_here)) if coders_here else ''}</p>\n"
                         f'<div class="text">{body}</div>\n')
            if notes:
                stream.write('<ol class="notes">\n' + "\n".join(notes) + "\n</ol>\n")
            stream.write("</section>\n")
            count += 1
        stream.write("</body></html>\n")
        steps.check()
    return ExportReport(count, "documents", [])
