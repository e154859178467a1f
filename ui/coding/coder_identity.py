"""Who is coding in a coder package.

A package (``meta`` ``package_coder_uuid``, made by File › Make Coder Package…) belongs to
one coder. The first time it is opened the window codes as that coder and says so; coding
under another coder's name in a package, or under a placeholder name anywhere, is confirmed
once per coder before the first annotation.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import QMessageBox

from annotator.errors import NotFoundError
from annotator.records import Coder

from ..shared import dialogs


def package_coder(project) -> Optional[Coder]:
    """The coder a package was made for, or None for a lead's project (or a lost profile)."""
    uuid = project.setting("package_coder_uuid")
    if not uuid:
        return None
    try:
        return project.coder(uuid)
    except NotFoundError:
        return None


def greet_package_coder(window) -> str:
    """On a package's first opening: the package coder's UUID (to select), announced in the
    status bar and the coder label's tooltip; "" for a lead's project."""
    coder = package_coder(window.project)
    if coder is None:
        return ""
    message = (f"This is {coder.name}'s coder package: you are coding as {coder.name}. "
               "Only your own annotations are shown (blind coding).")
    window.statusBar().showMessage(message, 30000)
    window.coder_label.setToolTip(message)
    window.package_greeting = message
    return coder.uuid


def confirm_coder(window, coder_id: int) -> bool:
    """Ask before coding under a placeholder name, or under another coder's name in a package."""
    coder = window.project.coder(coder_id)
    if dialogs.is_placeholder_name(coder.name) and not dialogs.confirm_placeholder_coder(window, coder.name):
        return False
    owner = package_coder(window.project)
    if owner is None or owner.id == coder.id:
        return True
    answer = QMessageBox.question(
        window, "Code under another name?",
        f"This coder package was made for {owner.name}, but you are coding as {coder.name}. "
        f"The study lead will receive these annotations as {coder.name}'s, not {owner.name}'s.\n\n"
        f"Code as {coder.name} anyway?", QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
    return answer == QMessageBox.Yes
