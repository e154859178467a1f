"""Edit › Sentences: choose sentences from the keyboard, as Sentence Mode does with a click.

- **Select Next Sentence** (Alt+Down): with no selection, the sentence at the cursor (else the
  first after it); with one, the first sentence that starts after it.
- **Select Previous Sentence** (Alt+Up): the same backwards.
- **Extend to Next Sentence** (Alt+Shift+Down): the selection's end moves to the end of the
  sentence it is in, or of the next one if it already ends a sentence; the start stays.
- **Extend to Previous Sentence** (Alt+Shift+Up): the start moves back the same way.

Sentences are the project's (``project.text_services().sentences``, what Sentence Mode and
``autocode --extend sentence`` use); a selection is coded with a code's key as usual.
"""
from __future__ import annotations

import bisect
from typing import Optional

from PySide6.QtGui import QAction

from ..shared.actions import key_list

Span = tuple[int, int]
KEYS = (("Select &Next Sentence", "next", "Alt+Down", "selectNextSentenceAction"),
        ("Select &Previous Sentence", "previous", "Alt+Up", "selectPreviousSentenceAction"),
        ("&Extend to Next Sentence", "extend_next", "Alt+Shift+Down", "extendNextSentenceAction"),
        ("E&xtend to Previous Sentence", "extend_previous", "Alt+Shift+Up", "extendPreviousSentenceAction"))


def _at(sentences: list[Span], pos: int) -> Optional[int]:
    i = bisect.bisect_right(sentences, (pos, float("inf"))) - 1
    return i if i >= 0 and sentences[i][0] <= pos < sentences[i][1] else None


def next_sentence(sentences: list[Span], selection: Optional[Span], cursor: int) -> Optional[Span]:
    if selection is None and _at(sentences, cursor) is not None:
        return sentences[_at(sentences, cursor)]
    after = selection[1] if selection else cursor
    i = bisect.bisect_left(sentences, (after, -1))
    return sentences[i] if i < len(sentences) else None


def previous_sentence(sentences: list[Span], selection: Optional[Span], cursor: int) -> Optional[Span]:
    if selection is None and _at(sentences, cursor) is not None:
        return sentences[_at(sentences, cursor)]
    before = selection[0] if selection else cursor
    ends = [end for _, end in sentences]
    i = bisect.bisect_right(ends, before) - 1
    return sentences[i] if i >= 0 else None


def extend_next(sentences: list[Span], selection: Optional[Span], cursor: int) -> Optional[Span]:
    if selection is None:
        return next_sentence(sentences, None, cursor)
    ends = [end for _, end in sentences]
    i = bisect.bisect_right(ends, selection[1])       # the first sentence ending after the selection
    return (selection[0], ends[i]) if i < len(ends) else None


def extend_previous(sentences: list[Span], selection: Optional[Span], cursor: int) -> Optional[Span]:
    if selection is None:
        return previous_sentence(sentences, None, cursor)
    i = bisect.bisect_left(sentences, (selection[0], -1)) - 1   # the last sentence starting before it
    return (sentences[i][0], selection[1]) if i >= 0 else None


RULES = {"next": next_sentence, "previous": previous_sentence, "extend_next": extend_next,
         "extend_previous": extend_previous}


def choose_sentence(text_view, rule: str) -> bool:
    """Select what ``rule`` gives in ``text_view``; False (nothing changes) if there is nothing."""
    cursor = text_view.cursor_position()
    if cursor is None:
        return False
    sentences = text_view.session.project.text_services().sentences(text_view.text)
    span = RULES[rule](sentences, text_view.selected_span(exact=True), cursor)
    if span is None:
        return False
    text_view.select_span(*span)
    return True


def install_sentence_keys(window) -> list[QAction]:
    """Edit › Sentences (after Annotation Boundaries); the keys work anywhere in the window."""
    menu = window.menu("Edit").addMenu("&Sentences")
    actions = []
    for text, rule, key, name in KEYS:
        action = QAction(text, window)
        action.setObjectName(name)
        action.setShortcuts(key_list(key))
        action.setStatusTip("Choose sentences from the keyboard; then press a code's key to code them")
        action.triggered.connect(lambda _c=False, r=rule: choose_sentence(window.text_view, r))
        window.addAction(action)
        menu.addAction(action)
        actions.append(action)
    return actions
