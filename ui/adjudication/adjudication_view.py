"""Tools › Adjudicate…: compare coders on one document and build the gold (consensus) layer.

The list shows every segment of ``annotator.adjudication.compare`` — ✓ agreements (every
coder has the same span and code) and ✗ disagreements (who coded what) — with what gold
holds there. Below it the chosen segment is stacked coder by coder in its surrounding text,
each coder's spans highlighted in the code's colour and named in words.

Every decision is a core command pushed through ``session.push`` and so one step on the
session's undo stack (Edit › Undo in the coding window, or Ctrl+Z here): accept one coder's
annotation (keys 1–9), accept all agreements (A), reject the segment (R), reopen it (O),
delete or re-code a gold annotation. Gold's own boundaries are edited in the coding window
("Edit in Coding Window" makes gold the current coder there). The view follows the
session's document and refreshes from each ``Change``.
"""
from __future__ import annotations

import re
from html import escape
from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.adjudication import AcceptAllAgreements, AcceptAnnotation, RejectSegment, ReopenSegment
from annotator.changes import ChangeKind
from annotator.commands import DeleteAnnotation, UpdateAnnotation
from annotator.errors import AnnotatorError
from annotator.segments import compare, gold_coder

from ..shared.cells import Cell, CellTableModel, text_on
from ..shared.coder_ticks import CoderTicks
from ..shared.columns import fit_columns, fit_row_lines
from ..shared.models import quote
from ..shared.span_text import span_label, span_range, span_tip
from ..shared.theme import is_dark

CONTEXT = 90   # characters of surrounding text shown on each side of a segment


