import pytest

from annotator import Project


@pytest.fixture
def empty_project(tmp_path):
    with Project.create(tmp_path / "study.annot") as project:
        yield project


@pytest.fixture
def coded(empty_project):
    """A project with one document, two coders and the default scheme."""
    result = empty_project.import_text("Crime has fallen by a third since we took office. 😊 They lied.\n",
                                       "speech.txt")
    empty_project.add_coder("Ana")
    empty_project.add_coder("Ben")
    return empty_project, empty_project.document(result.document_id)


# The text of the ``tricky`` fixture (used by the exporter and REFI-QDA tests).
TRICKY_TEXT = ("We must act now 😊, she said.\n"
               "Cafe\u0301 owners 👩\u200d👩\u200d👧 said \"=SUM(A1)\" & <b>no</b>.\n"
               "-minus line\tend 🇫🇷 flag.")


@pytest.fixture
def tricky(empty_project):
    """Spans that start after an emoji, cut a combining sequence and a ZWJ family, cross a
    line break, overlap, and carry memos that look like formulas or markup."""
    doc = empty_project.document(empty_project.import_text(TRICKY_TEXT, "tricky doc.txt").document_id)
    empty_project.import_text("Nobody coded this one.", "uncoded.txt")
    empty_project.add_coder("Ana")
    empty_project.add_coder("Ben Smith")
    empty_project.add_code("appeal to emotion", color="#AA3377")
    t = doc.text
    spans = [
        (t.index("she said"), t.index("she said") + 8, "claim", "Ana", "Reported <speech> & \"quote\""),
        (t.index("Cafe"), t.index("Cafe") + 5, "attack", "Ben Smith", "=cmd|' /C calc'!A0"),
        (t.index("Cafe") + 3, t.index("owners") + 6, "claim", "Ana", None),  # mid-token, overlaps
        (t.index("👩"), t.index(" said \""), "appeal to emotion", "Ben Smith", "line one\nline two"),
        (t.index("now"), t.index("Cafe") + 4, "claim", "Ben Smith", None),  # crosses a line break
        (t.index("-minus"), len(t), "attack", "Ana", "-starts with minus"),
    ]
    for start, end, code, coder, memo in spans:
        empty_project.annotate(doc, start, end, code, coder, memo=memo)
    return empty_project, doc
