"""Propagate and case: a phrase is looked for as coded and case-folded, and every hit is traced to
its phrase by the spelling it matched (finding 2 of the issue-15 attack: "Straße" and "İstanbul"
were looked for only case-folded, so their repeats were missed)."""
import pytest

from annotator.project import Project

TEXT = ("Die Straße ist lang. Eine Straße hier, STRASSE dort, strasse da.\n"
        "İstanbul und İstanbul, istanbul.\n"
        "Η οδός είναι μεγάλη. ΟΔΌΣ και οδός.\n"
        "Cafe\u0301 and CAFÉ, a café.")


@pytest.fixture
def casing_study(tmp_path):
    path = tmp_path / "casing_study.annot"
    with Project.create(path) as project:
        project.import_text(TEXT, "t.txt")
        project.add_coder("Ana")
    return path


def _offered(project, words, code="claim", nth=0):
    doc = project.document("t.txt")
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(words, start + 1)
    project.annotate(doc, start, start + len(words), code, "Ana")
    project.suggest("propagate", "Ana")
    found = sorted((s.start, doc.text[s.start:s.end]) for s in project.suggestions("Ana") if s.code == code)
    return [words for _, words in found]


@pytest.mark.parametrize("coded, expected", [
    ("Straße", ["Straße", "STRASSE", "strasse"]),           # ß: as coded, and case-folded (ss)
    ("İstanbul", ["İstanbul", "istanbul"]),                  # İ: re takes it for i
    ("οδός", ["ΟΔΌΣ", "οδός"]),                              # final sigma: σ, ς and Σ are one letter
    ("CAFÉ", ["Cafe\u0301", "café"]),                        # a decomposed é is the same letter
])
def test_propagate_finds_the_coded_spelling_and_its_case_variants(casing_study, coded, expected):
    with Project.open(casing_study) as project:
        assert _offered(project, coded) == expected


def test_spellings_of_one_phrase_share_their_codes_and_each_hit_is_offered_once_per_code(casing_study):
    with Project.open(casing_study) as project:
        doc = project.document("t.txt")
        first = doc.text.index("STRASSE")
        project.annotate(doc, first, first + 7, "attack", "Ana")      # STRASSE as attack
        assert _offered(project, "Straße") == ["Straße", "STRASSE", "strasse"]   # the first Straße is coded
        attack = sorted(doc.text[s.start:s.end] for s in project.suggestions("Ana") if s.code == "attack")
        assert attack == ["Straße", "Straße", "strasse"]               # one phrase: its spellings share codes
        spans = [(s.start, s.end, s.code) for s in project.suggestions("Ana")]
        assert len(spans) == len(set(spans))
