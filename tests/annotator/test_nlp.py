"""Text services: tokens, sentences, snapping, long texts, lazy spaCy import, caching."""

import random
import subprocess
import sys
import threading
import time
import types
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import annotator.nlp as nlp_module
from annotator.attached import NO_BREAK_SPACES
from annotator.errors import AnnotatorError, InvalidSpanError
from annotator.nlp import (
    CACHE_SIZE,
    ModelFallbackWarning,
    TextServices,
    UnknownLanguageError,
    chunk_bounds,
    get_services,
)

EMOJI = "\U0001F60A\U0001F1E9\U0001F1EA "  # astral characters: 3 code points, 6 UTF-16 units
TEXT = EMOJI + "We must act now, she said.  Fairness\u00a0demands it!\n\nSecond paragraph here."


@pytest.fixture(scope="module")
def services():
    return get_services("en")


def words(services, text):
    starts, ends = services.tokens(text)
    return [text[a:b] for a, b in zip(starts.tolist(), ends.tolist())]


def test_importing_the_module_does_not_import_spacy():
    code = "import annotator.nlp, sys; assert 'spacy' not in sys.modules, 'spacy imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_services_are_cached_per_language_and_model(services):
    assert get_services("en") is services
    assert get_services("en", None) is services
    assert get_services("de") is not services and get_services("de").language == "de"


# --- tokens ---------------------------------------------------------------------------------

def test_tokens_are_code_point_offsets_without_whitespace(services):
    starts, ends = services.tokens(TEXT)
    assert starts.dtype == np.int64 and ends.dtype == np.int64
    assert words(services, TEXT)[:6] == ["\U0001F60A", "\U0001F1E9\U0001F1EA", "We", "must", "act", "now"]
    assert starts[2] == 4  # after 3 code points and a space (it would be 7 in UTF-16 units)
    assert "Fairness" in words(services, TEXT) and "demands" in words(services, TEXT)  # NBSP splits
    assert all(not w.isspace() and w == w.strip() for w in words(services, TEXT))


def test_tokens_keep_combining_marks_and_right_to_left_text(services):
    text = "cafe\u0301 \u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd\tn\u0303o"
    assert words(services, text) == ["cafe\u0301", "\u0645\u0631\u062d\u0628\u0627", "\u05e9\u05dc\u05d5\u05dd",
                                     "n\u0303o"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("\U0001F1E9\U0001F1EA\U0001F1EB\U0001F1F7 flags", ["\U0001F1E9\U0001F1EA", "\U0001F1EB\U0001F1F7", "flags"]),
        ("\U0001F44D\U0001F3FD ok", ["\U0001F44D\U0001F3FD", "ok"]),  # skin tone
        ("\U0001F468\u200d\U0001F469\u200d\U0001F467 family", ["\U0001F468\u200d\U0001F469\u200d\U0001F467", "family"]),
        ("\u2764\ufe0f love", ["\u2764\ufe0f", "love"]),  # variation selector
        ("(\u0301)", ["(\u0301", ")"]),  # a mark after punctuation
        ("\U0001F60A\U0001F60A said.", ["\U0001F60A", "\U0001F60A", "said", "."]),  # not joined
    ],
)
def test_tokens_never_cut_a_visible_character_in_half(services, text, expected):
    assert words(services, text) == expected


def test_empty_and_whitespace_texts_have_no_tokens(services):
    for text in ("", "   \n\n\t"):
        starts, ends = services.tokens(text)
        assert len(starts) == len(ends) == 0
        assert services.sentences(text) == []


def test_token_arrays_are_cached_and_read_only(services):
    text = "Cache me if you can. " * 10
    first = services.tokens(text)
    assert services.tokens(text) is first
    assert services.tokens("".join(list(text))) is first  # an equal, different str object
    with pytest.raises(ValueError):
        first[0][0] = 99


def test_cache_keeps_only_the_most_recent_texts(services):
    texts = [f"Text number {i} is here." for i in range(CACHE_SIZE + 1)]
    first = services.tokens(texts[0])
    for text in texts[1:]:
        services.tokens(text)
    again = services.tokens(texts[0])
    assert again is not first and np.array_equal(again[0], first[0])


def test_word_count_leaves_out_punctuation_and_whitespace_and_keeps_characters_whole(services):
    # Hello , world ! It 's a -- 3.5 ... ; the flag is one word though spaCy splits it in two
    assert services.word_count("Hello, world!\n\n  It's a -- 3.5 \u2026 \U0001F1E9\U0001F1EA e.g.") == 8
    assert services.word_count("... !? \n") == services.word_count("") == 0


