"""Read-only Qt item models over an agreement report (``annotator.report``) and adjudication.

Every table is built as rows of :class:`ui.shared.cells.Cell` (text, tooltip, alignment,
colours) from plain report data, so one table model and one tree model serve the overall
figures, the code tree, the heat map of coder pairs, the documents, the confusion matrix and
the disagreements. A number is always written in its cell: colour is never the only cue.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtGui import QColor

from annotator.report.measures import counting as key_counting
from annotator.report.model import RELIABLE, TENTATIVE, Figure
from annotator.report.text import change

from ..shared.cells import Cell, heat_colour, number, text_on
from ..shared.columns import two_lines
from ..shared.models import quote
from ..shared.span_text import span_label, span_range, span_tip

VERDICT_TEXT = {"reliable": f"✓ reliable (≥ {RELIABLE:.3f})".replace("0.", "."),
                "tentative": f"~ tentative ({TENTATIVE:.3f}–{RELIABLE:.3f})".replace("0.", "."),
                "unreliable": f"✗ unreliable (< {TENTATIVE:.3f})".replace("0.", ".")}
_VERDICT_COLOURS = {False: {"reliable": "#176b2c", "tentative": "#8a5a00", "unreliable": "#a3211a"},
                    True: {"reliable": "#7bd88f", "tentative": "#e8b64c", "unreliable": "#ff8a80"}}


def verdict_cell(figure: Figure, dark: bool) -> Cell:
    if figure.verdict is None:
        tip = ("No agreed cut-off for this measure: Krippendorff's .800/.667 apply to the alpha family only."
               if figure.value is not None else "Undefined, so no verdict.")
        return Cell("—", tip)
    return Cell(VERDICT_TEXT[figure.verdict], "Krippendorff (2004): ≥ .800 reliable; .667–.800 only for tentative "
                "conclusions; below .667 not reliable.", foreground=QColor(_VERDICT_COLOURS[dark][figure.verdict]))


def undefined_note(figure: Figure) -> str:
    return f"undefined, because {figure.reason}" if figure.value is None else ""


COVERED = ("cu_alpha", "k_u_alpha")   # families whose value rests on a share of the text (coverage)


def _coverage(figure: Figure) -> tuple[str, str]:
    """The word after the coverage in a cell ("covered"; a γ-k's "aligned") and the tooltip's sentence."""
    coverage = figure.result.coverage
    if figure.key == "gamma_k":
        return "aligned", f"It rests on {coverage:.0%} of the code's spans: those aligned with a span of another coder."
    return "covered", f"It rests on {coverage:.0%} of the text (its coverage)."


def value_cell(figure: Optional[Figure], compact: bool = False) -> Cell:
    """The value (and its coverage: "(63% covered)", "(63% aligned)" for γ-k, or "(63%)" under a "(coverage)"
    heading)."""
    if figure is None:
        return Cell("", "Not computed here.")
    coverage = getattr(figure.result, "coverage", None)
    word, covered = _coverage(figure) if coverage is not None else ("", "")
    tip = "\n".join(x for x in (f"{figure.label}: {figure.measure}", undefined_note(figure), figure.explanation,
                                covered, *figure.warnings) if x)
    if figure.value is None:
        return Cell("undefined", tip, number=True, italic=True, sort=float("-inf"))
    share = "" if coverage is None else f" ({coverage:.0%})" if compact else f"  ({coverage:.0%} {word})"
    return Cell(number(figure.value) + share, tip, number=True, sort=figure.value)


def interval_text(figure: Figure) -> str:
    ci = figure.ci
    if ci is None or ci.low is None:
        return ""
    return f"[{ci.low:.3f}, {ci.high:.3f}]"


COUNTING_TEXT = {"none": "uncoded text as a value", "excluded": "coded text only"}


def counting(figure: Figure) -> str:
    """How uncoded text is counted, in a few words (the full variant is the tooltip)."""
    return COUNTING_TEXT.get(key_counting(figure.key)) or figure.variant.split(";")[0]


# ------------------------------------------------------------------ the report's tables
OVERALL_HEADERS = ("Measure", "Counting", "Value", "95% CI", "Krippendorff", "n", "Notes")


def overall_rows(report, dark: bool) -> list[list[Cell]]:
    rows = []
    for f in report.overall:
        tip = f"{f.measure}\n{f.explanation}"
        notes = "; ".join(x for x in (undefined_note(f), *f.warnings) if x)
        ci = interval_text(f)
        ci_tip = (f"{f.ci.confidence:.0%} {f.ci.method}; {f.ci.n_resamples:,} resamples, seed {f.ci.seed}"
                  if f.ci is not None else "")
        rows.append([Cell(f.label, tip, payload=f.key), Cell(counting(f), f.variant), value_cell(f),
                     Cell(ci, ci_tip, number=True), verdict_cell(f, dark),
                     Cell(f"{f.result.n_units:,} {f.result.unit}", number=True, sort=f.result.n_units),
                     Cell(notes, notes)])
    return rows


ASSISTED_HEADERS = ("Coder", "Annotations", "From suggestions", "Share", "By method")
COMPARISON_HEADERS = ("Measure", "Counting", "All annotations", "Without suggested", "Change")


def assisted_rows(report) -> list[list[Cell]]:
    """Per coder: annotations, and how many came from accepted suggestions (by method)."""
    section = report.assistance
    return [[Cell(c.name), Cell(f"{c.annotations:,}", number=True, sort=c.annotations),
             Cell(f"{c.suggested:,}", number=True, sort=c.suggested), Cell(f"{c.share:.1%}", number=True, sort=c.share),
             Cell(", ".join(f"{m} {n}" for m, n in c.by_method.items()))]
            for c in (section.coders if section is not None and section.suggested else ())]


def comparison_rows(report) -> list[list[Cell]]:
    """The overall figures with every annotation, and computed again without the suggested ones."""
    without = report.assistance.without if report.assistance is not None else ()
    rows = []
    for f, g in zip(report.overall, without):
        rows.append([Cell(f.label, f"{f.measure}\n{f.explanation}", payload=f.key), Cell(counting(f), f.variant),
                     value_cell(f), value_cell(g), Cell(change(f, g), number=True)])
    return rows


def code_headers(report) -> list[str]:
    labels = [f.label for f in report.by_code[0].figures] if report.by_code else []
    return ["Code", "Spans"] + [two_lines(label) for label in labels]


def code_rows(report) -> list[tuple[int, list[Cell]]]:
    out = []
    for row in report.by_code:
        spans = ", ".join(f"{coder} {n}" for coder, n in row.spans.items())
        members = f"\nGroup: its members count as one code ({', '.join(row.members)})"
        name_tip = row.path + (members if row.is_group else "")
        out.append((row.depth, [Cell(row.label, name_tip, bold=row.is_group), Cell(spans, "Spans per coder")]
                    + [value_cell(f) for f in row.figures]))
    return out


def pair_measures(report) -> list[tuple[str, str]]:
    """``(key, label)`` of every pairwise measure, in report order."""
    seen = {}
    for pair in report.pairs:
        for f in pair.figures:
            extra = COUNTING_TEXT.get(key_counting(f.key))
            seen.setdefault(f.key, f.label + (f" — {extra}" if extra else ""))
    return list(seen.items())


def heat_rows(report, key: str) -> list[list[Cell]]:
    figures = {}
    for pair in report.pairs:
        f = next((x for x in pair.figures if x.key == key), None)
        figures[(pair.first, pair.second)] = figures[(pair.second, pair.first)] = (f, pair)
    rows = []
    for a in report.coders:
        cells = []
        for b in report.coders:
            if a == b:
                cells.append(Cell("—", f"{a} with themself", number=True))
                continue
            f, pair = figures.get((a, b), (None, None))
            if f is None or f.value is None:
                reason = f.reason if f is not None else "the two coders share no document"
                cells.append(Cell("undefined", f"{a} × {b}: undefined, because {reason}", number=True, italic=True))
                continue
            background = heat_colour(f.value)
            tip = f"{a} × {b}: {f.label} = {f.value:.3f} over {pair.n_documents} document(s)\n{f.explanation}"
            cells.append(Cell(number(f.value), tip, number=True, background=background,
                              foreground=text_on(background), payload=f.value))
        rows.append(cells)
    return rows


def document_headers(report) -> list[str]:
    return ["Document", "Characters", "Spans"] + [
        two_lines(m.short or m.label) if m.family not in COVERED else f"{m.short or m.label}\n(coverage)"
        for m in report.measures("document")]


def document_header_tips(report) -> list[str]:
    return ["", "The document's length in characters", "Spans per coder"] + [
        f"{m.label}: {m.explanation}" for m in report.measures("document")]


def document_rows(report) -> list[list[Cell]]:
    rows = []
    for d in report.by_document:
        by_key = {f.key: f for f in d.figures}
        spans = ", ".join(f"{c} {n}" for c, n in d.spans.items())
        rows.append([Cell(d.name, f"Coders: {', '.join(d.coders)}", payload=d.id),
                     Cell(f"{d.length:,}", number=True, sort=d.length), Cell(spans, "Spans per coder")]
                    + [value_cell(by_key.get(m.key), compact=True) for m in report.measures("document")])
    return rows


def confusion_rows(table, dark: bool) -> list[list[Cell]]:
    tint = QColor("#5a3d12" if dark else "#fbe3c0")
    rows = []
    for i, (label, counts) in enumerate(zip(table.rows, table.counts)):
        cells = []
        for j, x in enumerate(counts):
            text = f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"
            same = i == j
            tip = (f"{label}: agreement ({text} {table.unit})" if same
                   else f"{label} × {table.columns[j]}: disagreement ({text} {table.unit})")
            cells.append(Cell(text, tip, number=True, bold=same, background=tint if (x and not same) else None,
                              sort=x))
        rows.append(cells)
    return rows


def disagreement_headers(report) -> list[str]:
    return ["Document", "Where"] + list(report.coders) + ["Id", "Text"]


def _who(spans) -> str:
    """A coder's spans, one a line."""
    return "\n".join(span_label(code, start, end) for start, end, code in spans) if spans else "(nothing)"


def disagreement_rows(report) -> list[list[Cell]]:
    rows = []
    for d in report.disagreements:
        where = (d.document_id, d.start, d.end)
        text = quote(d.text, 160)
        order = f"{d.document}\x00{d.document_id:012d}\x00{d.start:012d}"   # document, then position
        rows.append([Cell(d.document, d.document, payload=where, sort=order),
                     Cell(span_range(d.start, d.end), span_tip(d.start, d.end), number=True, payload=where,
                          sort=order),
                     *[Cell(_who(d.spans.get(c, ())), _who(d.spans.get(c, ())), payload=where) if c in d.spans
                       else Cell("(did not code this document)", payload=where) for c in report.coders],
                     Cell(d.id, "The disagreement's id: the same in every report and export of these annotations; "
                          "a codebook change can cite it", payload=where),
                     Cell(text, d.text, payload=where)])
    return rows
