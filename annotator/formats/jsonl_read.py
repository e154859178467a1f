"""Reading our JSONL shape back (the one :mod:`.jsonl_export` writes).

Each line: ``{"document", "sha256", "text", "spans": [{"start", "end", "code", "coder", "memo"}]}``
(a span accepted from a suggestion also ``"suggested": {"method", "model_version", "score"}``, and
``"scheme_version"``, the codebook version it was accepted under, where the file has it)
and optionally ``"attributes": {KEY: text, number, true/false or null}`` and
``"memos": [{"coder", "text"}]`` (memos on the document, one per coder). A line without ``"text"``
may instead hold memos on a code, ``{"code": NAME, "memos": [...]}``, or the journals,
``{"journals": [{"coder", "text"}]}`` (one per coder in the file); a code is matched like a span's.
The file is checked completely here, before anything is written; the core stores the
:class:`~.records.ImportedProject` in one transaction, so it imports whole or not at all.
Documents are matched by SHA-256 (a text not yet in the project is imported under the line's
name), codes by name, coders by name (a coder not yet in the project is created). Unknown
codes are created only when ``create_codes`` is true; otherwise the whole file is refused
with the list. A new document gets the line's attributes; a matched document keeps its own
(the file never overwrites attributes already in the project). A memo is added where its coder has
none on the document; a different one already there is kept (with a warning). A span already
present (same document, coder, code and offsets) is counted as unchanged, so importing a file
twice adds nothing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .. import jsonvalues
from ..attribute_rules import check_attributes
from ..errors import AnnotatorError
from ..inputs import read_input
from ..provenance import METHODS, Suggested
from ..textio import normalise, normalise_with_offsets, sha256_text, unusable_text
from .records import ImportCounts, ImportedCode, ImportedCoding, ImportedDocument, ImportedMemo, ImportedProject

_JSON_WHITESPACE = " \t\r"


@dataclass
class JsonlReport(ImportCounts):
    def lines(self) -> list[str]:
        return [f"documents: {self.documents_added} added, {self.documents_matched} already in the project",
                f"annotations: {self.annotations_added} added, {self.annotations_unchanged} already present",
                f"memos: {self.memos_added} added, {self.memos_unchanged} already present",
                f"codes created: {', '.join(self.codes_created) or 'none'}",
                f"coders created: {', '.join(self.coders_created) or 'none'}",
                *(f"warning: {warning}" for warning in self.warnings)]


def read_jsonl(path) -> ImportedProject[JsonlReport]:
    """The documents, spans and memos of a JSONL file, checked whole; nothing is written."""
    path = Path(path)
    items = _read(path)
    documents = [item for item in items if _kind(item) == "document"]
    on_codes = _by_target([(item["code"], item["memos"]) for item in items if _kind(item) == "code"],
                          "memos on the code")
    journals = _by_target([("", item["journals"]) for item in items if _kind(item) == "journals"], "journals")
    names = sorted({s["code"] for item in documents for s in item.get("spans", [])} | set(on_codes))
    codes = [ImportedCode(name, name, memos=on_codes.get(name, ())) for name in names]
    return ImportedProject(path.name, JsonlReport(), [_document(item) for item in documents], codes,
                           journals=list(journals.get("", ())), match_codes="name")


def _kind(item: dict) -> str:
    """"document", or for a line without a text "code" (memos on a code) or "journals"."""
    if "text" not in item and "document" not in item:
        return "code" if "code" in item else "journals" if "journals" in item else "document"
    return "document"


def _by_target(lines: list[tuple[str, list]], what: str) -> dict[str, tuple[ImportedMemo, ...]]:
    """Memos from several lines by target; a coder with two on one target refuses the file."""
    found: dict[str, dict[str, ImportedMemo]] = {}
    for target, memos in lines:
        mine = found.setdefault(target, {})
        for memo in memos:
            if memo["coder"] in mine:
                on = f" {target!r}" if target else ""
                raise AnnotatorError(f"{memo['coder']} has two {what}{on} in the file; a coder has one.")
            mine[memo["coder"]] = ImportedMemo(memo["coder"], memo["text"])
    return {target: tuple(memos.values()) for target, memos in found.items()}


def _document(item: dict) -> ImportedDocument:
    codings = tuple(ImportedCoding(s["coder"], s["code"], s["start"], s["end"], s.get("memo"),
                                   suggested=_suggested(s.get("suggested")))
                    for s in item.get("spans", []))
    memos = tuple(ImportedMemo(m["coder"], m["text"]) for m in item.get("memos", []))
    return ImportedDocument(str(item.get("document") or "untitled"), normalise(item["text"]), None, "jsonl",
                            item.get("attributes") or None, codings, memos)


def _suggested(made) -> Suggested | None:
    return None if made is None else Suggested(made["method"], made.get("model_version", ""),
                                               float(made.get("score", 1.0)), made.get("scheme_version"))


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
        _CHECKS[_kind(item) if isinstance(item, dict) else "document"](item, f"{name}, line {number}")
        items.append(item)
    return items


LINE_FIELDS = ("document", "sha256", "text", "spans", "attributes", "memos")
SPAN_FIELDS = ("start", "end", "code", "coder", "memo", "suggested")
SUGGESTED_FIELDS = ("method", "model_version", "score", "scheme_version")
MEMO_FIELDS = ("coder", "text")
CODE_LINE_FIELDS = ("code", "memos")


def _unknown(fields, known) -> str:
    """A sentence naming fields annotator's JSONL does not have, or "" (another tool's labels
    under a key we would skip must not vanish in silence)."""
    extra = sorted(str(key) for key in fields if key not in known)
    return f"it has fields annotator's JSONL does not ({', '.join(map(repr, extra))}); " \
        f"it reads {', '.join(known)} only, so nothing was imported" if extra else ""


def _check_attributes(attributes, where: str) -> None:
    if not isinstance(attributes, dict) or not all(isinstance(value, (str, int, float, bool, type(None)))
                                                   for value in attributes.values()):
        raise AnnotatorError(f"{where}: \"attributes\" must be an object whose values are text, numbers, "
                             "true/false or null.")
    check_attributes(attributes, f"{where}: \"attributes\": ")


def _check_memos(memos, where: str, field: str = "memos", one: str = "one memo on a document") -> None:
    """``"memos"`` (or ``field``): a list of ``{"coder": NAME, "text": TEXT}``, one per coder."""
    if not isinstance(memos, list) or not all(isinstance(m, dict) and isinstance(m.get("coder"), str)
                                              and m["coder"].strip() and isinstance(m.get("text"), str)
                                              for m in memos):
        raise AnnotatorError(f"{where}: \"{field}\" must be a list of objects with a coder's name and a text.")
    for memo in memos:
        if extra := _unknown(memo, MEMO_FIELDS):
            raise AnnotatorError(f"{where}: a memo: {extra}.")
    coders = [m["coder"] for m in memos]
    if len(set(coders)) < len(coders):
        raise AnnotatorError(f"{where}: a coder has {one}, but \"{field}\" gives one coder two.")


def _check_suggested(made, where: str) -> None:
    """A span's ``"suggested"``: null, or the method (one of :data:`METHODS`), model version and score
    in [0, 1] of the suggestion it was accepted from, and optionally the codebook version (1 or more)."""
    if made is None:
        return
    score = made.get("score", 1.0) if isinstance(made, dict) else None
    version = made.get("scheme_version", 1) if isinstance(made, dict) else None
    if (not isinstance(made, dict) or made.get("method") not in METHODS
            or not isinstance(made.get("model_version", ""), str)
            or isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 <= score <= 1
            or isinstance(version, bool) or not isinstance(version, int) or version < 1):
        raise AnnotatorError(f"{where}: a span's \"suggested\" must be an object with a method (one of "
                             f"{', '.join(METHODS)}), a model_version, a score between 0 and 1 and a "
                             "scheme_version of 1 or more.")
    if extra := _unknown(made, SUGGESTED_FIELDS):
        raise AnnotatorError(f"{where}: a span's \"suggested\": {extra}.")


def _check_code_line(item: dict, where: str) -> None:
    if not isinstance(item.get("code"), str) or not item["code"].strip() or "memos" not in item:
        raise AnnotatorError(f"{where}: a code line needs a code's name and \"memos\".")
    if extra := _unknown(item, CODE_LINE_FIELDS):
        raise AnnotatorError(f"{where}: {extra}.")
    _check_memos(item["memos"], where, one="one memo on a code")


def _check_journals_line(item: dict, where: str) -> None:
    if extra := _unknown(item, ("journals",)):
        raise AnnotatorError(f"{where}: {extra}.")
    _check_memos(item["journals"], where, "journals", "one journal")


def _check_line(item, where: str) -> None:
    if (not isinstance(item, dict) or not isinstance(item.get("text"), str)
            or not isinstance(item.get("spans", []), list)):
        raise AnnotatorError(f"{where}: expected an object with \"document\", \"text\" and \"spans\".")
    if extra := _unknown(item, LINE_FIELDS):
        raise AnnotatorError(f"{where}: {extra}.")
    given = item["text"]
    text, offsets = normalise_with_offsets(given)  # spans count the text as given: map them
    if (why := unusable_text(text)) or not isinstance(item.get("document", ""), (str, type(None))):
        raise AnnotatorError(f"{where}: " + (f"the text {why}." if why else "the document name must be text."))
    if item.get("sha256") and item["sha256"] != sha256_text(text):
        raise AnnotatorError(f"{where}: the text does not match its sha256; the line was edited or damaged.")
    _check_attributes(item.get("attributes", {}), where)
    _check_memos(item.get("memos", []), where)
    for span in item.get("spans", []):
        ok = isinstance(span, dict) and all(isinstance(span.get(k), int) and not isinstance(span.get(k), bool)
                                            for k in ("start", "end"))
        if not ok or not all(isinstance(span.get(k), str) and span[k].strip() for k in ("code", "coder")):
            raise AnnotatorError(f"{where}: every span needs integer start/end and a code and coder name.")
        if extra := _unknown(span, SPAN_FIELDS):
            raise AnnotatorError(f"{where}: a span: {extra}.")
        if span.get("memo") is not None and not isinstance(span["memo"], str):
            raise AnnotatorError(f"{where}: a span's memo must be text or null.")
        _check_suggested(span.get("suggested"), where)
        if not 0 <= span["start"] < span["end"] <= len(given):
            raise AnnotatorError(f"{where}: span [{span['start']}, {span['end']}) does not fit a text of "
                                 f"{len(given)} characters.")
        span["start"], span["end"] = offsets(span["start"]), offsets(span["end"])
        if span["start"] == span["end"]:
            raise AnnotatorError(f"{where}: a span covers only a byte-order mark or the \\r of a line break.")


_CHECKS = {"document": _check_line, "code": _check_code_line, "journals": _check_journals_line}
