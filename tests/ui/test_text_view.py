"""The text view, driven with real key and mouse events where possible (offscreen)."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor

from annotator.commands import AddAnnotation
from ui.coding.text_view import TextView
from ui.shared.session import Session

TEXT = ("The minister said the plan is fair. Critics called it a tax on the countryside.\n"
        "Second paragraph with more words here.\n"
        "Third paragraph closes the text.\n")


def make_view(qtbot, project, text=TEXT, coders=("Ana",)):
    document = project.document(project.import_text(text, "doc").document_id)
    ids = [project.add_coder(name).id for name in coders]
    session = Session(project)
    session.select_coder(ids[0])
    session.select_document(document.id)
    view = TextView(session)
    qtbot.addWidget(view)
    view.resize(700, 400)
    view.show()
    qtbot.waitExposed(view)
    view.load_document(document)
    return view


def code_id(project, name):
    return project.code(name).id


def add(view, start, end, code="claim", coder=None):
    session = view.session
    command = AddAnnotation(view.document_id, coder or session.coder_id, code_id(session.project, code), start, end)
    assert session.push(command)
    return command.uuid


def point_of(view, cp):
    """Viewport point on the character at code point ``cp``."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view._offsets.to_utf16(cp))
    rect = view.cursorRect(cursor)
    return QPoint(rect.x() + 2, rect.center().y())


def formats_of(block):
    """{start: copied QTextCharFormat} of one block (copies outlive the FormatRange list)."""
    ranges = block.layout().formats()
    return {r.start: QTextCharFormat(r.format) for r in ranges}


def formatted_ranges(view):
    """(utf16 start, utf16 end, background) of every highlighter format in the document."""
    out = []
    block = view.document().begin()
    while block.isValid():
        ranges = block.layout().formats()
        for r in ranges:
            out.append((block.position() + r.start, block.position() + r.start + r.length,
                        r.format.background().color().name()))
        block = block.next()
    return out


def outlined(view):
    """The spans (code points) the view outlines as other coders' annotations."""
    return [(s.start, s.end) for s in view.others_in_view()]


def highlighted_text(view, ranges):
    pieces = []
    for a, b, _ in ranges:
        cursor = QTextCursor(view.document())
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.KeepAnchor)
        pieces.append(cursor.selectedText().replace("\u2029", "\n"))
    return "".join(pieces)


# ---------------------------------------------------------------- selecting and coding

def test_keyboard_selection_snaps_to_tokens_unless_exact(qtbot, text_project):
    view = make_view(qtbot, text_project)
    view.select_span(5, 5)       # cursor inside "minister"
    for _ in range(5):
        qtbot.keyClick(view, Qt.Key_Right, Qt.ShiftModifier)
    assert view.selected_span(exact=True) == (5, 10)
    assert view.selected_span() == (4, 12)          # "minister" whole
    view.exact_mode = True
    assert view.selected_span() == (5, 10)


def test_mouse_drag_selects_and_pressing_a_code_adds_a_highlight(qtbot, text_project):
    view = make_view(qtbot, text_project)
    start, end = TEXT.index("Critics"), TEXT.index(" called")
    qtbot.mousePress(view.viewport(), Qt.LeftButton, pos=point_of(view, start))
    qtbot.mouseMove(view.viewport(), pos=point_of(view, end - 1) + QPoint(6, 0))
    qtbot.mouseRelease(view.viewport(), Qt.LeftButton, pos=point_of(view, end - 1) + QPoint(6, 0))
    span = view.selected_span()
    assert span == (start, end)
    with qtbot.waitSignal(view.session.changed):
        add(view, *span)
    ranges = formatted_ranges(view)
    assert highlighted_text(view, ranges) == "Critics"
    assert [a.start for a in text_project.annotations()] == [start]


def test_nothing_selected_or_only_spaces_gives_none(qtbot, text_project):
    view = make_view(qtbot, text_project, text="one   two")
    assert view.selected_span() is None
    view.select_span(3, 6)
    assert view.selected_span() is None
    assert view.selected_span(exact=True) == (3, 6)


