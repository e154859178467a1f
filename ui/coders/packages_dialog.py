"""File › Make Coder Package…: a project file for one coder, blind by default.

The dialog gathers what ``annotator.packages.make_package`` needs: the coder (one of the
project's, or a new name), the documents (all, chosen ones, or a random sample with a seed
so it can be drawn again), whether the codebook is locked, whether other coders'
annotations go along (off: blind coding), and the file to write. Making a package only
reads the project (a new coder is the one thing added), so it runs on the GUI thread.
"""
from __future__ import annotations

import random
from pathlib import Path
from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.changes import Change, ChangeKind
from annotator.errors import AnnotatorError

from ..shared.dialogs import PROJECT_FILTER, is_placeholder_name


class PackageDialog(QDialog):
    """Choose coder, documents, codebook lock, blindness and the output file."""

    def __init__(self, session, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName("packageDialog")
        self.setWindowTitle("Make Coder Package")
        self.session = session
        self.project = session.project
        self.report = None
        self._suggested: Optional[Path] = None   # the path last suggested, replaced when the coder changes
        layout = QVBoxLayout(self)
        intro = QLabel("A coder package is a project file for one coder to code alone, offline: the chosen "
                       "texts, the codebook and the coder's profile. Send it to the coder; when it comes back, "
                       "File › Merge Coders' Work… brings their annotations into this project.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(self._coder_form())
        layout.addWidget(self._documents_box(), 1)
        layout.addWidget(self._options_box())
        layout.addLayout(self._output_row())
        self.problem = QLabel()
        self.problem.setObjectName("packageProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.make_button = self.buttons.button(QDialogButtonBox.Ok)
        self.make_button.setText("Make Package")
        self.make_button.setObjectName("makePackageButton")
        self.buttons.accepted.connect(self.make_package)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._suggest_path()
        for button in (self.all_button, self.chosen_button, self.sample_button):
            button.toggled.connect(self._update)
        self.document_list.itemChanged.connect(self._update)
        self.path_edit.textChanged.connect(self._update)
        self._update()
        em, line = self.fontMetrics().averageCharWidth(), self.fontMetrics().height()
        self.resize(em * 96, line * 42)

    # ------------------------------------------------------------------ building
    def _coder_form(self) -> QFormLayout:
        form = QFormLayout()
        self.coder_combo = QComboBox()
        self.coder_combo.setObjectName("packageCoderCombo")
        self.coder_combo.setAccessibleName("Coder")
        self.coder_combo.setEditable(True)
        self.coder_combo.setInsertPolicy(QComboBox.NoInsert)
        self.coder_combo.addItems([c.name for c in self.project.coders()])
        self.coder_combo.setCurrentIndex(-1)
        self.coder_combo.lineEdit().setPlaceholderText("a coder of this project, or type a new name")
        self.coder_combo.currentTextChanged.connect(self._on_coder_changed)
        form.addRow("&Coder:", self.coder_combo)
        self.coder_note = QLabel()
        self.coder_note.setObjectName("packageCoderNote")
        self.coder_note.setWordWrap(True)
        form.addRow("", self.coder_note)
        return form

    def _documents_box(self) -> QGroupBox:
        box = QGroupBox("Documents")
        layout = QVBoxLayout(box)
        documents = self.project.document_summaries()
        self.all_button = QRadioButton(f"&All documents ({len(documents):,})")
        self.all_button.setObjectName("allDocumentsButton")
        self.chosen_button = QRadioButton("C&hosen documents:")
        self.chosen_button.setObjectName("chosenDocumentsButton")
        self.sample_button = QRadioButton("A &random sample of")
        self.sample_button.setObjectName("sampleDocumentsButton")
        group = QButtonGroup(self)
        for button in (self.all_button, self.chosen_button, self.sample_button):
            group.addButton(button)
        self.all_button.setChecked(True)
        layout.addWidget(self.all_button)
        layout.addWidget(self.chosen_button)
        self.document_list = QListWidget()
        self.document_list.setObjectName("packageDocumentList")
        self.document_list.setAccessibleName("Documents to put in the package")
        self.document_list.setSelectionMode(QAbstractItemView.NoSelection)
        for document in documents:
            item = QListWidgetItem(document.name)
            item.setData(Qt.UserRole, document.id)
            item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked)
            self.document_list.addItem(item)
        layout.addWidget(self.document_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.sample_button)
        self.sample_spin = QSpinBox()
        self.sample_spin.setObjectName("sampleSizeSpin")
        self.sample_spin.setAccessibleName("Sample size")
        self.sample_spin.setRange(1, max(1, len(documents)))
        self.sample_spin.setValue(max(1, min(len(documents) // 2, 10)))
        self.sample_spin.setSuffix(" documents")
        row.addWidget(self.sample_spin)
        row.addWidget(QLabel("with seed"))
        self.seed_edit = QLineEdit(str(random.SystemRandom().randrange(1000, 10000)))
        self.seed_edit.setObjectName("sampleSeedEdit")
        self.seed_edit.setAccessibleName("Seed of the random sample")
        self.seed_edit.setToolTip("The same seed draws the same sample again (write it down for the methods section).")
        self.seed_edit.setMaximumWidth(self.fontMetrics().averageCharWidth() * 14)
        row.addWidget(self.seed_edit)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def _options_box(self) -> QGroupBox:
        box = QGroupBox("Options")
        layout = QVBoxLayout(box)
        self.lock_check = QCheckBox("&Lock the codebook: the coder can read code definitions but not edit codes")
        self.lock_check.setObjectName("lockCodebookCheck")
        self.include_check = QCheckBox("&Include other coders' annotations (off: blind coding, recommended)")
        self.include_check.setObjectName("includeAnnotationsCheck")
        layout.addWidget(self.lock_check)
        layout.addWidget(self.include_check)
        return box

    def _output_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Save &as:"))
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("packagePathEdit")
        self.path_edit.setAccessibleName("Package file")
        row.itemAt(0).widget().setBuddy(self.path_edit)
        row.addWidget(self.path_edit, 1)
        browse = QPushButton("&Browse…")
        browse.setObjectName("packageBrowseButton")
        browse.clicked.connect(self.browse)
        row.addWidget(browse)
        return row

    # ------------------------------------------------------------------ state
    def coder_name(self) -> str:
        return " ".join(self.coder_combo.currentText().split())

    def chosen_document_ids(self) -> list[int]:
        items = (self.document_list.item(i) for i in range(self.document_list.count()))
        return [item.data(Qt.UserRole) for item in items if item.checkState() == Qt.Checked]

    def choose_documents(self, ids) -> None:
        """Tick these documents and choose "Chosen documents"."""
        ids = set(ids)
        for i in range(self.document_list.count()):
            item = self.document_list.item(i)
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in ids else Qt.Unchecked)
        self.chosen_button.setChecked(True)

    def _on_coder_changed(self, _text: str) -> None:
        old = Path(self.path_edit.text())
        if not self.path_edit.text() or old == self._suggested:
            self._suggest_path()
        self._update()

    def _suggest_path(self) -> None:
        folder = Path(self.project.path).parent
        name = self.coder_name() or "coder"
        safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in name).strip() or "coder"
        path = folder / f"{Path(self.project.path).stem} - {safe}.annot"
        self._suggested = path
        self.path_edit.setText(str(path))

    def _update(self, *_args) -> None:
        self.document_list.setEnabled(self.chosen_button.isChecked())
        self.sample_spin.setEnabled(self.sample_button.isChecked())
        self.seed_edit.setEnabled(self.sample_button.isChecked())
        name = self.coder_name()
        known = {c.name.casefold() for c in self.project.coders()}
        note = ""
        if name and name.casefold() not in known:
            note = f"“{name}” is new: the coder is added to this project, so their work can be merged back."
        if name and is_placeholder_name(name):
            note = "This looks like a placeholder; a real name or initials makes reports readable."
        self.coder_note.setText(note)
        self.coder_note.setVisible(bool(note))
        problem = ""
        if not name:
            problem = "Choose a coder or type a new name."
        elif self.chosen_button.isChecked() and not self.chosen_document_ids():
            problem = "Tick the documents to put in the package."
        elif not self.path_edit.text().strip():
            problem = "Choose where to save the package."
        self.make_button.setEnabled(not problem)
        self.make_button.setToolTip(problem)

    def browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the coder package", self.path_edit.text(), PROJECT_FILTER,
                                              options=QFileDialog.DontConfirmOverwrite)
        if path:
            self.path_edit.setText(path if Path(path).suffix else path + ".annot")

    # ------------------------------------------------------------------ making it
    def options(self) -> dict:
        """The keyword arguments for ``make_package``."""
        documents, sample, seed = None, None, None
        if self.chosen_button.isChecked():
            documents = self.chosen_document_ids()
        elif self.sample_button.isChecked():
            sample, seed = self.sample_spin.value(), self.seed_edit.text().strip() or None
        return {"documents": documents, "sample": sample, "seed": seed,
                "lock_codebook": self.lock_check.isChecked(), "include_annotations": self.include_check.isChecked()}

    def make_package(self) -> None:
        from annotator.packages import make_package

        path = Path(self.path_edit.text().strip()).expanduser()
        if not path.suffix:
            path = path.with_suffix(".annot")
        options = self.options()
        self.setCursor(Qt.WaitCursor)
        try:
            self.report = make_package(self.project, self.coder_name(), path, **options)
        except (AnnotatorError, OSError) as error:
            self.problem.setText(str(error))
            return
        finally:
            self.unsetCursor()
        if self.report.coder_created:
            self.session.announce(Change(0, (), (), ChangeKind.CODERS))
        self.accept()


def report_text(report, options: dict) -> str:
    lines = report.lines()
    if options.get("sample"):
        lines.append(f"The {options['sample']} documents were drawn at random with seed {options['seed']}; "
                     "the same seed draws the same sample.")
    if not options.get("include_annotations"):
        lines.append("Blind: the package holds none of the other coders' annotations.")
    return "\n\n".join(lines)


def show_package_dialog(window) -> PackageDialog:
    """Open the dialog; when a package is made, say what was written in a message box."""
    dialog = PackageDialog(window.session, window)
    dialog.setAttribute(Qt.WA_DeleteOnClose)

    def on_accepted() -> None:
        box = QMessageBox(QMessageBox.Information, "Coder package made",
                          report_text(dialog.report, dialog.options()), QMessageBox.Ok, window)
        box.setObjectName("packageReport")
        box.setAttribute(Qt.WA_DeleteOnClose)
        window.package_report = box
        box.open()
        window.statusBar().showMessage(dialog.report.lines()[0], 15000)

    dialog.accepted.connect(on_accepted)
    window.package_dialog = dialog
    dialog.open()
    return dialog
