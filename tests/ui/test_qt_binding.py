"""Guards against a broken Qt binding: PySide6 6.12.0 on CPython 3.11 loses a reference to None
on every void method call, and a long session then aborts ("Fatal Python error: none_dealloc").
pyproject.toml pins below it; this test fails if a version with that bug is installed."""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint  # noqa: E402


def test_void_qt_calls_keep_none_alive():
    point = QPoint()
    before = sys.getrefcount(None)
    for value in range(1000):
        point.setX(value)
    assert sys.getrefcount(None) - before > -10, "this PySide6 build leaks references to None"
