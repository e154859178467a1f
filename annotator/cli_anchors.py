"""``annotator anchors PROJECT``: list the codes' anchors (gold annotations marked as examples or
counter-examples), or mark or unmark one (each a codebook edit: versioned, logged, undoable in the app)."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from .changes import ChangeKind, Group
from .codebook import UnmarkAnchor
from .codebook.anchors import KIND_WORDS, Anchor
from .display import json_shown, say
from .errors import AnnotatorError
from .project import Project
from .report.disagreements import BECAUSE_HELP, CITE_HELP, cite_options, cited, citing


def register(sub) -> dict:
    p = sub.add_parser("anchors", help="list, mark or unmark gold annotations as examples or counter-examples of codes",
                       description="Without --add or --remove, lists every code's anchors: adjudicated (gold) "
                                   "annotations marked as examples of their code, or as counter-examples of another "
                                   "code. The printed codebook and .qdc exports show them.")
    p.add_argument("project", type=Path)
    p.add_argument("--code", metavar="NAME", help="only this code; with --add --counter, the code it is not")
    p.add_argument("--json", action="store_true", help="list as JSON")
    change = p.add_mutually_exclusive_group()
    change.add_argument("--add", metavar="ANNOTATION_UUID", help="mark a gold annotation (an example of its code)")
    change.add_argument("--remove", metavar="ANNOTATION_UUID", help="unmark an annotation (from --code, else from "
                                                                    "every code it anchors)")
    p.add_argument("--counter", action="store_true", help="with --add: a counter-example of --code")
    p.add_argument("--note", metavar="TEXT", help="with --add: why it is (or is not) the code (marking again "
                                                        "without --note keeps the note)")
    p.add_argument("--because", default="", metavar="TEXT", help="with a change: " + BECAUSE_HELP)
    p.add_argument("--disagreement", action="append", default=[], metavar="ID", help="with a change: " + CITE_HELP)
    cite_options(p, "with --disagreement: ")
    return {"anchors": cmd_anchors}


def cmd_anchors(args) -> int:
    if (args.counter or args.note is not None) and not args.add:
        raise AnnotatorError("--counter and --note go with --add.")
    if citing(args) and not (args.add or args.remove):
        raise AnnotatorError("--because and --disagreement go with a change (--add or --remove).")
    with Project.open(args.project) as project:
        if args.add or args.remove:
            project.store.check_intact("no anchor was changed")
            return _add(project, args) if args.add else _remove(project, args)
        codes = [project.code(args.code)] if args.code else project.codes()
        listed = [(project.code_path(code), project.code_anchors(code)) for code in codes]
    if args.json:
        print(json_shown(json.dumps([{"code": path, "anchors": [asdict(a) for a in anchors]}
                                     for path, anchors in listed], ensure_ascii=False, indent=1)))
        return 0
    for path, anchors in listed:
        if anchors or args.code:
            say(f"{path}:" + ("" if anchors else " no anchors"))
        for anchor in anchors:
            say(f"  {_line(anchor)}")
    total = sum(len(anchors) for _, anchors in listed)
    say(f"{total} anchor{'s' * (total != 1)}.")
    return 0


def _line(anchor: Anchor) -> str:
    note = f" ({anchor.note})" if anchor.note else ""
    return (f"{KIND_WORDS[anchor.kind]}: \"{' '.join(anchor.text.split())}\" in {anchor.document} "
            f"{anchor.start}-{anchor.end}, annotation {anchor.annotation}{note}")


def _add(project: Project, args) -> int:
    code = project.code(args.code) if args.code else None
    anchor = project.mark_anchor(args.add, code, "counter" if args.counter else "example", args.note,
                                 because=args.because, disagreements=cited(project, args))
    named = project.code(code) if code else project.code(project.annotation(args.add).code_id)
    say(f"{project.code_path(named)}: {KIND_WORDS[anchor.kind]} marked (codebook version {project.scheme_version}).")
    return 0


def _remove(project: Project, args) -> int:
    codes = [project.code(args.code)] if args.code else \
        [c for c in project.codes() if any(a.annotation == args.remove for a in project.code_anchors(c))]
    if not codes:
        raise AnnotatorError(f"Annotation {args.remove} is not an example or counter-example of any code; "
                             "nothing was changed.")
    reasons = cited(project, args)
    project.apply(Group([UnmarkAnchor(args.remove, c.uuid, because=args.because, disagreements=reasons) for c in codes],
                        "Remove anchor", ChangeKind.SCHEME))
    say(f"Unmarked from {', '.join(project.code_path(c) for c in codes)} "
        f"(codebook version {project.scheme_version}).")
    return 0
