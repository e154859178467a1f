"""The analysis commands: ``annotator segments`` (coded segments with their context)."""
from __future__ import annotations

import json
from pathlib import Path

from .analysis.retrieval import DEFAULT_CONTEXT, FIELDS, CodedSegment, coded_segments
from .analysis.scope import resolve_scope
from .display import json_shown, say
from .formats.csv_export import ATTRIBUTE_PREFIX
from .formats.tables import write_csv, write_xlsx
from .project import Project


def register(sub) -> dict:
    p = sub.add_parser("segments", help="every coded segment with its context (filter by code, coder, document, "
                                        "attribute, text or memo)",
                       description="List coded segments ordered by document, then start. --code includes the "
                                   "code's sub-codes; --coder gold is the adjudicated layer. Offsets are code points.")
    p.add_argument("project", type=Path)
    _scope_options(p)
    p.add_argument("--text", metavar="PATTERN", help="only segments whose text contains PATTERN (ignoring case)")
    p.add_argument("--memo", metavar="PATTERN", help="only segments whose memo contains PATTERN (ignoring case)")
    p.add_argument("--context", type=int, default=DEFAULT_CONTEXT, metavar="N",
                   help=f"characters of context on each side (default {DEFAULT_CONTEXT})")
    _output_options(p)
    return {"segments": cmd_segments}


def _scope_options(p) -> None:
    p.add_argument("--code", action="append", default=[], metavar="NAME", help="a code (name or path; repeatable)")
    p.add_argument("--coder", action="append", default=[], metavar="NAME", help="a coder, or gold (repeatable)")
    p.add_argument("--document", action="append", default=[], metavar="NAME", help="a document (repeatable)")
    p.add_argument("--where", action="append", default=[], metavar="KEY=VALUE",
                   help="documents whose attribute matches (=, !=, <, <=, >, >=; repeatable, all must hold)")


def _output_options(p) -> None:
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="a JSON list on standard output")
    out.add_argument("--csv", type=Path, metavar="FILE", help="write a CSV file")
    out.add_argument("--xlsx", type=Path, metavar="FILE", help="write an Excel workbook")
    p.add_argument("--raw", action="store_true", help="with --csv/--xlsx: do not neutralise formula-like cells")


def cmd_segments(args) -> int:
    with Project.open(args.project) as project:
        project.store.check_intact("no segments were listed")
        conn = project.store.conn
        scope = resolve_scope(conn, args.code, args.coder, args.document, args.where)
        segments = list(coded_segments(conn, scope, args.context, args.text, args.memo))
    if args.json:
        print(json_shown(json.dumps([s.as_json() for s in segments], ensure_ascii=False, indent=1)))
    elif args.csv or args.xlsx:
        _write_table(args, segments)
    else:
        _show(segments)
    return 0


def segment_table(segments: list[CodedSegment]) -> tuple[list[str], list[list]]:
    """The header and rows of a segments table: the fields, then ``attr:KEY`` per attribute."""
    keys = sorted({key for s in segments for key in s.attributes})
    header = [f for f in FIELDS if f != "attributes"] + [ATTRIBUTE_PREFIX + k for k in keys]
    rows = [[*s[:11], *(s.attributes.get(k) for k in keys)] for s in segments]
    return header, rows


def _write_table(args, segments: list[CodedSegment]) -> None:
    header, rows = segment_table(segments)
    if args.csv:
        write_csv(args.csv, header, rows, args.raw)
        say(f"Wrote {len(rows)} segments to {args.csv}.")
        return
    for note in write_xlsx(args.xlsx, "segments", header, rows, args.raw):
        say(f"note: {note}")
    say(f"Wrote {len(rows)} segments to {args.xlsx}.")


def _show(segments: list[CodedSegment]) -> None:
    for s in segments:
        flat = (piece.replace("\n", " ") for piece in (s.left, s.text, s.right))
        left, text, right = flat
        say(f"{s.document} [{s.start}-{s.end}] {s.code_path} ({s.coder}): ...{left}[{text}]{right}...")
    say(f"{len(segments)} segment{'' if len(segments) == 1 else 's'}.")
