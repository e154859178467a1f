"""Rules: every hit of a code's keywords, phrases and regular expressions, offered with that code.

A code's rules are in the codebook (:mod:`annotator.codebook.rules`); only codable codes are
used. Each hit is extended to what its rule says (the hit, its sentence or its paragraph, by
:func:`annotator.autocode.extended`; sentences are the project's text services'), and a code's
extended hits that overlap are merged into one offer (:func:`annotator.autocode.merged`), so a
hit inside a sentence another of the code's rules offers whole is offered once, as the sentence.
What the coder already has with that code, or was offered before, is left out by
:class:`annotator.suggestions.AddSuggestions`. Score 1.0: the rule matched; whether the
meaning is there, the coder decides. The model version is the codebook version the rules
belong to ("codebook 7").

**A time limit.** A regular expression can take for ever on some text (``(a|a)+$`` on forty
a's: catastrophic backtracking), and rules travel to every coder in packages and scheme files,
and ``re`` cannot be stopped. So a rule is checked with ``re`` (:class:`annotator.patterns.Query`,
as a search) but run by the ``regex`` module (Apache-2.0; its version 0 is ``re``'s syntax and
behaviour, and it backtracks less) with :data:`BUDGET` seconds for each search in a document; a
rule that runs out is named with its code and the document, and nothing is suggested. (A
pattern ``regex`` cannot compile runs with ``re``, without the limit.)
"""
from __future__ import annotations

import re
import sqlite3
from array import array
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Optional

import regex

from ..autocode import extended, merged
from ..codebook import code_rows, scheme_version
from ..codebook.rules import Rule, read_rules, rule_line
from ..errors import AnnotatorError
from ..search import pairs, texts
from ..suggestions import Offer
from ..textmatch import Finder, match_spans

BUDGET = 2.0     # seconds a rule's pattern may search for its next hit in one document

NO_RULES = ("No code has rules yet, so there is nothing to suggest; add some with annotator rules PROJECT "
            "--code NAME --add \"keyword: WORD\" (or in the Code Definition panel).")


def version(conn: sqlite3.Connection) -> str:
    """The model version of rule suggestions: the codebook version."""
    return f"codebook {scheme_version(conn)}"


def code_rules(conn: sqlite3.Connection) -> dict[int, tuple[Rule, ...]]:
    """Code id -> its rules, for every codable code that has some."""
    found = {row.id: read_rules(row.rules, row.name) for row in code_rows(conn) if row.codable}
    return {code_id: rules for code_id, rules in found.items() if rules and code_id is not None}


def rule_offers(conn: sqlite3.Connection, document_ids: Optional[Iterable[int]] = None, services=None,
                cancelled: Optional[Callable[[], bool]] = None) -> list[Offer]:
    """Every hit of every rule of every codable code in ``document_ids`` (all if None), extended
    and merged per code; refused in one sentence when no code has rules, or when a rule matches
    empty text or runs out of time (naming the rule, its code and the document)."""
    rules = code_rules(conn)
    if not rules:
        raise AnnotatorError(NO_RULES)
    names = {row.id: row.name for row in code_rows(conn)}
    compiled = {code_id: [_Compiled(rule, names[code_id]) for rule in group] for code_id, group in rules.items()}
    offers: list[Offer] = []
    for doc_id, name, text in texts(conn, None if document_ids is None else sorted(set(document_ids))):
        if cancelled is not None and cancelled():
            break
        for code_id, group in compiled.items():
            found = [span for rule in group for span in _extended(text, name, rule, services)]
            offers += [Offer(doc_id, start, end, code_id, 1.0) for start, end in merged(found)]
    return offers


class _Compiled:
    """A rule of a code, compiled: checked with ``re``, searched by ``regex`` within :data:`BUDGET`."""

    def __init__(self, rule: Rule, code: str):
        self.rule, self.code = rule, code
        self.finder = _timed(rule.query().compile())

    def hits(self, text: str, document: str) -> array:
        """The rule's hits in ``text`` as one array (start, end, …); an empty one, or running out of
        time, is refused in one sentence naming the rule, its code and ``document``."""
        try:
            found = match_spans(self.finder, text)
        except TimeoutError:
            raise AnnotatorError(f"The rule \"{rule_line(self.rule)}\" of code {self.code!r} took more than "
                                 f"{BUDGET:g} seconds on {document!r}, so nothing was suggested; make it simpler "
                                 "(a repeat inside a repeat, as in (a+)+, can run for ever).") from None
        if any(start == end for start, end in pairs(found)):
            raise AnnotatorError(f"The rule \"{rule_line(self.rule)}\" of code {self.code!r} matched empty text in "
                                 f"{document!r}, so nothing was suggested; make it match at least one character.")
        return found


@dataclass(frozen=True)
class _Timed:
    """A pattern run by the ``regex`` module, each search stopped after :data:`BUDGET` seconds."""
    pattern: Any

    def finditer(self, string: str) -> Iterator[Any]:
        return self.pattern.finditer(string, timeout=BUDGET)


def _timed(compiled: re.Pattern) -> Finder:
    """``compiled`` (source and case flag; other flags are inline in the source) for ``regex``."""
    try:
        return _Timed(regex.compile(compiled.pattern, regex.IGNORECASE if compiled.flags & re.IGNORECASE else 0))
    except regex.error:
        return compiled


def _extended(text: str, document: str, rule: _Compiled, services) -> list[tuple[int, int]]:
    """The rule's hits in ``text``, extended (sentences are found only where there is a hit)."""
    hits = pairs(rule.hits(text, document))
    return extended(text, hits, rule.rule.extend, services) if hits else []
