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
"""
from __future__ import annotations

import sqlite3
from typing import Callable, Iterable, Optional

from ..autocode import extended, merged
from ..codebook import code_rows, scheme_version
from ..codebook.rules import Rule, read_rules
from ..errors import AnnotatorError
from ..search import pairs, spans, texts
from ..suggestions import Offer

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
    and merged per code; refused in one sentence when no code has rules."""
    rules = code_rules(conn)
    if not rules:
        raise AnnotatorError(NO_RULES)
    compiled = {code_id: [(rule, rule.query(), rule.query().compile()) for rule in group]
                for code_id, group in rules.items()}
    offers: list[Offer] = []
    for doc_id, _, text in texts(conn, None if document_ids is None else sorted(set(document_ids))):
        if cancelled is not None and cancelled():
            break
        for code_id, group in compiled.items():
            found = [span for rule, query, pattern in group for span in _extended(text, pattern, query, rule, services)]
            offers += [Offer(doc_id, start, end, code_id, 1.0) for start, end in merged(found)]
    return offers


def _extended(text: str, pattern, query, rule: Rule, services) -> list[tuple[int, int]]:
    """The rule's hits in ``text``, extended (sentences are found only where there is a hit)."""
    hits = pairs(spans(pattern, text, query))
    return extended(text, hits, rule.extend, services) if hits else []
