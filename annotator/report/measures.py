"""The table of the report's measures: what each figure is called, means and is computed from.

Every figure of the report is a row of :data:`MEASURES`, a :class:`Measure`: its ``key`` (the
figure key of the JSON and CSV), ``label``, a one-line ``explanation``, the ``level`` of the
report it belongs to (overall, code, pair or document) and ``compute``, which takes that
level's :class:`Scope` (the matrices, uα family, αU, span F1 or per-code results of the
level) and returns the :class:`~annotator.agreement.AgreementResult`; ``coders`` says when
it applies (Cohen's κ to two coders, Fleiss' κ to more). The rows of one level are in the order
the report shows them. The builder, the text, HTML, JSON and CSV writers and the app's
tables read this table, so a new measure is a row here (and its tests).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from annotator import agreement as ag
from annotator.agreement.result import Counts, undefined

LEVELS = ("overall", "code", "pair", "document")
COUNTINGS = ("none", "excluded")  # uncoded text as a value, or left out (the coefficients' variants)
MAIN = "u_alpha"  # the report's main figure: selected first in the app, the default heat map


class Family(NamedTuple):
    """Figures that read the same way: ``alpha_none`` and ``alpha_excluded`` are both ``alpha``."""

    explanation: str
    alpha: bool = False  # Krippendorff's .800/.667 thresholds apply


#: family key -> what its figures answer, in the order the report explains them.
FAMILIES = {
    "percent": Family("Share of agreeing coder pairs per unit, not corrected for chance; read it next to a "
                      "chance-corrected figure."),
    "alpha": Family("Krippendorff's alpha (nominal) on the units: 1 − observed/expected disagreement; 1 perfect, "
                    "0 chance level.", alpha=True),
    "cohen": Family("Cohen's kappa, two coders, each with their own code frequencies; low under skewed codes even "
                    "when raw agreement is high."),
    "fleiss": Family("Fleiss' kappa (1971) for a fixed number of ratings per unit; undefined when coders are missing "
                     "on some units."),
    "ac1": Family("Gwet's AC1: chance agreement from how evenly codes are used, so it stays high when one code "
                  "dominates (kappa paradox)."),
    "u_alpha": Family("uα (Krippendorff et al. 2016): boundaries and codes together on the character continuum; the "
                      "main figure.", alpha=True),
    "bar_u_alpha": Family("|uα: do coders agree on what is relevant (coded vs. uncoded text), whatever the code?",
                          alpha=True),
    "cu_alpha": Family("cuα: do coders agree on the code where their coded text overlaps? Coverage is the share of "
                       "text it rests on.", alpha=True),
    "k_u_alpha": Family("(k)uα: agreement on this code where coded text overlaps, with its coverage.", alpha=True),
    "code_u_alpha": Family("uα of this code against everything else (code vs. rest); works when codes overlap "
                           "(multi-label).", alpha=True),
    "alpha_u_2004": Family("αU of Krippendorff 1995/2004 as DKPro/INCEpTION compute it; for comparison with "
                           "INCEpTION only.", alpha=True),
    "nvivo": Family("NVivo's coding comparison: per code, characters coded / not coded by each of two coders "
                    "(2x2 table)."),
    "f1": Family("Span F1 (NLP convention): share of spans the other coder marked too; exact = same start, end "
                 "and code."),
    "gamma": Family("γ (Mathet et al. 2015): the coders' spans aligned, position and code together (all codes at "
                    "once), the best alignment's disorder against chance continua; 1 perfect, 0 chance level."),
    "gamma_cat": Family("γ-cat (Mathet 2017): agreement on the codes of the spans γ aligned, weighted by how well "
                        "they overlap; 1 perfect, 0 chance level."),
    "gamma_k": Family("γ-k (Mathet 2017): γ-cat of this code, on the aligned pairs where a span has this code (same "
                      "alignments and chance continua as γ); 1 perfect, 0 chance level."),
}


class Scope(NamedTuple):
    """What the figures of one overall row, code, coder pair or document are computed from;
    each level fills the fields its measures read."""

    n_coders: int
    matrices: Mapping[str, np.ndarray] = {}  # counting ("none", "excluded") -> coders x units, NaN missing
    unitized: object = None  # UnitizedAlphaResult: uα, |uα, cuα
    alpha_u: ag.AgreementResult | None = None  # αU (INCEpTION/DKPro), over all codes or of one code
    f1: Mapping[str, ag.AgreementResult] = {}  # match ("exact", "overlap") -> span F1
    label: str = ""  # the code (code level)
    k_u_alpha: ag.AgreementResult | None = None
    code_u_alpha: ag.AgreementResult | None = None
    nvivo: ag.CodeAgreement | None = None
    gamma: ag.GammaResult | None = None  # γ, γ-cat and γ-k, when asked for (overall, code: pooled; document: its own)
    group: bool = False  # the code level's row is a group of codes


class Measure(NamedTuple):
    """One figure of one level of the report (see the module docstring)."""

    key: str
    label: str
    explanation: str
    level: str
    compute: Callable[[Scope], ag.AgreementResult]
    family: str
    counting: str = ""  # what the variant says: "", "characters", "cu" (the cuα variant), "none", "excluded"
    bootstrap: str | None = None  # bootstrap_alpha's measure for the 95% interval (overall figures)
    short: str = ""  # a shorter heading where space is tight (the app's document table)
    coders: int = 0  # 2: only for two coders; 3: only for three or more; 0: any number
    in_text: bool = True  # a column of the plain-text pair table
    heat: str = ""  # title of the HTML heat map of coder pairs drawn for this figure
    needs: str = ""  # computed only when asked for (its cost): the option's name, "gamma"

    def applies(self, n_coders: int) -> bool:
        return not self.coders or (n_coders == 2) == (self.coders == 2)


def safe(function, matrix: np.ndarray, measure: str) -> ag.AgreementResult:
    """The measure, or "undefined, because ..." when the data are refused."""
    try:
        return function(matrix)
    except ag.AgreementDataError as error:
        if function is ag.fleiss_kappa:
            why = ("not every unit has the same number of ratings (some coders did not work on some documents), "
                   "which classic Fleiss' kappa requires; see Krippendorff's alpha")
        else:
            message = str(error)
            why = message[:1].lower() + message[1:].rstrip(".")
        return undefined(measure, why, Counts(n_units=0, n_coders=int(matrix.shape[0])))


def absent(measure: str, n_coders: int) -> ag.AgreementResult:
    why = "these coders did not use the code in these documents"
    return undefined(measure, why, Counts(n_units=0, n_coders=n_coders))


def _row(key: str, label: str, level: str, compute, family: str | None = None, **options) -> Measure:
    family = family or key
    return Measure(key, label, FAMILIES[family].explanation, level, compute, family, **options)


#: family -> (label, function, measure name, coders: 2 only two, 3 three or more, 0 any number)
_COEFFICIENTS = {
    "percent": ("percent agreement", ag.percent_agreement, "percent agreement", 0),
    "alpha": ("α (nominal)", ag.krippendorff_alpha, "Krippendorff's alpha (nominal)", 0),
    "cohen": ("Cohen's κ", ag.cohen_kappa, "Cohen's kappa", 2),
    "fleiss": ("Fleiss' κ", ag.fleiss_kappa, "Fleiss' kappa", 3),
    "ac1": ("Gwet's AC1", ag.gwet_ac1, "Gwet's AC1", 0),
}


def _coefficient(family: str, counting: str, level: str, **options) -> Measure:
    """A coefficient on the level's unit matrix; overall, α has a bootstrap interval."""
    label, function, name, coders = _COEFFICIENTS[family]
    bootstrap = "krippendorff_alpha" if level == "overall" and family == "alpha" else None
    return _row(f"{family}_{counting}", label, level, lambda s: safe(function, s.matrices[counting], name), family,
                counting=counting, bootstrap=bootstrap, coders=coders, **options)


