"""Search across documents (annotator/search.py, ``Project.search``, ``annotator search``)."""
import json
import re

import pytest

from annotator.cli import main
from annotator.errors import AnnotatorError, NotFoundError
from annotator.project import Project
from annotator.search import Query, one_line
from tests.helpers import dump

SPEECH = "Crime has fallen by a third. 😊 We cut CRIME!\nThe crimes of others: crime-ridden streets.\n"
NOTES = "Notes on crime, criminal law, and crime.\n"
PLAIN = "Nothing to see here: -isms, the U.S. and us."


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "corpus.annot"
    with Project.create(path) as project:
        project.import_text(SPEECH, "speech.txt")
        project.import_text(NOTES, "notes\x1b[31m.txt")
        project.import_text(PLAIN, "plain.txt")
        project.set_document_attributes("speech.txt", {"outlet": "Daily", "year": 2024})
        project.set_document_attributes(2, {"outlet": "Weekly", "year": 2023})
    return path


def found(path, pattern, **options):
    with Project.open(path) as project:
        return project.search(pattern, **options)


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_plain_text_ignores_case_and_lists_hits_in_document_order_in_code_points(corpus):
    hits = found(corpus, "crime")
    assert [(h.document_id, h.text) for h in hits] == [
        (1, "Crime"), (1, "CRIME"), (1, "crime"), (1, "crime"), (2, "crime"), (2, "crime")]
    texts = {1: SPEECH, 2: NOTES}
    for hit in hits:
        assert texts[hit.document_id][hit.start:hit.end] == hit.text    # after the emoji too
    assert hits[1].start == SPEECH.index("CRIME") and hits[0].document == "speech.txt"
    assert [h.start for h in hits] == [SPEECH.index("Crime"), SPEECH.index("CRIME"), SPEECH.index("crimes"),
                                       SPEECH.index("crime-"), NOTES.index("crime,"), NOTES.index("crime.")]


def test_context_is_an_exact_slice_of_n_code_points_either_side(corpus):
    for context in (0, 7, 60):
        for hit in found(corpus, "crime", context=context):
            text = SPEECH if hit.document_id == 1 else NOTES
            assert hit.left == text[max(0, hit.start - context):hit.start]
            assert hit.right == text[hit.end:hit.end + context]
    first = found(corpus, "CRIME", case_sensitive=True)[0]
    assert first.left == "Crime has fallen by a third. 😊 We cut " and first.right.startswith("!\nThe crimes")
    assert one_line(first.right).startswith("!⏎The crimes")


def test_regex_case_and_whole_word(corpus):
    assert [h.text for h in found(corpus, r"crime\w*", regex=True)] == [
        "Crime", "CRIME", "crimes", "crime", "crime", "crime"]
    assert [h.text for h in found(corpus, r"crim\w+", regex=True, documents=["notes\x1b[31m.txt"])] == [
        "crime", "criminal", "crime"]
    assert [h.text for h in found(corpus, "CRIME", case_sensitive=True)] == ["CRIME"]
    whole = found(corpus, "crime", whole_word=True)
    assert [(h.document_id, h.start) for h in whole] == [
        (1, 0), (1, SPEECH.index("CRIME")), (1, SPEECH.index("crime-")), (2, NOTES.index("crime,")),
        (2, NOTES.index("crime."))]
    # a pattern that starts or ends with a sign still finds whole words (\b would not)
    assert [h.text for h in found(corpus, "-isms", whole_word=True)] == ["-isms"]
    assert [h.text for h in found(corpus, "u.s.", whole_word=True)] == ["U.S."]
    assert found(corpus, "-ridden", whole_word=True) == []     # "crime-ridden": a letter before it
    assert found(corpus, "rime", whole_word=True) == []


def test_documents_and_where_narrow_the_search(corpus):
    assert {h.document_id for h in found(corpus, "crime", documents=["notes\x1b[31m.txt"])} == {2}
    assert {h.document_id for h in found(corpus, "crime", documents=[1, "3"])} == {1}
    assert {h.document_id for h in found(corpus, "crime", where=["outlet=weekly"])} == {2}
    assert {h.document_id for h in found(corpus, "crime", where=["year>=2023"])} == {1, 2}
    assert found(corpus, "crime", where=["year>2024"]) == []
    assert found(corpus, "crime", documents=["speech.txt"], where=["outlet=Weekly"]) == []   # both must hold


def test_an_unknown_document_names_the_closest(corpus):
    with pytest.raises(NotFoundError, match=r"no document 'speech\.tx'.*Did you mean 'speech\.txt'\?"):
        found(corpus, "crime", documents=["speech.tx"])
    with pytest.raises(NotFoundError, match="no document 9 "):
        found(corpus, "crime", documents=[9])


