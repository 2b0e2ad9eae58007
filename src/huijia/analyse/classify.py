"""The trained label model: a multinomial logistic regression over `features.featurise`, stored as plain
JSON (feature → one weight per label; no pickle, nothing executes on load), a Platt calibration that
turns the summed probability of the three trafficking labels into `risk`, and the weights of the second
reading of the uncertain band (`huijia.analyse.second`), when the model has one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from huijia.analyse.features import (
    ENGLISH_WORDS,
    ENGLISH_WORDS_BEFORE_RECORDED,
    SCALES,
    SCALES_BEFORE_RECORDED,
)
from huijia.analyse.second import SecondReading, UnknownEncoder
from huijia.model import TRAFFICKING_LABELS

MODEL_FILE = "model.json"
_ARRAYS: dict[int, tuple[Any, Any, dict[str, int], Any]] = {}


class ModelError(ValueError):
    """A model file that cannot be used."""


@dataclass(frozen=True, slots=True)
class LinearModel:
    version: str
    labels: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]
    calibration: tuple[float, float]  # risk = sigmoid(a * logit(p_trafficking) + b)
    trained: dict[str, Any]
    second: SecondReading | None = None  # the second reading of the uncertain band (analyse.second)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        try:
            labels = tuple(data["labels"])
            weights = {k: tuple(map(float, v)) for k, v in data["weights"].items()}
            bias = tuple(float(x) for x in data["bias"])
            a, b = data["calibration"]
            if any(len(w) != len(labels) for w in weights.values()) or len(bias) != len(labels):
                raise ModelError("not a huijia model file: weight rows do not match the labels")
            trained = data.get("trained") or {}
            if not isinstance(trained, dict):
                raise ModelError("not a huijia model file: `trained` is not a table")
            scales = trained.get("feature_scales", SCALES_BEFORE_RECORDED)
            if not isinstance(scales, dict):
                raise ModelError("not a huijia model file: `trained.feature_scales` is not a table")
            if scales != SCALES:
                raise ModelError(
                    f"trained with features scaled {_scales(scales)}, and this version of huijia scales"
                    f" them {_scales(SCALES)}: train the model again (`huijia train`)"
                )
            english_words = trained.get("english_words", ENGLISH_WORDS_BEFORE_RECORDED)
            if english_words != ENGLISH_WORDS:
                raise ModelError(
                    f"its English word features are {english_words}, and this version of huijia reads"
                    f" them as {ENGLISH_WORDS}: train the model again (`huijia train`)"
                )
            second = data.get("second_reading")
            return cls(
                str(data["version"]),
                labels,
                weights,
                bias,
                (float(a), float(b)),
                trained,
                SecondReading.from_json(second) if second is not None else None,
            )
        except ModelError:
            raise
        except UnknownEncoder as exc:  # a huijia model, of another version's encoder
            raise ModelError(str(exc)) from exc
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"not a huijia model file: {exc}") from exc

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "version": self.version,
            "labels": list(self.labels),
            "bias": [round(b, 5) for b in self.bias],
            "calibration": [round(self.calibration[0], 5), round(self.calibration[1], 5)],
            "trained": self.trained,
        }
        if self.second is not None:
            out["second_reading"] = self.second.to_json()
        out["weights"] = {k: [round(x, 5) for x in v] for k, v in sorted(self.weights.items())}
        return out

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        matrix, index, bias = self._arrays()
        rows: list[int] = []
        values: list[float] = []
        for name, value in features.items():
            i = index.get(name)
            if i is not None:
                rows.append(i)
                values.append(value)
        scores = bias + np.asarray(values) @ matrix[rows] if rows else bias.copy()
        scores = np.exp(scores - scores.max())
        scores /= scores.sum()
        return dict(zip(self.labels, scores.tolist(), strict=True))

    def _arrays(self) -> tuple[Any, dict[str, int], Any]:
        """The weights as one matrix (feature row × label), built on first use."""
        cached = _ARRAYS.get(id(self))
        if cached is None or cached[0] is not self:
            names = list(self.weights)
            matrix = np.array([self.weights[n] for n in names], dtype=np.float64).reshape(
                len(names), len(self.labels)
            )
            cached = (
                self,
                matrix,
                {n: i for i, n in enumerate(names)},
                np.array(self.bias, dtype=np.float64),
            )
            if len(_ARRAYS) > 8:  # models made while training come and go
                _ARRAYS.clear()
            _ARRAYS[id(self)] = cached
        return cached[1], cached[2], cached[3]

    def risk(self, probabilities: dict[str, float]) -> float:
        p = sum(probabilities.get(label, 0.0) for label in TRAFFICKING_LABELS)
        p = min(max(p, 1e-6), 1 - 1e-6)
        a, b = self.calibration
        return 1.0 / (1.0 + math.exp(-(a * math.log(p / (1 - p)) + b)))


def _scales(scales: dict[str, float]) -> str:
    return ", ".join(f"{name} {value}" for name, value in sorted(scales.items()))


def load_model(path: str | Path | None = None) -> LinearModel:
    if path is None:
        return _bundled()
    try:
        data = orjson.loads(Path(path).read_bytes())
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: {exc}") from exc
    try:
        return LinearModel.from_json(data)
    except ModelError as exc:  # the file named, as for a file that cannot be read
        raise ModelError(f"{path}: {exc}") from exc


@lru_cache(maxsize=1)
def _bundled() -> LinearModel:
    data = resources.files(__package__).joinpath(MODEL_FILE).read_bytes()
    return LinearModel.from_json(orjson.loads(data))  # orjson: a third of json's time on 5 MB
