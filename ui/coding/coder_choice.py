"""Who codes in a main window: the toolbar's coder selector, the coder remembered for the
project, adding a coder, and the one-time confirmation of a placeholder name or of another
coder's package (``coder_identity``) before the first annotation."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QTimer

from annotator.errors import AnnotatorError

from ..shared import dialogs
from .coder_identity import confirm_coder, greet_package_coder
from .window_settings import remembered_coder


class CoderChoice:
    def __init__(self, window):
        self.window, self.session, self.project = window, window.session, window.project
        self._confirmed: set[int] = set()
        self.session.coder_dropped.connect(self._on_session_coder_dropped)

    def start(self, name: Optional[str], ask: bool) -> None:
        """On opening: ``name`` if given, else the coder remembered (or a package's own), else ask."""
        self.reload()
        if name is not None:
            self.use_named(name)
        elif self.project.coders():
            self.select_remembered()
        elif ask:
            self.ask_first()

    def reload(self) -> None:
        self.window.coder_selector.reload(self.project.coders(), self.session.coder_id)

    def reload_if_changed(self) -> None:
        """Accepting into gold creates the gold coder; undo removes it."""
        ids = [c.id for c in self.project.coders()]
        selector = self.window.coder_selector
        shown = [selector.itemData(i) for i in range(selector.count())]
        if ids != [i for i in shown if isinstance(i, int) and i >= 0]:
            self.reload()

    def _on_session_coder_dropped(self) -> None:
        """The session's coder was removed and none is left (it codes as nobody): say so, and
        ask who is coding once the undo that removed them is over."""
        self.reload()
        self.window.status_labels.show_coder("none")
        QTimer.singleShot(0, self.ask_first)

    def use_named(self, name: str) -> None:
        """Code as ``name``, adding the coder if the project does not know them."""
        match = [c for c in self.project.coders() if c.name == name]
        coder = match[0] if match else self.project.add_coder(name)
        self.reload()
        self.session.select_coder(coder.id)

    def ask_first(self) -> None:
        name = dialogs.ask_coder_name(self.window, [], first=True)
        if name:
            self.use_named(name)

    def add(self) -> None:
        name = dialogs.ask_coder_name(self.window, [c.name for c in self.project.coders()])
        if name:
            try:
                self.use_named(name)
            except AnnotatorError as error:
                dialogs.show_error(self.window, str(error))
        self.reload()

    def select_remembered(self) -> None:
        coders = self.project.coders()
        remembered = remembered_coder(self.project) or greet_package_coder(self.window)
        chosen = next((c for c in coders if c.uuid == remembered), coders[0])
        self.session.select_coder(chosen.id)
        self.reload()

    def ready(self) -> bool:
        """A coder is chosen, and a placeholder name or another coder's package was confirmed once."""
        coder_id = self.session.coder_id
        if coder_id is None:
            self.ask_first()
            coder_id = self.session.coder_id
            if coder_id is None:
                return False
        if coder_id in self._confirmed:
            return True
        if not confirm_coder(self.window, coder_id):   # a placeholder name, or another coder's package
            return False
        self._confirmed.add(coder_id)
        return True
