"""The report as a readable plain-text table (the CLI's default output)."""

from __future__ import annotations

from annotator.display import shown as one_line
from annotator.report.inputs import UNITS
from annotator.report.measures import at, counting, explanation
from annotator.report.model import AgreementReport, Figure, Table


def number(value: float | None, digits: int = 3) -> str:
    return "undefined" if value is None else f"{value:.{digits}f}"


def interval(f: Figure) -> str:
    if f.ci is None or f.ci.low is None:
        return ""
    return f"[{f.ci.low:.3f}, {f.ci.high:.3f}]"


def grid(headers: list, rows: list, indent: str = "  ") -> list[str]:
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows)] if rows else [len(h) for h in headers]
    line = lambda cells: indent + "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return [line(headers), indent + "  ".join("-" * w for w in widths)] + [line(r) for r in rows]


def short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _figure_rows(figures) -> list:
    return [[f.label, number(f.value), interval(f), f"{f.result.n_units:,} {f.result.unit}", f.verdict or "",
             f.variant] for f in figures]


def shown_value(f: Figure) -> str:
    """The value, with its coverage where it rests on only part of what it measures (a γ-k)."""
    return number(f.value) + (f" ({f.result.coverage:.0%})" if f.partly_aligned else "")


def heading(f: Figure) -> str:
    """The figure's label, marked where uncoded text is left out."""
    return f.label + (" (excl.)" if counting(f.key) == "excluded" else "")


def _matrix(table: Table) -> list[str]:
    headers = [""] + [short(c, 14) for c in table.columns]
    rows = [[short(r, 24)] + [f"{x:g}" for x in row] for r, row in zip(table.rows, table.counts)]
    return grid(headers, rows)


def _undefined(figures) -> list[str]:
    return [f"  {f.label} ({f.variant or 'all'}): {f.reason}" for f in figures if f.value is None]


def methods_cell(by_method: dict) -> str:
    return ", ".join(f"{method} {n}" for method, n in by_method.items())


def change(before: Figure, after: Figure) -> str:
    """``after`` minus ``before``, signed, rounded to three places first (a tiny drop reads +0.000, not
    -0.000); empty where either is undefined."""
    if before.value is None or after.value is None:
        return ""
    return f"{round(after.value - before.value, 3) + 0.0:+.3f}"   # + 0.0 turns -0.0 into 0.0


def _assistance(report: AgreementReport) -> list[str]:
    """The assisted-coding section: one line when no annotation came from a suggestion."""
    section = report.assistance
    if section is None or not section.suggested:
        return ["", f"Assisted coding: {section.summary if section else 'not read.'}"]
    out = ["", "Assisted coding (annotations accepted from suggestions)", f"  {section.summary}"]
    out += grid(["coder", "annotations", "from suggestions", "share", "by method"],
                [[c.name, c.annotations, c.suggested, f"{c.share:.1%}", methods_cell(c.by_method)]
                 for c in section.coders])
    out += [""] + grid(["measure", "all annotations", "without suggested", "change", "variant"],
                       [[f.label, number(f.value), number(g.value), change(f, g), f.variant]
                        for f, g in zip(report.overall, section.without)])
    return out


def as_text(report: AgreementReport, disagreements: int | None = None) -> str:
    """Plain text; ``disagreements`` caps how many disagreements are listed (all by default)."""
    out = [f"Agreement in {report.project}: {len(report.coders)} coders ({', '.join(report.coders)}), "
           f"{len(report.documents)} documents, unit: {UNITS[report.unit]}. Documents are pooled, not averaged.",
           report.cu_variant_note, *([report.round.sentence] if report.round else []), ""]
    out += grid(["coder", "documents", "spans", "text coded"],
                [[s.name, s.documents, s.spans, f"{s.coded_share:.1%}"] for s in report.coder_summaries])
    out += ["", "Overall"] + grid(["measure", "value", "95% CI", "n", "Krippendorff", "variant"],
                                  _figure_rows(report.overall))
    out += _undefined(report.overall)
    if any(f.ci for f in report.overall):
        out.append(f"  95% CI: {report.n_resamples} bootstrap resamples of documents, seed {report.seed}.")
    if report.gamma:
        out.append(f"  {report.gamma.sentence}")
    out += ["", report.threshold_note, ""]
    out += [f"  - {line}" for line in dict.fromkeys(explanation(f.key) for f in report.overall)]
    out += _assistance(report)
    if report.by_code:
        keys = [f.label for f in report.by_code[0].figures]
        out += ["", "Per code (groups computed on their codes' spans together)"]
        out += grid(["code"] + keys, [["  " * c.depth + c.label + (" (group)" if c.is_group else "")]
                                      + [shown_value(f) for f in c.figures] for c in report.by_code])
        out += [f"  {f.label} of {short(label, 40)}: {note}" for label, f, note in report.gamma_k_notes()]
    out += ["", "Per coder pair"]
    if report.pairs:
        in_text = {m.key for m in at("pair") if m.in_text}
        keys = [f.key for f in report.pairs[0].figures if f.key in in_text]
        labels = {f.key: heading(f) for f in report.pairs[0].figures}
        rows = [[f"{p.first} – {p.second}", p.n_documents]
                + [number(next((f.value for f in p.figures if f.key == k), None)) for k in keys]
                for p in report.pairs]
        out += grid(["pair", "docs"] + [labels[k] for k in keys], rows)
    out += ["", "Per document (drill-down)"]
    if report.by_document:
        keys = [heading(f) for f in report.by_document[0].figures]
        out += grid(["document", "chars"] + keys, [[short(d.name, 40), d.length] + [number(f.value) for f in d.figures]
                                                   for d in report.by_document])
    out += [f"  {f.label} in {short(name, 40)}: {f.reason}" for name, f in report.undefined_gamma()]
    out += ["", f"Confusion of codes ({report.confusion.unit})"] + _matrix(report.confusion)
    shown = report.disagreements if disagreements is None else report.disagreements[:disagreements]
    out += ["", f"Disagreements ({len(report.disagreements)})"]
    for d in shown:
        who = "; ".join(f"{c}: {', '.join(f'{code} [{a}, {b})' for a, b, code in v) if v else 'nothing'}"
                        for c, v in d.spans.items())
        out.append(f"  {d.id}  {d.document}: {who}")
        out.append(f"      “{short(d.text)}”")
    if len(shown) < len(report.disagreements):
        out.append(f"  … {len(report.disagreements) - len(shown)} more (use --json or --csv for all).")
    if report.warnings:
        out += ["", "Warnings"] + [f"  - {w}" for w in report.warnings]
    return "\n".join(map(one_line, out)) + "\n"  # one line each: a name's control characters are escaped
