"""The ``annotator`` command: the app and a scriptable command line.

    annotator                      start screen (recent projects, new, open, sample)
    annotator PROJECT              open a project in the app (same as ``annotator open``)
    annotator demo                 open the sample project (a copy in your data folder)
    annotator new|import|info|scheme|export ...   work without a window

Errors are printed as one plain sentence on stderr with a non-zero exit status; set
ANNOTATOR_DEBUG=1 to see a traceback. Heavy libraries (spaCy, Qt) are imported only by the
subcommands that need them, so ``annotator --help`` is quick.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from .codebook.files import export_codebook, import_codebook
from .display import json_shown, say
from .errors import AnnotatorError, NotFoundError
from .exporting import export
from .formats.registry import WRITERS, reader_for
from .project import Project
from .report.disagreements import BECAUSE_HELP, CITE_HELP, cite_options, cited, citing
from .sample import ensure_demo_project
from .store import damaged_message, is_damage, read_damage


def _plugins():
    """Subcommands from other core modules: every ``annotator/cli_*.py`` exposes
    ``register(subparsers) -> {command: handler}`` (handlers take the parsed args, return
    an exit status, and raise AnnotatorError for the user's mistakes)."""
    import importlib
    import pkgutil

    package = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(package)]) if m.name.startswith("cli_"))
    return [importlib.import_module(f"annotator.{name}") for name in names]


def path_argument(text: str) -> Path:
    """A path given on the command line; "" (which would mean the current folder) and "-"
    (which other tools take for standard input or output) are refused in one sentence."""
    if text == "":
        raise AnnotatorError("An empty path was given; name a file or folder (. for the current folder).")
    if text == "-":
        raise AnnotatorError("'-' is not a file name here: annotator reads and writes files, not standard input or "
                             "output (write ./- for a file called -).")
    return Path(text)


