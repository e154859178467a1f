"""Inter-coder agreement report for a project: plain data for the CLI, the app and scripts.

    from annotator.report import build_report, as_text, as_json, write_csv, write_html
    report = build_report(project, coders=["Ana", "Ben"], unit="token", seed=1)
    report.figure("u_alpha").value            # the pooled uα (None if undefined: see .reason)
    report.pair_matrix("alpha_none")          # coders x coders, for a heat map

Contents (:class:`AgreementReport`): ``overall`` figures (percent agreement, Krippendorff's
α, Cohen's κ (two coders) or Fleiss' κ, Gwet's AC1 — each with uncoded text counted as a
value and excluded — uα, |uα, cuα, αU (INCEpTION/DKPro) and span F1), ``by_code`` (code
tree with groups rolled up), ``pairs`` (per coder pair), ``by_document`` (drill-down; the
overall figures are pooled, not averaged), ``confusion`` (unit-level coincidences),
``disagreements`` (document, span, text, who coded what), and ``matrix`` (the unit x coder
matrix written by ``write_csv``). All computing is done by ``annotator.agreement``; which
figures each level shows, in what order, is the table ``annotator.report.measures.MEASURES``.
"""

from annotator.report.build import build_report
from annotator.report.csvout import write_csv
from annotator.report.html import write_html
from annotator.report.jsonout import as_json
from annotator.report.model import (
    AgreementReport,
    CodeRow,
    CoderSummary,
    Disagreement,
    DocumentRow,
    Figure,
    Interval,
    PairRow,
    Table,
    UnitMatrix,
)
from annotator.report.text import as_text

__all__ = ["build_report", "AgreementReport", "CodeRow", "CoderSummary", "Disagreement", "DocumentRow", "Figure",
           "Interval", "PairRow", "Table", "UnitMatrix", "as_text", "as_json", "write_csv", "write_html"]

