"""Edit › Sentences: the next or previous sentence, and a selection extended by one, from the keyboard."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from ui.coding import sentence_keys

SENTENCES = [(0, 10), (12, 20), (21, 30), (40, 50)]


@pytest.mark.parametrize("rule, selection, cursor, expected", [
    ("next", None, 5, (0, 10)),            # no selection: the sentence at the cursor
    ("next", None, 11, (12, 20)),          # between sentences: the one after
    ("next", (0, 10), 10, (12, 20)),
    ("next", (3, 6), 6, (12, 20)),         # a word selected: the sentence after it
    ("next", (40, 50), 50, None),          # nothing after the last
    ("previous", None, 15, (12, 20)),
    ("previous", None, 35, (21, 30)),
    ("previous", (21, 30), 30, (12, 20)),
    ("previous", (0, 10), 10, None),
    ("extend_next", (0, 10), 10, (0, 20)),
    ("extend_next", (3, 6), 6, (3, 10)),   # first to the end of its own sentence
    ("extend_next", (0, 50), 50, None),
    ("extend_previous", (21, 30), 30, (12, 30)),
    ("extend_previous", (24, 30), 30, (21, 30)),
    ("extend_previous", None, 25, (21, 30)),
])
def test_the_rules(rule, selection, cursor, expected):
    assert sentence_keys.RULES[rule](SENTENCES, selection, cursor) == expected


def press(qtbot, view, key, shift=False):
    modifiers = Qt.AltModifier | (Qt.ShiftModifier if shift else Qt.NoModifier)
    qtbot.keyClick(view, key, modifiers)
    return view.selected_span(exact=True)


def test_the_keys_choose_sentences_in_the_window_and_a_code_key_codes_them(qtbot, window):
    view = window.text_view
    sentences = window.project.text_services().sentences(view.text)
    window.session.select_annotation("")
    view.setFocus()
    cursor = QTextCursor(view.document())
    cursor.setPosition(view._to_u16(sentences[3][0] + 2))
    view.setTextCursor(cursor)
    assert press(qtbot, view, Qt.Key_Down) == sentences[3]
    assert press(qtbot, view, Qt.Key_Down) == sentences[4]
    assert press(qtbot, view, Qt.Key_Up) == sentences[3]
    assert press(qtbot, view, Qt.Key_Down, shift=True) == (sentences[3][0], sentences[4][1])
    assert press(qtbot, view, Qt.Key_Up, shift=True) == (sentences[2][0], sentences[4][1])
    before = len(window.session.visible_annotations())
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view, Qt.Key_3)
    added = {(a.start, a.end) for a in window.session.visible_annotations()}
    assert len(added) >= before and (sentences[2][0], sentences[4][1]) in added
