"""A status message gets the whole status bar: a coder package's greeting is not cut off at 1024 px."""
from PySide6.QtWidgets import QApplication, QLabel

from annotator import Project
from annotator.packages import make_package
from ui.coding.main_window import MainWindow
from ui.shared.session import Session


def message_room(status) -> int:
    """The width Qt leaves a message: up to the first permanent label shown."""
    shown = [w.x() for w in status.findChildren(QLabel) if w.isVisible() and w.parent() is not None]
    return min(shown, default=status.width())


def test_a_packages_greeting_fits_at_1024_and_the_labels_come_back(qt_settings, qtbot, sample_project, tmp_path):
    path = tmp_path / "bea.annot"
    make_package(sample_project, "Bea Fernández-Oliveira", path)
    with Project.open(path) as package:
        window = MainWindow(Session(package))
        qtbot.addWidget(window)
        window.resize(1024, 700)
        window.show()
        qtbot.waitExposed(window)
        QApplication.processEvents()
        status = window.statusBar()
        message = status.currentMessage()
        assert message == window.package_greeting and "Bea Fernández-Oliveira" in message
        assert status.fontMetrics().horizontalAdvance(message) < message_room(status) - 8
        status.clearMessage()
        QApplication.processEvents()
        assert all(label.isVisible() for label in window.status_labels.labels)
        assert window.coder_label.text() == "Coder: Bea Fernández-Oliveira"
        window.close()
