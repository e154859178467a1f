"""View › Font…: the text's font, chosen in the font dialog, kept by zoom and remembered."""
from PySide6.QtGui import QFont

from ui.coding import text_font
from ui.coding.main_window import MainWindow
from ui.shared.session import Session


def choose(window, monkeypatch, font):
    monkeypatch.setattr(text_font.QFontDialog, "getFont",
                        lambda current, parent, title: (font is not None, font or current))
    window.font_action.trigger()


def test_a_chosen_font_is_used_kept_by_zoom_and_remembered(qt_settings, qtbot, monkeypatch, window, session):
    view = window.text_view
    system = view.font().family()
    choose(window, monkeypatch, QFont("DejaVu Serif", 15))
    assert (view.font().family(), view.font().pointSizeF()) == ("DejaVu Serif", 15)
    assert window.palette_view.font().family() == system         # only the text changes
    window.zoom(+1)
    assert (view.font().family(), view.font().pointSizeF()) == ("DejaVu Serif", 16)
    choose(window, monkeypatch, None)                              # cancelled: nothing changes
    assert (view.font().family(), view.font().pointSizeF()) == ("DejaVu Serif", 16)
    window.close()
    again = MainWindow(Session(session.project), coder="Ana")
    qtbot.addWidget(again)
    assert (again.text_view.font().family(), again.text_view.font().pointSizeF()) == ("DejaVu Serif", 16)
    again.zoom(0)                                                  # Actual Size keeps the family
    assert again.text_view.font().family() == "DejaVu Serif"
    assert "Font…" in [a.text().replace("&", "") for a in again.menu("View").actions()]
