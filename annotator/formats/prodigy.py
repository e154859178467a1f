"""Prodigy-style span JSONL (format name ``prodigy``): one task per document and coder.

``{"text", "tokens": [{"text", "start", "end", "id", "ws"}], "spans": [{"start", "end",
"token_start", "token_end", "label", "memo"}], "meta": {"source", "document_uuid", "sha256",
"coder"}, "_annotator_id", "answer": "accept"}``. ``start``/``end`` are the exact code-point
offsets (``text[start:end]`` is the coded text); ``token_end`` is inclusive, as in Prodigy.
Tokens are spaCy's blank tokenizer for the project language; a span that cuts a token gets
the token range that covers it, and is reported.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..outputs import atomic_output
from ..selection import document_count, documents, select
from ..steps import NO_STEPS, Steps
from .spacy_docbin import Misaligned, align, tokenizer
from .spans import ExportReport, by_coder


def export_prodigy(project, out: Path, coders=None, codes=None, steps: Steps = NO_STEPS) -> ExportReport:
    nlp = tokenizer(project.language)
    selected = select(project, coders, codes)
    misaligned = Misaligned()
    count = skipped = 0
    with atomic_output(Path(out), "w", encoding="utf-8", newline="\n") as stream:
        for doc_id, doc_uuid, name, text in steps.each(documents(project), document_count(project)):
            if doc_id not in selected:
                skipped += 1
                continue
            doc = nlp.make_doc(text)
            tokens = [{"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i, "ws": bool(t.whitespace_)}
                      for t in doc]
            sha = project.document(doc_id).sha256
            for coder, spans in by_coder(selected[doc_id]).items():
                out_spans = []
                for s in spans:
                    span, exact = align(doc, s.start, s.end, s.code)
                    if not exact:
                        misaligned.add(name, coder, text, s.start, s.end, span)
                    item = {"start": s.start, "end": s.end, "label": s.code}
                    if span is not None:
                        item.update(token_start=span.start, token_end=span.end - 1)
                    if s.memo:
                        item["memo"] = s.memo
                    out_spans.append(item)
                task = {"text": text, "tokens": tokens, "spans": out_spans,
                        "meta": {"source": name, "document_uuid": doc_uuid, "sha256": sha, "coder": coder},
                        "_annotator_id": coder, "answer": "accept"}
                stream.write(json.dumps(task, ensure_ascii=False) + "\n")
                count += 1
        steps.check()
    notes = misaligned.notes("their token_start/token_end cover the tokens they touch, start/end stay exact")
    if skipped:
        notes.append(f"{skipped} documents without annotations were not written.")
    return ExportReport(count, "tasks (one per document and coder)", notes)
