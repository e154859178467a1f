"""One current code in the coding window: the Codes list and the Code Definition dock show the
same one, ``session.code_id``.

Which code is current, latest first: the current annotation's (the session keeps that rule,
also when the annotation is re-coded); with no current annotation, the innermost code at the
text cursor when the cursor moves into coded text; the code chosen in the Codes list (click,
arrow keys). Moving the cursor into uncoded text keeps the code there was.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject

from ..shared.models import CODE_ID_ROLE
from ..shared.session import touches_scheme


class CurrentCode(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.session, self.text_view, self.palette_view = window.session, window.text_view, window.palette_view
        self.session.code_selected.connect(self._on_session_code_selected)
        self.session.changed.connect(self._on_session_changed)
        self.text_view.cursor_position_changed.connect(self._on_text_view_cursor_position_changed)
        self.palette_view.selectionModel().currentChanged.connect(self._on_palette_current_changed)

    def _on_text_view_cursor_position_changed(self, position: int) -> None:
        if self.session.annotation_uuid:
            return                            # the current annotation's code stays current
        here = self.text_view.annotations_at(position)   # innermost first
        if here:
            self.session.select_code(here[0].code_id)

    def _on_palette_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():                 # invalid: the list was reloaded, nothing was chosen
            self.session.select_code(current.data(CODE_ID_ROLE))

    def _on_session_code_selected(self, code_id) -> None:
        if self.palette_view.current_code_id() != code_id:
            self.palette_view.show_code(code_id)

    def _on_session_changed(self, change) -> None:
        if touches_scheme(change):            # the list was rebuilt (after the window's reload)
            self.palette_view.show_code(self.session.code_id)
