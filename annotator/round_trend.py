"""The trend across rounds as text, JSON and one self-contained HTML page (:func:`annotator.rounds.trend`):
per round its overall uα and α with their bootstrap intervals (in HTML also as a chart, :mod:`annotator.round_chart`)
and its per-code uα, and before each
round the codebook changes logged since the previous round's frozen version."""
from __future__ import annotations

from html import escape

from .report.html import STYLE
from .report.jsonout import figure_dict
from .report.text import grid, interval, number
from .round_chart import trend_svg
from .rounds import TREND_CODE, TREND_OVERALL


def trend_json(rows, seed: int, bootstrap: int) -> dict:
    return {"format": "annotator round trend", "version": 1, "bootstrap": {"resamples": bootstrap, "seed": seed},
            "rounds": [_round_json(row) for row in rows]}


def _round_json(row) -> dict:
    r, report = row.round, row.report
    out = {"name": r.name, "kind": r.kind, "codebook_version": r.scheme_version, "created": r.created,
           "sample": r.sample, "reason": row.reason or None, "incomplete": list(row.gaps),
           "changes_before": [{"version": c.version, "time": c.time, "coder": c.coder, "action": c.action,
                               "code": c.code, "details": c.details, "because": c.because or None}
                              for c in row.changes_before],
           "overall": [], "by_code": []}
    if report is not None:
        out["overall"] = [figure_dict(f) for f in report.overall if f.key in TREND_OVERALL]
        out["by_code"] = [{"code": c.label, "path": c.path, "is_group": c.is_group,
                           "figures": [figure_dict(f) for f in c.figures if f.key in TREND_CODE]}
                          for c in report.by_code]
    return out


def trend_lines(rows, seed: int, bootstrap: int) -> list[str]:
    if not rows:
        return ["No rounds yet; make one with `annotator round new`."]
    out = [f"Agreement per round, in the order made (95% CI: {bootstrap} bootstrap resamples of documents, "
           f"seed {seed}, the same for every round)."]
    for row in rows:
        out += _change_lines(row) + _round_lines(row)
    return out


def _change_lines(row) -> list[str]:
    if not row.changes_before:
        return []
    out = ["", f"Codebook changes before round {row.round.name!r} (up to version {row.round.scheme_version}):"]
    for c in row.changes_before:
        out.append(f"  {_describe(c)}")
        if c.because:
            out.append(f"      because: {c.because}")
    return out


def _round_lines(row) -> list[str]:
    r, report = row.round, row.report
    out = ["", f"Round {r.name!r} ({r.kind}), codebook version {r.scheme_version}, {r.sample}"]
    out += [f"  note: {gap}" for gap in row.gaps]
    if report is None:
        return out + [f"  not reported: {row.reason}"]
    figures = [f for f in report.overall if f.key in TREND_OVERALL]
    out += grid(["measure", "value", "95% CI"], [[f.label, number(f.value), interval(f)] for f in figures])
    codes = list(report.by_code)
    if codes:
        labels = [f.label for f in codes[0].figures if f.key in TREND_CODE]
        out += [""] + grid(["code", *labels], [["  " * c.depth + c.label]
                                               + [number(f.value) for f in c.figures if f.key in TREND_CODE]
                                               for c in codes])
    return out


def _describe(change) -> str:
    detail = ", ".join(f"{k}: {v}" for k, v in change.details.items() if k != "because")
    return (f"v{change.version} {change.time} {change.action}{' ' + repr(change.code) if change.code else ''}"
            f"{' (' + detail + ')' if detail else ''}{' by ' + change.coder if change.coder else ''}")


def trend_html(project: str, rows, seed: int, bootstrap: int) -> str:
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Agreement per round – "
             f"{escape(project)}</title><style>{STYLE}</style></head><body>",
             f"<h1>Agreement per round: {escape(project)}</h1>",
             f"<p>95% CI: {bootstrap} bootstrap resamples of documents, seed {seed}, the same for every round.</p>",
             f"<figure>{trend_svg(rows)}<figcaption>Overall agreement per round, with 95% intervals.</figcaption>"
             "</figure>" if rows else ""]
    for row in rows:
        if row.changes_before:
            items = "".join(f"<li>{escape(_describe(c))}" + (f"<br><i>because:</i> {escape(c.because)}"
                                                             if c.because else "") + "</li>"
                            for c in row.changes_before)
            parts.append(f"<h3>Codebook changes before {escape(row.round.name)}</h3><ul>{items}</ul>")
        parts.append("<pre>" + escape("\n".join(_round_lines(row))) + "</pre>")
    return "\n".join(parts) + "\n</body></html>\n"
