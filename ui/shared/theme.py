"""Light and dark palettes that follow the system, and a readable default font.

Qt 6.5+ reports the system's scheme through ``QStyleHints.colorScheme()``. When it is dark
we use the Fusion style with a dark palette (native styles on Linux often ignore a dark
palette); when it is light or unknown we keep the platform's own style and palette.
Code colours are drawn by the highlighter against ``QPalette.Base``, so everything here
is chosen for contrast with that base.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory, QStyleOptionButton

LIGHT, DARK = "light", "dark"

_DARK_COLOURS = {
    QPalette.Window: "#2b2d30",
    QPalette.WindowText: "#e6e6e6",
    QPalette.Base: "#1e1f22",
    QPalette.AlternateBase: "#26282b",
    QPalette.ToolTipBase: "#3c3f41",
    QPalette.ToolTipText: "#f0f0f0",
    QPalette.PlaceholderText: "#9a9a9a",
    QPalette.Text: "#e6e6e6",
    QPalette.Button: "#33353a",
    QPalette.ButtonText: "#e6e6e6",
    QPalette.BrightText: "#ff6b6b",
    QPalette.Light: "#45484d",
    QPalette.Midlight: "#3a3d41",
    QPalette.Mid: "#2f3134",
    QPalette.Dark: "#1a1b1d",
    QPalette.Shadow: "#0d0d0e",
    QPalette.Highlight: "#3d6fb4",
    QPalette.HighlightedText: "#ffffff",
    QPalette.Link: "#7fb2ff",
    QPalette.LinkVisited: "#c29bff",
}
_DARK_DISABLED = {
    QPalette.WindowText: "#7b7e83",
    QPalette.Text: "#7b7e83",
    QPalette.ButtonText: "#7b7e83",
    QPalette.HighlightedText: "#a0a0a0",
    QPalette.Highlight: "#3a3d41",
}


_CHECK_FRAME = "#8c8f94"    # Fusion darkens the window colour for a check box's frame; this one reads on Base


class DarkFusion(QProxyStyle):
    """Fusion with check boxes whose frame shows on the dark palette: Fusion draws the frame in
    the window colour darkened, which on the dark Base is invisible, so an unticked item of a
    list or tree (codes, coders) looked like an item without a box."""

    def __init__(self):
        super().__init__(QStyleFactory.create("Fusion"))

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # noqa: N802 (Qt's name)
        if element == QStyle.PE_IndicatorCheckBox:   # item views' check boxes are drawn as this too
            option = QStyleOptionButton(option)
            option.palette.setColor(QPalette.Window, QColor(_CHECK_FRAME))
        super().drawPrimitive(element, option, painter, widget)


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK_COLOURS.items():
        palette.setColor(QPalette.All, role, QColor(colour))
    for role, colour in _DARK_DISABLED.items():
        palette.setColor(QPalette.Disabled, role, QColor(colour))
    return palette


def light_palette() -> QPalette:
    """Fusion's own light palette: neutral, high contrast, the same on every platform."""
    return QStyleFactory.create("Fusion").standardPalette()


def system_scheme() -> str:
    scheme = QGuiApplication.styleHints().colorScheme()
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.Base).lightness() < 128


def apply_scheme(app: QApplication, scheme: str | None = None) -> str:
    """Apply ``scheme`` (light/dark; default: the system's) and return the one applied."""
    scheme = scheme or system_scheme()
    if scheme == DARK:
        app.setStyle(DarkFusion())
        app.setPalette(dark_palette())
    elif app.property("annotator_forced_fusion"):
        app.setPalette(light_palette())
    else:
        app.setPalette(app.style().standardPalette())
    app.setProperty("annotator_forced_fusion", scheme == DARK or app.property("annotator_forced_fusion"))
    return scheme


def follow_system_scheme(app: QApplication) -> None:
    """Apply the system scheme now and whenever the user switches it."""
    apply_scheme(app)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_scheme(app))


def readable_font() -> QFont:
    """The platform's UI font, never smaller than 10 points (offscreen reports 9)."""
    font = QFontDatabase.systemFont(QFontDatabase.GeneralFont)
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    return font


def text_font(point_size: float | None = None) -> QFont:
    """A comfortable reading font for the document text (proportional, a little larger)."""
    font = QFont(readable_font())
    font.setPointSizeF(point_size or max(11.0, font.pointSizeF() + 1))
    return font
