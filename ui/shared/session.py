"""The session: the open project, the current coder and document, and the undo stack.

Widgets never run SQL: they read through ``session.project`` and change things only through
``session.push(command)``, which applies a core command (one durable transaction) and puts
it on the ``QUndoStack``. Every applied change is announced once with ``changed(Change)``;
each widget refreshes only what the change touches.
"""
from __future__ import annotations

from typing import Collection, Optional

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator import Project
from annotator.changes import Change, ChangeKind
from annotator.errors import NotFoundError
from annotator.records import Annotation

from .codebook_reason import CodebookReason
from .undo import StoreCommand


def touches_scheme(change: Change) -> bool:
    """Codes, coders, a merge or many documents' annotations at once (``ChangeKind.BULK``, which
    views re-read rather than patch) changed: anything but an annotation edit, a gold decision,
    documents' attributes, a memo or suggestions alone."""
    return change.kind not in (ChangeKind.ANNOTATION, ChangeKind.ADJUDICATION, ChangeKind.DOCUMENTS,
                                ChangeKind.MEMOS, ChangeKind.SUGGESTIONS)


def touches_documents(change: Change) -> bool:
    """Documents' attributes changed (the Documents list's columns and filter)."""
    return change.kind is ChangeKind.DOCUMENTS


def touches_annotations(change: Change) -> bool:
    """Annotations were added, edited or removed. A gold decision (``annotator.adjudication``)
    does so only when accepting: reject and reopen change ``ChangeKind.ADJUDICATION`` with no
    annotations, and touch no text view, table or code of the coding window."""
    return change.kind is ChangeKind.ANNOTATION or bool(change.annotation_uuids)


def touches_suggestions(change: Change, known: Collection[tuple[int, int, int]]) -> bool:
    """A coder's suggestions may have changed: offered, removed or rejected (``ChangeKind.SUGGESTIONS``),
    decided in many documents at once (BULK), or accepted, which is an annotation change at the span
    suggested (its undo too): an annotation change counts only at one of the ``known`` spans
    (document, start, end), so a code key elsewhere costs a set lookup and no read."""
    if change.kind in (ChangeKind.SUGGESTIONS, ChangeKind.BULK):
        return True
    return change.kind is ChangeKind.ANNOTATION and any((change.document_id, *r) in known for r in change.ranges)


