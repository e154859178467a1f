"""The Suggestions dock: the current coder's suggestions with code, text, score, method and status.

A click (or Enter) goes to the suggestion in the text; Accept, Reject and Accept All of Code push
one ``Decide`` (Ctrl+Z undoes it). Below the table, the acceptance rate so far per code and method
(``project.acceptance``). The list is of this document or of all documents; it re-reads only
when a change touches the suggestions listed, and only while the dock is shown.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.suggestions import Decide, Suggestion

from ..shared.session import touches_scheme
from .suggestion_model import SuggestionModel


class SuggestionsPanel(QWidget):
    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.setObjectName("suggestionsPanel")
        self.window_, self.session = window, window.session
        self.model = SuggestionModel(self.session, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self._build_buttons(window))
        self.table = QTableView()
        self.table.setObjectName("suggestionsTable")
        self.table.setAccessibleName("Suggestions")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setIconSize(self.table.iconSize().boundedTo(self.fontMetrics().boundingRect("M").size()))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        self.table.clicked.connect(self._on_table_clicked)
        self._kept: list[int] = []
        self.model.modelAboutToBeReset.connect(self._on_model_about_to_be_reset)
        self.model.modelReset.connect(self._on_model_reset)
        self.table.activated.connect(self._on_table_activated)
        layout.addWidget(self.table, 1)
        self.rates_label = QLabel()
        self.rates_label.setObjectName("suggestionRates")
        self.rates_label.setWordWrap(True)
        layout.addWidget(self.rates_label)
        self.session.changed.connect(self._on_session_changed)
        self.session.coder_selected.connect(self._on_session_coder_selected)
        self.session.document_selected.connect(self._on_session_document_selected)
        window.text_view.suggestion_shown.connect(self.select)
        self.reload()

    def _build_buttons(self, window) -> QHBoxLayout:
        row = QHBoxLayout()
        # No mnemonics: Alt+letter is a menu's or a code's exact key.
        for text, slot, name in (("Suggest…", window.suggestion_tools.flow.ask, "suggestButton"),
                                 ("Accept", lambda: self.decide(True), "acceptSuggestionButton"),
                                 ("Reject", lambda: self.decide(False), "rejectSuggestionButton"),
                                 ("Accept All of Code", self.accept_all_of_code, "acceptAllOfCodeButton")):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        propagate = QToolButton()
        propagate.setDefaultAction(window.suggestion_tools.keys.propagate_action)
        row.addWidget(propagate)
        row.addStretch(1)
        self.scope_combo = QComboBox()
        self.scope_combo.setObjectName("suggestionScope")
        self.scope_combo.addItems(["This document", "All documents"])
        self.scope_combo.currentIndexChanged.connect(self._on_scope_changed)
        row.addWidget(self.scope_combo)
        return row

    # ------------------------------------------------------------------ reading
    def reload(self) -> None:
        self.model.reload()
        self.table.setColumnHidden(0, not self.model.all_documents)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        self._show_rates()

    def _show_rates(self) -> None:
        coder = self.session.coder_id
        rates = [] if coder is None else self.session.project.acceptance(coder)
        lines = [f"{r.code} ({r.method}) {_rate(r)}" for r in rates]
        self.rates_label.setText("Accepted so far: " + "; ".join(lines) if lines else "No suggestions yet.")

    def _on_model_about_to_be_reset(self) -> None:
        self._kept = [s.id for s in self.selected()]      # decided rows stay selected

    def _on_model_reset(self) -> None:
        selection = self.table.selectionModel()
        for row in [self.model.row_of(i) for i in self._kept]:
            if row is not None:
                selection.select(self.model.index(row, 0), QItemSelectionModel.Select | QItemSelectionModel.Rows)

    def _on_session_changed(self, change) -> None:
        if not self.isVisible():
            return
        if touches_scheme(change):
            self.reload()
        elif self.model.follow(change):
            self._show_rates()

    def _on_session_coder_selected(self, *_) -> None:
        if self.isVisible():
            self.reload()

    def _on_session_document_selected(self, *_) -> None:
        if self.isVisible() and not self.model.all_documents:
            self.reload()

    def _on_scope_changed(self, index: int) -> None:
        self.model.all_documents = index == 1
        self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.reload()

    # ------------------------------------------------------------------ going and deciding
    def selected(self) -> list[Suggestion]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedIndexes()})
        return [self.model.suggestion(row) for row in rows]

    def select(self, suggestion_id: int) -> None:
        """Select the row of ``suggestion_id`` (the text view went to it) without going anywhere."""
        row = self.model.row_of(suggestion_id)
        if row is None:
            return
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def _on_table_clicked(self, index) -> None:
        self.go_to(self.model.suggestion(index.row()))

    def _on_table_activated(self, index) -> None:
        self.go_to(self.model.suggestion(index.row()))
        self.window_.text_view.setFocus()

    def go_to(self, suggestion: Suggestion) -> None:
        self.window_.suggestion_tools.keys.go_to(suggestion)

    def decide(self, accept: bool) -> bool:
        """Accept or reject the selected suggestions (the open ones; a rejected one may be accepted)."""
        chosen = [s for s in self.selected() if s.status == "open" or (accept and s.status == "rejected")]
        if not chosen:
            self.window_.statusBar().showMessage("Choose an open suggestion in the list first.", 6000)
            return False
        return self.session.push(Decide([s.id for s in chosen], accept))

    def accept_all_of_code(self) -> Optional[int]:
        """Accept every open suggestion listed with the selected row's code; how many."""
        chosen = self.selected()
        if not chosen:
            self.window_.statusBar().showMessage("Choose a suggestion of the code to accept first.", 6000)
            return None
        code = chosen[0].code_id
        ids = [s.id for s in self.model.suggestions() if s.code_id == code and s.status == "open"]
        command = Decide(ids, True, label=f"Accept all suggestions of {chosen[0].code}")
        return command.result if ids and self.session.push(command) else 0


def _rate(rate) -> str:
    """``3 of 4 (75 %)``, or ``none decided`` before the first decision."""
    decided = rate.accepted + rate.rejected
    return f"{rate.accepted} of {decided} ({rate.rate:.0%})" if decided else "none decided"


def show_suggestions_panel(window) -> SuggestionsPanel:
    """Show (creating once) the Suggestions dock of a coding window, tabbed with its Annotations."""
    dock = window.findChild(QDockWidget, "suggestionsDock")
    if dock is None:
        dock = QDockWidget("Suggestions", window)
        dock.setObjectName("suggestionsDock")
        dock.setWidget(SuggestionsPanel(window))
        window.addDockWidget(Qt.BottomDockWidgetArea, dock)
        window.tabifyDockWidget(window.annotations_dock, dock)
    dock.show()
    dock.raise_()
    if dock.height() < window.fontMetrics().height() * 14:    # room for a dozen rows, not the text's share
        window.resizeDocks([dock], [min(window.fontMetrics().height() * 18, window.height() // 2)], Qt.Vertical)
    return dock.widget()