def _coefficients(level: str) -> list[Measure]:
    """Percent, α, κ (Cohen for two coders, else Fleiss) and AC1, uncoded text as a value, then excluded."""
    return [_coefficient(family, counting, level) for counting in COUNTINGS for family in _COEFFICIENTS]


def _pair_coefficient(family: str, counting: str) -> Measure:
    key = f"{family}_{counting}"
    return _coefficient(family, counting, "pair", in_text=key in ("alpha_none", "cohen_none", "alpha_excluded"),
                        heat="α (nominal), uncoded as a value" if key == "alpha_none" else "")


def _span_f1(match: str, level: str, mean: bool = False) -> Measure:
    """Span F1 of a pair; overall, of two coders or the mean over the pairs of three or more."""
    label = f"{'mean pairwise ' if mean else ''}span F1 ({match})"
    coders = (3 if mean else 2) if level == "overall" else 0
    return _row(f"f1_{match}", label, level, lambda s: s.f1[match], "f1", coders=coders)


def _nvivo(key: str, label: str, part: str, measure: str) -> Measure:
    return _row(key, label, "code", lambda s: getattr(s.nvivo, part) if s.nvivo else absent(measure, s.n_coders),
                "nvivo", coders=2)


def _gamma_row(level: str) -> Measure:
    return _row("gamma", "γ", level, lambda s: s.gamma.gamma, counting="gamma", needs="gamma")


