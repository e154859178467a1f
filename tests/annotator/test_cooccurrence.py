"""`annotator cooccurrence`: which codes go together (overlap, sentence, paragraph, document,
window:N) and which follow which (followed-by:N), per coder, with Jaccard / c-coefficients.

Expected tables are worked out by hand on the study described in counting_studies.py (a1..a6
are Ana's annotations, b1..b5 Ben's), and on random studies by the naive count at the end of
this file, which tries every pair of annotations against every unit."""
import csv
import json

import pytest
from counting_studies import D1, D2, build_hand_study, build_random_study
from helpers import dump

from annotator.analysis.cooccurrence import cooccurrence
from annotator.analysis.scope import resolve_scope
from annotator.cli import main
from annotator.nlp import get_services
from annotator.packages import EMPTY_SCHEME
from annotator.paragraphs import paragraphs
from annotator.project import Project
from annotator.records import code_path

CODES = ["claim", "attack", "attack > insult", "fairness"]
C, A, I, F = CODES  # noqa: E741 (I is insult)


@pytest.fixture
def cooccurrence_study(tmp_path):
    return build_hand_study(tmp_path / "hand.annot")


def run(capsys, path, unit, *options):
    assert main(["cooccurrence", str(path), "--json", "--unit", unit, *options]) == 0
    out, err = capsys.readouterr()
    return json.loads(out), err


def off_diagonal(result):
    """{(a, b): (count, jaccard)} of the cells a before b in the code order that count anything."""
    order = result["codes"]
    return {(c["a"], c["b"]): (c["count"], c["jaccard"]) for c in result["cells"]
            if order.index(c["a"]) < order.index(c["b"]) and c["count"]}


def test_the_fixture_cuts_paragraphs_as_the_tables_assume():
    assert paragraphs(D1) == [(0, 28), (29, 47), (49, 67)]
    assert paragraphs(D2) == [(0, 24)]
    assert paragraphs("  One.  \n \n\tTwo\n") == [(2, 6), (12, 15)]


def test_paragraph_and_line_separators_end_paragraphs_as_the_text_view_shows_them():
    assert paragraphs("One.\u2029Two. \u2028 Three.\x0bstill three\n") == [(0, 4), (5, 9), (12, 30)]


def test_overlap_counts_pairs_of_one_coders_annotations(cooccurrence_study, capsys):
    result, _ = run(capsys, cooccurrence_study, "overlap")
    assert (result["unit"], result["codes"]) == ("overlap", CODES)
    assert result["totals"] == {C: 5, A: 3, I: 2, F: 1}  # annotations: a1 a6 a4 b1 b4; a2 a5 b3; a3 b2; b5
    assert off_diagonal(result) == {
        (C, A): (1, pytest.approx(1 / 7)),  # a6 [6,21) meets a2 [12,28); c = 1 / (5 + 3 - 1)
        (C, I): (1, pytest.approx(1 / 6)),  # a6 meets a3 [17,21) (Ben's b1 and b2 only touch: no)
        (A, I): (1, pytest.approx(1 / 4)),  # a2 holds a3
        (C, F): (1, pytest.approx(1 / 5)),  # b4 inside b5
    }
    cells = {(c["a"], c["b"]): c for c in result["cells"]}
    assert cells[C, C]["count"] == 1 and cells[C, C]["jaccard"] == pytest.approx(1 / 9)  # a1 and a6
    assert cells[A, C] == {"a": A, "b": C, "count": 1, "jaccard": pytest.approx(1 / 7)}  # symmetric
    assert len(result["cells"]) == 16


def test_sentences_are_counted_per_coder(cooccurrence_study, capsys):
    result, _ = run(capsys, cooccurrence_study, "sentence")
    # units: Ana d1 S0 {claim}, S1 {claim (a6), attack, insult}, S2 {claim}; Ana d2 T1 {attack};
    # Ben d1 S0 {claim}, S1 {insult}, S3 {attack}; Ben d2 T0 {claim, fairness}, T1 {fairness}
    assert result["totals"] == {C: 5, A: 3, I: 2, F: 2}
    assert off_diagonal(result) == {
        (C, A): (1, pytest.approx(1 / 7)), (C, I): (1, pytest.approx(1 / 6)), (A, I): (1, pytest.approx(1 / 4)),
        (C, F): (1, pytest.approx(1 / 6)),
    }  # attack and fairness share d2's T1, but Ana coded one and Ben the other: not counted
    cells = {(c["a"], c["b"]): c for c in result["cells"]}
    assert (cells[F, F]["count"], cells[F, F]["jaccard"]) == (2, 1.0)  # the diagonal is the units with it


