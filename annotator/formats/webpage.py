"""Saved web pages (.html, .htm) with beautifulsoup4: the main text only.

Scripts, styles, forms, navigation, page headers, footers and asides are dropped (by tag and
by ARIA role); if the page marks its content with ``<main>`` (or one ``<article>``), only that
is kept. Block elements become line breaks; runs of white space inside a paragraph become one
space, as a browser shows them; ``<pre>`` keeps its spacing. The encoding comes from a BOM, the
``<meta charset>`` or detection (bs4's UnicodeDammit).

:func:`read_main` (``import --main-text``) keeps only the article as trafilatura extracts it,
with the page's whole visible text beside it (:func:`page_text`), and :func:`removed_passages`
names the lines of the page the article lacks, so what extraction left out can be shown.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path
from typing import NamedTuple

from ..errors import RefusedFileError
from ..paragraphs import paragraphs
from ..textio import normalise
from ..textmatch import nfc
from .safety import read_bytes

DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
        "nav", "header", "footer", "aside", "form", "button", "select", "head", "menu", "dialog")
DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
BLOCKS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
          "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "figure", "figcaption", "address",
          "hr", "body", "html", "caption", "details", "summary"}
INVISIBLE = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "head")
_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML white space; NBSP is text and stays
_TAG = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*|!doctype)[\s/>]", re.IGNORECASE)
_LIST_MARK = re.compile(r"^[-*•]\s+")  # trafilatura starts list items with "- "


class MainText(NamedTuple):
    text: str        # the article, normalised
    page_text: str   # the page's whole visible text, normalised
    method: str      # "trafilatura 2.3.1"
    removed: int     # characters of the page in passages the text lacks (:func:`removed_passages`)


def read(path: Path) -> str:
    from bs4 import BeautifulSoup

    data = read_bytes(path)
    try:
        soup = BeautifulSoup(data, "html.parser")
    except Exception as error:
        raise RefusedFileError(f"{path.name} could not be read as HTML ({error}).") from None
    return main_text(soup)


def read_main(path: Path) -> MainText:
    """The page's main text by trafilatura, and its whole text; a page with none is refused."""
    import trafilatura
    from bs4 import BeautifulSoup

    markup = _markup(path)
    found = trafilatura.extract(markup, include_comments=False, include_tables=True, deduplicate=False)
    text = normalise(found or "")
    if not text.strip():
        raise RefusedFileError(f"No main text was found in {path.name}; import it without --main-text "
                               "to keep the whole page.")
    whole = normalise(page_text(BeautifulSoup(markup, "html.parser")))
    removed = sum(end - start for start, end in removed_passages(whole, text))
    return MainText(text, whole, f"trafilatura {trafilatura.__version__}", removed)


def _markup(path: Path) -> str:
    """The page decoded; bytes that are no web page (binary data, no HTML tag) are refused."""
    from bs4 import UnicodeDammit

    markup = UnicodeDammit(read_bytes(path), is_html=True).unicode_markup
    if markup is None or "\x00" in markup:
        raise RefusedFileError(f"{path.name} is not a web page: it holds binary data.")
    if not _TAG.search(markup):
        raise RefusedFileError(f"{path.name} is not a web page: it holds no HTML tags.")
    return markup


def page_text(soup) -> str:
    """Everything the page shows as text: only what a browser never shows is dropped."""
    for tag in soup.find_all(INVISIBLE):
        tag.decompose()
    return _text(soup.body or soup)


def removed_passages(page: str, text: str) -> list[tuple[int, int]]:
    """The runs of lines of ``page`` that ``text`` lacks (lines compared in NFC, with white space
    collapsed and list marks dropped), as code-point spans of ``page``. A line extraction
    rewrote counts as removed: an extra passage shown is better than one hidden. (trafilatura
    gives its text in NFC, the page keeps "e" + U+0301 as written: the same line.)"""
    lines = paragraphs(page)
    matcher = SequenceMatcher(None, [_key(page[s:e]) for s, e in lines],
                              [_key(text[s:e]) for s, e in paragraphs(text)], autojunk=False)
    return [(lines[i1][0], lines[i2 - 1][1]) for tag, i1, i2, _j1, _j2 in matcher.get_opcodes()
            if tag in ("delete", "replace")]


def _key(line: str) -> str:
    return _LIST_MARK.sub("", " ".join(nfc(line).split()))


def main_text(soup) -> str:
    for tag in soup.find_all(DROP):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": True}):
        if not tag.decomposed and str(tag.get("role", "")).lower() in DROP_ROLES:
            tag.decompose()
    return _text(soup.find("main") or _single(soup.find_all("article")) or soup.body or soup)


def _text(root) -> str:
    lines: list[str] = []
    current: list[str] = []
    _walk(root, lines, current, pre=False)
    _end_line(lines, current)
    return "\n".join(lines)


def _single(found):
    return found[0] if len(found) == 1 else None


def _walk(node, lines, current, pre: bool) -> None:
    from bs4 import Comment, NavigableString, Tag

    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            current.append(str(child) if pre else _SPACE.sub(" ", str(child)))
        elif isinstance(child, Tag):
            name = child.name.lower()
            if name == "br":
                _end_line(lines, current, keep_empty=True)
            elif name in ("td", "th"):
                if current and current[-1] != "\t" and "".join(current).strip():
                    current.append("\t")
                _walk(child, lines, current, pre)
            elif name in BLOCKS:
                _end_line(lines, current)
                _walk(child, lines, current, pre or name == "pre")
                _end_line(lines, current)
            else:
                _walk(child, lines, current, pre)


def _end_line(lines, current, keep_empty: bool = False) -> None:
    line = "".join(current)
    current.clear()
    if "\n" in line:  # <pre>
        lines.extend(line.strip("\n").split("\n"))
        return
    line = line.strip(" ")
    if line.strip() or (keep_empty and lines):
        lines.append(line)
