"""Going from an analysis window to the text: the coding window opens the document and selects
the span (code points; the text view converts to Qt's UTF-16 positions in ui/shared/offsets.py)."""
from __future__ import annotations


def show_span(session, text_view, document_id: int, start: int, end: int) -> None:
    """Show the document in the coding window with ``start .. end`` selected."""
    session.select_document(document_id)
    if text_view is not None and text_view.document_id == document_id:
        text_view.select_span(start, end)
