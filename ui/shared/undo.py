"""The Qt undo stack adapts core commands; the data logic stays in annotator.commands."""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand


class StoreCommand(QUndoCommand):
    """Applies a core command on redo and its inverse on undo, through the session."""

    def __init__(self, session, command):
        super().__init__(command.label)
        self._session = session
        self._command = command
        self._inverse = None

    def redo(self) -> None:
        self._inverse = self._session.apply_now(self._command)

    def undo(self) -> None:
        self._command = self._session.apply_now(self._inverse)
