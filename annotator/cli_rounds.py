"""``annotator round new|list|delete|trend``: coding rounds on the command line (:mod:`annotator.rounds`)."""
from __future__ import annotations

import json
import secrets
from pathlib import Path

from .display import json_shown, say
from .outputs import output_target, write_text_atomically
from .project import Project
from .report.build import MAX_BOOTSTRAP
from .round_trend import trend_html, trend_json, trend_lines
from .rounds import make_round, round_summaries
from .sample_plan import sample_plan
from .trend_data import trend
from .whole_numbers import number_option, seed_option, share_option, whole_number


def register(sub) -> dict:
    p = sub.add_parser("round", help="coding rounds: packages for a reliability sample, their list, deletion and trend",
                       description="A round is a sample of documents that named coders code afresh in packages "
                                   "made for it, under the codebook version of its start (locked in the "
                                   "packages). Merging the packages records their annotations as the round's; "
                                   "`annotator agreement PROJECT --round NAME` reports the round alone.")
    actions = p.add_subparsers(dest="round_command", metavar="ACTION", required=True)
    q = actions.add_parser("new", help="make a round: one package per coder, written into a new or empty folder")
    q.add_argument("project", type=Path)
    q.add_argument("name", help="the round's name, such as pilot (unique in the project)")
    docs = q.add_mutually_exclusive_group(required=True)
    docs.add_argument("--documents", nargs="+", metavar="DOC", help="these documents (names, UUIDs or ids)")
    docs.add_argument("--sample", type=number_option("--sample"), metavar="N", help="a random sample of N documents")
    q.add_argument("--seed", type=seed_option,
                   help="seed of the sample, so it can be drawn again (default: drawn, printed)")
    q.add_argument("--coders", nargs="+", required=True, metavar="NAME",
                   help="the round's coders: two or more; for a calibration round one or more; for a retest, one")
    q.add_argument("--kind", default="reliability", metavar="KIND",
                   help="reliability (default: the coders compared with each other), calibration (gold documents, "
                        "each coder compared with gold: `annotator calibration --round`) or retest (a coder "
                        "re-codes documents they coded, compared with their earlier coding)")
    q.add_argument("-o", "--output", type=Path, required=True, metavar="FOLDER",
                   help="a new folder, or an empty one, for the packages")
    q.add_argument("--alpha-min", type=share_option("--alpha-min"), default=0.8, metavar="A",
                   help="smallest acceptable alpha for the sample-size reasoning printed (default 0.8; "
                        "see `annotator sample-size`)")
    q.add_argument("--confidence", type=share_option("--confidence"), default=0.95, metavar="C",
                   help="one-tailed confidence of that reasoning (default 0.95)")
    q = actions.add_parser("list", help="the rounds: codebook version, sample, coders and what was merged")
    q.add_argument("project", type=Path)
    q.add_argument("--json", action="store_true", help="print JSON")
    q = actions.add_parser("delete", help="delete a round made by mistake: its record only; the annotations merged "
                                          "from its packages stay in the project")
    q.add_argument("project", type=Path)
    q.add_argument("name", help="the round's name (or UUID)")
    q = actions.add_parser("trend", help="agreement per round (uα, α with intervals; per code) and the codebook "
                                         "changes between rounds")
    q.add_argument("project", type=Path)
    out = q.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print JSON")
    out.add_argument("--html", type=Path, metavar="FILE", help="write the trend as a self-contained HTML page")
    q.add_argument("--seed", type=seed_option, help="seed of the bootstrap, the same for every round (default: drawn)")
    q.add_argument("--bootstrap", type=number_option("--bootstrap"), default=1000, metavar="N",
                   help=f"bootstrap resamples per round (0: none; default 1000; at most {MAX_BOOTSTRAP:,})")
    return {"round": cmd_round}




def _document_ref(text: str):
    """A document given by name, UUID or id (a number written with 0-9)."""
    number = whole_number(text)
    return text if number is None else number



def cmd_round(args) -> int:
    return {"new": _new, "list": _list, "delete": _delete, "trend": _trend}[args.round_command](args)


def _new(args) -> int:
    documents = [_document_ref(d) for d in args.documents] if args.documents else None
    with Project.open(args.project) as project:
        plan = sample_plan(project, args.project.name, args.alpha_min, args.confidence,
                           coders=max(2, len(args.coders)))   # checked before writing
        made = make_round(project, args.name, args.output, args.coders, documents=documents, sample=args.sample,
                          seed=args.seed, kind=args.kind)
    for line in made.lines():
        say(line)
    if made.round.kind != "calibration":   # a calibration round trains coders against gold; it estimates nothing
        say()
        for line in plan.lines(len(made.round.documents)):
            say(line)
    return 0


def _list(args) -> int:
    with Project.open(args.project) as project:
        summaries = round_summaries(project)
    if args.json:
        print(json_shown(json.dumps([s.as_json() for s in summaries], ensure_ascii=False, indent=2)))
        return 0
    if not summaries:
        say("No rounds yet; make one with `annotator round new`.")
        return 0
    for s in summaries:
        r = s.round
        say(f"{r.name} ({r.kind}), made {r.created}: codebook version {r.scheme_version}; {r.sample}.")
        say(f"  documents: {', '.join(s.documents)}")
        for c in s.coders:
            state = f"merged {c.merged}, {c.annotations} annotations" if c.merged else "not merged yet"
            say(f"  {c.name}: {state}")
    return 0


def _delete(args) -> int:
    with Project.open(args.project) as project:
        deletion = project.delete_round(args.name)
    for line in deletion.lines():
        say(line)
    return 0


def _trend(args) -> int:
    if args.html:
        output_target(args.html)
    seed = secrets.randbits(31) if args.seed is None else args.seed
    with Project.open(args.project) as project:
        rows = trend(project, bootstrap=args.bootstrap, seed=seed)
        name = project.name
    if args.json:
        print(json_shown(json.dumps(trend_json(rows, seed, args.bootstrap), ensure_ascii=False, indent=2)))
    elif args.html:
        write_text_atomically(args.html, trend_html(name, rows, seed, args.bootstrap))
        say(f"Wrote {args.html}.")
    else:
        for line in trend_lines(rows, seed, args.bootstrap):
            say(line)
    return 0
