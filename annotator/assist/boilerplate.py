"""Boilerplate candidates (issue 15, method 4): template text a publisher or a scraper added.

Two signs, both found line by line (a line is a paragraph of :mod:`annotator.paragraphs`: the
text between line breaks, trimmed of edge whitespace):

- **Repeated lines**: a line found in at least two documents of one group. The group is a
  document attribute (``outlet`` unless another is chosen); a document without it (or with it
  empty) falls back to its source site, the host of its ``url`` or ``source`` attribute or of its
  ``source_path`` when that is a web address (``www.`` dropped). A document with neither is in no
  group. Lines are compared casefolded with white space collapsed; a line of fewer than
  ``MIN_WORDS`` words (a word holds a letter, so lines of numbers or punctuation have none) is
  never boilerplate. Score: the share of the group's
  documents that hold the line.
- **Tails**: from a marker line ("You may also like", "Related articles", "Lesen Sie auch"...: a
  line of at most ``MARKER_MAX_WORDS`` words that starts with one of ``MARKERS``, after any
  bullets) to the end of the text, if the marker starts at or after ``TAIL_FROM`` of the text (a
  tail of most of the document is not a tail). Score: the share of the text before the tail.

Candidates of one document that overlap or are separated by white space only become one span
(its highest score, its reasons joined). Groups are counted over all documents; candidates are
made only for the documents asked for.
"""
from __future__ import annotations

import re
import sqlite3
from collections import Counter
from typing import Iterable, NamedTuple, Optional
from urllib.parse import urlsplit

from ..attribute_rules import read_stored
from ..paragraphs import paragraphs

DEFAULT_ATTRIBUTE = "outlet"
MIN_WORDS = 3
MARKER_MAX_WORDS = 12
TAIL_FROM = 0.3
SITE_KEYS = ("url", "source")
MARKERS = (
    # English
    "you may also like", "you might also like", "related articles", "related stories", "related content",
    "related coverage", "read more", "read next", "more from", "more stories", "more on this story",
    "recommended for you", "recommended stories", "sign up for our newsletter", "subscribe to our newsletter",
    "share this article", "share this story", "most read", "most popular", "trending now",
    # German
    "das könnte sie auch interessieren", "das könnte dich auch interessieren", "lesen sie auch", "mehr zum thema",
    "weitere artikel", "ähnliche artikel", "auch interessant", "newsletter abonnieren", "artikel teilen",
    "meistgelesen",
    # French
    "à lire aussi", "lire aussi", "vous aimerez aussi", "vous aimerez peut-être aussi", "sur le même sujet",
    "articles similaires", "articles liés", "inscrivez-vous à notre newsletter", "partager cet article",
    "les plus lus",
    # Spanish
    "te puede interesar", "también te puede interesar", "noticias relacionadas", "artículos relacionados",
    "lee también", "leer más", "más noticias", "suscríbete a nuestro boletín", "comparte este artículo",
    "lo más leído",
)
_MARKERS = tuple(marker.casefold() for marker in MARKERS)
_WORD = re.compile(r"\w*[^\W\d_]\w*")   # a run of word characters holding a letter
_LEADING = re.compile(r"^[\W_]+")        # bullets, arrows, dashes before a marker


class Page(NamedTuple):
    """One document as the method reads it."""
    id: int
    text: str
    group: Optional[tuple[str, str]]     # (attribute, value) or ("site", host); None: no group


Candidate = tuple[int, int, int, float, str]   # document_id, start, end, score (0..1), reason


def boilerplate_spans(conn: sqlite3.Connection, documents: Optional[Iterable[int]] = None,
                      attribute: str = DEFAULT_ATTRIBUTE) -> list[Candidate]:
    """Candidates in the documents whose ids are in ``documents`` (all when None), grouped by
    ``attribute`` over all the project's documents; in document order, then by start."""
    return find_boilerplate(read_pages(conn, attribute), documents)


def read_pages(conn: sqlite3.Connection, attribute: str = DEFAULT_ATTRIBUTE) -> list[Page]:
    """Every document with its group, by one query in id order."""
    rows = conn.execute("SELECT id, text, attributes, source_path FROM documents ORDER BY id")
    return [Page(id, text, group_of(read_stored(raw), source_path, attribute))
            for id, text, raw, source_path in rows]


