"""The text of the current document: read, select, click annotations, adjust boundaries.

Persistent highlights come from :class:`AnnotationHighlighter` over a :class:`SpanIndex`;
extra selections are used only for transient overlays (the current annotation and the
search hits inside the viewport). Positions cross the Qt boundary only through
:class:`ui.shared.offsets.OffsetMap`: every public method takes and returns code points.

The view never writes to the project: boundary moves (keyboard, or dragging an edge of the
current annotation: one command on release, snapped to tokens unless Alt or exact mode) go
through ``session.push`` as :class:`annotator.commands.UpdateAnnotation`, and it refreshes
from ``session.changed``.
"""
from __future__ import annotations

import bisect
import html
import logging
import re
from dataclasses import dataclass
from typing import Optional

import numpy as np
from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeyEvent, QPainter, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit, QToolTip

from annotator.commands import Change, UpdateAnnotation
from annotator.errors import AnnotatorError, NotFoundError
from annotator.records import Annotation, Document
from annotator.spanindex import Span
from annotator.suggestions import Suggestion

from ..shared.offsets import OffsetMap
from ..shared.session import touches_annotations, touches_scheme
from . import text_marks
from .document_spans import DocumentSpans
from .document_suggestions import DocumentSuggestions
from .highlighter import AnnotationHighlighter
from .paragraph_direction import DirectionalLayout

log = logging.getLogger(__name__)


@dataclass
class _EdgeDrag:
    """An edge of the current annotation being dragged with the mouse."""

    uuid: str
    edge: str            # "start" or "end"
    start: int           # the annotation's span when the drag began
    end: int
    exact: bool          # Alt was held at the press
    span: tuple[int, int]  # where the span would be if the mouse were released now


