"""What a calibration or a retest round is made of, beyond a reliability round's packages (issue 16).

* A **calibration** round gives gold documents (documents the gold layer took part in: annotated, or
  marked in progress or done) to one or more coders, none of them gold; its ``details`` name the gold
  coder (``against``) and the UUIDs of gold's annotations on its documents when it was made (``earlier``),
  which the round's snapshot keeps: its report compares each coder with gold as it was then.
* A **retest** round gives one coder documents they took part in again, in a package written for a coder
  row of its own, "Ana (retest NAME)", so the re-coding never mixes with Ana's layer: an ordinary merge
  puts it in that row. Its ``details`` name the coder re-tested (``retest_of``), the retest row
  (``retest_coder``) and the UUIDs of Ana's annotations on those documents when the round was made
  (``earlier``): the coding her package hid, which the round's report compares with the re-coding.
"""
from __future__ import annotations

from typing import Optional

from .coder_names import name_key, taken
from .errors import AnnotatorError
from .records import Coder
from .round_store import and_joined, outstanding, retest_coders, took_part
from .segments import GOLD_NAME, gold_coder_row


def checked_count(kind: str, names: list[str]) -> None:
    """A calibration round has one coder or more; a retest round exactly one; a reliability round two or more."""
    least = 2 if kind == "reliability" else 1
    if len(names) < least:
        raise AnnotatorError(f"A {kind} round needs at least {'two coders' if least > 1 else 'one coder'}; "
                             f"{len(names)} named.")
    if kind == "retest" and len(names) > 1:
        raise AnnotatorError(f"A retest round re-tests one coder; {len(names)} were named (make one round each).")


def refuse_layers(project, chosen: list) -> None:
    """No round codes into the gold layer, nor into a retest's own coder row. Gold is known by its UUID;
    "gold" and "@gold" name it wherever a coder is named (:meth:`Project.layer`), and adjudication adopts a
    coder called "gold" when it makes the layer, so a new coder or, before there is gold, any coder so
    named is refused too; only a real coder called "Gold" beside the gold layer may code."""
    gold = gold_coder_row(project.store.conn)
    retests = retest_coders(project.store.conn)
    for coder, created in chosen:
        named = name_key(coder.name) in (GOLD_NAME, "@" + GOLD_NAME) and (created or gold is None)
        if named or (gold is not None and coder.uuid == gold.uuid):
            raise AnnotatorError(f"{coder.name!r} is the gold layer, not a coder: a round's coders code afresh, and "
                                 "merging a package would write into gold; name the coders who will code.")
        if coder.uuid in retests:
            raise AnnotatorError(f"{coder.name!r} is itself a retest (the coder row of a retest round's re-coding); "
                                 "name the coder it was made for.")


def refuse_recoding(project, kind: str, chosen: list, doc_ids: list[int]) -> None:
    """A reliability or calibration round's package merges into its coders' own layers, so none of them may
    have coded its documents already (annotated, or marked in progress or done with no annotations: "nothing" is
    a coding), nor hold them in another round's package not merged yet (a retest round re-codes into a row of
    its own)."""
    if kind == "retest":
        return
    known = [coder for coder, created in chosen if not created]
    _refuse_coded(project.store.conn, kind, known, doc_ids)
    _refuse_pending(project.store.conn, kind, known, doc_ids)


def _refuse_coded(conn, kind: str, coders: list[Coder], doc_ids: list[int]) -> None:
    found = [(coder.name, rows) for coder in coders if (rows := _coded(conn, coder.id, doc_ids))]
    if not found:
        return
    (first, rows), *others = found
    said = [f"{first} already coded {len(rows)} of the round's documents ({_listed(rows)})",
            *[f"{name} {len(rows)} ({_listed(rows)})" for name, rows in others]]
    raise AnnotatorError(f"{and_joined(said)}; a {kind} round's package would add a second, fresh coding to the same "
                         "layer: choose other documents or coders, or make a retest round (--kind retest) to have "
                         "a coder re-code their own documents.")


