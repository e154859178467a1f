"""``annotator copy PROJECT -o FILE``: save a copy of a project, e.g. to rescue a damaged one."""
from __future__ import annotations

from pathlib import Path

from ._backup import copy_file
from .display import say
from .errors import AnnotatorError


def register(sub) -> dict:
    p = sub.add_parser("copy", help="save a copy of a project (a damaged one: everything readable)",
                       description="Write a consistent copy of the project file without changing it. A file that "
                                   "SQLite's check finds damaged is rebuilt row by row, which saves everything "
                                   "readable; work on the copy.")
    p.add_argument("project", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, help="the copy to write (not replaced if it exists)")
    return {"copy": cmd_copy}


def cmd_copy(args) -> int:
    if args.output.exists():
        raise AnnotatorError(f"{args.output} already exists; choose another name for the copy.")
    target, damage = copy_file(args.project, args.output)
    if damage is None:
        print(f"Wrote {target}.")
    elif damage.pages:
        print(f"Wrote {target} (rebuilt from what was readable: check it before you go on).")
    else:
        say(f"Wrote {target}, an exact copy; note: {args.project.name} is damaged{damage.detail}, and so is the "
            "copy; " + damage.advice.format(name=args.project.name))
    return 0
