"""The selection, find hits and other coders' outlines cannot be mistaken for a code's colour, in
the light and the dark palette: contrast ratios computed (WCAG 2.2), then checked on the pixels."""
import itertools
import json
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from test_text_view import add, make_view

from annotator.formats.records import PALETTE as IMPORT_PALETTE
from ui.codebook.codebook_editor import PALETTE as PICKER_PALETTE
from ui.coding import text_marks
from ui.shared import theme
from ui.shared.contrast import contrast_ratio

ROOT = Path(__file__).resolve().parents[2]
SCHEME = [c["color"] for c in json.loads((ROOT / "resources" / "default_scheme.json").read_text("utf-8"))["codes"]]
STEPS = (0, 51, 102, 153, 204, 255)
EVERY_COLOUR = ["#%02X%02X%02X" % rgb for rgb in itertools.product(STEPS, repeat=3)]  # 216, corners included
CODE_COLOURS = sorted(set(SCHEME) | set(PICKER_PALETTE) | set(IMPORT_PALETTE) | set(EVERY_COLOUR))
PALETTES = {"light": theme.light_palette, "dark": theme.dark_palette}


def fills(view):
    """Every fill a code colour can give on the view's palette, as its highlighter makes them: one
    layer of the coder's own, two and three stacked, another coder's, and the two together."""
    highlighter = view.highlighter
    highlighter.set_colours({i: name for i, name in enumerate(CODE_COLOURS)})
    for i, name in enumerate(CODE_COLOURS):
        for own, other in (((i,), ()), ((i, i), ()), ((i, i, i), ()), ((), (i,)), ((i,), (i,))):
            yield name, highlighter.fill(own, other)


@pytest.fixture(params=sorted(PALETTES))
def marked_view(request, qtbot, text_project):
    view = make_view(qtbot, text_project, coders=("Ana", "Ben"))
    view.setPalette(PALETTES[request.param]())
    return view


def test_text_stays_readable_on_every_fill(marked_view):
    text = marked_view.palette().color(QPalette.Text)
    assert min(contrast_ratio(text, fill) for _, fill in fills(marked_view)) >= 4.5


def test_the_schemes_codes_are_checked():
    assert "#0072B2" in CODE_COLOURS and "#F0E442" in CODE_COLOURS and len(CODE_COLOURS) > 216


def test_the_selection_is_neutral_and_unlike_every_code_fill(marked_view):
    palette = marked_view.palette()
    for group in (QPalette.Active, QPalette.Inactive):      # the same when the view loses focus
        background = palette.color(group, QPalette.Highlight)
        text = palette.color(group, QPalette.HighlightedText)
        assert background.hsvSaturation() == 0                # grey, never a hue a code could have
        assert contrast_ratio(text, background) >= 7           # WCAG AAA for the selected text
        worst = min(contrast_ratio(background, fill) for _, fill in fills(marked_view))
        assert worst >= 3, f"a code fill is within {worst:.2f}:1 of the selection"


def test_find_boxes_stand_out_from_base_and_every_fill(marked_view):
    palette = marked_view.palette()
    box = text_marks.find_colour(palette)
    assert box.hsvSaturation() == 0
    assert contrast_ratio(box, palette.color(QPalette.Base)) >= 4.5
    assert min(contrast_ratio(box, fill) for _, fill in fills(marked_view)) >= 3


def test_other_coders_outlines_have_graphics_contrast_for_every_code_colour(marked_view):
    base = marked_view.palette().color(QPalette.Base)
    highlighter = marked_view.highlighter
    highlighter.set_colours({i: name for i, name in enumerate(CODE_COLOURS)})
    ratios = {name: contrast_ratio(highlighter.line_colour(i), base) for i, name in enumerate(CODE_COLOURS)}
    assert min(ratios.values()) >= 3, min(ratios.items(), key=lambda item: item[1])


def on_top_edge(view, rect, colour: str) -> list[bool]:
    """For each pixel column along the top edge of ``rect`` (rendered), whether ``colour`` is there."""
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    rows = [y for y in range(int(rect.top() * ratio) - 2, int(rect.top() * ratio) + 3) if 0 <= y < image.height()]
    columns = range(int(rect.left() * ratio) + 3, int(rect.right() * ratio) - 3)
    return [any(QColor(image.pixel(x, y)).name() == colour for y in rows) for x in columns]


def test_find_hits_are_boxed_in_the_text_colour_and_not_filled(marked_view):
    view = marked_view
    add(view, 0, 60, "claim")                     # a coded passage with a hit inside it
    view.find("plan")
    view.select_span(0, 0)
    (start, end), = view.visible_find_hits()
    edge = on_top_edge(view, view._rects(start, end)[0], text_marks.find_colour(view.palette()).name())
    assert all(edge)                              # a solid frame
    assert not any(s.format.background().style() != 0 for s in view.extraSelections())


def test_other_coders_annotations_are_drawn_with_a_dashed_outline(marked_view):
    view = marked_view
    ben = view.session.project.coder("Ben").id
    add(view, 40, 60, "claim", coder=ben)
    view.session.set_show_other_coders(True)
    colour = view.highlighter.line_colour(view.session.project.code("claim").id).name()
    edge = on_top_edge(view, view._rects(40, 60)[0], colour)
    assert 0.3 < sum(edge) / len(edge) < 0.9, edge    # dashed: the outline's colour with gaps between
    view.session.set_show_other_coders(False)
    assert not any(on_top_edge(view, view._rects(40, 60)[0], colour))


def test_a_long_outlined_span_lays_out_only_what_is_in_view(qtbot, text_project):
    text = "".join(f"Paragraph {i} with a few words in it.\n" for i in range(5_000))
    view = make_view(qtbot, text_project, text=text, coders=("Ana", "Ben"))
    add(view, 0, len(text) - 1, "claim", coder=text_project.coder("Ben").id)
    view.session.set_show_other_coders(True)
    view.viewport().grab()                       # paints the outline
    block, laid_out = view.document().begin(), 0
    while block.isValid():
        laid_out += block.layout().lineCount() > 0
        block = block.next()
    assert view.others_in_view() and laid_out < 300
