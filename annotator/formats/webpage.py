"""Saved web pages (.html, .htm) with beautifulsoup4: the main text only.

Scripts, styles, forms, navigation, page headers, footers and asides are dropped (by tag and
by ARIA role); if the page marks its content with ``<main>`` (or one ``<article>``), only that
is kept. Block elements become line breaks; runs of white space inside a paragraph become one
space, as a browser shows them; ``<pre>`` keeps its spacing. The encoding comes from a BOM, the
``<meta charset>`` or detection (bs4's UnicodeDammit).
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import RefusedFileError
from .safety import read_bytes

DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
        "nav", "header", "footer", "aside", "form", "button", "select", "head", "menu", "dialog")
DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
BLOCKS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
          "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "figure", "figcaption", "address",
          "hr", "body", "html", "caption", "details", "summary"}
_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML white space; NBSP is text and stays


def read(path: Path) -> str:
    from bs4 import BeautifulSoup

    data = read_bytes(path)
    try:
        soup = BeautifulSoup(data, "html.parser")
    except Exception as error:
        raise RefusedFileError(f"{path.name} could not be read as HTML ({error}).") from None
    return main_text(soup)


def main_text(soup) -> str:
    for tag in soup.find_all(DROP):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": True}):
        if not tag.decomposed and str(tag.get("role", "")).lower() in DROP_ROLES:
            tag.decompose()
    root = soup.find("main") or _single(soup.find_all("article")) or soup.body or soup
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
