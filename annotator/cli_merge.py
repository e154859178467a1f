"""Subcommands for several coders: ``package``, ``merge`` and ``coders``."""
from __future__ import annotations

import sys
from pathlib import Path

from .coder_names import PLACEHOLDER_WARNING, is_placeholder_name, taken, tidy
from .display import say
from .errors import AnnotatorError
from .merging import merge
from .merging.report import plural
from .packages import coder_progress, make_package
from .project import Project
from .whole_numbers import number_option


def register(sub) -> dict:
    p = sub.add_parser("package", help="make a coder package (blind by default)",
                       description="Make a project file for one coder: the chosen documents, the codebook, "
                                   "the coder's profile (created if new) and none of the other coders' annotations.")
    p.add_argument("project", type=Path)
    p.add_argument("--coder", required=True, help="the coder's name (or UUID)")
    p.add_argument("--documents", nargs="+", metavar="DOC", help="only these documents (names, UUIDs or ids)")
    p.add_argument("--sample", type=number_option("--sample"), metavar="N", help="a random sample of N documents")
    p.add_argument("--seed", help="seed of the random sample, so it can be made again")
    p.add_argument("--lock-codebook", action="store_true", help="the coder may read codes but not edit them")
    p.add_argument("--include-annotations", action="store_true", help="also copy other coders' annotations")
    p.add_argument("-o", "--output", type=Path, required=True, help="the package file to write")

    p = sub.add_parser("merge", help="merge coder packages into the project",
                       description="Merge coders' packages in one transaction: documents matched by text "
                                   "SHA-256, codes and coders by UUID. Prints what happened per coder.")
    p.add_argument("project", type=Path)
    p.add_argument("packages", nargs="+", type=Path)
    p.add_argument("--match-names", action="store_true",
                   help="accept codes and coders that match the project only by name")

    p = sub.add_parser("coders", help="each coder's progress per document; --add adds coders",
                       description="Lists each coder's progress per document, or with --add adds coders (a name "
                                   "another coder has, ignoring case, is refused; a placeholder gets a warning).")
    p.add_argument("project", type=Path)
    p.add_argument("--add", action="append", metavar="NAME", help="add a coder with this name (repeat for more)")
    return {"package": cmd_package, "merge": cmd_merge, "coders": cmd_coders}


def cmd_package(args) -> int:
    documents = [int(d) if d.isdigit() else d for d in args.documents] if args.documents else None
    with Project.open(args.project) as project:
        report = make_package(project, args.coder, args.output, documents=documents, sample=args.sample,
                              seed=args.seed, lock_codebook=args.lock_codebook,
                              include_annotations=args.include_annotations)
    for line in report.lines():
        say(line)
    return 0


def cmd_merge(args) -> int:
    def progress(step: str) -> None:
        if sys.stderr.isatty():
            say(f"  {step}…", file=sys.stderr)

    with Project.open(args.project) as project:
        report = merge(project, args.packages, confirm_name_matches=(lambda m: True) if args.match_names else None,
                       progress=progress)
    for line in report.lines():
        say(line)
    return 0


def cmd_coders(args) -> int:
    if args.add is not None:
        return _add_coders(args.project, args.add)
    with Project.open(args.project) as project:
        rows = coder_progress(project)
    if not rows:
        print("No coders or no documents yet.")
        return 0
    width = max(len(r.document.name) for r in rows)
    current = None
    for row in rows:
        if row.coder.id != current:
            current = row.coder.id
            mine = [r for r in rows if r.coder.id == current]
            done = sum(r.status == "done" for r in mine)
            started = sum(r.status == "in progress" for r in mine)
            say(f"{row.coder.name}: {done} done, {started} in progress, {len(mine) - done - started} not started, "
                f"{plural(sum(r.annotations for r in mine), 'annotation')}")
        say(f"  {row.document.name:<{width}}  {row.status:<12}  {row.annotations:>6}")
    return 0


def _add_coders(path: Path, given: list[str]) -> int:
    """Add every name in ``given`` in one transaction, or none: all are checked first."""
    names = [tidy(name) for name in given]
    with Project.open(path) as project:
        existing = [coder.name for coder in project.coders()]
        for i, name in enumerate(names):
            if not name:
                raise AnnotatorError("A coder needs a name; give one after --add.")
            if other := taken(name, existing):
                raise AnnotatorError(f"There is already a coder named {other!r} in this project.")
            if taken(name, names[:i]):
                raise AnnotatorError(f"{name!r} is given twice.")
        with project.batch():
            for name in names:
                project.add_coder(name)
    say(f"Added coders: {', '.join(names)}." if len(names) > 1 else f"Added coder {names[0]}.")
    for name in filter(is_placeholder_name, names):
        say("warning: " + PLACEHOLDER_WARNING.format(name=name), file=sys.stderr)
    return 0
