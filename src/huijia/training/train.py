"""`huijia train`: generate the corpus, fit the label model, calibrate risk, report the internal test.

Reproducible: one seed fixes the corpus, the family split and the solver. The model that ships is fitted
on every family; the numbers reported come from a model fitted without the held-out families.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from huijia.analyse.classify import LinearModel
from huijia.analyse.pipeline import Analyser
from huijia.model import LABELS, TRAFFICKING_LABELS
from huijia.training.generate import FAMILIES, Example, family_folds, generate
from huijia.training.metrics import Scores, score

MODEL_VERSION = "0.1.0"


@dataclass
class TrainResult:
    model: LinearModel
    heldout: Scores
    sizes: dict[str, int]


def _fit(examples: list[Example], seed: int, c: float) -> tuple[LinearModel, int]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    examiner = Analyser()  # its model is never loaded: only `examine` is used
    rows: list[dict[str, float]] = []
    labels: list[str] = []
    for example in examples:
        examined = examiner.examine(example.text)
        if examined is None:
            continue  # the gate answers these: the model never sees them
        rows.append(examined.features())
        labels.append(example.label)
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    cut = int(len(order) * 0.8)
    fit_idx, cal_idx = order[:cut], order[cut:]
    vectoriser = DictVectorizer()
    x_fit = vectoriser.fit_transform([rows[i] for i in fit_idx])
    y_fit = [labels[i] for i in fit_idx]
    classifier = LogisticRegression(C=c, max_iter=3000, random_state=seed)
    classifier.fit(x_fit, y_fit)
    names = vectoriser.get_feature_names_out()
    classes = list(classifier.classes_)
    order_of = [classes.index(label) for label in LABELS]
    weights: dict[str, tuple[float, ...]] = {}
    for j, name in enumerate(names):
        row = tuple(float(classifier.coef_[k, j]) for k in order_of)
        if max(abs(w) for w in row) >= 1e-3:
            weights[str(name)] = row
    bias = tuple(float(classifier.intercept_[k]) for k in order_of)
    model = LinearModel(MODEL_VERSION, LABELS, weights, bias, (1.0, 0.0), {})
    calibration = _platt(model, [rows[i] for i in cal_idx], [labels[i] for i in cal_idx])
    return LinearModel(MODEL_VERSION, LABELS, weights, bias, calibration, {}), len(rows)


def _platt(model: LinearModel, rows: list[dict[str, float]], labels: list[str]) -> tuple[float, float]:
    """Fit risk = sigmoid(a·logit(p) + b) on examples the model was not fitted on."""
    return _platt_from([model.probabilities(row) for row in rows], labels)


def _platt_from(predicted: list[dict[str, float]], labels: list[str]) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    xs: list[list[float]] = []
    ys: list[int] = []
    for probabilities, label in zip(predicted, labels, strict=True):
        p = min(max(sum(probabilities[lab] for lab in TRAFFICKING_LABELS), 1e-6), 1 - 1e-6)
        xs.append([math.log(p / (1 - p))])
        ys.append(int(label in TRAFFICKING_LABELS))
    if len(set(ys)) < 2:
        return (1.0, 0.0)
    fit = LogisticRegression(C=1e4).fit(xs, ys)
    return float(fit.coef_[0][0]), float(fit.intercept_[0])


def evaluate(model: LinearModel, examples: list[Example]) -> Scores:
    analyser = Analyser(model=model)
    findings = [analyser.analyse(e.text, str(i)).to_dict() for i, e in enumerate(examples)]
    return score([e.to_json(i) for i, e in enumerate(examples)], findings)


def train(
    size: int = 14000,
    seed: int = 0,
    c: float = 1.0,
    folds: int = 4,
    reviewed: list[Example] | None = None,
) -> TrainResult:
    """Cross-validation over post families: for each of `folds` groups of families, fit on the others and
    test on posts from that group only (posts written in ways the model never saw, as real posts will
    be). The summed test is the internal estimate, and risk is calibrated on those out-of-family
    predictions. The model that ships is then fitted on every family, plus `reviewed` — real posts
    labelled by reviewers' decisions, which weigh as much as any generated post."""
    heldout = Scores()
    rows: list[dict[str, float]] = []
    labels: list[str] = []
    probabilities: list[dict[str, float]] = []
    examiner = Analyser()
    for i, test_families in enumerate(family_folds(folds, seed)):
        train_families = [f for f in FAMILIES if f not in test_families]
        fold_model, _ = _fit(generate(size, seed, train_families), seed, c)
        test_examples = generate(max(400, size // folds // 2), seed + 1 + i, test_families)
        fold_scores = evaluate(fold_model, test_examples)
        for key, n in fold_scores.confusion.items():
            heldout.confusion[key] = heldout.confusion.get(key, 0) + n
        for name, (right, checked) in fold_scores.fields.items():
            tally = heldout.fields.setdefault(name, [0, 0])
            tally[0] += right
            tally[1] += checked
        for example in test_examples:
            examined = examiner.examine(example.text)
            if examined is not None:
                features = examined.features()
                rows.append(features)
                labels.append(example.label)
                probabilities.append(fold_model.probabilities(features))
    every = generate(size, seed) + list(reviewed or [])
    model, gated = _fit(every, seed, c)
    trained: dict[str, Any] = {
        "seed": seed,
        "examples": len(every),
        "gated_examples": gated,
        "c": c,
        "folds": folds,
        "reviewed_examples": len(reviewed or []),
        "heldout_flagging_f1": round(heldout.flagging()[2], 4),
        "heldout_missing_flagged": heldout.missing_as_sale(),
    }
    calibration = _platt_from(probabilities, labels)
    final = LinearModel(model.version, model.labels, model.weights, model.bias, calibration, trained)
    return TrainResult(final, heldout, {"examples": len(every), "gated": gated})


def bundled_model_path() -> Path:
    """The model file shipped inside the package (src/huijia/analyse/model.json in a checkout)."""
    import huijia.analyse

    return Path(huijia.analyse.__file__).with_name("model.json")
