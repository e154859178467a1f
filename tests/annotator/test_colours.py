"""The one reader for colours written by other tools (annotator.colours): the union of what the
codebook (.qdc) import and the REFI-QDA project (.qdpx) import accepted, and the notes it gives."""
import pytest

from annotator.codebook.files import parse_colour as codebook_parse_colour
from annotator.colours import colour, parse_colour
from annotator.formats.refi import colour as refi_colour


# Cases of the codebook import's former test_colour_forms (tests/annotator/test_codebook_io.py).
@pytest.mark.parametrize("value,expected", [
    ("#E6194B", "#E6194B"), ("#abc", "#AABBCC"), ("rgb(0, 128, 255)", "#0080FF"), ("rgba(0,0,0,0.5)", "#000000"),
    ("rgb(100%, 0%, 50%)", "#FF0080"), ("Teal", "#008080"), ("rebeccapurple", "#663399"),
    ("#80112233", "#112233"), ("112233", "#112233"), ("", None), (None, None), ("blue-ish", None),
    ("rgb(300, 0, 0)", None),
])
def test_colour_forms(value, expected):
    assert parse_colour(value)[0] == expected


# Forms the REFI-QDA project import read (formats/refi.py colour, and the .qdpx test fixture).
@pytest.mark.parametrize("value,expected", [
    ("#3cb", "#33CCBB"), ("#FF3CB44B", "#3CB44B"), ("rgb(230, 25, 75)", "#E6194B"), ("bluish", None),
    ("RED", "#FF0000"), ("grey", "#808080"), ("gray", "#808080"), ("orange", "#FFA500"),
    ("rgba( 1 , 2 , 3 , 0.5 )", "#010203"), ("rgb(1,\t2,\n3)", "#010203"), ("rgb(256, 0, 0)", None),
    ("##abc", "#AABBCC"), ("abcdef", "#ABCDEF"), ("#abcd", None), ("#ggg", None), ("  #0a0b0c  ", "#0A0B0C"),
])
def test_forms_the_project_import_read(value, expected):
    assert parse_colour(value)[0] == expected


@pytest.mark.parametrize("value", ["rgb(1.2.3, 0, 0)", "rgb(5%5, 0, 0)", "rgb(%, 0, 0)", "rgb(0, 0)"])
def test_malformed_numbers_are_unreadable_not_an_error(value):
    assert parse_colour(value) == (None, f"colour {value!r} is not one annotator can read")


@pytest.mark.parametrize("value,note", [
    ("#E6194B", None), ("#abc", None), ("", "had no colour"), (None, "had no colour"),
    ("112233", "colour '112233' read as #112233"),
    ("#80112233", "colour '#80112233' read as #AARRGGBB (transparency dropped)"),
    ("Teal", "colour 'Teal' read as #008080"), ("rgb(.5, 0, 0)", "colour 'rgb(.5, 0, 0)' read as #000000"),
    ("rgb(300, 0, 0)", "colour 'rgb(300, 0, 0)' is out of range"),
    ("blue-ish", "colour 'blue-ish' is not one annotator can read"),
])
def test_notes_say_what_was_converted(value, note):
    assert parse_colour(value)[1] == note


@pytest.mark.parametrize("value", ["#abc", "rgb(230, 25, 75)", "Teal", "#FF3CB44B", "bluish", "", None])
def test_every_importer_uses_the_same_reader(value):
    assert colour(value) == refi_colour(value) == codebook_parse_colour(value)[0] == parse_colour(value)[0]
