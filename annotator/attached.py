"""What is written attached to a snapped span, and joins it: the second step of snapping.

spaCy's tokenizer splits off signs a reader sees as part of one written word: "50%" is "50" "%",
"$4.2bn" is "$" "4.2bn", "well-known" is "well" "-" "known", "don't" is "do" "n't". A span
snapped to tokens would then leave the "%" out, and two coders who selected the same words
disagree by one character. :func:`attach` grows a span already on token boundaries over the
tokens written against its edges (no space between) that belong to it:

1. **Numbers and their signs.** Digits join digits, a following unit or scale written onto the
   number ("10km", "$50m", "2024年"), and signs on either side: percent and per-mille signs
   (% ‰ ‱ ٪ ％), currency signs (Unicode Sc: $ € £ ₪ ₹ …), the degree sign and primes
   ("5°C", "5′11″"). A no-break space between a number and its sign (U+00A0, U+202F, U+2007:
   French and German "20 %") binds them too; an ordinary space does not ("30 €" stays "30").
2. **Hyphenated words.** A hyphen (- U+2010 U+2011) with a letter or digit on both sides joins
   the words on both sides ("well-known", "c’est-à-dire", "по-русски"). Dashes (– —) do not:
   "Kessbury–Dunmore" and "1990–2000" are two words.
3. **Apostrophes.** An apostrophe (' ’ ʼ) between letters is inside a word ("don't", "it’s",
   "l’État"). One after a word's last letter is a possessive ("teachers’ union") unless a single
   quote is open before it in the paragraph; then it is that quote's end (rule 4).
4. **Quotes and brackets.** A span holding an opening quote or bracket whose partner it lacks
   takes the partner when it follows the span, also after sentence punctuation ("(see above.)",
   "“It never did.”", "„gut“", "«non»", "»Nein«", "¿Qué?"); a span holding a closing one takes
   its opening partner just before it. Unpaired, they are not joined: selecting *a tax* inside
   “a tax” gives *a tax*.
5. **Hashtags.** A "#" at the start of a word joins it ("#MeToo").

The rules repeat until nothing more joins, so "(50" becomes "(50%)". Offsets are code points.
"""
from __future__ import annotations

import re
import unicodedata

import numpy as np

HYPHENS = "-\u2010\u2011"
APOSTROPHES = "'\u2019\u02bc"
NO_BREAK_SPACES = "\u00a0\u202f\u2007"
_SIGNS = "%\u2030\u2031\u066a\uff05\ufe6a\u00b0\u2032\u2033"
_PAIRS = {("(", ")"), ("[", "]"), ("{", "}"), ("\u201c", "\u201d"), ("\u201e", "\u201c"), ("\u201e", "\u201d"),
          ("\u2018", "\u2019"), ("\u201a", "\u2018"), ("\u201a", "\u2019"), ("\u00ab", "\u00bb"),
          ("\u00bb", "\u00ab"), ("\u2039", "\u203a"), ("\u203a", "\u2039"), ("\u300c", "\u300d"),
          ("\u300e", "\u300f"), ("\u300a", "\u300b"), ("\u3008", "\u3009"), ("\uff08", "\uff09"),
          ("\u3010", "\u3011"), ("\u00bf", "?"), ("\u00a1", "!"), ('"', '"')}
_OPENERS = {a for a, _ in _PAIRS}
_CLOSERS = {b for _, b in _PAIRS}
_BETWEEN = ".,;:!?\u2026"          # sentence punctuation a closing partner may follow
_SINGLE_QUOTES = re.compile("['\u2018\u2019\u201a]")
_LOOKBACK = 20_000                  # how far back a paragraph is searched for an open single quote


def attach(text: str, start: int, end: int, starts: np.ndarray, ends: np.ndarray) -> tuple[int, int]:
    """``[start, end)`` (on token boundaries) grown over what is attached to it; see the module."""
    while True:
        grown = _on_tokens(*_balanced(text, *_joined(text, start, end, starts, ends)), starts, ends)
        if grown == (start, end):
            return start, end
        start, end = grown


def _on_tokens(start: int, end: int, starts: np.ndarray, ends: np.ndarray) -> tuple[int, int]:
    """``[start, end)`` widened to whole tokens: a quote's partner can sit inside a token (spaCy keeps
    '."ab' as one token), and a span ending there would widen when snapped again."""
    i = int(np.searchsorted(ends, start, side="right"))  # first token ending after start
    if i < len(starts) and starts[i] < start:
        start = int(starts[i])
    j = int(np.searchsorted(starts, end, side="left")) - 1  # last token starting before end
    if j >= 0 and ends[j] > end:
        end = int(ends[j])
    return start, end


