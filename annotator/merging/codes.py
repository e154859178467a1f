"""Codes across packages: versions, and the rule that decides which version the lead keeps.

A *version* of a code is everything about it except its row ids: name, colour, definition
fields, shortcut, position, codable, and its parent's UUID. Versions are compared as
canonical JSON. A package remembers the codebook it started from (``codebook_base``); a
package *edited* a code when its version differs from that base, and *added* one when the
base lacks it.

The rule (deterministic, and independent of the order in which packages are merged, in
one merge or across several, because it only looks at the lead's own version and at the
set of all edits ever merged, which ``merged_code_edits`` keeps):

1. A code the lead deleted stays deleted (its annotations are refused and reported).
2. A code only coders have (a coder added it): added; if coders added it in different
   versions, the first in the sort order of their canonical JSON is used and reported.
3. Otherwise the lead's own version wins, unless exactly one distinct edit exists among all
   merged packages and the lead's version is still the one every editing package started
   from; then that edit is applied (a rename keeps the UUID, so annotations follow).
   Competing edits, or a lead edit made after the package was made, are reported.

The lead's "own version" is its current one, except that a version a merge applied is
looked through to what the lead had before (``merged_code_origins``), so a later
conflicting package can undo an earlier package's edit the same way whichever came first.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Optional

from ..codebook.anchors import with_anchors_back
from ..errors import NotAProjectError

_SKIP = {"id", "uuid", "parent_id"}


def canonical(version: Optional[dict]) -> Optional[str]:
    return None if version is None else json.dumps(version, sort_keys=True, ensure_ascii=False)


def columns(conn: sqlite3.Connection, table: str, schema: str = "main") -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA {schema}.table_info({table})")]


def code_versions(conn: sqlite3.Connection, schema: str = "main") -> dict[str, dict]:
    """Every code's version, keyed by UUID."""
    keep = [c for c in columns(conn, "codes", schema) if c not in _SKIP]
    select = ", ".join(f'c."{c}"' for c in keep)
    rows = conn.execute(f"SELECT c.uuid, p.uuid, {select} FROM {schema}.codes c "
                        f"LEFT JOIN {schema}.codes p ON p.id = c.parent_id")
    return {row[0]: {"parent": row[1], **dict(zip(keep, row[2:]))} for row in rows}


def restrict(version: Optional[dict], keys) -> Optional[dict]:
    """Compare only the fields both sides know (an older package lacks newer columns)."""
    return None if version is None else {k: v for k, v in version.items() if k in keys}


def put_back_anchors(package, lead: dict, withheld: str) -> None:
    """Put the lead's anchors that ``package`` left out (``anchors_withheld``, JSON: gold's coding of the
    package's own documents, :mod:`annotator.packages`) back into its base and its versions, so their
    absence reads as no edit of the coder's."""
    try:
        held = json.loads(withheld)
    except json.JSONDecodeError:
        held = None
    if not isinstance(held, list) or not all(isinstance(u, str) for u in held):
        raise NotAProjectError(f"The package {package.path.name} has a list of left-out anchors that cannot be "
                               "read; nothing was merged.")
    for versions in (package.base, package.versions):
        for u, version in versions.items():
            if held and "anchors" in version and u in lead:
                versions[u] = {**version, "anchors": with_anchors_back(version["anchors"], lead[u]["anchors"],
                                                                       frozenset(held), version["name"])}


@dataclass(frozen=True)
class EditRecord:
    package_uuid: str
    code_uuid: str
    base: Optional[str]
    edit: str


@dataclass(frozen=True)
class Decision:
    code_uuid: str
    target: Optional[str]        # canonical JSON of the version the lead ends with (None: no code)
    outcome: str                 # "same", "applied", "added", "conflict", "deleted"
    detail: str = ""


def decide(code_uuid: str, records: list[EditRecord], lead_own: Optional[str],
           current: Optional[str], merged_before: bool) -> Decision:
    edits = sorted({r.edit for r in records})
    if current is None and (merged_before or any(r.base is not None for r in records)):
        return Decision(code_uuid, None, "deleted", "deleted from the project; not restored")
    if lead_own is None:
        if len(edits) == 1:
            return Decision(code_uuid, edits[0], "added")
        return Decision(code_uuid, edits[0], "conflict",
                        f"{len(edits)} coders added it in different versions; the first in content "
                        "order was kept")
    if edits == [lead_own]:
        return Decision(code_uuid, lead_own, "same")
    lead_moved = any(r.base != lead_own for r in records)
    if len(edits) == 1 and not lead_moved:
        return Decision(code_uuid, edits[0], "applied")
    why = ("the project's copy was changed after the package was made" if lead_moved
           else f"{len(edits)} packages changed it differently")
    return Decision(code_uuid, lead_own, "conflict", f"{why}; the project's version was kept")


def describe(before: Optional[dict], after: Optional[dict]) -> str:
    """A short account of what changed between two versions (for the report)."""
    if before is None:
        return "added"
    if after is None:
        return "removed"
    fields = sorted(k for k in after if before.get(k) != after.get(k))
    if "name" in fields:
        return f"renamed from {before['name']!r}" + (f" ({', '.join(f for f in fields if f != 'name')} changed)"
                                                       if len(fields) > 1 else "")
    return f"{', '.join(fields)} changed" if fields else "unchanged"
