"""Offsets are written one way in the whole app (issue 14, item 8): ``1,338–1,462`` from
``ui/shared/span_text.py``, never ``[1338–1462]`` or ``1338 to 1462`` made up by a window."""
from __future__ import annotations

import re
from pathlib import Path

from ui.shared.span_text import span_label, span_range, span_tip

UI = Path(__file__).resolve().parents[2] / "ui"
# Two f-string fields that look like the two ends of a span, joined by a dash or "to".
OWN_RANGE = re.compile(r"\{(?:\w+\.)?(?:start|a|lo|begin)\b[^{}]*\}\s*(?:–|-|—| to )\s*\{(?:\w+\.)?(?:end|b|hi|stop)\b")


def test_a_span_is_written_with_separators_and_an_en_dash():
    assert span_range(1338, 1462) == "1,338–1,462"
    assert span_range(0, 7) == "0–7"
    assert span_label("claim", 1338, 1462) == "claim at 1,338–1,462"
    assert "1,338–1,462" in span_tip(1338, 1462)


def test_no_window_writes_offsets_its_own_way():
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path.name == "span_text.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if OWN_RANGE.search(line):
                found.append(f"{path.relative_to(UI)}:{number}: {line.strip()}")
    assert found == []


def test_the_pattern_finds_the_forms_it_replaced():
    for line in ('f"{code} [{a}–{b}]"', 'f"{d.start:,}–{d.end:,}"', 'f"Characters {d.start} to {d.end}"',
                 'f"{annotation.start}–{annotation.end}: "', 'f"{segment.start}–{segment.end}</p>"'):
        assert OWN_RANGE.search(line), line
    assert not OWN_RANGE.search('f"~ tentative ({TENTATIVE:.3f}–{RELIABLE:.3f})"')
