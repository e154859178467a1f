"""What a project-file reader (``.qdpx``, our JSONL) hands the core: plain records, no SQL.

A reader parses and checks the whole file; the core's storer (:mod:`annotator.importing.store`)
matches codes and coders against the project and writes everything in one transaction. Keys
link records within one file (a GUID, a link key, or a name); ``uuid`` is kept when free.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, Optional, TypeVar

PALETTE = ["#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#E69F00", "#999999"]


@dataclass(frozen=True)
class ImportedMemo:
    """A memo on a document or a code, or a journal, by one coder (a memo of annotator.memos)."""

    coder: str                          # key into ``ImportedProject.coders``, or a coder name
    text: str
    uuid: Optional[str] = None          # kept when it is a GUID not yet used
    created: Optional[str] = None       # ISO 8601 as the file has it; None: now
    modified: Optional[str] = None


@dataclass(frozen=True)
class ImportedCode:
    key: str
    name: str
    parent_key: Optional[str] = None
    uuid: Optional[str] = None
    color: Optional[str] = None         # None: the next colour of the palette
    bad_colour: Optional[str] = None    # the file's colour that could not be read (reported if the code is new)
    description: str = ""
    codable: bool = True
    used: bool = False                  # a coding refers to it: a matched code becomes codable
    memos: tuple = ()                   # ImportedMemo: memos on the code (not its definition)


@dataclass(frozen=True)
class ImportedCoder:
    name: str
    uuid: Optional[str] = None          # checked when the coder is first used
    what: str = ""                      # how a ``uuid`` that is not a GUID is named in the report


@dataclass(frozen=True)
class ImportedCoding:
    coder: str                          # key into ``ImportedProject.coders``, or a coder name
    code: str                           # key of an ``ImportedCode``, or a code name
    start: int
    end: int
    memo: Optional[str] = None
    uuids: tuple = ()                   # (identifier, what) to keep, the first free GUID wins
    suggested: Optional[tuple] = None   # provenance.Suggested: the suggestion it was accepted from


@dataclass(frozen=True)
class ImportedDocument:
    name: str
    text: str                           # normalised
    source_path: Optional[str]
    source_type: str
    attributes: Optional[dict] = None
    codings: tuple = ()
    memos: tuple = ()                   # ImportedMemo: memos on the document


@dataclass
class ImportCounts:
    """What storing a project file did; a format's report adds its own lines on top."""

    documents_added: int = 0
    documents_matched: int = 0
    codes_created: list = field(default_factory=list)
    codes_matched: int = 0
    coders_created: list = field(default_factory=list)
    coders_matched: int = 0
    annotations_added: int = 0
    annotations_unchanged: int = 0
    memos_added: int = 0
    memos_unchanged: int = 0
    warnings: list = field(default_factory=list)
    not_guids: list = field(default_factory=list)

    @property
    def status(self) -> str:
        return "imported"

    def lines(self) -> list[str]:
        return []

    def finish(self) -> None:
        """Called once everything is stored: identifiers that were not GUIDs become one warning."""
        if self.not_guids:
            shown = ", ".join(self.not_guids[:5]) + (f" and {len(self.not_guids) - 5} more"
                                                     if len(self.not_guids) > 5 else "")
            self.warnings.append(f"identifiers that are not GUIDs (8-4-4-4-12 hexadecimal digits) were not "
                                 f"kept, new GUIDs were made: {shown}")


Report = TypeVar("Report", bound=ImportCounts)


@dataclass
class ImportedProject(Generic[Report]):
    """A project file read whole. ``match_codes``: "place" (by UUID, else by name under the same
    parent, case-insensitively; new codes are written as a tree) or "name" (by exact name anywhere;
    a name used twice is refused; new codes only with ``create_codes``)."""

    label: str                          # the file's name, for messages
    report: Report                      # ImportCounts, or the format's own report built on it
    documents: list = field(default_factory=list)
    codes: list = field(default_factory=list)       # ImportedCode, parents first
    coders: dict = field(default_factory=dict)      # key -> ImportedCoder; a key not here is a coder's name
    journals: list = field(default_factory=list)    # ImportedMemo: each coder's project journal
    match_codes: str = "place"
