"""The agreement report: its numbers are annotator.agreement's, pooled over documents; its
JSON, CSV and HTML carry every definition, recompute outside the app and escape text."""

import csv
import json
import math
import warnings

import numpy as np
import pytest

from annotator import agreement as ag
from annotator.errors import AnnotatorError
from annotator.report import as_json, as_text, build_report, write_csv, write_html

TEXT_A = "The plan will reopen the line. They lied about the budget. Every town deserves a bus.\n"
TEXT_B = "Short note: they failed us.\n"

SPANS = {  # document -> coder -> (start, end, code)
    "a.txt": {"Ana": [(0, 30, "claim"), (31, 58, "attack"), (59, 85, "appeal to fairness")],
              "Ben": [(0, 30, "claim"), (31, 58, "claim"), (64, 85, "appeal to fairness")]},
    "b.txt": {"Ana": [(12, 27, "attack")],
              "Ben": [(0, 10, "boilerplate"), (12, 27, "claim")]},
}


@pytest.fixture
def report_study(empty_project):
    """Two documents, two coders, a code group ``Argument`` with ``support`` and ``rebut``."""
    for text, name in ((TEXT_A, "a.txt"), (TEXT_B, "b.txt")):
        empty_project.import_text(text, name)
    empty_project.add_coder("Ana")
    empty_project.add_coder("Ben")
    for name, by_coder in SPANS.items():
        for coder, spans in by_coder.items():
            for start, end, code in spans:
                empty_project.annotate(name, start, end, code, coder)
    return empty_project


def documents_of(project, spans=SPANS):
    return {project.document(name).id: (project.document(name).length, {c: list(s) for c, s in by.items()})
            for name, by in spans.items()}


def report_of(project, **options):
    options.setdefault("seed", 7)
    options.setdefault("bootstrap", 200)
    return build_report(project, **options)


def test_overall_figures_are_the_agreement_package_pooled_over_documents(report_study):
    report = report_of(report_study)
    docs = documents_of(report_study)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        none = ag.project_documents(docs, uncoded="none").matrix
        excluded = ag.project_documents(docs, uncoded="exclude").matrix
        family = ag.unitized_alpha_documents(docs)
        expected = {
            "percent_none": ag.percent_agreement(none), "alpha_none": ag.krippendorff_alpha(none),
            "cohen_none": ag.cohen_kappa(none), "ac1_none": ag.gwet_ac1(none),
            "percent_excluded": ag.percent_agreement(excluded), "alpha_excluded": ag.krippendorff_alpha(excluded),
            "cohen_excluded": ag.cohen_kappa(excluded), "ac1_excluded": ag.gwet_ac1(excluded),
            "u_alpha": family.pooled.u_alpha, "bar_u_alpha": family.pooled.bar_u_alpha,
            "cu_alpha": family.pooled.cu_alpha, "alpha_u_2004": ag.alpha_u_2004_documents(docs).pooled.overall,
        }
        flat = {c: [(d, *s) for d, (_, by) in docs.items() for s in by[c]] for c in ("Ana", "Ben")}
        expected["f1_exact"] = ag.span_f1(flat["Ana"], flat["Ben"], "exact")
        expected["f1_overlap"] = ag.span_f1(flat["Ana"], flat["Ben"], "overlap")
    for key, result in expected.items():
        assert report.figure(key).value == pytest.approx(result.value, abs=1e-12), key
        assert report.figure(key).measure == result.measure
    # pooled, not averaged: the mean of the two documents' uα is a different number
    per_doc = [row.figures[0].value for row in report.by_document]
    assert report.figure("u_alpha").value != pytest.approx(np.mean(per_doc), abs=1e-3)
    assert [row.figures[0].value for row in report.by_document] == pytest.approx(
        [family.by_document[d].u_alpha.value for d in docs])


def test_figures_carry_definition_counts_coders_and_an_explanation(report_study):
    report = report_of(report_study)
    alpha = report.figure("alpha_none")
    assert alpha.result.n_units == len(TEXT_A) + len(TEXT_B) and alpha.result.unit == "characters"
    assert alpha.coders == ("Ana", "Ben") and alpha.n_documents == 2
    assert alpha.explanation and alpha.verdict in ("reliable", "tentative", "unreliable")
    assert report.figure("cohen_none").verdict is None  # Krippendorff's cut-offs are for alpha only
    assert alpha.ci.seed == 7 and alpha.ci.n_resamples == 200 and alpha.ci.low <= alpha.value <= alpha.ci.high
    assert report_of(report_study).figure("u_alpha").ci == report.figure("u_alpha").ci  # the seed reproduces it


