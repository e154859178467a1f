"""The pairs and units behind one co-occurrence cell (annotator/analysis/pairs.py): written out by
hand on the study of counting_studies.py (a1..a6 Ana's annotations, b1..b5 Ben's; their offsets
and sentences are listed there), and on random studies the number listed equals the cell's count
for every unit and every two codes (the counts are checked against a naive count in
test_cooccurrence.py)."""
import pytest
from counting_studies import build_hand_study, build_random_study

from annotator.analysis.pairs import CellItem
from annotator.project import Project


@pytest.fixture(scope="module")
def pairs_hand_study(tmp_path_factory):
    return build_hand_study(tmp_path_factory.mktemp("pairs") / "hand.annot")


def listed(path, unit, a, b, coders=()):
    """(document, coder, a's span, b's span) or (document, coder, unit span) of each item."""
    with Project.open(path) as project:
        items = project.cooccurrence_pairs(project.scope(coders=coders), unit, a, b)
        doc = {d.id: d.name for d in project.documents()}
        coder = {c.id: c.name for c in project.coders()}
    return [(doc[i.document_id], coder[i.coder_id], i.a, i.b) if i.a else
            (doc[i.document_id], coder[i.coder_id], (i.start, i.end)) for i in items]


def test_overlap_lists_each_pair_once_with_the_row_codes_annotation_first(pairs_hand_study):
    assert listed(pairs_hand_study, "overlap", "claim", "attack") == [("d1", "Ana", (6, 21), (12, 28))]  # a6, a2
    assert listed(pairs_hand_study, "overlap", "attack", "claim") == [("d1", "Ana", (12, 28), (6, 21))]
    assert listed(pairs_hand_study, "overlap", "claim", "claim") == [("d1", "Ana", (0, 11), (6, 21))]  # a1, a6
    assert listed(pairs_hand_study, "overlap", "claim", "fairness") == [("d2", "Ben", (0, 12), (0, 24))]


def test_units_are_listed_by_their_span(pairs_hand_study):
    assert listed(pairs_hand_study, "sentence", "claim", "attack") == [("d1", "Ana", (12, 28))]       # S1
    assert listed(pairs_hand_study, "paragraph", "claim", "insult") == [("d1", "Ana", (0, 28)),
                                                                        ("d1", "Ben", (0, 28))]         # P0 twice
    assert listed(pairs_hand_study, "document", "claim", "attack") == [("d1", "Ana", (0, 67)),
                                                                       ("d1", "Ben", (0, 67))]
    assert listed(pairs_hand_study, "sentence", "fairness", "fairness") == [("d2", "Ben", (0, 12)),
                                                                            ("d2", "Ben", (13, 24))]
    assert listed(pairs_hand_study, "document", "claim", "attack", coders=("Ben",)) == [("d1", "Ben", (0, 67))]


def test_window_and_followed_by(pairs_hand_study):
    assert listed(pairs_hand_study, "window:1", "claim", "attack") == [
        ("d1", "Ana", (0, 11), (12, 28)), ("d1", "Ana", (6, 21), (12, 28)), ("d1", "Ana", (29, 47), (12, 28))]
    assert listed(pairs_hand_study, "followed-by:1", "claim", "insult") == [
        ("d1", "Ana", (0, 11), (17, 21)), ("d1", "Ben", (0, 11), (12, 28))]          # a1 -> a3, b1 -> b2
    assert listed(pairs_hand_study, "followed-by:1", "insult", "claim") == [("d1", "Ana", (17, 21), (29, 47))]


def test_an_item_spans_what_the_window_selects(pairs_hand_study):
    with Project.open(pairs_hand_study) as project:
        (item,) = project.cooccurrence_pairs(None, "overlap", "claim", "attack")
        assert item == CellItem(project.document("d1").id, project.coder("Ana").id, 6, 28, (6, 21), (12, 28))


@pytest.fixture(scope="module", params=[5, 6, 7])
def pairs_random_study(request, tmp_path_factory):
    return build_random_study(tmp_path_factory.mktemp("pairs-random") / "random.annot", request.param)


@pytest.mark.parametrize("unit", ["overlap", "sentence", "paragraph", "document", "window:1", "window:3",
                                  "followed-by:0", "followed-by:2"])
def test_as_many_items_as_the_cell_counts(pairs_random_study, unit):
    with Project.open(pairs_random_study) as project:
        for coders in ((), ("Cleo",)):
            scope = project.scope(coders=coders)
            table = project.cooccurrence(scope, unit)
            listed_counts = [[len(project.cooccurrence_pairs(scope, unit, a, b)) for b in table.code_ids]
                             for a in table.code_ids]
            assert listed_counts == [list(row) for row in table.counts]
            assert sum(map(sum, table.counts)) > 0 or coders        # pooled, every unit counts something