def test_double_click_selects_a_token_and_sentence_mode_a_sentence(qtbot, text_project):
    view = make_view(qtbot, text_project)
    pos = TEXT.index("countryside") + 3
    qtbot.mouseDClick(view.viewport(), Qt.LeftButton, pos=point_of(view, pos))
    assert view.selected_span(exact=True) == (TEXT.index("countryside"), TEXT.index("countryside") + 11)
    view.sentence_mode = True
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=point_of(view, TEXT.index("called")))
    assert view.selected_span(exact=True) == (TEXT.index("Critics"), TEXT.index("countryside.") + 12)


# ---------------------------------------------------------------- highlights

def test_overlapping_annotations_blend_into_a_third_colour(qtbot, text_project):
    view = make_view(qtbot, text_project)
    add(view, 0, 20, "claim")
    add(view, 10, 30, "attack")
    ranges = formatted_ranges(view)
    assert [(a, b) for a, b, _ in ranges] == [(0, 10), (10, 20), (20, 30)]
    claim, both, attack = (colour for _, _, colour in ranges)
    assert len({claim, both, attack}) == 3
    base = view.palette().color(QPalette.Base).name()
    assert base not in (claim, both, attack)
    overlap = formats_of(view.document().begin())[10]
    assert overlap.underlineStyle() != overlap.UnderlineStyle.NoUnderline   # nesting cue besides colour


def test_emoji_and_crlf_origin_text_highlight_exactly_the_annotated_characters(qtbot, text_project):
    raw = "😊 Intro 👍🏽 line\r\nWe must act now 😊, she said.\r\n𝐁old 🇪🇺 words end\r\n"
    view = make_view(qtbot, text_project, text=raw)
    text = view.text
    assert "\r" not in text
    spans = [(text.index("she said"), text.index("she said") + 8), (text.index("must"), text.index("now") + 3),
             (text.index("👍🏽"), text.index("line") + 4), (text.index("𝐁old"), text.index("words") + 5)]
    for start, end in spans:
        view.set_current_annotation("")
        uuid = add(view, start, end, "claim")
        one = [r for r in formatted_ranges(view)]
        assert text[start:end] in highlighted_text(view, one)
        view.select_span(start, end)
        assert view.textCursor().selectedText().replace("\u2029", "\n") == text[start:end]
        assert view.selected_span(exact=True) == (start, end)
        text_project.delete_annotation(uuid)
        view.refresh_layers()
        assert formatted_ranges(view) == []


def test_a_change_rehighlights_only_the_blocks_it_touches(qtbot, text_project):
    text = "".join(f"Paragraph number {i} has some words in it.\n" for i in range(500))
    view = make_view(qtbot, text_project, text=text)
    for i in range(0, 500, 5):
        start = text.index(f"number {i} ")
        add(view, start, start + 6, "claim")
    view.select_span(text.index("number 250 "), text.index("number 250 ") + 6)   # paragraph 250 in view
    before = view.highlighter.highlight_count
    start = text.index("number 250 ")
    add(view, start, text.index("number 251 ") + 6, "attack")   # crosses into the next block
    assert view.highlighter.highlight_count - before == 2
    before = view.highlighter.highlight_count
    view.session.undo_stack.undo()
    assert view.highlighter.highlight_count - before == 2
    assert all(colour != "" for *_, colour in formatted_ranges(view))


def test_only_blocks_in_view_are_highlighted_and_the_rest_as_they_come_into_view(qtbot, text_project):
    text = "".join(f"Paragraph number {i} has some words in it.\n" for i in range(500))
    view = make_view(qtbot, text_project, text=text)
    shown = len(list(view._visible_blocks()))
    assert 0 < shown < 100 and view.highlighter.highlight_count <= shown + 1
    far = text.index("number 400 ")
    before = view.highlighter.highlight_count
    add(view, far, far + 6, "attack")                  # off-screen: nothing is highlighted yet
    view.session.set_show_other_coders(True)           # a new layer: only what is in view
    assert view.highlighter.highlight_count - before <= shown + 1
    block = view.document().findBlock(far)
    assert not view.highlighter.is_fresh(block)
    view.select_span(far, far + 6)                     # scrolled there: highlighted before it is painted
    assert view.highlighter.is_fresh(block)
    fills = {r.format.background().color().name() for r in block.layout().formats()}
    assert fills and view.highlighter.base_colour.name() not in fills


