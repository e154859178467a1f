"""What a merge did, per package (that is, per coder) and per code, in plain sentences."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

REASONS = {
    "older": "the project holds a newer version of this annotation",
    "owned": "the project has an annotation with this UUID by another coder",
    "other coder": "coded by someone other than this package's coder",
    "document": "its document was refused",
    "code": "its code is not in the project (deleted there, or refused)",
    "span": "the span lies outside the document's text",
    "superseded": "another package being merged has a newer version of it",
    "deleted": "its coder deleted it in another package being merged",
    "deleted earlier": "its coder deleted it in a package merged before",
    "deleted in project": "it was deleted in the project (this version or a newer one)",
}


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass
class PackageResult:
    path: str
    package_uuid: str
    coder: str
    coder_uuid: str
    documents: int = 0
    documents_refused: list[tuple[str, str]] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: Counter = field(default_factory=Counter)   # reason -> count
    statuses: int = 0
    deleted: int = 0                                     # annotations the coder deleted in the package
    deletions_refused: Counter = field(default_factory=Counter)   # reason -> count
    memos: int = 0                                       # memos added or updated (the coder's own)
    memos_refused: Counter = field(default_factory=Counter)       # reason -> count
    round: str = ""                                      # the round the package was made for, if any
    round_known: bool = False                            # the project knows that round
    round_namesake: tuple = ()                           # unknown round: (name, made) of the project's so named
    round_pending: tuple = ()                            # unknown round: rounds whose package for the coder, not
                                                         # merged yet, holds some of its documents
    round_annotations: int = 0                           # annotations recorded as the round's
    round_changes: int = 0                               # the round's records this merge added or changed
    round_outside: tuple[int, int] = (0, 0)              # the coder's other annotations on the round's documents
    statuses_kept: int = 0                               # the coder's own statuses kept over the package's

    def lines(self) -> list[str]:
        refused = sum(self.refused.values())
        out = [f"{self.coder} ({self.path}): {plural(self.documents, 'document')}, "
               f"{plural(self.added, 'annotation')} added, {self.updated} updated, {self.deleted} deleted, "
               f"{self.unchanged} unchanged, {refused} refused."]
        out += [f"  document {name!r} refused: {why}." for name, why in self.documents_refused]
        out += [f"  {plural(count, 'annotation')} refused: {why}."
                for why, count in sorted(self.refused.items())]
        out += [f"  {plural(count, 'deletion')} not applied: {why}."
                for why, count in sorted(self.deletions_refused.items())]
        out += [f"  {plural(self.memos, 'memo')} on documents, codes or the journal merged."] if self.memos else []
        out += [f"  {plural(count, 'memo')} not merged: {why}." for why, count in sorted(self.memos_refused.items())]
        return out + self._round_lines()

    def _round_lines(self) -> list[str]:
        if not self.round:
            return []
        if not self.round_known:
            return [self._unknown_line(), *self._outside_lines(), *self._pending_lines()]
        out = [f"  Round {self.round!r}: {plural(self.round_annotations, 'annotation')} recorded as the round's."]
        if self.statuses_kept:
            out.append(f"  {plural(self.statuses_kept, 'document status')} recorded as the round's only: "
                       f"{self.coder}'s own status on {'it' if self.statuses_kept == 1 else 'them'} in the project "
                       "was kept.")
        return out + self._outside_lines()

    def _unknown_line(self) -> str:
        if self.round_namesake:
            name, made = self.round_namesake
            return (f"  It was made for a round named {self.round!r} that is not this project's round {name!r} "
                    f"(made {made}): the package's round was deleted, or made for a copy of the "
                    "project; its work was merged as ordinary coding, in no round.")
        return (f"  It was made for round {self.round!r}, which this project does not know; its work was merged as "
                "ordinary coding, in no round (the round was deleted, or made for a copy of the project).")

    def _pending_lines(self) -> list[str]:
        return [f"  warning: {self.coder}'s package of round {name!r}, not merged yet, holds "
                f"{plural(count, 'document')} of it: merging that package will put a second coding there."
                for name, count in self.round_pending]

    def _outside_lines(self) -> list[str]:
        count, documents = self.round_outside
        if not count:
            return []
        why = "the round's report reads only the round's" if self.round_known else "neither is recorded as a round's"
        return [f"  warning: {self.coder} also has {plural(count, 'annotation')} outside the round on "
                f"{plural(documents, 'document')} of it: that layer now holds two codings there ({why})."]


@dataclass(frozen=True)
class CodeResult:
    code: str
    uuid: str
    outcome: str     # added, applied, conflict, deleted, name match
    detail: str

    def line(self) -> str:
        what = {"added": "added", "applied": "changed", "conflict": "conflict",
                "deleted": "not restored", "name match": "matched by name"}.get(self.outcome, self.outcome)
        return f"  code {self.code!r}: {what}" + (f" ({self.detail})" if self.detail else "") + "."


@dataclass
class MergeReport:
    packages: list[PackageResult] = field(default_factory=list)
    codes: list[CodeResult] = field(default_factory=list)
    coders_added: list[str] = field(default_factory=list)
    undo: Optional[object] = None        # a core command that undoes the merge exactly

    @property
    def changed(self) -> bool:
        return bool(self.coders_added or any(c.outcome in ("added", "applied") for c in self.codes)
                    or any(p.added or p.updated or p.deleted or p.statuses or p.memos or p.round_changes
                            for p in self.packages))

    def lines(self) -> list[str]:
        out = []
        for package in self.packages:
            out += package.lines()
        if self.coders_added:
            out.append(f"Coders added: {', '.join(self.coders_added)}.")
        if self.codes:
            out.append("Codebook:")
            out += [c.line() for c in self.codes]
        if not self.changed:
            out.append("Nothing new: the project already had all of this work.")
        return out
