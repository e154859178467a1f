"""The analysis commands: ``annotator segments`` (coded segments with their context),
``annotator crosstab`` (code frequencies) and ``annotator cooccurrence`` (codes together)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Callable, Iterable

from .analysis.cooccurrence import UNITS, Cooccurrence, cooccurrence
from .analysis.count_tables import write_cooccurrence, write_crosstab
from .analysis.crosstab import COUNTS, Crosstab, crosstab
from .analysis.describe import coefficient_name, cooccurrence_title, crosstab_title
from .analysis.retrieval import DEFAULT_CONTEXT, FIELDS, CodedSegment, read_segments
from .analysis.scope import resolve_scope
from .display import json_shown, say
from .formats.csv_export import ATTRIBUTE_PREFIX
from .formats.tables import write_csv, write_xlsx
from .project import Project
from .whole_numbers import number_option


def register(sub) -> dict:
    p = sub.add_parser("segments", help="every coded segment with its context (filter by code, coder, document, "
                                        "attribute, text or memo)",
                       description="List coded segments ordered by document, then start. --code includes the "
                                   "code's sub-codes; --coder gold is the adjudicated layer. Offsets are code points.")
    p.add_argument("project", type=Path)
    _scope_options(p)
    p.add_argument("--text", metavar="PATTERN", help="only segments whose text contains PATTERN (ignoring case)")
    p.add_argument("--memo", metavar="PATTERN", help="only segments whose memo contains PATTERN (ignoring case)")
    p.add_argument("--context", type=number_option("--context"), default=DEFAULT_CONTEXT, metavar="N",
                   help=f"characters of context on each side (default {DEFAULT_CONTEXT})")
    _output_options(p)
    _register_crosstab(sub)
    _register_cooccurrence(sub)
    return {"segments": cmd_segments, "crosstab": cmd_crosstab, "cooccurrence": cmd_cooccurrence}


def _register_crosstab(sub) -> None:
    p = sub.add_parser("crosstab", help="code frequencies by document, coder, attribute or date",
                       description="Count every code (groups rolled up: a parent counts its sub-codes) by documents, "
                                   "coders, the values of an attribute, or a date attribute by year, month or ISO "
                                   "week. Coders are pooled unless --coder narrows them.")
    p.add_argument("project", type=Path)
    p.add_argument("--rows", choices=["code"], default="code", help="what the rows are (codes)")
    p.add_argument("--columns", required=True, metavar="WHAT",
                   help="document, coder, attr:KEY, year:KEY, month:KEY or week:KEY")
    p.add_argument("--count", choices=COUNTS, default="segments",
                   help="segments (default), documents with one, characters covered, or segments per 1,000 words")
    _scope_options(p)
    _output_options(p)


def _register_cooccurrence(sub) -> None:
    p = sub.add_parser("cooccurrence", help="which codes go together (overlap, sentence, paragraph, document, "
                                            "window:N tokens) or follow each other (followed-by:N sentences)",
                       description="Count, per coder, the units in which two codes both occur, with the Jaccard "
                                   "coefficient (for overlap, ATLAS.ti's c-coefficient). Codes as coded (no "
                                   "roll-up); coders are pooled unless --coder narrows them.")
    p.add_argument("project", type=Path)
    p.add_argument("--unit", required=True, metavar="UNIT", help=", ".join(UNITS))
    _scope_options(p)
    _output_options(p)


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
        segments = read_segments(conn, scope, args.context, args.text, args.memo)
    if args.json:
        print(segments_json(segments))
    elif args.csv or args.xlsx:
        _write_table(args, segments)
    else:
        _show(segments)
    return 0


def segments_json(segments: list[CodedSegment]) -> str:
    return json_shown(json.dumps([s.as_json() for s in segments], ensure_ascii=False, indent=1))


def segment_table(segments: list[CodedSegment]) -> tuple[list[str], list[list]]:
    """The header and rows of a segments table: the fields, then ``attr:KEY`` per attribute."""
    keys = sorted({key for s in segments for key in s.attributes})
    header = [f for f in FIELDS if f != "attributes"] + [ATTRIBUTE_PREFIX + k for k in keys]
    rows = [[*s.values()[:11], *(s.attributes.get(k) for k in keys)] for s in segments]
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


# ----------------------------------------------------------------- count tables
def _counted(args, count: Callable) -> tuple:
    """``count(conn, scope)`` on the scope the options choose, and the names of its coders."""
    with Project.open(args.project) as project:
        project.store.check_intact("no table was made")
        conn = project.store.conn
        scope = resolve_scope(conn, args.code, args.coder, args.document, args.where)
        return count(conn, scope), _coder_names(conn, scope)


def _report(args, table, warnings: Iterable[str], write: Callable, show: Callable) -> int:
    """The warnings on stderr, then the table as JSON, written to --csv/--xlsx, or shown (``show()``)."""
    for warning in warnings:
        say(f"warning: {warning}", file=sys.stderr)
    if args.json:
        print(json_shown(json.dumps(table.as_json(), ensure_ascii=False, indent=1)))
    elif args.csv or args.xlsx:
        write(args, table)
    else:
        show()
    return 0


# ----------------------------------------------------------------- crosstab
def cmd_crosstab(args) -> int:
    table, coders = _counted(args, lambda conn, scope: crosstab(conn, scope, args.columns, args.count))
    return _report(args, table, table.columns.warnings, _write_crosstab, lambda: _show_crosstab(table, coders))


def _write_crosstab(args, table: Crosstab) -> None:
    notes = write_crosstab(args.csv or args.xlsx, table, "csv" if args.csv else "xlsx", args.raw)
    for note in notes:
        say(f"note: {note}")
    if args.csv:
        say(f"Wrote {len(table.rows) * len(table.labels)} cells ({table.count}) to {args.csv}.")
    else:
        say(f"Wrote {len(table.rows)} codes x {len(table.labels)} columns ({table.count}) to {args.xlsx}.")


def _show_crosstab(table: Crosstab, coders: list[str]) -> None:
    say(crosstab_title(table.count, table.columns.spec, coders))
    cells = [[_number(v) for v in values] for values in table.values]
    _grid(["code", *table.labels], [[row, *values] for row, values in zip(table.rows, cells)])
    say("documents: " + ", ".join(f"{label} {n}" for label, n in table.documents.items()))


# ----------------------------------------------------------------- co-occurrence
def cmd_cooccurrence(args) -> int:
    table, coders = _counted(args, lambda conn, scope: cooccurrence(conn, scope, args.unit))
    return _report(args, table, table.warnings, _write_cooccurrence, lambda: _show_cooccurrence(table, coders))


def _write_cooccurrence(args, table: Cooccurrence) -> None:
    for note in write_cooccurrence(args.csv or args.xlsx, table, "csv" if args.csv else "xlsx", args.raw):
        say(f"note: {note}")
    say(f"Wrote {len(table.codes) ** 2} pairs of codes (unit {table.unit}) to {args.csv or args.xlsx}.")


def _show_cooccurrence(table: Cooccurrence, coders: list[str]) -> None:
    say(cooccurrence_title(table.unit, coders))
    numbers = [str(i + 1) for i in range(len(table.codes))]
    rows = [[f"{i + 1} {code}", *map(str, counts), str(total)]
            for i, (code, counts, total) in enumerate(zip(table.codes, table.counts, table.totals))]
    _grid(["code", *numbers, "units"], rows)
    size = range(len(table.codes))
    say(f"{coefficient_name(table.unit)}:")
    _grid(["code", *numbers], [[f"{a + 1} {table.codes[a]}", *(_number(table.jaccard(a, b)) for b in size)]
                               for a in size])


# ----------------------------------------------------------------- plain text tables
def _coder_names(conn, scope) -> list[str]:
    names = [(i, name) for i, name in conn.execute("SELECT id, name FROM coders")]
    return sorted((name for i, name in names if scope.coder_ids is None or i in scope.coder_ids), key=str.casefold)


def _number(value) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def _grid(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(line[i])) for line in [header, *rows]) for i in range(len(header))]
    for line in [header, *rows]:
        say("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(line, widths))))
