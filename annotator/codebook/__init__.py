"""Editing the codebook: undoable commands for codes, a change log and a scheme version.

Every command applies itself in the caller's transaction (``project.apply(command)``) and
returns ``(inverse, Change)`` of ``ChangeKind.SCHEME`` like the annotation commands. Internally each
edit is turned into a :class:`SchemePatch` (the code rows to write, the codes to remove, the
annotations to re-code, restore or delete); applying a patch snapshots exactly what it
overwrites, and that snapshot is the inverse. So undo puts back every code row and every
annotation with the same ids, UUIDs, timestamps and scheme versions.

Each applied patch (an edit, an undo or a redo) adds one row to ``scheme_log`` and increments
``meta.scheme_version``; the version only ever grows, so the version stored on an annotation
(``annotations.scheme_version``, filled when it is inserted) names one codebook state.

Commands name codes by UUID, never by row id, so that a redo after an undo still finds them.
A project whose ``codebook_locked`` is true (a coder package) refuses every edit.

The pieces: :mod:`.records` (rows, definitions, log entries, errors), :mod:`.reading`,
:mod:`.patch` (the patch and the command base), :mod:`.checks`, :mod:`.names` (the one name
rule), :mod:`.rules` (a code's keywords, phrases and patterns: their shape, the one check, their
line of text), :mod:`.anchors` (a code's examples and counter-examples from gold, and
:mod:`.anchor_edits`, the commands that mark them), :mod:`.edits` (add and change one code)
and :mod:`.restructure` (delete, merge, import). :mod:`.store` is the only writer of the
``codes`` table; :mod:`.bulk` writes codes from a file without undo (a new project, a ``.qdpx``
import). The file formats:
:mod:`.scheme_json`, :mod:`.files` (``.qdc``, JSON, Markdown, HTML), :mod:`.qdc`,
:mod:`.qdc_read`, :mod:`.printable`. Every public name of the commands is importable from
``annotator.codebook``.
"""
from __future__ import annotations

from .anchor_edits import MarkAnchor, UnmarkAnchor
from .checks import SHORT_COLOUR, check_colour
from .edits import AddCode, DescribeCode, MoveCode, RecolourCode, RenameCode, SetCodable, SetRules, SetShortcut
from .patch import SchemePatch, record_scheme_change
from .reading import (
    annotation_counts,
    annotation_scheme_version,
    code_row,
    code_rows,
    definition,
    path_of,
    scheme_log,
    scheme_version,
    tree_order,
)
from .records import (
    DELETE_CHOICES,
    CodebookLockedError,
    CodebookUnchangedError,
    CodeDefinition,
    CodeInUseError,
    CodeRow,
    SchemeLogEntry,
)
from .restructure import DeleteCode, ImportCodebook, MergeCodes

__all__ = [
    "SHORT_COLOUR", "DELETE_CHOICES", "CodebookLockedError", "CodebookUnchangedError", "CodeInUseError", "CodeRow",
    "CodeDefinition",
    "SchemeLogEntry", "code_rows", "code_row", "tree_order", "path_of", "definition", "scheme_version",
    "scheme_log", "annotation_counts", "annotation_scheme_version", "SchemePatch", "check_colour",
    "AddCode", "RenameCode", "RecolourCode", "DescribeCode", "SetShortcut", "SetCodable", "SetRules", "MoveCode",
    "DeleteCode", "MergeCodes", "ImportCodebook", "record_scheme_change", "MarkAnchor", "UnmarkAnchor",
]
