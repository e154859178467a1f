"""The merge itself: one command, applied in one transaction, whose inverse restores the
lead's file exactly (see :mod:`annotator.merging.restore`).

Annotations are matched by UUID and moved with set-based SQL from the staged TEMP tables:
a UUID the project lacks is added; the same annotation again is unchanged; a newer version
of this coder's own annotation replaces the older one (newest ``modified`` wins, so order
does not matter); anything else is refused with its reason and counted per package. The
lead's and other coders' annotations are never written. Then what a package's coder deleted
in it is deleted (:mod:`annotator.merging.deletions`).
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, replace
from typing import Callable, Optional

from ..codebook import CodeRow, code_rows, record_scheme_change
from ..codebook.names import name_clash
from ..codebook.store import write_rows
from .codes import EditRecord, canonical, code_versions, columns, decide, describe, restrict
from .deletions import apply_deletions, supersede
from .memos import apply_memos
from .provenance import apply_provenance
from .read import Staging
from .report import REASONS, CodeResult, MergeReport, PackageResult
from .restore import MERGE_CHANGE, RestoreRows, Snapshot, capture
from .rounds import apply_rounds, mark_merged

VERDICTS = """
    CASE
      WHEN s.coder_uuid != p.coder_uuid THEN
        CASE WHEN a.id IS NOT NULL AND a.start = s.start AND a."end" = s."end"
                  AND a.modified = s.modified THEN 'same' ELSE 'other coder' END
      WHEN dm.lead_doc IS NULL THEN 'document'
      WHEN cm.code_id IS NULL THEN 'code'
      WHEN s.start < 0 OR s."end" <= s.start OR s."end" > dm.lead_length THEN 'span'
      WHEN a.id IS NULL THEN 'add'
      WHEN a.coder_id != p.coder_id THEN 'owned'
      WHEN a.document_id = dm.lead_doc AND a.code_id = cm.code_id AND a.start = s.start
           AND a."end" = s."end" AND a.memo IS s.memo AND a.created = s.created
           AND a.modified = s.modified THEN 'same'
      WHEN s.modified > a.modified THEN 'update'
      ELSE 'older'
    END"""


@dataclass
class MergeCommand:
    """Merge staged packages; ``report`` is filled in by :meth:`apply`."""

    staging: Staging
    code_map: dict = field(default_factory=dict)     # package code UUID -> lead code UUID (by name)
    coder_map: dict = field(default_factory=dict)    # package coder UUID -> lead coder UUID (by name)
    report: Optional[MergeReport] = None
    label: str = "Merge coders' work"
    progress: Optional[Callable[[str], None]] = None

    def apply(self, conn: sqlite3.Connection):
        report = MergeReport(packages=[PackageResult(str(p.path), p.package_uuid, p.coder_name, p.coder_uuid,
                                                     round=p.round_name, round_known=bool(p.round_uuid),
                                                     round_namesake=p.round_namesake)
                                       for p in self.staging.packages])
        undo: dict[str, Snapshot] = {}
        report.codes = self._codes(conn, undo)
        self._log_codebook_change(conn, report, undo)
        coder_ids = self._coders(conn, report, undo)
        self._step("matching documents")
        self._documents(conn, report, coder_ids)
        self._step("writing annotations")
        self._annotations(conn, report, undo)
        apply_provenance(conn, self.staging, undo)
        apply_rounds(conn, self.staging, report.packages, undo)
        self._statuses(conn, report, coder_ids, undo)
        apply_memos(conn, self.staging, report.packages, undo)
        mark_merged(conn, self.staging, report.packages, undo)
        self._step("annotations written")
        self.staging.drop(conn)
        for table in ("merge_pkgs", "merge_docmap", "merge_codemap", "merge_plan"):
            conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
        report.undo = RestoreRows(undo, self.label)
        self.report = report
        return report.undo, MERGE_CHANGE

    def _log_codebook_change(self, conn, report: MergeReport, undo) -> None:
        """Codes the merge added or changed are a codebook change: log it like an edit (the
        undo removes the log row and restores the version, as if the merge never happened)."""
        changed = [c for c in report.codes if c.outcome in ("added", "applied")]
        if not changed:
            return
        undo["meta"] = capture(conn, "meta", [("scheme_version",)])
        record_scheme_change(conn, "merge", {
            "packages": [p.coder for p in report.packages],
            "codes": [{"code": c.code, "uuid": c.uuid, "outcome": c.outcome} for c in changed]})
        log_id = conn.execute("SELECT max(id) FROM scheme_log").fetchone()[0]
        undo["scheme_log"] = Snapshot([(log_id,)], columns(conn, "scheme_log"), [])

    def _step(self, what: str) -> None:
        if self.progress:
            self.progress(what)

    # ------------------------------------------------------------------ codes
    def _codes(self, conn, undo) -> list[CodeResult]:
        records: dict[str, set] = {}
        for u, base, edit, package_uuid in conn.execute(
                "SELECT code_uuid, base, edit, package_uuid FROM merged_code_edits"):
            records.setdefault(u, set()).add(EditRecord(package_uuid, u, base, edit))
        new: list[EditRecord] = []
        for package in self.staging.packages:
            if package.round_uuid:
                continue  # a round's codebook is frozen (merging/rounds.py)
            for u, version in sorted(package.versions.items()):
                if u in self.code_map:
                    continue
                version = {**version, "parent": self.code_map.get(version["parent"], version["parent"])}
                base = package.base.get(u)
                if canonical(restrict(base, version)) != canonical(version):
                    record = EditRecord(package.package_uuid, u, canonical(base), canonical(version) or "")
                    if record not in records.get(u, set()):
                        new.append(record)
                    records.setdefault(u, set()).add(record)
        touched = sorted({r.code_uuid for r in new} | self._codes_in_packages(records))
        if not touched:
            return []
        lead = code_versions(conn)
        origins = {row[0]: row[1:] for row in conn.execute(
            "SELECT code_uuid, lead_version, applied FROM merged_code_origins")}
        ids = {u: i for u, i in conn.execute("SELECT uuid, id FROM codes")}
        undo["codes"] = capture(conn, "codes", [(ids[u],) for u in touched if u in ids])
        undo["merged_code_origins"] = capture(conn, "merged_code_origins", [(u,) for u in touched])
        undo["merged_code_edits"] = Snapshot([(r.package_uuid, r.code_uuid, r.edit) for r in new], [], [])
        conn.executemany("INSERT OR IGNORE INTO merged_code_edits(package_uuid, code_uuid, base, edit) "
                         "VALUES (?, ?, ?, ?)", [(r.package_uuid, r.code_uuid, r.base, r.edit) for r in new])
        results, pending = [], list(touched)
        while pending:  # parents first: a code waits until its target parent exists
            waiting = []
            for u in pending:
                result = self._decide_code(conn, u, sorted(records[u], key=lambda r: (r.package_uuid, r.edit)),
                                           lead.get(u), origins.get(u), pending, undo)
                if result == "wait":
                    waiting.append(u)
                elif result is not None:
                    results.append(result)
            if len(waiting) == len(pending):
                for u in waiting:  # a parent that never arrives: keep the code at the top level
                    result = self._decide_code(conn, u, sorted(records[u], key=lambda r: (r.package_uuid, r.edit)),
                                               lead.get(u), origins.get(u), [], undo)
                    if result not in (None, "wait"):
                        results.append(result)
                break
            pending = waiting
        return results

    def _codes_in_packages(self, records) -> set:
        """Codes with recorded edits that these packages also carry (a re-sent package)."""
        mine = {p.package_uuid for p in self.staging.packages}
        return {u for u, rs in records.items() if any(r.package_uuid in mine for r in rs)}

    def _decide_code(self, conn, u, records, lead_version, origin, pending, undo):
        keys = json.loads(records[0].edit).keys()
        current = canonical(restrict(lead_version, keys))
        lead_own = origin[0] if origin and current == origin[1] else current
        decision = decide(u, records, lead_own, current, origin is not None)
        target = None if decision.target is None else json.loads(decision.target)
        if target and target["parent"] and target["parent"] in pending and target["parent"] != u:
            exists = conn.execute("SELECT 1 FROM codes WHERE uuid = ?", (target["parent"],)).fetchone()
            if not exists:
                return "wait"
        name = (target or lead_version or json.loads(records[0].edit))["name"]
        if decision.target is None or decision.target == current:
            if decision.outcome in ("conflict", "deleted"):
                return CodeResult(name, u, decision.outcome, decision.detail)
            return None
        written, note = self._write_code(conn, u, target, lead_version is not None, undo)
        if written is None:
            return CodeResult(name, u, "conflict", note)
        written_json = canonical(written)
        if origin is None:
            conn.execute("INSERT INTO merged_code_origins VALUES (?, ?, ?)", (u, current, written_json))
        else:
            conn.execute("UPDATE merged_code_origins SET applied = ? WHERE code_uuid = ?", (written_json, u))
        if decision.outcome == "conflict" or lead_version is None:
            detail = decision.detail
        else:
            detail = describe(restrict(lead_version, keys), written)
        outcome = "added" if lead_version is None and decision.outcome != "conflict" else decision.outcome
        return CodeResult(written["name"], u, outcome, "; ".join(x for x in (detail, note) if x))

    def _write_code(self, conn, u, target: dict, exists: bool, undo):
        """Write one code version; return (what was written, note) or (None, why not)."""
        target = dict(target)
        parent_uuid = target.pop("parent")
        rows = {r.uuid: r for r in code_rows(conn)}
        note = ""
        if parent_uuid and parent_uuid not in rows:
            note, parent_uuid = "its parent code is missing, so it was put at the top level", None
        if name_clash(rows.values(), target["name"], parent_uuid, u) is not None:
            return None, f"the name {target['name']!r} is already used at that level; the project's version was kept"
        if target.get("shortcut") and any(r.shortcut == target["shortcut"] and r.uuid != u for r in rows.values()):
            note = "; ".join(x for x in (note, f"shortcut {target['shortcut']!r} is taken, so it was dropped") if x)
            target["shortcut"] = None
        live = set(r[1] for r in conn.execute("PRAGMA table_info(codes)"))
        target = {k: v for k, v in target.items() if k in live}
        old = rows[u] if exists else CodeRow(None, u, target["name"], target["color"])
        inserted = write_rows(conn, [replace(old.with_columns(target), parent_uuid=parent_uuid)])
        undo["codes"].keys.extend((i,) for i in inserted)
        return {**target, "parent": parent_uuid}, note

    # ------------------------------------------------------------------ coders, documents
    def _coders(self, conn, report: MergeReport, undo) -> dict:
        ids = {}
        added = []
        for package in sorted(self.staging.packages, key=lambda p: p.coder_uuid):
            coder_uuid = self.coder_map.get(package.coder_uuid, package.coder_uuid)
            row = conn.execute("SELECT id FROM coders WHERE uuid = ?", (coder_uuid,)).fetchone()
            if row is None:
                cursor = conn.execute("INSERT INTO coders(uuid, name) VALUES (?, ?)",
                                      (coder_uuid, package.coder_name))
                row = (cursor.lastrowid,)
                added.append((cursor.lastrowid,))
                report.coders_added.append(package.coder_name)
            ids[package.index] = row[0]
        undo["coders"] = Snapshot(added, [], [])
        conn.execute("CREATE TEMP TABLE merge_pkgs (pkg INTEGER PRIMARY KEY, coder_uuid TEXT, coder_id INTEGER)")
        conn.executemany("INSERT INTO temp.merge_pkgs VALUES (?, ?, ?)",
                         [(p.index, p.coder_uuid, ids[p.index]) for p in self.staging.packages])
        conn.execute("CREATE TEMP TABLE merge_codemap (uuid TEXT PRIMARY KEY, code_id INTEGER)")
        conn.execute("INSERT INTO temp.merge_codemap SELECT uuid, id FROM main.codes")
        conn.executemany("INSERT OR REPLACE INTO temp.merge_codemap SELECT ?, id FROM main.codes WHERE uuid = ?",
                         list(self.code_map.items()))
        return ids

    def _documents(self, conn, report: MergeReport, coder_ids) -> None:
        lead = {}
        for doc_id, doc_uuid, sha, length in conn.execute("SELECT id, uuid, sha256, length FROM documents"):
            lead[sha] = (doc_id, length)
            lead[doc_uuid] = sha
        accepted = []
        for pkg, doc, doc_uuid, name, sha, text_sha in conn.execute(
                f"SELECT pkg, doc, uuid, name, sha256, text_sha256 FROM {self.staging.docs} ORDER BY pkg, doc"):
            result = report.packages[pkg]
            if sha != text_sha:
                why = "its text was changed in the package (it no longer matches its SHA-256)"
            elif text_sha in lead:
                accepted.append((pkg, doc, *lead[text_sha]))
                result.documents += 1
                continue
            elif doc_uuid in lead:
                why = "its text differs from the project's copy of this document"
            else:
                why = "this text is not in the project"
            result.documents_refused.append((name, why))
        conn.execute("CREATE TEMP TABLE merge_docmap (pkg INTEGER, doc INTEGER, lead_doc INTEGER, "
                     "lead_length INTEGER, PRIMARY KEY (pkg, doc))")
        conn.executemany("INSERT INTO temp.merge_docmap VALUES (?, ?, ?, ?)", accepted)

    # ------------------------------------------------------------------ annotations
    def _annotations(self, conn, report: MergeReport, undo) -> None:
        extra = "".join(f", s.{c}" for c in self.staging.extra_columns)
        conn.execute(f"""
            CREATE TEMP TABLE merge_plan AS
            SELECT s.pkg AS pkg, s.uuid AS uuid, dm.lead_doc AS document_id, p.coder_id AS coder_id,
                   cm.code_id AS code_id, s.start AS start, s."end" AS "end", s.memo AS memo,
                   s.created AS created, s.modified AS modified{extra}, a.id AS lead_id, {VERDICTS} AS verdict
            FROM {self.staging.anns} s
            JOIN temp.merge_pkgs p ON p.pkg = s.pkg
            LEFT JOIN temp.merge_docmap dm ON dm.pkg = s.pkg AND dm.doc = s.doc
            LEFT JOIN temp.merge_codemap cm ON cm.uuid = s.code_uuid
            LEFT JOIN main.annotations a ON a.uuid = s.uuid
            ORDER BY s.uuid, s.pkg""")
        self._resolve_duplicates(conn)
        supersede(conn, self.staging, undo)
        cols = ["uuid", "document_id", "coder_id", "code_id", "start", "end", "memo", "created", "modified",
                *self.staging.extra_columns]
        quoted = ", ".join(f'"{c}"' for c in cols)
        updated = [row[0] for row in conn.execute(
            "SELECT lead_id FROM temp.merge_plan WHERE verdict = 'update'")]
        snapshot = capture(conn, "annotations", [(i,) for i in updated])
        if updated:
            sets = ", ".join(f'"{c}" = p."{c}"' for c in cols if c not in ("uuid", "document_id", "coder_id"))
            conn.execute(f"UPDATE annotations SET {sets} FROM temp.merge_plan p "
                         "WHERE p.verdict = 'update' AND p.lead_id = annotations.id")
        undo["deleted_annotations"] = capture(conn, "deleted_annotations", conn.execute(
            "SELECT uuid FROM temp.merge_plan WHERE verdict = 'add'").fetchall())    # the insert trigger's marks
        before = conn.execute("SELECT coalesce(max(id), 0) FROM annotations").fetchone()[0]
        conn.execute(f"INSERT INTO annotations ({quoted}) SELECT {quoted} FROM temp.merge_plan "
                     "WHERE verdict = 'add' ORDER BY rowid")
        snapshot.keys += conn.execute("SELECT id FROM annotations WHERE id > ?", (before,)).fetchall()
        apply_deletions(conn, self.staging, report.packages, snapshot, undo)
        undo["annotations"] = snapshot
        for pkg, verdict, count in conn.execute(
                "SELECT pkg, verdict, count(*) FROM temp.merge_plan GROUP BY pkg, verdict"):
            result = report.packages[pkg]
            if verdict == "add":
                result.added += count
            elif verdict == "update":
                result.updated += count
            elif verdict == "same":
                result.unchanged += count
            else:
                result.refused[REASONS[verdict]] += count

    def _resolve_duplicates(self, conn) -> None:
        """The same UUID from several packages of this merge: the newest version wins."""
        dups = conn.execute(
            "SELECT a.uuid FROM temp.merge_plan a JOIN temp.merge_plan b ON b.rowid = a.rowid + 1 "
            "WHERE a.uuid = b.uuid AND a.verdict IN ('add', 'update') AND b.verdict IN ('add', 'update')").fetchall()
        for (uuid,) in sorted(set(dups)):
            rows = conn.execute("SELECT rowid, modified, document_id, coder_id, code_id, start, \"end\", "
                                "coalesce(memo, ''), created FROM temp.merge_plan "
                                "WHERE uuid = ? AND verdict IN ('add', 'update')", (uuid,)).fetchall()
            winner = max(rows, key=lambda r: r[1:])
            for row in rows:
                if row[0] != winner[0]:
                    verdict = "same" if row[1:] == winner[1:] else "superseded"
                    conn.execute("UPDATE temp.merge_plan SET verdict = ? WHERE rowid = ?", (verdict, row[0]))

    def _statuses(self, conn, report: MergeReport, coder_ids, undo) -> None:
        docmap = dict(((pkg, doc), lead) for pkg, doc, lead in
                      conn.execute("SELECT pkg, doc, lead_doc FROM temp.merge_docmap"))
        best: dict = {}
        for package in self.staging.packages:
            for doc, status, modified in package.statuses:
                key = (docmap.get((package.index, doc)), coder_ids[package.index])
                if key[0] in package.keep_status:
                    continue   # the coder's own status outside the round stays; the round keeps its own
                if key[0] is not None and (key not in best or (modified, status) > best[key][0]):
                    best[key] = ((modified, status), package.index)
        changes = []
        for (doc_id, coder_id), ((modified, status), index) in sorted(best.items()):
            row = conn.execute("SELECT modified, status FROM document_status WHERE document_id = ? AND coder_id = ?",
                               (doc_id, coder_id)).fetchone()
            if row is None or (modified, status) > tuple(row):
                changes.append((doc_id, coder_id, status, modified))
                report.packages[index].statuses += 1
        undo["document_status"] = capture(conn, "document_status", [c[:2] for c in changes])
        conn.executemany("INSERT OR REPLACE INTO document_status(document_id, coder_id, status, modified) "
                         "VALUES (?, ?, ?, ?)", changes)
