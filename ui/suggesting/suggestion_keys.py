"""Codes › Suggestions: go to the next or previous suggestion, accept or reject it, from the keyboard.

- **Next Suggestion** (F9) / **Previous Suggestion** (Shift+F9): the next open suggestion after
  the current one (or the text cursor) in this document, then in the next document that has one
  (documents in the project's order); it is selected, so a code key codes it differently.
- **Accept Suggestion** (Alt+Return) / **Reject Suggestion** (Alt+Del): the current suggestion (the
  one gone to, else the one at the cursor), one ``Decide`` each (Ctrl+Z undoes it); then the next
  open suggestion in the document becomes current, so the keys walk through them.

The keys mirror F8 / Shift+F8 (next annotation of this code) and Del (delete the annotation); no
code key can be Alt+Return or Alt+Del, and F9 is refused as a code key like every window key.
(Alt+Backspace is Undo on Linux and Windows, and Alt+[ needs AltGr on many layouts.)
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction

from annotator.suggestions import Decide, Suggestion

from ..shared.actions import key_list

PROPAGATE_KEY = "suggestions/propagateAfterCoding"
KEYS = (("&Next Suggestion", lambda k: k.step(+1), "F9", "nextSuggestionAction"),
        ("&Previous Suggestion", lambda k: k.step(-1), "Shift+F9", "previousSuggestionAction"),
        ("&Accept Suggestion", lambda k: k.decide(True), "Alt+Return", "acceptSuggestionAction"),
        ("&Reject Suggestion", lambda k: k.decide(False), "Alt+Del", "rejectSuggestionAction"))


class SuggestionKeys(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window, self.session, self.text_view = window, window.session, window.text_view
        self.actions: list[QAction] = []
        for text, slot, key, name in KEYS:
            action = QAction(text, window)
            action.setShortcuts(key_list(key))
            action.setObjectName(name)
            action.triggered.connect(lambda _c=False, s=slot: s(self))
            window.addAction(action)
            self.actions.append(action)
        self.propagate_action = QAction("Propagate After &Coding", window)
        self.propagate_action.setObjectName("propagateAfterCodingAction")
        self.propagate_action.setCheckable(True)
        self.propagate_action.setStatusTip("After you code a span, offer the same code on the other occurrences "
                                           "of its words (as suggestions, in the background)")
        self.propagate_action.setChecked(QSettings().value(PROPAGATE_KEY, False, type=bool))
        self.propagate_action.toggled.connect(lambda on: QSettings().setValue(PROPAGATE_KEY, on))

    # ------------------------------------------------------------------ going
    def step(self, step: int) -> Optional[Suggestion]:
        found = self.text_view.step_suggestion(step)
        if found is None:
            found = self._in_another_document(step)
        if found is None:
            self._say("No more open suggestions " + ("after this one." if step > 0 else "before this one."))
        return found

    def _in_another_document(self, step: int) -> Optional[Suggestion]:
        coder, here = self.session.coder_id, self.session.document_id
        if coder is None or here is None:
            return None
        documents = sorted({s.document_id for s in self.session.project.suggestions(coder, "open")})
        beyond = [d for d in documents if (d > here if step > 0 else d < here)]
        if not beyond:
            return None
        self.session.select_document(beyond[0] if step > 0 else beyond[-1])
        open_ones = self.text_view.suggestions.open_ones()
        found = open_ones[0] if step > 0 else open_ones[-1]
        self.text_view.show_suggestion(found)
        return found

    def go_to(self, suggestion: Suggestion) -> None:
        """Show ``suggestion`` in the text (its document opened); a decided one is only selected."""
        self.session.select_document(suggestion.document_id)
        current = self.text_view.suggestions.get(suggestion.id)
        if current is not None:
            self.text_view.show_suggestion(current)
        else:
            self.text_view.select_span(suggestion.start, suggestion.end)

    # ------------------------------------------------------------------ deciding
    def decide(self, accept: bool) -> bool:
        current = self.text_view.current_suggestion
        if current is None:
            self._say("There is no suggestion here: F9 goes to the next one.")
            return False
        after = self.text_view.suggestions.neighbour((current.start, current.end, current.id), +1)
        if not self.session.push(Decide([current.id], accept)):
            return False
        following = self.text_view.suggestions.get(after.id) if after is not None else None
        if following is not None:
            self.text_view.show_suggestion(following)
        return True

    def _say(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 6000)
