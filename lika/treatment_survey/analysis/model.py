"""The difference between women and men after controls: logistic regression clustered by officer.

For one behaviour, each contact with a woman or a man in which the behaviour applies is a row:
``y`` is 1 when the behaviour occurred, the person's sex is the variable of interest (woman = 1,
man = 0), and channel, site and whether an interpreter took part are controls. Contacts with the
same officer are not independent, so the standard errors are cluster-robust with the officer as
the cluster (statsmodels' ``Logit`` with ``cov_type="cluster"``, which applies the usual
small-sample correction). The result is the odds ratio for women against men with its confidence
interval and the Wald test's p-value.

Controls that do not vary, or that repeat another (a site that has only one channel), are left out
before fitting. When the model cannot be estimated honestly (too few contacts or officers, no
variation, separation, no convergence) the result says why instead of giving a number.

Pure: no Django.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

__all__ = ["ModelRow", "NotEstimable", "SexEffect", "sex_effect"]

MIN_CONTACTS = 30
MIN_OFFICERS = 10  # cluster-robust errors need clusters; fewer than this and they are unreliable
MIN_EVENTS = 5  # the fewer of yes and no answers, for each sex
MAX_ABS_COEFFICIENT = 12.0
MIN_STANDARD_ERROR = 1e-8  # a clustered error of zero comes from a degenerate design, not from the data  # |log odds| beyond this means (quasi-)separation, not an estimate


class NotEstimable(StrEnum):
    FEW_CONTACTS = "few_contacts"
    FEW_OFFICERS = "few_officers"
    FEW_EVENTS = "few_events"
    SEPARATION = "separation"
    NO_CONVERGENCE = "no_convergence"


def gettext_noop(message: str) -> str:
    """Marks ``message`` for translation without translating it."""
    return message


NOT_ESTIMABLE_TEXT = {
    NotEstimable.FEW_CONTACTS: gettext_noop("Too few contacts for the model."),
    NotEstimable.FEW_OFFICERS: gettext_noop("Too few different officers for standard errors clustered by officer."),
    NotEstimable.FEW_EVENTS: gettext_noop("Too few yes or no answers among women or among men."),
    NotEstimable.SEPARATION: gettext_noop(
        "The answers are separated perfectly by the variables; the model has no finite estimate."
    ),
    NotEstimable.NO_CONVERGENCE: gettext_noop("The model did not converge."),
}
"""A plain explanation of each reason (marked for translation where shown)."""


@dataclass(frozen=True)
class ModelRow:
    """One contact for the model: whether the behaviour occurred, and its covariates."""

    occurred: bool
    female: bool
    channel: str
    site: str
    interpreter: bool
    officer: str


@dataclass(frozen=True)
class SexEffect:
    """The odds ratio for women against men with its interval and p-value, or why there is none."""

    odds_ratio: float | None
    low: float | None
    high: float | None
    p_value: float | None
    contacts: int
    officers: int
    controls: tuple[str, ...]
    not_estimable: NotEstimable | None = None

    @property
    def estimable(self) -> bool:
        return self.not_estimable is None


def _design(rows: Sequence[ModelRow]) -> tuple[npt.NDArray[np.float64], list[str]]:
    """The design matrix: constant, female, then the controls that add information, in a fixed order."""
    columns: list[tuple[str, npt.NDArray[np.float64]]] = [
        ("const", np.ones(len(rows))),
        ("female", np.array([1.0 if row.female else 0.0 for row in rows])),
    ]
    for name, values in (("channel", [row.channel for row in rows]), ("site", [row.site for row in rows])):
        for level in sorted(set(values))[1:]:
            columns.append((f"{name}={level}", np.array([1.0 if value == level else 0.0 for value in values])))
    columns.append(("interpreter", np.array([1.0 if row.interpreter else 0.0 for row in rows])))
    kept: list[tuple[str, npt.NDArray[np.float64]]] = []
    for name, column in columns:
        candidate = np.column_stack([c for _, c in kept] + [column])
        if np.linalg.matrix_rank(candidate) == candidate.shape[1]:
            kept.append((name, column))
    return np.column_stack([c for _, c in kept]), [name for name, _ in kept]


def _data_problem(rows: Sequence[ModelRow], contacts: int, officers: int) -> NotEstimable | None:
    """Why the data cannot support the model, before any fitting; None when they can."""
    if contacts < MIN_CONTACTS:
        return NotEstimable.FEW_CONTACTS
    if officers < MIN_OFFICERS:
        return NotEstimable.FEW_OFFICERS
    for female in (True, False):
        answers = [row.occurred for row in rows if row.female is female]
        if min(sum(answers), len(answers) - sum(answers)) < MIN_EVENTS:
            return NotEstimable.FEW_EVENTS
    return None


def _fit(rows: Sequence[ModelRow]) -> tuple[float, float, tuple[str, ...]] | NotEstimable:
    """The coefficient of "female", its clustered standard error and the controls kept; or why not."""
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationError

    design, names = _design(rows)
    if "female" not in names:
        return NotEstimable.SEPARATION
    outcome = np.array([1.0 if row.occurred else 0.0 for row in rows])
    groups = np.unique([row.officer for row in rows], return_inverse=True)[1]
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            result = sm.Logit(outcome, design).fit(disp=0, maxiter=100, cov_type="cluster", cov_kwds={"groups": groups})
        except ConvergenceWarning:
            return NotEstimable.NO_CONVERGENCE
        except (PerfectSeparationError, np.linalg.LinAlgError, Warning):
            return NotEstimable.SEPARATION
    if not result.mle_retvals.get("converged", False):
        return NotEstimable.NO_CONVERGENCE
    position = names.index("female")
    coefficient, error = float(result.params[position]), float(result.bse[position])
    finite = math.isfinite(coefficient) and math.isfinite(error) and error > MIN_STANDARD_ERROR
    if not finite or max(abs(float(value)) for value in result.params) > MAX_ABS_COEFFICIENT:
        return NotEstimable.SEPARATION
    return coefficient, error, tuple(name for name in names if name not in ("const", "female"))


def sex_effect(rows: Sequence[ModelRow], *, confidence: float = 0.95) -> SexEffect:
    """Fits the clustered logistic model to ``rows`` and returns the odds ratio for women against men.

    The rows are sorted first, so the result does not depend on their order.
    """
    ordered = sorted(rows, key=lambda r: (r.officer, r.site, r.channel, r.female, r.interpreter, r.occurred))
    contacts = len(ordered)
    officers = len({row.officer for row in ordered})
    problem = _data_problem(ordered, contacts, officers)
    fitted = _fit(ordered) if problem is None else problem
    if isinstance(fitted, NotEstimable):
        return SexEffect(
            odds_ratio=None,
            low=None,
            high=None,
            p_value=None,
            contacts=contacts,
            officers=officers,
            controls=(),
            not_estimable=fitted,
        )
    coefficient, error, controls = fitted
    z = NormalDist().inv_cdf(0.5 + confidence / 2.0)
    p_value = 2.0 * (1.0 - NormalDist().cdf(abs(coefficient / error)))
    return SexEffect(
        odds_ratio=math.exp(coefficient),
        low=math.exp(coefficient - z * error),
        high=math.exp(coefficient + z * error),
        p_value=min(1.0, max(0.0, p_value)),
        contacts=contacts,
        officers=officers,
        controls=controls,
    )
