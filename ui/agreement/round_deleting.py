"""The Agreement window's "Delete Round…" (beside Trend…): the round chosen in the Round box, made by
mistake, is removed as one undoable step (:class:`annotator.round_delete.DeleteRound`) after the user
has read what it does (``Project.round_deletion``: coding is never touched). A
refusal (a retest whose re-coding was merged) is the session's one sentence; nothing changes."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QMessageBox, QPushButton, QWidget

from annotator.errors import AnnotatorError
from annotator.round_delete import DeleteRound


class RoundDeleting:
    """A button that deletes the round chosen in ``combo`` (its item data is the round's name)."""

    def __init__(self, combo: QComboBox, session, parent: QWidget):
        self.combo, self.session, self.parent = combo, session, parent
        self.button = QPushButton("Delete Round…")
        self.button.setObjectName("deleteRoundButton")
        self.button.setToolTip("Remove the chosen round, made by mistake: its record only; the coding merged from "
                               "its packages stays. Edit › Undo brings it back.")
        self.button.clicked.connect(lambda _checked=False: self.delete_chosen())
        combo.currentIndexChanged.connect(lambda *_: self.update_enabled())
        self.update_enabled()

    def update_enabled(self) -> None:
        self.button.setEnabled(self.combo.currentData() is not None)

    def delete_chosen(self) -> bool:
        """Ask, then delete the chosen round as one undo step; False if nothing was deleted."""
        name = self.combo.currentData()
        if name is None:
            return False
        try:
            deletion = self.session.project.round_deletion(name)
        except AnnotatorError as error:
            self.session.error_raised.emit(str(error))
            return False
        text = "\n\n".join(line.replace("Deleted round", "Delete round", 1) for line in deletion.lines())
        answer = QMessageBox.question(self.parent, "Delete Round", text.replace("was removed", "will be removed"),
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return False
        return self.session.push(DeleteRound(deletion.round.uuid, f"Delete round {name!r}"))