def test_word_count_does_not_depend_on_where_chunks_fall(services):
    text = "\n\n".join(f"Point {i} is short, it ends here." for i in range(40))
    small = TextServices(services.nlp, "en", chunk_size=80)
    assert small.word_count(text) == services.word_count(text) == 40 * 7  # Point i is short it ends here


# --- sentences --------------------------------------------------------------------------------

def test_sentences_are_trimmed_and_paragraph_breaks_end_them(services):
    text = ("Hello there. How are you?\nFine!\n\nNew paragraph without a full stop\n\n"
            "  Last one\u2026 \U0001F60A Really.  ")
    got = [text[a:b] for a, b in services.sentences(text)]
    assert got == ["Hello there.", "How are you?", "Fine!", "New paragraph without a full stop",
                   "Last one\u2026 \U0001F60A Really."]


def test_sentences_do_not_depend_on_where_chunks_fall(services):
    paragraphs = [f"Point {i} is short. It ends here" for i in range(40)]
    text = "\n\n".join(paragraphs)
    small = TextServices(services.nlp, "en", chunk_size=80)
    assert len(chunk_bounds(text, 80)) > 10
    assert small.sentences(text) == services.sentences(text)
    assert np.array_equal(small.tokens(text)[0], services.tokens(text)[0])


# --- chunking ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected_cut",
    [
        ("aaaa bbbb cccc.\n\ndd. eeee ffff gggg", 17),  # a paragraph break wins
        ("aaaa bbbb cccc.\ndd. eeee ffff gggg", 16),  # then a line break
        ("aaaa bbbb cccc dd. eeee ffff gggg hhhh", 19),  # then a sentence end
        ("aaaa bbbb cccc dddd eeee fffffff gggg", 25),  # then any whitespace
        ("aaaa.\n\nbbbb cccc dddd eeee fffffff gggg", 27),  # only the back half counts
        ("a" * 40, 30),  # else a hard cut
    ],
)
def test_chunks_are_cut_at_the_best_break_in_the_back_half(text, expected_cut):
    bounds = chunk_bounds(text, 30)
    assert bounds[0] == (0, expected_cut)
    assert bounds[-1][1] == len(text) and all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))


@given(st.text(alphabet="ab .\n", max_size=300), st.integers(2, 40))
def test_chunks_cover_the_text_in_order_and_respect_the_size(text, size):
    bounds = chunk_bounds(text, size)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    assert all(0 < end - start <= size for start, end in bounds if len(text))


def book(n_chars: int) -> str:
    """A deterministic invented text: varied words, punctuation, emoji, NBSP, paragraphs, and
    one paragraph longer than a chunk and one run with no whitespace at all."""
    rng = random.Random(7)
    vocab = ["the", "minister", "said", "fairness", "we", "must", "act", "now", "caf\u00e9",
             "na\u00efve", "\U0001F60A", "\u05e9\u05dc\u05d5\u05dd", "e\u0301", "isn't", "(policy)"]
    parts, size = [], 0
    while size < n_chars:
        sentence = " ".join(rng.choice(vocab) for _ in range(rng.randint(4, 20))).capitalize()
        sentence += rng.choice([".", "!", "?", ".\u00a0", ","]) + rng.choice([" ", " ", "\n", "\n\n", "  "])
        parts.append(sentence)
        size += len(sentence)
    text = "".join(parts)
    middle = len(text) // 2
    long_paragraph = " ".join(["word"] * 60_000)  # 300,000 characters, no line break
    no_space = "x" * 150_000
    text = text[:middle] + "\n\n" + long_paragraph + " " + no_space + "\n\n" + text[middle:]
    return text[: n_chars - len(" The very last words.")] + " The very last words."


def test_a_three_million_character_text_tokenises_and_offsets_reslice(services):
    text = book(3_000_000)
    assert len(text) == 3_000_000 and len(text) > services.nlp.max_length
    starts, ends = services.tokens(text)
    assert np.all(starts[1:] >= ends[:-1]) and np.all(ends > starts)
    assert "".join(text[a:b] for a, b in zip(starts.tolist(), ends.tolist())) == "".join(text.split())
    assert [text[a:b] for a, b in zip(starts[-4:].tolist(), ends[-4:].tolist())] == ["very", "last", "words", "."]
    assert ends[-1] == len(text)
    sentences = services.sentences(text)
    assert text[slice(*sentences[-1])].endswith("The very last words.")
    assert all(text[a:b] == text[a:b].strip() and a < b for a, b in sentences)
    assert all(b <= c for (_, b), (c, _) in zip(sentences, sentences[1:]))
    assert services.snap(text, len(text) - 7, len(text) - 3) == (len(text) - 6, len(text) - 1)


