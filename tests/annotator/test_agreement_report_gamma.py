"""γ in the agreement report (``build_report(gamma_samples=...)``, ``agreement --gamma``): the figures are
``gamma_documents``' on the report's spans, pooled and per document, with the seed and the number of chance
samples said; undefined documents are listed with the reason; without γ the report is what it was."""

import json
from html import escape

import pytest

from annotator import agreement as ag
from annotator.agreement import CodedDocument, LabelledSpan
from annotator.errors import AnnotatorError
from annotator.report import as_json, as_text, build_report, write_csv, write_html

TEXTS = {"a.txt": "The plan will reopen the line. They lied about the budget. Every town deserves a bus.\n",
         "b.txt": "Short note: they failed us, and that is not a plan.\n",
         "c.txt": "Nobody coded this text, though two coders read it.\n"}
SPANS = {"a.txt": {"Ana": [(0, 30, "claim"), (31, 58, "attack"), (20, 40, "claim"), (59, 85, "appeal to fairness")],
                   "Ben": [(0, 29, "claim"), (31, 58, "claim"), (62, 85, "appeal to fairness")]},
         "b.txt": {"Ana": [(0, 10, "claim"), (12, 26, "attack")], "Ben": [(0, 11, "claim"), (28, 50, "attack")]}}


@pytest.fixture
def gamma_study(empty_project):
    for name, text in TEXTS.items():
        empty_project.import_text(text, name)
    for coder in ("Ana", "Ben"):
        empty_project.add_coder(coder)
        empty_project.set_status("c.txt", coder, "done")
    for name, by_coder in SPANS.items():
        for coder, spans in by_coder.items():
            for start, end, code in spans:
                empty_project.annotate(name, start, end, code, coder)
    return empty_project


def _expected_documents() -> dict:
    """The study as ``gamma_documents`` takes it, written out from the spans above (document ids 1, 2, 3)."""
    out = {}
    for i, (name, text) in enumerate(TEXTS.items(), 1):
        by_coder = SPANS.get(name, {"Ana": [], "Ben": []})
        out[i] = CodedDocument(len(text), {c: [LabelledSpan(*s) for s in spans] for c, spans in by_coder.items()})
    return out


def test_the_report_s_gamma_is_gamma_documents_on_the_same_spans(gamma_study):
    report = build_report(gamma_study, seed=7, bootstrap=0, gamma_samples=4)
    expected = ag.gamma_documents(_expected_documents(), n_samples=4, seed=7)
    assert [d.id for d in report.by_document] == [1, 2, 3]
    assert report.figure("gamma").result == expected.pooled.gamma
    assert report.figure("gamma_cat").result == expected.pooled.gamma_cat
    assert report.figure("gamma").value is not None and report.figure("gamma").n_documents == 2  # c.txt left out
    for row in report.by_document:
        figures = {f.key: f.result for f in row.figures}
        assert figures["gamma"] == expected.by_document[row.id].gamma
        assert figures["gamma_cat"] == expected.by_document[row.id].gamma_cat
    assert (report.gamma.n_samples, report.gamma.seed, report.gamma.sampler) == (4, 7, expected.pooled.sampler)
    another = build_report(gamma_study, seed=8, bootstrap=0, gamma_samples=4)
    assert another.figure("gamma").value != report.figure("gamma").value   # the seed is γ's too


