"""Reading our JSONL shape back (the one ``export_jsonl`` writes).

Each line: ``{"document", "sha256", "text", "spans": [{"start", "end", "code", "coder", "memo"}]}``.
Documents are matched by SHA-256 (a text not yet in the project is imported under the line's
name), codes by name, coders by name (a coder not yet in the project is created). Unknown
codes are created only when ``create_codes`` is true; otherwise the whole file is refused
with the list. The file is checked completely before anything is written, and written in one
transaction: it imports whole or not at all. A span already present (same document, coder,
code and offsets) is counted as unchanged, so importing a file twice adds nothing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from . import jsonvalues
from .documents import add_document
from .errors import AnnotatorError
from .inputs import read_input
from .textio import normalise, normalise_with_offsets, sha256_text, unusable_text

_JSON_WHITESPACE = " \t\r"
PALETTE = ["#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#E69F00", "#999999"]


@dataclass
class JsonlReport:
    documents_added: int = 0
    documents_matched: int = 0
    codes_created: list = field(default_factory=list)
    coders_created: list = field(default_factory=list)
    annotations_added: int = 0
    annotations_unchanged: int = 0

    def lines(self) -> list[str]:
        return [f"documents: {self.documents_added} added, {self.documents_matched} already in the project",
                f"annotations: {self.annotations_added} added, {self.annotations_unchanged} already present",
                f"codes created: {', '.join(self.codes_created) or 'none'}",
                f"coders created: {', '.join(self.coders_created) or 'none'}"]


def _read(path: Path) -> list[dict]:
    name = path.name
    if not path.exists():
        raise AnnotatorError(f"There is no file at {path}.")
    try:
        text = read_input(path, name=name).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnnotatorError(f"{name} is not UTF-8 JSON lines.") from None
    items = []
    for number, line in enumerate(text.split("\n"), start=1):  # JSON Lines ends records at \n only
        if not line.strip(_JSON_WHITESPACE):
            continue
        try:
            item = jsonvalues.loads(line)
        except json.JSONDecodeError as error:
            raise AnnotatorError(f"{name}, line {number}: not valid JSON ({error.msg}).") from None
        except jsonvalues.UnusableJson as error:
            raise AnnotatorError(f"{name}, line {number}: {error}.") from None
        _check_line(item, f"{name}, line {number}")
        items.append(item)
    return items


def _check_line(item, where: str) -> None:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not isinstance(item.get("spans", []), list):
        raise AnnotatorError(f"{where}: expected an object with \"document\", \"text\" and \"spans\".")
    given = item["text"]
    text, offsets = normalise_with_offsets(given)  # spans count the text as given: map them
    if (why := unusable_text(text)) or not isinstance(item.get("document", ""), (str, type(None))):
        raise AnnotatorError(f"{where}: " + (f"the text {why}." if why else "the document name must be text."))
    if item.get("sha256") and item["sha256"] != sha256_text(text):
        raise AnnotatorError(f"{where}: the text does not match its sha256; the line was edited or damaged.")
    for span in item.get("spans", []):
        ok = isinstance(span, dict) and all(isinstance(span.get(k), int) and not isinstance(span.get(k), bool)
                                            for k in ("start", "end"))
        if not ok or not all(isinstance(span.get(k), str) and span[k].strip() for k in ("code", "coder")):
            raise AnnotatorError(f"{where}: every span needs integer start/end and a code and coder name.")
        if span.get("memo") is not None and not isinstance(span["memo"], str):
            raise AnnotatorError(f"{where}: a span's memo must be text or null.")
        if not 0 <= span["start"] < span["end"] <= len(given):
            raise AnnotatorError(f"{where}: span [{span['start']}, {span['end']}) does not fit a text of "
                                 f"{len(given)} characters.")
        span["start"], span["end"] = offsets(span["start"]), offsets(span["end"])
        if span["start"] == span["end"]:
            raise AnnotatorError(f"{where}: a span covers only a byte-order mark or the \\r of a line break.")


def import_jsonl(project, path, create_codes: bool = False) -> JsonlReport:
    path = Path(path)
    items = _read(path)
    known = {}
    for code in project.codes():
        known.setdefault(code.name, []).append(code)
    wanted = sorted({s["code"] for item in items for s in item.get("spans", [])})
    ambiguous = [name for name in wanted if len(known.get(name, [])) > 1]
    if ambiguous:
        raise AnnotatorError(f"{path.name}: these code names are used by more than one code: {', '.join(ambiguous)}.")
    missing = [name for name in wanted if name not in known]
    if missing and not create_codes:
        raise AnnotatorError(f"{path.name} uses codes this project does not have: {', '.join(missing)}. "
                             "Add them to the scheme, or import with --create-codes.")
    report = JsonlReport()
    with project.batch():
        for index, name in enumerate(missing):
            project.add_code(name, color=PALETTE[index % len(PALETTE)])
            report.codes_created.append(name)
        codes = {c.name: c.id for c in project.codes()}
        coders = {c.name: c.id for c in project.coders()}
        for item in items:
            _import_item(project, item, codes, coders, report)
    return report


def _import_item(project, item: dict, codes: dict, coders: dict, report: JsonlReport) -> None:
    conn = project.store.conn
    text = normalise(item["text"])
    result = add_document(conn, text, str(item.get("document") or "untitled"), project.language, None, "jsonl")
    if result.status == "imported":
        report.documents_added += 1
    else:
        report.documents_matched += 1
    for span in item.get("spans", []):
        if span["coder"] not in coders:
            coders[span["coder"]] = project.add_coder(span["coder"]).id
            report.coders_created.append(span["coder"])
        key = (result.document_id, coders[span["coder"]], codes[span["code"]], span["start"], span["end"])
        exists = conn.execute('SELECT 1 FROM annotations WHERE document_id=? AND coder_id=? AND code_id=? '
                              'AND start=? AND "end"=? AND memo IS ?', key + (span.get("memo"),)).fetchone()
        if exists:
            report.annotations_unchanged += 1
            continue
        project.annotate(result.document_id, span["start"], span["end"], codes[span["code"]],
                         coders[span["coder"]], memo=span.get("memo"))
        report.annotations_added += 1
