"""The trend across rounds as text, JSON and one self-contained HTML page (:func:`annotator.trend_data.trend`),
in three sections, each round with the codebook changes logged since the previous round of its kind:

* reliability rounds, the trend proper: per round its overall uα and α with their bootstrap intervals (in
  HTML also as a chart, :mod:`annotator.round_chart`) and its per-code uα;
* calibration rounds: each coder against gold (overall α and span F1; per code span F1 and α);
* retest rounds: the coder's intra-coder agreement, their earlier coding against the re-coding.
"""
from __future__ import annotations

from html import escape

from .report.html import STYLE
from .report.jsonout import figure_dict
from .report.text import grid, heading, interval, number, short
from .round_chart import trend_svg
from .trend_data import CALIBRATION_OVERALL, TREND_CODE, TREND_OVERALL, of_kind

# (kind, heading, what its figures mean)
SECTIONS = (("reliability", "Reliability rounds", "the trend proper: each round's coders with each other, in the order "
                                                        "made."),
            ("calibration", "Calibration rounds", "each coder against the gold layer (span F1 with gold as the "
             "reference; α and uα of the coder and gold as two coders), not agreement among coders."),
            ("retest", "Retest rounds", "intra-coder agreement: the coder's coding before the round against "
             "their re-coding of the same documents in it."))

REASONS = ("because", "disagreements")   # a change's reasons, shown under it rather than among its details


def trend_json(rows, seed: int, bootstrap: int) -> dict:
    return {"format": "annotator round trend", "version": 2, "bootstrap": {"resamples": bootstrap, "seed": seed},
            **{kind: [_round_json(row) for row in of_kind(rows, kind)] for kind, _, _ in SECTIONS}}


def _round_json(row) -> dict:
    r, report = row.round, row.report
    out = {"name": r.name, "kind": r.kind, "codebook_version": r.scheme_version, "created": r.created,
           "sample": r.sample, "reason": row.reason or None, "incomplete": list(row.gaps),
           "changes_before": [{"version": c.version, "time": c.time, "coder": c.coder, "action": c.action,
                               "code": c.code, "details": c.details, "because": c.because or None,
                               "disagreements": [d.as_json() for d in c.disagreements]}
                              for c in row.changes_before]}
    if row.calibration is not None:
        return {**out, "gold": row.calibration.gold, "coders": [_coder_json(s) for s in row.calibration.coders]}
    out.update({"compares": report.round.compares if report and report.round else None, "overall": [], "by_code": []})
    if report is not None:
        out["overall"] = [figure_dict(f) for f in report.overall if f.key in TREND_OVERALL]
        out["by_code"] = [{"code": c.label, "path": c.path, "is_group": c.is_group,
                           "figures": [figure_dict(f) for f in c.figures if f.key in TREND_CODE]}
                          for c in report.by_code]
    return out


def _coder_json(score) -> dict:
    return {"coder": score.coder, "documents": list(score.documents), "reason": score.reason or None,
            "overall": [figure_dict(f) for f in score.overall if f.key in CALIBRATION_OVERALL],
            "by_code": [{"code": c.code, "path": c.path, "is_group": c.is_group,
                         "span_f1": {m: {"f1": r.value, "precision": r.observed, "recall": r.expected}
                                     for m, r in c.f1.items()},
                         "figures": [figure_dict(f) for f in c.figures if f.key in TREND_CODE]} for c in score.codes]}


def trend_lines(rows, seed: int, bootstrap: int) -> list[str]:
    if not rows:
        return ["No rounds yet; make one with `annotator round new`."]
    out = [f"Agreement per round (95% CI: {bootstrap} bootstrap resamples of documents, seed {seed}, the same for "
           "every round)."]
    for kind, title, meaning in SECTIONS:
        if chosen := of_kind(rows, kind):
            out += ["", f"{title}: {meaning}"]
            for row in chosen:
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
        out += [line for d in c.disagreements for line in _cited_lines(d)]
    return out


def _cited_lines(d) -> list[str]:
    return [f"      disagreement {d.place()}: {d.who()}", f"        “{short(d.text, 100)}”"]


