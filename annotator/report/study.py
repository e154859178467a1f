"""What an agreement report compares: coders, documents and spans read from a project.

A coder *took part* in a document when they annotated it (any code) or marked it in progress
or done; only documents in which at least two of the chosen coders took part enter the report
(the reliability sample). Inside a document, a coder who took part but left text uncoded said
"nothing here"; a coder who did not take part is missing there, not "uncoded".

Codes are labelled by name, or by their path where two codes share a name. The gold
(adjudication) coder is left out unless asked for by name, and so are the coder rows holding retest
rounds' re-coding (:mod:`annotator.round_kinds`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from annotator.errors import AnnotatorError
from annotator.records import Annotation, Code, Coder, Document, code_path
from annotator.report.frozen import frozen_annotations
from annotator.report.round_reference import reference
from annotator.round_store import Round, Snapped, gaps, retest_coders, snapshot
from annotator.segments import GOLD_KEY


@dataclass(frozen=True)
class CodeNode:
    """One code of the scheme as the report labels it; ``members`` are the labels of the
    codable codes it stands for (itself and its descendants)."""

    label: str
    path: str
    depth: int
    parent: str | None
    is_group: bool
    members: tuple[str, ...]


@dataclass(frozen=True)
class Study:
    project: str
    coders: tuple[Coder, ...]
    documents: tuple[Document, ...]
    present: dict  # document id -> tuple of coder names who took part
    annotations: dict  # document id -> {coder name: [Annotation, ...]} (chosen codes only)
    labels: dict  # code id -> label
    tree: tuple[CodeNode, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.coders)

    def spans(self, document_id: int, relabel: dict | None = None) -> dict:
        """``{coder: [(start, end, label), ...]}`` for the coders who took part in the document."""
        by_coder = self.annotations[document_id]
        out = {}
        for name in self.present[document_id]:
            rows = ((a.start, a.end, self.labels[a.code_id]) for a in by_coder.get(name, ()))
            out[name] = [(s, e, relabel.get(c, c) if relabel else c) for s, e, c in rows]
        return out


def _labels(codes: list[Code]) -> dict:
    by_id = {c.id: c for c in codes}
    counts = Counter(c.name.casefold() for c in codes)
    return {c.id: c.name if counts[c.name.casefold()] == 1 else code_path(by_id, c.id) for c in codes}


def _tree(codes: list[Code], labels: dict, used: set) -> tuple[CodeNode, ...]:
    by_id = {c.id: c for c in codes}
    children = defaultdict(list)
    for c in codes:
        children[c.parent_id].append(c)
    nodes: list[CodeNode | None] = []

    def walk(code: Code, depth: int) -> tuple[str, ...]:
        index = len(nodes)
        nodes.append(None)
        members = tuple(m for child in children[code.id] for m in walk(child, depth + 1))
        own = (labels[code.id],) if code.id in used else ()
        parent = labels.get(code.parent_id)
        nodes[index] = CodeNode(labels[code.id], code_path(by_id, code.id), depth, parent,
                                bool(children[code.id]) or not code.codable, own + members)
        return own + members

    for root in children[None]:
        walk(root, 0)
    return tuple(n for n in nodes if n is not None and n.members)


def gold_uuid(project) -> str | None:
    return project.setting(GOLD_KEY)


def _pick_coders(project, coders) -> tuple[Coder, ...]:
    known = project.coders()
    if coders:
        by_name = {c.name: c for c in known}
        unknown = [str(c) for c in coders if str(c) not in by_name and not isinstance(c, Coder)]
        if unknown:
            raise AnnotatorError(f"No coder named {', '.join(map(repr, unknown))}; the coders are "
                                 f"{', '.join(repr(c.name) for c in known) or 'none yet'}.")
        chosen = [c if isinstance(c, Coder) else by_name[str(c)] for c in coders]
        chosen = list(dict.fromkeys(chosen))
    else:
        left_out = {gold_uuid(project)} | retest_coders(project.store.conn)
        chosen = [c for c in known if c.uuid not in left_out]
    if len(chosen) < 2:
        who = "this project has" if not coders else "you chose"
        raise AnnotatorError(f"Agreement needs at least two coders; {who} "
                             f"{len(chosen)}{': ' + chosen[0].name if chosen else ''}.")
    return tuple(chosen)


def _pick_codes(project, codes, all_codes: list[Code]) -> set:
    if not codes:
        return {c.id for c in all_codes}
    children = defaultdict(list)
    for c in all_codes:
        children[c.parent_id].append(c.id)
    chosen = set()
    for ref in codes:
        stack = [_code_id(project, ref, all_codes)]
        while stack:
            code_id = stack.pop()
            chosen.add(code_id)
            stack.extend(children[code_id])
    return chosen


def _code_id(project, ref, all_codes: list[Code]) -> int:
    """A code of the codebook, or one a round's snapshot names that is gone (negative id: by name or UUID)."""
    try:
        return project.code(ref).id
    except AnnotatorError:
        gone = {key: c.id for c in all_codes if c.id < 0 for key in (c.uuid, c.name.casefold())}
        if str(ref).strip().casefold() in gone:
            return gone[str(ref).strip().casefold()]
        raise AnnotatorError(f"No code named {ref!r}; the codes are "
                             f"{', '.join(repr(c.name) for c in all_codes)}.") from None


def _pick_documents(project, documents) -> list[Document]:
    if not documents:
        return project.documents()
    picked = []
    for ref in documents:
        try:
            picked.append(project.document(ref))
        except AnnotatorError:
            names = ", ".join(repr(d.name) for d in project.document_summaries()[:10])
            raise AnnotatorError(f"No document {ref!r} in this project (documents include {names}).") from None
    return list({d.id: d for d in picked}.values())


