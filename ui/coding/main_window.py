"""The coding window: a thin assembler of the text view, docks, actions and the session.

Data flows one way: widgets change the project only through ``session.push(command)``;
the session announces each committed ``Change``; every view refreshes what it touches.

Other windows (the codebook editor, merging, agreement) add their menu entries with one line:

    window.add_tool_action("Tools", "&Codebook…", open_codebook_editor, "Ctrl+Shift+K")
    window.add_tool_action("Codes", some_qaction)

A ``Change`` that touches the scheme (``session.touches_scheme``: any ``ChangeKind`` but
ANNOTATION, ADJUDICATION and DOCUMENTS, e.g. SCHEME, MERGE) rebuilds the palette, the code keys and the
annotation table's names and colours, and re-highlights the text. A gold decision that adds
no annotation (reject, reopen) touches none of them; documents' attributes (DOCUMENTS) only
the Documents list.

The flows live in their own modules: importing (``import_flow``), who codes (``coder_choice``),
what is remembered between sessions (``window_settings``), the status bar (``status_labels``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional, Union

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QMessageBox, QVBoxLayout, QWidget

from annotator.changes import ChangeKind
from annotator.commands import AddAnnotation, UpdateAnnotation
from annotator.errors import AnnotatorError

from ..shared import dialogs
from ..shared.actions import key_list, plain_text, shortcut_rows
from ..shared.document_model import DocumentListModel
from ..shared.session import touches_annotations, touches_scheme
from ..start.start_screen import recent_projects
from .annotation_panel import AnnotationTable
from .code_actions import CodeActions
from .coder_choice import CoderChoice
from .coder_selector import CoderSelector
from .current_code import CurrentCode
from .documents_panel import DocumentsPanel
from .find_bar import FindBar
from .import_flow import ImportFlow
from .palette import CodePalette
from .sentence_keys import install_sentence_keys
from .status_labels import SAVED_NOTE, StatusLabels
from .text_font import ask_font, remember_font, remembered_font
from .text_view import TextView
from .window_settings import remember_coder, remember_document, remembered_document, restore_window, save_window


class MainWindow(QMainWindow):
    open_project_requested = Signal(str)   # a path, or "" to ask with a file dialog
    new_project_requested = Signal()
    start_screen_requested = Signal()      # File › Close Project: this window closed, show the start screen
    closed = Signal()
    span_coded = Signal(str)               # the uuid of a span just coded with a code key or a click

    def __init__(self, session, coder: Optional[str] = None, ask_coder: bool = True, parent=None):
        super().__init__(parent)
        self.session = session
        self.project = session.project
        self.setObjectName("mainWindow")
        self.importer = ImportFlow(self)
        self.coders = CoderChoice(self)
        self._build_central()
        self._build_docks()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._connect_session()
        self._install_tools()
        self._text_point_size = restore_window(self)
        self.text_view.setFont(remembered_font(self._text_point_size) or self.text_view.font())
        self.text_view.set_font_size(self._text_point_size)
        self.coders.start(coder, ask_coder)
        self._open_first_document()
        self._update_title()

    # ------------------------------------------------------------------ public API for other windows
    def menu(self, name: str) -> QMenu:
        """The top-level menu called ``name`` (mnemonics ignored: "Tools" finds "&Tools"),
        created just before Help if there is none yet."""
        plain = name.replace("&", "").lower()
        for action in self.menuBar().actions():
            if action.menu() is not None and action.text().replace("&", "").lower() == plain:
                return action.menu()
        menu = QMenu(name if "&" in name else f"&{name}", self.menuBar())
        self.menuBar().insertMenu(self.help_menu.menuAction(), menu)
        return menu

    def add_tool_action(self, menu_name: str, action: Union[QAction, str], slot: Optional[Callable] = None,
                        shortcut=None) -> QAction:
        """Add ``action`` (a QAction, or the text of a new one triggering ``slot``) to the menu
        ``menu_name`` ("Tools", "Codes", "File"…; created if new). Its shortcut works anywhere
        in the window and it is listed in Help › Keyboard Shortcuts. Returns the action."""
        if isinstance(action, str):
            action = self._action(action, slot, shortcut)
        else:
            if action.parent() is None:
                action.setParent(self)
            if shortcut is not None:
                action.setShortcuts(key_list(shortcut))
            if slot is not None:
                action.triggered.connect(slot)
            self.addAction(action)
        self.menu(menu_name).addAction(action)
        return action

    def _install_tools(self) -> None:
        """Windows built on top of the coding window, one line each."""
        from ..codebook.codebook_editor import show_codebook_editor
        from ..suggesting.install import SuggestionTools
        from .code_definition import install_code_definition
        from .memo_editor import install_memos

        self.add_tool_action("Codes", "&Codebook…", lambda: show_codebook_editor(self), "Ctrl+Shift+K")
        self.add_tool_action("Tools", "&Agreement…", lambda: _show_agreement(self))
        self.add_tool_action("Tools", "A&djudicate…", lambda: _show_adjudication(self))
        self.add_tool_action("Tools", "Coded &Segments…", lambda: _show_coded_segments(self))
        self.add_tool_action("Tools", "Code &Frequencies…", lambda: _show_code_frequencies(self))
        self.add_tool_action("Tools", "Co-&occurrence…", lambda: _show_cooccurrence(self))
        self._install_several_coders()
        install_code_definition(self)
        install_sentence_keys(self)
        CurrentCode(self)
        install_memos(self)
        self.suggestion_tools = SuggestionTools(self)

    def _install_several_coders(self) -> None:
        """File › Make Coder Package…, Merge Coders' Work…, Coders' Progress (before Add Coder)."""
        from ..coders.coders_view import show_coders_view
        from ..coders.merge_dialog import merge_packages
        from ..coders.packages_dialog import show_package_dialog

        file_menu, before = self.menu("File"), self.add_coder_action
        for text, slot, name in (("Make Coder &Package…", lambda: show_package_dialog(self), "makePackageAction"),
                                 ("&Merge Coders' Work…", lambda: merge_packages(self), "mergeAction"),
                                 ("Coders' &Progress", lambda: show_coders_view(self), "codersProgressAction")):
            file_menu.insertAction(before, self._action(text, slot, name=name))
        file_menu.insertSeparator(before)

    # ------------------------------------------------------------------ building
    def _build_central(self) -> None:
        self.text_view = TextView(self.session)
        self.text_view.setObjectName("textView")
        self.find_bar = FindBar(self.text_view)
        self.find_bar.hide()
        self.find_bar.closed.connect(self.text_view.setFocus)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.text_view, 1)
        layout.addWidget(self.find_bar)
        self.setCentralWidget(central)
        self.text_view.cursor_position_changed.connect(self._on_text_view_cursor_position_changed)

    def _dock(self, title: str, name: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable
                         | QDockWidget.DockWidgetClosable)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        self.document_model = DocumentListModel(self.session, self)
        self.documents_panel = DocumentsPanel(self.session, self.document_model)
        self.document_list = self.documents_panel.document_list
        self.document_list.document_chosen.connect(self.session.select_document)
        self.document_list.files_dropped.connect(self.import_paths)
        self.palette_view = CodePalette(self.project)
        self.palette_view.code_activated.connect(self._on_palette_code_activated)
        self.annotation_table = AnnotationTable(self.session)
        self.documents_dock = self._dock("Documents", "documentsDock", self.documents_panel, Qt.LeftDockWidgetArea)
        self.codes_dock = self._dock("Codes", "codesDock", self.palette_view, Qt.LeftDockWidgetArea)
        self.annotations_dock = self._dock("Annotations", "annotationsDock", self.annotation_table,
                                           Qt.BottomDockWidgetArea)
        self.splitDockWidget(self.documents_dock, self.codes_dock, Qt.Vertical)
        self.setCorner(Qt.BottomLeftCorner, Qt.LeftDockWidgetArea)   # sizes: dock_sizes, on showing

    def _action(self, text: str, slot=None, shortcut=None, tip: str = "", checkable: bool = False,
                name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts(key_list(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.setCheckable(checkable)
        if name:
            action.setObjectName(name)
        if slot is not None:
            action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        A, K = self._action, QKeySequence
        self.new_action = A("&New Project…", self.new_project_requested.emit, K.New, name="newAction")
        self.open_action = A("&Open Project…", lambda: self.open_project_requested.emit(""), K.Open,
                             name="openAction")
        self.save_copy_action = A("Save a &Copy As…", self.save_copy_dialog, K.SaveAs,
                                  "Write a copy of the whole project to another file (this one stays open)",
                                  name="saveCopyAction")
        self.close_project_action = A("&Close Project", self.close_project, K.Close,
                                      "Close this project and go back to the start screen",
                                      name="closeProjectAction")
        self.import_action = A("&Import Files…", self.importer.choose_files, "Ctrl+I",
                               "Import text files into this project", name="importAction")
        self.import_folder_action = A("Import &Folder…", self.importer.choose_folder, "Ctrl+Shift+I",
                                      name="importFolderAction")
        self.export_action = A("&Export…", lambda: _show_export(self), "Ctrl+E",
                               "Export annotations: CSV, Excel, JSON lines, spaCy, brat, HTML, REFI-QDA…",
                               name="exportAction")
        self.export_codebook_action = A("Export Code&book…", lambda: _show_codebook_export(self),
                                        tip="Export the codebook: REFI-QDA .qdc, JSON, Markdown, HTML",
                                        name="exportCodebookAction")
        self.add_coder_action = A("Add &Coder…", self.add_coder, name="addCoderAction")
        self.quit_action = A("&Quit", self.close, [K.Quit, "Ctrl+Q"], name="quitAction")
        self.quit_action.setMenuRole(QAction.QuitRole)
        self.undo_action = A("&Undo", self.session.undo, K.Undo, name="undoAction")
        self.redo_action = A("&Redo", self.session.redo, [K.Redo, "Ctrl+Shift+Z", "Ctrl+Y"], name="redoAction")
        self.find_action = A("&Find…", self.find_bar.open_bar, K.Find, name="findAction")
        self.find_next_action = A("Find &Next", self.find_bar.next, K.FindNext, name="findNextAction")
        self.find_previous_action = A("Find Pre&vious", self.find_bar.previous, K.FindPrevious,
                                      name="findPreviousAction")
        self.find_all_action = A("Find in &All Documents…", self.show_search, "Ctrl+Shift+F",
                                 "Search every document, see each hit in context, code all hits",
                                 name="findAllAction")
        self.delete_action = A("&Delete Annotation", self.annotation_table.delete_selected, K.Delete,
                               "Delete the selected annotation (yours only)", name="deleteAction")
        self.memo_action = A("Edit &Memo", self.edit_memo, "Ctrl+M", "Write a memo on the selected annotation",
                             name="memoAction")
        self._build_boundary_actions()
        self.others_action = A("Show &Other Coders", self.session.set_show_other_coders, "Ctrl+Shift+L",
                               "Show every coder's annotations (off: blind coding, only yours)",
                               checkable=True, name="showOthersAction")
        self.exact_action = A("E&xact Characters", self._on_exact_toggled, "Ctrl+Shift+E",
                              "Code exactly the selected characters instead of whole words (or hold Alt)",
                              checkable=True, name="exactAction")
        self.sentence_action = A("&Sentence Mode", self._on_sentence_toggled, "Ctrl+Shift+T",
                                 "A click selects the whole sentence", checkable=True, name="sentenceAction")
        self.zoom_in_action = A("Zoom &In", lambda: self.zoom(+1), [K.ZoomIn, "Ctrl+="], name="zoomInAction")
        self.zoom_out_action = A("Zoom &Out", lambda: self.zoom(-1), K.ZoomOut, name="zoomOutAction")
        self.zoom_reset_action = A("&Actual Size", lambda: self.zoom(0), "Ctrl+0", name="zoomResetAction")
        self.font_action = A("&Font…", self.choose_text_font, tip="Choose the font of the document text",
                             name="fontAction")
        self.next_document_action = A("&Next Document", lambda: self.step_document(+1), "Ctrl+PgDown",
                                      name="nextDocumentAction")
        self.previous_document_action = A("&Previous Document", lambda: self.step_document(-1), "Ctrl+PgUp",
                                          name="previousDocumentAction")
        self._build_attribute_actions()
        self.done_action = A("Mark &Done for Me", self.toggle_done, "Ctrl+D",
                             "Mark this document done (or not) for the current coder", checkable=True,
                             name="doneAction")
        self.next_of_code_action = A("Next Annotation of This Code", lambda: self.step_annotation_of_code(+1),
                                     "F8", name="nextOfCodeAction")
        self.previous_of_code_action = A("Previous Annotation of This Code",
                                         lambda: self.step_annotation_of_code(-1), "Shift+F8",
                                         name="previousOfCodeAction")
        self.shortcuts_action = A("&Keyboard Shortcuts", self.show_shortcuts, K.HelpContents,
                                  "Every action and its keys", name="shortcutsAction")
        stack = self.session.undo_stack
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.undoTextChanged.connect(self._on_undo_stack_undo_text_changed)
        stack.redoTextChanged.connect(self._on_undo_stack_redo_text_changed)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.code_actions = CodeActions(self, self.project, self.apply_code)
        self.code_actions.rebuild(self.palette_view.code_model.codes())

    def _build_attribute_actions(self) -> None:
        """Document › Edit Attributes…, Filter Documents (also in the Documents list's context menu)."""
        panel = self.documents_panel
        self.edit_attributes_action = self._action(
            "Edit &Attributes…", panel.edit_attributes, tip="Edit the attributes (outlet, date…) of the selected "
            "documents", name="editAttributesAction")
        self.filter_documents_action = self._action(
            "&Filter Documents", panel.show_filter, "Ctrl+Alt+F", "Show only the documents whose attributes meet "
            "conditions (outlet is Daily, date between two days)", checkable=True, name="filterDocumentsAction")
        panel.filter_toggled.connect(self.filter_documents_action.setChecked)
        panel.set_context_actions([self.edit_attributes_action, self.filter_documents_action])

    def _build_boundary_actions(self) -> None:
        """Move the current annotation's edges by a word (a character in exact mode). Enabled only
        while one of your annotations is chosen, so otherwise the keys extend the selection."""
        self.boundary_actions = []
        for text, edge, step, key in (("Move Start &Left", "start", -1, "Ctrl+Alt+Left"),
                                      ("Move Start &Right", "start", +1, "Ctrl+Alt+Right"),
                                      ("Move End L&eft", "end", -1, "Ctrl+Shift+Left"),
                                      ("Move End R&ight", "end", +1, "Ctrl+Shift+Right")):
            action = self._action(text, lambda _c=False, e=edge, s=step: self.text_view.move_current_boundary(e, s),
                                  key, "Move an edge of the chosen annotation by a word (a character in "
                                  "exact mode); or drag the edge",
                                  name=f"{edge}{'Left' if step < 0 else 'Right'}Action")
            action.setEnabled(False)
            self.boundary_actions.append(action)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.new_action, self.open_action])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addActions([self.save_copy_action, self.close_project_action])
        file_menu.addSeparator()
        file_menu.addActions([self.import_action, self.import_folder_action, self.export_action,
                              self.export_codebook_action])
        file_menu.addSeparator()
        file_menu.addAction(self.add_coder_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit = bar.addMenu("&Edit")
        edit.addActions([self.undo_action, self.redo_action])
        edit.addSeparator()
        edit.addActions([self.find_action, self.find_next_action, self.find_previous_action, self.find_all_action])
        edit.addSeparator()
        edit.addActions([self.memo_action, self.delete_action])
        edit.addMenu("Annotation &Boundaries").addActions(self.boundary_actions)
        view = bar.addMenu("&View")
        view.addActions([self.others_action, self.exact_action, self.sentence_action])
        view.addSeparator()
        view.addActions([self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action, self.font_action])
        view.addSeparator()
        for dock in (self.documents_dock, self.codes_dock, self.annotations_dock):
            view.addAction(dock.toggleViewAction())
        document = bar.addMenu("&Document")
        document.addActions([self.next_document_action, self.previous_document_action])
        document.addSeparator()
        document.addAction(self.done_action)
        document.addSeparator()
        document.addActions([self.edit_attributes_action, self.filter_documents_action])
        document.addMenu(self.documents_panel.columns_menu)
        self.codes_menu = bar.addMenu("&Codes")
        self.code_actions.place_in(self.codes_menu, self.codes_menu.addSeparator())
        self.codes_menu.addActions([self.next_of_code_action, self.previous_of_code_action])
        self.help_menu = bar.addMenu("&Help")
        self.help_menu.addAction(self.shortcuts_action)
        about = self.help_menu.addAction("&About Annotator", self._show_about)
        about.setMenuRole(QAction.AboutRole)

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar("Coding")
        toolbar.setObjectName("codingToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        toolbar.addWidget(QLabel(" Coder: "))
        self.coder_selector = CoderSelector()
        self.coder_selector.coder_chosen.connect(self.session.select_coder)
        self.coder_selector.add_coder_requested.connect(self.add_coder)
        toolbar.addWidget(self.coder_selector)
        toolbar.addSeparator()
        toolbar.addActions([self.others_action, self.exact_action, self.sentence_action])
        toolbar.addSeparator()
        toolbar.addActions([self.undo_action, self.redo_action])
        toolbar.addSeparator()
        toolbar.addAction(self.done_action)

    def _build_status_bar(self) -> None:
        self.status_labels = StatusLabels(self.statusBar(), self.fontMetrics().averageCharWidth())
        self.coder_label, self.here_label = self.status_labels.coder_label, self.status_labels.here_label

    def _connect_session(self) -> None:
        s = self.session
        s.changed.connect(self._on_session_changed)
        s.document_selected.connect(self._on_session_document_selected)
        s.coder_selected.connect(self._on_session_coder_selected)
        s.layers_toggled.connect(self._on_session_layers_toggled)
        s.annotation_selected.connect(self._on_session_annotation_selected)
        s.error_raised.connect(self._on_session_error_raised)
        self.annotation_table.annotation_model.rowsInserted.connect(self._update_counts)
        self.annotation_table.annotation_model.rowsRemoved.connect(self._update_counts)
        self.annotation_table.annotation_model.modelReset.connect(self._update_counts)

    # ------------------------------------------------------------------ coders
    def use_coder_named(self, name: str) -> None:
        """Code as ``name``, adding the coder if the project does not know them."""
        self.coders.use_named(name)

    def ask_first_coder(self) -> None:
        self.coders.ask_first()

    def add_coder(self) -> None:
        self.coders.add()

    # ------------------------------------------------------------------ coding
    def apply_code(self, code_id: int, exact: bool = False) -> None:
        """Code the selection; with no selection, re-code the current annotation."""
        if self.session.document_id is None or not self.coders.ready():
            return
        span = self.text_view.selected_span(exact=exact or self.exact_action.isChecked())
        if span is not None:
            # The selection stays, so a second key adds a second (overlapping) code.
            command = AddAnnotation(self.session.document_id, self.session.coder_id, code_id, *span)
            if self.session.push(command):
                self.span_coded.emit(command.uuid)
            return
        uuid = self.session.annotation_uuid
        if not uuid:
            self.statusBar().showMessage("Select some text first, then press a code's key or click a code.", 8000)
            return
        annotation = self.project.annotation(uuid)
        if annotation.coder_id != self.session.coder_id:
            self._on_session_error_raised("You can re-code only your own annotations.")
        elif annotation.code_id != code_id:
            self.session.push(UpdateAnnotation(uuid, code_id, annotation.start, annotation.end, annotation.memo,
                                               label="Re-code annotation"))

    def _on_palette_code_activated(self, code_id: int) -> None:
        self.apply_code(code_id)
        self.text_view.setFocus()

    def edit_memo(self) -> None:
        if self.session.annotation_uuid:
            self.annotations_dock.show()
            self.annotation_table.edit_memo(self.session.annotation_uuid)

    def show_search(self):
        """Edit › Find in All Documents: the search dock (ui/search), made on first use."""
        from ..search.search_panel import show_search_panel

        return show_search_panel(self)

    def step_annotation_of_code(self, step: int) -> None:
        """Jump to the next/previous annotation (in this document) of the current code."""
        code_id = self.session.code_id
        rows = self.annotation_table.annotation_model.annotations()
        hits = [a for a in rows if a.code_id == code_id]
        if not hits:
            self.statusBar().showMessage("No annotations of this code in this document.", 5000)
            return
        uuids = [a.uuid for a in hits]
        current = self.session.annotation_uuid
        index = (uuids.index(current) + step) % len(uuids) if current in uuids else (0 if step > 0 else -1)
        self.session.select_annotation(uuids[index])

    def _rebuild_scheme(self) -> None:
        """The coding scheme changed (codebook editor, scheme import): palette and code keys
        here; the annotation table and the text view refresh themselves from the same Change."""
        self.palette_view.reload()
        self.code_actions.rebuild(self.palette_view.code_model.codes())
        self._update_here()

    # ------------------------------------------------------------------ documents
    def _open_first_document(self) -> None:
        ids = self.document_model.document_ids()
        if not ids:
            self.text_view.setPlaceholderText("No documents yet. Use File › Import Files… or drop text files "
                                              "on the Documents list.")
            return
        remembered = remembered_document(self.project)
        self.session.select_document(remembered if remembered in ids else ids[0])

    def step_document(self, step: int) -> None:
        """The next or previous document as the list shows them (sorted, filtered)."""
        target = self.document_list.rows.neighbour(self.session.document_id, step)
        if target is not None:
            self.session.select_document(target)

    def toggle_done(self, done: bool) -> None:
        document_id, coder_id = self.session.document_id, self.session.coder_id
        if document_id is None or coder_id is None:
            self.done_action.setChecked(False)
            return
        # "not started" when unmarking: the core reports "in progress" once there are annotations.
        self.project.set_status(document_id, coder_id, "done" if done else "not started")
        self.document_model.refresh_document(document_id)
        self._update_done_action()

    def _update_done_action(self) -> None:
        done = (self.session.document_id is not None and self.session.coder_id is not None
                and self.project.status(self.session.document_id, self.session.coder_id) == "done")
        self.done_action.setChecked(done)

    # ------------------------------------------------------------------ project file
    def save_copy_dialog(self) -> Optional[Path]:
        """File › Save a Copy As: the whole project, consistent, into another file."""
        path = dialogs.choose_copy_path(self, self.project.path)
        if path is None:
            return None
        try:
            written = self.project.save_copy(path)
        except AnnotatorError as error:
            dialogs.show_error(self, str(error), "Cannot save a copy")
            return None
        self.statusBar().showMessage(f"Saved a copy to {written}. You are still working in "
                                     f"{self.project.path.name}.", 10000)
        return written

    def close_project(self) -> None:
        """File › Close Project: close this window and go back to the start screen."""
        if self.close():
            self.start_screen_requested.emit()

    # ------------------------------------------------------------------ importing
    def import_paths(self, paths: list, show_dialog: bool = True):
        """Import files/folders in a worker thread with a progress dialog; returns the job."""
        return self.importer.start(paths, show_dialog)

    @property
    def import_job(self):
        """The import running (an ``import_flow.ImportJob``), or None."""
        return self.importer.job

    # ------------------------------------------------------------------ view
    def zoom(self, step: int) -> None:
        from ..shared.theme import text_font

        default = text_font().pointSizeF()
        size = default if step == 0 else max(6.0, min(48.0, self._text_point_size + step))
        self._text_point_size = size
        self.text_view.set_font_size(size)

    def choose_text_font(self) -> None:
        """View › Font…: the text's family, style and size (the size is the zoom level)."""
        font = ask_font(self, self.text_view.font())
        if font is not None:
            self._text_point_size = font.pointSizeF()
            self.text_view.setFont(font)
            remember_font(font)

    def _on_exact_toggled(self, on: bool) -> None:
        self.text_view.exact_mode = on

    def _on_sentence_toggled(self, on: bool) -> None:
        self.text_view.sentence_mode = on

    def shortcut_rows(self, codes: bool = True) -> list[tuple[str, str, str]]:
        """``(menu, action, keys)`` for every action with a shortcut, read from the menus;
        without this project's code keys if not ``codes`` (the README's table)."""
        rows = shortcut_rows(self.menuBar(), self.code_actions.exact_actions)
        if codes:
            return rows
        names = {plain_text(a) for a in self.code_actions.actions + self.code_actions.exact_actions}
        return [row for row in rows if row[1] not in names]

    def show_shortcuts(self) -> None:
        from .shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self.shortcut_rows(), self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()

    # ------------------------------------------------------------------ session events
    def _on_undo_stack_undo_text_changed(self, text: str) -> None:
        self.undo_action.setText(f"&Undo {text}".strip())

    def _on_undo_stack_redo_text_changed(self, text: str) -> None:
        self.redo_action.setText(f"&Redo {text}".strip())

    def _on_session_changed(self, change) -> None:
        if touches_scheme(change):
            if change.kind in (ChangeKind.MERGE, ChangeKind.CODERS, ChangeKind.ROUNDS):   # a merge (or its undo), a
                # package's new coder, a round deleted with its retest row
                self.coders.reload()
            self._rebuild_scheme()
            return
        if not touches_annotations(change):   # a gold decision (reject/reopen): no code, text or coder changed
            return
        self.coders.reload_if_changed()      # accepting into gold creates the gold coder; undo removes it
        if change.document_id != self.session.document_id:
            # Undo/redo of a change made in another document: show that document.
            self.session.select_document(change.document_id)
        self._update_done_action()
        self._update_boundary_actions()
        self._update_here()

    def _on_session_document_selected(self, document_id: int) -> None:
        self.session.select_annotation("")
        self.text_view.load_document(self.project.document(document_id))
        self.document_list.show_document(document_id)
        remember_document(self.project, document_id)
        self._update_done_action()
        self._update_title()
        self._update_here()

    def _on_session_coder_selected(self, coder_id: int) -> None:
        self.session.select_annotation("")
        self.coder_selector.show_coder(coder_id)
        remember_coder(self.project, self.project.coder(coder_id).uuid)
        self.status_labels.show_coder(self.project.coder(coder_id).name)
        self._update_done_action()
        self._update_here()

    def _on_session_layers_toggled(self, show: bool) -> None:
        if not show and self.session.annotation_uuid:
            annotation = self.project.annotation(self.session.annotation_uuid)
            if annotation.coder_id != self.session.coder_id:
                self.session.select_annotation("")
        self.others_action.setChecked(show)
        self._update_counts()
        self._update_here()

    def _on_session_annotation_selected(self, uuid: str) -> None:
        # The text view follows the session itself (outline and scroll); the Codes list follows
        # the session's current code (current_code.py).
        self._update_boundary_actions()

    def _update_boundary_actions(self) -> None:
        own = self.text_view.current_annotation_is_own()
        for action in self.boundary_actions:
            action.setEnabled(own)

    def _on_session_error_raised(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)

    def _on_text_view_cursor_position_changed(self, position: int) -> None:
        self.status_labels.show_position(position)
        self._update_here()

    def _update_here(self, *_args) -> None:
        """Name every annotation at the text cursor (colour is never the only cue)."""
        self.status_labels.show_here(self.text_view.annotation_labels(self.text_view.cursor_position()))

    def _update_counts(self, *_args) -> None:
        count = self.annotation_table.annotation_model.rowCount()
        self.status_labels.show_count(count, self.session.show_other_coders)

    def _update_title(self) -> None:
        document = ""
        if self.session.document_id is not None:
            document = self.document_model.name_of(self.session.document_id)
        parts = [p for p in (document, self.project.name) if p]
        self.setWindowTitle(" — ".join(parts + ["Annotator"]))

    # ------------------------------------------------------------------ closing
    def save_settings(self) -> None:
        save_window(self, self._text_point_size)

    def closeEvent(self, event) -> None:
        self.importer.stop()
        self.suggestion_tools.stop()
        self.save_settings()
        super().closeEvent(event)
        self.closed.emit()

    # ------------------------------------------------------------------ menus
    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in recent_projects():
            action = self.recent_menu.addAction(path.name)
            action.setToolTip(str(path))
            action.triggered.connect(lambda _c=False, p=str(path): self.open_project_requested.emit(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No recent projects").setEnabled(False)

    def _show_about(self) -> None:
        QMessageBox.about(self, "About Annotator",
                          "<b>Annotator</b><p>Highlight passages of political and media texts, code them, "
                          f"and compare coders.</p><p>{SAVED_NOTE}</p><p>Project file: {self.project.path}</p>")


def _show_agreement(window):
    """Tools › Agreement…, imported on first use (the agreement report loads the measures)."""
    from ..agreement.agreement_window import show_agreement_window

    return show_agreement_window(window)


def _show_export(window):
    """File › Export… and Export Codebook…, imported on first use."""
    from ..exporting.export_dialog import show_export_dialog

    return show_export_dialog(window)


def _show_codebook_export(window):
    from ..exporting.codebook_dialog import show_codebook_export_dialog

    return show_codebook_export_dialog(window)


def _show_adjudication(window):
    """Tools › Adjudicate…, imported on first use like the agreement window."""
    from ..adjudication.adjudication_view import show_adjudication_view

    return show_adjudication_view(window)


def _show_coded_segments(window):
    """Tools › Coded Segments…, imported on first use."""
    from ..analysis.segments_window import show_coded_segments

    return show_coded_segments(window)


def _show_code_frequencies(window):
    """Tools › Code Frequencies…, imported on first use (it brings matplotlib)."""
    from ..analysis.frequency_window import show_code_frequencies

    return show_code_frequencies(window)


def _show_cooccurrence(window):
    """Tools › Co-occurrence…, imported on first use."""
    from ..analysis.cooccurrence_window import show_cooccurrence

    return show_cooccurrence(window)
