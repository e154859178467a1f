"""``--where``: conditions on document attributes (annotator/where.py)."""
import unicodedata

import pytest

from annotator import where
from annotator.errors import AnnotatorError
from annotator.project import Project

DOCS = {
    "a": {"outlet": "Daily", "date": "2024-03-03", "pages": 3},
    "b": {"outlet": "daily", "date": "2024-04-10", "pages": 12},
    "c": {"outlet": "Weekly", "date": "2023-12-31"},
    "d": {"author": "Kim"},
}


@pytest.fixture
def sliced(tmp_path):
    path = tmp_path / "sliced.annot"
    with Project.create(path) as project:
        for name, attributes in DOCS.items():
            project.import_text(f"Text {name}.", name)
            project.set_document_attributes(name, attributes)
    return path


def names(path, *texts):
    with Project.open(path) as project:
        ids = where.document_ids(project.store.conn, where.parse(texts))
        return [project.document(i).name for i in ids]


@pytest.mark.parametrize("texts, expected", [
    ((), ["a", "b", "c", "d"]),
    (("outlet=DAILY",), ["a", "b"]),                           # text equality ignores case
    (("outlet!=Daily",), ["c"]),                               # d has no outlet: no condition holds on it
    (("date=3 March 2024",), ["a"]),                           # the value is read like a stored one
    (("date>=2024-01-01", "date<2024-04-01"), ["a"]),          # all must hold
    (("pages>5",), ["b"]),                                     # numbers compare as numbers, not as text
    (("pages<=3",), ["a"]),
    (("author=Kim", "outlet=Daily"), []),
    (("outlet~EEK",), ["c"]),                                  # contains, ignoring case
    (("date~2024-0",), ["a", "b"]),                            # in the value as a table shows it
    (("pages~2",), ["b"]),
    (("date>=2024-03-03", "date<=2024-04-10"), ["a", "b"]),    # the app's "between": both ends count
])
def test_conditions(sliced, texts, expected):
    assert names(sliced, *texts) == expected


def test_a_value_may_hold_operators_and_the_key_is_trimmed():
    (condition,) = where.parse([" title = a=b>c "])
    assert (condition.key, condition.op, condition.value) == ("title", "=", "a=b>c")


def test_contains_takes_its_value_as_written():
    (condition,) = where.parse(["title~ 03/04/2024 "])
    assert (condition.key, condition.op, condition.value) == ("title", "~", "03/04/2024")
    assert condition.holds({"title": "Letter of 03/04/2024"}) and not condition.holds({})


@pytest.mark.parametrize("text", ["outlet", "=Daily", "  >= 3", ""])
def test_a_condition_without_key_or_operator_is_one_sentence(text):
    with pytest.raises(AnnotatorError, match="is not KEY=VALUE"):
        where.parse([text])


def test_an_unknown_key_names_the_closest_and_every_known_key(sliced):
    with pytest.raises(AnnotatorError) as caught:
        names(sliced, "outlte=Daily")
    message = str(caught.value)
    assert 'Did you mean "outlet"?' in message
    assert "author, date, outlet, pages" in message


def test_without_attributes_the_key_is_refused_plainly(tmp_path):
    with Project.create(tmp_path / "bare.annot") as project:
        project.import_text("Text.", "x")
        with pytest.raises(AnnotatorError, match="No document has attributes"):
            where.document_ids(project.store.conn, where.parse(["outlet=Daily"]))


# ---------------------------------------------------------------- booleans, kinds, NFC (attack 12: 5, 9, 11)
@pytest.fixture
def flagged(tmp_path):
    path = tmp_path / "flagged.annot"
    with Project.create(path) as project:
        for name, attributes in {"t": {"flag": True, "n": 1, "date": "2024-03-01", "city": "Zürich"},
                                 "f": {"flag": False, "n": 0, "date": "2024-05-01", "city": "Bern"},
                                 "s": {"flag": "TRUE", "note": "=SUM", "city": None}}.items():
            project.import_text(f"Text {name}.", name)
            project.set_document_attributes(name, attributes)
    return path


@pytest.mark.parametrize("texts, expected", [
    (("flag=true",), ["t", "s"]),                 # a stored text "TRUE" too
    (("flag=FALSE",), ["f"]),
    (("flag!=true",), ["f"]),
    (("n=1",), ["t"]),                            # 1 is a number, not true
    (("outlet_free==x", ), None),
    (("note==SUM",), []),                         # == is =
    (('note="=SUM"',), ["s"]),                    # in quotes: the text as written
    (('n="1"',), ["t"]),                          # compared with the value as a table shows it
    (("city=zürich",), ["t"]),
    (("city!=Bern",), ["t"]),                     # null is no value: no condition holds on it
])
def test_booleans_quotes_and_double_equals(flagged, texts, expected):
    if expected is None:
        with pytest.raises(AnnotatorError, match="No document has the attribute"):
            names(flagged, *texts)
    else:
        assert names(flagged, *texts) == expected


def test_names_and_text_values_match_in_either_unicode_form(flagged):
    decomposed = unicodedata.normalize("NFD", "city=ZÜRICH")
    assert names(flagged, decomposed) == ["t"]
    with Project.open(flagged) as project:
        project.set_document_attributes("f", {unicodedata.normalize("NFD", "Stadt"): "Bern"})
    assert names(flagged, "Stadt=bern") == ["f"]


@pytest.mark.parametrize("text, why", [
    ("date>2024", "2024 is a number, and \"date\" holds dates"),
    ("date>=03/04/2024", "'03/04/2024' stays text: its day and month could be either way round"),
    ("date<2024-03-04 10:00", "stays text: it has a time of day"),
    ("n=Daily", "Daily is text, and \"n\" holds numbers"),
    ("flag>true", "true and false have no order"),
    ("date=2024", "2024 is a number, and \"date\" holds dates"),
])
def test_a_value_that_could_never_compare_is_refused_saying_why(flagged, text, why):
    with pytest.raises(AnnotatorError, match="can match no document") as caught:
        names(flagged, text)
    assert why in str(caught.value)


def test_a_number_in_a_query_is_read_however_it_is_written(flagged):
    assert names(flagged, "n<1.10") == ["t", "f"] and names(flagged, "n=-0") == ["f"]
