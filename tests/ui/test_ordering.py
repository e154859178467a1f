"""How lists order names and attribute values (ui/shared/ordering.py)."""
from __future__ import annotations

from ui.shared.ordering import natural_key, ordered, value_key


def test_names_sort_naturally_ignoring_case():
    names = ["doc 10", "Doc 2", "doc 1", "appendix", "doc 2b"]
    assert sorted(names, key=natural_key) == ["appendix", "doc 1", "Doc 2", "doc 2b", "doc 10"]


def test_values_sort_by_kind_numbers_then_dates_then_text():
    values = ["Weekly", "2024-03-03", 12, "daily", 3.5, "2023-12-31", 100, True, "2024-02-30"]
    assert sorted(values, key=value_key) == [3.5, 12, 100, "2023-12-31", "2024-03-03",
                                             "2024-02-30", "daily", True, "Weekly"]   # not a real day: text


def test_missing_values_come_last_in_both_directions_in_their_order():
    items = [("a", 3), ("b", None), ("c", 1), ("d", None), ("e", 2)]
    key = lambda item: None if item[1] is None else (item[1],)  # noqa: E731
    assert [n for n, _ in ordered(items, key, descending=False)] == ["c", "e", "a", "b", "d"]
    assert [n for n, _ in ordered(items, key, descending=True)] == ["a", "e", "c", "b", "d"]


def test_equal_keys_keep_their_order_both_ways():
    items = [("x", 1), ("y", 1), ("z", 0)]
    assert [n for n, _ in ordered(items, lambda i: (i[1],), descending=True)] == ["x", "y", "z"]
