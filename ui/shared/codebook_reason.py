"""Why the codebook is being changed: a note and the disagreements it answers, shared by the windows.

The codebook editor shows and edits it, and every edit made from the editor while it is filled
carries it into the change log (``because`` and ``disagreements`` of the core's codebook commands);
the Agreement window's "Cite in the codebook's reason" adds disagreements to it. One per session,
so the two windows meet here and never import each other.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from annotator.cited import CitedDisagreement


class CodebookReason(QObject):
    changed = Signal()   # the note or the cited disagreements changed

    def __init__(self, parent=None):
        super().__init__(parent)
        self.because = ""
        self.cited: tuple[CitedDisagreement, ...] = ()

    def set_because(self, text: str) -> None:
        if text != self.because:
            self.because = text
            self.changed.emit()

    def cite(self, disagreements) -> int:
        """Add disagreements not cited yet (by id); returns how many were added."""
        known = {d.id for d in self.cited}
        new = tuple({d.id: d for d in disagreements if d.id not in known}.values())
        if new:
            self.cited += new
            self.changed.emit()
        return len(new)

    def uncite(self, ids) -> None:
        kept = tuple(d for d in self.cited if d.id not in set(ids))
        if kept != self.cited:
            self.cited = kept
            self.changed.emit()

    def clear(self) -> None:
        if self.because or self.cited:
            self.because, self.cited = "", ()
            self.changed.emit()

    def carry(self, command) -> None:
        """Give a codebook command the note and the cited disagreements."""
        command.because, command.disagreements = self.because.strip(), self.cited
