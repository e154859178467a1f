"""``annotator memos PROJECT``: list the memos on documents and codes and the journals, or set one."""
from __future__ import annotations

import json
from pathlib import Path

from .display import json_shown, say, shown
from .errors import AnnotatorError, RefusedFileError
from .memos import KINDS, lines
from .project import Project
from .textio import read_text_file


def register(sub) -> dict:
    p = sub.add_parser("memos", help="list or write memos on documents and codes, and the project journal",
                       description="Without --set, list every memo with text (on documents, on codes, then each "
                                   "coder's journal). A memo belongs to a coder: one per coder on each document or "
                                   "code, one journal per coder. --set writes one in one transaction; an empty "
                                   "--text '' clears it.")
    p.add_argument("project", type=Path)
    p.add_argument("--json", action="store_true", help="list as JSON")
    p.add_argument("--kind", choices=KINDS, help="list only memos on documents, on codes, or the journals")
    p.add_argument("--coder", metavar="NAME", help="only this coder's memos; with --set, whose memo it is")
    p.add_argument("--set", nargs="+", metavar=("KIND", "TARGET"),
                   help="write a memo: document NAME, code NAME, or journal (no target); needs --coder and "
                        "--text or --file")
    text = p.add_mutually_exclusive_group()
    text.add_argument("--text", help="with --set: the memo's text ('' clears the memo)")
    text.add_argument("--file", type=Path, metavar="FILE", help="with --set: read the memo's text from a text file")
    return {"memos": cmd_memos}


def cmd_memos(args) -> int:
    if not args.set and (args.text is not None or args.file is not None):
        raise AnnotatorError("--text and --file give the text of a memo written with --set.")
    with Project.open(args.project) as project:
        if args.set:
            return _set(project, args)
        coder = project.coder(args.coder).uuid if args.coder else None
        found = lines(project.store.conn, args.kind, coder)
        if args.json:
            print(json_shown(json.dumps([_json(line) for line in found], ensure_ascii=False, indent=1)))
        else:
            _print(found)
    return 0


def _set(project, args) -> int:
    kind, targets = args.set[0], args.set[1:]
    if kind not in KINDS:
        raise AnnotatorError(f"--set takes document NAME, code NAME or journal, not {shown(kind)!r}.")
    if len(targets) != (0 if kind == "journal" else 1):
        raise AnnotatorError("--set journal takes no target." if kind == "journal"
                             else f"--set {kind} takes one {kind}: its name (or UUID).")
    if not args.coder:
        raise AnnotatorError("Say whose memo it is with --coder NAME.")
    if args.text is None and args.file is None:
        raise AnnotatorError("Give the memo's text with --text TEXT or --file FILE (--text '' clears it).")
    target = targets[0] if targets else None
    before = project.memo(kind, target, args.coder)
    after = project.set_memo(kind, target, args.coder, _text(args))
    what = "journal" if kind == "journal" else f"memo on {kind} {shown(target)!r}"
    done = "unchanged" if before == after else "cleared" if after is None else "written"
    say(f"{project.coder(args.coder).name}'s {what}: {done}.")
    return 0


def _text(args) -> str:
    if args.file is None:
        return args.text
    try:
        return read_text_file(args.file).text
    except RefusedFileError as error:
        raise AnnotatorError(f"{str(error).rstrip('.')}; the memo was not changed (--text '' clears it).") from None


def _json(line) -> dict:
    memo = line.memo
    return {"kind": memo.kind, "target": line.target or None, "target_uuid": memo.target_uuid,
            "coder": line.coder, "text": memo.text, "created": memo.created, "modified": memo.modified,
            "uuid": memo.uuid}


def _print(found) -> None:
    if not found:
        say("No memos.")
    for line in found:
        where = "journal" if line.memo.kind == "journal" else f"{line.memo.kind} {line.target}"
        say(f"{where} · {line.coder} · {line.memo.modified[:10]}")
        for text in line.memo.text.rstrip("\n").split("\n"):
            say(f"    {text}")