def group_of(attributes: dict, source_path: Optional[str], attribute: str) -> Optional[tuple[str, str]]:
    """A document's group: its ``attribute`` value, else its source site, else None."""
    value = attributes.get(attribute)
    if value is not None and str(value).strip():
        return (attribute, str(value).strip())
    by_key = {str(key).casefold(): item for key, item in attributes.items()}
    for candidate in [by_key.get(key) for key in SITE_KEYS] + [source_path]:
        host = site(candidate)
        if host:
            return ("site", host)
    return None


def site(value) -> str:
    """The host of a web address (lower case, without ``www.``), or ``""``."""
    if not isinstance(value, str):
        return ""
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return ""
    host = (parts.hostname or "") if parts.scheme.lower() in ("http", "https") else ""
    return host.removeprefix("www.")


def find_boilerplate(pages: list[Page], chosen: Optional[Iterable[int]] = None) -> list[Candidate]:
    """The method on plain data (see the module's docstring)."""
    wanted = None if chosen is None else set(chosen)
    lines = {page.id: _lines(page.text) for page in pages if page.group is not None}
    holders = _holders(pages, lines)
    sizes = Counter(page.group for page in pages if page.group is not None)
    out: list[Candidate] = []
    for page in pages:
        if wanted is None or page.id in wanted:
            found = _repeated(page, lines.get(page.id, []), holders, sizes) + _tail(page)
            out.extend((page.id, *span) for span in _merged(page.text, found))
    return out


def _lines(text: str) -> list[tuple[int, int, str]]:
    """The lines worth comparing: (start, end, key), key casefolded with white space collapsed."""
    out = []
    for start, end in paragraphs(text):
        line = text[start:end]
        if len(_WORD.findall(line)) >= MIN_WORDS:
            out.append((start, end, " ".join(line.casefold().split())))
    return out


def _holders(pages: list[Page], lines: dict) -> Counter:
    """How many documents of each group hold each line: ``{(group, key): count}``."""
    counts: Counter = Counter()
    for page in pages:
        if page.group is not None:
            counts.update((page.group, key) for key in {key for _s, _e, key in lines[page.id]})
    return counts


def _repeated(page: Page, lines: list, holders: Counter, sizes: Counter) -> list[tuple[int, int, float, str]]:
    name, value = page.group or ("", "")
    where = f"{name} {value!r}"
    out = []
    for start, end, key in lines:
        count = holders[(page.group, key)]
        if count >= 2:
            out.append((start, end, count / sizes[page.group],
                        f"line in {count} of {sizes[page.group]} documents of {where}"))
    return out


def _tail(page: Page) -> list[tuple[int, int, float, str]]:
    text = page.text.rstrip()
    for start, end in paragraphs(text):
        marker = _marker(text[start:end])
        if marker and start >= TAIL_FROM * len(text):
            return [(start, len(text), start / len(text), f"tail after “{text[start:end]}”")]
    return []


def _marker(line: str) -> str:
    """The marker a line starts with, or ``""``."""
    if len(_WORD.findall(line)) > MARKER_MAX_WORDS:
        return ""
    folded = _LEADING.sub("", " ".join(line.casefold().split()))
    for marker in _MARKERS:
        if folded.startswith(marker) and not folded[len(marker):len(marker) + 1].isalnum():
            return marker
    return ""


def _merged(text: str, found: list[tuple[int, int, float, str]]) -> list[tuple[int, int, float, str]]:
    """Overlapping spans, and spans with only white space between them, joined."""
    out: list[list] = []
    for start, end, score, reason in sorted(found):
        if out and not text[out[-1][1]:start].strip():
            last = out[-1]
            last[1], last[2] = max(last[1], end), max(last[2], score)
            if reason not in last[3]:
                last[3].append(reason)
        else:
            out.append([start, end, score, [reason]])
    return [(start, end, score, "; ".join(reasons)) for start, end, score, reasons in out]
