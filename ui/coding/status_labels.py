"""The coding window's permanent status-bar labels: the coder, the text cursor's position,
the annotations at the cursor (named, so colour is never the only cue), the count of
annotations in the document, and a reminder that everything is saved as it is made.

A message (a package's greeting, a hint, an error, an action's tip) gets the whole bar: the
labels step aside while it shows, since Qt gives a message only the room the labels leave,
which at 1024 px cut a package's greeting after a dozen characters."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStatusBar

SAVED_NOTE = "Every change is saved to the project file as you make it; there is no Save button."


class StatusLabels:
    def __init__(self, status: QStatusBar, em: int):
        """``em``: the window's average character width, for the gaps and the elided width."""
        self.coder_label, self.position_label, self.counts_label = QLabel(), QLabel(), QLabel()
        self.here_label = QLabel()
        self.here_label.setObjectName("annotationsHereLabel")
        self.here_label.setAccessibleName("Annotations at the cursor")
        self.saved_label = QLabel("Saved automatically")
        self.saved_label.setToolTip(SAVED_NOTE)
        self._em = em
        self.labels = (self.coder_label, self.position_label, self.here_label, self.counts_label, self.saved_label)
        for label in self.labels:
            label.setContentsMargins(self._em * 2, 0, 0, 0)
            status.addPermanentWidget(label)
        status.messageChanged.connect(self._on_status_message_changed)

    def _on_status_message_changed(self, message: str) -> None:
        for label in self.labels:
            label.setVisible(not message)

    def show_coder(self, name: str) -> None:
        self.coder_label.setText(f"Coder: {name}")

    def show_position(self, position: int) -> None:
        self.position_label.setText(f"Position {position:,}")

    def show_here(self, labels: list[str]) -> None:
        shown = labels if len(labels) <= 3 else labels[:2] + [f"{len(labels) - 2} more"]
        text = "At cursor: " + ("; ".join(shown) if labels else "no annotation")
        # Elided, so a long list never widens the window past a small screen.
        self.here_label.setText(self.here_label.fontMetrics().elidedText(text, Qt.ElideRight, self._em * 48))
        self.here_label.setToolTip("\n".join(labels) or "No annotation at the text cursor")

    def show_count(self, count: int, everyone: bool) -> None:
        who = "all coders" if everyone else "yours"
        self.counts_label.setText(f"{count} annotation{'s' if count != 1 else ''} in this document ({who})")
