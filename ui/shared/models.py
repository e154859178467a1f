"""Qt item models over the core's collections: the code tree, annotations (the documents'
model is ``document_model``).

Each model reads through ``session.project`` (never SQL) and refreshes only the rows a
``Change`` touches: a new annotation is one inserted row, a memo edit one changed row.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from annotator.commands import Change, UpdateAnnotation
from annotator.errors import NotFoundError
from annotator.records import Annotation, Code

from .session import touches_annotations, touches_scheme
from .span_text import span_range

_Index = QModelIndex | QPersistentModelIndex
ANNOTATION_UUID_ROLE = Qt.UserRole + 1
CODE_ID_ROLE = Qt.UserRole + 2
DOCUMENT_ID_ROLE = Qt.UserRole + 3


def quote(text: str, limit: int = 120) -> str:
    """One line of quoted text for a table cell."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _ColumnsTableModel(QAbstractTableModel):
    """A flat table over the list ``self._rows`` with the fixed headers ``COLUMNS``."""

    COLUMNS: tuple[str, ...] = ()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None


class CodeTreeModel(QAbstractItemModel):
    """The coding scheme as a tree: swatch and name, then the shortcut key.

    Each index carries its code's row id as ``internalId``; the root is id 0.
    """

    COLUMNS = ("Code", "Key")

    def __init__(self, project, parent=None):
        super().__init__(parent)
        self._project = project
        self._codes: dict[int, Code] = {}
        self._children: dict[int, list[int]] = {}
        self._load()

    def _load(self) -> None:
        codes = self._project.codes()
        self._codes = {c.id: c for c in codes}
        self._children = {0: []}
        for code in codes:
            parent = code.parent_id if code.parent_id in self._codes else 0
            self._children.setdefault(parent, []).append(code.id)
            self._children.setdefault(code.id, [])

    def reload(self) -> None:
        self.beginResetModel()
        self._load()
        self.endResetModel()

    # structure
    def _parent_id(self, code_id: int) -> int:
        parent = self._codes[code_id].parent_id
        return parent if parent in self._codes else 0

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= len(self.COLUMNS) or row < 0:
            return QModelIndex()
        parent_id = parent.internalId() if parent.isValid() else 0
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        children = self._children.get(parent_id, [])
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent_id = self._parent_id(index.internalId())
        if parent_id == 0:
            return QModelIndex()
        row = self._children[self._parent_id(parent_id)].index(parent_id)
        return self.createIndex(row, 0, parent_id)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(parent.internalId() if parent.isValid() else 0, []))

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.NoItemFlags
        code = self._codes[index.internalId()]
        return Qt.ItemIsEnabled | (Qt.ItemIsSelectable if code.codable else Qt.NoItemFlags)

    def data(self, index: _Index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        code = self._codes.get(index.internalId())
        if code is None:
            return None
        if role == CODE_ID_ROLE:
            return code.id
        if index.column() == 0:
            if role == Qt.DisplayRole:
                return code.name
            if role == Qt.DecorationRole:
                return QColor(code.color)
            if role == Qt.ToolTipRole:
                return self.tooltip(code)
        elif index.column() == 1:
            if role == Qt.DisplayRole:
                return code.shortcut or ""
            if role == Qt.ToolTipRole:
                return f"Press {code.shortcut} to code the selection" if code.shortcut else None
            if role == Qt.TextAlignmentRole:
                return int(Qt.AlignCenter)
        return None

    def tooltip(self, code: Code) -> str:
        key = f" (key {code.shortcut})" if code.shortcut else ""
        group = "" if code.codable else "\nA group for other codes; it is not applied itself."
        text = code.description or "No definition yet."
        return f"<b>{_escape(code.name)}</b>{key}{group}<p>{_escape(text)}</p>"

    # lookups
    def code(self, code_id: int) -> Optional[Code]:
        return self._codes.get(code_id)

    def codes(self) -> list[Code]:
        """All codes in tree order (depth first)."""
        ordered: list[Code] = []

        def walk(parent: int) -> None:
            for child in self._children.get(parent, []):
                ordered.append(self._codes[child])
                walk(child)

        walk(0)
        return ordered

    def index_of(self, code_id: int) -> QModelIndex:
        if code_id not in self._codes:
            return QModelIndex()
        siblings = self._children[self._parent_id(code_id)]
        return self.createIndex(siblings.index(code_id), 0, code_id)


class AnnotationTableModel(_ColumnsTableModel):
    """The current document's visible annotations in text order: code, coder, text, memo.

    The model reads what the view shows: SQLite counts the rows, and a page of ``PAGE`` records is
    read when a row of it is first shown, so a new document, coder or layer costs the same with
    10,000 annotations as with 100. An annotation's row is its place in the list, which SQLite also
    counts (``count_annotations(before=...)``, from an index). A change updates rows in place: one
    ``dataChanged`` for an edit that keeps the row's place, a removal and an insertion at the new
    place otherwise. A change whose old row cannot be known (several annotations at once, or one
    whose record was never read) resets the model, which costs no more than a page. A memo shows
    on one line (the tooltip shows it whole); it is written as an ``UpdateAnnotation``, so it can be
    undone like any other change.
    """

    COLUMNS = ("Code", "Coder", "Text", "Memo")
    MEMO = 3
    PAGE = 128
    memo_edit_refused = Signal(str)
    names_changed = Signal()      # the codes' or coders' names may differ (the view sizes its columns)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self._session = session
        self._count = 0
        self._pages: dict[int, list[Annotation]] = {}        # PAGE rows each, read when shown
        self._known: dict[str, Annotation] = {}              # records read, as their rows are now
        self._text, self._text_of = "", None
        self._codes: dict[int, Code] = {}
        self._coders: dict[int, str] = {}
        session.changed.connect(self._on_session_changed)
        # Bound methods, not lambdas: Qt disconnects them when this model is destroyed.
        session.document_selected.connect(self._on_session_view_changed)
        session.coder_selected.connect(self._on_session_view_changed)
        session.layers_toggled.connect(self._on_session_view_changed)
        self.reload()

    # reading

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def flags(self, index: _Index) -> Qt.ItemFlag:
        annotation = self.annotation(index.row()) if index.isValid() else None
        if annotation is None:
            return Qt.NoItemFlags
        flags = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        if index.column() == self.MEMO and annotation.coder_id == self._session.coder_id:
            flags |= Qt.ItemIsEditable
        return flags

    def data(self, index: _Index, role=Qt.DisplayRole):
        annotation = self.annotation(index.row()) if index.isValid() else None
        if annotation is None:
            return None
        column = index.column()
        if role == ANNOTATION_UUID_ROLE:
            return annotation.uuid
        if role == CODE_ID_ROLE:
            return annotation.code_id
        code = self._codes.get(annotation.code_id)
        if role == Qt.DisplayRole:
            if column == 0:
                return code.name if code else "?"
            if column == 1:
                return self._coders.get(annotation.coder_id, "?")
            if column == 2:
                return quote(self._text[annotation.start:annotation.end])
            return quote(annotation.memo or "")
        if role == Qt.EditRole and column == self.MEMO:
            return annotation.memo or ""
        if role == Qt.DecorationRole and column == 0 and code is not None:
            return QColor(code.color)
        if role == Qt.ToolTipRole:
            return self._tooltip(annotation, column, code)
        return None

    def _tooltip(self, annotation: Annotation, column: int, code: Optional[Code]) -> Optional[str]:
        if column == 2:
            passage = self._text[annotation.start:annotation.end][:2000]
            return f"{span_range(annotation.start, annotation.end)}: {_escape(passage)}"
        if column == self.MEMO:
            own = annotation.coder_id == self._session.coder_id
            hint = "Double-click to write a memo" if own else ""
            memo = _escape(annotation.memo or "").replace("\n", "<br>")
            return "<p>".join(part for part in (memo, hint) if part) or None
        if column == 0 and code is not None:
            return _escape(code.description) or None
        return None

    def setData(self, index: _Index, value, role=Qt.EditRole) -> bool:
        annotation = self.annotation(index.row()) if index.isValid() else None
        if annotation is None or index.column() != self.MEMO or role != Qt.EditRole:
            return False
        memo = (value or "").strip() or None
        if memo == annotation.memo:
            return False
        command = UpdateAnnotation(annotation.uuid, annotation.code_id, annotation.start, annotation.end,
                                   memo, label="Edit memo")
        return self._session.push(command)  # the change signal refreshes the row

    # lookups
    def annotation(self, row: int) -> Optional[Annotation]:
        """The record of ``row`` (its page is read if it was not), or None."""
        if not 0 <= row < self._count:
            return None
        page = self._pages.get(row // self.PAGE)
        if page is None:
            page = self._pages[row // self.PAGE] = self._read(row // self.PAGE * self.PAGE, self.PAGE)
            self._known.update((a.uuid, a) for a in page)
        return page[row % self.PAGE] if row % self.PAGE < len(page) else None

    def row_of(self, uuid: str) -> int:
        """The row showing ``uuid``, or -1."""
        record = self._known.get(uuid)
        if record is None:
            try:
                record = self._session.project.annotation(uuid)
            except NotFoundError:
                return -1
            if not self._shows(record):
                return -1
            self._known[uuid] = record
        return self._place_of(record)

    def annotations(self) -> list[Annotation]:
        """Every row's record, in text order (read in one go)."""
        return self._read(0, None)

    def code_names(self) -> list[str]:
        """Every code's name (the Code column is as wide as the longest)."""
        return [code.name for code in self._codes.values()]

    def coder_names(self) -> list[str]:
        return list(self._coders.values())

    def _read(self, offset: int, limit: Optional[int]) -> list[Annotation]:
        if self._session.document_id is None:
            return []
        return self._session.project.annotations(document=self._session.document_id, coder=self._coder_shown(),
                                                 offset=offset, limit=limit)

    def _counted(self, before: Optional[Annotation] = None) -> int:
        """How many rows there are now (``before`` None), or come before ``before``'s place."""
        if self._session.document_id is None:
            return 0
        key = None if before is None else (before.start, before.end, before.id)
        return self._session.project.count_annotations(self._session.document_id, coder=self._coder_shown(),
                                                       before=key)

    def _place_of(self, record: Annotation) -> int:
        return self._counted(record)

    def _shows(self, annotation: Annotation) -> bool:
        return annotation.document_id == self._session.document_id and self._session.is_visible(annotation)

    def _coder_shown(self) -> Optional[int]:
        """The coder whose annotations are shown, or None for every coder's."""
        session = self._session
        return None if session.show_other_coders or session.coder_id is None else session.coder_id

    # refreshing
    def reload(self) -> None:
        session = self._session
        self.beginResetModel()
        self._codes = {c.id: c for c in session.project.codes()}
        self._coders = {c.id: c.name for c in session.project.coders()}
        self._pages, self._known = {}, {}
        if session.document_id is None:
            self._text, self._text_of = "", None
        elif self._text_of != session.document_id:     # a layer or coder shown: the same text
            self._text, self._text_of = session.project.document(session.document_id).text, session.document_id
        self._count = self._counted()
        self.endResetModel()
        self.names_changed.emit()

    def _on_session_view_changed(self, *_args) -> None:
        self.reload()

    def _on_session_changed(self, change: Change) -> None:
        if touches_scheme(change):
            self.reload()                # code names and colours (and, after a merge, codes) changed
            return
        if change.document_id != self._session.document_id or not touches_annotations(change):
            return
        if len(change.annotation_uuids) != 1 or not self._move(change.annotation_uuids[0], change.ranges):
            self.reload()                # rows whose old places cannot be known: read afresh (a page)

    def _move(self, uuid: str, ranges) -> bool:
        """Put the row of ``uuid`` where it belongs now; False if where it was cannot be known."""
        try:
            fresh: Optional[Annotation] = self._session.project.annotation(uuid)
        except NotFoundError:
            fresh = None
        if fresh is not None and not self._shows(fresh):
            fresh = None
        old = self._known.get(uuid)
        if old is None:
            return self._move_unknown(fresh, ranges)
        if fresh is not None and _key(fresh) == _key(old):
            self._changed(fresh)
            return True
        moved_before = fresh is not None and _key(fresh) < _key(old)
        self._remove(uuid, self._place_of(old) - moved_before)
        if fresh is not None:
            self._insert(fresh)
        return True

    def _move_unknown(self, fresh: Optional[Annotation], ranges) -> bool:
        """A row never read: a new annotation, or one edited in its place, can still be placed."""
        grown = self._counted() - self._count
        if fresh is None:
            return grown == 0            # not one of these rows (another coder's, hidden)
        if grown == 1:
            self._insert(fresh)
            return True
        if grown == 0 and all((start, end) == (fresh.start, fresh.end) for start, end in ranges):
            self._changed(fresh)
            return True
        return False

    def _changed(self, fresh: Annotation) -> None:
        self._known[fresh.uuid] = fresh
        row = self._place_of(fresh)
        page = self._pages.get(row // self.PAGE)
        if page is not None and row % self.PAGE < len(page):
            page[row % self.PAGE] = fresh
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def _remove(self, uuid: str, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        self._count -= 1
        self._pages.clear()              # rows after it moved up; the pages shown are read again
        self._known.pop(uuid, None)
        self.endRemoveRows()

    def _insert(self, annotation: Annotation) -> None:
        if annotation.coder_id not in self._coders:
            self._coders = {c.id: c.name for c in self._session.project.coders()}
            self.names_changed.emit()
        row = self._place_of(annotation)
        self.beginInsertRows(QModelIndex(), row, row)
        self._count += 1
        self._pages.clear()
        self._known[annotation.uuid] = annotation
        self.endInsertRows()


def _key(annotation: Annotation) -> tuple[int, int, int]:
    return annotation.start, annotation.end, annotation.id


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
