"""``annotator agreement PROJECT``: the inter-coder agreement report on the command line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .agreement.unitized_stats import CU_VARIANTS, DEFAULT_CU_VARIANT
from .display import json_shown, say
from .errors import AnnotatorError
from .outputs import output_target
from .project import Project
from .report import as_json, as_text, build_report, write_csv, write_html
from .report.build import MAX_BOOTSTRAP, MAX_GAMMA_SAMPLES, checked_gamma_samples
from .report.csvout import check_csv_folder
from .whole_numbers import number_option, seed_option

GAMMA_SAMPLES = 30  # pygamma's and the Gamma Software's default


def register(subparsers) -> dict:
    p = subparsers.add_parser(
        "agreement", help="inter-coder agreement report (text, JSON, CSV or HTML)",
        description="Inter-coder agreement of two or more coders, pooled over documents: percent agreement, "
                    "Krippendorff's alpha, Cohen's/Fleiss' kappa and Gwet's AC1 (uncoded text counted as a value and "
                    "excluded), the unitizing family uα/|uα/cuα/(k)uα, αU as INCEpTION computes it, span F1 and, with "
                    "--gamma, γ, γ-cat and per-code γ-k; "
                    "per code, per coder pair, per document, a confusion matrix and every disagreement.",
        epilog="Coders who did not work on a document are missing there, not 'uncoded'. The gold (adjudication) "
               "coder is left out unless named with --coders.")
    p.add_argument("project", type=Path)
    p.add_argument("--coders", nargs="+", metavar="NAME", help="coders to compare (default: all but gold)")
    p.add_argument("--codes", nargs="+", metavar="CODE", help="codes to include (a group includes its codes)")
    p.add_argument("--documents", nargs="+", metavar="DOC", help="documents to include (names, ids or UUIDs)")
    p.add_argument("--round", metavar="NAME", help="report one coding round alone: its documents, its coders and only "
                                                   "the annotations its packages brought in (see `annotator round`)")
    p.add_argument("--unit", choices=("char", "token", "sentence"), default="char",
                   help="unit of the coefficients for predefined units (default: char)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print JSON: every number with its definition, n, warnings")
    out.add_argument("--csv", type=Path, metavar="DIR", help="write the tables and the unit x coder matrix to DIR")
    out.add_argument("--html", type=Path, metavar="FILE", help="write a self-contained HTML report")
    p.add_argument("--cu-variant", choices=CU_VARIANTS, default=DEFAULT_CU_VARIANT,
                   help="self-pairing term of cuα and (k)uα for three or more coders: mass (default; reproduces "
                        "Krippendorff 2019, Fig. 12.11), pairwise (lindanna/unitized_alpha) or union (quallmer)")
    p.add_argument("--seed", type=seed_option,
                   help="seed of the bootstrap and of γ's chance continua (default: drawn and reported)")
    p.add_argument("--bootstrap", type=number_option("--bootstrap"), default=1000, metavar="N",
                   help=f"bootstrap resamples (0: none; default 1000; at most {MAX_BOOTSTRAP:,})")
    p.add_argument("--gamma", action="store_true",
                   help="add γ and γ-cat (Mathet et al.), all codes together, pooled and per document, and γ-k per "
                        "code; they take time "
                        "(about 50 s for 1,000 documents of 3 coders x 20 spans)")
    p.add_argument("--gamma-samples", type=_gamma_samples, metavar="N",
                   help=f"chance continua per document for γ's expected disorder (implies --gamma; default "
                        f"{GAMMA_SAMPLES}; at most {MAX_GAMMA_SAMPLES:,})")
    p.add_argument("--raw", action="store_true", help="csv: do not neutralise formula-like cells")
    return {"agreement": cmd_agreement}


def _gamma_samples(text: str) -> int:
    """Checked before the project is opened: a whole number from 1 to MAX_GAMMA_SAMPLES."""
    try:
        number = int(text)
    except ValueError:
        raise AnnotatorError(f"--gamma-samples takes a whole number from 1 to {MAX_GAMMA_SAMPLES:,}, "
                             f"not \"{text}\".") from None
    return checked_gamma_samples(number)


def _gamma_option(args: argparse.Namespace) -> int | None:
    """γ's chance samples when asked for (--gamma or --gamma-samples), else None."""
    if args.gamma_samples is not None:
        return args.gamma_samples
    return GAMMA_SAMPLES if args.gamma else None


def cmd_agreement(args: argparse.Namespace) -> int:
    if args.csv:  # refused before the report is computed; checked again when written
        check_csv_folder(args.csv)
    elif args.html:
        output_target(args.html)
    with Project.open(args.project) as project:
        report = build_report(project, coders=args.coders, codes=args.codes, documents=args.documents,
                              unit=args.unit, bootstrap=args.bootstrap, seed=args.seed, cu_pairable=args.cu_variant,
                              round=args.round, gamma_samples=_gamma_option(args))
    if args.json:
        print(json_shown(json.dumps(as_json(report), ensure_ascii=False, indent=2)))
    elif args.csv:
        files = write_csv(report, args.csv, raw=args.raw)
        say(f"Wrote {len(files)} files to {args.csv} (see README.txt there).")
    elif args.html:
        write_html(report, args.html)
        say(f"Wrote {args.html}.")
    else:
        print(as_text(report), end="")
    return 0
