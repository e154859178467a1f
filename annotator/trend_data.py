"""The trend across coding rounds as data (issue 16): each round in the order made, reported as what it is.

    rows = trend(project, bootstrap=1000, seed=7)
    series = of_kind(rows, "reliability")      # the trend proper: the coders with each other, round after round

* A **reliability** round's row holds the agreement report of its coders with each other; only these
  rounds make the trend's series (its table and chart): inter-coder agreement, round after round.
* A **calibration** round's row holds :func:`annotator.calibration.calibrate` of the round: each coder
  against gold (per code span F1 and α), gold as it was when the round was made (its snapshot).
* A **retest** round's row holds the round's report, which is intra-coder agreement: the coder's coding
  before the round against their re-coding in it (:mod:`annotator.report.round_reference`).

Every row lists the codebook changes logged since the previous round *of the same kind* (so the
changes between two points of one series are shown before the later one), with their ``because``.
All reports use the same bootstrap resamples and seed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .calibration import Calibration, calibrate
from .cited import CitedDisagreement
from .codebook import scheme_log
from .errors import AnnotatorError
from .report import AgreementReport, build_report
from .report.build import MAX_BOOTSTRAP
from .round_store import Round, gaps, rounds

TREND_OVERALL = ("u_alpha", "alpha_none", "alpha_excluded")   # the overall figures with a bootstrap interval
TREND_CODE = ("code_u_alpha", "k_u_alpha")                  # per code: uα code vs. rest, (k)uα
CALIBRATION_OVERALL = ("alpha_none", "u_alpha", "f1_exact", "f1_overlap")   # a coder against gold, overall


@dataclass(frozen=True)
class CodebookChange:
    version: int
    time: str
    coder: Optional[str]
    action: str
    code: str               # the code's name now, else the name the entry gives, else ""
    details: dict

    @property
    def because(self) -> str:
        return str(self.details.get("because") or "")

    @property
    def disagreements(self) -> tuple[CitedDisagreement, ...]:
        """The disagreements the change cites, as they were when it was made."""
        return tuple(CitedDisagreement.from_json(d) for d in self.details.get("disagreements") or ())


@dataclass(frozen=True)
class TrendRound:
    round: Round
    report: Optional[AgreementReport]   # reliability: the coders together; retest: earlier coding vs re-coding
    reason: str = ""                    # why the round cannot be reported yet ("" if it can)
    changes_before: tuple[CodebookChange, ...] = ()   # codebook changes since the previous round of its kind
    calibration: Optional[Calibration] = None          # a calibration round: each coder against gold
    gaps: tuple[str, ...] = ()          # what its data lacks (packages not merged, annotations refused)


def of_kind(rows, kind: str) -> list[TrendRound]:
    """The rows of one kind of round, in the order made."""
    return [row for row in rows if row.round.kind == kind]


def trend(project, bootstrap: int = 1000, seed: int = 0, cu_pairable: Optional[str] = None) -> list[TrendRound]:
    """Each round in the order made, reported as its kind asks (same bootstrap and seed for all), with the
    codebook changes logged between the previous round of its kind's frozen version and its own."""
    if not 0 <= bootstrap <= MAX_BOOTSTRAP:
        raise AnnotatorError(f"The number of bootstrap resamples must be between 0 and {MAX_BOOTSTRAP:,}, "
                             f"not {bootstrap:,}.")
    log = scheme_log(project.store.conn)
    names = {c.uuid: c.name for c in project.codes()}
    options: dict = {"bootstrap": bootstrap, "seed": seed, **({"cu_pairable": cu_pairable} if cu_pairable else {})}
    out: list[TrendRound] = []
    before: dict[str, int] = {}   # kind -> the codebook version of the last round of that kind
    for r in rounds(project.store.conn):
        last = before.get(r.kind)
        changes = tuple(_change(e, names) for e in log
                        if last is not None and last < e.scheme_version <= r.scheme_version)
        out.append(_reported(project, r, options, changes))
        before[r.kind] = r.scheme_version
    return out


def _reported(project, r: Round, options: dict, changes: tuple) -> TrendRound:
    """The round's row: its report (or calibration), or why there is none yet, and what its data lacks."""
    missing = tuple(gaps(project.store.conn, r))
    try:
        if r.kind == "calibration":
            return TrendRound(r, None, "", changes, calibrate(project, round=r.name, examples=0), missing)
        return TrendRound(r, build_report(project, round=r.name, **options), "", changes, gaps=missing)
    except AnnotatorError as error:
        return TrendRound(r, None, str(error), changes, gaps=missing)


def _change(entry, names: dict) -> CodebookChange:
    """A log entry named by its code's name now (else the name the entry gives)."""
    code = names.get(entry.code_uuid or "") or str(entry.details.get("name") or "")
    return CodebookChange(entry.scheme_version, entry.time, entry.coder, entry.action, code, entry.details)
