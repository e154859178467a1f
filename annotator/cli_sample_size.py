"""``annotator sample-size [PROJECT]``: how many units or documents to double-code, and why."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Optional

from .agreement.sample_size import (
    SampleSize,
    explain,
    krippendorff_sample_size,
    lacy_riffe_sample_size,
)
from .display import json_shown, say
from .errors import AnnotatorError
from .project import Project
from .sample_plan import DEFAULT_P_C, p_c_or_assumed
from .whole_numbers import share_option, whole_number


def register(subparsers) -> dict:
    p = subparsers.add_parser(
        "sample-size", help="how many units or documents to double-code for a target agreement",
        description="Krippendorff (2004, §11.4.2): the fewest units every coder must code to show alpha >= "
                    "--alpha-min at p = 1 - --confidence when the least frequent code has the share --p-c. "
                    "Lacy & Riffe (1996): how many of --population units (a PROJECT's documents by default) to "
                    "test so that agreement on all of them is at least --minimum if it is --assumed. Each answer "
                    "comes with its formula and intermediate values.",
        epilog="Without --p-c, a PROJECT's least used code gives p_c (its share of all annotations), else 0.1 is "
               "assumed. Both rules are one-tailed; results are rounded up.")
    p.add_argument("project", type=Path, nargs="?", help="estimate p_c and the population from this project")
    p.add_argument("--alpha-min", type=share_option("--alpha-min"), default=0.8, metavar="A",
                   help="smallest acceptable Krippendorff's alpha (default 0.8)")
    p.add_argument("--p-c", type=share_option("--p-c"), metavar="P",
                   help="share of the least frequent code, above 0, at most 0.5")
    p.add_argument("--confidence", type=share_option("--confidence"), default=0.95, metavar="C",
                   help="one-tailed confidence, 1 - significance (default 0.95)")
    p.add_argument("--coders", type=_coders, default=2, metavar="M",
                   help="coders who code the sample (default 2): Krippendorff's codings are M times his units")
    p.add_argument("--population", type=_population, metavar="N",
                   help="units the study codes (default: PROJECT's documents)")
    p.add_argument("--assumed", type=share_option("--assumed"), default=0.85, metavar="P",
                   help="percent agreement assumed on the population, as a share (default 0.85)")
    p.add_argument("--minimum", type=share_option("--minimum"), default=0.80, metavar="P",
                   help="minimum acceptable percent agreement, as a share (default 0.80)")
    p.add_argument("--json", action="store_true", help="print JSON: each answer with its inputs and steps")
    return {"sample-size": cmd_sample_size}


def _population(text: str) -> int:
    value = whole_number(text)
    if value is None:
        raise AnnotatorError(f"--population takes a whole number of units, not \"{text}\".")
    return value


def _coders(text: str) -> int:
    value = whole_number(text)
    if value is None or value < 2:
        raise AnnotatorError(f"--coders takes a whole number of coders, 2 or more, not \"{text}\".")
    return value


def cmd_sample_size(args: argparse.Namespace) -> int:
    p_c, note, population, noun = _inputs(args)
    answers = [krippendorff_sample_size(args.alpha_min, p_c, args.confidence, note=note,
                                         coders=args.coders)]
    hint = "Give --population N (or a PROJECT) for Lacy & Riffe's sample of a population of N units."
    if population is not None and (population >= 2 or args.population is not None):
        answers.append(lacy_riffe_sample_size(population, args.assumed, args.minimum, args.confidence, noun=noun))
    elif population is not None:
        hint = f"Lacy & Riffe's sample needs at least 2 documents; {args.project.name} has {population}."
    _print(answers, args.json, hint)
    return 0


def _inputs(args: argparse.Namespace) -> tuple[float, str, Optional[int], str]:
    """p_c and a note on where it came from (given, the PROJECT's codes, or assumed); the
    population (given, the PROJECT's documents, or none) and what its units are."""
    p_c, note, population, noun = args.p_c, "", args.population, "units"
    if args.project is not None:
        with Project.open(args.project, read_only=True) as project:
            if p_c is None:
                p_c, note = p_c_or_assumed(project, args.project.name)
            if population is None:
                population, noun = project.count_documents(), "documents"
    if p_c is None:
        p_c, note = DEFAULT_P_C, f"p_c = {DEFAULT_P_C} is assumed: give --p-c, or a PROJECT to estimate it."
    return p_c, note, population, noun


def _print(answers: list[SampleSize], as_json: bool, hint: str) -> None:
    if as_json:
        data = {"krippendorff": answers[0].as_dict(), "lacy_riffe": answers[1].as_dict() if len(answers) > 1 else None}
        print(json_shown(json.dumps(data, ensure_ascii=False, indent=2)))
        return
    for i, answer in enumerate(answers):
        if i:
            say()
        for line in explain(answer):
            say(line)
    if len(answers) == 1:
        say()
        say(hint)
