"""Assisted coding in the agreement report: how many of each coder's annotations came from
accepted suggestions (:mod:`annotator.provenance`), and the study without them, so the report can
compute its overall figures again and show whether assistance moved agreement."""

from __future__ import annotations

import dataclasses
from collections import Counter

from annotator.report.model import AssistedCoder
from annotator.report.study import Study


def assisted_coders(study: Study, methods: dict) -> tuple[AssistedCoder, ...]:
    """Per coder of the study: annotations, those with provenance, and those by method (``methods``:
    annotation UUID -> method of the suggestion it was accepted from)."""
    out = []
    for name in study.names:
        mine = [a for doc in study.annotations.values() for a in doc.get(name, ())]
        counts = Counter(methods[a.uuid] for a in mine if a.uuid in methods)
        out.append(AssistedCoder(name, len(mine), sum(counts.values()), dict(sorted(counts.items()))))
    return tuple(out)


def without_suggested(study: Study, methods: dict) -> Study:
    """The study with every annotation that came from a suggestion dropped; documents and the coders
    who took part in them stay, so the text such an annotation covered counts as uncoded."""
    kept = {doc: {name: [a for a in anns if a.uuid not in methods] for name, anns in by_coder.items()}
            for doc, by_coder in study.annotations.items()}
    return dataclasses.replace(study, annotations=kept)
