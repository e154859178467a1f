"""Code point <-> UTF-16 conversion, checked against Python's own UTF-16 encoder and Qt."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from hypothesis import given
from hypothesis import strategies as st

from ui.shared.offsets import OffsetMap, cp_to_utf16, utf16_to_cp


def reference_utf16(text, cp):
    return len(text[:cp].encode("utf-16-le")) // 2


EXAMPLE = "We must act now 😊, she said.\nSecond line é."  # formats.md §2 / §5.9


def test_formats_doc_example():
    m = OffsetMap(EXAMPLE)
    # "she said" is code points 19..27 and UTF-16 units 20..28 (verified with Qt in §5.9)
    assert (m.to_utf16(19), m.to_utf16(27)) == (20, 28)
    assert (m.to_cp(20), m.to_cp(28)) == (19, 27)
    assert m.utf16_length == len(EXAMPLE) + 1
    assert cp_to_utf16(EXAMPLE, 16) == 16 and cp_to_utf16(EXAMPLE, 17) == 18
    assert utf16_to_cp(EXAMPLE, 18) == 17


def test_middle_of_a_surrogate_pair_maps_to_the_character_start():
    m = OffsetMap("a😊b")
    assert [m.to_cp(u) for u in range(5)] == [0, 1, 1, 2, 3]


def test_ascii_and_bmp_texts_are_the_identity():
    for text in ("plain", "é ß — ‘quoted’ 中文", ""):
        m = OffsetMap(text)
        assert m.is_identity and m.to_utf16(len(text)) == len(text) and m.to_cp(3) == 3


def test_agrees_with_qt_cursor_positions(qtbot):
    from PySide6.QtGui import QTextCursor, QTextDocument

    text = "👍🏽 ok 𝐁old\n😊😊 x 𓀀 end"
    doc = QTextDocument()
    doc.setPlainText(text)
    m = OffsetMap(text)
    for a in range(len(text) + 1):
        for b in range(a, len(text) + 1):
            cursor = QTextCursor(doc)
            cursor.setPosition(m.to_utf16(a))
            cursor.setPosition(m.to_utf16(b), QTextCursor.KeepAnchor)
            assert cursor.selectedText().replace("\u2029", "\n") == text[a:b]


chars = st.characters(codec="utf-8") | st.sampled_from("😊👍🏽𝐁\n")


@given(st.text(chars, max_size=80), st.data())
def test_round_trip_and_reference(text, data):
    m = OffsetMap(text)
    cp = data.draw(st.integers(0, len(text)))
    u16 = m.to_utf16(cp)
    assert u16 == reference_utf16(text, cp)
    assert m.to_cp(u16) == cp
    assert list(m.to_utf16_array(range(len(text) + 1))) == [reference_utf16(text, i) for i in range(len(text) + 1)]
    assert list(m.to_cp_array(m.to_utf16_array(range(len(text) + 1)))) == list(range(len(text) + 1))
