"""Suite-wide setup: Qt runs offscreen (set before any Qt import); fixtures live next to their tests."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


def pytest_collection_modifyitems(items):
    # The offscreen platform warns that it cannot propagate size hints or raise windows.
    for item in items:
        item.add_marker(pytest.mark.qt_log_ignore("This plugin does not support"))