@pytest.mark.parametrize("pattern, regex, message", [
    ("", False, "The pattern is empty"),
    ("(crime", True, r"is not a valid regular expression: missing \), unterminated subpattern \(at character 1\)"),
    ("[a-", True, r"unterminated character set \(at character 1\)"),
    ("a{99999999999}", True, "is not a valid regular expression: the repetition number is too large"),
    ("(" * 1000 + "a" + ")" * 1000, True, "is not a valid regular expression: its groups are nested too deeply"),
    ("x*", True, "can match empty text"),
    ("(?=crime)", True, "can match empty text"),    # empty only where it matches: found while searching
    (r"\b", True, "can match empty text"),
])
def test_bad_patterns_are_one_sentence(corpus, pattern, regex, message):
    with pytest.raises(AnnotatorError, match=message):
        found(corpus, pattern, regex=regex)


def test_a_bad_context_is_refused(corpus):
    for context in (-1, 2.5, True):
        with pytest.raises(AnnotatorError, match="whole number"):
            found(corpus, "crime", context=context)


def test_texts_are_read_with_one_select(corpus):
    with Project.open(corpus) as project:
        statements = []
        project.store.conn.set_trace_callback(statements.append)
        project.search("crime", where=["year>=2023"])
        reads = [s for s in statements if "text" in s and "FROM documents" in s]
    assert len(reads) == 1


def test_limit_and_cancel_stop_early(corpus):
    assert len(found(corpus, "crime", limit=3)) == 3
    asked = []
    hits = found(corpus, "crime", cancelled=lambda: asked.append(1) or len(asked) > 1)
    assert {h.document_id for h in hits} == {1}


def test_hits_read_like_a_list(corpus):
    hits = found(corpus, "crime")
    every = list(hits)
    assert len(hits) == len(every) == 6 and hits.document_count == 2
    assert [hits[i] for i in range(6)] == every and hits[-1] == every[5] and hits[1:5:2] == every[1:5:2]
    assert hits == every and hits != every[:5] and hits == found(corpus, "crime")
    assert hits[4].document_id == 2 and hits[4].text == "crime" and hits[4].start == NOTES.index("crime")
    with pytest.raises(IndexError):
        hits[6]
    assert "Notes" not in repr(hits[4]) and "text='crime'" in repr(hits[4])


def test_query_compiles_whole_words_around_alternatives_and_inline_flags():
    pattern = Query("crime|law", regex=True, whole_word=True).compile()
    assert [m.group() for m in pattern.finditer("crimes law crime")] == ["law", "crime"]
    pattern = Query("(?i)crime", regex=True, case_sensitive=True, whole_word=True).compile()
    assert [m.group() for m in pattern.finditer("CRIMES Crime")] == ["Crime"]
    with pytest.raises(AnnotatorError, match=r"missing \), unterminated subpattern \(at character 1\)\.$"):
        Query("(crime", regex=True, whole_word=True).compile()     # the position in the user's pattern


def test_whole_words_go_on_through_combining_marks_and_vowel_signs(tmp_path):
    text = "Cafe\u0301 is here. naïve cafe.\nकिताब क कि\n"
    with Project.create(tmp_path / "marks.annot") as project:
        project.import_text(text, "marks.txt")
        assert [h.start for h in project.search("cafe", whole_word=True)] == [text.index("cafe.")]
        assert [h.start for h in project.search("क", whole_word=True)] == [text.index("क क")]   # not inside कि
        assert [h.text for h in project.search("na", whole_word=True)] == []                     # "naïve" goes on
        assert [h.text for h in project.search("i\u0308", whole_word=True)] == []
    pattern = Query("x", whole_word=True).compile()
    assert [m.start() for m in pattern.finditer("x\u0301 x\u203fy x_ x\u200dy x")] == [14]   # mark, ‿, _, ZWJ


def test_typed_and_stored_forms_of_an_accent_find_each_other_at_stored_offsets(tmp_path):
    decomposed = "Cafe\u0301 au lait, cafe\u0301. \u212bngstr\u00f6m. Cafe\u0301s.\n"
    composed = "Café au lait, café."
    with Project.create(tmp_path / "forms.annot") as project:
        project.import_text(decomposed, "decomposed.txt")
        project.import_text(composed, "composed.txt")
        hits = project.search("café")                                       # typed precomposed
        assert [(h.document_id, h.text) for h in hits] == [
            (1, "Cafe\u0301"), (1, "cafe\u0301"), (1, "Cafe\u0301"), (2, "Café"), (2, "café")]
        assert all(h.source[h.start:h.end] == h.text and h.left + h.text + h.right in h.source for h in hits)
        assert [h.text for h in project.search("cafe\u0301.", regex=False)] == ["cafe\u0301.", "café."]
        assert [h.text for h in project.search("café", whole_word=True)] == [
            "Cafe\u0301", "cafe\u0301", "Café", "café"]                        # "Cafés" goes on
        assert [h.text for h in project.search("ångström")] == ["\u212bngstr\u00f6m"]   # a sign NFC replaces
        assert [h.text for h in project.search("cafe")] == []                 # no half of an accented letter
        assert [h.text for h in project.search(r"e\W", regex=True, documents=[1])] == []
        project.add_coder("Ana")
        project.autocode("café", "claim", "Ana", whole_word=True)
        assert [decomposed[a.start:a.end] for a in project.annotations(document=1)] == ["Cafe\u0301", "cafe\u0301"]