def _round_lines(row) -> list[str]:
    r, report = row.round, row.report
    out = ["", f"Round {r.name!r} ({r.kind}), codebook version {r.scheme_version}, {r.sample}"]
    out += [f"  note: {gap}" for gap in row.gaps]
    if row.calibration is not None:
        return out + _calibration_lines(row.calibration)
    if report is None:
        return out + [f"  not reported: {row.reason}"]
    if report.round is not None and report.round.compares:
        out.append(f"  {report.round.compares}")
    figures = [f for f in report.overall if f.key in TREND_OVERALL]
    out += grid(["measure", "value", "95% CI"], [[heading(f), number(f.value), interval(f)] for f in figures])
    codes = list(report.by_code)
    if codes:
        labels = [f.label for f in codes[0].figures if f.key in TREND_CODE]
        out += [""] + grid(["code", *labels], [["  " * c.depth + c.label]
                                               + [number(f.value) for f in c.figures if f.key in TREND_CODE]
                                               for c in codes])
    return out


def _calibration_lines(calibration) -> list[str]:
    out = [f"  Against the gold layer ({calibration.gold!r}), as it was when each round was made."]
    for score in calibration.coders:
        if score.reason:
            out.append(f"  {score.coder}: not reported: {score.reason}")
            continue
        figures = "; ".join(f"{heading(f)} {number(f.value)}" for f in score.overall if f.key in CALIBRATION_OVERALL)
        count = len(score.documents)
        out.append(f"  {score.coder} ({count} document{'' if count == 1 else 's'}): {figures}")
        labels = [f.label for f in score.codes[0].figures if f.key in TREND_CODE] if score.codes else []
        out += grid(["code", "span F1 exact", "span F1 overlap", *labels],
                    [[c.path, number(c.f1["exact"].value), number(c.f1["overlap"].value),
                      *[number(f.value) for f in c.figures if f.key in TREND_CODE]] for c in score.codes], "    ")
    return out


def _describe(change) -> str:
    detail = ", ".join(f"{k}: {v}" for k, v in change.details.items() if k not in REASONS)
    return (f"v{change.version} {change.time} {change.action}{' ' + repr(change.code) if change.code else ''}"
            f"{' (' + detail + ')' if detail else ''}{' by ' + change.coder if change.coder else ''}")


def trend_html(project: str, rows, seed: int, bootstrap: int) -> str:
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Agreement per round – "
             f"{escape(project)}</title><style>{STYLE}</style></head><body>",
             f"<h1>Agreement per round: {escape(project)}</h1>",
             f"<p>95% CI: {bootstrap} bootstrap resamples of documents, seed {seed}, the same for every round.</p>"]
    for kind, title, meaning in SECTIONS:
        if chosen := of_kind(rows, kind):
            parts.append(f"<h2>{escape(title)}</h2><p>{escape(meaning[0].upper() + meaning[1:])}</p>")
            if kind == "reliability":
                parts.append(f"<figure>{trend_svg(chosen)}<figcaption>Overall agreement per reliability round, "
                             "with 95% intervals.</figcaption></figure>")
            parts += [changes_html(row) + "<pre>" + escape("\n".join(_round_lines(row))) + "</pre>"
                      for row in chosen]
    return "\n".join(parts) + "\n</body></html>\n"


def changes_html(row) -> str:
    """The codebook changes logged before a round, each with its reason and the disagreements it cites
    (an HTML fragment; "" for none): the HTML page's and the app's trend window's."""
    if not row.changes_before:
        return ""
    items = "".join(_change_html(c) for c in row.changes_before)
    return f"<h3>Codebook changes before {escape(row.round.name)}</h3><ul>{items}</ul>"


def _change_html(change) -> str:
    because = f"<br><i>because:</i> {escape(change.because)}" if change.because else ""
    cited = "".join(f"<li><b>{escape(d.place())}</b>: {escape(d.who())}<br><q>{escape(d.text)}</q></li>"
                    for d in change.disagreements)
    return f"<li>{escape(_describe(change))}{because}" + (f"<ul>{cited}</ul>" if cited else "") + "</li>"
