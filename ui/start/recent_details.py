"""What the start screen says about a recent project: when it last changed, its documents and
annotations, or why it cannot say (missing, damaged, not a project, newer, busy).

``read_details`` never changes the file, not by a byte: the header is checked as
``Project.open`` checks it, and the file is then opened with SQLite's ``mode=ro`` (no journal,
no lock beyond a reader's) for two counts that SQLite takes from indexes (no text is read). A
file that an update or a rollback would change (an older format, an unfinished change in its
``-journal``) is not opened at all. It does plain file I/O and no Qt, so the start screen runs it
off the GUI thread: a slow or absent network drive never holds the screen up.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Optional

from annotator import Project
from annotator.errors import AnnotatorError
from annotator.migrations import SCHEMA_VERSION
from annotator.store import check_header

MISSING = "Missing: moved, renamed, deleted, or its drive is not connected."
UNFINISHED = "a change to it is being written, or was cut off; opening it finishes that"
OLDER = "made by an earlier version of annotator; opening it updates it"


@dataclass(frozen=True)
class RecentDetails:
    path: Path
    modified: Optional[float] = None       # the file's last change (seconds since the epoch)
    documents: Optional[int] = None
    annotations: Optional[int] = None
    missing: bool = False
    problem: str = ""                      # the file is damaged, foreign, newer or unreadable: why
    note: str = ""                         # no counts, but nothing wrong (older format, busy)


def read_details(path: Path) -> RecentDetails:
    """The details of the project file at ``path``, read without changing it."""
    try:
        modified = path.stat().st_mtime
    except FileNotFoundError:
        return RecentDetails(path, missing=True)
    except OSError as error:
        return RecentDetails(path, problem=f"It cannot be read ({error.strerror or error}).")
    try:
        return _counted(path, modified)
    except AnnotatorError as error:
        return RecentDetails(path, modified, problem=str(error))
    except Exception as error:  # sqlite3 or the OS: still a sentence, never a dead thread
        return RecentDetails(path, modified, problem=f"It cannot be read ({type(error).__name__}: {error}).")


def _counted(path: Path, modified: float) -> RecentDetails:
    if check_header(path) < SCHEMA_VERSION:
        return RecentDetails(path, modified, note=OLDER)
    if _unfinished_change(path):
        return RecentDetails(path, modified, note=UNFINISHED)
    with Project.open(path, read_only=True) as project:
        return RecentDetails(path, modified, project.count_documents(), project.count_annotations())


def _unfinished_change(path: Path) -> bool:
    """A non-empty rollback journal: a write in progress, or one cut off that opening rolls back."""
    try:
        return os.path.getsize(f"{path}-journal") > 0
    except OSError:
        return False


def changed_text(modified: float, now: Optional[datetime] = None) -> str:
    """``changed today 14:02``, ``changed yesterday 09:15``, ``changed 3 Mar``, ``changed 3 Mar 2024``."""
    when, now = datetime.fromtimestamp(modified), now or datetime.now()
    days = (now.date() - when.date()).days
    if days == 0:
        return f"changed today {when:%H:%M}"
    if days == 1:
        return f"changed yesterday {when:%H:%M}"
    return f"changed {when.day} {when:%b}" + (f" {when.year}" if when.year != now.year else "")


def summary(details: RecentDetails, now: Optional[datetime] = None) -> str:
    """One line for the list: the change and the counts, or the reason there are none."""
    if details.missing:
        return "⚠ " + MISSING
    if details.problem:
        return "⚠ " + details.problem
    parts = [changed_text(details.modified, now)] if details.modified is not None else []
    if details.documents is not None and details.annotations is not None:
        parts += [_count(details.documents, "document"), _count(details.annotations, "annotation")]
    return " · ".join(parts + ([details.note] if details.note else []))


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
