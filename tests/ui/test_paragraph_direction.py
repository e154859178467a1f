"""Each paragraph is aligned by its own direction (ui/coding/paragraph_direction.py)."""
from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor
from test_text_view import make_view

TEXT = ("An English paragraph that reads left to right.\n\n"
        "ارتفعت الاعتقالات بنسبة 50٪ في المدينة هذا العام، وقالت الشرطة إن الأرقام ستنشر قريبا.\n\n"
        "המחיר עלה ב-50% השנה.\n\n"
        "«Arabic in quotes» starts with a Latin letter, so it reads left to right.\n")


def line_edges(view, paragraph: int):
    """(left, right) in viewport pixels of each line of the paragraph-th block (blank ones counted)."""
    block = view.document().findBlockByNumber(paragraph)
    view.blockBoundingRect(block)
    layout = block.layout()
    offset = view.contentOffset().x()
    return [(line.naturalTextRect().left() + offset, line.naturalTextRect().right() + offset)
            for line in (layout.lineAt(i) for i in range(layout.lineCount()))]


def test_right_to_left_paragraphs_are_aligned_right_and_others_left(qtbot, text_project):
    view = make_view(qtbot, text_project, text=TEXT)
    margin = view.document().documentMargin()
    right = view.viewport().width() - margin
    for paragraph in (0, 6):
        assert all(abs(left - margin) < 1 for left, _ in line_edges(view, paragraph))
    for paragraph in (2, 4):
        edges = line_edges(view, paragraph)
        assert edges and all(abs(r - right) < 1.5 for _, r in edges), edges
    view.resize(420, 400)                                  # narrower: laid out again, still right
    edges = line_edges(view, 2)
    assert len(edges) >= 2 and all(abs(r - (view.viewport().width() - margin)) < 1.5 for _, r in edges)


def test_the_cursor_and_clicks_follow_the_moved_lines(qtbot, text_project):
    view = make_view(qtbot, text_project, text=TEXT)
    start = TEXT.index("המחיר")
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    assert view.cursorRect(cursor).x() > view.viewport().width() * 0.8       # a Hebrew line starts at the right
    rect = view.cursorRect(cursor)
    assert view.position_at(QPoint(rect.x() - 3, rect.center().y())) == start    # a click there is on it
