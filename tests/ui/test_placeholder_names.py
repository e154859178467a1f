"""The placeholder-name rule (ui/shared/dialogs.py): one rule, the same for every label-like name."""

import pytest

from ui.shared import dialogs

PLACEHOLDERS = ["", "   ", "A", "B", "b", "x", "Z", "7", "Ä", "ж", "Coder", "coder 1", "Coder2", "CODER B", "coder_b",
                "Coder #3", "rater A", "Rater-2", "user", "user 3", "Annotator 12", "test", "test1", "me", "Anonymous",
                "new coder", "your name"]
NAMES = ["Ana", "Ana Silva", "AS", "Bo", "Mel", "Mei", "Names", "Coderre", "Ben", "Anna B", "李", "Testa",
         "Maria-José", "Dr. A", "Userman"]


@pytest.mark.parametrize("name", PLACEHOLDERS)
def test_label_like_names_are_placeholders(name):
    assert dialogs.is_placeholder_name(name)


@pytest.mark.parametrize("name", NAMES)
def test_real_names_and_initials_are_not(name):
    assert not dialogs.is_placeholder_name(name)


def test_every_single_letter_is_treated_alike():
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    assert [dialogs.is_placeholder_name(c) for c in letters + letters.lower()] == [True] * 52
