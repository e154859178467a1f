"""``annotator suggest`` and ``annotator suggestions``: offer a coder suggestions, list and decide them."""
from __future__ import annotations

import json
from pathlib import Path

from .display import json_shown, say, shown
from .errors import AnnotatorError
from .project import Project
from .suggestions import METHODS, STATUSES, Suggestion
from .whole_numbers import seed_option, whole_number


def register(sub) -> dict:
    p = sub.add_parser("suggest", help="offer a coder suggestions (propagate, rules, model, boilerplate)",
                       description="Makes suggestions for one coder with one method; they are not annotations "
                                   "until the coder accepts them (annotator suggestions --accept), and no export, "
                                   "agreement, package or merge sees them before.")
    p.add_argument("project", type=Path)
    p.add_argument("--coder", required=True, metavar="NAME", help="whom the suggestions are for")
    p.add_argument("--method", required=True, metavar="|".join(METHODS),
                   help="propagate: other occurrences of the coder's coded words; rules: the codebook's keywords "
                        "and patterns; model: the coder's trained model (annotator train); boilerplate: lines "
                        "repeated across an outlet's documents and tails after 'You may also like'")
    p.add_argument("--document", "--documents", action="append", dest="document", metavar="NAME",
                   help="only in this document (name or id; repeatable)")
    p.add_argument("--where", action="append", metavar="KEY=VALUE",
                   help="only in documents whose attribute matches (repeatable, all must hold)")
    p.add_argument("--threshold", type=_score("--threshold"), metavar="X",
                   help="model: suggest only scores of at least X (0-1)")
    p.add_argument("--min-f1", type=_score("--min-f1"), default=0.0, metavar="X",
                   help="model: no suggestions of codes whose held-out F1 is below X (0-1; default 0)")
    p.add_argument("--group-by", default="outlet", metavar="KEY",
                   help="boilerplate: lines shared by documents with the same value of this attribute (default "
                        "outlet; documents without it go by the site of their url or source)")
    p = sub.add_parser("suggestions", help="list a coder's suggestions, or accept or reject them",
                       description="Lists one coder's suggestions in document order, or decides them. Accepting "
                                   "makes an ordinary annotation and records where it came from; rejections are "
                                   "kept (models learn from them).")
    p.add_argument("project", type=Path)
    p.add_argument("--coder", required=True, metavar="NAME")
    p.add_argument("--status", metavar="|".join(STATUSES), help="only suggestions with this status")
    p.add_argument("--code", action="append", metavar="NAME", help="only suggestions of this code (repeatable)")
    p.add_argument("--json", action="store_true", help="print a JSON list (id, document, start, end, code, method, "
                                                       "score, status, ...)")
    decide = p.add_mutually_exclusive_group()
    decide.add_argument("--accept", nargs="+", type=_id, metavar="ID", help="accept these suggestions")
    decide.add_argument("--reject", nargs="+", type=_id, metavar="ID", help="reject these suggestions")
    decide.add_argument("--accept-all", action="store_true",
                        help="accept every open suggestion (of --code, if given)")
    p = sub.add_parser("train", help="train a coder's model on their own coding and print its held-out figures",
                       description="Trains a sentence classifier (spaCy textcat_multilabel, blank pipeline), or "
                                   "with --kind span a span categoriser (spaCy spancat), on one coder's own "
                                   "annotations and rejected suggestions only, measures precision, recall and F1 "
                                   "per code on held-out documents, and stores the model in the project for "
                                   "annotator suggest --method model.")
    p.add_argument("project", type=Path)
    p.add_argument("--coder", required=True, metavar="NAME", help="whose coding to learn (gold: the adjudicated layer)")
    p.add_argument("--seed", type=seed_option, default=0, metavar="N",
                   help="the seed of the split and training (default 0)")
    p.add_argument("--kind", default="sentence", metavar="sentence|span",
                   help="sentence: suggest whole sentences (default); span: suggest the phrases inside them, for "
                        "codes given to a few words (slower to train)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    return {"suggest": cmd_suggest, "suggestions": cmd_suggestions, "train": cmd_train}




def cmd_train(args) -> int:
    with Project.open(args.project) as project:
        project.store.check_intact("no model was trained")
        model = project.train(args.coder, seed=args.seed, kind=args.kind)
        names = {code.uuid: project.code_path(code) for code in project.codes()}
    metrics = model.metrics
    codes = {names.get(uuid, uuid): figures for uuid, figures in metrics["codes"].items()}
    curve = [{"examples": point["examples"], "f1": {names.get(u, u): f["f1"] for u, f in point["codes"].items()}}
             for point in metrics["curve"]]
    if args.json:
        print(json_shown(json.dumps({"version": model.version, "coder": args.coder, **metrics, "codes": codes,
                                     "curve": curve}, ensure_ascii=False, indent=1)))
        return 0
    say(f"Model {model.version} ({model.kind}s) for {args.coder}: {metrics['examples']} sentences of "
        f"{metrics['documents']} documents; held out {metrics['held_out_documents']} documents "
        f"(seed {metrics['seed']}, {metrics['test_share']:.0%}).")
    _row("code", "positive", "precision", "recall", "F1")
    for name, f in sorted(codes.items()):
        _row(name, f.get("positive", ""), _figure(f["precision"]), _figure(f["recall"]), _figure(f["f1"]))
    for point in curve:
        scores = ", ".join(f"{name} {_figure(f1)}" for name, f1 in sorted(point["f1"].items()))
        say(f"learning curve, {point['examples']} training sentences: F1 {scores}")
    return 0


def _row(*cells) -> None:
    """One line of a table, tab-separated: each cell shown safely (a name cannot break the line)."""
    print("\t".join(shown(str(cell)) for cell in cells))


def _figure(value) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _score(option: str):
    """The parser of ``option``, a score between 0 and 1 (its refusal names the option)."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = -1.0
        if not 0.0 <= value <= 1.0:
            raise AnnotatorError(f"{option} takes a score between 0 and 1, not \"{text}\".")
        return value
    return parse


def _id(text: str) -> int:
    value = whole_number(text)
    if value is None:
        raise AnnotatorError(f"A suggestion is named by its id (a whole number, as listed), not \"{text}\".")
    return value


def cmd_suggest(args) -> int:
    with Project.open(args.project) as project:
        project.store.check_intact("no suggestion was made")
        added = project.suggest(args.method, args.coder, documents=args.document, where=args.where,
                                threshold=args.threshold, group_by=args.group_by, min_f1=args.min_f1)
        names = {code.id: code.name for code in project.codes()}
    for code_id, count in sorted(added.by_code.items(), key=lambda item: names[item[0]]):
        say(f"{names[code_id]}: {count}")
    say(f"{added.added} new suggestion{'s' * (added.added != 1)} for {args.coder} ({args.method}); "
        f"{added.offered - added.added} already coded or suggested before.")
    return 0


def cmd_suggestions(args) -> int:
    if args.accept or args.reject or args.accept_all:
        return _decide(args)
    with Project.open(args.project) as project:
        rows = project.suggestions(args.coder, args.status, codes=args.code)
    if args.json:
        print(json_shown(json.dumps([_record(s) for s in rows], ensure_ascii=False, indent=1)))
        return 0
    for s in rows:
        _row(s.id, s.status, f"{s.document}:{s.start}-{s.end}", s.code, s.method, f"{s.score:.2f}")
    say(f"{len(rows)} suggestion{'s' * (len(rows) != 1)}.")
    return 0


def _decide(args) -> int:
    with Project.open(args.project) as project:
        project.store.check_intact("nothing was decided")
        coder = project.layer(args.coder)
        ids, groups = _open_to_accept(project, coder, args.code) if args.accept_all else \
            (_chosen(project, coder, args.accept or args.reject), [])
        changed = project.decide_suggestions(ids, accept=not args.reject)
    verb = "rejected" if args.reject else "accepted"
    say(f"{changed} suggestion{'s' * (changed != 1)} {verb}; {len(ids) - changed} already {verb}.")
    if groups:
        names = ", ".join(dict.fromkeys(s.code for s in groups))
        say(f"{len(groups)} suggestion{'s' * (len(groups) != 1)} of {names} left open: a group for other codes is "
            "never applied itself (reject them, or make the code codable again).")
    return 0


def _open_to_accept(project, coder, codes) -> tuple[list[int], list[Suggestion]]:
    """The open suggestions (of ``codes``): the ids of those that can be accepted, and those whose
    code has become a group."""
    groups = {code.id for code in project.codes() if not code.codable}
    found = project.suggestions(coder, "open", codes=codes)
    return [s.id for s in found if s.code_id not in groups], [s for s in found if s.code_id in groups]


def _chosen(project, coder, ids: list[int]) -> list[int]:
    """The ids given, each once, all of them ``coder``'s."""
    ids = list(dict.fromkeys(ids))
    mine = {s.id for s in project.suggestions(coder)}
    others = [i for i in ids if i not in mine]
    if others:
        raise AnnotatorError(f"Suggestion {others[0]} is not one of {coder.name}'s, so nothing was decided.")
    return ids


def _record(s: Suggestion) -> dict:
    return {"id": s.id, "document": s.document, "document_id": s.document_id, "start": s.start, "end": s.end,
            "code": s.code, "method": s.method, "model_version": s.model_version, "score": s.score,
            "status": s.status, "annotation": s.annotation_uuid}
