"""Persistent annotation highlights: a QSyntaxHighlighter over a SpanIndex.

For each block (paragraph) Qt asks to highlight, the highlighter asks the span index for the
spans overlapping it, cuts the block at every span boundary and calls ``setFormat`` once per
segment. It never touches the document's text or char formats.

Only blocks on screen are highlighted. The highlighter keeps the numbers of the blocks that are
up to date (``_fresh``; the text is read-only, so block numbers never shift); a change marks the
blocks it touches stale (:meth:`rehighlight_range`), a new look or layer marks them all stale
(:meth:`invalidate`), and :meth:`refresh` highlights the stale blocks among ``visible_blocks()``,
which the view calls after a change and as it scrolls or paints. Qt's own calls (every block
when the text is set) only mark a block stale. So loading, a layer toggle or a recolouring costs
the blocks in view, not the whole text, and a change off-screen costs nothing until it is seen.

How a segment looks (colour is never the only cue: tooltips and the annotations panel name
the codes):

- The current coder's annotations fill the background with the code's colour at
  ``OWN_ALPHA`` (40 %), alpha-composited over the palette's base colour in code order (so
  a combination of codes looks the same wherever it occurs). Two overlapping codes therefore
  give a mixed colour that differs from either alone, and a second layer of the same code is
  visibly stronger. Where two or more of the coder's own
  spans overlap, a solid underline in the innermost code's colour marks the nesting.
- Other coders' annotations (shown only when the layer toggle is on) get a much lighter fill
  (``OTHER_ALPHA``); the text view draws a dashed outline around them in the code's colour
  (``text_marks.py``), so they read as "someone else's" in both palettes. (A wavy underline
  was too thin to see on a dark Base.)
- Three or more layers at one place also get an overline.

Colours are composited over the palette's base (the view calls :meth:`set_base_colour` when
the palette or colour scheme changes), and a fill is moved back towards the base until the
palette's text on it has 4.5:1 contrast (WCAG's minimum for text), so black text on a light base
and light text on a dark base stay readable however many strong colours are stacked.
"""
from __future__ import annotations

from typing import Callable, Iterable, Optional

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextBlock, QTextCharFormat, QTextDocument

from annotator.spanindex import SpanIndex

from ..shared.contrast import behind_text, legible, mix
from ..shared.offsets import OffsetMap

OWN_ALPHA = 0.40
OTHER_ALPHA = 0.20
FALLBACK_COLOUR = "#999999"


blend = mix   # ``over`` at opacity ``alpha`` composited onto the opaque ``under``


