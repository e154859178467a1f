"""A pattern to look for: plain text or a regular expression, compiled as search compares texts.

:class:`Query` is what :mod:`annotator.search` searches for and what a code's rules
(:mod:`annotator.codebook.rules`) are checked with, so both refuse the same patterns in the same
words: an empty one, an invalid regular expression (with ``re``'s reason) and one that can match
empty text. It lives below the codebook so the codebook can check its rules with it.

"Can match empty text" means anywhere, not only in an empty text: ``\b``, ``^`` or ``(?=x)``
match nothing between two characters. It is decided from the parsed pattern's shortest possible
match (``re``'s own parser, ``getwidth()``; a lookaround, an anchor or an optional part adds no
width), so ``(?=a)(?!a)``, which never matches, is refused too: a pattern that would never hit
is no loss.
"""
from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import Any

from .display import shown
from .errors import AnnotatorError
from .textmatch import nfc, word_edges

_GLOBAL_FLAGS = re.compile(r"(?:\(\?[aiLmsux]+\))*")


@dataclass(frozen=True)
class Query:
    pattern: str
    regex: bool = False
    case_sensitive: bool = False
    whole_word: bool = False

    def compile(self) -> re.Pattern:
        """The compiled pattern; an empty, invalid or empty-matching one is refused."""
        if not isinstance(self.pattern, str) or not self.pattern:
            raise AnnotatorError("The pattern is empty; give the text to search for.")
        typed = self._source(self.pattern)
        compiled = self._compiled(typed)              # as typed first: an error's position is theirs
        source = self._source(nfc(self.pattern))      # texts are compared in NFC (annotator.textmatch)
        if self.whole_word:
            flags = _GLOBAL_FLAGS.match(source)   # (?i) and the like must stay at the start
            cut = flags.end() if flags else 0
            close = "\n)" if compiled.flags & re.VERBOSE else ")"   # a trailing "# comment" ends at the line
            before, after = word_edges()
            compiled = self._compiled(f"{source[:cut]}{before}(?:{source[cut:]}{close}{after}")
        elif source != typed:
            compiled = self._compiled(source)
        if _shortest(compiled) == 0:
            raise self.empty_match()
        return compiled

    def _source(self, pattern: str) -> str:
        return pattern if self.regex else re.escape(pattern)

    @property
    def quoted(self) -> str:
        """The pattern as a message quotes it: control characters escaped, at most 60 characters."""
        return shown(self.pattern if len(self.pattern) <= 60 else self.pattern[:59] + "…")

    def _compiled(self, source: str) -> re.Pattern:
        try:
            return re.compile(source, 0 if self.case_sensitive else re.IGNORECASE)
        except (re.error, OverflowError, RecursionError) as error:   # a{99999999999}; 1,000 nested groups
            raise AnnotatorError(f"\"{self.quoted}\" is not a valid regular expression: "
                                 f"{_reason(error)}.") from None

    def empty_match(self) -> AnnotatorError:
        return AnnotatorError(f"The pattern \"{self.quoted}\" can match empty text, so its hits would hold "
                              "nothing to show or code; make it match at least one character (\"a+\", not \"a*\").")


def _shortest(compiled: re.Pattern) -> int:
    """The fewest characters a match of ``compiled`` can hold (0: it can match empty text somewhere)."""
    return int(_parser().parse(compiled.pattern, compiled.flags).getwidth()[0])


def _parser() -> Any:
    """``re``'s parser: ``re._parser`` since Python 3.11, ``sre_parse`` before (deprecated since)."""
    try:
        return importlib.import_module("re._parser")
    except ModuleNotFoundError:   # Python 3.10
        return importlib.import_module("sre_parse")


def _reason(error: Exception) -> str:
    """``re``'s message, with the position counted from 1 as a person counts characters."""
    if isinstance(error, RecursionError):
        return "its groups are nested too deeply"
    if not isinstance(error, re.error) or error.pos is None:
        return str(getattr(error, "msg", error))
    return f"{error.msg} (at character {error.pos + 1})"