def _statuses(project, coder_ids) -> set:
    rows = project.store.conn.execute(
        "SELECT document_id, coder_id FROM document_status WHERE status IN ('in progress', 'done')")
    return {(d, c) for d, c in rows if c in coder_ids}


@dataclass(frozen=True)
class RoundScope:
    """What the report of one round reads: the round's snapshot (its annotations as they were recorded, with a
    calibration's gold or a retest's earlier coding as they were when it was made), and who took part in which
    document ``(document id, coder id)`` as the coders' round packages said."""

    snapshot: tuple[Snapped, ...]
    took_part: frozenset
    notes: tuple = ()     # what the round's data lacks (:func:`annotator.round_store.gaps`)


def round_scope(project, round_: Round, coders=None, documents=None) -> tuple[list, list, RoundScope]:
    """The round's coders and documents (or those chosen of them) and what to read of them; a calibration
    round's coders with gold, a retest round's coder before and again (:mod:`annotator.report.round_reference`)."""
    conn = project.store.conn
    other = reference(project, round_)
    theirs = [project.coder(c.coder_uuid) for c in round_.coders]
    merged = [project.coder(c.coder_uuid).name for c in round_.coders if c.merged]
    if len(merged) + (other.coder is not None) < 2:
        raise AnnotatorError(f"Round {round_.name!r} has the work of {len(merged)} of its coders merged "
                             f"({', '.join(merged) or 'none yet'}); merge "
                             f"{'its package' if other.coder else 'at least two of its packages'} first.")
    theirs = [other.coder, *theirs] if round_.kind == "retest" else theirs + [other.coder] if other.coder else theirs
    chosen = _within(round_, "coder", list(_pick_coders(project, coders)) if coders else theirs, theirs)
    docs = _within(round_, "document", _pick_documents(project, documents) if documents else
                   [project.document(u) for u in round_.documents], [project.document(u) for u in round_.documents])
    ids = {c.uuid: c.id for c in theirs} | {d.uuid: d.id for d in docs}
    took_part = {(ids[d], ids[c]) for c, d in conn.execute(
        "SELECT coder_uuid, document_uuid FROM round_statuses WHERE round_uuid = ? AND status IN "
        "('in progress', 'done')", (round_.uuid,)) if c in ids and d in ids}
    if other.coder is not None:
        took_part |= {(d.id, other.coder.id) for d in docs if d.id in other.documents}
    return chosen, docs, RoundScope(tuple(snapshot(conn, round_.uuid)), frozenset(took_part),
                                    tuple(gaps(conn, round_)))


def _within(round_: Round, what: str, chosen: list, allowed: list) -> list:
    """``chosen`` if all are the round's; else one sentence naming the first that is not."""
    for record in chosen:
        if record not in allowed:
            listed = ", ".join(repr(r.name) for r in allowed)
            raise AnnotatorError(f"{record.name!r} is not a {what} of round {round_.name!r} (its {what}s: {listed}).")
    return chosen


def load_study(project, coders=None, codes=None, documents=None, scope: RoundScope | None = None) -> Study:
    """Read the annotations to compare (see the module docstring for the rules); with ``scope``, only
    a round's annotations and who took part as its packages said."""
    chosen = _pick_coders(project, coders)
    annotations, all_codes = _read(project, chosen, scope)
    code_ids = _pick_codes(project, codes, all_codes)
    docs = _pick_documents(project, documents)
    names = {c.id: c.name for c in chosen}
    took_part = _statuses(project, set(names)) if scope is None else set(scope.took_part)
    wanted = {d.id for d in docs}
    by_doc: dict = defaultdict(lambda: defaultdict(list))
    for a in annotations:
        if a.document_id in wanted and a.coder_id in names:
            took_part.add((a.document_id, a.coder_id))
            if a.code_id in code_ids:
                by_doc[a.document_id][names[a.coder_id]].append(a)
    present = {d.id: tuple(c.name for c in chosen if (d.id, c.id) in took_part) for d in docs}
    kept = [d for d in docs if len(present[d.id]) >= 2]
    notes = list(scope.notes) if scope else []
    if len(kept) < len(docs):
        notes.append(f"{len(docs) - len(kept)} of {len(docs)} document(s) were left out because fewer than two of "
                     "the coders worked on them.")
    if not any(by_doc[d.id] for d in kept):
        raise AnnotatorError(_nothing_coded(chosen, codes, documents, kept))
    labels = _labels(all_codes)
    used = {a.code_id for d in kept for anns in by_doc[d.id].values() for a in anns}
    return Study(project.name, chosen, tuple(kept), {d.id: present[d.id] for d in kept},
                 {d.id: dict(by_doc[d.id]) for d in kept}, labels, _tree(all_codes, labels, used), tuple(notes))


def _read(project, chosen, scope: RoundScope | None) -> tuple[list[Annotation], list[Code]]:
    """The chosen coders' annotations and the codes: as they are now, or a round's as it recorded them (with
    the codes it names that are gone)."""
    codes = project.codes()
    if scope is None:
        return project.annotations(coder=list(chosen)), codes
    frozen, gone = frozen_annotations(project, scope.snapshot, codes)
    return frozen, codes + gone


def _nothing_coded(chosen, codes, documents, kept) -> str:
    who = ", ".join(c.name for c in chosen)
    if not kept:
        return f"Nothing to compare: no document was worked on by at least two of {who}."
    scope = " with the chosen codes" if codes else ""
    scope += " in the chosen documents" if documents else ""
    return f"Nothing to compare: {who} have no annotations{scope}."


def annotations_of(study: Study, document_id: int) -> dict[str, list[Annotation]]:
    """The chosen annotations of the coders who took part in a document."""
    return {name: study.annotations[document_id].get(name, []) for name in study.present[document_id]}
