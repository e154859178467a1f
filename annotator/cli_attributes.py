"""``annotator attributes PROJECT``: list, set, unset, import and export document attributes."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .attribute_rules import damage_note
from .attribute_table import export_table, import_table
from .attributes import all_attributes, cell, set_values, unset_values
from .display import json_shown, say
from .project import Project


def register(sub) -> dict:
    p = sub.add_parser("attributes", help="list or change the documents' attributes (outlet, date, author...)",
                       description="Without options, list every document with its attributes. Values are text, "
                                   "numbers, true/false or dates (stored as YYYY-MM-DD; written dates such as "
                                   "'3 March 2024' are recognised, a day and month that could be swapped stay text, "
                                   "and a number stays text unless it keeps its written form). Every change is one "
                                   "transaction and changes only the keys it names.")
    p.add_argument("project", type=Path)
    action = p.add_mutually_exclusive_group()
    action.add_argument("--json", action="store_true", help="list as JSON")
    action.add_argument("--set", nargs="+", metavar=("DOCUMENT", "KEY=VALUE"),
                        help="set attributes of one document (by name or id)")
    action.add_argument("--unset", nargs="+", metavar=("DOCUMENT", "KEY"), help="remove attributes of one document")
    action.add_argument("--import", dest="table", type=Path, metavar="FILE",
                        help="a .csv/.xlsx whose 'document' column names documents; its other columns become "
                             "attributes (refused whole if a row names no document)")
    action.add_argument("--export", type=Path, metavar="FILE", help="write a .csv or .xlsx: document, then one "
                                                                     "column per attribute; --import reads it back "
                                                                     "exactly")
    p.add_argument("--raw", action="store_true", help="with --export: write text as it is, without the apostrophe "
                                                      "that neutralises formula-like cells and marks text")
    return {"attributes": cmd_attributes}


def cmd_attributes(args) -> int:
    with Project.open(args.project) as project:
        conn = project.store.conn
        if args.set:
            return _apply(project, *set_values(conn, args.set[0], args.set[1:]))
        if args.unset:
            return _apply(project, unset_values(conn, args.unset[0], args.unset[1:]), [])
        if args.table:
            result = import_table(conn, args.table)
            _apply(project, result.command, result.warnings)
            say(f"Set the attributes of {result.documents} documents from {args.table.name}.")
            return 0
        if args.export:
            count, notes = export_table(conn, args.export, args.raw)
            say(f"Wrote the attributes of {count} documents to {args.export}.")
            _warn(notes + [damage_note(conn)])
            return 0
        _list(all_attributes(conn), args.json)
        _warn([damage_note(conn)])
    return 0


def _warn(notes: list[str]) -> None:
    for note in filter(None, notes):
        say(f"warning: {note}", file=sys.stderr)


def _apply(project, command, warnings: list[str]) -> int:
    project.apply(command)
    _warn(warnings)
    return 0


def _list(documents, as_json: bool) -> None:
    if as_json:
        print(json_shown(json.dumps([{"id": i, "document": name, "attributes": attributes}
                                     for i, name, attributes in documents], ensure_ascii=False, indent=1)))
        return
    for i, name, attributes in documents:
        values = "; ".join(f"{key}={cell(value)}" for key, value in attributes.items()) or "(none)"
        say(f"{i}  {name}: {values}")