def test_a_hit_edge_inside_a_composed_letter_moves_out_to_the_letter():
    from annotator.textmatch import match_spans

    text = "xe\u0323\u0302y ze\u0301"        # ệ stored as e + dot below + circumflex
    assert list(match_spans(re.compile("\u1ec7"), text)) == [1, 4]
    assert list(match_spans(re.compile("y|z"), text)) == [4, 5, 6, 7]      # after a composed run: shifted back
    assert list(match_spans(re.compile("\u1ec7y"), text)) == [1, 5]


def test_memo_search_compares_accents_as_the_text_search_does(tmp_path):
    with Project.create(tmp_path / "memo_forms.annot") as project:
        project.add_coder("Ana")
        project.set_memo("journal", None, "Ana", "Visited the cafe\u0301 twice.")
        assert [(h.start, h.end) for h in project.search_memos("café", whole_word=True)] == [(12, 17)]


def test_a_verbose_pattern_ending_in_a_comment_keeps_its_whole_word_edges():
    pattern = Query("(?x) crime  # the word", regex=True, whole_word=True).compile()
    assert [m.group() for m in pattern.finditer("crime crimes Crime")] == ["crime", "Crime"]
    pattern = Query("(?x)crime|law # either", regex=True, whole_word=True).compile()
    assert [m.group() for m in pattern.finditer("crimes law crime")] == ["law", "crime"]


# ----------------------------------------------------------------- the command line
def test_cli_prints_one_line_per_hit_with_names_escaped(corpus, capsys):
    code, out, err = run(capsys, "search", corpus, "crime", "--context", "10", "--document", "2")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines == ["notes\\x1b[31m.txt:9-14: Notes on [crime], criminal",
                     "notes\\x1b[31m.txt:34-39:  law, and [crime].⏎"]
    assert "\x1b" not in out and err == "2 hits in 1 document.\n"


def test_cli_json_lists_every_hit(corpus, capsys):
    code, out, _ = run(capsys, "search", corpus, "CRIME", "--case-sensitive", "--json", "--where", "outlet=Daily")
    assert code == 0
    assert json.loads(out) == [{"document": "speech.txt", "document_id": 1, "start": SPEECH.index("CRIME"),
                                "end": SPEECH.index("CRIME") + 5, "text": "CRIME",
                                "left": SPEECH[:SPEECH.index("CRIME")], "right": SPEECH[SPEECH.index("CRIME") + 5:]}]
    code, out, _ = run(capsys, "search", corpus, "nowhere", "--json")
    assert code == 0 and json.loads(out) == []


@pytest.mark.parametrize("args, message", [
    (("crime", "--where", "outlett=Daily"), 'No document has the attribute "outlett". Did you mean "outlet"? '
                                            "The attributes are: outlet, year."),
    (("crime", "--document", "speech.tx"), "There is no document 'speech.tx' in this project. "
                                           "Did you mean 'speech.txt'?"),
    (("(crime", "--regex"), '"(crime" is not a valid regular expression: missing ), unterminated subpattern '
                            "(at character 1)."),
    (("",), "The pattern is empty; give the text to search for."),
    (("a*", "--regex"), 'The pattern "a*" can match empty text'),
    (("crime", "--context", "-3"), '--context takes a whole number of characters (0 or more), not "-3".'),
    (("crime", "--context", "many"), '--context takes a whole number of characters (0 or more), not "many".'),
    (("crime", "--where", "outlet"), '"outlet" is not KEY=VALUE'),
])
def test_cli_bad_input_is_one_sentence_and_exit_1(corpus, capsys, args, message):
    before = dump(corpus)
    code, out, err = run(capsys, "search", corpus, *args)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith(f"annotator: {message}") and "Traceback" not in err
    assert dump(corpus) == before


def test_memos_on_documents_codes_and_journals_are_searched_with_memos(tmp_path, capsys):
    path = tmp_path / "memos.annot"
    with Project.create(path) as project:
        project.import_text("Crime fell.", "op-ed")
        project.add_coder("Ana")
        project.set_memo("document", "op-ed", "Ana", "Check the crime figures.")
        project.set_memo("code", "claim", "Ana", "No CRIME here")
        project.set_memo("journal", None, "Ana", "Day 1: nothing.")
    assert main(["search", str(path), "crime", "--memos", "--json", "--context", "4"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["kind"], r["target"], r["coder"], r["text"], r["left"], r["right"]) for r in rows] == [
        ("document", "op-ed", "Ana", "crime", "the ", " fig"), ("code", "claim", "Ana", "CRIME", "No ", " her")]
    assert main(["search", str(path), "crime", "--memos", "--case-sensitive"]) == 0
    out = capsys.readouterr().out
    assert out == "document op-ed (Ana):10-15: Check the [crime] figures.\n"
    assert main(["search", str(path), "crime", "--memos", "--document", "op-ed"]) == 1
    assert "--memos searches every memo" in capsys.readouterr().err