def test_code_groups_roll_up_the_union_of_their_codes(report_study):
    group = report_study.add_code("Argument", codable=False)
    report_study.add_code("support", parent=group)
    report_study.add_code("rebut", parent=group)
    report_study.annotate("a.txt", 0, 30, "support", "Ana")
    report_study.annotate("a.txt", 31, 58, "rebut", "Ana")
    report_study.annotate("a.txt", 0, 58, "support", "Ben")
    report = report_of(report_study, codes=["Argument"])
    rows = {row.label: row for row in report.by_code}
    assert rows["Argument"].is_group and set(rows["Argument"].members) == {"support", "rebut"}
    assert rows["support"].depth == 1
    # the group: Ana's support + rebut relabelled as Argument against Ben's support
    docs = {report_study.document("a.txt").id: (len(TEXT_A), {"Ana": [(0, 30, "Argument"), (31, 58, "Argument")],
                                                       "Ben": [(0, 58, "Argument")]}),
            report_study.document("b.txt").id: (len(TEXT_B), {"Ana": [], "Ben": []})}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        direct = ag.u_alpha_by_code_documents(docs)["Argument"]
    figure = next(f for f in rows["Argument"].figures if f.key == "code_u_alpha")
    assert figure.value == pytest.approx(direct.value, abs=1e-12)


def test_disagreements_list_who_coded_what_including_nothing(report_study):
    report = report_of(report_study)
    b_doc = [d for d in report.disagreements if d.document == "b.txt"]
    boiler = next(d for d in b_doc if d.start == 0)
    assert boiler.codes == {"Ana": (), "Ben": ("boilerplate",)} and boiler.text == TEXT_B[0:10]
    assert any(d.codes == {"Ana": ("attack",), "Ben": ("claim",)} for d in b_doc)
    # the identical claim [0, 30) is an agreement, not listed
    assert not any(d.document == "a.txt" and (d.start, d.end) == (0, 30) for d in report.disagreements)
    assert "nothing" in as_text(report)


def test_json_has_definitions_and_warnings_and_no_nan(report_study):
    report_study.annotate("a.txt", 0, 20, "attack", "Ben")  # overlaps Ben's claim: a combined value, warned
    data = as_json(report_of(report_study))
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text)["bootstrap"]["seed"] == 7
    figures = data["overall"] + [f for row in data["by_code"] + data["pairs"] + data["by_document"]
                                 for f in row["figures"]]
    for f in figures:
        assert {"measure", "value", "n_units", "unit", "coders", "n_documents", "warnings", "explanation"} <= f.keys()
        assert (f["value"] is None) == (f["reason"] is not None)
    assert any("overlapping text" in w for w in data["warnings"])
    assert data["thresholds"]["reliable"] == 0.8 and data["disagreements"]


