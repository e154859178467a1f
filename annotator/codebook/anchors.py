"""A code's anchors: adjudicated (gold) segments marked as examples or counter-examples of it (issue 16).

Stored in ``codes.anchors`` (migration 11) on the code they are examples or counter-examples of,
as a JSON list, one object an anchor::

    [{"annotation": "0b1c…", "kind": "example", "note": "the clearest case",
      "text": "Taxes are theft.", "before": "He said: ", "after": " Then he left.",
      "document": "speech1.txt", "start": 120, "end": 136}]

- ``kind``: ``example`` (the gold annotation's own code) or ``counter`` (a counter-example: a gold
  segment of another code that is *not* this one, "this is NOT attack").
- ``text``, ``before``, ``after``, ``document`` (its name), ``start``/``end``: a snapshot taken
  when it was marked, so an anchor reads where the annotation is not (a coder package without
  gold, an imported codebook, after the annotation was deleted) and the printed codebook is a
  function of the codebook version alone.

Every anchor goes through :func:`check_anchors`, the one check, whether it comes from a command,
a scheme file, a ``.qdc`` description or the stored column. An anchor also has one line of text
(:func:`anchor_line`, :func:`parse_anchor_line`) that a ``.qdc`` description carries; it has no
context, which therefore comes back empty from a ``.qdc``. A package leaves out the anchors taken from its
own documents (:func:`without_anchors`; a merge puts them back, :func:`with_anchors_back`).
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Any, Iterable, Optional

from ..display import shown
from ..errors import SchemeError
from ..uuids import check_uuid

KINDS = ("example", "counter")
KIND_WORDS = {"example": "example", "counter": "counter-example"}
CONTEXT = 40   # code points of context kept on each side, at most
TEXT_FIELDS = ("note", "text", "before", "after", "document")


@dataclass(frozen=True)
class Anchor:
    annotation: str
    kind: str
    text: str
    document: str
    start: int
    end: int
    note: str = ""
    before: str = ""
    after: str = ""

    @property
    def is_example(self) -> bool:
        return self.kind == "example"


def check_anchor(item: Any, where: str = "") -> Anchor:
    """The anchor this JSON object makes, or :class:`SchemeError` saying in one sentence what is wrong."""
    if not isinstance(item, dict) or set(item) - {"annotation", "kind", *TEXT_FIELDS, "start", "end"}:
        raise SchemeError(f"An anchor{where} is an object with annotation, kind, text, document, start, end, "
                          "and optionally note, before and after.")
    if item.get("kind") not in KINDS:
        raise SchemeError(f"An anchor{where} is an example or a counter, not {shown(str(item.get('kind')))!r}.")
    uuid = check_uuid(item.get("annotation"), f"An anchor{where}", SchemeError)
    texts = {key: item.get(key, "") for key in TEXT_FIELDS}
    if not all(isinstance(value, str) for value in texts.values()) or not texts["text"]:
        raise SchemeError(f"An anchor{where} needs its text, and its note, context and document as text.")
    start, end = item.get("start"), item.get("end")
    if not (type(start) is int and type(end) is int and 0 <= start < end):
        raise SchemeError(f"An anchor{where} needs a start and an end, whole numbers with 0 <= start < end.")
    return Anchor(uuid, item["kind"], texts["text"], texts["document"], start, end, clean_note(texts["note"]),
                  texts["before"], texts["after"])


def clean_note(note: str) -> str:
    """A note is one line: runs of whitespace become one space."""
    return " ".join((note or "").split())


def check_anchors(items: Any, code: str = "") -> tuple[Anchor, ...]:
    """Anchors from their JSON shape (a list of objects), each checked; one per annotation."""
    where = f" of code {code!r}" if code else ""
    if not isinstance(items, list):
        raise SchemeError(f"The anchors{where} must be a list, not {type(items).__name__}.")
    anchors = [check_anchor(item, f" {number}{where}") for number, item in enumerate(items, 1)]
    return tuple({a.annotation: a for a in anchors}.values())


def anchors_text(anchors: Iterable[Anchor]) -> str:
    """What ``codes.anchors`` holds: canonical JSON (equal anchors, equal text)."""
    return json.dumps([asdict(anchor) for anchor in anchors], ensure_ascii=False)


def read_anchors(text: Optional[str], code: str = "") -> tuple[Anchor, ...]:
    """The anchors stored in ``codes.anchors`` (checked again: the file may have been written elsewhere)."""
    try:
        items = json.loads(text or "[]")
    except json.JSONDecodeError:
        raise SchemeError(f"The anchors of code {code!r} are not readable JSON.") from None
    return check_anchors(items, code)


def without_anchors(text: str, annotations: frozenset, code: str = "") -> str:
    """``codes.anchors`` text without the anchors of ``annotations`` (the same text if it has none of them)."""
    anchors = read_anchors(text, code)
    kept = [a for a in anchors if a.annotation not in annotations]
    return text if len(kept) == len(anchors) else anchors_text(kept)


def with_anchors_back(text: str, lead_text: str, annotations: frozenset, code: str = "") -> str:
    """A package's ``codes.anchors`` with the lead's anchors of ``annotations`` (left out of the package) put
    back: the lead's own text where the package has the lead's other anchors unchanged, else the package's
    anchors followed by the left-out ones it lacks."""
    lead, mine = read_anchors(lead_text, code), read_anchors(text, code)
    if [a for a in lead if a.annotation not in annotations] == list(mine):
        return lead_text
    have = {a.annotation for a in mine}
    back = [a for a in lead if a.annotation in annotations and a.annotation not in have]
    return anchors_text([*mine, *back]) if back else text


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """Up to :data:`CONTEXT` code points before and after ``[start, end)``, within the paragraph,
    cut at a space (an ellipsis marks a cut)."""
    before, after = text[max(0, start - CONTEXT):start], text[end:end + CONTEXT]
    before, after = before.rpartition("\n")[2], after.partition("\n")[0]
    if start - len(before) > 0 and text[start - len(before) - 1] != "\n" and " " in before:
        before = "…" + before.partition(" ")[2]
    if end + len(after) < len(text) and text[end + len(after)] != "\n" and " " in after:
        after = after.rpartition(" ")[0] + "…"
    return before, after


_STRING = r'"(?:[^"\\]|\\.)*"'
_LINE = re.compile(rf"^(example|counter-example): ({_STRING}) in ({_STRING}) at (\d+)-(\d+), "
                   rf"annotation (\S+?)(?:; note: ({_STRING}))?$")


def anchor_line(anchor: Anchor) -> str:
    """The anchor as one line of text (:func:`parse_anchor_line` reads it back; no context)."""
    line = (f"{KIND_WORDS[anchor.kind]}: {_quote(anchor.text)} in {_quote(anchor.document)} "
            f"at {anchor.start}-{anchor.end}, annotation {anchor.annotation}")
    return line + (f"; note: {_quote(anchor.note)}" if anchor.note else "")


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def parse_anchor_lines(text: str, code: str = "") -> tuple[Anchor, ...]:
    """Anchors from lines written by :func:`anchor_line` (blank lines skipped)."""
    anchors = []
    for number, line in enumerate((text or "").splitlines(), 1):
        match = _LINE.match(line.strip())
        if not line.strip():
            continue
        if match is None:
            raise SchemeError(f"Line {number} of the anchors of {code!r} is not an anchor as annotator writes "
                              f"it: {shown(line.strip())!r}.")
        kind, quoted, document, start, end, uuid, note = match.groups()
        anchors.append({"annotation": uuid, "kind": "example" if kind == "example" else "counter",
                        "text": json.loads(quoted), "document": json.loads(document), "start": int(start),
                        "end": int(end), "note": json.loads(note) if note else ""})
    return check_anchors(anchors, code)
