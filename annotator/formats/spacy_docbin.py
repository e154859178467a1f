"""spaCy ``DocBin`` (.spacy): one ``Doc`` per document and coder, spans under a span key.

Decisions:
- Span key ``"sc"`` by default (what spaCy's ``spancat`` reads), labels are code names.
- Tokens come from ``spacy.blank(language)`` (``xx`` if spaCy lacks the language). A span
  whose ends fall inside a token cannot be a spaCy ``Span``; it is widened to whole tokens
  (``char_span(alignment_mode="expand")``) and REPORTED in the export's notes, with its
  document, coder, offsets and text.
- The exact spans are kept too: ``doc.user_data["annotator"]`` holds the document and coder
  names, the SHA-256 and ``spans`` as ``[start, end, code, memo, uuid]`` in code points, so
  nothing is lost to tokenisation.
Documents with no selected annotation are not written (there is no coder to file them under).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..outputs import write_atomically
from ..selection import document_count, documents, select
from ..steps import NO_STEPS, Steps
from .spans import ExportReport, by_coder

DEFAULT_SPAN_KEY = "sc"
MAX_EXAMPLES = 10


@lru_cache(maxsize=4)
def tokenizer(language: str):
    import spacy

    try:
        nlp = spacy.blank(language)
    except (ImportError, KeyError, TypeError, ValueError):
        nlp = spacy.blank("xx")
    nlp.max_length = 10**10  # only the tokenizer runs: no parser memory to protect
    return nlp


def align(doc, start: int, end: int, label: str):
    """``(span, exact)``: the token span for [start, end), widened if it cuts a token;
    ``span`` is None if no token overlaps (white space only)."""
    span = doc.char_span(start, end, label=label, alignment_mode="strict")
    if span is not None:
        return span, True
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    return (span if span is not None and len(span) else None), False


class Misaligned:
    """Collects spans that do not sit on token boundaries, for the report."""

    def __init__(self):
        self.count, self.examples = 0, []

    def add(self, document: str, coder: str, text: str, start: int, end: int, span) -> None:
        self.count += 1
        if len(self.examples) < MAX_EXAMPLES:
            where = f"widened to [{span.start_char}, {span.end_char})" if span is not None else "left out of the tokens"
            self.examples.append(f"{document}, {coder}: [{start}, {end}) {text[start:end][:40]!r} {where}")

    def notes(self, what: str) -> list[str]:
        if not self.count:
            return []
        return [f"{self.count} spans do not start and end on token boundaries; {what}:"] + \
               [f"  {example}" for example in self.examples] + \
               ([f"  ... and {self.count - len(self.examples)} more"] if self.count > len(self.examples) else [])


def export_spacy(project, out: Path, coders=None, codes=None, span_key: str = DEFAULT_SPAN_KEY,
                 steps: Steps = NO_STEPS) -> ExportReport:
    from spacy.tokens import DocBin

    nlp = tokenizer(project.language)
    selected = select(project, coders, codes)
    bin_ = DocBin(store_user_data=True)
    misaligned = Misaligned()
    count = skipped = 0
    for doc_id, doc_uuid, name, text in steps.each(documents(project), document_count(project)):
        if doc_id not in selected:
            skipped += 1
            continue
        sha = project.document(doc_id).sha256
        for coder, spans in by_coder(selected[doc_id]).items():
            doc = nlp.make_doc(text)
            token_spans = []
            for s in spans:
                span, exact = align(doc, s.start, s.end, s.code)
                if not exact:
                    misaligned.add(name, coder, text, s.start, s.end, span)
                if span is not None:
                    token_spans.append(span)
            doc.spans[span_key] = token_spans
            doc.user_data["annotator"] = {
                "document": name, "document_uuid": doc_uuid, "sha256": sha, "coder": coder,
                "spans": [[s.start, s.end, s.code, s.memo, s.uuid] for s in spans]}
            bin_.add(doc)
            count += 1
    data = bin_.to_bytes()
    steps.check()
    write_atomically(Path(out), data)
    notes = misaligned.notes(f'in doc.spans["{span_key}"] they are widened to whole tokens, and kept exact in '
                             'doc.user_data["annotator"]["spans"]')
    if skipped:
        notes.append(f"{skipped} documents without annotations were not written.")
    return ExportReport(count, "documents (one per document and coder)", notes)
