"""The dark scheme: an unticked check box in a list (codes, coders) shows its frame on the
dark Base colour; Fusion's own frame, the window colour darkened, did not."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QListWidget, QListWidgetItem

from ui.shared import theme


def brightest(widget) -> int:
    image = widget.grab().toImage()
    return max(QColor(image.pixel(x, y)).lightness() for x in range(image.width()) for y in range(image.height()))


def test_an_unticked_item_shows_its_box_on_the_dark_palette(qtbot):
    app = QApplication.instance()
    style, palette, forced = app.style().name(), QPalette(app.palette()), app.property("annotator_forced_fusion")
    try:
        theme.apply_scheme(app, theme.DARK)
        ticks = QListWidget()
        qtbot.addWidget(ticks)
        item = QListWidgetItem("")          # no text: only the box can be seen
        item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable)
        item.setCheckState(Qt.Unchecked)
        ticks.addItem(item)
        ticks.setFrameShape(QListWidget.NoFrame)
        ticks.resize(120, 40)
        ticks.show()
        base = app.palette().color(QPalette.Base).lightness()
        assert brightest(ticks) >= base + 60
    finally:
        app.setStyle(style)
        app.setPalette(palette)
        app.setProperty("annotator_forced_fusion", forced)
