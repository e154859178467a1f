"""A printable codebook (Markdown or self-contained HTML) for the appendix of a paper."""
from __future__ import annotations

import html
import re
import unicodedata
from datetime import datetime, timezone

from .anchors import Anchor, read_anchors
from .qdc import SECTIONS
from .reading import code_rows, scheme_version, tree_order
from .records import CodeRow
from .rules import read_rules, rule_line


def _tree(project) -> list[tuple[int, str, CodeRow]]:
    """(depth, number like "2.1", row) in tree order."""
    out: list[tuple[int, str, CodeRow]] = []
    counters: list[int] = []
    for depth, row in tree_order(code_rows(project.store.conn)):
        del counters[depth + 1:]
        if len(counters) <= depth:
            counters.append(0)
        counters[depth] += 1
        out.append((depth, ".".join(map(str, counters)), row))
    return out


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d")


def markdown(project) -> str:
    """Every code in tree order with colour, kind, key, definition, examples and rules."""
    version = scheme_version(project.store.conn)
    tree = _tree(project)
    lines = [f"# Codebook: {_md_inline(project.name)}", "",
             f"Codebook version {version}, {len(tree)} codes, exported {_stamp()}.", ""]
    for depth, number, row in tree:
        lines += [f"{'#' * min(depth + 2, 6)} {number} {_md_inline(row.name)}", ""]
        facts = [f"Colour: `{row.color}`", "Codable" if row.codable else "Group (not applied itself)"]
        if row.shortcut:
            facts.append(f"Key: `{row.shortcut.replace('`', '')}`")
        lines += [" · ".join(facts), ""]
        lines += [_md_text(row.description) if row.description.strip() else "*No definition yet.*", ""]
        for key, title in SECTIONS:
            if getattr(row, key).strip():
                lines += [f"**{title}:**", "", _md_text(getattr(row, key)), ""]
        rules = _rule_lines(row)
        if rules:   # an indented code block: a pattern is shown exactly as written
            lines += [f"**{RULES_TITLE}:**", "", *(f"    {line}" for line in rules), ""]
        for title, anchors in _anchor_groups(row):
            lines += [f"**{title}:**", "", *(f"- {_md_anchor(anchor)}" for anchor in anchors), ""]
    return "\n".join(lines).rstrip() + "\n"


RULES_TITLE = "Rules (keywords, phrases and patterns that suggest it)"


def _rule_lines(row: CodeRow) -> list[str]:
    return [rule_line(rule) for rule in read_rules(row.rules, row.name)]


ANCHOR_TITLES = {"example": "Anchor examples (adjudicated)", "counter": "Counter-examples (adjudicated: not this code)"}


def _anchor_groups(row: CodeRow) -> list[tuple[str, list[Anchor]]]:
    """(title, anchors) for the examples, then the counter-examples, each only if there are any."""
    anchors = read_anchors(row.anchors, row.name)
    groups = [(title, [a for a in anchors if a.kind == kind]) for kind, title in ANCHOR_TITLES.items()]
    return [(title, found) for title, found in groups if found]


def _md_anchor(anchor: Anchor) -> str:
    before, text, after = (_md_run(part) for part in (anchor.before, anchor.text, anchor.after))
    core = text.strip(" ")   # spaces at its ends go outside the bold, where CommonMark wants them
    cut = text.index(core)
    before, after = before + text[:cut], text[cut + len(core):] + after
    quoted = f"{before.lstrip()}{_md_bold(core, before[-1:] or '“', after[:1] or '”')}{after.rstrip()}"
    note = f" — {_md_inline(anchor.note)}" if anchor.note else ""
    return f"“{quoted}” ({_md_inline(anchor.document)}, {anchor.start}–{anchor.end}){note}"


def _html_anchor(anchor: Anchor) -> str:
    e = html.escape
    note = f" — {e(anchor.note)}" if anchor.note else ""
    return (f"<li>“{e(anchor.before)}<mark>{e(anchor.text)}</mark>{e(anchor.after)}” "
            f"<span class=\"facts\">({e(anchor.document)}, {anchor.start}–{anchor.end})</span>{note}</li>")


def _md_inline(text: str) -> str:
    return _md_run(" ".join(text.split()))