def test_a_document_reads_only_the_annotations_near_what_is_shown(qtbot, text_project, monkeypatch):
    text = "".join(f"Paragraph number {i} has some words in it.\n" for i in range(4000))
    view = make_view(qtbot, text_project, text=text)
    starts = [text.index(f"number {i} ") for i in range(0, 4000, 4)]
    with text_project.batch():
        for start in starts:
            text_project.annotate(view.document_id, start, start + 6, "claim", "Ana")
    reads = []
    annotations = text_project.annotations
    monkeypatch.setattr(text_project, "annotations",
                        lambda *a, **k: reads.extend(annotations(*a, **k)) or annotations(*a, **k))
    view.refresh_layers()                                # as after a coder switch: read afresh
    assert 0 < len(reads) < len(starts) // 4
    last = starts[-1]
    far = text.index("number 3001 ")
    add(view, far, far + 6, "attack")                    # a change where nothing was read yet
    assert view.annotation_labels(last) == ["claim (Ana)"]          # read when it is needed
    view.select_span(far, far + 6)
    assert view.annotation_labels(far) == ["attack (Ana)"] and view.highlighter.is_fresh(view.textCursor().block())
    assert len(reads) < len(starts) // 2


def test_a_million_character_document_loads_with_its_highlights(qtbot, text_project):
    paragraph = "A long speech about trains, buses and fairness for the regions 😊. " * 8 + "\n"
    text = paragraph * (1_000_000 // len(paragraph) + 1)
    document = text_project.document(text_project.import_text(text, "big").document_id)
    coder = text_project.add_coder("Ana")
    with text_project.batch():
        for i in range(0, len(text) - 100, len(text) // 2000):
            text_project.annotate(document, i, i + 40, "claim", coder)
    session = Session(text_project)
    session.select_coder(coder.id)
    view = TextView(session)
    qtbot.addWidget(view)
    view.load_document(document)
    assert len(view.text) >= 1_000_000
    assert view.document().characterCount() - 1 == view._offsets.utf16_length
    last = text_project.annotations()[-1]
    view.select_span(last.start, last.end)
    assert view.textCursor().selectedText() == text[last.start:last.end]
    block = view.document().findBlock(view._offsets.to_utf16(last.start))
    assert block.layout().formats()


def test_other_coders_layer_is_shown_only_when_toggled_and_looks_different(qtbot, text_project):
    view = make_view(qtbot, text_project, coders=("Ana", "Ben"))
    ben = text_project.coder("Ben").id
    add(view, 0, 12, "claim")
    add(view, 40, 60, "claim", coder=ben)
    assert [(a, b) for a, b, _ in formatted_ranges(view)] == [(0, 12)]
    view.session.set_show_other_coders(True)
    ranges = formatted_ranges(view)
    assert [(a, b) for a, b, _ in ranges] == [(0, 12), (40, 60)]
    assert ranges[0][2] != ranges[1][2]
    assert outlined(view) == [(40, 60)]       # Ben's is outlined (ui/coding/text_marks.py), Ana's filled
    view.session.select_coder(ben)            # Ben's view: his own is filled, Ana's is outlined
    assert outlined(view) == [(0, 12)]
    view.session.set_show_other_coders(False)
    assert [(a, b) for a, b, _ in formatted_ranges(view)] == [(40, 60)]


def test_colours_follow_a_palette_change(qtbot, text_project):
    view = make_view(qtbot, text_project)
    add(view, 0, 12, "claim")
    light = formatted_ranges(view)[0][2]
    palette = view.palette()
    palette.setColor(QPalette.Base, QColor("#1e1f22"))
    palette.setColor(QPalette.Text, QColor("#e6e6e6"))
    view.setPalette(palette)
    dark = formatted_ranges(view)[0][2]
    assert dark != light and QColor(dark).lightnessF() < 0.5 < QColor(light).lightnessF()


# ---------------------------------------------------------------- clicking and adjusting

def test_clicking_a_span_emits_its_uuid_innermost_first_then_cycles(qtbot, text_project):
    view = make_view(qtbot, text_project)
    outer = add(view, 0, 35, "claim")
    inner = add(view, 4, 12, "attack")
    with qtbot.waitSignal(view.annotation_clicked) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=point_of(view, 6))
    assert blocker.args == [inner]
    assert view.selected_annotation_uuid == inner
    with qtbot.waitSignal(view.annotation_clicked) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=point_of(view, 6))
    assert blocker.args == [outer]
    with qtbot.waitSignal(view.annotation_clicked) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=point_of(view, 20))
    assert blocker.args == [outer]
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=point_of(view, TEXT.index("countryside")))
    assert view.selected_annotation_uuid == ""
    assert view.session.annotation_uuid == ""