def test_paragraphs_ignore_blank_lines(cooccurrence_study, capsys):
    result, _ = run(capsys, cooccurrence_study, "paragraph")
    # Ana d1 P0 {claim, attack, insult}, P1 {claim}; Ana d2 {attack}; Ben d1 P0 {claim, insult},
    # P2 {attack}; Ben d2 {claim, fairness}
    assert result["totals"] == {C: 4, A: 3, I: 2, F: 1}
    assert off_diagonal(result) == {
        (C, A): (1, pytest.approx(1 / 6)), (C, I): (2, 0.5), (A, I): (1, 0.25), (C, F): (1, 0.25)}


def test_documents(cooccurrence_study, capsys):
    result, _ = run(capsys, cooccurrence_study, "document")
    # Ana d1 {claim, attack, insult}, Ana d2 {attack}, Ben d1 {claim, insult, attack}, Ben d2 {claim, fairness}
    assert result["totals"] == {C: 3, A: 3, I: 2, F: 1}
    assert off_diagonal(result) == {
        (C, A): (2, 0.5), (C, I): (2, pytest.approx(2 / 3)), (A, I): (2, pytest.approx(2 / 3)),
        (C, F): (1, pytest.approx(1 / 3))}


def test_windows_of_tokens(cooccurrence_study, capsys):
    # token ranges: a1 0-2, a6 1-4, a2 3-7, a3 4, a4 8-12; b1 0-2, b2 3-7, b3 13-16; d2: b4 0-3, b5 0-6
    one, _ = run(capsys, cooccurrence_study, "window:1")
    assert one["totals"] == {C: 5, A: 3, I: 2, F: 1}
    assert off_diagonal(one) == {
        (C, A): (3, 0.6),  # a1-a2 (tokens 2 and 3 are next to each other), a6-a2, a4-a2 (7 and 8)
        (C, I): (2, 0.4),  # a6-a3 overlap; b1-b2 are next to each other
        (A, I): (1, 0.25), (C, F): (1, 0.2),
    }
    five, err = run(capsys, cooccurrence_study, "window:5")
    assert off_diagonal(five) == {
        (C, A): (3, 0.6),
        (C, I): (4, pytest.approx(4 / 3)),  # + a1-a3 (2 tokens) and a3-a4 (4): more pairs than one-to-one
        (A, I): (1, 0.25), (C, F): (1, 0.2),
    }  # b2-b3 are 6 tokens apart: not within 5
    assert "warning: 2 cells count more pairs than fit one-to-one" in err
    six, _ = run(capsys, cooccurrence_study, "window:6")
    assert off_diagonal(six)[A, I] == (2, pytest.approx(2 / 3))


def test_an_annotation_over_whitespace_only_stands_at_the_next_token(tmp_path, capsys):
    path = tmp_path / "space.annot"
    with Project.create(path, scheme=EMPTY_SCHEME) as project:
        project.import_text("One two three four.", "t")  # tokens One0 two1 three2 four3 .4
        for name in ("claim", "attack"):
            project.add_code(name)
        project.add_coder("Ana")
        project.annotate("t", 3, 4, "claim", "Ana")  # the space after "One": it stands at "two" (1)
        project.annotate("t", 14, 18, "attack", "Ana")  # "four" (3)
    counts = {n: run(capsys, path, f"window:{n}")[0]["cells"][1]["count"] for n in (1, 2)}
    assert counts == {1: 0, 2: 1}  # "four" is two tokens after "two"


