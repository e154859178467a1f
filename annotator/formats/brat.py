"""brat standoff: a folder with one sub-folder per coder holding ``DOC.txt`` + ``DOC.ann``.

brat has no coders, so each coder gets a folder (``OUT/<coder>/``); ``annotation.conf`` and
``visual.conf`` at the top declare the code types and their colours (brat looks for them up
the folder tree). The ``.txt`` is the document's text, UTF-8 with ``\\n`` line ends, so brat's
character offsets are our code points. Lines written (http://brat.nlplab.org/standoff.html):

    T1<TAB>Code_name START END<TAB>covered text
    #1<TAB>AnnotatorNotes T1<TAB>memo (line breaks become spaces)

A type cannot contain spaces (they become ``_``, listed in the notes). The covered-text field is
one line, so a span that crosses line breaks is written as brat writes it: fragments split at
the breaks (``S1 E1;S2 E2``), the text field being the fragments joined with a space.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..outputs import new_folder
from ..selection import documents, select
from .spans import ExportReport, by_coder, safe_file_name


def brat_type(code: str) -> str:
    return re.sub(r"\s+", "_", code.strip()) or "code"


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) split at line breaks, without the breaks; empty pieces dropped."""
    pieces, begin = [], start
    for match in re.finditer(r"\n+", text[start:end]):
        if start + match.start() > begin:
            pieces.append((begin, start + match.start()))
        begin = start + match.end()
    if end > begin:
        pieces.append((begin, end))
    return pieces


def ann_lines(text: str, spans) -> list[str]:
    lines, notes = [], 1
    for number, s in enumerate(spans, start=1):
        pieces = fragments(text, s.start, s.end) or [(s.start, s.end)]
        where = ";".join(f"{a} {b}" for a, b in pieces)
        covered = " ".join(text[a:b] for a, b in pieces)
        lines.append(f"T{number}\t{brat_type(s.code)} {where}\t{covered}")
        if s.memo:
            lines.append(f"#{notes}\tAnnotatorNotes T{number}\t{' '.join(s.memo.split())}")
            notes += 1
    return lines


def parse_ann(ann: str) -> list[dict]:
    """Text-bound annotations and notes of a ``.ann`` file, as brat reads them."""
    found, notes = {}, {}
    for line in ann.split("\n"):
        if not line:
            continue
        if line.startswith("T"):
            ident, middle, covered = line.split("\t", 2)
            label, where = middle.split(" ", 1)
            pieces = [tuple(map(int, part.split())) for part in where.split(";")]
            found[ident] = {"id": ident, "type": label, "fragments": pieces, "text": covered, "note": None}
        elif line.startswith("#"):
            _ident, middle, note = line.split("\t", 2)
            notes[middle.split(" ")[1]] = note
    for ident, note in notes.items():
        found[ident]["note"] = note
    return list(found.values())


def export_brat(project, out: Path, coders=None, codes=None) -> ExportReport:
    selected = select(project, coders, codes)
    notes: list[str] = []
    count, split = 0, 0
    with new_folder(out, "brat output") as temp:
        coder_dirs: dict[str, Path] = {}
        taken_coders: set = set()
        names: dict[str, set] = {}
        for doc_id, _uuid, name, text in documents(project):
            for coder, spans in by_coder(selected.get(doc_id, [])).items():
                if coder not in coder_dirs:
                    coder_dirs[coder] = temp / safe_file_name(coder, taken_coders)
                    coder_dirs[coder].mkdir()
                    names[coder] = set()
                stem = safe_file_name(Path(name).stem if Path(name).suffix.lower() == ".txt" else name, names[coder])
                (coder_dirs[coder] / f"{stem}.txt").write_text(text, encoding="utf-8", newline="\n")
                (coder_dirs[coder] / f"{stem}.ann").write_text("\n".join(ann_lines(text, spans)) + "\n",
                                                              encoding="utf-8", newline="\n")
                split += sum(len(fragments(text, s.start, s.end)) > 1 for s in spans)
                count += 1
        _write_conf(temp, project, notes)
    if split:
        notes.append(f"{split} spans cross line breaks; brat holds them as fragments split at the breaks.")
    return ExportReport(count, "documents (.txt + .ann per document and coder)", notes)


def _write_conf(folder: Path, project, notes: list) -> None:
    codes = [c for c in project.codes() if c.codable]
    renamed = [c.name for c in codes if brat_type(c.name) != c.name]
    if renamed:
        notes.append(f"brat types cannot hold spaces: {', '.join(renamed)} written with '_'.")
    types = sorted({brat_type(c.name) for c in codes})
    (folder / "annotation.conf").write_text(
        "[entities]\n" + "".join(f"{t}\n" for t in types) + "\n[relations]\n\n[events]\n\n[attributes]\n",
        encoding="utf-8")
    (folder / "visual.conf").write_text(
        "[labels]\n" + "".join(f"{brat_type(c.name)} | {c.name}\n" for c in codes) + "\n[drawing]\n" +
        "".join(f"{brat_type(c.name)}\tbgColor:{c.color}\n" for c in codes), encoding="utf-8")