def _joined(text: str, start: int, end: int, starts: np.ndarray, ends: np.ndarray) -> tuple[int, int]:
    i = int(np.searchsorted(starts, end, side="left"))
    if i < len(starts) and _joins_at(text, end, int(starts[i])):
        end = int(ends[i])
    j = int(np.searchsorted(ends, start, side="right")) - 1
    if j >= 0 and _joins_at(text, int(ends[j]), start):
        start = int(starts[j])
    return start, end


def _joins_at(text: str, left_end: int, right_start: int) -> bool:
    """Whether the token ending at ``left_end`` and the one starting at ``right_start`` join."""
    if left_end == right_start:
        return 0 < left_end < len(text) and _joins(text, left_end)
    if right_start == left_end + 1 and text[left_end] in NO_BREAK_SPACES and left_end > 0:
        x, y = text[left_end - 1], text[right_start]
        return (_digit(x) and _sign(y)) or (_sign(x) and _digit(y))
    return False


def _joins(text: str, p: int) -> bool:
    """Whether the characters either side of ``p`` belong to one written word (rules 1, 2, 3, 5)."""
    x, y = text[p - 1], text[p]
    before = text[p - 2] if p >= 2 else " "
    after = text[p + 1] if p + 1 < len(text) else " "
    if _digit(x) and (_digit(y) or _sign(y) or _letter(y)) or _sign(x) and _digit(y):
        return True
    if x == "\u00b0" and _letter(y) or x == "#" and _alnum(y) and not _alnum(before):
        return True
    if x in HYPHENS and _alnum(before) and _alnum(y) or y in HYPHENS and _alnum(x) and _alnum(after):
        return True
    if y in APOSTROPHES and _letter(x):
        return _letter(after) or not _alnum(after) and not _single_quote_open(text, p)
    if x in APOSTROPHES and _letter(before) and _letter(y):
        return True
    return _letter(x) and _letter(y) and _apostrophe_in_word(text, p)


def _apostrophe_in_word(text: str, p: int) -> bool:
    """An apostrophe between letters right next to ``p`` ("do|n't", "would|n’t")."""
    window = text[max(0, p - 2):p + 3]
    return any(window[k] in APOSTROPHES and _letter(window[k - 1]) and _letter(window[k + 1])
               for k in range(1, len(window) - 1))


def _single_quote_open(text: str, p: int) -> bool:
    """Whether a single quote opened before ``p`` in its paragraph is still open."""
    paragraph = max(text.rfind("\n", 0, p) + 1, p - _LOOKBACK)
    depth = 0
    for match in _SINGLE_QUOTES.finditer(text, paragraph, p):
        k = match.start()
        before = _alnum(text[k - 1]) if k > 0 else False
        after = _alnum(text[k + 1]) if k + 1 < len(text) else False
        if after and not before:
            depth += 1
        elif before and not after:
            depth = max(0, depth - 1)
    return depth > 0


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """Rule 4: take the partners of the span's unpaired quotes and brackets that touch it."""
    open_ = _unpaired(text[start:end], lambda top, ch: (top, ch) in _PAIRS, _OPENERS)
    while open_:
        k = end
        while k < len(text) and text[k] in _BETWEEN and (open_[-1], text[k]) not in _PAIRS:
            k += 1
        if k >= len(text) or (open_.pop(), text[k]) not in _PAIRS:
            break
        end = k + 1
    closed = _unpaired(text[start:end][::-1], lambda top, ch: (ch, top) in _PAIRS, _CLOSERS)
    while closed and start > 0 and (text[start - 1], closed[-1]) in _PAIRS:
        closed.pop()
        start -= 1
    return start, end


def _unpaired(chars: str, closes, openers: set[str]) -> list[str]:
    """The marks in ``chars`` (read in the given order) that ``openers`` opens and nothing closes."""
    stack: list[str] = []
    for k, ch in enumerate(chars):
        if stack and closes(stack[-1], ch):
            stack.pop()
        elif ch in openers and not _inside_word(chars, k):
            stack.append(ch)
    return stack


def _inside_word(chars: str, k: int) -> bool:
    """An apostrophe-like ’ between letters is not a quote."""
    return chars[k] in APOSTROPHES and 0 < k < len(chars) - 1 and _letter(chars[k - 1]) and _letter(chars[k + 1])


def _letter(c: str) -> bool:
    return c.isalpha() or unicodedata.category(c).startswith("M")


def _digit(c: str) -> bool:
    return c.isdigit()


def _alnum(c: str) -> bool:
    return _letter(c) or _digit(c)


def _sign(c: str) -> bool:
    return c in _SIGNS or unicodedata.category(c) == "Sc"
