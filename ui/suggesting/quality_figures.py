"""What Model Quality says, in words and rows, from a stored model's ``metrics`` (see
``annotator.assist.model.train_model``) and the coder's acceptance rates: code names, never UUIDs.

A figure the split could not give (``None``) is "n/a", never 0; a code deleted since training is
named as such. Acceptance is per method, as the Suggestions dock shows it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence

from annotator.assist.model import passes_min_f1
from annotator.records import Code, code_path
from annotator.suggestions import Rate

DELETED = "(a code deleted since)"
GREY = "#999999"
FIGURES = ("precision", "recall", "f1")


@dataclass(frozen=True)
class CodeRow:
    name: str
    colour: str
    positive: Optional[int]
    negative: Optional[int]
    held_out: Optional[int]              # held-out positive sentences
    figures: tuple[Optional[float], ...]  # precision, recall, F1 on the held-out documents
    accepted: dict[str, str]             # method -> "3 of 4 (75%)"


SUGGESTS = {"sentence": "which suggests whole sentences", "span": "which suggests phrases inside sentences"}
MEASURED = {"sentence": "Precision, recall and F1 are measured",
            "span": "Precision, recall and F1 are by exact span (a phrase the model finds counts only with the "
                    "coder's start, end and code) and measured"}
COUNTED = {"sentence": "Positive and negative count the sentences it learnt from.",
           "span": "Positive and negative count the sentences it learnt from, with a span of the code or without."}


def summary(model, coder: str) -> str:
    """Which model (its kind in words), on how much, and how it was measured (the held-out documents, the
    seed and, for a span model, exact spans, in words)."""
    m, kind = model.metrics, model.kind
    documents, held = m["documents"], m["held_out_documents"]
    made = (f"Model {model.version} of {coder}, {SUGGESTS[kind]}, trained {model.created[:16].replace('T', ' ')} "
            f"UTC on {m['examples']:,} sentences of {_count(documents, 'document')} ({m['epochs']} passes).")
    if not held:
        return (f"{made} Nothing could be held out ({_count(documents, 'coded document')}; two or more are "
                "needed), so there are no precision, recall or F1 figures yet: code more documents and train again.")
    return (f"{made} {MEASURED[kind]} on {held} of the {documents} coded documents ({m['test_share']:.0%}), held "
            f"out at random with seed {m['seed']} and never trained on; the stored model was then trained on all "
            f"{documents}. {COUNTED[kind]}")


class CodeNames:
    """The codebook now, for naming a model's codes (its labels are code UUIDs) and acceptance rates
    (code ids): the code's path ("parent > child") and colour."""

    def __init__(self, codes: Sequence[Code]):
        by_id = {code.id: code for code in codes}
        self.by_uuid = {code.uuid: (code_path(by_id, code.id), code.color) for code in codes}
        self.by_id = {code.id: (code_path(by_id, code.id), code.color) for code in codes}
        self.id_of = {code.uuid: code.id for code in codes}

    def of_uuid(self, uuid: str) -> tuple[str, str]:
        return self.by_uuid.get(uuid, (DELETED, GREY))


def code_rows(metrics: Mapping[str, Any], names: CodeNames, rates: Sequence[Rate]) -> list[CodeRow]:
    """One row per code of the model, then the codes only other methods suggested, by name in each part."""
    accepted: dict[int, dict[str, str]] = {}
    for rate in rates:
        accepted.setdefault(rate.code_id, {})[rate.method] = rate_text(rate)
    rows = [_model_row(names.of_uuid(uuid), figures, accepted.pop(names.id_of.get(uuid, -1), {}))
            for uuid, figures in metrics.get("codes", {}).items()]
    others = [CodeRow(*names.by_id.get(code_id, (DELETED, GREY)), None, None, None, (None,) * 3, by_method)
              for code_id, by_method in accepted.items()]
    return sorted(rows, key=_by_name) + sorted(others, key=_by_name)


def _model_row(name: tuple[str, str], figures: Mapping[str, Any], accepted: dict[str, str]) -> CodeRow:
    return CodeRow(*name, figures.get("positive"), figures.get("negative"),
                   figures.get("held_out", {}).get("positive"), tuple(figures.get(key) for key in FIGURES), accepted)


def _by_name(row: CodeRow) -> str:
    return row.name.casefold()


def methods(rows: Sequence[CodeRow]) -> list[str]:
    """The methods whose acceptance is shown, model first."""
    found = {method for row in rows for method in row.accepted}
    return sorted(found, key=lambda method: (method != "model", method))


def rate_text(rate: Rate) -> str:
    decided = rate.accepted + rate.rejected
    return f"{rate.accepted} of {decided} ({rate.rate:.0%})" if decided else "none decided"


def figure_text(value: Optional[float]) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def excluded(metrics: Mapping[str, Any], names: CodeNames, min_f1: float) -> list[str]:
    """The model's codes a minimum held-out F1 leaves out, with their F1, in name order."""
    out = [(names.of_uuid(uuid)[0], figures.get("f1"))
           for uuid, figures in metrics.get("codes", {}).items() if not passes_min_f1(figures, min_f1)]
    return [f"{name} ({'no held-out F1' if f1 is None else f'F1 {f1:.2f}'})"
            for name, f1 in sorted(out, key=lambda item: item[0].casefold())]


def excluded_text(metrics: Mapping[str, Any], names: CodeNames, min_f1: float) -> str:
    """One line for the Suggest Codes dialog: which codes the minimum F1 leaves out."""
    left_out, total = excluded(metrics, names, min_f1), len(metrics.get("codes", {}))
    if not left_out:
        return f"Every code of the model ({total}) can be suggested."
    if len(left_out) == total:
        return f"This minimum leaves out every code of the model, so nothing would be suggested: {', '.join(left_out)}."
    return f"Leaves out {len(left_out)} of the model's {total} codes: {', '.join(left_out)}."


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' if n != 1 else ''}"