class TextView(QPlainTextEdit):
    """Read-only view of one document's normalised text with its annotations."""

    annotation_clicked = Signal(str)           # uuid of the annotation clicked in the text
    current_annotation_changed = Signal(str)   # uuid of the current annotation ("" for none)
    cursor_position_changed = Signal(int)      # cursor position in code points
    suggestion_shown = Signal(int)             # id of the suggestion gone to (made current)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("textView")
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setUndoRedoEnabled(False)
        self.document().setDocumentLayout(DirectionalLayout(self.document()))   # right-to-left paragraphs
        self.document().setDocumentMargin(12)
        self.setAccessibleName(self.tr("Document text"))
        self.session = session
        self.exact_mode = False       # keep exact characters instead of snapping to tokens
        self.sentence_mode = False    # a click selects the sentence under it
        self.document_id: Optional[int] = None
        self._text = ""
        self._offsets = OffsetMap("")
        self._spans = DocumentSpans(session.project, None, None)
        self.suggestions = DocumentSuggestions(session.project, None, None)   # the coder's, dotted
        self._suggestion_id: Optional[int] = None     # the current suggestion (keys accept or reject it)
        self._code_names: dict[int, str] = {}
        self._coder_names: dict[int, str] = {}
        self._current_uuid = ""
        self._press_pos: Optional[QPoint] = None
        self._alt_selection = False
        self._last_click_cp: Optional[int] = None
        self._hits: list[tuple[int, int]] = []   # find hits, code points, in text order
        self._hit = -1
        self._drag: Optional[_EdgeDrag] = None
        self.viewport().setMouseTracking(True)      # hover over an edge shows the resize cursor
        self._normal_cursor = self.viewport().cursor().shape()
        self.highlighter = AnnotationHighlighter(self.document(), self._spans, self._offsets)
        self.highlighter.visible_blocks = self._visible_blocks
        self.highlighter.set_base_colour(self.palette().color(QPalette.ColorRole.Base),
                                         self.palette().color(QPalette.ColorRole.Text))
        self.setPalette(text_marks.with_selection_colours(self.palette()))
        session.changed.connect(self._on_session_changed)
        session.coder_selected.connect(self._on_session_layers_changed)
        session.layers_toggled.connect(self._on_session_layers_changed)
        session.annotation_selected.connect(self._on_session_annotation_selected)
        self.cursorPositionChanged.connect(self._on_cursor_moved)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)

    # ------------------------------------------------------------------ loading
    @property
    def text(self) -> str:
        """The document's text exactly as the core stores it."""
        return self._text

    def load_document(self, document: Document) -> None:
        """Show ``document`` with the annotations the session lets the coder see."""
        self.document_id = document.id
        self._text = document.text
        self._offsets = OffsetMap(document.text)
        self._hits, self._hit, self._current_uuid = [], -1, ""
        self._suggestion_id = None
        self._last_click_cp = None
        self._drag = None
        self._load_names()
        self._read_spans()
        self.setPlainText(document.text)
        self.highlighter.invalidate()      # the blocks in view; the others as they come into view
        if self.document().characterCount() - 1 != self._offsets.utf16_length:
            log.warning("Qt shows %s as %d UTF-16 units, expected %d: highlights may drift.",
                        document.name, self.document().characterCount() - 1, self._offsets.utf16_length)
        self._update_overlays()

    def refresh_layers(self) -> None:
        """Read the visible annotations afresh (coder switch, layer toggle, a changed codebook) and
        re-highlight the blocks in view; the others as they come into view."""
        if self.document_id is None:
            return
        self._load_names()
        self._read_spans()
        if self._current_uuid and self._spans.annotation(self._current_uuid) is None:
            self.set_current_annotation("")
        self.highlighter.invalidate()
        self._update_overlays()

    def _read_spans(self) -> None:
        """Start reading this document's annotations afresh, region by region as they are needed."""
        session = self.session
        coder = None if session.show_other_coders or session.coder_id is None else session.coder_id
        self._spans = DocumentSpans(session.project, self.document_id, coder)
        self.highlighter.set_source(self._spans, self._offsets)
        self.highlighter.set_own_coder(self._own_coder())
        self.suggestions = DocumentSuggestions(session.project, self.document_id, session.coder_id)

    def _own_coder(self) -> Optional[int]:
        return self.session.coder_id

    def _load_names(self) -> None:
        project = self.session.project
        codes = project.codes()
        self._code_names = {c.id: c.name for c in codes}
        self._coder_names = {c.id: c.name for c in project.coders()}
        self.highlighter.set_colours({c.id: c.color for c in codes})

    # ------------------------------------------------------------------ changes
    def _on_session_changed(self, change: Change) -> None:
        if self.document_id is None:
            return
        if touches_scheme(change):
            self._on_scheme_changed()
            return
        if self.suggestions.follow(change):
            self.viewport().update()
        if change.document_id != self.document_id or not touches_annotations(change):
            return
        for uuid in change.annotation_uuids:
            self._spans.refresh(uuid)
            if uuid == self._current_uuid and self._spans.annotation(uuid) is None:
                self.set_current_annotation("")
        for start, end in change.ranges:
            self.highlighter.rehighlight_range(start, end)
        self._update_overlays()

    def _on_scheme_changed(self) -> None:
        """Codes were added, renamed, re-coloured, merged or deleted: re-read names, colours and
        annotations (a merge re-codes them)."""
        self.refresh_layers()

    def _on_session_layers_changed(self, *_) -> None:
        self.refresh_layers()

    def _on_session_annotation_selected(self, uuid: str) -> None:
        if uuid != self._current_uuid:
            self.set_current_annotation(uuid, reveal=True)

    # ------------------------------------------------------------------ offsets
    def _to_cp(self, u16: int) -> int:
        return self._offsets.to_cp(u16)

    def _to_u16(self, cp: int) -> int:
        return self._offsets.to_utf16(cp)

    def position_at(self, point: QPoint) -> Optional[int]:
        """The code point of the character under ``point`` (viewport coordinates)."""
        if not self._text:
            return None
        cursor = self.cursorForPosition(point)
        u16 = cursor.position()
        rect = self.cursorRect(cursor)
        if point.x() < rect.x() and u16 > cursor.block().position():
            u16 -= 1   # the point is on the character before the nearest cursor position
        return min(self._to_cp(u16), len(self._text) - 1)

    # ------------------------------------------------------------------ selection
    def selected_span(self, exact: bool = False) -> Optional[tuple[int, int]]:
        """The selection in code points, snapped outward to whole tokens unless ``exact``,
        :attr:`exact_mode` or Alt is held; None if nothing (or only whitespace) is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self._to_cp(cursor.selectionStart()), self._to_cp(cursor.selectionEnd())
        if end <= start:
            return None
        alt = bool(QGuiApplication.queryKeyboardModifiers() & Qt.KeyboardModifier.AltModifier)
        if exact or self.exact_mode or alt or self._alt_selection:
            return start, end
        if not self._text[start:end].strip():
            return None
        try:
            return self._services().snap(self._text, start, end)
        except AnnotatorError as error:
            log.warning("Could not snap the selection to tokens: %s", error)
            return start, end

    def select_span(self, start: int, end: int) -> None:
        """Select code points ``start .. end`` and scroll to them."""
        start, end = max(0, start), min(end, len(self._text))
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._to_u16(start))
        cursor.setPosition(self._to_u16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self._alt_selection = False
        self.ensureCursorVisible()

    def _services(self):
        return self.session.project.text_services()

    def _tokens(self, pos: int) -> tuple[np.ndarray, np.ndarray]:
        """Tokens around code point ``pos`` (the text services tokenise only that stretch)."""
        return self._services().tokens_around(self._text, pos, pos)

    def select_token_at(self, pos: int) -> bool:
        starts, ends = self._tokens(pos)
        i = int(np.searchsorted(ends, pos, side="right"))
        if i < len(starts) and starts[i] <= pos:
            self.select_span(int(starts[i]), int(ends[i]))
            return True
        return False

    def select_sentence_at(self, pos: int) -> bool:
        sentences = self._services().sentences(self._text)
        i = bisect.bisect_right(sentences, (pos, float("inf"))) - 1
        if i >= 0 and sentences[i][0] <= pos < sentences[i][1]:
            self.select_span(*sentences[i])
            return True
        return False

    # ------------------------------------------------------------------ annotations
    @property
    def selected_annotation_uuid(self) -> str:
        """The current annotation's uuid ("" if none)."""
        return self._current_uuid

    def annotations_at(self, pos: int) -> list[Annotation]:
        """Every visible annotation covering code point ``pos``, innermost first."""
        return self._spans.annotations_at(pos)

    def annotation_labels(self, pos: Optional[int]) -> list[str]:
        """"code (coder)" for every visible annotation at ``pos``, innermost first."""
        if pos is None or not 0 <= pos < len(self._text):
            return []
        return [f"{self._code_name(a)} ({self._coder_name(a)})" for a in self.annotations_at(pos)]

    def cursor_position(self) -> Optional[int]:
        """The code point after the text cursor (the last one at the very end); None if no text."""
        if not self._text:
            return None
        return min(self._to_cp(self.textCursor().position()), len(self._text) - 1)

    def _code_name(self, annotation: Annotation) -> str:
        return self._code_names.get(annotation.code_id, f"code {annotation.code_id}")

    def _coder_name(self, annotation: Annotation) -> str:
        return self._coder_names.get(annotation.coder_id, f"coder {annotation.coder_id}")

    def current_annotation_is_own(self) -> bool:
        """True if there is a current annotation and the current coder made it (only those move)."""
        annotation = self._spans.annotation(self._current_uuid)
        return annotation is not None and (self.session.coder_id is None
                                           or annotation.coder_id == self.session.coder_id)

    def set_current_annotation(self, uuid: Optional[str], reveal: bool = False) -> None:
        """Mark ``uuid`` as the current annotation (outlined); "" or None clears it."""
        uuid = uuid or ""
        if uuid and self._spans.annotation(uuid) is None:
            uuid = ""
        changed = uuid != self._current_uuid
        self._current_uuid = uuid
        if changed:
            self._drag = None            # a drag belongs to the annotation it started on
        if uuid and reveal:
            annotation = self._spans.annotation(uuid)
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._to_u16(annotation.start))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
        self._update_overlays()
        if changed:
            self.current_annotation_changed.emit(uuid)
            self.session.select_annotation(uuid)

    def _click_annotation(self, pos: int) -> None:
        spans = self._spans.at(pos)   # innermost first
        if not spans:
            self.set_current_annotation("")
            return
        uuids = [s.uuid for s in spans]
        if self._current_uuid in uuids and self._last_click_cp is not None:
            uuid = uuids[(uuids.index(self._current_uuid) + 1) % len(uuids)]  # cycle
        else:
            uuid = uuids[0]
        self._last_click_cp = pos
        self.set_current_annotation(uuid)
        self.annotation_clicked.emit(uuid)

    def move_current_boundary(self, edge: str, step: int) -> bool:
        """Move the current annotation's ``edge`` ("start" or "end") by ``step`` tokens
        (characters in exact mode), as one undoable command. False if it cannot move."""
        if not self.current_annotation_is_own():
            return False
        try:
            annotation = self.session.project.annotation(self._current_uuid)
        except NotFoundError:
            return False
        start, end = annotation.start, annotation.end
        if edge == "start":
            start = self._step(start, step, "start", limit=(0, end - 1))
        else:
            end = self._step(end, step, "end", limit=(start + 1, len(self._text)))
        if start is None or end is None or (start, end) == (annotation.start, annotation.end):
            return False
        return self.session.push(UpdateAnnotation(annotation.uuid, annotation.code_id, start, end,
                                                  annotation.memo, label="Move annotation boundary"))

    def _step(self, pos: int, step: int, edge: str, limit: tuple[int, int]) -> Optional[int]:
        if self.exact_mode:
            new = pos + step
        else:
            new = _next_mark(self._tokens(pos), edge, pos, step)
            if new is None:      # nothing near (a long run of blank lines): look in the whole text
                new = _next_mark(self._services().tokens(self._text), edge, pos, step)
        if new is None or not limit[0] <= new <= limit[1]:
            return None
        return new

    # ------------------------------------------------------------------ find
    def find(self, text: str) -> int:
        """Highlight every case-insensitive occurrence of ``text``, select the first at or
        after the cursor, and return how many there are."""
        self._hits, self._hit = [], -1
        if text:
            pattern = re.compile(re.escape(text), re.IGNORECASE)
            self._hits = [(m.start(), m.end()) for m in pattern.finditer(self._text)]
        if self._hits:
            here = self._to_cp(self.textCursor().selectionStart())
            first = bisect.bisect_left(self._hits, (here, -1))
            self._go_to_hit(first % len(self._hits))
        else:
            self._update_overlays()
        return len(self._hits)

    def find_next(self) -> bool:
        if not self._hits:
            return False
        self._go_to_hit((self._hit + 1) % len(self._hits))
        return True

    def find_previous(self) -> bool:
        if not self._hits:
            return False
        self._go_to_hit((self._hit - 1) % len(self._hits))
        return True

    def clear_find(self) -> None:
        self._hits, self._hit = [], -1
        self._update_overlays()

    @property
    def find_hits(self) -> list[tuple[int, int]]:
        return list(self._hits)

    @property
    def current_find_hit(self) -> int:
        return self._hit

    def _go_to_hit(self, i: int) -> None:
        self._hit = i
        self.select_span(*self._hits[i])   # selected, so it can be coded right away
        self._update_overlays()

    # ------------------------------------------------------------------ overlays
    def _visible_range(self) -> tuple[int, int]:
        """Code points shown in the viewport (with a line or so to spare)."""
        viewport = self.viewport()
        top = self.cursorForPosition(QPoint(0, 0)).position()
        bottom = self.cursorForPosition(QPoint(viewport.width(), viewport.height())).position()
        return self._to_cp(max(0, top - 200)), self._to_cp(min(bottom + 200, self._offsets.utf16_length))

    def visible_find_hits(self) -> list[tuple[int, int]]:
        """The find hits in (or just around) the viewport, code points: the ones boxed."""
        if not self._hits:
            return []
        lo, hi = self._visible_range()
        first = max(0, bisect.bisect_left(self._hits, (lo, -1)) - 1)
        last = bisect.bisect_right(self._hits, (hi, len(self._text) + 1))
        return self._hits[first:last]

    def _update_overlays(self, *_) -> None:
        """The current annotation as an extra selection (nothing else); the marks painted over the
        text (find hits, other coders' outlines) are redrawn."""
        selections = []
        if self._current_uuid:
            annotation = self._spans.annotation(self._current_uuid)
            start, end = self._drag.span if self._drag is not None else (annotation.start, annotation.end)
            fmt = QTextCharFormat()
            fmt.setFontOverline(True)
            fmt.setFontUnderline(True)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(self.palette().color(QPalette.ColorRole.Text))
            fmt.setFontWeight(QFont.Weight.DemiBold)
            selections.append(self._extra(start, end, fmt))
        self.setExtraSelections(selections)
        self.viewport().update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.highlighter.refresh()      # whatever comes into view by any route is highlighted first
        super().paintEvent(event)
        view = self._visible_range()      # marks are cut to it: a long span never lays out the whole text
        painter = QPainter(self.viewport())
        try:
            self._paint_other_outlines(painter, view)
            self._paint_suggestions(painter, view)
            rects = [r for a, b in self.visible_find_hits() for r in self._rects(a, b, view)]
            text_marks.paint_boxes(painter, rects, text_marks.find_colour(self.palette()), text_marks.FIND_PEN_WIDTH)
        finally:
            painter.end()

    def others_in_view(self) -> list[Span]:
        """Other coders' annotations in (or just around) the viewport: the ones outlined."""
        if self.highlighter.own_coder_id is None:
            return []
        return [s for s in self._spans.overlapping(*self._visible_range()) if not self.highlighter.is_own(s)]

    def _paint_other_outlines(self, painter: QPainter, view: tuple[int, int]) -> None:
        """A dashed outline around each other coder's annotation in view, in its code's colour."""
        base = self.highlighter.base_colour
        for span in self.others_in_view():
            colour = text_marks.outline_colour(self.highlighter.colour(span.code_id), base)
            text_marks.paint_boxes(painter, self._rects(span.start, span.end, view), colour,
                                   text_marks.OUTLINE_PEN_WIDTH, Qt.PenStyle.DashLine)

    def suggestions_in_view(self) -> list[Suggestion]:
        """The coder's open suggestions in (or just around) the viewport: the ones outlined."""
        return self.suggestions.overlapping(*self._visible_range())

    def _paint_suggestions(self, painter: QPainter, view: tuple[int, int]) -> None:
        """A dotted outline around each open suggestion in view, in its code's colour (the current
        one thicker)."""
        base = self.highlighter.base_colour
        for suggestion in self.suggestions_in_view():
            colour = text_marks.outline_colour(self.highlighter.colour(suggestion.code_id), base)
            width = text_marks.suggestion_width(suggestion.id == self._suggestion_id)
            text_marks.paint_dots(painter, self._rects(suggestion.start, suggestion.end, view), colour, width, base)

    # ------------------------------------------------------------------ suggestions
    @property
    def current_suggestion(self) -> Optional[Suggestion]:
        """The suggestion last gone to, if still open; else the open one at the text cursor."""
        chosen = self.suggestions.get(self._suggestion_id) if self._suggestion_id is not None else None
        if chosen is not None or self.cursor_position() is None:
            return chosen
        here = self.suggestions.at(self._to_cp(self.textCursor().selectionStart()))
        return here[0] if here else None

    def step_suggestion(self, step: int) -> Optional[Suggestion]:
        """Go to the next (``step`` > 0) or previous open suggestion in this document; None if none."""
        current = self.suggestions.get(self._suggestion_id) if self._suggestion_id is not None else None
        if current is not None:
            anchor = (current.start, current.end, current.id)
        else:
            cursor = self.textCursor()
            pos = self._to_cp(cursor.selectionStart() if step > 0 else cursor.selectionEnd())
            anchor = (pos, -1, -1) if step > 0 else (pos, len(self._text) + 1, 0)
        found = self.suggestions.neighbour(anchor, step)
        if found is not None:
            self.show_suggestion(found)
        return found

    def show_suggestion(self, suggestion: Suggestion) -> None:
        """Make ``suggestion`` (of this document) current: selected, so a code key codes it too."""
        self._suggestion_id = suggestion.id
        self.select_span(suggestion.start, suggestion.end)
        self._update_overlays()
        self.suggestion_shown.emit(suggestion.id)

    def _rects(self, start: int, end: int, within: Optional[tuple[int, int]] = None):
        """Viewport rectangles of code points ``start .. end`` (cut to ``within``), one per line."""
        if within is not None:
            start, end = max(start, within[0]), min(end, within[1])
        return text_marks.line_rects(self, self._to_u16(start), self._to_u16(end))

    def _extra(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._to_u16(start))
        cursor.setPosition(self._to_u16(end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = fmt
        return selection

    # ------------------------------------------------------------------ tooltips
    def tooltip_text(self, pos: int) -> str:
        """Rich text naming every annotation at ``pos``: code, coder and memo."""
        rows = []
        for annotation in self.annotations_at(pos):
            colour = self.highlighter.colour(annotation.code_id).name()
            code = html.escape(self._code_name(annotation))
            coder = html.escape(self._coder_name(annotation))
            memo = f"<br><i>{html.escape(annotation.memo)}</i>" if annotation.memo else ""
            rows.append(f"<p style='margin:2px 0'><span style='color:{colour}'>&#9632;</span> "
                        f"<b>{code}</b> &mdash; {coder}{memo}</p>")
        return "".join(rows)

    def viewportEvent(self, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.ToolTip:
            pos = self.position_at(event.pos())
            text = self.tooltip_text(pos) if pos is not None else ""
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    # ------------------------------------------------------------------ mouse and keys
    def edge_at(self, point: QPoint) -> Optional[str]:
        """"start" or "end" if ``point`` (viewport coordinates) is on that edge of the current
        annotation and the current coder may move it; None otherwise."""
        if not self.current_annotation_is_own():
            return None
        annotation = self._spans.annotation(self._current_uuid)
        reach = max(3, self.fontMetrics().averageCharWidth() // 2)
        best, best_distance = None, reach + 1
        for edge, cp in (("start", annotation.start), ("end", annotation.end)):
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._to_u16(cp))
            rect = self.cursorRect(cursor)
            distance = abs(point.x() - rect.x())
            if rect.top() <= point.y() <= rect.bottom() and distance < best_distance:
                best, best_distance = edge, distance
        return best

    def _dragged_span(self, drag: _EdgeDrag, point: QPoint, exact: bool) -> tuple[int, int]:
        """The span the current drag would give with the mouse at ``point``: the dragged edge
        goes to the nearest character boundary, then outward to a whole token unless ``exact``;
        the other edge stays, and the span keeps at least one character."""
        pos = self._to_cp(self.cursorForPosition(point).position())
        exact = exact or self.exact_mode
        if drag.edge == "start":
            pos = min(pos, drag.end - 1)
            if not exact:
                pos = self._snapped_edge(pos, drag.end, 0)
            return pos, drag.end
        pos = max(pos, drag.start + 1)
        if not exact:
            pos = self._snapped_edge(drag.start, pos, 1)
        return drag.start, pos

    def _snapped_edge(self, start: int, end: int, which: int) -> int:
        try:
            return self._services().snap(self._text, start, end)[which]
        except AnnotatorError as error:
            log.warning("Could not snap the boundary to tokens: %s", error)
            return (start, end)[which]

    def _end_drag(self, point: Optional[QPoint], exact: bool) -> bool:
        """Finish (``point`` given) or cancel the drag; one UpdateAnnotation if the span moved."""
        drag, self._drag = self._drag, None
        self._update_overlays()
        if drag is None or point is None:
            return False
        start, end = self._dragged_span(drag, point, exact or drag.exact)
        if (start, end) == (drag.start, drag.end):
            return False
        try:
            annotation = self.session.project.annotation(drag.uuid)
        except NotFoundError:
            return False
        return self.session.push(UpdateAnnotation(annotation.uuid, annotation.code_id, start, end,
                                                  annotation.memo, label="Move annotation boundary"))

    def _alt(self, event) -> bool:
        return bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        point = event.position().toPoint()
        edge = self.edge_at(point) if event.button() == Qt.MouseButton.LeftButton else None
        if edge is not None:
            annotation = self._spans.annotation(self._current_uuid)
            span = (annotation.start, annotation.end)
            self._drag = _EdgeDrag(annotation.uuid, edge, *span, exact=self._alt(event), span=span)
            self._press_pos = None
            event.accept()
            return
        self._press_pos = point
        self._alt_selection = self._alt(event)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        point = event.position().toPoint()
        if self._drag is not None:
            self._drag.span = self._dragged_span(self._drag, point, self._drag.exact or self._alt(event))
            self._update_overlays()
            event.accept()
            return
        super().mouseMoveEvent(event)
        if event.buttons() == Qt.MouseButton.NoButton:
            edge = self.edge_at(point)
            self.viewport().setCursor(Qt.CursorShape.SizeHorCursor if edge else self._normal_cursor)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._drag is not None:
            if event.button() == Qt.MouseButton.LeftButton:
                self._end_drag(event.position().toPoint(), self._alt(event))
            event.accept()
            return
        super().mouseReleaseEvent(event)
        press, self._press_pos = self._press_pos, None
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            return
        moved = (event.position().toPoint() - press).manhattanLength()
        if moved >= QApplication.startDragDistance() or self.textCursor().hasSelection():
            return
        pos = self.position_at(event.position().toPoint())
        if pos is None:
            return
        self._click_annotation(pos)
        if self.sentence_mode:
            self.select_sentence_at(pos)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        pos = self.position_at(event.position().toPoint())
        if pos is None or not self.select_token_at(pos):
            super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = Qt.KeyboardModifier.ControlModifier
        key = event.key()
        if key == Qt.Key.Key_Escape and self._drag is not None:
            self._end_drag(None, False)     # cancel: the annotation stays as it was
            event.accept()
            return
        if self.current_annotation_is_own() and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = -1 if key == Qt.Key.Key_Left else 1
            if mods == ctrl | Qt.KeyboardModifier.ShiftModifier:
                self.move_current_boundary("end", step)
                event.accept()
                return
            if mods == ctrl | Qt.KeyboardModifier.AltModifier:
                self.move_current_boundary("start", step)
                event.accept()
                return
        if key == Qt.Key.Key_Escape and (self._current_uuid or self._hits):
            self.clear_find()
            self.set_current_annotation("")
            event.accept()
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self._alt_selection = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ look
    def set_font_size(self, points: float) -> None:
        points = max(6.0, min(float(points), 72.0))
        font = self.font()
        font.setPointSizeF(points)
        self.setFont(font)

    def font_size(self) -> float:
        return self.font().pointSizeF()

    def zoom_in(self) -> None:
        self.set_font_size(self.font_size() + 1)

    def zoom_out(self) -> None:
        self.set_font_size(self.font_size() - 1)

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            marked = text_marks.with_selection_colours(self.palette())
            if marked != self.palette():
                self.setPalette(marked)      # the selection follows a light or dark Base
            base, text = self.palette().color(QPalette.ColorRole.Base), self.palette().color(QPalette.ColorRole.Text)
            if base != self.highlighter.base_colour or text != self.highlighter.text_colour:
                self.highlighter.set_base_colour(base, text)
                self.highlighter.invalidate()
            self._update_overlays()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.highlighter.refresh()
        if self._hits:
            self._update_overlays()

    def _on_scrolled(self, *_) -> None:
        self.highlighter.refresh()      # before the newly shown lines are painted
        self._update_overlays()

    def _visible_blocks(self):
        """The blocks the viewport shows, top to bottom (what the highlighter must have done)."""
        block, offset, bottom = self.firstVisibleBlock(), self.contentOffset(), self.viewport().height()
        while block.isValid() and self.blockBoundingGeometry(block).translated(offset).top() <= bottom:
            yield block
            block = block.next()

    def _on_cursor_moved(self) -> None:
        pos = self._to_cp(self.textCursor().position())
        if self._suggestion_id is not None:       # leaving the current suggestion lets it go
            current = self.suggestions.get(self._suggestion_id)
            if current is None or not current.start <= pos <= current.end:
                self._suggestion_id = None
                self.viewport().update()
        self.cursor_position_changed.emit(pos)


def _next_mark(tokens: tuple[np.ndarray, np.ndarray], edge: str, pos: int, step: int) -> Optional[int]:
    """The next token start (``edge`` "start") or end after ``pos``, or the one before if ``step`` < 0."""
    marks = tokens[0] if edge == "start" else tokens[1]
    if step > 0:
        i = int(np.searchsorted(marks, pos, side="right"))
        return int(marks[i]) if i < len(marks) else None
    i = int(np.searchsorted(marks, pos, side="left")) - 1
    return int(marks[i]) if i >= 0 else None
