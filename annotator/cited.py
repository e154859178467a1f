"""A disagreement's stable id, and the snapshot of it that a codebook change cites.

**The id** is "D" and 8 hex digits of the SHA-1 of the document's UUID and the sorted UUIDs of
the annotations involved: recomputing a report (any format, any seed) gives the same id, and a
different set of annotations a different one. It does not depend on row ids, offsets or code
names, so it survives a copy of the project, a merge or a rename.

**The snapshot** (:class:`CitedDisagreement`) is what the change log keeps of a cited
disagreement: where it was, its text (cut to :data:`TEXT_LIMIT` characters) and who coded what,
as it was when cited, so the link still reads after the annotations are edited, re-coded or
deleted (a change of codebook usually does exactly that).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Iterable, Optional

TEXT_LIMIT = 300   # characters of a cited disagreement's text kept in the change log
ID_PATTERN = re.compile(r"D[0-9a-f]{8}")


def disagreement_id(document_uuid: str, annotation_uuids: Iterable[str]) -> str:
    """The id of the disagreement among ``annotation_uuids`` in the document ``document_uuid``."""
    key = "\n".join([document_uuid, *sorted(annotation_uuids)])
    return "D" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def normal_id(text: str) -> Optional[str]:
    """``text`` as an id ("d1A2b3C4d" → "D1a2b3c4d"), or None if it is not one."""
    text = str(text).strip()
    candidate = text[:1].upper() + text[1:].lower()
    return candidate if ID_PATTERN.fullmatch(candidate) else None


def cut(text: str, limit: int = TEXT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class CitedDisagreement:
    """A disagreement as cited by a codebook change; ``coded`` is ``((coder, ((start, end, code), ...)), ...)``
    (an empty tuple: the coder coded nothing there); ``round`` names the round whose report showed it."""

    id: str
    document: str
    document_uuid: str
    start: int
    end: int
    text: str
    coded: tuple
    round: Optional[str] = None

    def as_json(self) -> dict:
        return {"id": self.id, "document": self.document, "document_uuid": self.document_uuid, "start": self.start,
                "end": self.end, "text": self.text, "round": self.round,
                "coded": {coder: [{"start": s, "end": e, "code": c} for s, e, c in spans]
                          for coder, spans in self.coded}}

    @classmethod
    def from_json(cls, data: dict) -> "CitedDisagreement":
        coded = tuple((str(coder), tuple((int(x["start"]), int(x["end"]), str(x["code"])) for x in spans))
                      for coder, spans in dict(data.get("coded") or {}).items())
        return cls(str(data["id"]), str(data.get("document", "")), str(data.get("document_uuid", "")),
                   int(data.get("start", 0)), int(data.get("end", 0)), str(data.get("text", "")), coded,
                   data.get("round"))

    def who(self) -> str:
        """Who coded what, on one line: "Ana: claim [3, 9); Ben: nothing"."""
        return "; ".join(f"{coder}: " + (", ".join(f"{c} [{s}, {e})" for s, e, c in spans) or "nothing")
                         for coder, spans in self.coded)

    def place(self) -> str:
        """Where, on one line: "D1a2b3c4d in speech.txt [3, 9) (round pilot)"."""
        return (f"{self.id} in {self.document} [{self.start}, {self.end})"
                + (f" (round {self.round})" if self.round else ""))
