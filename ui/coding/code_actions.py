"""One action per code key, and Alt+key for the exact characters, rebuilt when the scheme changes.

The actions live on the main window (so their shortcuts work wherever the focus is) and the
plain ones are listed in the Codes menu, before ``anchor``.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget


class CodeActions(QObject):
    def __init__(self, window: QWidget, project, apply_code: Callable[..., None]):
        super().__init__(window)
        self._window, self._project, self._apply_code = window, project, apply_code
        self.actions: list[QAction] = []          # one per code with a key, as in the menu
        self.exact_actions: list[QAction] = []    # Alt+key: exact characters (in no menu)
        self._menu: QMenu | None = None
        self._anchor: QAction | None = None

    def place_in(self, menu: QMenu, anchor: QAction) -> None:
        """List the actions in ``menu`` before ``anchor`` (a separator), now and after rebuilds."""
        self._menu, self._anchor = menu, anchor
        menu.insertActions(anchor, self.actions)

    def rebuild(self, codes) -> None:
        """Replace every code action with one per codable code that has a key, in ``codes`` order."""
        for action in self.actions + self.exact_actions:
            self._window.removeAction(action)
            if self._menu is not None:
                self._menu.removeAction(action)
            action.setParent(None)      # gone from findChild now; deleted once unreferenced
            action.deleteLater()
        self.actions, self.exact_actions = [], []
        for code in codes:
            if code.codable and code.shortcut:
                self._add(code)
        if self._menu is not None:
            self._menu.insertActions(self._anchor, self.actions)

    def _add(self, code) -> None:
        action = QAction(self._project.code_path(code), self._window)
        action.setShortcut(QKeySequence(code.shortcut))
        action.setObjectName(f"codeAction{code.id}")
        action.setToolTip(code.description[:200] or code.name)
        action.setStatusTip(f"Code the selection as {code.name}")
        action.triggered.connect(lambda _c=False, c=code.id: self._apply_code(c))
        exact = QAction(f"{code.name} (exact characters)", self._window)
        exact.setShortcut(QKeySequence(f"Alt+{code.shortcut}"))
        exact.setObjectName(f"exactCodeAction{code.id}")
        exact.triggered.connect(lambda _c=False, c=code.id: self._apply_code(c, exact=True))
        for a in (action, exact):
            self._window.addAction(a)
        self.actions.append(action)
        self.exact_actions.append(exact)
