"""The report's measures come from one table (``annotator.report.measures``) and its inputs are
named records (``annotator.agreement.documents``): the report shows the table's rows in their
order at every level, and a new measure is one row that every writer picks up."""

import csv
import json

import numpy as np
import pytest

from annotator import agreement as ag
from annotator.agreement import CodedDocument, LabelledSpan
from annotator.report import as_json, as_text, build_report, measures, write_csv, write_html
from annotator.report.inputs import documents, single_label
from annotator.report.study import load_study

TEXT = "The plan will reopen the line. They lied about the budget. Every town deserves a bus.\n"
SPANS = {"Ana": [(0, 30, "claim"), (31, 58, "attack"), (20, 40, "claim"), (45, 70, "appeal to fairness")],
         "Ben": [(0, 30, "claim"), (31, 58, "claim")],
         "Cy": [(4, 30, "attack"), (59, 85, "appeal to fairness")]}


def coded(project, coders):
    project.import_text(TEXT, "a.txt")
    project.import_text("Short note: they failed us.\n", "b.txt")
    for coder in coders:
        project.add_coder(coder)
        for start, end, code in SPANS[coder]:
            project.annotate("a.txt", start, end, code, coder)
        project.annotate("b.txt", 0, 10, "claim", coder)
    return project


@pytest.mark.parametrize("coders", [("Ana", "Ben"), ("Ana", "Ben", "Cy")])
def test_every_level_shows_the_table_s_measures_in_the_table_s_order(empty_project, coders):
    report = build_report(coded(empty_project, coders), seed=1, bootstrap=0)

    def expected(level, n):
        return [(m.key, m.label) for m in measures.at(level) if m.applies(n)]

    assert [(f.key, f.label) for f in report.overall] == expected("overall", len(coders))
    for row in report.by_code:
        assert [(f.key, f.label) for f in row.figures] == expected("code", len(coders))
    for pair in report.pairs:
        assert [(f.key, f.label) for f in pair.figures] == expected("pair", 2)
    for row in report.by_document:
        assert [(f.key, f.label) for f in row.figures] == expected("document", len(row.coders))
    for f in report.overall:
        assert f.explanation == measures.measure(f.key).explanation != ""
        assert (f.verdict is not None) == (f.value is not None and measures.FAMILIES[measures.family(f.key)].alpha)


def test_a_key_means_the_same_at_every_level():
    for m in measures.MEASURES:
        first = measures.measure(m.key)
        assert (m.family, m.explanation, m.counting in ("none", "excluded")) == (
            first.family, first.explanation, first.counting in ("none", "excluded")), m.key
        assert m.level in measures.LEVELS


SCOTT = measures.Measure("scott_none", "Scott's π", "Scott's pi: chance from the codes' pooled frequencies.",
                         "overall", lambda s: measures.safe(ag.scott_pi, s.matrices["none"], "Scott's pi"),
                         "scott", counting="none")


def test_a_new_measure_is_one_row_that_every_writer_shows(empty_project, monkeypatch, tmp_path):
    rows = list(measures.MEASURES)
    rows.insert(rows.index(measures.measure("u_alpha")), SCOTT)
    rows.append(SCOTT._replace(level="document"))
    monkeypatch.setattr(measures, "MEASURES", tuple(rows))
    report = build_report(coded(empty_project, ("Ana", "Ben")), seed=1, bootstrap=0)

    keys = [f.key for f in report.overall]
    assert keys.index("scott_none") == keys.index("u_alpha") - 1
    data = as_json(report)
    scott = next(f for f in data["overall"] if f["key"] == "scott_none")
    assert scott["measure"] == "Scott's pi" and scott["explanation"] == SCOTT.explanation
    matrix = report.matrix.values.astype(float)
    matrix[report.matrix.values < 0] = np.nan
    assert scott["value"] == pytest.approx(ag.scott_pi(matrix).value)
    assert all("scott_none" in [f["key"] for f in d["figures"]] for d in data["by_document"])
    text = as_text(report)
    assert "Scott's π" in text and f"  - {SCOTT.explanation}" in text
    write_csv(report, tmp_path / "csv")
    with open(tmp_path / "csv" / "overall.csv", newline="", encoding="utf-8") as stream:
        assert "scott_none" in [row[0] for row in csv.reader(stream)]
    html = write_html(report, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Scott&#x27;s π" in html and "<b>scott</b>" in html
    json.dumps(data, allow_nan=False)


def test_report_inputs_are_named_records(empty_project):
    study = load_study(coded(empty_project, ("Ana", "Ben")))
    multi, _ = documents(study, single=False)
    single, notes = documents(study, single=True)
    doc = single[empty_project.document("a.txt").id]
    assert isinstance(doc, CodedDocument) and doc.length == len(TEXT)
    assert all(isinstance(s, LabelledSpan) for spans in doc.by_coder.values() for s in spans)
    assert [s.label for s in doc.by_coder["Ana"]] == ["claim", "claim + attack", "attack",
                                                      "attack + appeal to fairness", "appeal to fairness"]
    assert notes and LabelledSpan(20, 40, "claim") in multi[empty_project.document("a.txt").id].by_coder["Ana"]
    merged, combined = single_label([LabelledSpan(0, 5, "a"), LabelledSpan(3, 8, "a")], {})
    assert merged == [LabelledSpan(0, 8, "a")] and combined == 0
    # plain tuples are CodedDocuments too: the agreement package takes either
    plain = {d: (n, {c: [tuple(s) for s in spans] for c, spans in by.items()}) for d, (n, by) in single.items()}
    assert ag.unitized_alpha_documents(plain).pooled.u_alpha == ag.unitized_alpha_documents(single).pooled.u_alpha
