"""Dock sizes relative to the window, the text at least half of it, sizes remembered
(ui/coding/dock_sizes.py, ui/coding/window_settings.py)."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ui.coding.dock_sizes import MIN_TEXT_SHARE
from ui.coding.main_window import MainWindow
from ui.shared.session import Session


def open_window(qtbot, project, width, height):
    window = MainWindow(Session(project), coder="Ana")
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    settle()
    return window


def settle():
    for _ in range(3):
        QApplication.processEvents()


def text_share(window) -> float:
    return window.centralWidget().width() / window.width()


@pytest.mark.parametrize("size", [(1024, 700), (1280, 800), (1920, 1080)])
def test_by_default_the_text_gets_more_than_half_and_every_dock_a_fair_share(qt_settings, qtbot, sample_project,
                                                                              size):
    window = open_window(qtbot, sample_project, *size)
    assert text_share(window) > 0.52
    for dock in (window.documents_dock, window.findChild(type(window.documents_dock), "codeDefinitionDock")):
        assert 0.12 * size[0] < dock.width() < 0.26 * size[0]
    assert window.annotations_dock.height() <= 0.3 * size[1]
    window.close()


def test_dock_sizes_are_remembered(qt_settings, qtbot, sample_project):
    window = open_window(qtbot, sample_project, 1280, 800)
    window.resizeDocks([window.documents_dock], [300], Qt.Horizontal)
    settle()
    chosen = window.documents_dock.width()
    assert abs(chosen - 300) <= 6
    window.close()
    again = open_window(qtbot, sample_project, 1280, 800)
    assert abs(again.documents_dock.width() - chosen) <= 2
    again.close()


def test_a_smaller_window_keeps_the_text_at_least_half(qt_settings, qtbot, sample_project):
    window = open_window(qtbot, sample_project, 1600, 900)
    window.resizeDocks([window.documents_dock], [600], Qt.Horizontal)      # a wide dock, remembered
    settle()
    window.close()
    again = open_window(qtbot, sample_project, 1600, 900)
    again.resize(1024, 700)                                                # then a small screen
    settle()
    assert text_share(again) >= MIN_TEXT_SHARE - 0.01
    assert again.documents_dock.width() > again.findChild(type(again.documents_dock), "codeDefinitionDock").width()
    again.close()


def test_the_documents_list_fits_its_columns_to_the_dock_until_the_user_sizes_one(qt_settings, qtbot, sample_project):
    window = open_window(qtbot, sample_project, 1280, 800)
    documents = window.document_list
    header, em = documents.header(), documents.fontMetrics().averageCharWidth()
    assert documents.horizontalScrollBar().maximum() == 0          # name, length and status all in view
    assert header.sectionSize(0) >= 14 * em
    header.resizeSection(0, 40 * em)                               # the user wants long names
    window.resize(1100, 800)
    settle()
    assert header.sectionSize(0) == 40 * em
    window.close()
