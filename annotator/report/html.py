"""The report as one self-contained HTML file (inline CSS, no scripts, no external files) for a
paper's appendix: the tables, a heat map of coder pairs and every disagreement. All text from
the project (names, codes, document text) is escaped."""

from __future__ import annotations

from html import escape
from pathlib import Path

from annotator.outputs import atomic_output
from annotator.report.measures import at, explanation, family
from annotator.report.model import AgreementReport, Figure, Table
from annotator.report.text import change, heading, interval, methods_cell, shown_value

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:70em;color:#222;\
padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0}\
th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
.undef{color:#888;font-style:italic}.note{color:#555;font-size:.92em}.heat td{width:6em;text-align:center}
.reliable{color:#176b2c}.tentative{color:#8a5a00}.unreliable{color:#a3211a}
"""


def _cell(value, cls: str = "n") -> str:
    return f'<td class="{cls}">{escape(str(value))}</td>'


def _value(f: Figure) -> str:
    if f.value is None:
        return f'<td class="undef" title="{escape(f.reason or "")}">undefined</td>'
    return f'<td class="n">{escape(shown_value(f))}</td>'


def _table(headers, rows) -> str:
    head = "".join(f"<th>{escape(str(h))}</th>" for h in headers)
    return f"<table><tr>{head}</tr>{''.join('<tr>' + ''.join(r) + '</tr>' for r in rows)}</table>"


def _overall(report: AgreementReport) -> str:
    rows = []
    for f in report.overall:
        verdict = f'<td class="{f.verdict}">{f.verdict}</td>' if f.verdict else "<td></td>"
        rows.append([_cell(f.label, ""), _value(f), _cell(interval(f)), _cell(f"{f.result.n_units:,} {f.result.unit}"),
                     verdict, _cell(f.measure, ""), _cell(f.variant or f.reason or "", "note")])
    undefined = "".join(f"<li>{escape(f.label)}: {escape(f.reason)}</li>" for f in report.overall if f.value is None)
    return (_table(["measure", "value", "95% CI", "n", "Krippendorff", "definition", "variant"], rows)
            + (f"<ul class='note'>{undefined}</ul>" if undefined else ""))


def _heat(report: AgreementReport, key: str, title: str) -> str:
    matrix = report.pair_matrix(key)
    rows = []
    for name, values in zip(report.coders, matrix):
        cells = [f"<th>{escape(name)}</th>"]
        for v in values:
            if v is None:
                cells.append('<td class="undef">–</td>')
            else:
                hue = int(120 * min(max(v, 0.0), 1.0))
                cells.append(f'<td style="background:hsl({hue},65%,80%)">{v:.3f}</td>')
        rows.append("".join(cells))
    head = "".join(f"<th>{escape(c)}</th>" for c in report.coders)
    body = "".join(f"<tr>{r}</tr>" for r in rows)
    return f"<h3>{escape(title)}</h3><table class='heat'><tr><th></th>{head}</tr>{body}</table>"


def _matrix(t: Table) -> str:
    rows = [[f"<th>{escape(r)}</th>"] + [_cell(f"{x:g}") for x in row] for r, row in zip(t.rows, t.counts)]
    return _table([""] + list(t.columns), rows) + f"<p class='note'>{escape(t.note)} Unit: {escape(t.unit)}.</p>"


def _figure_table(first: str, items, label) -> str:
    if not items:
        return "<p>None.</p>"
    headers = [first] + [heading(f) for f in items[0].figures]
    return _table(headers, [[_cell(label(i), "")] + [_value(f) for f in i.figures] for i in items])


def _assistance(report: AgreementReport) -> list[str]:
    """Assisted coding: one sentence when no annotation came from a suggestion, else the coders'
    shares and the overall figures with and without those annotations."""
    section = report.assistance
    if section is None:
        return []
    parts = ["<h2>Assisted coding</h2>", f"<p>{escape(section.summary)}</p>"]
    if section.suggested:
        parts.append(_table(["coder", "annotations", "from suggestions", "share", "by method"],
                            [[_cell(c.name, ""), _cell(c.annotations), _cell(c.suggested), _cell(f"{c.share:.1%}"),
                              _cell(methods_cell(c.by_method), "")] for c in section.coders]))
        parts.append(_table(["measure", "all annotations", "without suggested", "change", "variant"],
                            [[_cell(f.label, ""), _value(f), _value(g), _cell(change(f, g)), _cell(f.variant, "note")]
                             for f, g in zip(report.overall, section.without)]))
    return parts


def _undefined_gamma(report: AgreementReport, codes: bool = False) -> list[str]:
    """The documents where γ or γ-cat is undefined with the reason (the codes whose γ-k is, or rests on only some
    of the code's spans)."""
    found = report.gamma_k_notes() if codes else [(name, f, f.reason) for name, f in report.undefined_gamma()]
    items = "".join(f"<li>{escape(f.label)} {'of' if codes else 'in'} {escape(name)}: {escape(note)}</li>"
                    for name, f, note in found)
    return [f"<ul class='note'>{items}</ul>"] if items else []


def as_html(report: AgreementReport) -> str:
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
             f"<title>Agreement – {escape(report.project)}</title><style>{STYLE}</style></head><body>",
             f"<h1>Inter-coder agreement: {escape(report.project)}</h1>",
             f"<p>{len(report.coders)} coders ({escape(', '.join(report.coders))}), {len(report.documents)} documents, "
             f"unit of the coefficients: {escape(report.unit)}. Documents are pooled, not averaged. "
             f"Bootstrap: {report.n_resamples} resamples of documents, seed {report.seed}. "
             f"{escape(report.cu_variant_note)}</p>",
             *([f"<p>{escape(report.round.sentence)}</p>"] if report.round else []),
             "<h2>Coders</h2>",
             _table(["coder", "documents", "spans", "text coded"],
                    [[_cell(s.name, ""), _cell(s.documents), _cell(s.spans), _cell(f"{s.coded_share:.1%}")]
                     for s in report.coder_summaries]),
             "<h2>Overall</h2>", _overall(report),
             *([f"<p class='note'>{escape(report.gamma.sentence)}</p>"] if report.gamma else []),
             f"<p class='note'>{escape(report.threshold_note)}</p><ul class='note'>"]
    seen = {family(f.key): explanation(f.key) for f in report.overall}
    parts += [f"<li><b>{escape(k)}</b>: {escape(line)}</li>" for k, line in seen.items()] + ["</ul>"]
    parts += _assistance(report)
    parts += ["<h2>Per code</h2>",
              _figure_table("code", report.by_code,
                            lambda c: "\u2003" * c.depth + c.label + (" (group)" if c.is_group else "")),
              *_undefined_gamma(report, codes=True),
              "<h2>Coder pairs</h2>", *(_heat(report, m.key, m.heat) for m in at("pair") if m.heat),
              _figure_table("pair", report.pairs, lambda p: f"{p.first} – {p.second}"),
              "<h2>Per document</h2>", _figure_table("document", report.by_document, lambda d: d.name),
              *_undefined_gamma(report),
              "<h2>Confusion of codes</h2>", _matrix(report.confusion),
              f"<h2>Disagreements ({len(report.disagreements)})</h2>"]
    rows = [[_cell(d.id, ""), _cell(d.document, ""), _cell(f"[{d.start}, {d.end})"), _cell(d.text, "")]
            + [_cell(", ".join(d.codes[c]) if d.codes.get(c) else ("nothing" if c in d.codes else "—"), "")
               for c in report.coders]
            for d in report.disagreements]
    parts.append(_table(["id", "document", "span", "text", *report.coders], rows))
    if report.warnings:
        parts += ["<h2>Warnings</h2><ul>"] + [f"<li>{escape(w)}</li>" for w in report.warnings] + ["</ul>"]
    return "\n".join(parts) + "\n</body></html>\n"


def write_html(report: AgreementReport, path) -> Path:
    path = Path(path)
    with atomic_output(path, "w", encoding="utf-8") as stream:
        stream.write(as_html(report))
    return path