def test_followed_by_is_directed(cooccurrence_study, capsys):
    # d1 sentences start at 0, 12, 29, 49: a1 ends in S0, a6 a2 a3 and b2 in S1, a4 in S2
    result, _ = run(capsys, cooccurrence_study, "followed-by:1")
    counts = {(c["a"], c["b"]): c["count"] for c in result["cells"] if c["count"]}
    assert counts == {
        (C, A): 1,  # a1 -> a2
        (C, I): 2,  # a1 -> a3, b1 -> b2
        (C, C): 1,  # a6 -> a4
        (A, C): 1,  # a2 -> a4
        (I, C): 1,  # a3 -> a4
    }  # b4 and b5 start together: neither follows the other
    two, _ = run(capsys, cooccurrence_study, "followed-by:2")
    counts = {(c["a"], c["b"]): c["count"] for c in two["cells"] if c["count"]}
    assert counts[C, C] == 2 and counts[I, A] == 1  # + a1 -> a4 (S0 to S2), b2 -> b3 (S1 to S3)
    assert (A, I) not in counts


def test_followed_by_zero_is_later_in_the_same_sentence(tmp_path, capsys):
    path = tmp_path / "zero.annot"
    with Project.create(path, scheme=EMPTY_SCHEME) as project:
        project.import_text("We claim this. Then we attack.  Later more.", "t")
        for name in ("claim", "attack"):
            project.add_code(name)
        project.add_coder("Ana")
        for start, end, code in ((0, 8, "claim"), (9, 14, "attack"), (15, 19, "attack"), (14, 15, "claim"),
                                 (30, 32, "attack")):
            project.annotate("t", start, end, code, "Ana")
    # sentences S0 [0,14) S1 [15,30) S2 [32,43). A position between two sentences belongs to the
    # earlier one: the claim [14,15) (the space after "this.") ends in S0, the attack [30,32) starts in S1.
    # claim [0,8) S0; attack [9,14) S0; claim [14,15) S0; attack [15,19) S1; attack [30,32) S1
    result, _ = run(capsys, path, "followed-by:0")
    counts = {(c["a"], c["b"]): c["count"] for c in result["cells"] if c["count"]}
    assert counts == {
        ("claim", "attack"): 1,  # [0,8) -> [9,14)
        ("claim", "claim"): 1,  # [0,8) -> [14,15)
        ("attack", "claim"): 1,  # [9,14) -> [14,15): it starts where the attack ends
        ("attack", "attack"): 1,  # [15,19) -> [30,32)
    }
    result, _ = run(capsys, path, "followed-by:1")
    counts = {(c["a"], c["b"]): c["count"] for c in result["cells"] if c["count"]}
    assert counts == {
        ("claim", "attack"): 5,  # [0,8) -> [9,14), [15,19), [30,32); [14,15) -> [15,19), [30,32)
        ("claim", "claim"): 1,  # [0,8) -> [14,15)
        ("attack", "claim"): 1,  # [9,14) -> [14,15)
        ("attack", "attack"): 3,  # [9,14) -> [15,19), [30,32); [15,19) -> [30,32)
    }


def test_scope_narrows_coders_and_codes(cooccurrence_study, capsys):
    result, _ = run(capsys, cooccurrence_study, "document", "--coder", "Ben", "--code", "attack", "--code", "claim")
    assert result["codes"] == [C, A, I]  # codes in codebook order, attack with its sub-code
    assert off_diagonal(result) == {(C, A): (1, 0.5), (C, I): (1, 0.5), (A, I): (1, 1.0)}  # Ben d1 only
    assert result["totals"] == {C: 2, A: 1, I: 1}