def _gamma_cat_row(level: str) -> Measure:
    return _row("gamma_cat", "γ-cat", level, lambda s: s.gamma.gamma_cat, counting="gamma", needs="gamma")


def _code_gamma_k(s: Scope) -> ag.AgreementResult:
    """The pooled γ-k of the code; a group has none (γ aligned its members' spans with their own codes)."""
    if s.group:
        why = "γ-k is per code: γ aligned the spans with their own codes, not the group's; see its codes"
        return undefined("γ-k", why, Counts(n_units=0, n_coders=s.n_coders))
    found = s.gamma.gamma_k.get(s.label) if s.gamma is not None else None
    return found or absent("γ-k", s.n_coders)


MEASURES: tuple[Measure, ...] = (
    *_coefficients("overall"),
    _row("u_alpha", "uα", "overall", lambda s: s.unitized.u_alpha, counting="characters", bootstrap="u_alpha"),
    _row("bar_u_alpha", "|uα", "overall", lambda s: s.unitized.bar_u_alpha, counting="characters"),
    _row("cu_alpha", "cuα", "overall", lambda s: s.unitized.cu_alpha, counting="cu"),
    _row("alpha_u_2004", "αU (INCEpTION/DKPro)", "overall", lambda s: s.alpha_u, counting="characters"),
    *(_span_f1(match, "overall", mean) for match in ("exact", "overlap") for mean in (False, True)),

    _row("k_u_alpha", "(k)uα", "code", lambda s: s.k_u_alpha or absent(f"({s.label})uα", s.n_coders), counting="cu"),
    _row("code_u_alpha", "uα code vs. rest", "code", lambda s: s.code_u_alpha or absent("uα", s.n_coders)),
    _row("alpha_u_2004", "αU (INCEpTION)", "code", lambda s: s.alpha_u or absent("αU", s.n_coders)),
    _nvivo("nvivo_kappa", "NVivo κ", "kappa", "NVivo kappa"),
    _nvivo("nvivo_percent", "NVivo %", "percent", "NVivo percent"),
    _row("gamma_k", "γ-k", "code", _code_gamma_k, counting="gamma_k", needs="gamma"),

    _row("u_alpha", "uα", "pair", lambda s: s.unitized.u_alpha, heat="uα"),
    _row("cu_alpha", "cuα", "pair", lambda s: s.unitized.cu_alpha, counting="cu"),
    *(_pair_coefficient(family, counting) for counting in COUNTINGS for family in _COEFFICIENTS),
    *(_span_f1(match, "pair") for match in ("exact", "overlap")),

    _row("u_alpha", "uα", "document", lambda s: s.unitized.u_alpha),
    _row("bar_u_alpha", "|uα", "document", lambda s: s.unitized.bar_u_alpha),
    _row("cu_alpha", "cuα", "document", lambda s: s.unitized.cu_alpha, counting="cu"),
    _row("alpha_u_2004", "αU (INCEpTION)", "document", lambda s: s.alpha_u),
    _coefficient("alpha", "none", "document", short="α (uncoded as value)"),
    _coefficient("alpha", "excluded", "document", short="α (coded only)"),
    _coefficient("percent", "none", "document", short="% agreement"),
    *(_gamma(level) for level in ("overall", "document") for _gamma in (_gamma_row, _gamma_cat_row)),
)



@lru_cache(maxsize=2)
def _by_key(table: tuple[Measure, ...]) -> dict[str, Measure]:
    return {m.key: m for m in reversed(table)}  # a key means the same at every level


def measure(key: str) -> Measure | None:
    """The table's row for a figure key (its first level), or ``None`` for an unknown key."""
    return _by_key(MEASURES).get(key)


def at(level: str, asked: Collection[str] = ()) -> tuple[Measure, ...]:
    """The measures of one level, in the report's order; those computed only when asked for
    (``needs``) only if their option is in ``asked``."""
    return tuple(m for m in MEASURES if m.level == level and (not m.needs or m.needs in asked))


def family(key: str) -> str:
    """The family of a figure key (``alpha_none`` -> ``alpha``); an unknown key is its own."""
    row = measure(key)
    return row.family if row else key


def explanation(key: str) -> str:
    """One line for the reader of the figure with this key ("" for an unknown key)."""
    row = measure(key)
    return row.explanation if row else ""


def alpha_family(key: str) -> bool:
    """Whether Krippendorff's thresholds apply to the figure with this key."""
    return family(key) in FAMILIES and FAMILIES[family(key)].alpha


def counting(key: str) -> str:
    """How the figure with this key counts uncoded text ("none", "excluded"), or its unit ("", "characters", "cu")."""
    row = measure(key)
    return row.counting if row else ""
