"""Coding rounds: reliability as a process (issue 16).

    made = make_round(project, "pilot", "pilot packages", coders=["Ana", "Ben"], sample=10, seed=7)
    # the coders code their packages; then `annotator merge PROJECT pilot packages/*.annot`
    report = build_report(project, round="pilot")      # that round alone
    rows = trend(project)        # annotator.trend_data: every round, and the codebook changes between

A round is a named sample of documents that named coders code afresh, each in a package made for
the round: the round's documents only, none of the coder's earlier work on them (annotations,
statuses, memos on those documents), the codebook locked, and the round's UUID and name in the
package's meta. The project records the round (its codebook version at the start, its sample and
how it was drawn, its coders and their packages) only once every package is written, in one
transaction; a merge then records which annotations came in through the round's packages
(:mod:`annotator.merging.rounds`), so the round's figures never change with later coding.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .clock import now
from .codebook import scheme_version
from .coder_names import name_key
from .display import shown
from .errors import AnnotatorError
from .formats.spans import safe_file_name
from .outputs import new_folder, output_target
from .packages import choose_documents, package_coder, withheld_anchors, withheld_lines, write_package
from .records import Coder
from .round_kinds import (
    allowed_documents,
    calibration_gold,
    checked_count,
    refuse_layers,
    refuse_others,
    refuse_recoding,
    retest_coder,
    retest_name,
    round_details,
)
from .round_store import KINDS, Round, RoundCoder, insert_round, merged_counts, name_taken, rounds
from .uuids import new_uuid
from .whole_numbers import MAX_SEED


@dataclass(frozen=True)
class RoundMade:
    round: Round
    folder: Path
    packages: tuple[tuple[str, Path], ...]   # (coder name, package file)
    coders_created: tuple[str, ...]
    anchors_withheld: int = 0    # anchors left out of the packages' codebook (packages.withheld_anchors)

    def lines(self) -> list[str]:
        made = self.round
        new = f" (new coders: {', '.join(self.coders_created)})" if self.coders_created else ""
        return [f"Round {made.name!r} ({made.kind}): {made.sample}, codebook version {made.scheme_version} "
                f"(locked in the packages).",
                *[f"  {name}: {path}" for name, path in self.packages],
                *withheld_lines(self.anchors_withheld, "round"),
                f"Wrote {len(self.packages)} packages to {shown(self.folder)}{new}; merge them with "
                "`annotator merge` when the coders send them back."]


def make_round(project, name: str, folder, coders, documents=None, sample: Optional[int] = None,
               seed: Optional[int] = None, kind: str = "reliability") -> RoundMade:
    """Write one package per coder into ``folder`` (new, or an empty folder) and record the round.
    ``kind`` "calibration" gives gold documents to coders to be compared with gold, "retest" gives one
    coder documents they coded again, in a package for a coder row of its own (:mod:`annotator.round_kinds`)."""
    name = _checked_name(project, name)
    if kind not in KINDS:
        raise AnnotatorError(f"A round is one of {', '.join(KINDS)}, not {kind!r}.")
    project.store.check_writable("no round was made")
    project.store.check_intact("no round was made")
    chosen = _checked_coders(project, coders, kind)
    reference, chosen = _reference(project, kind, chosen, name)
    seed = _checked_seed(sample, seed)
    doc_ids = _checked_documents(project, documents, sample, seed, kind, reference)
    refuse_recoding(project, kind, chosen, doc_ids)
    details = round_details(project, kind, reference, doc_ids, chosen[0][0])
    round_uuid = new_uuid()
    meta = {"round_uuid": round_uuid, "round_name": name, "round_kind": kind}
    files = _file_names(chosen)
    # the round is committed only after the folder is in place; a package that fails removes the folder
    with project.store.write() as conn, new_folder(folder, "a round's packages") as temporary:
        written = _write_packages(project, temporary, files, doc_ids, chosen, meta)
        made = Round(round_uuid, name, kind, scheme_version(conn), now(),
                     tuple(project.document(i).uuid for i in doc_ids),
                     tuple(RoundCoder(c.uuid, package_uuid, None) for (c, _), package_uuid in zip(chosen, written)),
                     sample, seed, details)
        conn.executemany("INSERT INTO coders(uuid, name) VALUES (?, ?)",
                         [(c.uuid, c.name) for c, created in chosen if created])
        insert_round(conn, made)
    return RoundMade(made, Path(folder), tuple((c.name, Path(folder) / f) for (c, _), f in zip(chosen, files)),
                     tuple(c.name for c, created in chosen if created),
                     sum(map(len, withheld_anchors(project, doc_ids).values())))


def _reference(project, kind: str, chosen: list, name: str) -> tuple[Optional[Coder], list]:
    """Whom the round compares its coders with (gold; the coder re-tested), and whose packages it writes
    (a retest's: a new coder row of its own)."""
    if kind == "calibration":
        return calibration_gold(project, chosen), chosen
    if kind == "retest":
        coder = retest_coder(project, chosen, name)
        return coder, [(Coder(None, new_uuid(), retest_name(coder.name, name)), True)]  # type: ignore[arg-type]
    return None, chosen


def _checked_name(project, name) -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise AnnotatorError("A round needs a name, such as 'pilot'.")
    if taken := name_taken(project.store.conn, name):
        raise AnnotatorError(f"There is already a round named {taken!r}; choose another name for this one.")
    return name


def _checked_coders(project, coders, kind: str) -> list:
    """``(coder, created)`` per coder named, each once, as many as the kind asks; a new name makes a new
    coder, a name that differs from a coder's only in case, spacing or Unicode form is that coder
    (:func:`annotator.packages.package_coder`); gold and retest rows are refused (:func:`refuse_layers`)."""
    names = [str(c) for c in coders or ()]
    checked_count(kind, names)
    chosen = [package_coder(project, name) for name in names]
    keys = [name_key(coder.name) for coder, _ in chosen]
    for i, key in enumerate(keys):
        if key in keys[:i]:
            raise AnnotatorError(f"A coder is named twice ({names[keys.index(key)]!r} and {names[i]!r}); name each "
                                 "coder of the round once.")
    refuse_layers(project, chosen)
    return chosen


def _checked_seed(sample, seed) -> Optional[int]:
    if sample is None:
        if seed is not None:
            raise AnnotatorError("A seed is for a random sample; give --sample N with it, or leave it out.")
        return None
    if seed is None:
        return secrets.randbits(31)
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise AnnotatorError(f"The seed must be a whole number from 0 to {MAX_SEED}, not {seed!r}.")
    return seed


def _checked_documents(project, documents, sample, seed, kind: str, reference) -> list[int]:
    if documents is None and sample is None:
        raise AnnotatorError("Choose the round's documents: list them (--documents) or draw a sample (--sample N).")
    if documents is not None and sample is not None:
        raise AnnotatorError("Choose the round's documents one way: list them (--documents) or draw a sample "
                             "(--sample N), not both.")
    allowed = allowed_documents(project, kind, reference)
    if allowed is None:
        return choose_documents(project, documents, sample, seed)
    if documents is None:
        return choose_documents(project, allowed, sample, seed)
    chosen = choose_documents(project, documents, None, None)
    refuse_others(project, kind, reference, chosen, allowed)
    return chosen


def _file_names(chosen: list) -> list[str]:
    """One package file name per coder: the coder's name made safe for a file name."""
    taken: set = set()
    return [safe_file_name(coder.name, taken) + ".annot" for coder, _ in chosen]


def _write_packages(project, temporary: Path, files: list[str], doc_ids, chosen, meta) -> list[str]:
    """Write each coder's package (codebook locked, none of their earlier work); their package UUIDs."""
    written = []
    for (coder, _), file in zip(chosen, files):
        path = temporary / file
        package_uuid, _, _ = write_package(project, path, output_target(path), doc_ids, coder, True, False,
                                           fresh=True, extra_meta=meta)
        written.append(package_uuid)
    return written


# ---------------------------------------------------------------------------------------------- list
@dataclass(frozen=True)
class RoundCoderState:
    name: str
    merged: Optional[str]       # when its package was last merged, None if not yet
    annotations: int            # the round's annotations by this coder still in the project


@dataclass(frozen=True)
class RoundSummary:
    round: Round
    documents: tuple[str, ...]          # names
    coders: tuple[RoundCoderState, ...]

    def as_json(self) -> dict:
        r = self.round
        return {"name": r.name, "uuid": r.uuid, "kind": r.kind, "codebook_version": r.scheme_version,
                "created": r.created, "sample": {"size": r.sample_size, "seed": r.seed, "described": r.sample},
                "documents": list(self.documents),
                "coders": [{"name": c.name, "merged": c.merged, "annotations": c.annotations} for c in self.coders]}


def round_summaries(project) -> list[RoundSummary]:
    """Every round with its documents' names and, per coder, whether their package was merged."""
    conn = project.store.conn
    out = []
    for r in rounds(conn):
        counts = merged_counts(conn, r.uuid)
        coders = tuple(RoundCoderState(project.coder(c.coder_uuid).name, c.merged, counts.get(c.coder_uuid, 0))
                       for c in r.coders)
        out.append(RoundSummary(r, tuple(project.document(u).name for u in r.documents), coders))
    return out