class _Parser(argparse.ArgumentParser):
    """Every ``type=Path`` argument, in every subcommand, goes through :func:`path_argument`
    (its AnnotatorError leaves ``parse_args``, which catches only ValueError and TypeError)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.register("type", Path, path_argument)


def _parser(handlers: dict) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="annotator",
        description="Code political and media discourse: highlight spans, tag them with codes, "
                    "measure inter-coder agreement. Run with no command to start the app.",
        epilog="A project is one SQLite file (suggested extension .annot). Offsets everywhere are "
               "Unicode code points, half-open [start, end).")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("new", help="create a project file", description="Create a new project file with the "
                       "default coding scheme (or --scheme FILE).")
    p.add_argument("project", type=Path)
    p.add_argument("--language", default="en", help="ISO language code of the texts (default: en)")
    p.add_argument("--scheme", type=Path, help="a JSON coding scheme to start with")

    p = sub.add_parser("import", help="import texts, folders, a spreadsheet corpus, a REFI-QDA project or JSONL",
                       description="Import .txt/.md/.docx/.odt/.rtf/.pdf/.html files and folders (recursively); a "
                                   ".csv/.xlsx corpus (one document per row: --text-column, --name-column; other "
                                   "columns become document attributes); a REFI-QDA project (.qdpx) from MAXQDA, "
                                   "ATLAS.ti, NVivo or QualCoder; or a .jsonl file in annotator's export shape. One "
                                   "line per file: imported, duplicate, or refused and why.")
    p.add_argument("project", type=Path)
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--language", help="language of these texts (default: the project's)")
    p.add_argument("--create-codes", action="store_true", help="JSONL: create codes the project lacks")
    p.add_argument("--text-column", metavar="COL", help=".csv/.xlsx: the column holding the text (name or number)")
    p.add_argument("--name-column", metavar="COL", help=".csv/.xlsx: the column holding the document name")
    p.add_argument("--main-text", action="store_true",
                   help=".html: keep only the article (trafilatura's main text); the page's whole text is kept "
                        "beside it, and `annotator removed` shows what was left out")

    p = sub.add_parser("removed", help="what --main-text left out of an imported web page",
                       description="Print the passages of the web page a document was extracted from that the "
                                   "document lacks (navigation, footers, related links, but also a byline the "
                                   "extractor dropped), as imported with `annotator import --main-text`.")
    p.add_argument("project", type=Path)
    p.add_argument("document", help="the document's name, id or UUID")
    p.add_argument("--page", action="store_true", help="print the page's whole text instead")
    p.add_argument("--json", action="store_true", help="print JSON: method, page text and removed passages")

    p = sub.add_parser("info", help="documents, codes, coders and counts")
    p.add_argument("project", type=Path)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")

    p = sub.add_parser("scheme", help="export or import the codebook (JSON, REFI-QDA .qdc, Markdown, HTML)")
    scheme_sub = p.add_subparsers(dest="scheme_command", metavar="ACTION", required=True)
    q = scheme_sub.add_parser("export", help="write the codebook; the suffix picks the format",
                              description="FILE.json (annotator's scheme), FILE.qdc (REFI-QDA codebook, for "
                                          "ATLAS.ti, MAXQDA, NVivo, QualCoder…), FILE.md or FILE.html (printable, "
                                          "every code with colour, definition, examples and rules). What a format "
                                          "cannot hold is listed.")
    q.add_argument("project", type=Path)
    q.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    q = scheme_sub.add_parser("import", help="merge a .json or .qdc codebook into the project",
                              description="Codes are matched by UUID/GUID (a .qdc code with a new GUID but the "
                                          "name of a code at the same place updates that code); others are added. "
                                          "Everything that could not be represented is printed.")
    q.add_argument("project", type=Path)
    q.add_argument("file", type=Path)
    q.add_argument("--because", default="", metavar="TEXT", help=BECAUSE_HELP)
    q.add_argument("--disagreement", action="append", default=[], metavar="ID", help=CITE_HELP)
    cite_options(q)

    p = sub.add_parser("export", help="export annotations (csv, xlsx, jsonl, prodigy, spacy, brat, html, qdpx)",
                       description="Formats: " + "; ".join(f"{w.name}: {w.label}" for w in WRITERS) +
                                   ". Offsets are code points (text[start:end] is the coded text), except in qdpx, "
                                   "which writes UTF-16 positions unless --positions codepoints.")
    p.add_argument("project", type=Path)
    p.add_argument("--format", choices=tuple(w.name for w in WRITERS), required=True)
    p.add_argument("-o", "--output", type=Path, required=True, help="the file to write (brat: a new folder)")
    p.add_argument("--coder", action="append", help="only this coder (repeatable)")
    p.add_argument("--code", "--codes", dest="code", action="append", help="only this code (repeatable)")
    p.add_argument("--raw", action="store_true", help="/".join(w.name for w in WRITERS if "raw" in w.options) +
                   ": do not neutralise formula-like cells")
    p.add_argument("--span-key", default="sc", help="spacy: the doc.spans key (default: sc, spancat's)")
    p.add_argument("--positions", choices=("utf16", "codepoints"), default="utf16",
                   help="qdpx: count positions in UTF-16 units as NVivo, ATLAS.ti and MAXQDA do (default), or in "
                        "code points as the REFI-QDA text and QualCoder do; they differ only after emoji")

    p = sub.add_parser("open", help="open a project in the app")
    p.add_argument("project", type=Path)
    p = sub.add_parser("demo", help="open the sample project in the app")
    p.add_argument("--fresh", action="store_true", help="discard your copy and start from a fresh one")
    p.add_argument("--path-only", action="store_true", help="prepare the copy, print its path, do not open the app")
    handlers.update({"new": cmd_new, "import": cmd_import, "removed": cmd_removed, "info": cmd_info,
                     "scheme": cmd_scheme,
                     "export": cmd_export, "demo": cmd_demo, "open": lambda a: cmd_gui(a.project)})
    for plugin in _plugins():
        handlers.update(plugin.register(sub))
    return parser


def _progress(label: str):
    """A rich progress bar on a terminal; nothing when piped."""
    if not sys.stderr.isatty():
        return _null(), None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(transient=True, console=Console(stderr=True))
    task = bar.add_task(label, total=None)

    def update(done, total=None, *_):
        bar.update(task, completed=done, total=total)

    return bar, update


def cmd_new(args) -> int:
    with Project.create(args.project, language=args.language, scheme=args.scheme) as project:
        say(f"Created {args.project} ({len(project.codes())} codes, language {project.language}).")
    return 0


def cmd_import(args) -> int:
    with Project.open(args.project) as project:
        bar, update = _progress("Importing")
        with bar:
            results = project.import_files(args.paths, language=args.language, progress=update,
                                           text_column=args.text_column, name_column=args.name_column,
                                           create_codes=args.create_codes, main_text=args.main_text)
    for result in results:
        _say_result(result)
    counts = {s: sum(r.status == s for r in results) for s in ("imported", "duplicate", "refused")}
    print(f"{counts['imported']} imported, {counts['duplicate']} duplicate, {counts['refused']} refused.",
          file=sys.stderr)
    if any(result.removed is not None for result in results):
        say(f"To see what was left out of a page: annotator removed {args.project} DOCUMENT", file=sys.stderr)
    return 1 if counts["refused"] else 0


def cmd_removed(args) -> int:
    with Project.open(args.project) as project:
        document = _document(project, args.document)
        found = project.extraction(document)
    if found is None:
        raise AnnotatorError(f"{document.name} was not imported with --main-text, so no page text is kept for it.")
    if args.json:
        print(json_shown(json.dumps({"document": document.name, "method": found.method, "page_text": found.page_text,
                                     "removed": [{"start": s, "end": e, "text": found.page_text[s:e]}
                                                 for s, e in found.removed]}, ensure_ascii=False, indent=2)))
    elif args.page:
        for line in found.page_text.split("\n"):
            say(line)
    else:
        say(f"{document.name}: {found.method} left out {found.removed_characters:,} of "
            f"{len(found.page_text):,} characters of the page, in {len(found.removed)} passages:")
        for passage in found.passages():
            print()
            for line in passage.split("\n"):
                say(f"  {line}")
    return 0


def _document(project, ref: str):
    """A document named on the command line: by name or UUID, else by id when ``ref`` is a number."""
    try:
        return project.document(ref)
    except NotFoundError:
        if not ref.isdigit():
            raise
        return project.document(int(ref))


def _say_result(result) -> None:
    """One line per file (per row of a corpus); a project file's report lines below its own."""
    if result.lines:  # "warning" when no documents came in or codings were left out
        say(f"{result.status}: {result.path}")
        for line in result.lines:
            say(f"  {line}")
    elif result.status != "imported":
        say(f"{result.status}: {result.message}")
    elif result.removed is not None:
        say(f"imported: {result.path} (main text; {result.removed:,} characters of the page left out)")
    else:
        reader = reader_for(result.path)
        row = reader is not None and reader.kind == "corpus"
        say(f"imported: {result.path}" + (f" ({result.message.split(':')[0]})" if row else ""))