# --- snapping ---------------------------------------------------------------------------------

def at(text, word, occurrence=1):
    index = -1
    for _ in range(occurrence):
        index = text.index(word, index + 1)
    return index


@pytest.mark.parametrize(
    "span, expected",
    [
        (("ust a", None), "must act"),  # start and end inside tokens
        (("must", None), "must"),  # already on boundaries
        ((" must act ", None), "must act"),  # whitespace at the edges is dropped
        (("ust act now,", None), "must act now,"),
        (("e said.  Fai", None), "she said.  Fairness"),
        (("Fairness\u00a0d", None), "Fairness\u00a0demands"),
        (("\U0001F1E9\U0001F1EA We", None), "\U0001F1E9\U0001F1EA We"),  # emoji before matter in code points
    ],
)
def test_snap_widens_to_whole_tokens(services, span, expected):
    fragment, _ = span
    start = at(TEXT, fragment)
    assert services.snap(TEXT, start, start + len(fragment)) == (at(TEXT, expected), at(TEXT, expected) + len(expected))


def test_snap_counts_code_points_after_emoji(services):
    start = TEXT.index("act") + 1  # inside "act", after 3 astral code points
    assert TEXT.index("act") == 12  # 15 in UTF-16 units: the two must not be mixed
    assert services.snap(TEXT, start, start + 1) == (12, 15)


def test_snap_of_an_empty_span_inside_a_token_is_the_token(services):
    start = TEXT.index("Fairness") + 3
    assert services.snap(TEXT, start, start) == (TEXT.index("Fairness"), TEXT.index("Fairness") + 8)


def test_snap_leaves_whitespace_only_spans_unchanged(services):
    gap = TEXT.index("\n\n")
    assert services.snap(TEXT, gap, gap + 2) == (gap, gap + 2)
    assert services.snap(TEXT, gap, gap) == (gap, gap)  # empty, between tokens
    assert services.snap(TEXT, 0, 0) == (0, 0)


@pytest.mark.parametrize("start, end", [(-1, 3), (5, 2), (0, len(TEXT) + 1)])
def test_snap_refuses_impossible_spans(services, start, end):
    with pytest.raises(InvalidSpanError, match=f"{start}-{end}"):
        services.snap(TEXT, start, end)


