"""Selection positions in a writer's unit → code points of the normalised text, for every
reading, against a plain reference: the writer's count of the text before each character."""
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats.qdpx_positions import READINGS, SourceText, on_tokens, utf16_positions

PIECES = ["a", "é", " ", "😀", "\r\n", "\n", "\r", "\u200d", "𝐅"]


def counted(reading, raw: str, cut: int) -> int:
    """The writer's position of the point after ``cut`` code points of the normalised text."""
    prefix, shown = "", 0
    for char_index, char in enumerate(raw):  # walk the stored text, counting normalised characters
        if shown == cut:
            break
        prefix += char
        if not (char == "\r" and raw[char_index + 1:char_index + 2] == "\n"):
            shown += 1
    if not reading.crlf_as_two:
        prefix = prefix.replace("\r\n", "\n")
    return len(prefix.encode("utf-16-le")) // 2 if reading.utf16 else len(prefix)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14), st.booleans())
def test_every_reading_maps_its_own_positions_back_exactly(pieces, bom):
    raw = "".join(pieces)
    source = SourceText("\ufeff" * bom + raw)
    for reading in READINGS:
        cuts = [counted(reading, raw, i) for i in range(len(source.text) + 1)]
        for i in range(len(cuts)):
            for j in range(i + 1, len(cuts)):
                assert source.span(reading, cuts[i], cuts[j]) == (i, j), (reading, raw, i, j)
        between = set(range(cuts[-1] + 1)) - set(cuts)  # inside an emoji or a CRLF: no place
        assert all(source.span(reading, p, cuts[-1]) is None for p in between)


def test_utf16_export_positions_are_what_qt_and_dotnet_count():
    text = "a😀b👨\u200d👩c"
    to_utf16 = utf16_positions(text)
    assert [to_utf16(i) for i in range(len(text) + 1)] == [len(text[:i].encode("utf-16-le")) // 2
                                                           for i in range(len(text) + 1)]


def test_token_edges():
    text = "a Brüsszeli bürokraták. írás.\nX 😀!"
    passages = ("Brüsszeli", " Brüsszeli", "rüsszeli", "írás.", "írás.\n", "X", "😀", "bürokratá")
    edges = [on_tokens(text, text.index(p), text.index(p) + len(p)) for p in passages]
    assert edges == [2, 1, 1, 2, 1, 2, 2, 1]