def cmd_info(args) -> int:
    with Project.open(args.project) as project:
        coders = project.coders()
        per_coder = {c.name: len(project.annotations(coder=c)) for c in coders}
        info: dict[str, Any] = {  # the JSON document of --json
            "project": project.name, "path": str(project.path), "language": project.language,
            "counts": project.counts(),
            "documents": [{"id": d.id, "name": d.name, "length": d.length, "sha256": d.sha256}
                          for d in project.document_summaries()],
            "codes": [{"id": c.id, "name": c.name, "path": project.code_path(c), "color": c.color,
                       "shortcut": c.shortcut, "codable": c.codable, "rules": len(project.code_rules(c))}
                      for c in project.codes()],
            "coders": [{"id": c.id, "name": c.name, "uuid": c.uuid, "annotations": per_coder[c.name]}
                       for c in coders]}
    if args.json:
        print(json_shown(json.dumps(info, ensure_ascii=False, indent=2)))
        return 0
    counts = info["counts"]
    say(f"{info['project']}  ({info['path']}, language {info['language']})")
    print(f"{counts['documents']} documents, {counts['characters']:,} characters, {counts['codes']} codes, "
          f"{counts['coders']} coders, {counts['annotations']} annotations")
    print("\nCodes:")
    for code in info["codes"]:
        key = f"[{code['shortcut']}]" if code["shortcut"] else "   "
        rules = f"  ({code['rules']} rule{'s' * (code['rules'] != 1)})" if code["rules"] else ""
        say(f"  {key:4} {code['path']}  {code['color']}{rules}")
    print("\nCoders:")
    for coder in info["coders"]:
        say(f"  {coder['name']}: {coder['annotations']} annotations")
    print("\nDocuments:")
    for doc in info["documents"]:
        say(f"  {doc['id']:>4}  {doc['name']}  ({doc['length']:,} characters)")
    return 0


