"""What the coding window remembers in ``QSettings`` (user preferences, not project data).

For the app: the window's geometry and dock layout (sizes included), and the text size. Per project (keyed by
its UUID; a coder package by its own ``package_uuid``, since it copies its lead's
``project_uuid``): the coder last chosen, the document last open, and the attribute columns
shown in the Documents list.
"""
from __future__ import annotations

import json
from typing import Optional

from PySide6.QtCore import QByteArray, QSettings

from ..shared.project_keys import project_key
from .dock_sizes import DockSizes


def restore_window(window) -> float:
    """Geometry and dock layout as last saved (a default size the first time, docks sized relative
    to the window when it is shown: ``dock_sizes``); the text size."""
    from ..shared.theme import text_font

    settings = QSettings()
    geometry = settings.value("mainWindow/geometry")
    state = settings.value("mainWindow/state")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    else:
        default_size(window)
    restored = isinstance(state, QByteArray) and not state.isEmpty() and window.restoreState(state)
    DockSizes(window, defaults=not restored)
    try:
        return float(settings.value("view/textPointSize", None))
    except (TypeError, ValueError):
        return text_font().pointSizeF()


def default_size(window) -> None:
    """About 170 characters by 48 lines, at most 90% of the screen."""
    screen = window.screen().availableGeometry() if window.screen() else None
    em, line = window.fontMetrics().averageCharWidth(), window.fontMetrics().height()
    width, height = em * 170, line * 48
    if screen is not None:
        width, height = min(width, int(screen.width() * 0.9)), min(height, int(screen.height() * 0.9))
    window.resize(width, height)


def save_window(window, text_point_size: float) -> None:
    settings = QSettings()
    settings.setValue("mainWindow/geometry", window.saveGeometry())
    settings.setValue("mainWindow/state", window.saveState())
    settings.setValue("view/textPointSize", text_point_size)
    settings.sync()


def remembered_coder(project) -> str:
    """The UUID of the coder last chosen in this project, or ""."""
    return QSettings().value(project_key(project, "coder"), "") or ""


def remember_coder(project, uuid: str) -> None:
    QSettings().setValue(project_key(project, "coder"), uuid)


def remembered_document(project) -> Optional[int]:
    """The id of the document last open in this project, or None."""
    remembered = QSettings().value(project_key(project, "document"), None)
    try:
        return int(remembered) if remembered is not None else None
    except (TypeError, ValueError):
        return None


def remember_document(project, document_id: int) -> None:
    QSettings().setValue(project_key(project, "document"), document_id)


def remembered_columns(project) -> list[str]:
    """The attribute keys last shown as columns of the Documents list, in their order."""
    try:
        keys = json.loads(QSettings().value(project_key(project, "documentColumns"), "[]") or "[]")
    except (TypeError, ValueError):
        return []
    return [key for key in keys if isinstance(key, str)] if isinstance(keys, list) else []


def remember_columns(project, keys: list[str]) -> None:
    # JSON text, not a QSettings list: an INI file gives a one-item list back as a string.
    QSettings().setValue(project_key(project, "documentColumns"), json.dumps(keys, ensure_ascii=False))