class AdjudicationView(QWidget):
    """Segments of the current document for the chosen coders, and the gold decisions."""

    segments_changed = Signal()

    def __init__(self, session, text_view=None, parent=None):
        super().__init__(parent, Qt.Window)
        self.session, self.text_view = session, text_view
        self.setObjectName("adjudicationView")
        self.setWindowTitle(f"Adjudicate — {session.project.name}")
        self.segments: list = []
        self.document_id: Optional[int] = None
        self._text = ""
        self._codes: dict = {}
        self._build()
        self._reload_documents()
        self.reload_coders()
        self._follow(session.document_id)
        session.changed.connect(self._on_session_changed)
        session.document_selected.connect(self._follow)
        stack = session.undo_stack
        stack.canUndoChanged.connect(self.undo_button.setEnabled)
        stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(stack.canUndo())
        self.redo_button.setEnabled(stack.canRedo())

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Document:"))
        self.document_combo = QComboBox()
        self.document_combo.setObjectName("adjudicationDocument")
        self.document_combo.activated.connect(self._on_document_combo_activated)
        top.addWidget(self.document_combo, 1)
        top.addWidget(QLabel("Coders:"))
        self.coder_list = CoderTicks("adjudicationCoders")
        self.coder_list.itemChanged.connect(lambda _item: self.refresh())
        top.addWidget(self.coder_list, 1)
        layout.addLayout(top)

        actions = QHBoxLayout()
        self.accept_all_button = self._button("Accept &All Agreements", "acceptAllButton", self.accept_all,
                                              "Copy every ✓ agreement of this document into gold, as one undo step (A)")
        self.next_button = self._button("&Next Open", "nextOpenButton", self.next_open,
                                        "Go to the next segment without a decision (N)")
        self.undo_button = self._button("Undo", "adjudicationUndo", self.session.undo, "Undo the last step (Ctrl+Z)")
        self.redo_button = self._button("Redo", "adjudicationRedo", self.session.redo,
                                        "Redo (Ctrl+Shift+Z)")
        for button in (self.accept_all_button, self.next_button, self.undo_button, self.redo_button):
            actions.addWidget(button)
        actions.addStretch(1)
        # The words beside the bar, not on it: a style draws text on a bar in two colours split at
        # the chunk's edge, which then cuts through a letter.
        self.progress_label = QLabel()
        self.progress_label.setObjectName("goldProgressLabel")
        self.progress = QProgressBar()
        self.progress.setObjectName("goldProgress")
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(self.fontMetrics().height())
        self.progress.setFixedWidth(self.fontMetrics().averageCharWidth() * 20)
        self.progress_label.setBuddy(self.progress)
        actions.addWidget(self.progress_label)
        actions.addWidget(self.progress)
        layout.addLayout(actions)

        splitter = QSplitter(Qt.Vertical)
        self.model = CellTableModel(parent=self)
        self.table = QTableView()
        self.table.setObjectName("segmentTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        splitter.addWidget(self.table)

        detail = QWidget()
        box = QVBoxLayout(detail)
        box.setContentsMargins(0, 0, 0, 0)
        self.layers = QTextBrowser()
        self.layers.setObjectName("segmentLayers")
        self.layers.setOpenLinks(False)
        box.addWidget(self.layers, 1)
        self.decisions = QHBoxLayout()
        box.addLayout(self.decisions)
        self.gold_row = QHBoxLayout()
        box.addLayout(self.gold_row)
        splitter.addWidget(detail)
        splitter.setSizes([320, 280])
        layout.addWidget(splitter, 1)
        self.message = QLabel()
        self.message.setObjectName("adjudicationMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.session.error_raised.connect(self.message.setText)

        for keys, slot in (("A", self.accept_all), ("R", self.reject), ("O", self.reopen), ("N", self.next_open),
                           (QKeySequence.Undo, self.session.undo), (QKeySequence.Redo, self.session.redo)):
            QShortcut(QKeySequence(keys), self, slot)
        for n in range(1, 10):
            QShortcut(QKeySequence(str(n)), self, lambda n=n: self._accept_nth(n - 1))

    def _button(self, text: str, name: str, slot, tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _c=False: slot())
        return button

    # ------------------------------------------------------------------ documents and coders
    def _reload_documents(self) -> None:
        self.document_combo.clear()
        for summary in self.session.project.document_summaries():
            self.document_combo.addItem(summary.name, summary.id)

    def _on_document_combo_activated(self, index: int) -> None:
        self.session.select_document(self.document_combo.itemData(index))
        self._follow(self.document_combo.itemData(index))

    def _follow(self, document_id: Optional[int]) -> None:
        if document_id is None:
            return
        self.document_combo.setCurrentIndex(self.document_combo.findData(document_id))
        if document_id != self.document_id:
            self.document_id = document_id
            self._text = self.session.project.document(document_id).text
            self.refresh()

    def reload_coders(self) -> None:
        """The project's coders except gold, keeping ticks (new ones ticked)."""
        project = self.session.project
        self.coder_list.reload(project.coders(), gold_coder(project), include_gold=False, aside=project.retest_coders())

    def chosen_coders(self) -> list[str]:
        return self.coder_list.chosen()

    def set_coders(self, names) -> None:
        self.coder_list.set_chosen(names)
        self.refresh()

    # ------------------------------------------------------------------ segments
    def refresh(self) -> None:
        """Re-read the segments of the current document, keeping the chosen one."""
        current = self.current_segment()
        keep = (current.key, current.start) if current is not None else None
        coders = self.chosen_coders()
        self._codes = {c.id: c for c in self.session.project.codes()}
        self.segments = []
        if self.document_id is not None and len(coders) >= 2:
            try:
                self.segments = compare(self.session.project, self.document_id, coders)
            except AnnotatorError as error:
                self.message.setText(str(error))
        elif self.document_id is not None:
            self.message.setText("Tick at least two coders to compare.")
        self.model.set_rows(["", "Where"] + coders + ["Gold", "Text"], [self._row(s, coders) for s in self.segments])
        self._size_columns()
        self._update_progress()
        row = next((i for i, s in enumerate(self.segments) if keep and s.key == keep[0]), None)
        if row is None and keep is not None:
            row = next((i for i, s in enumerate(self.segments) if s.start >= keep[1]), None)
        self.select_row(row if row is not None else (0 if self.segments else None))
        self.segments_changed.emit()

    def _size_columns(self) -> None:
        """Measured once per refresh: the spans (one a line) in full, the text taking the rest."""
        fit_columns(self.table, stretch=self.model.columnCount() - 1)
        fit_row_lines(self.table)

    def _colours(self) -> tuple[QColor, QColor]:
        if is_dark(self.palette()):
            return QColor("#1f4d2c"), QColor("#5c2323")
        return QColor("#d6f0d9"), QColor("#f8d7d3")

    def _label(self, a) -> str:
        code = self._codes.get(a.code_id)
        return span_label(code.name if code else str(a.code_id), a.start, a.end)

    def _row(self, segment, coders) -> list[Cell]:
        agree, differ = self._colours()
        ok = segment.kind == "agreement"
        background = agree if ok else differ
        status = Cell("✓ agree" if ok else "✗ differ", "Every coder has this span and code" if ok
                      else "The coders differ here", background=background, foreground=text_on(background),
                      payload=segment.key)
        if segment.rejected:
            gold = Cell("rejected", "Decided: nothing from this segment goes into gold", italic=True)
        elif segment.gold:
            gold = Cell("\n".join("✓ " + self._label(a) for a in segment.gold), "In gold", bold=True)
        else:
            gold = Cell("open", "No decision yet")
        who = [Cell("\n".join(self._label(a) for a in segment.annotations.get(c, ())) or "(nothing)") for c in coders]
        text = self._text[segment.start:segment.end]
        where = Cell(span_range(segment.start, segment.end), span_tip(segment.start, segment.end), number=True)
        return [status, where, *who, gold, Cell(quote(text), text)]

    def _update_progress(self) -> None:
        total = len(self.segments)
        done = sum(s.resolved for s in self.segments)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        text = f"Gold: {done} of {total} segments resolved" if total else "No segments to adjudicate"
        self.progress_label.setText(text)
        self.progress.setFormat(text)              # what a screen reader reads for the bar
        self.progress.setAccessibleName(text)

    def progress_counts(self) -> tuple[int, int]:
        return sum(s.resolved for s in self.segments), len(self.segments)

    def current_segment(self):
        row = self.table.currentIndex().row()
        return self.segments[row] if 0 <= row < len(self.segments) else None

    def select_row(self, row: Optional[int]) -> None:
        if row is None or not 0 <= row < len(self.segments):
            self.table.clearSelection()
            self._show_segment(None)
            return
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.table.selectRow(row)
        self._show_segment(self.segments[row])

    def _on_table_current_changed(self, current, _previous) -> None:
        segment = self.segments[current.row()] if current.isValid() and current.row() < len(self.segments) else None
        self._show_segment(segment)
        if segment is not None and self.text_view is not None and self.text_view.document_id == self.document_id:
            self.text_view.select_span(segment.start, segment.end)

    # ------------------------------------------------------------------ the chosen segment
    def _show_segment(self, segment) -> None:
        self.layers.setHtml(self._layers_html(segment) if segment is not None else
                            "<p>No segment chosen. Pick one in the list.</p>")
        self._fill_buttons(segment)

    def _layers_html(self, segment) -> str:
        lo, hi = max(0, segment.start - CONTEXT), min(len(self._text), segment.end + CONTEXT)
        parts = [f"<p><b>{'✓ Agreement' if segment.kind == 'agreement' else '✗ Disagreement'}</b>, characters "
                 f"{span_range(segment.start, segment.end)}</p>"]
        for coder, anns in list(segment.annotations.items()) + [("gold", segment.gold)]:
            names = "; ".join(escape(self._label(a)) for a in anns) or "nothing here"
            if coder == "gold" and segment.rejected:
                names = "rejected — nothing goes into gold"
            elif coder == "gold" and not anns:
                names = "no decision yet"
            parts.append(f"<p style='margin-top:8px'><b>{escape(coder)}</b>: {names}<br>"
                         f"{self._marked(anns, lo, hi)}</p>")
        return "".join(parts)

    def _marked(self, annotations, lo: int, hi: int) -> str:
        """The text lo..hi with each annotation's characters in its code's colour (and underlined)."""
        cuts = sorted({lo, hi} | {min(max(x, lo), hi) for a in annotations for x in (a.start, a.end)})
        out = ["…" if lo > 0 else ""]
        for a, b in zip(cuts, cuts[1:]):
            piece = escape(re.sub(r"\n+", " ¶ ", self._text[a:b]))
            covering = [x for x in annotations if x.start <= a and b <= x.end]
            if covering:
                code = self._codes.get(covering[0].code_id)
                colour = QColor(code.color if code else "#888888")
                out.append(f"<span style='background:{colour.name()};color:{text_on(colour).name()};"
                           f"text-decoration:underline'>{piece}</span>")
            else:
                out.append(piece)
        out.append("…" if hi < len(self._text) else "")
        return "".join(out)

    def _clear(self, row: QHBoxLayout) -> None:
        while row.count():
            widget = row.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)    # gone now, not at the next turn of the event loop
                widget.deleteLater()

    def _fill_buttons(self, segment) -> None:
        self._clear(self.decisions)
        self._clear(self.gold_row)
        self.accept_buttons: list[QPushButton] = []
        if segment is None:
            return
        n, in_gold = 0, {(g.start, g.end, g.code_id) for g in segment.gold}
        for coder, anns in segment.annotations.items():
            for a in anns:
                n += 1
                key = f"  ({n})" if n <= 9 else ""
                button = self._button(f"Accept {coder}: {self._label(a)}{key}".replace("&", "&&"), f"accept{n}",
                                      lambda u=a.uuid: self.accept(u), f"Copy {coder}'s annotation into gold")
                if (a.start, a.end, a.code_id) in in_gold:
                    button.setEnabled(False)
                    button.setToolTip("Gold already has this span and code")
                self.accept_buttons.append(button)
                self.decisions.addWidget(button)
        if segment.rejected:
            self.decisions.addWidget(self._button("Re&open  (O)", "reopenButton", self.reopen,
                                                  "Withdraw the rejection: the segment is open again"))
        elif not segment.gold:
            self.decisions.addWidget(self._button("&Reject  (R)", "rejectButton", self.reject,
                                                  "Decide that nothing from this segment goes into gold"))
        self.decisions.addStretch(1)
        for a in segment.gold:
            self.gold_row.addWidget(QLabel(f"Gold {self._label(a)}:"))
            recode = QComboBox()
            recode.setObjectName("goldCodeCombo")
            recode.setToolTip("Change the code of this gold annotation")
            for code in self._codes.values():
                recode.addItem(code.name, code.id)
            recode.setCurrentIndex(recode.findData(a.code_id))
            recode.activated.connect(lambda i, u=a.uuid, c=recode: self.recode_gold(u, c.itemData(i)))
            self.gold_row.addWidget(recode)
            self.gold_row.addWidget(self._button("Delete", "deleteGoldButton", lambda u=a.uuid: self.delete_gold(u),
                                                 "Delete this gold annotation (undoable)"))
            self.gold_row.addWidget(self._button("Edit in Coding Window", "editGoldButton",
                                                 lambda u=a.uuid: self.edit_in_coding_window(u),
                                                 "Make gold the current coder there and choose this annotation, "
                                                 "to move its edges"))
        self.gold_row.addStretch(1)

    # ------------------------------------------------------------------ decisions (each one undo step)
    def _push(self, command, advance: bool = False) -> bool:
        self.message.clear()
        row = self.table.currentIndex().row()
        ok = self.session.push(command)
        if ok and advance:
            self._next_open_from(row)
        return ok

    def accept(self, annotation_uuid: str) -> bool:
        return self._push(AcceptAnnotation(annotation_uuid), advance=True)

    def _accept_nth(self, n: int) -> None:
        segment = self.current_segment()
        anns = [a for group in segment.annotations.values() for a in group] if segment else []
        if n < len(self.accept_buttons) and self.accept_buttons[n].isEnabled():
            self.accept(anns[n].uuid)

    def accept_all(self) -> bool:
        if self.document_id is None or len(self.chosen_coders()) < 2:
            return False
        return self._push(AcceptAllAgreements(self.document_id, tuple(self.chosen_coders())))

    def reject(self) -> bool:
        segment = self.current_segment()
        if segment is None or segment.rejected or segment.gold:
            return False
        return self._push(RejectSegment(segment.document_id, segment.key, segment.start, segment.end), advance=True)

    def reopen(self) -> bool:
        segment = self.current_segment()
        if segment is None or not segment.rejected:
            return False
        return self._push(ReopenSegment(segment.document_id, segment.key))

    def delete_gold(self, uuid: str) -> bool:
        return self._push(DeleteAnnotation(uuid, label="Delete gold annotation"))

    def recode_gold(self, uuid: str, code_id: int) -> bool:
        a = self.session.project.annotation(uuid)
        if a.code_id == code_id:
            return False
        return self._push(UpdateAnnotation(uuid, code_id, a.start, a.end, a.memo, label="Re-code gold annotation"))

    def edit_in_coding_window(self, uuid: str) -> None:
        gold = gold_coder(self.session.project)
        if gold is None:
            return
        self.session.select_coder(gold.id)
        self.session.select_document(self.document_id)
        self.session.select_annotation(uuid)
        if self.text_view is not None:
            self.text_view.window().raise_()
            self.text_view.window().activateWindow()

    def next_open(self) -> None:
        self._next_open_from(self.table.currentIndex().row())

    def _next_open_from(self, row: int) -> None:
        order = list(range(row + 1, len(self.segments))) + list(range(0, max(row + 1, 0)))
        target = next((i for i in order if not self.segments[i].resolved), None)
        if target is not None:
            self.select_row(target)
        elif self.segments:
            self.message.setText("Every segment of this document has a decision.")

    # ------------------------------------------------------------------ session events
    def _on_session_changed(self, change) -> None:
        names = [c.name for c in self.session.project.coders()]
        gold = gold_coder(self.session.project)
        listed = self.coder_list.names()
        if [n for n in names if gold is None or n != gold.name] != listed:
            self.reload_coders()
        if change.kind is not ChangeKind.ANNOTATION or change.document_id in (None, self.document_id):
            self.refresh()


def show_adjudication_view(window) -> AdjudicationView:
    """Show (creating once) the adjudication view of a main window."""
    view = window.findChild(AdjudicationView, "adjudicationView")
    if view is None:
        view = AdjudicationView(window.session, window.text_view, parent=window)
        view.resize(1100, 720)
    view.show()
    view.raise_()
    view.activateWindow()
    return view