class Session(QObject):
    changed = Signal(object)            # annotator.changes.Change, after it is committed (announce)
    document_selected = Signal(int)     # the current document id
    coder_selected = Signal(int)        # the current coder id
    layers_toggled = Signal(bool)       # show other coders' annotations or not
    error_raised = Signal(str)          # a user-facing message (AnnotatorError)
    annotation_selected = Signal(str)   # the current annotation's uuid ("" for none)
    code_selected = Signal(object)      # the current code's id (None for none)
    coder_dropped = Signal()            # the current coder was removed and no coder is left

    def __init__(self, project: Project, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.project = project
        self.undo_stack = QUndoStack(self)
        self.document_id: Optional[int] = None
        self.coder_id: Optional[int] = None
        self._chosen: list[int] = []       # coders chosen, latest last
        self.show_other_coders = False
        self.annotation_uuid: str = ""
        self.code_id: Optional[int] = None   # one current code: the Codes list and Code Definition show it
        self.codebook_reason = CodebookReason(self)   # why the codebook is changing (editor, Agreement)

    # commands
    def push(self, command) -> bool:
        """Apply ``command`` and put it on the undo stack; False (and error_raised) if refused."""
        from annotator.errors import AnnotatorError

        # Apply first, then push a command whose first redo is a no-op: a refused command
        # never lands on the stack, and the user sees the core's own sentence (PySide6
        # rewrites the message of an exception raised inside a C++ virtual call).
        try:
            inverse = self.apply_now(command)
        except AnnotatorError as error:
            self.error_raised.emit(str(error))
            return False
        self.undo_stack.push(_AppliedCommand(self, command, inverse))
        return True

    def push_applied(self, inverse, label: str) -> None:
        """Stack a change that is already committed, e.g. a merge run by a worker thread on its
        own connection: undo applies ``inverse`` (a core command, such as a merge report's
        ``undo``), redo applies what that undo returned. Announce the change yourself (``announce``)."""
        self.undo_stack.push(_AppliedCommand(self, _Label(label), inverse))

    def undo(self) -> None:
        self._step(self.undo_stack.undo)

    def redo(self) -> None:
        self._step(self.undo_stack.redo)

    def _step(self, step) -> None:
        from annotator.errors import AnnotatorError

        try:
            step()
        except AnnotatorError as error:
            self.error_raised.emit(str(error).split("): ", 1)[-1])

    def apply_now(self, command):
        """Apply without touching the stack (used by StoreCommand); return the inverse."""
        inverse, change = self.project.apply(command)
        self._keep_coder()
        self.announce(change)
        return inverse

    def announce(self, change: Change) -> None:
        """Tell every view that ``change`` is committed; for work applied outside ``push``,
        such as a merge or a coder package written by a worker or a dialog."""
        self.changed.emit(change)
        if self.annotation_uuid and self.annotation_uuid in change.annotation_uuids:
            self._follow_annotation()            # re-coded: its new code is the current code

    # selection of document, coder and layers
    def select_document(self, document_id: int) -> None:
        if document_id != self.document_id:
            self.document_id = document_id
            self.document_selected.emit(document_id)

    def select_coder(self, coder_id: int) -> None:
        if coder_id != self.coder_id:
            self.coder_id = coder_id
            self._chosen = [i for i in self._chosen if i != coder_id] + [coder_id]
            self.coder_selected.emit(coder_id)

    def _keep_coder(self) -> None:
        """After a change, before it is announced: if the current coder was removed (undoing the
        merge that added them, or the accept that created gold), code as the coder chosen before
        them, else the project's first; with none left, as nobody (``coder_dropped``)."""
        if self.coder_id is None:
            return
        ids = [c.id for c in self.project.coders()]
        if self.coder_id in ids:
            return
        earlier = [i for i in self._chosen if i in ids]
        if earlier or ids:
            self.select_coder(earlier[-1] if earlier else ids[0])
            return
        self.coder_id = None
        self.select_annotation("")
        self.layers_toggled.emit(self.show_other_coders)   # views re-read their layers
        self.coder_dropped.emit()

    def select_annotation(self, uuid: str) -> None:
        """Make ``uuid`` the current annotation ("" clears it); views follow."""
        uuid = uuid or ""
        if uuid != self.annotation_uuid:
            self.annotation_uuid = uuid
            self.annotation_selected.emit(uuid)
            self._follow_annotation()

    def select_code(self, code_id: Optional[int]) -> None:
        """Make ``code_id`` the current code; the current annotation's code always is."""
        if code_id != self.code_id:
            self.code_id = code_id
            self.code_selected.emit(code_id)

    def _follow_annotation(self) -> None:
        if self.annotation_uuid:
            try:
                self.select_code(self.project.annotation(self.annotation_uuid).code_id)
            except NotFoundError:       # deleted meanwhile
                pass

    def set_show_other_coders(self, show: bool) -> None:
        if show != self.show_other_coders:
            self.show_other_coders = show
            self.layers_toggled.emit(show)

    def visible_annotations(self, document_id: Optional[int] = None) -> list[Annotation]:
        """This document's annotations the current coder may see (blind coding by default)."""
        document_id = self.document_id if document_id is None else document_id
        if document_id is None:
            return []
        if self.show_other_coders or self.coder_id is None:
            return self.project.annotations(document=document_id)
        return self.project.annotations(document=document_id, coder=self.coder_id)

    def is_visible(self, annotation: Annotation) -> bool:
        return self.show_other_coders or annotation.coder_id == self.coder_id


class _Label:
    """Stands in for the command of a change applied elsewhere until its first undo."""

    def __init__(self, label: str):
        self.label = label


class _AppliedCommand(StoreCommand):
    """A StoreCommand whose command was already applied by ``Session.push``."""

    def __init__(self, session, command, inverse):
        super().__init__(session, command)
        self._inverse = inverse
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        super().redo()


__all__ = ["Session", "Change", "ChangeKind"]
