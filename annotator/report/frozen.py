"""A round's snapshot as the report reads it (:func:`annotator.round_store.snapshot`): what the round measured,
as annotation records of the project's documents and coders, however the annotations were edited or deleted since.

A code of the snapshot that is no longer in the codebook (deleted, or merged into another) is given a code record
of its own, named as it was then, after the codebook's codes (top level), so the round's per-code figures still show it.
"""

from __future__ import annotations

from annotator.records import Annotation, Code
from annotator.round_store import Snapped


def frozen_annotations(project, snapped: tuple[Snapped, ...], codes: list[Code]) -> tuple[list[Annotation], list[Code]]:
    """The snapshot's annotations (of documents and coders still in the project) and the codes it names that
    are gone (negative row ids)."""
    gone = gone_codes(snapped, codes)
    code_ids = {c.uuid: c.id for c in [*codes, *gone]}
    doc_ids = {d.uuid: d.id for d in project.document_summaries()}
    coder_ids = {c.uuid: c.id for c in project.coders()}
    out = [Annotation(-n, s.annotation_uuid, doc_ids[s.document_uuid], coder_ids[s.coder_uuid],
                      code_ids[s.code_uuid], s.start, s.end, None, "", "")
           for n, s in enumerate(snapped, 1) if s.document_uuid in doc_ids and s.coder_uuid in coder_ids]
    return out, gone


def gone_codes(snapped: tuple[Snapped, ...], codes: list[Code]) -> list[Code]:
    """A code record for each code of the snapshot not in ``codes``, named as it was (and said to be gone where
    a code of the codebook now has that name)."""
    known = {c.uuid for c in codes}
    taken = {c.name.casefold() for c in codes}
    named: dict[str, str] = {}
    for s in snapped:
        if s.code_uuid not in known and s.code_uuid not in named:
            clash = s.code_name.casefold() in taken
            named[s.code_uuid] = f"{s.code_name} (no longer in the codebook)" if clash else s.code_name
    return [Code(-n, uuid, name, "", "", None, None) for n, (uuid, name) in enumerate(named.items(), 1)]
