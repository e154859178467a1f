"""The Disagreements tab's "Cite in the Codebook's Reason" (a button and the table's context menu): the
selected disagreements go to the session's reason for codebook changes (``session.codebook_reason``),
which the codebook editor shows and every edit made from it carries into the change log."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton, QTableView

from annotator.report.disagreements import snapshot

CITE_TEXT = "Cite in the Codebook's Reason"
ID_HEADER = "Id"   # the Disagreements table's column of ids (agreement_models)


class DisagreementCiting(QObject):
    """Cites the disagreements selected in ``view``; ``report()`` is the report they come from."""

    cited = Signal(str)   # a sentence saying what was cited

    def __init__(self, view: QTableView, reason, report: Callable, parent=None):
        super().__init__(parent)
        self.view, self.reason, self.report = view, reason, report
        self.action = QAction(CITE_TEXT, view)
        self.action.setObjectName("citeDisagreementAction")
        self.action.setToolTip("Add the selected disagreements to the reason for the next codebook changes "
                               "(Codes › Codebook… shows it; every edit made there keeps it in the change log)")
        self.action.triggered.connect(self.cite_selected)
        view.addAction(self.action)
        view.setContextMenuPolicy(Qt.ActionsContextMenu)
        self.button = QPushButton(CITE_TEXT)
        self.button.setObjectName("citeDisagreementButton")
        self.button.setToolTip(self.action.toolTip())
        self.button.clicked.connect(lambda _checked=False: self.cite_selected())
        self.update_enabled()

    def connect_selection(self) -> None:
        """Follow the view's selection (call after its model is set)."""
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.update_enabled())

    def update_enabled(self) -> None:
        chosen = bool(self.selected_ids())
        self.action.setEnabled(chosen)
        self.button.setEnabled(chosen)

    def selected_ids(self) -> list[str]:
        """The ids of the selected rows, top to bottom (read from the Id column)."""
        model, selection = self.view.model(), self.view.selectionModel()
        column = next((c for c in range(model.columnCount()) if model.headerData(c, Qt.Horizontal) == ID_HEADER),
                      None) if model is not None else None
        if column is None or selection is None:
            return []
        return [r.data() for r in sorted(selection.selectedRows(column), key=lambda r: r.row())]

    def cite_selected(self) -> int:
        """Cite the selected disagreements (each once); returns how many were new."""
        report, ids = self.report(), self.selected_ids()
        if report is None or not ids:
            return 0
        by_id = {d.id: d for d in report.disagreements}
        round_name = report.round.name if report.round else None
        added = self.reason.cite([snapshot(by_id[i], round_name) for i in ids if i in by_id])
        already = len(ids) - added
        self.cited.emit(f"Cited {added} disagreement{'s' * (added != 1)} in the codebook's reason"
                        + (f" ({already} already were)" if already else "")
                        + "; Codes › Codebook… shows it, and every edit made there keeps it.")
        return added