def test_current_annotation_is_an_extra_selection_and_follows_the_session(qtbot, text_project):
    view = make_view(qtbot, text_project)
    uuid = add(view, 4, 12, "claim")
    view.session.select_annotation(uuid)
    assert view.selected_annotation_uuid == uuid
    [selection] = view.extraSelections()
    assert (selection.cursor.selectionStart(), selection.cursor.selectionEnd()) == (4, 12)


def test_keyboard_moves_the_current_annotations_boundaries_by_tokens_undoably(qtbot, text_project):
    view = make_view(qtbot, text_project)
    uuid = add(view, 4, 12, "claim")                     # "minister"
    view.set_current_annotation(uuid)
    qtbot.keyClick(view, Qt.Key_Right, Qt.ControlModifier | Qt.ShiftModifier)
    assert (text_project.annotation(uuid).start, text_project.annotation(uuid).end) == (4, 17)   # + "said"
    qtbot.keyClick(view, Qt.Key_Left, Qt.ControlModifier | Qt.AltModifier)
    assert text_project.annotation(uuid).start == 0                                       # + "The"
    qtbot.keyClick(view, Qt.Key_Left, Qt.ControlModifier | Qt.AltModifier)
    assert text_project.annotation(uuid).start == 0                                       # nothing before
    ranges = formatted_ranges(view)
    assert highlighted_text(view, ranges) == "The minister said"
    view.session.undo_stack.undo()
    view.session.undo_stack.undo()
    assert (text_project.annotation(uuid).start, text_project.annotation(uuid).end) == (4, 12)
    assert highlighted_text(view, formatted_ranges(view)) == "minister"
    assert view.selected_annotation_uuid == uuid


def test_tooltip_lists_every_annotation_at_a_point(qtbot, text_project):
    view = make_view(qtbot, text_project, coders=("Ana", "Ben"))
    view.session.set_show_other_coders(True)
    add(view, 0, 35, "claim")
    text_project.annotate(view.document_id, 4, 12, "attack", "Ben", memo="sarcastic <tone>")
    view.refresh_layers()
    tip = view.tooltip_text(6)
    for words in ("claim", "attack", "Ana", "Ben", "sarcastic &lt;tone&gt;"):
        assert words in tip
    assert "attack" not in view.tooltip_text(20)
    assert view.tooltip_text(TEXT.index("countryside")) == ""


# ---------------------------------------------------------------- find, zoom, status

def test_find_highlights_all_hits_and_steps_through_them(qtbot, text_project):
    view = make_view(qtbot, text_project)
    assert view.find("the") == 4          # The minister, the plan, the countryside, the text
    hits = view.find_hits
    assert [TEXT[a:b] for a, b in hits] == ["The", "the", "the", "the"]
    assert view.visible_find_hits() == hits and view.extraSelections() == []    # boxed, not filled
    assert view.selected_span(exact=True) == hits[0]
    view.find_next()
    assert view.selected_span(exact=True) == hits[1]
    view.find_previous()
    view.find_previous()
    assert view.selected_span(exact=True) == hits[-1]    # wraps around
    view.clear_find()
    assert view.visible_find_hits() == []
    assert view.find("absent words") == 0


def test_find_in_a_long_text_keeps_extra_selections_to_the_viewport(qtbot, text_project):
    view = make_view(qtbot, text_project, text="the word. " * 50_000)
    assert view.find("word") == 50_000
    assert 0 < len(view.visible_find_hits()) < 2_000


def test_font_size_and_zoom(qtbot, text_project):
    view = make_view(qtbot, text_project)
    view.set_font_size(15)
    assert view.font_size() == 15
    view.zoom_in()
    view.zoom_out()
    view.zoom_out()
    assert view.font_size() == 14


def test_cursor_position_is_reported_in_code_points(qtbot, text_project):
    view = make_view(qtbot, text_project, text="😊😊 ab")
    with qtbot.waitSignal(view.cursor_position_changed) as blocker:
        view.select_span(3, 4)
    assert blocker.args == [4]
