"""A calibration (:mod:`annotator.calibration`) as text, JSON and a self-contained HTML page."""
from __future__ import annotations

from html import escape

from .calibration import Calibration, CoderScore, CodeScore, Miscoding, Stretch
from .report.jsonout import figure_dict
from .report.text import heading, number, short

OVERALL = ("alpha_none", "u_alpha", "f1_exact", "f1_overlap")   # the overall figures in a coder's line
SIDES = (("over", "over-coded", "spans gold lacks"), ("under", "under-coded", "of gold's spans missed"))


def preamble(c: Calibration) -> str:
    where = f", round {c.round!r}" if c.round else ""
    return (f"Each coder against the gold layer ({c.gold!r}) in {c.project!r}{where}, on the documents both coded. "
            "Span F1 takes gold as the reference (precision: the coder's spans that gold has; recall: gold's spans "
            "the coder found; exact: same start, end and code; overlap: a character in common with a span of the "
            "same code). The other figures are the agreement report's for the coder and gold as two coders. "
            "Over-coded: text the coder coded with a code and gold did not; under-coded: the reverse.")


def calibration_lines(c: Calibration) -> list[str]:
    lines = [preamble(c), ""]
    for score in c.coders:
        lines += _coder_lines(score) + [""]
    return lines


def _coder_lines(score: CoderScore) -> list[str]:
    if score.reason:
        return [f"{score.coder}: {score.reason}"]
    figures = "; ".join(f"{heading(f)} {number(f.value)}" for f in score.overall if f.key in OVERALL)
    lines = [f"{score.coder} ({len(score.documents)} documents: {', '.join(score.documents)}): {figures}"]
    for code in score.codes:
        lines += [f"  {code.code}{' (group)' if code.is_group else ''}: {_code_figures(code)}",
                  *(f"    {_miscoding(getattr(code, side), label, spans)}" for side, label, spans in SIDES)]
    return lines


def _code_figures(code: CodeScore) -> str:
    exact, overlap = code.f1["exact"], code.f1["overlap"]
    figures = "; ".join(f"{f.label} {number(f.value)}" for f in code.figures)
    return (f"span F1 exact {number(exact.value)} (precision {number(exact.observed)}, recall "
            f"{number(exact.expected)}), overlap {number(overlap.value)}; {figures}; spans {code.spans[0]} "
            f"(gold {code.spans[1]})")


def _miscoding(m: Miscoding, label: str, spans: str) -> str:
    examples = "; ".join(_example(s) for s in m.examples)
    return f"{label}: {m.characters:,} characters, {m.spans} {spans}" + (f": {examples}" if examples else "")


def _example(s: Stretch) -> str:
    return f"{short(s.text, 60)!r} ({s.document} {s.start}–{s.end})"


def calibration_json(c: Calibration) -> dict:
    return {"format": "annotator calibration", "version": 1, "project": c.project, "gold": c.gold, "round": c.round,
            "explanation": preamble(c), "coders": [_coder_json(s) for s in c.coders]}


def _coder_json(s: CoderScore) -> dict:
    return {"coder": s.coder, "documents": list(s.documents), "reason": s.reason or None,
            "overall": [figure_dict(f) for f in s.overall], "codes": [_code_json(c) for c in s.codes]}


def _code_json(c: CodeScore) -> dict:
    f1 = {m: {"f1": r.value, "precision": r.observed, "recall": r.expected, "reason": r.reason}
          for m, r in c.f1.items()}
    return {"code": c.code, "path": c.path, "is_group": c.is_group, "spans": {"coder": c.spans[0], "gold": c.spans[1]},
            "span_f1": f1, "figures": [figure_dict(f) for f in c.figures],
            **{side: _miscoding_json(getattr(c, side)) for side, _, _ in SIDES}}


def _miscoding_json(m: Miscoding) -> dict:
    return {"characters": m.characters, "spans": m.spans,
            "examples": [{"document": s.document, "start": s.start, "end": s.end, "text": s.text} for s in m.examples]}


_STYLE = ("body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}"
          "td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top}th{background:#f4f4f4}"
          "td.n{text-align:right;font-variant-numeric:tabular-nums}")


def calibration_html(c: Calibration) -> str:
    body = "".join(_coder_html(s) for s in c.coders)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Calibration: {escape(c.project)}</title>"
            f"<style>{_STYLE}</style></head><body><h1>Calibration against gold: {escape(c.project)}</h1>"
            f"<p>{escape(preamble(c))}</p>{body}</body></html>\n")


def _coder_html(s: CoderScore) -> str:
    if s.reason:
        return f"<h2>{escape(s.coder)}</h2><p>{escape(s.reason)}</p>"
    overall = "; ".join(f"{escape(heading(f))} {number(f.value)}" for f in s.overall if f.key in OVERALL)
    head = "".join(f"<th>{h}</th>" for h in ("Code", "Span F1 exact", "Span F1 overlap", "Figures",
                                               "Over-coded", "Under-coded"))
    rows = "".join(_code_html(code) for code in s.codes)
    return (f"<h2>{escape(s.coder)}</h2><p>{len(s.documents)} documents: {escape(', '.join(s.documents))}. "
            f"{overall}</p><table><tr>{head}</tr>{rows}</table>")


def _code_html(c: CodeScore) -> str:
    figures = "<br>".join(f"{escape(f.label)} {number(f.value)}" for f in c.figures)
    cells = [escape(c.path), number(c.f1["exact"].value), number(c.f1["overlap"].value), figures,
             *(_miscoding_html(getattr(c, side)) for side, _, _ in SIDES)]
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def _miscoding_html(m: Miscoding) -> str:
    examples = "".join(f"<li>{escape(_example(s))}</li>" for s in m.examples)
    return f"{m.characters:,} characters, {m.spans} spans" + (f"<ul>{examples}</ul>" if examples else "")
