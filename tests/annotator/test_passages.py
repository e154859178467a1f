"""Coders side by side: segments grouped into passages by chains of overlap (any shared
character, across coders and codes). Expected passages are written out by hand below; the
random test checks the rule's promises (a cover without overlaps, the text and context of the
document) against the document itself, not against the code under test."""
from __future__ import annotations

import random

from annotator.analysis.passages import passages
from annotator.analysis.retrieval import CodedSegment, Source

TEXT = "abcdefghijklmnopqrstuvwxyz"


def seg(coder, code, start, end, doc=1, context=3, text=TEXT):
    return CodedSegment(Source(doc, f"d{doc}", "sha", text, {"n": doc}), coder, (code.split(" > ")[-1], code),
                        start, end, None, context)


def test_overlap_chains_make_one_passage_and_touching_spans_two():
    segments = [seg("Ana", "X", 0, 5), seg("Ben", "Y", 3, 8), seg("gold", "X", 7, 10), seg("Ana", "P > Z", 10, 12),
                seg("Ben", "X", 20, 25), seg("Ben", "X", 21, 23), seg("Ana", "X", 2, 4, doc=2)]
    got = passages(segments, ["Ana", "Ben", "gold"])
    assert [(p.document, p.start, p.end, p.text, p.left, p.right) for p in got] == [
        ("d1", 0, 10, "abcdefghij", "", "klm"),       # Ana-Ben overlap at 3-5, Ben-gold at 7: one chain
        ("d1", 10, 12, "kl", "hij", "mno"),           # starts where the chain ends: its own passage
        ("d1", 20, 25, "uvwxy", "rst", "z"),
        ("d2", 2, 4, "cd", "ab", "efg"),             # another document never joins
    ]
    assert [[p.code_paths(i) for i in range(3)] for p in got] == [
        [["X"], ["Y"], ["X"]], [["P > Z"], [], []], [[], ["X"], []], [["X"], [], []]]
    assert got[2].coded == ((), (("X", 20, 25), ("X", 21, 23)), ())   # the code is named once, both segments kept
    assert got[3].attributes == {"n": 2} and got[3].document_id == 2


def test_coders_not_asked_for_are_left_out_and_columns_follow_the_order_asked():
    segments = [seg("Ana", "X", 0, 5), seg("Ben", "Y", 3, 8)]
    [only] = passages(segments, ["Ben"])
    assert (only.start, only.end, only.coded) == (3, 8, ((("Y", 3, 8),),))
    [both] = passages(segments, ["Ben", "Ana"])
    assert [both.code_paths(0), both.code_paths(1)] == [["Y"], ["X"]]
    assert passages([], ["Ana"]) == []


def test_random_passages_cover_every_segment_once_without_overlapping():
    rng = random.Random(5)
    text = "".join(rng.choice("ab cd😊\n") for _ in range(400))
    for _ in range(50):
        spans = sorted((s, s + rng.randint(1, 30)) for s in (rng.randrange(0, 370) for _ in range(rng.randint(1, 25))))
        segments = [seg(rng.choice(["Ana", "Ben"]), rng.choice(["X", "Y"]), s, e, context=7, text=text)
                    for s, e in spans]
        got = passages(segments, ["Ana", "Ben"])
        assert sum(len(c) for p in got for c in p.coded) == len(segments)
        for p in got:
            assert (p.text, p.left, p.right) == (text[p.start:p.end], text[max(0, p.start - 7):p.start],
                                                 text[p.end:p.end + 7])
            members = [span for c in p.coded for span in c]
            assert min(s for _, s, _ in members) == p.start and max(e for _, _, e in members) == p.end
        for a, b in zip(got, got[1:]):
            assert a.end <= b.start          # passages never overlap
        covered = {i for s, e in spans for i in range(s, e)}
        for p in got:   # within a passage no character is left uncovered (a chain has no gap)
            assert all(i in covered for i in range(p.start, p.end))


def test_the_project_lists_segments_in_a_scope(tmp_path):
    from annotator import Project
    from annotator.analysis.scope import Scope

    with Project.create(tmp_path / "p.annot") as project:
        project.import_text("We must act now. They lie.", "a")
        project.set_document_attributes("a", {"outlet": "Daily"})
        ana, ben = project.add_coder("Ana"), project.add_coder("Ben")
        project.annotate("a", 0, 16, "claim", ana)
        project.annotate("a", 17, 26, "attack", ben, memo="lie")
        [row] = project.coded_segments(project.scope(coders=["Ben"], where=["outlet=Daily"]), context=4)
        assert (row.coder, row.code_path, row.text, row.left, row.right, row.memo) == (
            "Ben", "attack", "They lie.", "ow. ", "", "lie")
        assert [s.text for s in project.coded_segments()] == ["We must act now.", "They lie."]
        assert list(project.coded_segments(Scope(frozenset(), None, None))) == []