def cmd_scheme(args) -> int:
    if args.scheme_command == "import":
        citing(args)     # a --from-... option without --disagreement is refused before the project is opened
    with Project.open(args.project) as project:
        if args.scheme_command == "export":
            report = export_codebook(project, args.output)
            say(f"Wrote {report.codes} codes to {args.output}.")
        else:
            report = import_codebook(project, args.file, because=args.because, disagreements=cited(project, args))
            print(f"Codebook imported: {report.added} codes added, {report.updated} updated "
                  f"(codebook version {project.scheme_version})." if report.added or report.updated else
                  f"Nothing changed: {args.file.name} holds the codebook as the project has it "
                  f"(codebook version {project.scheme_version}).")
    if report.notes:
        print("Not represented as it was:" if args.scheme_command == "import" else "Not in this format:")
        for note in report.notes:
            say(f"  - {note}")
    return 0


def cmd_export(args) -> int:
    with Project.open(args.project) as project:
        bar, update = _progress("Exporting")
        with bar:
            report = export(project, args.format, args.output, coders=args.coder, codes=args.code, raw=args.raw,
                            progress=update, span_key=args.span_key, positions=args.positions)
        say(f"Wrote {report.count} {report.unit} to {args.output}.")
        for note in report.notes:
            say(f"  note: {note}" if not note.startswith("  ") else f"  {note}")
    return 0


def cmd_gui(project_path) -> int:
    """Start the app. The core cannot import Qt (ui/ sits on top of it), so the ``annotator``
    entry point (``ui.main``) passes the launcher in; ``python -m annotator`` has none."""
    if _gui_launcher is None:
        raise AnnotatorError("This command line has no window; start the app with the `annotator` command.")
    return _gui_launcher(project_path)


def cmd_demo(args) -> int:
    path = ensure_demo_project(fresh=args.fresh)
    if args.path_only:
        say(path)
        return 0
    return cmd_gui(path)


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


_gui_launcher = None


def main(argv=None, gui_launcher=None) -> int:
    """Run the command line. ``gui_launcher(path_or_None) -> int`` opens the app."""
    global _gui_launcher
    _gui_launcher = gui_launcher
    argv = list(sys.argv[1:] if argv is None else argv)
    handlers: dict = {}
    parser = _parser(handlers)
    if argv and argv[0] not in handlers and not argv[0].startswith("-"):
        argv = ["open", *argv]
    args = None
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            return cmd_gui(None)
        return handlers[args.command](args)
    except AnnotatorError as error:
        say(f"annotator: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("annotator: interrupted; every change that was reported is saved.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `annotator info ... | head`: the reader left; nothing to report
        sys.stdout = open(os.devnull, "w")
        return 0
    except Exception as error:  # a bug: still one sentence, traceback on request
        if is_damage(error):  # a read met damage that no check had looked for yet: not a bug
            name = Path(getattr(args, "project", None) or "The project file").name
            say(f"annotator: {damaged_message(name, read_damage(error), 'the command stopped')}", file=sys.stderr)
            return 1
        if os.environ.get("ANNOTATOR_DEBUG"):
            raise
        say(f"annotator: unexpected problem ({type(error).__name__}: {error}). "
            "Set ANNOTATOR_DEBUG=1 to see details.", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
