"""Is a decoded text plausibly what a person wrote? The readings a wrong encoding gives:
half-width katakana from a single-byte file, C1 controls, Latin-1 signs inside words, words that
mix scripts or are impossible in Cyrillic or Greek (formats.md §0.2). Used by :mod:`annotator.textio`
to refuse a code-page guess rather than store text in another script."""
from __future__ import annotations

import re
import unicodedata

SAMPLE_CHARS = 65536  # how much of a text the checks look at

# What a wrong code page gives (formats.md §0.2): a reading with any of these is not taken.
_HALFWIDTH_KANA = re.compile("[\uff61-\uff9f]")  # a single-byte file read as Shift-JIS
_C1_CONTROL = re.compile("[\x80-\x9f]")
_LOOSE_MARK = re.compile("(?:^|(?<=[\\s\\d.,;:!?]))[\u0300-\u036f]")  # cp1258's combining accents misread
_LETTER = "[^\\W\\d_\u00aa\u00b2\u00b3\u00b9\u00ba\u00bc-\u00be]"  # not superscripts, ordinals
# A Latin-1 sign stuck to a letter: "powiedzia\u00b3," "\u00bfe" "\u00bai" (Polish and Romanian in cp1252).
# Not: quotes, a middle dot between letters (Catalan), "\u00bf" / "\u00a1" whose sentence closes
# with "?" / "!", a superscript or ordinal after one or two letters ("m\u00b2", "N\u00ba").
# Not the signs code pages share and Western text puts beside letters: \u00a9 \u00ae after a name, quotes,
# a soft hyphen, the micro sign, the middle dot.
_SIGNS = "\u00a1-\u00a8\u00aa\u00ac\u00af-\u00b4\u00b6\u00b8-\u00ba\u00bc-\u00bf"
_SIGN_AT_LETTER = re.compile(
    "(?<=\\d)[\u00b0\u00aa\u00ba\u00b2\u00b3\u00b9]"  # allowed: "20\u00b0C", "1\u00aa"
    "|"
    f"(?<={_LETTER})(?<!{_LETTER}{{3}})[\u00b2\u00b3\u00b9\u00aa\u00ba\u00b0](?!{_LETTER})"  # allowed, skip
    f"|(?<={_LETTER})\u00b7(?={_LETTER})"  # allowed
    f"|\u00bf(?=[^?\n]*\\?)|\u00a1(?=[^!\n]*!)"  # allowed
    f"|(?P<odd>(?<={_LETTER})[{_SIGNS}]|[{_SIGNS}\u00a9\u00ae](?={_LETTER}))"
)
# Letters cp1252 and Latin-1 give for Turkish (\u011f \u0131 \u015f read as \u00f0 \u00fd \u00fe) without
# the vowels every Icelandic or Faroese text, the only users of \u00f0 and \u00fe, holds.
_ICELANDIC_CONSONANTS = re.compile("[\u00d0\u00de\u00dd\u00f0\u00fe\u00fd]")
_ICELANDIC_VOWELS = re.compile("[\u00e1\u00e9\u00ed\u00f3\u00fa\u00e6\u00c1\u00c9\u00cd\u00d3\u00da\u00c6]")
WORD = re.compile(f"{_LETTER}+")


def implausible(text: str) -> str | None:
    """Why ``text`` cannot be what a person wrote (a wrong encoding's reading), or None."""
    sample = text[:SAMPLE_CHARS]
    if _HALFWIDTH_KANA.search(sample):
        return "half-width katakana"
    if _C1_CONTROL.search(sample):
        return "C1 control characters"
    if _LOOSE_MARK.search(sample):
        return "an accent on no letter"
    if any(match.group("odd") for match in _SIGN_AT_LETTER.finditer(sample)):
        return "signs inside words"
    if _ICELANDIC_CONSONANTS.search(sample) and not _ICELANDIC_VOWELS.search(sample):
        return "Icelandic letters without Icelandic vowels"
    odd = next((word for word in WORD.findall(sample) if _odd_word(word)), None)
    return f"impossible words such as {odd!r}" if odd else None


def _odd_word(word: str) -> bool:
    """A word mixing scripts, or a Cyrillic or Greek one with a capital after a small letter or
    starting with a soft or hard sign (Greek read as Cyrillic: "\u0435\u042f\u0440\u0435", "\u044c\u0444\u0439")."""
    if mixes_scripts(word):
        return True
    return bool(set(map(script, word)) & {"CYRILLIC", "GREEK"}) and bool(_NOT_A_WORD.search(word))


def mixes_scripts(word: str) -> bool:
    return len(set(map(script, word)) - {""}) > 1


_NOT_A_WORD = re.compile("^[\u044c\u044a\u042c\u042a\u044b\u042b]"
                         "|[^\\W\\d_](?<=\\w)(?<![A-Z\u0400-\u042f\u0391-\u03ab])[\u0400-\u042f\u0386-\u03ab]")


_SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "HALFWIDTH": "CJK", "FULLWIDTH": "CJK",
                  "IDEOGRAPHIC": "CJK", "CJK": "CJK"}


def script(char: str) -> str:
    """A letter's script, by the first word of its Unicode name (LATIN, CYRILLIC, GREEK, CJK ...)."""
    if unicodedata.category(char) not in ("Lu", "Ll", "Lt", "Lo"):
        return ""
    if char < "\u0250":  # Latin-1 and Latin Extended, with the micro sign and the ordinals
        return "LATIN"
    first = unicodedata.name(char, "?").split()[0]
    return _SCRIPT_GROUPS.get(first, first)
