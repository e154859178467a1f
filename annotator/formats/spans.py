"""What every writer shares: its report, spans grouped by coder, safe file names (the rows
themselves come from :mod:`annotator.selection`)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..selection import Span


@dataclass
class ExportReport:
    """What an export wrote: ``count`` items of ``unit``, and notes for the user
    (misaligned spans, truncated cells...)."""

    count: int
    unit: str
    notes: list = field(default_factory=list)


def by_coder(spans: list[Span]) -> dict[str, list[Span]]:
    grouped: dict[str, list[Span]] = {}
    for span in spans:
        grouped.setdefault(span.coder, []).append(span)
    return grouped


def safe_file_name(name: str, taken: set) -> str:
    """A file name without path separators or control characters, unique within ``taken``."""
    stem = re.sub(r'[\x00-\x1f/\\:*?"<>|]+', "_", name).strip(" .") or "document"
    stem = stem[:120]
    candidate, number = stem, 2
    while candidate.casefold() in taken:
        candidate, number = f"{stem}_{number}", number + 1
    taken.add(candidate.casefold())
    return candidate
