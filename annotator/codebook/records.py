"""The codebook's records and errors: full code rows, definitions, change-log entries."""
from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class CodeRow:
    """A full row of the codes table, with the parent named by UUID."""

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
    extra: tuple = ()   # columns added by later migrations, written back as they were


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