def test_undefined_documents_are_listed_with_the_reason_in_every_output(gamma_study, tmp_path):
    report = build_report(gamma_study, seed=7, bootstrap=0, gamma_samples=3)
    assert [(name, f.key) for name, f in report.undefined_gamma()] == [("c.txt", "gamma"), ("c.txt", "gamma_cat")]
    text = as_text(report)
    assert "  γ in c.txt: undefined, because no coder marked any span" in text
    assert "3 chance continua per document" in text and "seed 7" in text and "all codes together" in text
    data = as_json(report)
    assert data["gamma"]["n_samples"] == 3 and data["gamma"]["seed"] == 7 and data["gamma"]["sampler"]
    assert {"document": "c.txt", "key": "gamma_cat",
            "reason": "undefined, because no coder marked any span"} in data["gamma"]["undefined"]
    c = next(d for d in data["by_document"] if d["document"] == "c.txt")
    assert [f["value"] for f in c["figures"] if f["key"] in ("gamma", "gamma_cat")] == [None, None]
    json.dumps(data, allow_nan=False)
    html = write_html(report, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "γ-cat in c.txt: undefined, because no coder marked any span" in html
    write_csv(report, tmp_path / "csv")
    rows = (tmp_path / "csv" / "by_document.csv").read_text(encoding="utf-8")
    assert "c.txt" in rows and "gamma_cat" in rows and "3 chance continua, seed 7" in rows


def test_an_undefined_pooled_figure_says_why(gamma_study):
    """b.txt's attacks lie apart (no pairing confidence): the pooled γ-cat is undefined, and the report says why."""
    report = build_report(gamma_study, seed=1, bootstrap=0, gamma_samples=2, documents=["b.txt"], codes=["attack"])
    why = "undefined, because no units of two coders were aligned with any positional confidence"
    assert report.figure("gamma_cat").reason == why and report.figure("gamma").value is not None
    assert f"  γ-cat (2 chance continua, seed 1; spans, all codes together): {why}" in as_text(report)
    assert {"document": None, "key": "gamma_cat", "reason": why} in as_json(report)["gamma"]["undefined"]


def test_without_gamma_the_report_has_none_of_it(gamma_study):
    report = build_report(gamma_study, seed=7, bootstrap=0)
    assert report.gamma is None and "gamma" not in as_json(report)
    assert not any(f.key.startswith("gamma") for f in report.overall)
    assert not any(f.key.startswith("gamma") for d in report.by_document for f in d.figures)
    assert "γ" not in as_text(report)


@pytest.mark.parametrize("samples", [0, -1, 1001, 10**20, True, 2.0, "30"])
def test_a_bad_number_of_gamma_samples_is_one_sentence(gamma_study, samples):
    with pytest.raises(AnnotatorError, match="γ needs 1 to 1,000 chance samples"):
        build_report(gamma_study, seed=1, bootstrap=0, gamma_samples=samples)


def test_gamma_k_per_code_is_the_pooled_gamma_k_and_every_output_shows_it(gamma_study, tmp_path):
    group = gamma_study.add_code("Moves", codable=False)
    gamma_study.add_code("concede", parent=group)
    gamma_study.annotate("b.txt", 40, 50, "concede", "Ana")
    report = build_report(gamma_study, seed=7, bootstrap=0, gamma_samples=4)
    documents = _expected_documents()
    documents[2].by_coder["Ana"].append(LabelledSpan(40, 50, "concede"))
    expected = ag.gamma_documents(documents, n_samples=4, seed=7).pooled.gamma_k
    by_code = {c.label: {f.key: f for f in c.figures} for c in report.by_code}
    for code in ("claim", "attack", "appeal to fairness", "concede"):
        assert by_code[code]["gamma_k"].result == expected[code]
    assert by_code["claim"]["gamma_k"].value is not None
    assert "γ-k is per code" in by_code["Moves"]["gamma_k"].reason
    assert ("Moves", "gamma_k") in [(label, f.key) for label, f in report.undefined_gamma_k()]
    claim = by_code["claim"]["gamma_k"]
    text = as_text(report)
    assert f"{claim.value:.3f}" in next(line for line in text.splitlines() if line.startswith("  claim"))
    assert "  γ-k of Moves: undefined, because γ-k is per code" in text
    data = as_json(report)
    figures = next(c["figures"] for c in data["by_code"] if c["code"] == "claim")
    assert next(f["value"] for f in figures if f["key"] == "gamma_k") == claim.value
    moves = by_code["Moves"]["gamma_k"].reason
    assert {"code": "Moves", "key": "gamma_k", "reason": moves} in data["gamma"]["undefined"]
    html = write_html(report, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "γ-k of Moves: undefined, because γ-k is per code" in html
    write_csv(report, tmp_path / "csv")
    rows = (tmp_path / "csv" / "by_code.csv").read_text(encoding="utf-8").splitlines()
    assert any(r.startswith("claim,") and ",gamma_k,γ-k," in r and repr(claim.value)[:8] in r for r in rows)
    assert "gamma_k of by_code.csv" in (tmp_path / "csv" / "README.txt").read_text(encoding="utf-8")


def test_a_gamma_k_resting_on_some_of_its_spans_says_so_in_every_output(gamma_study, tmp_path):
    for start, end in ((0, 6), (24, 30)):   # two claims where Ben, who read c.txt too, marked nothing
        gamma_study.annotate("c.txt", start, end, "claim", "Ana")
    report = build_report(gamma_study, seed=7, bootstrap=0, gamma_samples=4)
    claim = next(f for c in report.by_code if c.label == "claim" for f in c.figures if f.key == "gamma_k")
    spans, aligned = claim.result.n_units, claim.aligned
    assert claim.partly_aligned and 0 < aligned < spans and claim.result.coverage == aligned / spans
    note = f"rests on {aligned} of the code's {spans} spans"
    text = as_text(report)
    assert f"{claim.value:.3f} ({claim.result.coverage:.0%})" in next(
        line for line in text.splitlines() if line.startswith("  claim"))
    assert f"  γ-k of claim: {note}" in text
    figure = next(f for c in as_json(report)["by_code"] if c["code"] == "claim" for f in c["figures"]
                  if f["key"] == "gamma_k")
    assert figure["coverage"] == claim.result.coverage and any(note in w for w in figure["warnings"])
    assert escape(f"γ-k of claim: {note}") in write_html(report, tmp_path / "r.html").read_text(encoding="utf-8")
    write_csv(report, tmp_path / "csv")
    row = next(r for r in (tmp_path / "csv" / "by_code.csv").read_text(encoding="utf-8").splitlines()
               if r.startswith("claim,") and ",gamma_k," in r)
    assert repr(claim.result.coverage) in row and note in row
