"""``--where``: conditions on document attributes (annotator/where.py)."""
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
