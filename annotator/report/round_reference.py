"""Whom a calibration or retest round's coders are compared with (:mod:`annotator.round_kinds`).

A reliability round compares its coders with each other. A calibration round adds the gold layer as it was
when the round was made: its annotations on the round's documents then, kept in the round's snapshot
(:func:`annotator.round_store.snapshot`), on all the round's documents (a calibration round holds only documents
gold took part in). A retest round compares the coder re-tested, with the annotations their package hid as they
were when the round was made (in the snapshot too), with their re-coding, which the merge put in the retest's own
coder row.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.records import Coder
from annotator.round_store import Round


@dataclass(frozen=True)
class Reference:
    coder: Coder | None            # gold, or the coder re-tested; None for a reliability round
    documents: frozenset = frozenset()     # row ids of the round's documents they took part in
    compares: str = ""             # the comparison in words, for the report's heading


def reference(project, round_: Round) -> Reference:
    """The coder a round's coders are compared with besides each other, and the documents they took part in."""
    doc_ids = frozenset(project.document(u).id for u in round_.documents)
    if round_.kind == "calibration" and round_.details.get("against"):
        gold = project.coder(round_.details["against"])
        return Reference(gold, doc_ids, f"Each coder is compared with the gold layer ({gold.name!r}) as it was when "
                                        "the round was made.")
    if round_.kind == "retest" and round_.details.get("retest_of"):
        coder = project.coder(round_.details["retest_of"])
        again = project.coder(round_.details["retest_coder"]).name
        return Reference(coder, doc_ids,
                         f"Intra-coder agreement: {coder.name}'s coding of these documents before the round "
                         f"(as {coder.name!r}) against their re-coding in it (as {again!r}).")
    return Reference(None)
