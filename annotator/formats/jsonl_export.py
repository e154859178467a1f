"""annotator's JSON lines: one line per document (every document, coded or not) with its spans
and, when it has any, its ``attributes`` and its ``memos`` (``[{"coder", "text"}]``, the chosen
coders' memos on the document): the shape :mod:`.jsonl_read` reads back. Memos on codes and the
journals belong to no document: after the documents come, only when there are some (so other
files keep their old shape), one line per code with memos, ``{"code": NAME, "memos": [...]}``
(the chosen codes, by codebook order), then one ``{"journals": [{"coder", "text"}]}``. A span accepted
from a suggestion has ``"suggested": {"method", "model_version", "score", "scheme_version"}`` (the codebook
version it was accepted under; spans coded by hand have none)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

from ..outputs import atomic_output
from ..selection import annotation_rows, document_count, document_texts, memo_rows, memos_by_document, suggested_by
from ..steps import NO_STEPS, Steps


def export_jsonl(project, out: Path, coders=None, codes=None, steps: Steps = NO_STEPS) -> int:
    """One JSON object per document; return the line count."""
    spans: dict[int, list] = {}
    suggested = suggested_by(project)
    rows = steps.each(annotation_rows(project, coders, codes), unit="annotations read", every=10_000)
    for doc_id, start, end, memo, _created, _modified, uuid, coder, _cu, _cid, code, _ku in rows:
        span = {"start": start, "end": end, "code": code, "coder": coder, "memo": memo}
        if uuid in suggested:  # only then, so a file without assisted coding keeps its old shape
            span["suggested"] = suggested[uuid]._asdict()
        spans.setdefault(doc_id, []).append(span)
    memos = memos_by_document(project, coders)
    count = 0
    with atomic_output(out, "w", encoding="utf-8", newline="\n") as stream:
        for doc_id, name, sha, text, attributes in steps.each(document_texts(project), document_count(project)):
            line: dict[str, object] = {"document": name, "sha256": sha, "text": text, "spans": spans.get(doc_id, [])}
            if attributes:  # only when there are some, so files without attributes keep their old shape
                line["attributes"] = attributes
            if doc_id in memos:
                line["memos"] = [{"coder": memo.coder, "text": memo.text} for memo in memos[doc_id]]
            stream.write(json.dumps(line, ensure_ascii=False) + "\n")
            count += 1
        for extra in _memo_lines(project, coders, codes):
            stream.write(json.dumps(extra, ensure_ascii=False) + "\n")
        steps.check()
    return count


def _memo_lines(project, coders, codes) -> list[dict]:
    """The lines of memos on the chosen codes, then the journals, by the chosen coders."""
    chosen = {project.code(ref).uuid for ref in codes} if codes else None
    on_codes: dict[Optional[str], list] = {}
    for memo in memo_rows(project, "code", coders):
        if chosen is None or memo.target_uuid in chosen:
            on_codes.setdefault(memo.target_uuid, []).append({"coder": memo.coder, "text": memo.text})
    lines: list[dict] = [{"code": code.name, "memos": on_codes[code.uuid]}
                         for code in project.codes() if code.uuid in on_codes]
    journals = [{"coder": memo.coder, "text": memo.text} for memo in memo_rows(project, "journal", coders)]
    return lines + ([{"journals": journals}] if journals else [])
