"""Coder packages: a project file for one coder, made from the lead's project.

A package is an ordinary project file (it opens in the app) holding the chosen documents,
the whole codebook (same code UUIDs, tree, colours, shortcuts), the coder's profile (same
UUID as in the lead's project), the project settings and, by default, none of the other
coders' annotations (blind coding); the coder's own earlier annotations and statuses on
those documents come along, and so do the coder's own memos (on those documents, on codes, their
journal). A package made with other coders' annotations also carries their memos on those
documents and on codes; journals are never carried but the coder's own. Its ``meta`` says what it is:

    package_uuid         this package's identity
    package_of_project   the lead project's ``project_uuid`` (a merge refuses any other)
    package_coder_uuid   the coder it was made for (``package_coder_name`` too)
    package_made         when (UTC)
    codebook_locked      "1" if the coder may read but not edit codes (``project.codebook_locked``)
    codebook_base        the codebook as it was (JSON), so a merge can tell what the coder edited
    anchors_withheld     the annotation UUIDs of the anchors left out (JSON list; below)

A package leaves out the codebook's anchors taken from its own documents (:func:`withheld_anchors`):
they are gold's coding of the very texts the coder codes. A merge puts them back before comparing
codebooks (:func:`annotator.merging.codes.put_back_anchors`), so their absence is no edit of the coder's.

The file is written under a temporary name and renamed when complete, so a kill never
leaves a half package under the name the user asked for. A coder new to the study is added
to the lead's project only once the package is in place: a package that fails changes nothing.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Optional

from .clock import now
from .codebook.anchors import read_anchors, without_anchors
from .codebook.reading import code_rows
from .codebook.store import copy_table
from .coder_names import name_key, tidy
from .display import shown
from .errors import AnnotatorError, NotFoundError, WriteFailedError
from .memos import COLUMNS as MEMO_COLUMNS
from .merging.codes import code_versions, columns
from .outputs import output_target, replace_into
from .project import Project
from .provenance import COLUMNS as PROVENANCE
from .records import Coder, DocumentSummary
from .uuids import new_uuid

EMPTY_SCHEME = {"format": "annotator-scheme", "version": 1, "codes": []}
_PICKED = "target_uuid IN (SELECT uuid FROM lead.documents WHERE id IN (SELECT id FROM temp.pick))"
_OTHERS_MEMOS = f"kind = 'code' OR kind = 'document' AND {_PICKED}"   # not blind: memos on codes and these texts


@dataclass(frozen=True)
class PackageReport:
    path: Path
    coder: Coder
    package_uuid: str
    documents: int
    annotations: int
    codebook_locked: bool
    made: str
    coder_created: bool = False
    anchors_withheld: int = 0

    def lines(self) -> list[str]:
        lines = [f"Wrote {self.path}: {self.documents} documents for {self.coder.name}"
                 f"{' (new coder)' if self.coder_created else ''}, "
                 f"{self.annotations} annotations carried over, codebook "
                 f"{'locked' if self.codebook_locked else 'editable'}."]
        return lines + withheld_lines(self.anchors_withheld, "package")


def withheld_lines(count: int, where: str) -> list[str]:
    """What the user is told about the anchors a package (or a round's packages) left out."""
    if not count:
        return []
    return [f"{count} anchor{'s' * (count != 1)} left out of the {where}'s codebook: "
            f"{'they are' if count != 1 else 'it is'} gold's coding of the {where}'s own documents and would give "
            "the answers away (anchors from other documents are kept)."]


def withheld_anchors(project, doc_ids) -> dict[str, frozenset]:
    """Code UUID -> the annotation UUIDs of its anchors taken from these documents (by the annotation's
    document, or by the document name the anchor keeps once the annotation is gone)."""
    conn = project.store.conn
    picked = set(doc_ids)
    names = {name for i, name in conn.execute("SELECT id, name FROM documents") if i in picked}
    anchors = {row.uuid: read_anchors(row.anchors, row.name) for row in code_rows(conn)}
    on = dict(conn.execute("SELECT uuid, document_id FROM annotations WHERE uuid IN (SELECT value FROM json_each(?))",
                           (json.dumps([a.annotation for listed in anchors.values() for a in listed]),)))
    held = {u: frozenset(a.annotation for a in listed if a.document in names or on.get(a.annotation) in picked)
            for u, listed in anchors.items()}
    return {u: annotations for u, annotations in held.items() if annotations}


def make_package(project, coder_name, out_path, documents=None, sample: Optional[int] = None,
                 seed=None, lock_codebook: bool = False, include_annotations: bool = False) -> PackageReport:
    """Make a package for one coder: all documents, a list of refs, or a seeded random sample
    of ``sample`` of them. ``include_annotations`` also copies other coders' annotations."""
    out_path = Path(out_path)
    project.store.check_intact("no package was made")
    target = output_target(out_path)  # symlinks followed; never a project, folder or pipe
    if target.exists():
        raise AnnotatorError(f"{shown(out_path)} already exists; choose another name for the package.")
    doc_ids = choose_documents(project, documents, sample, seed)
    coder, created = package_coder(project, coder_name)
    package_uuid, count, made = write_package(project, out_path, target, doc_ids, coder, lock_codebook,
                                              include_annotations)
    if created:
        coder = project.add_coder(coder.name, uuid=coder.uuid)
    withheld = sum(map(len, withheld_anchors(project, doc_ids).values()))
    return PackageReport(out_path, coder, package_uuid, len(doc_ids), count, lock_codebook, made, created, withheld)


def write_package(project, out_path: Path, target: Path, doc_ids, coder: Coder, lock_codebook, include_annotations,
                  fresh: bool = False, extra_meta: Optional[dict] = None):
    """Write the package under a temporary name, then rename it; return (its UUID, annotations, made).
    ``fresh``: none of the coder's earlier work on these documents (annotations, statuses, memos on
    them) comes along, so the coder codes them afresh (a coding round); ``extra_meta`` is added to
    the package's meta."""
    conn = project.store.conn
    held = withheld_anchors(project, doc_ids)
    base = json.dumps(_without_held(code_versions(conn), held), sort_keys=True, ensure_ascii=False)
    lead_meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    made = now()
    package_uuid = new_uuid()
    meta = {**lead_meta, "name": f"{lead_meta.get('name') or project.name} ({coder.name})",
            "package_uuid": package_uuid, "package_of_project": lead_meta.get("project_uuid", ""),
            "package_coder_uuid": coder.uuid, "package_coder_name": coder.name, "package_made": made,
            "codebook_locked": "1" if lock_codebook else "0", "codebook_base": base,
            "anchors_withheld": json.dumps(sorted(set().union(*held.values()))), **(extra_meta or {})}
    partial = target.with_name(f".{target.name}.{package_uuid[:8]}.part")
    try:
        count = _write_package(partial, project, doc_ids, coder, include_annotations and not fresh, fresh, meta, held)
        if output_target(out_path).exists():
            raise AnnotatorError(f"{shown(out_path)} appeared while the package was made; it was not replaced.")
        replace_into(partial, out_path)
    except BaseException as error:
        partial.unlink(missing_ok=True)
        if isinstance(error, (OSError, WriteFailedError)):  # a folder that may not be written, a full disk
            reason = error.reason if isinstance(error, WriteFailedError) else (error.strerror or str(error))
            raise WriteFailedError(f"The package {shown(out_path)} could not be written ({reason}), so "
                                   "nothing was written.", reason) from None
        raise
    return package_uuid, count, made


def _without_held(versions: dict, held: dict) -> dict:
    """Code versions without the anchors ``held`` (code UUID -> annotation UUIDs)."""
    return {u: {**v, "anchors": without_anchors(v["anchors"], held[u], v["name"])} if u in held else v
            for u, v in versions.items()}


def _write_package(partial: Path, lead, doc_ids, coder, include_annotations, fresh, meta, held) -> int:
    """Write the package into the new file ``partial``; return its annotation count."""
    package = Project.create(partial, language=lead.language, scheme=EMPTY_SCHEME)
    try:
        return _copy(package, lead, doc_ids, coder, include_annotations, meta, fresh, held)
    finally:
        package.close()


def choose_documents(project, documents, sample, seed) -> list[int]:
    """Row ids of all documents, of ``documents`` (refs), or of a seeded random sample of ``sample`` of them."""
    if documents is None:
        pool = [d.id for d in project.document_summaries()]
    else:
        pool = sorted({project._document_id(ref) for ref in documents})
    if sample is not None:
        if isinstance(sample, bool) or not isinstance(sample, int) or sample < 1:
            raise AnnotatorError(f"The sample size must be a whole number of at least 1, not {sample!r}.")
        if sample > len(pool):
            raise AnnotatorError(f"A sample of {sample} documents was asked for, but there are only {len(pool)}.")
        pool = sorted(random.Random(seed).sample(pool, sample))
    if not pool:
        raise AnnotatorError("The package would hold no documents; import texts first or choose some.")
    return pool


def package_coder(project, ref) -> tuple[Coder, bool]:
    """The coder, or a new one (no row id yet) that :func:`make_package` adds at the end. A name that
    differs from a coder's only in case, spacing or Unicode form is that coder (``coders --add`` refuses
    it as taken, :mod:`annotator.coder_names`)."""
    try:
        return project.coder(ref), False
    except NotFoundError:
        if not isinstance(ref, str):
            raise
    name = tidy(ref)
    if not name:
        raise AnnotatorError("A coder needs a name.")
    same = [c for c in project.coders() if name_key(c.name) == name_key(name)]
    if len(same) > 1:
        listed = ", ".join(repr(c.name) for c in same)
        raise AnnotatorError(f"{name!r} could be any of the coders {listed}; give the one meant by its UUID.")
    if same:
        return same[0], False
    project.store.check_writable("no package was made")
    return Coder(None, new_uuid(), name), True  # type: ignore[arg-type]  # its id comes when it is stored


def _copy(package, lead, doc_ids, coder: Coder, include_annotations, meta, fresh=False, held=None) -> int:
    """Copy rows from the lead (ATTACHed read-only) into the new package, in one transaction, without the
    anchors ``held`` (code UUID -> annotation UUIDs).
    A coder new to the study (``coder.id`` None) is written to the package with the row id the
    lead's project will give it next."""
    conn = package.store.conn
    coder_id = 0 if coder.id is None else coder.id   # 0: no rows of the lead
    conn.execute("ATTACH DATABASE ? AS lead", (Path(lead.path).resolve().as_uri() + "?mode=ro",))
    try:
        conn.execute("CREATE TEMP TABLE pick (id INTEGER PRIMARY KEY)")
        conn.executemany("INSERT INTO temp.pick VALUES (?)", [(i,) for i in doc_ids])
        who = " AND 0" if fresh else "" if include_annotations else f" AND coder_id = {int(coder_id)}"
        others = (" OR id IN (SELECT coder_id FROM lead.annotations WHERE document_id IN (SELECT id FROM temp.pick))"
                  f" OR uuid IN (SELECT coder_uuid FROM lead.memos WHERE {_OTHERS_MEMOS})")
        coders = f"id = {int(coder_id)}" + (others if include_annotations else "")
        with package.store.write():
            conn.execute("DELETE FROM meta")
            conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", meta.items())
            copy_table(conn, "lead", held)   # the whole codebook, same ids and UUIDs, less the anchors held back
            for table, where in (("coders", coders),
                                 ("documents", "id IN (SELECT id FROM temp.pick)"),
                                 ("annotations", f"document_id IN (SELECT id FROM temp.pick){who}"),
                                 ("document_status", f"document_id IN (SELECT id FROM temp.pick){who}")):
                shared = [c for c in columns(conn, table, "lead") if c in set(columns(conn, table))]
                names = ", ".join(f'"{c}"' for c in shared)
                conn.execute(f"INSERT INTO main.{table} ({names}) SELECT {names} FROM lead.{table} WHERE {where}")
            if coder.id is None:
                conn.execute("INSERT INTO main.coders(id, uuid, name) SELECT coalesce(max(id), 0) + 1, ?, ? "
                             "FROM lead.coders", (coder.uuid, coder.name))
            conn.execute(f"INSERT INTO main.annotation_provenance ({PROVENANCE}) SELECT {PROVENANCE} "
                         "FROM lead.annotation_provenance WHERE annotation_uuid IN (SELECT uuid FROM main.annotations)")
            memos = f"coder_uuid = ? AND (kind != 'document'{'' if fresh else ' OR ' + _PICKED})" + \
                (f" OR {_OTHERS_MEMOS}" if include_annotations else "")
            conn.execute(f"INSERT INTO main.memos ({MEMO_COLUMNS}) SELECT {MEMO_COLUMNS} FROM lead.memos "
                         f"WHERE {memos}", (coder.uuid,))
            count = conn.execute("SELECT count(*) FROM main.annotations").fetchone()[0]
        conn.execute("DROP TABLE temp.pick")
        return count
    finally:
        conn.execute("DETACH DATABASE lead")


class CoderProgress(NamedTuple):
    coder: Coder
    document: DocumentSummary
    status: str          # not started, in progress, done (as ``project.status`` says)
    annotations: int


def coder_progress(project) -> list[CoderProgress]:
    """For each coder and document: status and annotation count (the lead's coders view)."""
    counts = {(doc, coder): n for doc, coder, n in project.store.conn.execute(
        "SELECT document_id, coder_id, count(*) FROM annotations GROUP BY document_id, coder_id")}
    documents = project.document_summaries()
    return [CoderProgress(coder, doc, project.status(doc.id, coder.id), counts.get((doc.id, coder.id), 0))
            for coder in project.coders() for doc in documents]