def _md_run(text: str) -> str:
    """Part of a line: runs of whitespace become one space (kept at the ends), Markdown's characters escaped."""
    return re.sub(r"([\\`*_\[\]#<>|])", r"\\\1", re.sub(r"\s+", " ", text))


def _md_bold(text: str, before: str, after: str) -> str:
    """``text`` (escaped) in bold between the characters ``before`` and ``after``: ``**`` where CommonMark
    reads them as bold there (right against a word, too), else ``<strong>`` (punctuation against a word)."""
    if _flanks(before, text[:1]) and _flanks(after, text[-1:]):
        return f"**{text}**"
    return f"<strong>{text}</strong>"


def _flanks(outside: str, inside: str) -> bool:
    """CommonMark's flanking rule for ``**`` between ``outside`` and ``inside`` ("" is a line's edge)."""
    return not _space(inside) and (not _punctuation(inside) or _space(outside) or _punctuation(outside))


def _space(char: str) -> bool:
    return not char or char.isspace()


def _punctuation(char: str) -> bool:
    return bool(char) and unicodedata.category(char)[0] in "PS"


def _md_text(text: str) -> str:
    """Prose as written, with HTML neutralised so a rendered file shows it as text."""
    return text.strip().replace("&", "&amp;").replace("<", "&lt;")


_CSS_PAGE = """
body { font: 11pt/1.45 Georgia, 'Times New Roman', serif; max-width: 46em; margin: 2em auto; padding: 0 1em;
       color: #111; background: #fff; }
h1 { font-size: 1.6em; } h2, h3, h4, h5, h6 { margin: 1.4em 0 .3em; }
.facts { font: .9em system-ui, sans-serif; color: #333; }
.swatch { display: inline-block; width: .9em; height: .9em; border: 1px solid #0006; vertical-align: -.1em;
          margin-right: .4em; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.rule { font-weight: bold; margin-bottom: 0; } .rule + p { margin-top: .2em; }
mark { background: #ffef9f; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
section { break-inside: avoid; } .empty { color: #666; font-style: italic; }
"""


def html_page(project) -> str:
    """A self-contained, printable HTML codebook; every user text is escaped."""
    version = scheme_version(project.store.conn)
    tree = _tree(project)
    e = html.escape
    body = [f"<h1>Codebook: {e(project.name)}</h1>",
            f"<p class=\"facts\">Codebook version {version}, {len(tree)} codes, exported {_stamp()}.</p>"]
    for depth, number, row in tree:
        level = min(depth + 2, 6)
        kind = "codable" if row.codable else "group (not applied itself)"
        key = f" · key <kbd>{e(row.shortcut)}</kbd>" if row.shortcut else ""
        body.append(f"<section id=\"code-{e(row.uuid)}\"><h{level}>{number} {e(row.name)}</h{level}>")
        body.append(f"<p class=\"facts\"><span class=\"swatch\" style=\"background:{_safe_colour(row.color)}\">"
                    f"</span>{e(row.color)} · {kind}{key}</p>")
        body.append(_html_paragraphs(row.description) if row.description.strip()
                    else "<p class=\"empty\">No definition yet.</p>")
        for attr, title in SECTIONS:
            if getattr(row, attr).strip():
                body.append(f"<p class=\"rule\">{title}:</p>{_html_paragraphs(getattr(row, attr))}")
        rules = _rule_lines(row)
        if rules:
            body.append(f"<p class=\"rule\">{RULES_TITLE}:</p><ul>"
                        + "".join(f"<li><code>{e(line)}</code></li>" for line in rules) + "</ul>")
        for title, anchors in _anchor_groups(row):
            body.append(f"<p class=\"rule\">{title}:</p><ul>" + "".join(map(_html_anchor, anchors)) + "</ul>")
        body.append("</section>")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>Codebook: {e(project.name)}</title>\n<style>{_CSS_PAGE}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def _safe_colour(color: str) -> str:
    return color if re.fullmatch(r"#[0-9A-Fa-f]{6}", color or "") else "#999999"


def _html_paragraphs(text: str) -> str:
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(f"<p>{html.escape(p.strip()).replace(chr(10), '<br>')}</p>" for p in paragraphs)
