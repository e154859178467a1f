"""``annotator calibration``: each coder against the gold layer (:mod:`annotator.calibration`)."""
from __future__ import annotations

import json
from pathlib import Path

from .calibration import calibrate
from .calibration_out import calibration_html, calibration_json, calibration_lines
from .display import json_shown, say
from .outputs import output_target, write_text_atomically
from .project import Project


def register(sub) -> dict:
    p = sub.add_parser("calibration", help="each coder against gold: per-code span F1 and α, over- and under-coding "
                                           "with examples",
                       description="Compares each coder with the gold (adjudicated) layer on the documents both "
                                   "coded: per code, span F1 with gold as the reference, the agreement report's "
                                   "figures for the coder and gold, and the text the coder coded that gold did not "
                                   "(over-coded) and the reverse (under-coded), with examples. With --round, a "
                                   "calibration round's coders on its documents, using only what its packages "
                                   "brought in.")
    p.add_argument("project", type=Path)
    p.add_argument("--coder", action="append", metavar="NAME",
                   help="a coder to compare with gold (repeat for more; default: the round's coders, else every "
                        "coder but gold and retest rows)")
    p.add_argument("--documents", nargs="+", metavar="DOC", help="only these documents (names, UUIDs or ids)")
    p.add_argument("--round", metavar="NAME", help="a calibration round (`annotator round new --kind calibration`)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print JSON")
    out.add_argument("--html", type=Path, metavar="FILE", help="write a self-contained HTML page")
    return {"calibration": cmd_calibration}


def cmd_calibration(args) -> int:
    if args.html:
        output_target(args.html)
    documents = [int(d) if d.isdigit() else d for d in args.documents] if args.documents else None
    with Project.open(args.project) as project:
        scores = calibrate(project, coders=args.coder, documents=documents, round=args.round)
    if args.json:
        print(json_shown(json.dumps(calibration_json(scores), ensure_ascii=False, indent=2)))
    elif args.html:
        write_text_atomically(args.html, calibration_html(scores))
        say(f"Wrote {args.html}.")
    else:
        for line in calibration_lines(scores):
            say(line)
    return 0