ALPHABET = st.sampled_from(["a", "b", "ab", " ", "  ", "\n", "\n\n", ".", ",", "\U0001F60A", "\u00a0", "\t",
                            "e\u0301", "'s"])


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join), st.data())
def test_snap_invariants(services, text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    starts, ends = (a.tolist() for a in services.tokens(text))
    snapped_start, snapped_end = services.snap(text, start, end)
    touched = [(a, b) for a, b in zip(starts, ends) if a < end and b > start]
    if not touched:
        assert (snapped_start, snapped_end) == (start, end)
        return
    assert snapped_start in starts and snapped_end in ends  # on token boundaries
    assert snapped_start <= touched[0][0] and touched[-1][1] <= snapped_end  # the tokens touched, and
    grown = text[snapped_start:touched[0][0]] + text[touched[-1][1]:snapped_end]  # only what is attached
    assert not any(c.isspace() and c not in NO_BREAK_SPACES for c in grown)
    inside = [i for i in range(start, end) if not text[i].isspace()]
    assert all(snapped_start <= i < snapped_end for i in inside)  # holds all the original's text
    assert text[snapped_start:snapped_end] == text[snapped_start:snapped_end].strip()
    assert services.snap(text, snapped_start, snapped_end) == (snapped_start, snapped_end)  # idempotent
    for a, b in zip(starts, ends):  # no token is cut
        assert b <= snapped_start or a >= snapped_end or snapped_start <= a < b <= snapped_end


# --- languages and models ---------------------------------------------------------------------

@pytest.mark.parametrize("language", ["zz", "", "english"])
def test_unknown_language_is_a_clear_error(language):
    with pytest.raises(UnknownLanguageError) as info:
        get_services(language)
    assert isinstance(info.value, AnnotatorError)
    assert repr(language) in str(info.value) and "\n" not in str(info.value)


def test_a_missing_model_falls_back_to_blank_with_a_warning():
    with pytest.warns(ModelFallbackWarning, match="xx_not_installed_model"):
        services = get_services("en", "xx_not_installed_model")
    assert services.model is None
    assert words(services, "We act.") == ["We", "act", "."]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert get_services("en", "xx_not_installed_model") is services  # cached: warned once


def test_an_installed_model_is_loaded_with_only_its_sentence_components(monkeypatch):
    import spacy
    from spacy.language import Language

    @Language.component("annotator_test_heavy")
    def heavy(doc):  # stands for ner, lemmatizer...: must not run
        raise AssertionError("a heavy component ran")

    def fake_load(name):
        assert name == "xx_fake_model"
        pipeline = spacy.blank("en")
        pipeline.add_pipe("annotator_test_heavy")
        pipeline.add_pipe("sentencizer")
        return pipeline

    monkeypatch.setattr(nlp_module, "_services", {})
    monkeypatch.setattr(spacy.util, "is_package", lambda name: name == "xx_fake_model")
    monkeypatch.setattr(spacy, "load", fake_load)
    services = get_services("en", "xx_fake_model")
    assert services.model == "xx_fake_model"
    assert services.nlp.pipe_names == ["sentencizer"]
    text = "One claim. Another claim."
    assert [text[a:b] for a, b in services.sentences(text)] == ["One claim.", "Another claim."]


def test_a_model_without_sentence_components_gets_the_sentencizer(monkeypatch):
    import spacy

    monkeypatch.setattr(nlp_module, "_services", {})
    monkeypatch.setattr(spacy.util, "is_package", lambda name: True)
    monkeypatch.setattr(spacy, "load", lambda name: spacy.blank("fr"))
    services = get_services("fr", "fr_fake_model")
    assert services.nlp.pipe_names == ["sentencizer"]
    text = "Bonjour. Au revoir."
    assert [text[a:b] for a, b in services.sentences(text)] == ["Bonjour.", "Au revoir."]


def test_words_are_tokens_that_are_not_punctuation_or_space():
    # Counted by hand: Crime has fallen by a third Yes $ 5 (9); the dash, "!!", quotes and full stop are
    # punctuation, the line break and double space are not tokens.
    assert get_services("en").word_count('Crime has  fallen \u2014 by a third!!\n"Yes." $5') == 9
    assert get_services("en").word_count("") == 0


# --- snapping near the selection, and the first use while another thread loads ----------------------

@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=80).map("".join), st.data())
def test_tokens_around_a_span_are_the_whole_texts_tokens_there(services, text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    near = data.draw(st.integers(0, 6))
    fresh = TextServices(services.nlp, "en")              # nothing cached: it tokenises the stretch only
    local = set(zip(*(a.tolist() for a in fresh.tokens_around(text, start, end, near))))
    whole = list(zip(*(a.tolist() for a in services.tokens(text))))
    assert local <= set(whole)
    assert {(a, b) for a, b in whole if b > start - near and a < end + near} <= local
    assert TextServices(services.nlp, "en").snap(text, start, end) == services.snap(text, start, end)


class CountingTokenizer:
    """spaCy's tokenizer, remembering how long each text it was given was."""

    def __init__(self, tokenizer):
        self.tokenizer, self.lengths = tokenizer, []

    def __call__(self, text):
        self.lengths.append(len(text))
        return self.tokenizer(text)

    def pipe(self, texts):
        texts = list(texts)
        self.lengths.extend(len(t) for t in texts)
        return self.tokenizer.pipe(texts)


def test_snapping_on_a_long_text_tokenises_only_around_the_selection(services):
    text = book(1_000_000)
    counting = CountingTokenizer(services.nlp.tokenizer)
    fresh = TextServices(types.SimpleNamespace(tokenizer=counting, max_length=services.nlp.max_length), "en")
    for start in (0, 123_456, 700_001, len(text) - 40):
        assert fresh.snap(text, start, start + 30) == services.snap(text, start, start + 30)
    assert counting.lengths and max(counting.lengths) < 2_000


def test_a_first_use_while_another_thread_loads_the_pipeline_waits_for_that_load(monkeypatch):
    loads = []

    def slow_load(language, model):
        loads.append(language)
        time.sleep(0.2)                                     # a long load: the other thread comes meanwhile
        return types.SimpleNamespace(max_length=1_000_000), None

    monkeypatch.setattr(nlp_module, "_load_pipeline", slow_load)
    monkeypatch.setattr(nlp_module, "_services", {})
    barrier, got = threading.Barrier(2), []

    def first_use():
        barrier.wait()
        got.append(get_services("xx"))

    threads = [threading.Thread(target=first_use) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert loads == ["xx"] and len(got) == 2 and got[0] is got[1]
