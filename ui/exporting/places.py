"""Where an export goes: a save dialog with the format's suffix, or a folder (brat, the bundle).

The folder last written to is remembered in ``QSettings`` (``key``: one for annotation
exports, one for codebooks); the first time, the project's folder. The suggested name is the
project's (``study.csv``; ``study prodigy.jsonl`` where the suffix does not name the format;
``study codebook.qdc``).
A folder format writes a folder: an empty folder chosen receives the files, any other gets a new
folder ``<project> <format>`` (numbered if taken) inside it, so a chosen folder's files are never mixed in.
``choose_file`` and ``choose_folder`` are the only places that open a dialog (tests replace them).
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

EXPORT_KEY = "export/folder"
CODEBOOK_KEY = "export/codebookFolder"


def last_folder(key: str, project_path: Path) -> Path:
    folder = QSettings().value(key, "")
    return Path(folder) if isinstance(folder, str) and folder and Path(folder).is_dir() else project_path.parent


def remember_folder(key: str, folder: Path) -> None:
    QSettings().setValue(key, str(folder))


def suggested_name(project_path: Path, name: str, suffix: str) -> str:
    stem = project_path.stem
    return f"{stem}{suffix}" if suffix.lstrip(".") == name else f"{stem} {name}{suffix}"


def choose_file(parent: Optional[QWidget], title: str, suggested: Path, file_filter: str,
                suffix: str) -> Optional[Path]:
    """A save dialog that adds ``suffix`` to a name typed without one and asks before replacing a file."""
    dialog = QFileDialog(parent, title, str(suggested), file_filter)
    dialog.setAcceptMode(QFileDialog.AcceptSave)
    dialog.setFileMode(QFileDialog.AnyFile)
    dialog.setDefaultSuffix(suffix.lstrip("."))
    dialog.selectFile(str(suggested))
    if dialog.exec() != QFileDialog.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def choose_folder(parent: Optional[QWidget], title: str, start: Path) -> Optional[Path]:
    folder = QFileDialog.getExistingDirectory(parent, title, str(start))
    return Path(folder) if folder else None


def file_output(parent: Optional[QWidget], key: str, project_path: Path, name: str, suffix: str,
                what: str = "") -> Optional[Path]:
    """Ask for the file to write (suggested: the project's name, then ``what``), and remember its folder."""
    file_name = f"{project_path.stem} {what}{suffix}" if what else suggested_name(project_path, name, suffix)
    path = choose_file(parent, f"Export {what or 'annotations'} as {name}", last_folder(key, project_path) / file_name,
                       f"{name} (*{suffix});;All files (*)", suffix)
    if path is not None:
        remember_folder(key, path.parent)
    return path


def folder_output(parent: Optional[QWidget], key: str, project_path: Path, name: str) -> Optional[Path]:
    """Ask for a folder; the folder to write (itself if empty, else a new one inside it)."""
    folder = choose_folder(parent, f"Export annotations as {name}: choose a folder (an empty one, or one to make a new "
                                   "folder in)", last_folder(key, project_path))
    if folder is None:
        return None
    remember_folder(key, folder)
    return folder if _is_empty_folder(folder) else new_folder_in(folder, f"{project_path.stem} {name}")


def _is_empty_folder(folder: Path) -> bool:
    try:
        return folder.is_dir() and not any(folder.iterdir())
    except OSError:      # unreadable: the core says so in one sentence when it tries
        return False


def new_folder_in(folder: Path, stem: str) -> Path:
    candidate, number = folder / stem, 2
    while candidate.exists():
        candidate, number = folder / f"{stem} {number}", number + 1
    return candidate
