"""``annotator search`` and ``annotator autocode``: find a pattern in every document; code every hit."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from .autocode import EXTENDS
from .display import json_shown, say
from .errors import AnnotatorError
from .project import Project
from .search import DEFAULT_CONTEXT, one_line


def context_argument(text: str) -> int:
    """``--context N``: a whole number of characters, 0 or more (one sentence otherwise)."""
    if not re.fullmatch(r"\s*[0-9]+\s*", text):
        raise AnnotatorError(f"--context takes a whole number of characters (0 or more), not \"{text}\".")
    return int(text)


def register(sub) -> dict:
    p = sub.add_parser("search", help="find a pattern in every document, with context",
                       description="Every hit, in document order: plain text, ignoring case, unless --regex (a "
                                   "Python regular expression) or --case-sensitive. Offsets are code points.",
                       epilog="A pattern that starts with - goes after --: annotator search study.annot -- -ism")
    p.add_argument("project", type=Path)
    p.add_argument("pattern")
    _add_options(p)
    p.add_argument("--context", type=context_argument, default=DEFAULT_CONTEXT, metavar="N",
                   help=f"characters of context either side (default {DEFAULT_CONTEXT})")
    p.add_argument("--json", action="store_true", help="print a JSON list: document, start, end, text, left, right")
    p.add_argument("--memos", action="store_true",
                   help="search the memos on documents and codes and the journals instead of the texts (memos on "
                        "annotations: annotator segments --memo)")
    p = sub.add_parser("autocode", help="code every hit of a pattern with one code, as one coder",
                       description="Finds the pattern as search does and codes each hit, or its spaCy sentence, "
                                   "or its paragraph (the text between line breaks, U+2028/U+2029 too), in one "
                                   "transaction. A span the coder already has with that code is not added again.")
    p.add_argument("project", type=Path)
    p.add_argument("pattern")
    p.add_argument("--code", required=True, metavar="NAME", help="the code to apply (not a group)")
    p.add_argument("--coder", required=True, metavar="NAME", help="who codes (in a coder package: its coder)")
    p.add_argument("--extend", default="hit", metavar="|".join(EXTENDS),
                   help="code the hit (default), its sentence or its paragraph")
    _add_options(p)
    return {"search": cmd_search, "autocode": cmd_autocode}


def _add_options(p) -> None:
    p.add_argument("--regex", action="store_true", help="the pattern is a Python regular expression")
    p.add_argument("--case-sensitive", action="store_true", help="match case (default: ignore it)")
    p.add_argument("--whole-word", action="store_true", help="only hits with no letter or digit either side")
    p.add_argument("--document", action="append", metavar="NAME", help="only this document (name or id; repeatable)")
    p.add_argument("--where", action="append", metavar="KEY=VALUE",
                   help="only documents whose attribute matches (=, !=, <, <=, >, >=; repeatable, all must hold)")


def _options(args) -> dict:
    return {"regex": args.regex, "case_sensitive": args.case_sensitive, "whole_word": args.whole_word,
            "documents": args.document, "where": args.where}


def cmd_search(args) -> int:
    if args.memos:
        return _search_memos(args)
    with Project.open(args.project) as project:
        hits = project.search(args.pattern, context=args.context, **_options(args))
    if args.json:
        rows = [{"document": h.document, "document_id": h.document_id, "start": h.start, "end": h.end,
                 "text": h.text, "left": h.left, "right": h.right} for h in hits]
        print(json_shown(json.dumps(rows, ensure_ascii=False, indent=1)))
        return 0
    for h in hits:
        say(f"{h.document}:{h.start}-{h.end}: {one_line(h.left)}[{one_line(h.text)}]{one_line(h.right)}")
    documents = hits.document_count
    print(f"{len(hits)} hit{'s' * (len(hits) != 1)} in {documents} document{'s' * (documents != 1)}.",
          file=sys.stderr)
    return 0


def _search_memos(args) -> int:
    if args.document or args.where:
        raise AnnotatorError("--memos searches every memo; --document and --where choose documents' texts, "
                             "so leave them out (or search the texts without --memos).")
    with Project.open(args.project) as project:
        hits = project.search_memos(args.pattern, regex=args.regex, case_sensitive=args.case_sensitive,
                                    whole_word=args.whole_word)
    context = args.context
    rows: list[dict[str, Any]] = [{"kind": h.kind, "target": h.target, "coder": h.coder, "start": h.start, "end": h.end,
             "text": h.text[h.start:h.end], "left": h.text[max(0, h.start - context):h.start],
             "right": h.text[h.end:h.end + context]} for h in hits]
    if args.json:
        print(json_shown(json.dumps(rows, ensure_ascii=False, indent=1)))
        return 0
    for r in rows:
        where = f"{r['kind']} {r['target']}" if r["kind"] != "journal" else "journal"
        say(f"{where} ({r['coder']}):{r['start']}-{r['end']}: "
            f"{one_line(r['left'])}[{one_line(r['text'])}]{one_line(r['right'])}")
    print(f"{len(rows)} hit{'s' * (len(rows) != 1)} in memos.", file=sys.stderr)
    return 0


def cmd_autocode(args) -> int:
    with Project.open(args.project) as project:
        result = project.autocode(args.pattern, args.code, args.coder, extend=args.extend, **_options(args))
        code, coder = project.code(args.code).name, project.coder(args.coder).name
    unit = {"hit": "", "sentence": " (their sentences)", "paragraph": " (their paragraphs)"}[args.extend]
    say(f"Coded {result.hits} hit{'s' * (result.hits != 1)}{unit} as {code} for {coder}: {result.added} added, "
        f"{result.already} already there.")
    return 0
