"""The agreement report's assisted-coding section: each coder's share of annotations that came from
accepted suggestions (per method), and the overall figures computed again without them."""
import json
import shutil
from html import escape
from types import SimpleNamespace

import pytest

from annotator import Project
from annotator.report import as_json, as_text, build_report
from annotator.report.html import as_html
from tests.helpers import span_of

TEXTS = ("The unfair tax hurt families. Crime has fallen. They called it an unfair tax, twice. Crime pays.",
         "Nobody liked the unfair tax. Crime has fallen again. The tax was unfair to families.")



@pytest.fixture
def assisted_study(tmp_path):
    """Ana and Ben code two texts by hand; Ana also accepts two propagated suggestions."""
    path = tmp_path / "assisted_study.annot"
    with Project.create(path) as project:
        for i, text in enumerate(TEXTS):
            project.import_text(text, f"t{i}.txt")
        for coder in ("Ana", "Ben"):
            project.add_coder(coder)
        t0, t1 = TEXTS
        project.annotate("t0.txt", *span_of(t0, "unfair tax"), "attack", "Ana")
        project.annotate("t0.txt", *span_of(t0, "Crime has fallen"), "claim", "Ana")
        project.annotate("t0.txt", *span_of(t0, "unfair tax"), "attack", "Ben")
        project.annotate("t0.txt", *span_of(t0, "unfair tax", 1), "claim", "Ben")
        project.annotate("t1.txt", *span_of(t1, "unfair tax"), "attack", "Ben")
        project.annotate("t1.txt", *span_of(t1, "families"), "claim", "Ben")
        project.suggest("propagate", "Ana")
        offers = [s.id for s in project.suggestions("Ana") if s.code == "attack"]
        assert len(offers) == 2
        project.decide_suggestions(offers, accept=True)
    return path


def test_each_coders_share_of_suggested_annotations_per_method(assisted_study):
    with Project.open(assisted_study) as project:
        report = build_report(project, bootstrap=0)
    ana, ben = report.assistance.coders
    assert (ana.name, ana.annotations, ana.suggested, ana.by_method, ana.share) == ("Ana", 4, 2, {"propagate": 2}, 0.5)
    assert (ben.name, ben.annotations, ben.suggested, ben.by_method) == ("Ben", 4, 0, {})
    assert report.assistance.suggested == 2


def test_figures_without_suggested_are_the_report_of_the_study_without_them(assisted_study, tmp_path):
    with Project.open(assisted_study) as project:
        report = build_report(project, bootstrap=50, seed=3)
    copy = tmp_path / "by_hand.annot"
    shutil.copy(assisted_study, copy)
    with Project.open(copy) as project:
        conn = project.store.conn
        conn.execute("DELETE FROM annotations WHERE uuid IN (SELECT annotation_uuid FROM annotation_provenance)")
        conn.commit()
        for doc in report.by_document:        # the same documents and coders: Ana took part in t1 by accepting
            for coder in doc.coders:
                project.set_status(doc.name, coder, "in progress")
        by_hand = build_report(project, bootstrap=50, seed=3)
    without = report.assistance.without
    assert [f.key for f in without] == [f.key for f in report.overall]
    assert [(f.value, f.ci) for f in without] == [(f.value, f.ci) for f in by_hand.overall]
    assert [f.value for f in without] != [f.value for f in report.overall]     # assistance did move agreement
    assert by_hand.assistance.without == () and by_hand.assistance.suggested == 0


def test_the_section_in_text_json_and_html(assisted_study):
    with Project.open(assisted_study) as project:
        report = build_report(project, bootstrap=0)
    text = as_text(report)
    assert "Assisted coding (annotations accepted from suggestions)" in text
    assert "2 of 8 annotations came from accepted suggestions" in text
    row = next(line for line in text.splitlines() if line.strip().startswith("Ana") and "propagate 2" in line)
    assert "50.0%" in row
    alpha = report.figure("u_alpha")
    uα = next(f for f in report.assistance.without if f.key == "u_alpha")
    line = next(line for line in text.splitlines() if line.strip().startswith(alpha.label + " ")
                and "without" not in line and f"{uα.value:.3f}" in line)
    assert f"{alpha.value:.3f}" in line and f"{uα.value - alpha.value:+.3f}" in line
    data = json.loads(json.dumps(as_json(report)))["assistance"]
    assert data["coders"][0] == {"coder": "Ana", "annotations": 4, "from_suggestions": 2, "share": 0.5,
                                 "by_method": {"propagate": 2}}
    assert [f["key"] for f in data["without_suggested"]] == [f.key for f in report.overall]
    html = as_html(report)
    assert "<h2>Assisted coding</h2>" in html and "without suggested" in html and "propagate 2" in html


def test_without_suggestions_the_section_is_one_line_and_nothing_is_computed_twice(assisted_study, monkeypatch):
    with Project.open(assisted_study) as project:
        project.store.conn.execute("DELETE FROM annotation_provenance")
        project.store.conn.commit()
        from annotator.report import build
        calls = []
        real = build._Builder.overall
        monkeypatch.setattr(build._Builder, "overall", lambda self: calls.append(1) or real(self))
        report = build_report(project, bootstrap=0)
    assert calls == [1] and report.assistance.without == ()
    lines = [line for line in as_text(report).splitlines() if "Assisted" in line or "suggest" in line]
    assert lines == ["Assisted coding: No annotation in this report came from an accepted suggestion."]
    assert as_json(report)["assistance"]["without_suggested"] == []


def test_each_row_of_the_comparison_says_how_it_counts_uncoded_text(assisted_study):
    """Percent agreement, α, κ and AC1 come twice (uncoded text as a value, and left out): each row
    names its variant as the overall table does, in text and HTML."""
    with Project.open(assisted_study) as project:
        report = build_report(project, bootstrap=0)
    lines = as_text(report).split("Assisted coding (annotations")[1].splitlines()
    twice = [f for f in report.overall if sum(g.label == f.label for g in report.overall) == 2]
    assert twice and all(f.variant for f in twice)
    for f in twice:
        assert sum(line.strip().startswith(f.label + " ") and line.rstrip().endswith(f.variant) for line in lines) == 1
    html = as_html(report).split("<h2>Assisted coding</h2>")[1]
    assert all(escape(f.variant) in html for f in twice)


@pytest.mark.parametrize("before, after, shown", [(0.5, 0.4999, "+0.000"), (0.5, 0.5004, "+0.000"),
                                                  (0.5, 0.4994, "-0.001"), (0.2, 0.3, "+0.100")])
def test_a_change_too_small_to_show_is_not_signed_negative(before, after, shown):
    from annotator.report.text import change
    low, high = (SimpleNamespace(value=v) for v in (before, after))       # change() reads .value only
    assert change(low, high) == shown