class AnnotationHighlighter(QSyntaxHighlighter):
    """Highlights the spans of a :class:`SpanIndex` in a document showing one text."""

    def __init__(self, document: QTextDocument, index: SpanIndex, offsets: OffsetMap):
        super().__init__(document)
        self.index = index
        self.offsets = offsets
        self.own_coder_id: Optional[int] = None   # None: every span counts as the coder's own
        self.highlight_count = 0                  # blocks highlighted (tests, benchmarks)
        self.visible_blocks: Callable[[], Iterable[QTextBlock]] = self._every_block   # the view sets its own
        self._fresh: set[int] = set()             # numbers of the blocks highlighted as things are now
        self._eager = False                       # inside refresh(): highlightBlock paints
        self._colours: dict[int, QColor] = {}
        self._base = QColor("white")
        self._text = QColor("black")
        self._formats: dict[tuple, QTextCharFormat] = {}

    # ------------------------------------------------------------------ configuration
    def set_source(self, index: SpanIndex, offsets: OffsetMap) -> None:
        """Use another index and offset map (a new document); the caller re-highlights."""
        self.index, self.offsets = index, offsets

    def set_colours(self, colours: dict[int, str]) -> None:
        """Code id -> colour name (``#RRGGBB``); the caller re-highlights."""
        self._colours = {code: QColor(name) if QColor(name).isValid() else QColor(FALLBACK_COLOUR)
                         for code, name in colours.items()}
        self._formats.clear()

    def set_base_colour(self, base: QColor, text: Optional[QColor] = None) -> None:
        """The palette's Base, and its Text (kept readable on every fill); the caller re-highlights."""
        text = QColor(text) if text is not None else self._text
        if QColor(base) != self._base or text != self._text:
            self._base, self._text = QColor(base), text
            self._formats.clear()

    def set_own_coder(self, coder_id: Optional[int]) -> None:
        self.own_coder_id = coder_id

    def is_own(self, span) -> bool:
        return self.own_coder_id is None or span.coder_id == self.own_coder_id

    # ------------------------------------------------------------------ re-highlighting
    def invalidate(self) -> int:
        """Everything may look different (layers, colours, the base): mark every block stale and
        highlight those in view; return how many were highlighted."""
        self._fresh.clear()
        return self.refresh()

    def rehighlight_range(self, start: int, end: int) -> int:
        """The spans of code points ``start .. end`` changed: mark their blocks stale and highlight
        those in view; return how many were highlighted."""
        document = self.document()
        if document is None:
            return 0
        first = document.findBlock(self.offsets.to_utf16(min(start, self.offsets.length))).blockNumber()
        last = document.findBlock(self.offsets.to_utf16(min(max(start, end - 1), self.offsets.length)))
        self._fresh.difference_update(range(first, last.blockNumber() + 1))
        return self.refresh()

    def refresh(self) -> int:
        """Highlight the stale blocks among ``visible_blocks()``; return how many."""
        count = 0
        for block in self.visible_blocks():
            if block.blockNumber() not in self._fresh:
                self._eager = True
                try:
                    self.rehighlightBlock(block)
                finally:
                    self._eager = False
                count += 1
        return count

    def is_fresh(self, block: QTextBlock) -> bool:
        return block.blockNumber() in self._fresh

    def _every_block(self) -> Iterable[QTextBlock]:
        document = self.document()
        block = document.begin() if document is not None else QTextBlock()
        while block.isValid():
            yield block
            block = block.next()

    # ------------------------------------------------------------------ painting
    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        number = self.currentBlock().blockNumber()
        if not self._eager:             # Qt's own call (the text was set): highlighted when in view
            self._fresh.discard(number)
            return
        self._fresh.add(number)
        self.highlight_count += 1
        block_u16 = self.currentBlock().position()
        offsets = self.offsets
        cp0 = offsets.to_cp(block_u16)
        cp1 = cp0 + len(text)
        spans = self.index.overlapping(cp0, cp1)
        if not spans:
            return
        # sweep the block: events at every span boundary inside it
        cuts = sorted({cp0, cp1, *(max(s.start, cp0) for s in spans), *(min(s.end, cp1) for s in spans)})
        if offsets.is_identity:
            local = {p: p - block_u16 for p in cuts}
        else:
            local = dict(zip(cuts, (offsets.to_utf16_array(cuts) - block_u16).tolist()))
        by_start = spans  # the index returns them in start order
        by_end = sorted(spans, key=lambda s: s.end)
        active: dict[str, object] = {}
        i = j = 0
        for a, b in zip(cuts, cuts[1:]):
            while i < len(by_start) and by_start[i].start <= a:
                active[by_start[i].uuid] = by_start[i]
                i += 1
            while j < len(by_end) and by_end[j].end <= a:
                active.pop(by_end[j].uuid, None)
                j += 1
            if active:
                self.setFormat(local[a], local[b] - local[a], self._format_for(active.values()))

    def _format_for(self, covering) -> QTextCharFormat:
        # Codes are composited in code order, not nesting order, so a combination of codes
        # always looks the same wherever it occurs; the innermost span names the line colour.
        own, other, inner, inner_len = [], [], None, None
        for s in covering:
            (own if self.is_own(s) else other).append(s.code_id)
            if inner_len is None or s.end - s.start < inner_len:
                inner, inner_len = s, s.end - s.start
        key = (tuple(sorted(own)), tuple(sorted(other)), inner.code_id)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = self._formats[key] = self._build_format(*key)
        return fmt

    def colours(self) -> dict[int, QColor]:
        """Code id -> colour, as last set."""
        return dict(self._colours)

    def colour(self, code_id: int) -> QColor:
        return self._colours.get(code_id) or QColor(FALLBACK_COLOUR)

    def line_colour(self, code_id: int) -> QColor:
        """The code's colour for thin lines, moved towards black or white until it has 3:1
        contrast with the base (WCAG's minimum for graphics), so it stays visible."""
        return legible(self.colour(code_id), self._base)

    @property
    def base_colour(self) -> QColor:
        return QColor(self._base)

    @property
    def text_colour(self) -> QColor:
        return QColor(self._text)

    def fill(self, own: tuple[int, ...], other: tuple[int, ...] = ()) -> QColor:
        """The background of text under the codes ``own`` (the coder's) and ``other`` (others')."""
        fill = QColor(self._base)
        for code in other:
            fill = blend(fill, self.colour(code), OTHER_ALPHA)
        for code in own:
            fill = blend(fill, self.colour(code), OWN_ALPHA)
        return behind_text(fill, self._text, self._base)

    def _build_format(self, own: tuple[int, ...], other: tuple[int, ...], inner: int) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setBackground(self.fill(own, other))
        if len(own) >= 2:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(self.line_colour(inner))
        if len(own) + len(other) >= 3:
            fmt.setFontOverline(True)
        return fmt
