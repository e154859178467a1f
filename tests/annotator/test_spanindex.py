"""The span index answers exactly what a brute-force scan of a list answers."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from annotator.spanindex import Span, SpanIndex


def brute_overlapping(spans, start, end):
    if end <= start:
        return []
    hits = [s for s in spans if s.start < end and s.end > start]
    return sorted(hits, key=lambda s: (s.start, s.end, s.uuid))


def test_overlapping_and_at_on_a_small_example():
    index = SpanIndex([Span("a", 0, 10, 1, 1), Span("b", 5, 7, 2, 1), Span("c", 20, 30, 1, 2)], bin_size=4)
    assert [s.uuid for s in index.overlapping(6, 21)] == ["a", "b", "c"]
    assert [s.uuid for s in index.overlapping(10, 20)] == []  # half-open on both sides
    assert [s.uuid for s in index.at(6)] == ["b", "a"]  # innermost first
    assert index.at(7) == [index.get("a")]


def test_long_spans_are_found_and_removed():
    index = SpanIndex(bin_size=10, max_bins=3)
    index.add(Span("long", 0, 1_000, 1, 1))
    index.add(Span("short", 500, 505, 1, 1))
    assert [s.uuid for s in index.overlapping(502, 503)] == ["long", "short"]
    index.remove("long")
    assert [s.uuid for s in index.overlapping(0, 1_000)] == ["short"]


def test_duplicate_add_is_refused_and_update_moves():
    index = SpanIndex([Span("a", 0, 3, 1, 1)])
    with pytest.raises(ValueError):
        index.add(Span("a", 4, 5, 1, 1))
    index.update(Span("a", 100, 105, 2, 1))
    assert index.overlapping(0, 10) == []
    assert index.at(101)[0].code_id == 2
    with pytest.raises(KeyError):
        index.remove("missing")


def test_a_change_touches_only_the_bins_of_one_span():
    index = SpanIndex((Span(str(i), i * 100, i * 100 + 50, 1, 1) for i in range(10_000)), bin_size=512)
    before = {b: dict(members) for b, members in index._bins.items()}
    index.add(Span("new", 5_000, 5_040, 1, 1))
    changed = [b for b in index._bins if index._bins[b] != before.get(b)]
    assert changed == [5_000 // 512]


spans = st.builds(
    lambda i, start, length, code, coder: Span(f"u{i}", start, start + length, code, coder),
    st.integers(0, 10**6), st.integers(0, 3_000), st.integers(1, 2_000), st.integers(1, 4), st.integers(1, 2))


@settings(max_examples=200)
@given(st.lists(spans, unique_by=lambda s: s.uuid, max_size=60),
       st.integers(0, 4_000), st.integers(0, 3_000), st.sampled_from([1, 7, 64, 512]), st.integers(1, 5))
def test_overlapping_matches_brute_force(items, start, length, bin_size, max_bins):
    index = SpanIndex(items, bin_size=bin_size, max_bins=max_bins)
    assert index.overlapping(start, start + length) == brute_overlapping(items, start, start + length)
    assert sorted(index.at(start), key=lambda s: s.uuid) == sorted(
        brute_overlapping(items, start, start + 1), key=lambda s: s.uuid)


class IndexMachine(RuleBasedStateMachine):
    """Random adds, updates and removes keep the index equal to a plain dict of spans."""

    def __init__(self):
        super().__init__()
        self.index = SpanIndex(bin_size=16, max_bins=4)
        self.model: dict[str, Span] = {}
        self.counter = 0

    @rule(start=st.integers(0, 400), length=st.integers(1, 200), code=st.integers(1, 3))
    def add(self, start, length, code):
        self.counter += 1
        span = Span(f"s{self.counter}", start, start + length, code, 1)
        self.index.add(span)
        self.model[span.uuid] = span

    @precondition(lambda self: self.model)
    @rule(data=st.data(), start=st.integers(0, 400), length=st.integers(1, 200))
    def update(self, data, start, length):
        uuid = data.draw(st.sampled_from(sorted(self.model)))
        span = Span(uuid, start, start + length, 2, 1)
        self.index.update(span)
        self.model[uuid] = span

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def remove(self, data):
        uuid = data.draw(st.sampled_from(sorted(self.model)))
        assert self.index.remove(uuid) == self.model.pop(uuid)

    @rule(start=st.integers(0, 650), length=st.integers(0, 300))
    def query(self, start, length):
        assert self.index.overlapping(start, start + length) == brute_overlapping(
            self.model.values(), start, start + length)

    @invariant()
    def same_contents(self):
        assert len(self.index) == len(self.model)
        assert list(self.index) == sorted(self.model.values(), key=lambda s: (s.start, s.end, s.uuid))


TestIndexMachine = IndexMachine.TestCase
