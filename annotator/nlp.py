"""Text services with spaCy: tokens, sentences, and snapping a span to whole tokens.

spaCy is imported inside the functions that need it, never at module import, so that
``annotator --help`` and the first window do not pay for it.

All offsets are code points (Python ``str`` indices, like spaCy's ``token.idx``), half-open.
Tokens never include whitespace: spaCy's whitespace tokens (runs of spaces, newlines, tabs,
NBSP) are dropped, so every character that is not in a token is whitespace. Tokens that spaCy
splits inside one visible character (a flag, a skin-tone emoji, a ZWJ family, a mark after
punctuation) are joined, so snapping never cuts a character in half.

Snapping one selection (:meth:`TextServices.snap`) tokenises only the stretch around it, cut at
whitespace (:meth:`TextServices.tokens_around`): spaCy splits each whitespace-separated piece on its
own, so those tokens are the whole text's, and the first code key on a 10 MB text costs the same as
on a page. ``get_services`` loads a pipeline once per process under a lock, so a first use while
the app warms it on another thread waits for that load instead of loading it again.

Long texts are cut into chunks of at most ``chunk_size`` characters (far below spaCy's
``nlp.max_length``) at a paragraph break, else a line break, else a sentence end, else any
whitespace, else (a run of ``chunk_size / 2`` characters with no whitespace) anywhere. A chunk
boundary is also a sentence boundary; with the default chunk size that only matters for a
paragraph longer than 50,000 characters. Paragraph breaks (a blank line) always end a sentence,
so results do not depend on where the chunks fall.
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
import warnings
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from annotator.attached import attach
from annotator.errors import AnnotatorError, InvalidSpanError

DEFAULT_CHUNK_SIZE = 100_000
CACHE_SIZE = 8  # texts whose tokens and sentences are kept per TextServices
NEAR = 256      # characters on each side of a span that tokens_around tokenises (widened to whitespace)

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019\u00bb)\]]*\s+")
_LAST_SPACE = re.compile(r"\s(?=\S*$)")
_WHITESPACE = re.compile(r"\s")
_SENTENCE_COMPONENTS = ("senter", "sentencizer", "parser")  # in order of preference
_EMBEDDINGS = ("tok2vec", "transformer")


class UnknownLanguageError(AnnotatorError):
    """spaCy has no language with the code the project names."""


class ModelFallbackWarning(UserWarning):
    """The spaCy model the project names is not installed; a blank pipeline is used."""


_services: dict[tuple[str, str | None], "TextServices"] = {}
_services_lock = threading.Lock()


def get_services(language: str = "en", model: str | None = None) -> "TextServices":
    """Text services for ``language`` (and the installed spaCy package ``model``), cached."""
    key = (language, model or None)
    with _services_lock:
        if key not in _services:
            nlp, loaded = _load_pipeline(language, model or None)
            _services[key] = TextServices(nlp, language, loaded)
        return _services[key]


def _load_pipeline(language: str, model: str | None):
    import spacy

    if model:
        if spacy.util.is_package(model):
            return _sentences_only(spacy.load(model)), model
        warnings.warn(
            f"The spaCy model {model!r} is not installed, so a blank {language!r} pipeline with "
            "rule-based sentences is used instead.",
            ModelFallbackWarning,
            stacklevel=3,
        )
    try:
        nlp = spacy.blank(language)
    except (ImportError, KeyError, TypeError, ValueError):
        raise UnknownLanguageError(
            f"spaCy has no language with the code {language!r}; use a code such as 'en', 'de' or 'fr'."
        ) from None
    nlp.add_pipe("sentencizer")
    return nlp, None


def _sentences_only(nlp):
    """Disable every component of a trained pipeline except what sentences need."""
    names = set(nlp.component_names)
    wanted = next((name for name in _SENTENCE_COMPONENTS if name in names), None)
    if wanted is None:
        wanted = "sentencizer"
        nlp.add_pipe("sentencizer")
    keep = {wanted} | (names & set(_EMBEDDINGS) if wanted != "sentencizer" else set())
    for name in nlp.component_names:
        if name in keep and name in nlp.disabled:
            nlp.enable_pipe(name)
        elif name not in keep and name not in nlp.disabled:
            nlp.disable_pipe(name)
    return nlp


def chunk_bounds(text: str, chunk_size: int = DEFAULT_CHUNK_SIZE) -> list[tuple[int, int]]:
    """Cut ``text`` into consecutive ``(start, end)`` chunks of at most ``chunk_size``."""
    if chunk_size < 2:
        raise ValueError("chunk_size must be at least 2")
    bounds, pos = [], 0
    while len(text) - pos > chunk_size:
        cut = _cut_point(text, pos + chunk_size // 2, pos + chunk_size)
        bounds.append((pos, cut))
        pos = cut
    bounds.append((pos, len(text)))
    return bounds


def _cut_point(text: str, lo: int, hi: int) -> int:
    """Where to end a chunk: the last good break in ``text[lo:hi]`` (else ``hi``)."""
    for mark in ("\n\n", "\n"):
        i = text.rfind(mark, lo, hi)
        if i != -1:
            return i + len(mark)
    last = None
    for last in _SENTENCE_END.finditer(text, lo, hi):
        pass
    if last is not None:
        return last.end()
    space = _LAST_SPACE.search(text, lo, hi)
    return space.end() if space else hi


@dataclass
class _Analysis:
    text: str
    tokens: tuple[np.ndarray, np.ndarray] | None = None
    sentences: list[tuple[int, int]] | None = field(default=None)


class TextServices:
    """Tokens, sentences and span snapping for one spaCy pipeline, cached per text."""

    def __init__(self, nlp, language: str, model: str | None = None, chunk_size: int = DEFAULT_CHUNK_SIZE):
        self.nlp = nlp
        self.language = language
        self.model = model  # the package actually loaded, or None for a blank pipeline
        self.chunk_size = max(2, min(chunk_size, nlp.max_length - 1))
        self._cache: OrderedDict[tuple[int, bytes], _Analysis] = OrderedDict()
        self._lock = threading.RLock()

    def __repr__(self) -> str:
        return f"TextServices(language={self.language!r}, model={self.model!r})"

    def tokens(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Start and end offsets (read-only int64 arrays) of the non-whitespace tokens."""
        with self._lock:
            entry = self._entry(text)
            if entry.tokens is None:
                docs = self.nlp.tokenizer.pipe(self._chunks(text))
                entry.tokens = _token_arrays(text, docs, chunk_bounds(text, self.chunk_size))
            return entry.tokens

    def sentences(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` of each sentence, trimmed of surrounding whitespace."""
        with self._lock:
            entry = self._entry(text)
            if entry.sentences is None:
                entry.sentences = self._find_sentences(text, entry)
            return list(entry.sentences)

    def word_count(self, text: str) -> int:
        """The tokens (as :meth:`tokens` joins them) that are neither punctuation nor whitespace (spaCy's
        ``is_punct``, ``is_space``): the words of a per-1,000-words rate."""
        from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH

        with self._lock:
            bounds = chunk_bounds(text, self.chunk_size)
            starts, ends = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
            for (offset, _), doc in zip(bounds, self.nlp.tokenizer.pipe(self._chunks(text))):
                table = doc.to_array([IDX, LENGTH, IS_PUNCT, IS_SPACE]).astype(np.int64).reshape(-1, 4)
                table = table[(table[:, 2] == 0) & (table[:, 3] == 0)]
                starts.append(table[:, 0] + offset)
                ends.append(table[:, 0] + table[:, 1] + offset)
            return len(_join_split_clusters(text, np.concatenate(starts), np.concatenate(ends))[0])

    def tokens_around(self, text: str, start: int, end: int, near: int = NEAR) -> tuple[np.ndarray, np.ndarray]:
        """The tokens of :meth:`tokens` that lie within ``text[start - near : end + near]`` widened to
        whitespace, at least; from the whole text's tokens when they are cached, else by tokenising
        only that stretch (the whole text if no whitespace is near)."""
        start, end = _checked_span(text, start, end)
        with self._lock:
            entry = self._entry(text)
            if entry.tokens is None:
                lo, hi = _widened(text, start - near, end + near, self.chunk_size // 2)
                if hi - lo < len(text):
                    return _token_arrays(text, [self.nlp.tokenizer(text[lo:hi])], [(lo, hi)])
            starts, ends = self.tokens(text)
            first = int(np.searchsorted(ends, start - near, side="left"))
            last = int(np.searchsorted(starts, end + near, side="right"))
            return starts[first:last], ends[first:last]

    def snap(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Widen ``[start, end)`` to whole tokens and trim whitespace at its edges, then join what
        is written attached to it.

        A start inside a token moves to the token's start, an end inside a token to its end;
        whitespace at either edge is dropped. An empty span inside a token becomes that token.
        Then the tokens written against the span that belong to it join it
        (:func:`annotator.attached.attach`): signs of a number ("50%", "$4.2bn"), the other
        parts of a hyphenated word or of a word with an apostrophe, the partners of quotes and
        brackets the span opens or closes. A span that touches no token (only whitespace, or
        empty between tokens) is returned unchanged: whether to accept it is the caller's decision.
        """
        start, end = _checked_span(text, start, end)
        starts, ends = self.tokens_around(text, start, end)
        first = int(np.searchsorted(ends, start, side="right"))  # first token ending after start
        last = int(np.searchsorted(starts, end, side="left")) - 1  # last token starting before end
        if first > last:
            return start, end
        return attach(text, int(starts[first]), int(ends[last]), starts, ends)

    def _chunks(self, text: str):
        return (text[a:b] for a, b in chunk_bounds(text, self.chunk_size))

    def _find_sentences(self, text: str, entry: _Analysis) -> list[tuple[int, int]]:
        bounds = chunk_bounds(text, self.chunk_size)
        docs = list(self.nlp.pipe(self._chunks(text)))
        if entry.tokens is None:
            entry.tokens = _token_arrays(text, docs, bounds)
        cuts = [a + sent.start_char for (a, _), doc in zip(bounds, docs) for sent in doc.sents]
        cuts += [m.start() for m in _PARAGRAPH_BREAK.finditer(text)]
        return _trimmed_spans(np.unique(np.array(cuts + [0, len(text)], dtype=np.int64)), *entry.tokens)

    def _entry(self, text: str) -> _Analysis:
        for entry in self._cache.values():  # the UI passes the same str object again and again
            if entry.text is text:
                return entry
        key = (len(text), hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest())
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        self._cache[key] = entry = _Analysis(text)
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return entry


def _widened(text: str, lo: int, hi: int, reach: int) -> tuple[int, int]:
    """``[lo, hi)`` clipped to the text and widened to whitespace (or to the text's ends), at most
    ``reach`` characters each way; the whole text if no whitespace is that near."""
    lo, hi = max(0, lo), min(len(text), hi)
    floor = max(0, lo - reach)
    while lo > floor and not text[lo - 1].isspace():
        lo -= 1
    right = _WHITESPACE.search(text, hi, min(len(text), hi + reach)) if hi < len(text) else None
    if (lo > 0 and not text[lo - 1].isspace()) or (hi < len(text) and right is None):
        return 0, len(text)
    return lo, (right.start() if right else len(text))


def _token_arrays(text: str, docs, bounds) -> tuple[np.ndarray, np.ndarray]:
    from spacy.attrs import IDX, IS_SPACE, LENGTH

    starts, ends = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for (offset, _), doc in zip(bounds, docs):
        if len(doc):
            table = doc.to_array([IDX, LENGTH, IS_SPACE]).astype(np.int64)
            table = table[table[:, 2] == 0]
            starts.append(table[:, 0] + offset)
            ends.append(table[:, 0] + table[:, 1] + offset)
    result = _join_split_clusters(text, np.concatenate(starts), np.concatenate(ends))
    for array in result:
        array.flags.writeable = False
    return result


def _join_split_clusters(text: str, starts: np.ndarray, ends: np.ndarray):
    """Merge touching tokens that spaCy split inside one visible character.

    spaCy cuts emoji sequences apart (a flag's two regional indicators, a skin-tone modifier,
    the parts of a ZWJ family, a variation selector) and a mark that follows punctuation; a
    span snapped to such a boundary would show half a character.
    """
    touching = np.flatnonzero(ends[:-1] == starts[1:])
    joined = [i for i in touching.tolist() if _inside_cluster(text, int(ends[i]))]
    if not joined:
        return starts, ends
    index = np.array(joined, dtype=np.int64)
    return np.delete(starts, index + 1), np.delete(ends, index)


def _inside_cluster(text: str, p: int) -> bool:
    """Whether offset ``p`` falls inside an extended grapheme cluster (the common cases)."""
    after, before = ord(text[p]), ord(text[p - 1])
    if after < 0x300 and before != 0x200D:
        return False
    if before == 0x200D or after == 0x200D or 0xFE00 <= after <= 0xFE0F:
        return True
    if 0x1F3FB <= after <= 0x1F3FF or 0xE0020 <= after <= 0xE007F:  # skin tones, tag letters
        return True
    if _is_regional(after) and _is_regional(before):
        run = 0
        while p - run - 1 >= 0 and _is_regional(ord(text[p - run - 1])):
            run += 1
        return run % 2 == 1  # regional indicators pair up from the left
    return unicodedata.category(text[p]) in ("Mn", "Mc", "Me")


def _is_regional(code: int) -> bool:
    return 0x1F1E6 <= code <= 0x1F1FF


def _trimmed_spans(cuts: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> list[tuple[int, int]]:
    """Spans between consecutive cuts, shrunk to the tokens they hold; empty ones dropped."""
    lo, hi = cuts[:-1], cuts[1:]
    first = np.searchsorted(starts, lo, side="left")  # first token starting at or after lo
    last = np.searchsorted(ends, hi, side="right") - 1  # last token ending at or before hi
    keep = first <= last
    return list(zip(starts[first[keep]].tolist(), ends[last[keep]].tolist()))


def _checked_span(text: str, start: int, end: int) -> tuple[int, int]:
    import operator

    start, end = operator.index(start), operator.index(end)
    if not 0 <= start <= end <= len(text):
        raise InvalidSpanError(
            f"The span {start}-{end} does not fit a text of {len(text)} characters."
        )
    return start, end