def test_the_human_table_names_the_unit(cooccurrence_study, capsys):
    assert main(["cooccurrence", str(cooccurrence_study), "--unit", "paragraph"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Co-occurrence counted in paragraphs, per coder")
    assert lines[1].split() == ["code", "1", "2", "3", "4", "units"]
    assert lines[2].split() == ["1", "claim", "4", "1", "2", "1", "4"]
    assert lines[6] == "Jaccard:"


def test_csv_is_long_with_unit_and_totals(cooccurrence_study, tmp_path, capsys):
    out = tmp_path / "pairs.csv"
    assert main(["cooccurrence", str(cooccurrence_study), "--unit", "overlap", "--csv", str(out)]) == 0
    with open(out, newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["a", "b", "count", "jaccard", "unit", "a_units", "b_units"]
    assert rows[2] == ["claim", "attack", "1", str(1 / 7), "overlap", "5", "3"]
    assert len(rows) == 17


def test_an_empty_project_gives_empty_tables(tmp_path, capsys):
    path = tmp_path / "empty.annot"
    Project.create(path, scheme=EMPTY_SCHEME).close()
    assert run(capsys, path, "sentence")[0] == {"unit": "sentence", "codes": [], "cells": [], "totals": {}}
    out = tmp_path / "empty.csv"
    assert main(["cooccurrence", str(path), "--unit", "window:3", "--csv", str(out)]) == 0
    assert out.read_text("utf-8").splitlines() == ["a,b,count,jaccard,unit,a_units,b_units"]


@pytest.mark.parametrize("unit, words", [
    ("window:0", ["window:N needs N of 1 or more tokens, not 0", "--unit overlap"]),
    ("window:-2", ["not -2"]),
    ("followed-by:-1", ["followed-by:N needs N of 0 or more sentences, not -1"]),
    ("window", ["window needs a number of tokens, as in window:3"]),
    ("window:x", ["window needs a number of tokens"]),
    ("sentences", ['"sentences" is not a unit', "followed-by:N"]),
    ("overlap:2", ['"overlap:2" is not a unit']),
])
def test_bad_units_are_refused_in_one_sentence(cooccurrence_study, capsys, unit, words):
    before = dump(cooccurrence_study)
    assert main(["cooccurrence", str(cooccurrence_study), "--unit", unit]) == 1
    err = capsys.readouterr().err
    assert all(word in err for word in words), err
    assert "Traceback" not in err and err.count("\n") == 1
    assert dump(cooccurrence_study) == before


def test_unknown_names_are_refused_with_the_known_ones(cooccurrence_study, capsys):
    assert main(["cooccurrence", str(cooccurrence_study), "--unit", "overlap", "--code", "fairnes"]) == 1
    assert 'Did you mean "fairness"?' in capsys.readouterr().err
    assert main(["cooccurrence", str(cooccurrence_study), "--unit", "overlap", "--where", "date>=2024-03-10",
                 "--document", "d9"]) == 1
    assert 'There is no document "d9"' in capsys.readouterr().err


# ----------------------------------------------------------------- a naive count on random studies
@pytest.fixture(scope="module", params=[1, 2, 3, 4])
def random_cooccurrence_study(request, tmp_path_factory):
    return build_random_study(tmp_path_factory.mktemp("random") / "random.annot", request.param)


@pytest.mark.parametrize("unit", ["overlap", "sentence", "paragraph", "document", "window:1", "window:4",
                                  "followed-by:0", "followed-by:2"])
def test_random_studies_match_a_naive_count(random_cooccurrence_study, unit):
    with Project.open(random_cooccurrence_study) as project:
        conn = project.store.conn
        for coders in ((), ("Ben",)):
            result = cooccurrence(conn, resolve_scope(conn, coders=coders), unit)
            counts, totals = naive_cooccurrence(project, unit, coders)
            assert dict(zip(result.codes, result.totals)) == totals
            assert {(a, b): n for a, b, n, _ in result.cells()} == counts
            expected = {(a, b): naive_jaccard(n, totals[a], totals[b]) for (a, b), n in counts.items()}
            assert {(a, b): j for a, b, _, j in result.cells()} == pytest.approx(expected)


def naive_cooccurrence(project, unit, coders):
    by_id = {c.id: c for c in project.codes()}
    paths = {i: code_path(by_id, i) for i in by_id}
    kind, _, n = unit.partition(":")
    texts = {d.id: d.text for d in project.documents()}
    annotations = [a for a in project.annotations() if not coders or project.coder(a.coder_id).name in coders]
    counts = {(a, b): 0 for a in paths.values() for b in paths.values()}
    totals = dict.fromkeys(paths.values(), 0)
    if kind in ("sentence", "paragraph", "document"):
        for coder in {a.coder_id for a in annotations}:
            for doc, text in texts.items():
                units = naive_units(kind, text)
                mine = [a for a in annotations if a.coder_id == coder and a.document_id == doc]
                for lo, hi in units:
                    there = {paths[a.code_id] for a in mine if naive_unit_of(units, a) == (lo, hi)
                             or a.start < hi and lo < a.end}
                    for a in there:
                        totals[a] += 1
                        for b in there:
                            counts[a, b] += 1
        return counts, totals
    for x in annotations:
        totals[paths[x.code_id]] += 1
        for y in annotations:
            if x.id != y.id and x.coder_id == y.coder_id and x.document_id == y.document_id \
                    and naive_pair(kind, int(n or 0), x, y, texts[x.document_id]):
                counts[paths[x.code_id], paths[y.code_id]] += 1
    if kind != "followed-by":  # every unordered pair was seen twice, once each way round
        counts = {key: value // 2 if key[0] == key[1] else value for key, value in counts.items()}
    return counts, totals


def naive_unit_of(units, annotation):
    """The unit of an annotation over whitespace only, which shares no character with any unit:
    the last unit starting before it (text between units belongs to the earlier one), else the first."""
    if any(annotation.start < hi and lo < annotation.end for lo, hi in units) or not units:
        return None
    before = [u for u in units if u[0] <= annotation.start]
    return before[-1] if before else units[0]


def naive_units(kind, text):
    if kind == "document":
        return [(0, len(text))]
    if kind == "sentence":
        return get_services("en").sentences(text)
    out, position = [], 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append((position + lead, position + len(line.rstrip())))
        position += len(line) + 1
    return out


def naive_pair(kind, n, x, y, text):
    if kind == "overlap":
        return max(x.start, y.start) < min(x.end, y.end)
    if kind == "window":
        tx, ty = naive_tokens(x, text), naive_tokens(y, text)
        return max(min(ty) - max(tx), min(tx) - max(ty)) <= n
    starts = [s for s, _ in get_services("en").sentences(text)]
    where = lambda p: max([i for i, s in enumerate(starts) if s <= p], default=-1)  # noqa: E731
    return y.start >= x.end and where(y.start) <= where(x.end - 1) + n


def naive_tokens(annotation, text):
    """The indexes of the tokens an annotation shares a character with, else of the next token."""
    starts, ends = (list(map(int, array)) for array in get_services("en").tokens(text))
    touched = [i for i, (s, e) in enumerate(zip(starts, ends)) if s < annotation.end and annotation.start < e]
    return touched or [next((i for i, s in enumerate(starts) if s >= annotation.end), len(starts))]


def naive_jaccard(count, a, b):
    return count / (a + b - count) if a + b - count > 0 else None


def test_progress_is_reported_per_coded_document(cooccurrence_study):
    seen = []
    with Project.open(cooccurrence_study) as project:
        conn = project.store.conn
        cooccurrence(conn, resolve_scope(conn), "sentence", progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]  # d1 and d2; d3 has no annotations


def test_an_annotation_over_whitespace_only_is_in_the_earlier_sentence_and_line(tmp_path, capsys):
    path = tmp_path / "gaps.annot"
    with Project.create(path) as project:
        project.import_text("  Crime fell. They lie!\n\nWe act.", "op-ed")  # sentences [2,13) [14,23) [25,32)
        project.add_coder("Ana")
        project.add_code("lead")
        for code, start, end in (("claim", 2, 13), ("attack", 13, 14), ("lead", 0, 2), ("claim", 23, 25)):
            project.annotate("op-ed", start, end, code, "Ana")
    for unit, claim_and_attack in (("sentence", 1), ("paragraph", 1), ("followed-by:0", 1)):
        assert main(["cooccurrence", str(path), "--unit", unit, "--json"]) == 0
        result = json.loads(capsys.readouterr().out)
        cells = {(c["a"], c["b"]): c["count"] for c in result["cells"]}
        assert cells[("claim", "attack")] == claim_and_attack, unit
        assert result["totals"]["attack"] == 1 and result["totals"]["lead"] == 1, unit
    assert main(["cooccurrence", str(path), "--unit", "sentence", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["claim"] == 2  # [23,25) is in "They lie!"
