"""The Documents list's rows as the view shows them: the model's order, filtered by attribute
conditions (``annotator.where``, the meaning ``--where`` has).

Every question "which document is on row N, which row shows document D, which document comes
next" is answered here, in the view's rows, so sorting and filtering cannot send an action to
the wrong document. Sorting is the model's (one key per row); ``sort`` passes it on, and this
proxy keeps the model's order. It refilters only when told (``set_conditions``, ``refilter``),
never on its own in the middle of a change.
"""
from __future__ import annotations

import bisect
from typing import Optional

from PySide6.QtCore import QSortFilterProxyModel, Qt, qVersion

from annotator.where import Condition, matches

from ..shared.document_model import DocumentListModel
from ..shared.models import DOCUMENT_ID_ROLE

# Qt 6.10 deprecates invalidateRowsFilter for begin/endFilterChange (PySide6 warns on each call).
_FILTER_CHANGE = tuple(int(part) for part in qVersion().split(".")[:2]) >= (6, 10)


class DocumentRows(QSortFilterProxyModel):
    """The documents meeting every condition, in the model's order."""

    def __init__(self, model: DocumentListModel, parent=None):
        super().__init__(parent)
        self._conditions: list[Condition] = []
        self.setDynamicSortFilter(False)
        self.setSourceModel(model)

    @property
    def documents(self) -> DocumentListModel:
        return self.sourceModel()  # type: ignore[return-value]

    # filtering
    def set_conditions(self, conditions: list[Condition]) -> None:
        self.refilter(list(conditions))

    def conditions(self) -> list[Condition]:
        return list(self._conditions)

    def refilter(self, conditions: Optional[list[Condition]] = None) -> None:
        """Filter again (by new ``conditions`` if given), e.g. after attribute values changed."""
        if not _FILTER_CHANGE:
            self._conditions = self._conditions if conditions is None else conditions
            self.invalidateRowsFilter()
            return
        self.beginFilterChange()
        self._conditions = self._conditions if conditions is None else conditions
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        if not self._conditions:
            return True
        document_id = self.documents.document_id(source_row)
        return document_id is not None and matches(self.documents.attributes(document_id), self._conditions)

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        self.documents.sort(column, order)

    # rows and documents
    def document_id(self, row: int) -> Optional[int]:
        return self.index(row, 0).data(DOCUMENT_ID_ROLE) if 0 <= row < self.rowCount() else None

    def row_of(self, document_id: Optional[int]) -> int:
        """The view's row showing ``document_id``; -1 if it is filtered out or unknown."""
        row = self.documents.row_of(document_id) if document_id is not None else -1
        return self.mapFromSource(self.documents.index(row, 0)).row() if row >= 0 else -1

    def document_ids(self) -> list[int]:
        """The documents shown, top to bottom."""
        return [self.document_id(row) for row in range(self.rowCount())]  # type: ignore[misc]

    def neighbour(self, document_id: Optional[int], step: int) -> Optional[int]:
        """The document shown ``step`` (+1 or -1) rows from ``document_id``, staying at either end;
        from a document the filter hides, the nearest shown one after or before its place."""
        if self.rowCount() == 0:
            return None
        rows = [self.mapToSource(self.index(row, 0)).row() for row in range(self.rowCount())]
        here = self.documents.row_of(document_id) if document_id is not None else -1
        if step > 0:
            at = bisect.bisect_right(rows, here)
            return self.document_id(min(at, len(rows) - 1))
        at = bisect.bisect_left(rows, here) - 1
        return self.document_id(max(at, 0))

    def is_filtered(self) -> bool:
        return bool(self._conditions)
