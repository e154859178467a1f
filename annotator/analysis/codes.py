"""The codes a table shows: those in scope, in codebook order (depth first, siblings by position),
each with its path, and for rolling groups up, the shown codes each code counts for (itself and
its shown ancestors)."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ..codebook.reading import code_rows, tree_order
from ..records import Code, code_path
from .scope import Scope, codes_by_id


@dataclass(frozen=True)
class ShownCodes:
    ids: tuple[int, ...]  # codebook order
    paths: tuple[str, ...]  # aligned with ids
    counts_for: dict[int, tuple[int, ...]]  # code id -> itself and its shown ancestors

    def index(self) -> dict[int, int]:
        return {code: i for i, code in enumerate(self.ids)}

    def members(self) -> tuple[frozenset[int], ...]:
        """Per shown code, the codes it counts when groups are rolled up: itself and its sub-codes."""
        out: dict[int, set[int]] = {code: set() for code in self.ids}
        for code, counted in self.counts_for.items():
            for shown in counted:
                out[shown].add(code)
        return tuple(frozenset(out[code]) for code in self.ids)


def shown_codes(conn: sqlite3.Connection, scope: Scope) -> ShownCodes:
    by_id = codes_by_id(conn)
    ids = tuple(row.id for _, row in tree_order(code_rows(conn))
                if row.id is not None and (scope.code_ids is None or row.id in scope.code_ids))
    shown = set(ids)
    counts_for = {code: tuple(c for c in lineage(by_id, code) if c in shown) for code in ids}
    return ShownCodes(ids, tuple(code_path(by_id, code) for code in ids), counts_for)


def lineage(by_id: dict[int, Code], code_id: int) -> list[int]:
    """``code_id`` and its ancestors, nearest first (a cycle in damaged data stops the walk)."""
    out: list[int] = []
    current = by_id.get(code_id)
    while current is not None and current.id not in out:
        out.append(current.id)
        current = by_id.get(current.parent_id) if current.parent_id is not None else None
    return out
