"""annotator's JSON lines: one line per document (every document, coded or not) with its spans
and, when it has any, its ``attributes`` and its ``memos`` (``[{"coder", "text"}]``, the chosen
coders' memos on the document): the shape :mod:`.jsonl_read` reads back. Memos on codes and
the journals belong to no document, so JSON lines do not carry them."""
from __future__ import annotations

import json
from pathlib import Path

from ..outputs import atomic_output
from ..selection import annotation_rows, document_count, document_texts, memos_by_document
from ..steps import NO_STEPS, Steps


def export_jsonl(project, out: Path, coders=None, codes=None, steps: Steps = NO_STEPS) -> int:
    """One JSON object per document; return the line count."""
    spans: dict[int, list] = {}
    rows = steps.each(annotation_rows(project, coders, codes), unit="annotations read", every=10_000)
    for doc_id, start, end, memo, *_rest, coder, _cu, _cid, code, _ku in rows:
        spans.setdefault(doc_id, []).append({"start": start, "end": end, "code": code, "coder": coder, "memo": memo})
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
        steps.check()
    return count