def _refuse_pending(conn, kind: str, coders: list[Coder], doc_ids: list[int]) -> None:
    """One sentence naming the other rounds' packages, not merged yet, that hold these documents for these coders."""
    pending = [f"{coder.name} has {len(names)} of the round's documents ({_listed(names)}) in a package of round "
               f"{round_name!r}" for coder in coders for round_name, names in outstanding(conn, coder.uuid, doc_ids)]
    if pending:
        raise AnnotatorError(f"{and_joined(pending)}, not merged yet; a {kind} round's package would add a second, "
                             "fresh coding of those documents to the same layer: choose other documents or coders.")


def _coded(conn, coder_id: int, doc_ids: list[int]) -> list[str]:
    """The documents among ``doc_ids`` the coder took part in, in words: "'d1.txt' 2 annotations", or
    "'d8.txt' marked done with no annotations"."""
    marks = ", ".join("?" * len(doc_ids))
    rows = conn.execute(f"SELECT d.name, (SELECT count(*) FROM annotations a WHERE a.coder_id = ? AND a.document_id "
                        f"= d.id), (SELECT status FROM document_status s WHERE s.coder_id = ? AND s.document_id = d.id)"
                        f" FROM documents d WHERE d.id IN ({marks}) ORDER BY d.id", (coder_id, coder_id, *doc_ids))
    return [f"{name!r} {count} annotation{'' if count == 1 else 's'}" if count
            else f"{name!r} marked {status} with no annotations"
            for name, count, status in rows if count or status in ("in progress", "done")]


def _listed(items: list[str]) -> str:
    more = f" and {len(items) - 5} more" if len(items) > 5 else ""
    return ", ".join(items[:5]) + more


def calibration_gold(project, chosen: list) -> Coder:
    """The gold coder a calibration round compares with; one sentence if there is none (``refuse_layers``
    has already refused gold as a round coder)."""
    gold = gold_coder_row(project.store.conn)
    if gold is None:
        raise AnnotatorError("A calibration round needs a gold layer; this project has none yet (build one in "
                             "Tools › Adjudicate).")
    return gold


def retest_coder(project, chosen: list, round_name: str) -> Coder:
    """The coder re-tested: one that exists, is not a retest row itself, and took part in some document."""
    coder, created = chosen[0]
    if created:
        raise AnnotatorError(f"There is no coder {coder.name!r} to re-test; a retest round is for a coder who has "
                             "coded before.")
    if other := taken(retest_name(coder.name, round_name), [c.name for c in project.coders()]):
        raise AnnotatorError(f"There is already a coder named {other!r}; choose another name for the round.")
    return coder


def retest_name(coder: str, round_name: str) -> str:
    """The name of a retest's own coder row: "Ana (retest r2)"."""
    return f"{coder} (retest {round_name})"


def allowed_documents(project, kind: str, reference: Optional[Coder]) -> Optional[list[int]]:
    """Row ids of the documents a round of this kind may hold (``None``: any)."""
    if reference is None:
        return None
    ids = took_part(project.store.conn, reference.id)
    if not ids:
        whose = "gold" if kind == "calibration" else reference.name
        raise AnnotatorError(f"{whose!r} has coded no document yet, so there is nothing to give a {kind} round.")
    return sorted(ids)


def refuse_others(project, kind: str, reference: Coder, doc_ids: list[int], allowed: list[int]) -> None:
    """One sentence naming the chosen documents the reference coder has not coded."""
    others = [project.document(i).name for i in doc_ids if i not in set(allowed)]
    if others:
        whose = "the gold layer has" if kind == "calibration" else f"{reference.name} has"
        listed = ", ".join(map(repr, others[:5])) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
        raise AnnotatorError(f"A {kind} round holds only documents {whose} coded; not {listed}.")


def round_details(project, kind: str, reference: Optional[Coder], doc_ids: list[int],
                  retest_row: Optional[Coder]) -> dict:
    """The round's ``details``: whom a calibration compares with; whom a retest re-tests; and the reference coder's
    annotations on the round's documents now (``earlier``), which the round's snapshot keeps as they are."""
    if reference is None or kind not in ("calibration", "retest"):
        return {}
    earlier = sorted(a.uuid for a in project.annotations(coder=reference) if a.document_id in set(doc_ids))
    if kind == "calibration":
        return {"against": reference.uuid, "earlier": earlier}
    if retest_row is not None:
        return {"retest_of": reference.uuid, "retest_coder": retest_row.uuid, "earlier": earlier}
    return {}
