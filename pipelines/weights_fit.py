"""Refit the score weights from accept/reject decisions: non-negative, shrunk toward the catalog's."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

Matrix = NDArray[np.float64]
MIN_JUDGED = 20  # fewer accept/reject decisions than this: no refit
MIN_EACH = 5  # and at least this many of each kind
PRIOR_STRENGTH = 60  # the catalog's weights count as this many judgements
SLOPE = (
    8.0  # the logistic slope the prior weights are scaled to (a weighted mean in [0, 1] → logit)
)
RIDGE = 1.0  # how hard the fit holds a weight the judgements say nothing about near the prior


def fit_weights(values: Matrix, accepted: NDArray[np.bool_], prior: Matrix) -> Matrix:
    """Weights (summing to 1) that rank accepted leads above rejected ones, blended with the prior.

    A logistic regression with non-negative coefficients, penalised toward the prior's direction,
    so a feature that never varies among the judged leads keeps its share; then the blend
    n / (n + PRIOR_STRENGTH) of fit and prior, so a handful of judgements moves little.
    """
    n, width = values.shape
    target = SLOPE * prior / prior.sum()
    labels = accepted.astype(np.float64)

    def loss(params: Matrix) -> tuple[float, Matrix]:
        coef, bias = params[:width], params[width]
        logits = values @ coef + bias
        probability = 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))
        error = probability - labels
        log_loss = np.logaddexp(0.0, logits) - labels * logits
        value = float(log_loss.mean() + RIDGE / (2 * n) * ((coef - target) ** 2).sum())
        grad = np.append(values.T @ error / n + RIDGE / n * (coef - target), error.mean())
        return value, grad

    start = np.append(target, -SLOPE / 2)
    bounds = [(0.0, None)] * width + [(None, None)]
    found = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds)
    coef = np.asarray(found.x[:width], dtype=np.float64)
    fitted = coef / coef.sum() if coef.sum() > 0 else prior / prior.sum()
    share = n / (n + PRIOR_STRENGTH)
    blended = share * fitted + (1 - share) * prior / prior.sum()
    return np.asarray(blended / blended.sum(), dtype=np.float64)


def enough(accepted: Sequence[bool]) -> str | None:
    """Why there are too few judgements to refit, or None when there are enough."""
    yes = sum(accepted)
    if len(accepted) < MIN_JUDGED or min(yes, len(accepted) - yes) < MIN_EACH:
        return (
            f"{len(accepted)} accept/reject decisions ({yes} accepted): a refit needs "
            f"{MIN_JUDGED}, at least {MIN_EACH} of each"
        )
    return None


def ranking_auc(values: Matrix, accepted: NDArray[np.bool_], weights: Matrix) -> float:
    """How well the weighted score ranks accepted above rejected leads (ROC AUC)."""
    return round(float(roc_auc_score(accepted, values @ (weights / weights.sum()))), 4)


def cross_validated_auc(values: Matrix, accepted: NDArray[np.bool_], prior: Matrix) -> float:
    """The AUC of refitted weights on leads each fold's fit never saw (5 folds, fixed split)."""
    folds = StratifiedKFold(n_splits=min(5, MIN_EACH), shuffle=True, random_state=0)
    scores = np.zeros(len(accepted))
    for train, held_out in folds.split(values, accepted):
        weights = fit_weights(values[train], accepted[train], prior)
        scores[held_out] = values[held_out] @ weights
    return round(float(roc_auc_score(accepted, scores)), 4)


def matched_threshold(
    population: Matrix, old: Matrix, new: Matrix, threshold: float, minimum: int = 30
) -> float:
    """The threshold under the new weights that keeps the same share of investment events as leads.

    With fewer than `minimum` analysed events to compare on, the old threshold stays.
    """
    if len(population) < minimum:
        return threshold
    old_scores, new_scores = population @ (old / old.sum()), population @ (new / new.sum())
    share_below = float((old_scores < threshold).mean())
    return round(float(np.clip(np.quantile(new_scores, share_below), 0.0, 1.0)), 4)
