"""``annotator rules PROJECT``: list the codes' rules (keywords, phrases, regular expressions), or
change one code's (each change is a codebook edit: versioned, logged, undoable in the app)."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from .codebook.rules import EXTENDS, parse_line, rule_line
from .display import json_shown, say
from .errors import AnnotatorError
from .project import Project
from .report.disagreements import BECAUSE_HELP, CITE_HELP, cite_options, cited, citing
from .whole_numbers import whole_number


def register(sub) -> dict:
    p = sub.add_parser("rules", help="list or change the keywords, phrases and patterns that suggest each code",
                       description="Without --add, --remove or --clear, lists every code's rules, numbered. A rule "
                                   "is written KIND[, EXTEND][, case-sensitive]: PATTERN, e.g. \"keyword: tax\", "
                                   "\"phrase, sentence: unfair tax\", \"regex, paragraph: \\bcuts?\\b\". Keywords "
                                   "and phrases match whole words, any case unless case-sensitive; what is "
                                   "suggested is the hit (default), its sentence or its paragraph "
                                   "(annotator suggest --method rules).")
    p.add_argument("project", type=Path)
    p.add_argument("--code", metavar="NAME", help="only this code; needed to change rules")
    p.add_argument("--json", action="store_true", help="list as JSON")
    change = p.add_mutually_exclusive_group()
    change.add_argument("--add", action="extend", nargs="+", metavar="RULE",
                        help="add rules (several after one --add, or --add repeated)")
    change.add_argument("--remove", nargs="+", type=_number, metavar="N", help="remove rules by their number")
    change.add_argument("--clear", action="store_true", help="remove every rule of the code")
    p.add_argument("--extend", choices=EXTENDS, help="with --add: suggest the hit, its sentence or its paragraph "
                                                     "(unless the rule says)")
    p.add_argument("--case-sensitive", action="store_true", help="with --add: match case exactly")
    p.add_argument("--because", default="", metavar="TEXT", help="with a change: " + BECAUSE_HELP)
    p.add_argument("--disagreement", action="append", default=[], metavar="ID", help="with a change: " + CITE_HELP)
    cite_options(p, "with --disagreement: ")
    return {"rules": cmd_rules}


def _number(text: str) -> int:
    value = whole_number(text)
    if not value:
        raise AnnotatorError(f"--remove takes rule numbers as listed (1, 2, ...), not \"{text}\".")
    return value


def cmd_rules(args) -> int:
    changing = bool(args.add or args.remove or args.clear)
    if (args.extend or args.case_sensitive) and not args.add:
        raise AnnotatorError("--extend and --case-sensitive go with --add.")
    if changing and not args.code:
        raise AnnotatorError("Say whose rules to change with --code NAME.")
    if citing(args) and not changing:
        raise AnnotatorError("--because and --disagreement go with a change (--add, --remove or --clear).")
    with Project.open(args.project) as project:
        if changing:
            project.store.check_intact("no rule was changed")
            return _change(project, args)
        codes = [project.code(args.code)] if args.code else project.codes()
        listed = [(project.code_path(code), project.code_rules(code)) for code in codes]
    if args.json:
        print(json_shown(json.dumps([{"code": path, "rules": [asdict(r) for r in rules]} for path, rules in listed],
                                    ensure_ascii=False, indent=1)))
        return 0
    for path, rules in listed:
        if rules or args.code:
            say(f"{path}:" + ("" if rules else " no rules"))
        for number, rule in enumerate(rules, 1):
            say(f"  {number}  {rule_line(rule)}")
    total = sum(len(rules) for _, rules in listed)
    say(f"{total} rule{'s' * (total != 1)}.")
    return 0


def _change(project: Project, args) -> int:
    code = project.code(args.code)
    before = project.code_rules(code)
    if args.add:
        added = tuple(parse_line(text, args.extend or "hit", args.case_sensitive) for text in args.add)
        after = before + added
    elif args.remove:
        wrong = [n for n in args.remove if n > len(before)]
        if wrong:
            raise AnnotatorError(f"{code.name!r} has {len(before)} rule{'s' * (len(before) != 1)}, so there is no "
                                 f"rule {wrong[0]}; nothing was changed.")
        after = tuple(rule for n, rule in enumerate(before, 1) if n not in args.remove)
    else:
        after = ()
    rules = project.set_code_rules(code, after, because=args.because,
                                   disagreements=cited(project, args))
    say(f"{project.code_path(code)}: {len(rules)} rule{'s' * (len(rules) != 1)} "
        f"(codebook version {project.scheme_version}).")
    return 0
