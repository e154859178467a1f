"""The codebook editor: the code tree on the left, the selected code's definition on the right.

Every edit is a core command (annotator.codebook) pushed through ``session.push`` so it is
undoable with the rest of the session and recorded in the project's change log, with the
"Reason for these changes" (a note and cited disagreements) while it is filled. Refusals
(a duplicate name or key, a cycle, a locked coder package) appear as the core's sentence in
the editor's message line. Deleting a code with annotations asks whether to move them to
another code or delete them, showing how many.

``show_codebook_editor(window)`` docks one editor in a main window; the window adds it to a
menu with ``window.add_tool_action("Codes", "&Codebook…", lambda: show_codebook_editor(window),
"Ctrl+Shift+K")``.
"""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator import codebook as cb
from annotator.errors import AnnotatorError

from ..shared.actions import window_keys
from .fitted_text import FittedTextEdit
from .reason_panel import ReasonPanel

UUID_ROLE = Qt.UserRole
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#882255",
           "#44AA99", "#117733", "#332288", "#AA4499")
FIELDS = (("description", "Definition"), ("examples", "Examples"), ("use_when", "Use when"),
          ("dont_use_when", "Do not use when"))


class DeleteCodeDialog(QDialog):
    """Asks what happens to the annotations of a code being deleted: move them or delete them."""

    def __init__(self, name: str, count: int, targets: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.setObjectName("deleteCodeDialog")
        self.setWindowTitle(f"Delete “{name}”")
        layout = QVBoxLayout(self)
        noun = f"{count} annotation{'s' if count != 1 else ''}"
        layout.addWidget(QLabel(f"“{name}” has {noun} (all coders). What should happen to them?"))
        self.move_button = QRadioButton(f"Move the {noun} to:")
        self.move_button.setObjectName("moveAnnotationsButton")
        self.target = QComboBox()
        self.target.setObjectName("moveTargetCombo")
        for uuid, path in targets:
            self.target.addItem(path, uuid)
        self.delete_button = QRadioButton(f"Delete the {noun} too")
        self.delete_button.setObjectName("deleteAnnotationsButton")
        group = QButtonGroup(self)
        for button in (self.move_button, self.delete_button):
            group.addButton(button)
        row = QHBoxLayout()
        row.addWidget(self.move_button)
        row.addWidget(self.target, 1)
        layout.addLayout(row)
        layout.addWidget(self.delete_button)
        layout.addWidget(QLabel("You can undo either with Edit › Undo."))
        if targets:
            self.move_button.setChecked(True)
        else:
            self.move_button.setEnabled(False)
            self.target.setEnabled(False)
            self.delete_button.setChecked(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Delete Code")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choice(self) -> tuple[str, Optional[str]]:
        """("move", target uuid) or ("delete", None)."""
        if self.move_button.isChecked():
            return "move", self.target.currentData()
        return "delete", None


class CodebookEditor(QWidget):
    """Add, rename, recolour, describe, reorder, nest, key, delete and merge codes."""

    message_shown = Signal(str)

    def __init__(self, session, parent=None, taken_keys: Optional[Callable[[], dict]] = None):
        """``taken_keys()``: the coding window's own shortcuts (``actions.window_keys``), which a
        code's key, or its Alt+key for exact characters, may not take."""
        super().__init__(parent)
        self.setObjectName("codebookEditor")
        self.session = session
        self._taken_keys = taken_keys or dict
        self.project = session.project
        self._loaded_uuid: Optional[str] = None
        self._items: dict[Optional[str], QTreeWidgetItem] = {}
        self._build()
        session.changed.connect(self._on_session_changed)
        self.reload()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.tree = QTreeWidget()
        self.tree.setObjectName("codebookTree")
        self.tree.setAccessibleName("Codes")
        self.tree.setHeaderLabels(["Code", "Key", "Annotations"])
        self.tree.setUniformRowHeights(True)
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        self.tree.itemDoubleClicked.connect(self._on_tree_item_double_clicked)
        rows = [QHBoxLayout(), QHBoxLayout(), QHBoxLayout()]   # the code's edits, its place, the whole codebook
        self.buttons: dict[str, QToolButton] = {}
        for row, name, text, tip, slot in (
                (0, "add", "Add", "Add a code at the top level", self.add_code_dialog),
                (0, "addChild", "Add Sub-code", "Add a code under the selected one", self.add_sub_code_dialog),
                (0, "rename", "Rename", "Rename the selected code", self.rename_dialog),
                (0, "colour", "Colour…", "Choose the selected code's colour", self.recolour_dialog),
                (0, "shortcut", "Key…", "Set or clear the key that applies the code", self.shortcut_dialog),
                (0, "group", "Group", "Make the code a group (not applied itself) or codable again",
                 self.toggle_codable),
                (1, "up", "↑ Up", "Move up: the code goes before the one above it", lambda: self.move_selected(-1)),
                (1, "down", "↓ Down", "Move down: the code goes after the one below it",
                 lambda: self.move_selected(1)),
                (1, "indent", "→ Nest", "Nest: the code becomes a sub-code of the code above it",
                 self.indent_selected),
                (1, "outdent", "← Un-nest", "Un-nest: the code leaves its group and follows it",
                 self.outdent_selected),
                (1, "merge", "Merge…", "Merge into another code (its annotations move there)", self.merge_dialog),
                (1, "delete", "Delete…", "Delete the selected code", self.delete_dialog),
                (2, "import", "Import…", "Merge a .qdc or .json codebook into this project", self.import_dialog),
                (2, "export", "Export…", "Write the codebook as .qdc, .json, .md or .html", self.export_dialog)):
            button = QToolButton()
            button.setObjectName(f"codebook{name[0].upper()}{name[1:]}Button")
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(tip.split(":")[0] if ":" in tip else text.strip("…"))
            button.setAccessibleDescription(tip)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            if name == "merge":
                rows[1].addSpacing(12)
            rows[row].addWidget(button)
            self.buttons[name] = button
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        for row in rows:
            row.setSpacing(2)
            row.addStretch(1)
        left_layout.addLayout(rows[0])
        left_layout.addLayout(rows[1])
        left_layout.addWidget(self.tree, 1)
        left_layout.addLayout(rows[2])
        self.tree.headerItem().setTextAlignment(2, Qt.AlignRight | Qt.AlignVCenter)   # over its counts
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self._definition_form())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)       # room to read a definition
        splitter.setChildrenCollapsible(False)
        self.message = QLabel()
        self.message.setObjectName("codebookMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.reason = ReasonPanel(self.session.codebook_reason)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.reason)
        layout.addWidget(self.message)

    def _definition_form(self) -> QWidget:
        """The definition, taking the height; examples and when to use the code beside their labels,
        each as tall as its text (two lines when empty)."""
        widget = QWidget()
        form = QVBoxLayout(widget)
        form.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setObjectName("codebookHeading")
        form.addWidget(self.heading)
        more = QFormLayout()
        more.setRowWrapPolicy(QFormLayout.WrapLongRows)
        self.fields: dict[str, QPlainTextEdit] = {}
        for key, label in FIELDS:
            edit = QPlainTextEdit() if key == "description" else FittedTextEdit()
            edit.setObjectName(f"codebook_{key}")
            edit.setAccessibleName(label)
            edit.setTabChangesFocus(True)
            caption = QLabel(f"&{label}:")
            caption.setBuddy(edit)
            if key == "description":
                form.addWidget(caption)
                form.addWidget(edit, 1)
            else:
                more.addRow(caption, edit)
            self.fields[key] = edit
        form.addLayout(more)
        self.save_button = QPushButton("Save Definition")
        self.save_button.setObjectName("codebookSaveButton")
        self.save_button.clicked.connect(self.save_definition)
        form.addWidget(self.save_button)
        return widget

    # ------------------------------------------------------------------ reading
    def reload(self) -> None:
        """Rebuild the tree from the project, keeping the selected code."""
        current, loaded = self.current_uuid(), self._loaded_uuid
        typed = {k: e.toPlainText() for k, e in self.fields.items() if e.document().isModified()}
        rows = self.project.code_rows()
        counts = self.project.annotation_counts()
        self._rows = {r.uuid: r for r in rows}
        self.tree.blockSignals(True)
        self.tree.clear()
        items: dict[Optional[str], QTreeWidgetItem] = {}
        for _depth, row in cb.tree_order(rows):
            parent = items.get(row.parent_uuid)
            item = QTreeWidgetItem([row.name, row.shortcut or "", str(counts.get(row.uuid, 0))])
            item.setData(0, UUID_ROLE, row.uuid)
            item.setData(0, Qt.DecorationRole, QColor(row.color))
            item.setToolTip(0, f"{row.name} ({row.color}){'' if row.codable else ' — a group, not applied itself'}")
            if not row.codable:
                font = QFont(item.font(0))
                font.setItalic(True)
                item.setFont(0, font)
            item.setTextAlignment(2, Qt.AlignRight | Qt.AlignVCenter)
            (parent.addChild(item) if parent is not None else self.tree.addTopLevelItem(item))
            items[row.uuid] = item
        self._items = items
        self.tree.expandAll()
        self.tree.blockSignals(False)
        if current in items:
            self.tree.setCurrentItem(items[current])
        self._load_definition(self.current_uuid())
        if self.current_uuid() == loaded:   # keep what is being typed across outside changes
            for key, text in typed.items():
                if text == self.fields[key].toPlainText():
                    continue
                self.fields[key].setPlainText(text)
                self.fields[key].document().setModified(True)
        self._update_enabled()

    def current_uuid(self) -> Optional[str]:
        item = self.tree.currentItem()
        return item.data(0, UUID_ROLE) if item is not None else None

    def select_code(self, uuid: str) -> None:
        item = self._items.get(uuid)
        if item is not None:
            self.tree.setCurrentItem(item)

    def _locked(self) -> bool:
        return self.project.codebook_locked

    def _update_enabled(self) -> None:
        locked, row = self._locked(), self._rows.get(self.current_uuid() or "")
        for name, button in self.buttons.items():
            needs_code = name not in ("add", "import", "export")
            button.setEnabled(not (locked and name != "export") and (row is not None or not needs_code))
        if row is not None:
            self.buttons["group"].setText("Make Codable" if not row.codable else "Make Group")
        for edit in self.fields.values():
            edit.setReadOnly(locked or row is None)
        self.save_button.setEnabled(not locked and row is not None)
        if locked:
            self.message.setText("This is a coder package: its codebook is fixed by the study lead and "
                                 "cannot be edited here.")

    def _load_definition(self, uuid: Optional[str]) -> None:
        self._loaded_uuid = uuid
        row = self._rows.get(uuid or "")
        self.heading.setText("" if row is None else f"<b>{row.name}</b>" if row.codable
                             else f"<b>{row.name}</b> (group)")
        for key, edit in self.fields.items():
            edit.setPlainText("" if row is None else getattr(row, key))
            edit.document().setModified(False)

    # ------------------------------------------------------------------ edits
    def push(self, command) -> bool:
        """Push a core command (undoable) with the reason for these changes; show the core's sentence if
        it is refused."""
        command.coder_id = self.session.coder_id
        self.session.codebook_reason.carry(command)   # the reason for these changes, if given
        refused: list[str] = []
        self.session.error_raised.connect(refused.append)
        try:
            ok = self.session.push(command)
        finally:
            self.session.error_raised.disconnect(refused.append)
        self.show_message(refused[-1] if refused else "")
        return ok

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        if text:
            self.message_shown.emit(text)

    def add_code(self, name: str, parent_uuid: Optional[str] = None) -> Optional[str]:
        used = {r.color for r in self._rows.values()}
        colour = next((c for c in PALETTE if c not in used), PALETTE[len(self._rows) % len(PALETTE)])
        command = cb.AddCode(name, colour, parent_uuid)
        if self.push(command):
            self.select_code(command.uuid)
            return command.uuid
        return None

    def rename_code(self, uuid: str, name: str) -> bool:
        return self.push(cb.RenameCode(uuid, name))

    def recolour_code(self, uuid: str, colour: str) -> bool:
        return self.push(cb.RecolourCode(uuid, colour))

    def set_shortcut(self, uuid: str, key: Optional[str]) -> bool:
        key = (key or "").strip()
        if key and QKeySequence(key).isEmpty():
            self.show_message(f"{key!r} is not a key Qt understands; try a letter, a digit or F2…")
            return False
        key = QKeySequence(key).toString() if key else None
        clash = key and self._clash(key)
        if clash:
            self.show_message(f"{key} is already the key of “{clash}” in the coding window; choose another "
                              "key for this code (a letter, a digit or F2…).")
            return False
        return self.push(cb.SetShortcut(uuid, key))

    def _clash(self, key: str) -> str:
        """The window command that ``key`` or Alt+``key`` (exact characters) would shadow, or ""."""
        taken = self._taken_keys()
        exact = QKeySequence(f"Alt+{key}").toString()
        return taken.get(key) or taken.get(exact) or ""

    def delete_code(self, uuid: str, annotations: str = "refuse", move_to: Optional[str] = None) -> bool:
        return self.push(cb.DeleteCode(uuid, annotations, move_to))

    def merge_codes(self, source: str, target: str) -> bool:
        return self.push(cb.MergeCodes(source, target))

    def save_definition(self) -> bool:
        """Write the definition fields that changed (one undoable edit)."""
        uuid = self._loaded_uuid
        row = self._rows.get(uuid or "")
        if row is None:
            return False
        changed = {k: e.toPlainText() for k, e in self.fields.items() if e.toPlainText() != getattr(row, k)}
        if not changed:
            return True
        return self.push(cb.DescribeCode(uuid, **changed))

    def toggle_codable(self) -> None:
        row = self._rows.get(self.current_uuid() or "")
        if row is not None:
            self.push(cb.SetCodable(row.uuid, not row.codable))

    def move_selected(self, step: int) -> None:
        row = self._rows.get(self.current_uuid() or "")
        if row is None:
            return
        siblings = self._siblings(row)
        index = siblings.index(row.uuid) + step
        if 0 <= index < len(siblings):
            self.push(cb.MoveCode(row.uuid, row.parent_uuid, index))

    def indent_selected(self) -> None:
        row = self._rows.get(self.current_uuid() or "")
        if row is None:
            return
        siblings = self._siblings(row)
        at = siblings.index(row.uuid)
        if at == 0:
            self.show_message("There is no code above at this level to put it under.")
            return
        self.push(cb.MoveCode(row.uuid, siblings[at - 1]))

    def outdent_selected(self) -> None:
        row = self._rows.get(self.current_uuid() or "")
        if row is None or row.parent_uuid is None:
            return
        parent = self._rows[row.parent_uuid]
        self.push(cb.MoveCode(row.uuid, parent.parent_uuid, self._siblings(parent).index(parent.uuid) + 1))

    def _siblings(self, row) -> list[str]:
        parent = self._items.get(row.parent_uuid) if row.parent_uuid else None
        count = parent.childCount() if parent is not None else self.tree.topLevelItemCount()
        child = parent.child if parent is not None else self.tree.topLevelItem
        return [child(i).data(0, UUID_ROLE) for i in range(count)]

    def _path(self, uuid: str) -> str:
        return cb.path_of(self._rows, uuid)

    def _targets(self, exclude: str) -> list[tuple[str, str]]:
        return [(u, self._path(u)) for _d, r in cb.tree_order(list(self._rows.values()))
                for u in [r.uuid] if r.codable and u != exclude]

    # ------------------------------------------------------------------ dialogs
    def add_code_dialog(self, parent_uuid: Optional[str] = None) -> None:
        where = f" under “{self._rows[parent_uuid].name}”" if parent_uuid else ""
        name, ok = QInputDialog.getText(self, "Add Code", f"Name of the new code{where}:")
        if ok and name.strip():
            self.add_code(name, parent_uuid)

    def add_sub_code_dialog(self) -> None:
        if self.current_uuid():
            self.add_code_dialog(self.current_uuid())

    def rename_dialog(self) -> None:
        row = self._rows.get(self.current_uuid() or "")
        if row is not None:
            name, ok = QInputDialog.getText(self, "Rename Code", "New name:", text=row.name)
            if ok and name.strip() and name != row.name:
                self.rename_code(row.uuid, name)

    def recolour_dialog(self) -> None:
        row = self._rows.get(self.current_uuid() or "")
        if row is not None:
            colour = QColorDialog.getColor(QColor(row.color), self, f"Colour of “{row.name}”")
            if colour.isValid() and colour.name().upper() != row.color.upper():
                self.recolour_code(row.uuid, colour.name())

    def shortcut_dialog(self) -> None:
        row = self._rows.get(self.current_uuid() or "")
        if row is not None:
            key, ok = QInputDialog.getText(self, "Code Key", f"Key that applies “{row.name}” (empty: none):",
                                           text=row.shortcut or "")
            if ok:
                self.set_shortcut(row.uuid, key)

    def delete_dialog(self) -> None:
        row = self._rows.get(self.current_uuid() or "")
        if row is None:
            return
        count = self.project.annotation_counts().get(row.uuid, 0)
        if count == 0:   # nothing to decide, and undo brings it back
            self.delete_code(row.uuid)
            return
        dialog = DeleteCodeDialog(row.name, count, self._targets(row.uuid), self)
        if self.exec_dialog(dialog):
            mode, target = dialog.choice()
            self.delete_code(row.uuid, mode, target)

    def exec_dialog(self, dialog: QDialog) -> bool:
        """Run a modal dialog (tests replace this to answer it)."""
        return dialog.exec() == QDialog.Accepted

    def merge_dialog(self) -> None:
        row = self._rows.get(self.current_uuid() or "")
        if row is None:
            return
        targets = self._targets(row.uuid)
        if not targets:
            self.show_message("There is no other codable code to merge into.")
            return
        count = self.project.annotation_counts().get(row.uuid, 0)
        path, ok = QInputDialog.getItem(self, "Merge Codes", f"Merge “{row.name}” and its {count} annotation"
                                        f"{'s' if count != 1 else ''} into:", [p for _u, p in targets], 0, False)
        if ok:
            self.merge_codes(row.uuid, dict((p, u) for u, p in targets)[path])

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import Codebook", "", "Codebooks (*.qdc *.json)")
        if path:
            report = self.import_file(path)
            if report is not None and report.notes:
                QMessageBox.information(self, "Codebook Imported", "\n".join(["Not represented as it was:"]
                                                                             + [f"• {n}" for n in report.notes]))

    def import_file(self, path):
        """Merge a codebook file as one undoable edit; return its report (None if refused)."""
        from annotator.codebook.files import prepare_import

        try:
            command, report = prepare_import(self.project, path)
        except AnnotatorError as error:
            self.show_message(str(error))
            return None
        if not self.push(command):
            return None
        report.added, report.updated = command.result
        self.show_message(f"Imported {report.added} new and {report.updated} updated codes"
                          + (f"; {len(report.notes)} things could not be kept as they were." if report.notes else "."))
        return report

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export Codebook", f"{self.project.name}-codebook.qdc",
                                              "REFI-QDA codebook (*.qdc);;JSON (*.json);;Markdown (*.md);;"
                                              "HTML (*.html)")
        if path:
            self.export_file(path)

    def export_file(self, path):
        from annotator.codebook.files import export_codebook

        try:
            report = export_codebook(self.project, path)
        except (AnnotatorError, OSError) as error:
            self.show_message(str(error))
            return None
        self.show_message(" ".join([f"Wrote {report.codes} codes to {path}.", *report.notes]))
        return report

    # ------------------------------------------------------------------ events
    def _on_tree_current_item_changed(self, current, _previous) -> None:
        uuid = current.data(0, UUID_ROLE) if current is not None else None
        if self._loaded_uuid and self._loaded_uuid != uuid and \
                any(e.document().isModified() for e in self.fields.values()):
            self.save_definition()   # never lose a typed definition by clicking elsewhere (reloads)
        self._load_definition(uuid)
        self._update_enabled()

    def _on_tree_item_double_clicked(self, item, column: int) -> None:
        if column == 1:
            self.shortcut_dialog()
        elif column == 0 and not self._locked():
            self.rename_dialog()

    def _on_session_changed(self, change) -> None:
        self.reload()   # codebooks are small; annotation changes alter the counts too


def _window_keys(window) -> dict[str, str]:
    codes = window.code_actions
    return window_keys(window, codes.actions + codes.exact_actions)


def show_codebook_editor(window) -> QDockWidget:
    """Show (creating once) the codebook editor docked in ``window``; returns the dock."""
    dock = window.findChild(QDockWidget, "codebookDock")
    if dock is None:
        dock = QDockWidget("Codebook", window)
        dock.setObjectName("codebookDock")
        dock.setWidget(CodebookEditor(window.session, taken_keys=lambda: _window_keys(window)))
        window.addDockWidget(Qt.RightDockWidgetArea, dock)
        dock.setFloating(True)
        dock.resize(900, 560)
    dock.show()
    dock.raise_()
    dock.widget().tree.setFocus()
    return dock
