"""Small dialogs: the coder's name, plain-word error messages, choosing project files."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from annotator.coder_names import is_placeholder_name, name_key
from annotator.formats.registry import dialog_filter

PROJECT_FILTER = "Annotator projects (*.annot);;All files (*)"
TEXT_FILTER = ";;".join([dialog_filter("text", "corpus", title="Texts and corpora"), dialog_filter("corpus"),
                         dialog_filter("project"), "All files (*)"])
def show_error(parent: Optional[QWidget], message: str, title: str = "Annotator") -> None:
    """One plain sentence in a message box (never a traceback)."""
    box = QMessageBox(QMessageBox.Warning, title, message, QMessageBox.Ok, parent)
    box.setObjectName("errorMessage")
    box.exec()


def confirm_placeholder_coder(parent: Optional[QWidget], name: str) -> bool:
    """Ask before coding as 'Coder', 'test' and the like; True to go on."""
    answer = QMessageBox.question(
        parent, "Code as this name?",
        f"You are coding as “{name}”, which looks like a placeholder. Agreement reports and "
        "exports name each coder, so a real name (or initials) is better.\n\nCode as “" + name + "” anyway?",
        QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
    return answer == QMessageBox.Yes


class CoderNameDialog(QDialog):
    """Ask who is coding. Refuses empty names and names already taken."""

    def __init__(self, existing: list[str], parent: Optional[QWidget] = None, first: bool = False):
        super().__init__(parent)
        self.setObjectName("coderNameDialog")
        self.setWindowTitle("Who is coding?" if first else "Add coder")
        self._existing = {name_key(name) for name in existing}   # case, spacing and Unicode form ignored
        layout = QVBoxLayout(self)
        intro = QLabel("Your annotations are stored under this name. By default you see only your own "
                       "annotations (blind coding)." if first else "The new coder's name:")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("coderNameEdit")
        self.name_edit.setPlaceholderText("e.g. Ana Silva or AS")
        form.addRow("Name:", self.name_edit)
        layout.addLayout(form)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.name_edit.textChanged.connect(self._check)
        self._check()

    def name(self) -> str:
        return " ".join(self.name_edit.text().split())

    def _check(self) -> None:
        name = self.name()
        problem = ""
        if name_key(name) in self._existing:
            problem = "There is already a coder with this name."
        elif name and is_placeholder_name(name):
            problem = "This looks like a placeholder; a real name or initials is better."
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(bool(name) and name_key(name) not in self._existing)


def ask_coder_name(parent: Optional[QWidget], existing: list[str], first: bool = False) -> Optional[str]:
    dialog = CoderNameDialog(existing, parent, first=first)
    return dialog.name() if dialog.exec() == QDialog.Accepted else None


def documents_folder() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)


def choose_project_to_open(parent: Optional[QWidget]) -> Optional[Path]:
    path, _ = QFileDialog.getOpenFileName(parent, "Open project", documents_folder(), PROJECT_FILTER)
    return Path(path) if path else None


def choose_new_project_path(parent: Optional[QWidget]) -> Optional[Path]:
    # No "replace?" question: a project file is never overwritten; Project.create refuses with a sentence.
    path, _ = QFileDialog.getSaveFileName(parent, "New project", str(Path(documents_folder()) / "study.annot"),
                                          PROJECT_FILTER, options=QFileDialog.DontConfirmOverwrite)
    if not path:
        return None
    path = Path(path)
    return path if path.suffix else path.with_suffix(".annot")


def choose_files_to_import(parent: Optional[QWidget]) -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, "Import texts", documents_folder(), TEXT_FILTER)
    return paths


def choose_folder_to_import(parent: Optional[QWidget]) -> Optional[str]:
    return QFileDialog.getExistingDirectory(parent, "Import a folder of texts", documents_folder()) or None


def choose_copy_path(parent: Optional[QWidget], current: Path) -> Optional[Path]:
    """Where to save a copy of the open project (Qt asks before replacing another file; the
    core refuses to replace a project, see ``annotator.outputs``)."""
    suggested = current.with_name(f"{current.stem} copy{current.suffix or '.annot'}")
    path, _ = QFileDialog.getSaveFileName(parent, "Save a copy of the project", str(suggested), PROJECT_FILTER)
    if not path:
        return None
    path = Path(path)
    return path if path.suffix else path.with_suffix(".annot")
