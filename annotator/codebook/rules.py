"""A code's rules: keywords, phrases and regular expressions that suggest it (issue 15, method 2).

Stored in ``codes.rules`` (migration 8) as a JSON list, one object a rule::

    [{"kind": "keyword", "pattern": "tax", "case_sensitive": false, "extend": "hit"},
     {"kind": "phrase", "pattern": "unfair tax", "case_sensitive": false, "extend": "sentence"},
     {"kind": "regex", "pattern": "\\\\bcuts?\\\\b", "case_sensitive": true, "extend": "paragraph"}]

- ``keyword``: one word, ``phrase``: several words (any run of whitespace between them matches
  any other); both are matched as whole words (:class:`annotator.patterns.Query` ``whole_word``).
- ``regex``: a Python regular expression, matched as written (``\\b`` is the user's to write).
- ``case_sensitive``: false by default; ``extend``: what is suggested, the ``hit``, its
  ``sentence`` or its ``paragraph`` (as auto-coding extends, :mod:`annotator.autocode`).

Every rule goes through :func:`check_rule`, the one place rules are validated, whether it comes
from the editor, a scheme file, a ``.qdc`` description or the stored column: a pattern is
compiled as it will be searched, so an invalid or empty-matching one is refused in one sentence.

A rule also has one line of text, ``KIND[, EXTEND][, case-sensitive]: PATTERN`` (``keyword:
tax``, ``phrase, sentence: unfair tax``): how the command line takes it, the app edits it, the
printed codebook lists it and a ``.qdc`` description carries it (:func:`rule_line`,
:func:`parse_line`).
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Any, Iterable, Optional

from ..display import shown
from ..errors import AnnotatorError, SchemeError
from ..patterns import Query

KINDS = ("keyword", "phrase", "regex")
EXTENDS = ("hit", "sentence", "paragraph")     # as annotator.autocode.EXTENDS (a test keeps them equal)
CASE_SENSITIVE = "case-sensitive"


@dataclass(frozen=True)
class Rule:
    kind: str
    pattern: str
    case_sensitive: bool = False
    extend: str = "hit"

    def query(self) -> Query:
        """The search this rule makes (keywords and phrases as whole words, whitespace as any)."""
        if self.kind == "regex":
            return Query(self.pattern, regex=True, case_sensitive=self.case_sensitive)
        source = r"\s+".join(re.escape(word) for word in self.pattern.split())
        return Query(source, regex=True, case_sensitive=self.case_sensitive, whole_word=True)


def check_rule(kind: Any, pattern: Any, case_sensitive: Any = False, extend: Any = "hit") -> Rule:
    """The rule these make, or :class:`SchemeError` saying in one sentence what is wrong."""
    if kind not in KINDS:
        raise SchemeError(f"A rule is a {', '.join(KINDS[:-1])} or {KINDS[-1]}, not {shown(str(kind))!r}.")
    if extend not in EXTENDS:
        raise SchemeError(f"A rule suggests the {', '.join(EXTENDS[:-1])} or {EXTENDS[-1]}, "
                          f"not {shown(str(extend))!r}.")
    if not isinstance(case_sensitive, bool):
        raise SchemeError(f"A rule's case_sensitive is true or false, not {shown(str(case_sensitive))!r}.")
    if not isinstance(pattern, str) or not pattern.strip():
        raise SchemeError(f"A {kind} rule needs a pattern to look for.")
    if "\n" in pattern or "\r" in pattern:
        raise SchemeError(f"A rule's pattern is one line (a regular expression writes a line break as \\n), "
                          f"not {shown(pattern)!r}.")
    if kind != "regex":
        pattern = " ".join(pattern.split())
    elif pattern != pattern.strip():
        raise SchemeError(f"A regular expression may not start or end with a space (write \\s or [ ] there), "
                          f"as {shown(pattern)!r} does.")
    if kind == "keyword" and " " in pattern:
        raise SchemeError(f"A keyword is one word; {pattern!r} is a phrase (write phrase: {pattern}).")
    rule = Rule(kind, pattern, case_sensitive, extend)
    try:
        rule.query().compile()
    except AnnotatorError as error:
        raise SchemeError(f"The {kind} rule {shown(pattern)!r} is refused: {_lower(str(error))}") from None
    return rule


def _lower(message: str) -> str:
    """A sentence continued after a colon: its first letter small (unless it starts an acronym)."""
    return message if message[1:2].isupper() else message[:1].lower() + message[1:]


def check_rules(items: Any, code: str = "") -> tuple[Rule, ...]:
    """Rules from their JSON shape (a list of objects), each checked; ``code`` names the code in errors."""
    where = f" of code {code!r}" if code else ""
    if not isinstance(items, list):
        raise SchemeError(f"The rules{where} must be a list, not {type(items).__name__}.")
    rules = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict) or set(item) - {"kind", "pattern", "case_sensitive", "extend"}:
            raise SchemeError(f"Rule {number}{where} must be an object with kind, pattern, case_sensitive and "
                              "extend.")
        try:
            rules.append(check_rule(item.get("kind"), item.get("pattern"), item.get("case_sensitive", False),
                                    item.get("extend", "hit")))
        except SchemeError as error:
            raise SchemeError(f"Rule {number}{where}: {_lower(str(error))}") from None
    return tuple(dict.fromkeys(rules))


def rules_text(rules: Iterable[Rule]) -> str:
    """What ``codes.rules`` holds: the rules as canonical JSON (equal rules, equal text)."""
    return json.dumps([asdict(rule) for rule in rules], ensure_ascii=False)


def read_rules(text: Optional[str], code: str = "") -> tuple[Rule, ...]:
    """The rules stored in ``codes.rules`` (checked again: the file may have been written elsewhere)."""
    try:
        items = json.loads(text or "[]")
    except json.JSONDecodeError:
        raise SchemeError(f"The rules of code {code!r} are not readable JSON; set them again.") from None
    return check_rules(items, code)


def rule_line(rule: Rule) -> str:
    """The rule as one line of text (:func:`parse_line` reads it back)."""
    head = [rule.kind] + ([rule.extend] if rule.extend != "hit" else []) + ([CASE_SENSITIVE] * rule.case_sensitive)
    return f"{', '.join(head)}: {rule.pattern}"


def parse_line(line: str, extend: str = "hit", case_sensitive: bool = False) -> Rule:
    """A rule from its line, ``KIND[, EXTEND][, case-sensitive]: PATTERN``; ``extend`` and
    ``case_sensitive`` apply where the line does not say."""
    head, colon, pattern = line.partition(":")
    words = [w.strip().lower() for w in head.split(",")]
    if not colon or words[0] not in KINDS:
        raise SchemeError(f"A rule is written KIND: PATTERN with KIND keyword, phrase or regex (as in "
                          f"\"phrase, sentence: unfair tax\"), not {shown(line)!r}.")
    for word in words[1:]:
        if word not in (*EXTENDS, CASE_SENSITIVE):
            raise SchemeError(f"After the kind a rule may say {', '.join(EXTENDS)} or {CASE_SENSITIVE}, "
                              f"not {shown(word)!r}.")
        extend = word if word in EXTENDS else extend
        case_sensitive = case_sensitive or word == CASE_SENSITIVE
    return check_rule(words[0], pattern.strip(), case_sensitive, extend)


def parse_lines(text: str, code: str = "") -> tuple[Rule, ...]:
    """Rules from lines of text (blank lines skipped); an error names the line and the code."""
    rules = []
    for number, line in enumerate((text or "").splitlines(), 1):
        if line.strip():
            try:
                rules.append(parse_line(line.strip()))
            except SchemeError as error:
                where = f" of the rules of {code!r}" if code else ""
                raise SchemeError(f"Line {number}{where}: {_lower(str(error))}") from None
    return tuple(dict.fromkeys(rules))
