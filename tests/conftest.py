"""Suite-wide setup: Qt runs offscreen (set before any Qt import); fixtures live next to their tests."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# Property tests draw the same examples on every run unless HYPOTHESIS_PROFILE=explore: CI on a
# clean clone must pass or fail on the code, not on the draw. Run the explore profile (random
# seeds, more examples) when changing what a property test covers; add what it finds as @example.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", max_examples=5_000, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(items):
    # The offscreen platform warns that it cannot propagate size hints or raise windows.
    for item in items:
        item.add_marker(pytest.mark.qt_log_ignore("This plugin does not support"))