def _read_wide(folder):
    with open(folder / "units_wide.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    return rows[0], rows[1:]


def test_wide_csv_recomputes_alpha_with_the_krippendorff_package(report_study, tmp_path):
    import krippendorff
    report_study.add_coder("Cem")
    report_study.annotate("a.txt", 0, 30, "claim", "Cem")  # Cem did not work on b.txt: NA there
    report = report_of(report_study)
    files = write_csv(report, tmp_path / "out")
    assert {"overall.csv", "by_code.csv", "pairs.csv", "by_document.csv", "confusion.csv", "disagreements.csv",
            "units_wide.csv", "units_long.csv", "README.txt"} <= {f.name for f in files}
    header, rows = _read_wide(tmp_path / "out")
    assert header == ["unit_id", "document", "unit_start", "unit_end", "Ana", "Ben", "Cem"]
    cells = [row[4:] for row in rows]
    assert any(c[2] == "NA" for c in cells) and any(c[0] == "" for c in cells)
    labels = {v: i for i, v in enumerate(sorted({v for c in cells for v in c if v != "NA"}))}
    data = np.array([[np.nan if v == "NA" else labels[v] for v in c] for c in cells], dtype=float).T
    value = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert value == pytest.approx(report.figure("alpha_none").value, abs=1e-9)
    coded = np.array([any(v not in ("", "NA") for v in c) for c in cells])
    value = krippendorff.alpha(reliability_data=data[:, coded], level_of_measurement="nominal")
    assert value == pytest.approx(report.figure("alpha_excluded").value, abs=1e-9)
    with open(tmp_path / "out" / "units_long.csv", newline="", encoding="utf-8") as stream:
        long = list(csv.DictReader(stream))
    assert len(long) == int((report.matrix.values >= 0).sum())


def test_csv_neutralises_formulas_unless_raw(report_study, tmp_path):
    report_study.add_code("=SUM(A1)")
    report_study.annotate("b.txt", 0, 10, "=SUM(A1)", "Ana")
    write_csv(report_of(report_study), tmp_path / "safe")
    write_csv(report_of(report_study), tmp_path / "raw", raw=True)
    assert "'=SUM(A1)" in (tmp_path / "safe" / "units_wide.csv").read_text(encoding="utf-8")
    assert "'=SUM" not in (tmp_path / "raw" / "units_wide.csv").read_text(encoding="utf-8")


def test_every_cell_of_every_report_csv_is_neutralised_headers_included(report_study, tmp_path):
    report_study.add_code("=cmd|calc!A0")
    report_study.add_coder("=SUM(1,2)")
    report_study.annotate("b.txt", 0, 10, "=cmd|calc!A0", "=SUM(1,2)")
    report_study.annotate("a.txt", 0, 30, "=cmd|calc!A0", "=SUM(1,2)")
    files = write_csv(report_of(report_study, coders=["Ana", "Ben", "=SUM(1,2)"]), tmp_path / "safe")
    cells = {}
    for path in (p for p in files if p.suffix == ".csv"):
        with open(path, newline="", encoding="utf-8") as stream:
            cells[path.name] = [cell for row in csv.reader(stream) for cell in row]
    with open(tmp_path / "safe" / "confusion.csv", newline="", encoding="utf-8") as stream:
        assert "'=cmd|calc!A0" in next(csv.reader(stream))
    with open(tmp_path / "safe" / "disagreements.csv", newline="", encoding="utf-8") as stream:
        assert "'=SUM(1,2)" in next(csv.reader(stream))
    risky = {name: [c for c in found if c.startswith(("=", "+", "@", "\t", "\r", "\n"))]
             for name, found in cells.items()}
    assert risky == {name: [] for name in cells}


def test_html_is_self_contained_and_escapes_project_text(empty_project, tmp_path):
    empty_project.import_text("<script>alert('x')</script> & more text here.\n", "<b>evil</b>.txt")
    empty_project.add_coder("<i>Ana</i>")
    empty_project.add_coder("Ben")
    empty_project.annotate("<b>evil</b>.txt", 0, 28, "claim", "<i>Ana</i>")
    empty_project.annotate("<b>evil</b>.txt", 0, 20, "attack", "Ben")
    path = write_html(report_of(empty_project), tmp_path / "report.html")
    html = path.read_text(encoding="utf-8")
    assert "<script>" not in html and "<i>Ana</i>" not in html and "<b>evil" not in html
    assert "&lt;script&gt;" in html and "&lt;i&gt;Ana&lt;/i&gt;" in html
    assert "class='heat'" in html and "http" not in html.replace("http-equiv", "")


def test_degenerate_data_is_undefined_with_a_reason_never_0_or_1(empty_project):
    empty_project.import_text("Everyone agrees on everything here.\n", "same.txt")
    empty_project.add_coder("Ana")
    empty_project.add_coder("Ben")
    length = empty_project.document("same.txt").length
    for coder in ("Ana", "Ben"):  # the whole text, one code: nothing varies
        empty_project.annotate("same.txt", 0, length, "claim", coder)
    report = report_of(empty_project)
    for key in ("alpha_none", "alpha_excluded", "cohen_excluded", "ac1_none", "u_alpha", "bar_u_alpha", "cu_alpha"):
        figure = report.figure(key)
        assert figure.value is None and figure.reason.startswith("undefined, because"), key
    every = list(report.overall) + [f for row in report.by_code + report.pairs + report.by_document
                                    for f in row.figures]
    assert all(f.value is not None or f.reason.startswith("undefined, because") for f in every)
    assert "undefined, because" in as_text(report)


def test_three_coders_use_fleiss_and_name_the_cu_alpha_variant(report_study):
    report_study.add_coder("Cem")
    for start, end, code in SPANS["a.txt"]["Ana"]:
        report_study.annotate("a.txt", start, end, code, "Cem")
    report = report_of(report_study)
    assert report.figure("fleiss_none").value is None  # Cem did not work on b.txt
    assert "same number of ratings" in report.figure("fleiss_none").reason
    assert any("self-pairing" in w for w in report.figure("cu_alpha").warnings)
    assert report.figure("f1_exact").measure.startswith("mean pairwise")
    matrix = report.pair_matrix("u_alpha")
    assert len(matrix) == 3 and matrix[0][0] is None and matrix[0][1] == matrix[1][0]
    cem = next(s for s in report.coder_summaries if s.name == "Cem")
    assert cem.documents == 1


def test_cu_alpha_defaults_to_the_mass_variant_and_every_output_names_it(report_study, tmp_path):
    # A third coder who codes sparsely: the three cuα self-pairing variants give different values.
    report_study.add_coder("Cem")
    for start, end, code in [(0, 12, "claim"), (31, 40, "claim"), (64, 70, "attack")]:
        report_study.annotate("a.txt", start, end, code, "Cem")
    spans = {**SPANS, "a.txt": {**SPANS["a.txt"], "Cem": [(0, 12, "claim"), (31, 40, "claim"), (64, 70, "attack")]}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        documents = documents_of(report_study, spans)
        by_variant = {v: ag.unitized_alpha_documents(documents, cu_pairable=v).pooled.cu_alpha.value
                      for v in ("mass", "pairwise", "union")}
    assert len({round(v, 9) for v in by_variant.values()}) == 3
    report = report_of(report_study)
    assert report.cu_variant == "mass" and "'mass'" in report.figure("cu_alpha").variant
    assert report.figure("cu_alpha").value == pytest.approx(by_variant["mass"], abs=1e-12)
    assert all("'mass'" in f.variant for row in report.by_code for f in row.figures if f.key == "k_u_alpha")
    assert "'mass'" in as_text(report).split("Overall")[0]  # said once, near the top
    assert as_json(report)["cu_variant"] == "mass"
    write_csv(report, tmp_path / "csv")
    assert "'mass'" in (tmp_path / "csv" / "README.txt").read_text(encoding="utf-8")
    html = write_html(report, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "&#x27;mass&#x27;" in html.split("<h2>Overall</h2>")[0]
    pairwise = report_of(report_study, cu_pairable="pairwise")
    assert (pairwise.cu_variant == "pairwise"
            and pairwise.figure("cu_alpha").value == pytest.approx(by_variant["pairwise"]))
    with pytest.raises(AnnotatorError, match="self-pairing variant"):
        report_of(report_study, cu_pairable="bogus")


@pytest.mark.parametrize("unit", ["token", "sentence"])
def test_token_and_sentence_units(report_study, unit):
    report = report_of(report_study, unit=unit)
    services = report_study.text_services()
    bounds = {}
    for name in ("a.txt", "b.txt"):
        doc = report_study.document(name)
        if unit == "token":
            starts, ends = services.tokens(doc.text)
            bounds[doc.id] = np.column_stack([starts, ends])
        else:
            bounds[doc.id] = np.array(services.sentences(doc.text))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matrix = ag.project_documents(documents_of(report_study), units=bounds, uncoded="none").matrix
    assert report.figure("alpha_none").result.unit == {"token": "tokens", "sentence": "sentences"}[unit]
    assert report.figure("alpha_none").result.n_units == matrix.shape[1]
    assert report.figure("alpha_none").value == pytest.approx(ag.krippendorff_alpha(matrix).value, abs=1e-12)
    assert report.figure("u_alpha").result.unit == "characters"


def test_selection_errors_are_plain_sentences(report_study, empty_project):
    with pytest.raises(AnnotatorError, match="at least two coders"):
        build_report(report_study, coders=["Ana"])
    with pytest.raises(AnnotatorError, match="No coder named 'Zoe'"):
        build_report(report_study, coders=["Ana", "Zoe"])
    with pytest.raises(AnnotatorError, match="No code named"):
        build_report(report_study, codes=["nonsense"])
    with pytest.raises(AnnotatorError, match="No document"):
        build_report(report_study, documents=["missing.txt"])
    with pytest.raises(AnnotatorError, match="unit"):
        build_report(report_study, unit="word")
    with pytest.raises(AnnotatorError, match="Nothing to compare"):
        build_report(report_study, codes=["boilerplate"], documents=["a.txt"])


def test_documents_and_codes_narrow_the_report(report_study):
    report = report_of(report_study, documents=["a.txt"], codes=["claim"])
    assert report.documents == ("a.txt",)
    assert [row.label for row in report.by_code] == ["claim"]
    assert report.figure("u_alpha").result.n_units == len(TEXT_A)
    assert not math.isnan(report.figure("alpha_none").value)
