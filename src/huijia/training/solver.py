"""Logistic regressions fitted to the optimum of their regularised objective, or not at all.

The label model and the second reading are scikit-learn `LogisticRegression`s (lbfgs). At scikit-learn's
default tolerance (1e-4) lbfgs stopped the label model after 57 iterations with its weights 12 % (by
norm) from the optimum, the largest 1.15 off, and the second reading after 30 with its weights 11 % off;
so each refit stopped somewhere else, and a change to a few features moved unrelated posts across the
flag line (a lexicon change that touched no Chinese text moved the test split's quoted F1 0.646 → 0.653
and the Weibo `find` flags 18 → 25). At 1e-6 the label model takes 176 iterations, three times the time,
and its weights are within 0.15 % of the optimum: the same two refits scored the test split's quoted
posts alike (F1 0.660 both) and moved the Weibo `find` flags 19 → 22. Over the training side's
cross-validation quoted F1 0.663 → 0.671 (docs/datasheet.md).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

TOL = 1e-6


def fit_to_the_optimum(classifier: Any, x: Any, labels: Sequence[Any], weights: Sequence[float]) -> None:
    """Fit `classifier` (a `LogisticRegression` made with `tol=TOL`), refusing to go on where the solver
    did not reach its tolerance: a model stopped short would ship without a word (scikit-learn only
    warns)."""
    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        try:
            classifier.fit(x, labels, sample_weight=weights)
        except ConvergenceWarning as exc:
            raise RuntimeError(f"the logistic regression did not converge: {exc}") from exc
