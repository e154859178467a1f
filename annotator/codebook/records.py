"""The codebook's records and errors: full code rows, definitions, change-log entries."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

from ..errors import AnnotatorError, SchemeError

DELETE_CHOICES = ("refuse", "move", "delete")


class CodebookLockedError(AnnotatorError):
    """The codebook of this project may not be edited (a coder package)."""


class CodeInUseError(SchemeError):
    """A code still has annotations; the caller must say where they go."""

    def __init__(self, message: str, count: int):
        super().__init__(message)
        self.count = count


class CodebookUnchangedError(SchemeError):
    """An edit that would leave the codebook as it is: refused, so it is neither written, logged nor
    versioned (and the app's undo stack gets no empty step)."""


FIELDS = ("name", "color", "description", "examples", "use_when", "dont_use_when", "shortcut", "position",
          "codable", "rules", "anchors")


@dataclass(frozen=True)
class CodeRow:
    """A full row of the codes table, with the parent named by UUID: what every writer of
    codes takes (:mod:`.store`). A code read from a file has no ``id`` yet, and ``keep`` names
    the definition fields the file did not give, which keep what the project has."""

    id: Optional[int]
    uuid: str
    name: str
    color: str
    description: str = ""
    examples: str = ""
    use_when: str = ""
    dont_use_when: str = ""
    shortcut: Optional[str] = None
    parent_uuid: Optional[str] = None
    position: int = 0
    codable: bool = True
    rules: str = "[]"   # the code's rules as stored, canonical JSON (:mod:`.rules`)
    anchors: str = "[]"  # its examples and counter-examples as stored, canonical JSON (:mod:`.anchors`)
    extra: tuple = ()   # columns added by later migrations, written back as they were
    keep: frozenset = frozenset()

    def with_columns(self, values: dict) -> "CodeRow":
        """This row with column values as stored (``codable`` 0/1; other columns go to ``extra``)."""
        known = {k: v for k, v in values.items() if k in FIELDS}
        if "codable" in known:
            known["codable"] = bool(known["codable"])
        extra = {**dict(self.extra), **{k: v for k, v in values.items() if k not in FIELDS}}
        return replace(self, **known, extra=tuple(extra.items()))


@dataclass(frozen=True)
class CodeDefinition:
    """What a coder reads when in doubt."""

    uuid: str
    name: str
    path: str
    color: str
    codable: bool
    shortcut: Optional[str]
    description: str
    examples: str
    use_when: str
    dont_use_when: str
    rules: tuple = ()   # the code's rules (:class:`annotator.codebook.rules.Rule`)
    anchors: tuple = ()  # its examples and counter-examples (:class:`annotator.codebook.anchors.Anchor`)

    @property
    def is_empty(self) -> bool:
        return not (self.description or self.examples or self.use_when or self.dont_use_when)


@dataclass(frozen=True)
class SchemeLogEntry:
    id: int
    time: str
    coder: Optional[str]
    coder_uuid: Optional[str]
    action: str
    code_uuid: Optional[str]
    details: dict
    scheme_version: int
