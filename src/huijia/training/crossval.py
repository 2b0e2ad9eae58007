"""Cross-validation of the whole analyser over the training side of the real text: the way lexicon
patterns, features and training parameters are chosen without touching the `test` split.

The `dev` split alone is too small to choose by (it holds 13 non-ambiguous quoted trafficking posts, and
one more false flag on its 3,274 Chinese chat messages moves the rate by 3 per 10,000). Here every text
of `train` and `dev` is scored by models that never saw it:

- the texts are cut into `folds` groups by a hash of their group key (a quoted page's address, an
  ordinary text's id), so a page's posts are never on both sides;
- for each group, the label model and the second reading are fitted on generated posts and every other
  group's real texts, exactly as `huijia train` fits them, and score the held-out group;
- risk is calibrated, and the second reading's band combined, over the held-out predictions (ordinary
  texts weighed down to the share `huijia train` calibrates on), then every post is flagged at the
  pipeline's line, unless one of the pipeline's guard rails overrules the flag (a missing-child notice,
  a parent's question about papers, a wish for a child of one's own), as it does at run time.

What comes out: flag precision, recall and F1 on the non-ambiguous quoted posts per language, and flags
per 10,000 ordinary texts per kind and language, with the texts behind every error (training-side texts
only; the `test` split is never read).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from huijia.analyse.pipeline import Analyser, guard, states_nothing
from huijia.analyse.second import (
    DOUBT,
    FLAG_AT,
    TRANSFER_ACTS,
    calibration_for,
    combined,
    in_band,
    kept,
    lifts,
    over_band,
)
from huijia.model import TRAFFICKING_LABELS
from huijia.training import second_reading as second
from huijia.training.generate import generate
from huijia.training.intervals import page_f1_interval, per_10k_interval
from huijia.training.realtext import DEV_SHARE, RealText
from huijia.training.train import C, _fit, _fold_of, _real_rows


@dataclass(frozen=True, slots=True)
class HeldOut:
    """One training-side text as the models that never saw it read it."""

    item: RealText
    probability: float  # the label model's, uncalibrated (0 for a text the gate turns away)
    doubt: bool
    act: bool
    second: float | None  # the second model's probability (None: the gate turned the text away)
    gated: bool
    # the highest risk a flag may keep where a guard rail overrules it (`analyse.pipeline.guard`)
    guard_cap: float | None = None
    lifts: bool = True  # it names what the second reading needs to raise a risk (`second.lifts`)
    english: bool = False  # no Chinese character (`Examined.english`): the English calibration
    # it states nothing beyond its words (`pipeline.states_nothing`): read again over the band
    bare: bool = False

    @property
    def trafficking(self) -> bool:
        return self.item.label in TRAFFICKING_LABELS


@dataclass
class CrossValidation:
    held: list[HeldOut]
    risks: list[float]  # the final risk of each held-out text, in the same order

    def scored(self) -> list[tuple[HeldOut, float, bool]]:
        """Each held-out text with its risk and whether it is flagged."""
        return [(h, r, r >= FLAG_AT) for h, r in zip(self.held, self.risks, strict=True)]

    def quoted(self) -> dict[str, tuple[int, int, int]]:
        """(true flags, false flags, missed) on the non-ambiguous quoted posts, per language and `all`."""
        out: dict[str, list[int]] = {}
        for h, _, flagged in self.scored():
            if not h.item.quoted or h.item.ambiguous:
                continue
            for key in (h.item.lang, "all"):
                tally = out.setdefault(key, [0, 0, 0])
                if h.trafficking:
                    tally[0 if flagged else 2] += 1
                elif flagged:
                    tally[1] += 1
        return {k: (v[0], v[1], v[2]) for k, v in sorted(out.items())}

    def ordinary(self) -> dict[str, tuple[int, int]]:
        """(texts, flags) of ordinary text per kind/language and `all`."""
        texts: Counter[str] = Counter()
        flags: Counter[str] = Counter()
        for h, _, flagged in self.scored():
            if h.item.quoted:
                continue
            for key in (f"{h.item.kind}/{h.item.lang}", "all"):
                texts[key] += 1
                flags[key] += flagged
        return {k: (texts[k], flags[k]) for k in sorted(texts)}

    def f1_interval(self, lang: str = "all") -> tuple[float, float]:
        """The 95 % interval of the quoted posts' flag F1 (`intervals.page_f1_interval`: pages drawn)."""
        return page_f1_interval(
            [(h.item.group, h.trafficking, flagged) for h, _, flagged in self.scored()
             if h.item.quoted and not h.item.ambiguous and lang in (h.item.lang, "all")]
        )  # fmt: skip

    def errors(self) -> list[tuple[HeldOut, float]]:
        """Missed and false flags on quoted posts, and false flags on ordinary text."""
        return [
            (h, r) for h, r, flagged in self.scored() if not h.item.ambiguous and flagged != h.trafficking
        ]

    def render(self, errors: bool = False) -> str:
        lines = [
            "cross-validation over the training side (train + dev; test never read)",
            "",
            "quoted posts:",
        ]
        for key, (tp, fp, fn) in self.quoted().items():
            low, high = self.f1_interval(key)
            lines.append(
                f"  {key:4s} flag precision {_ratio(tp, tp + fp):.3f} recall {_ratio(tp, tp + fn):.3f} "
                f"F1 {_ratio(2 * tp, 2 * tp + fp + fn):.3f} (95 % interval {low:.2f}–{high:.2f}, pages "
                f"drawn) ({tp + fn} trafficking posts, {fp} false flags)"
            )
        lines += ["", "ordinary text:", f"  {'kind/lang':16s} {'n':>7s}  flags/10k  95 % interval"]
        for key, (n, flags) in self.ordinary().items():
            low, high = per_10k_interval(flags, n)
            lines.append(f"  {key:16s} {n:7d}  {flags / n * 1e4:9.1f}  {low:.1f}–{high:.1f}")
        if errors:
            lines += ["", "errors (risk, label model, second reading):"]
            for h, risk in self.errors():
                kind = "missed" if h.trafficking else "false flag"
                text = h.item.text[:120].replace("\n", " ")
                second_p = "-" if h.second is None else f"{h.second:.2f}"
                lines.append(
                    f"  {kind:10s} {h.item.lang} {h.item.kind:12s} {risk:.2f} "
                    f"{h.probability:.2f} {second_p}  {text}"
                )
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "quoted": {
                k: {**dict(zip(("tp", "fp", "fn"), v, strict=True)), "f1_interval": list(self.f1_interval(k))}
                for k, v in self.quoted().items()
            },
            "ordinary": {
                k: {"n": n, "flags": f, "per_10k_interval": list(per_10k_interval(f, n))}
                for k, (n, f) in self.ordinary().items()
            },
        }


def cross_validate(
    items: list[RealText],
    size: int = 14000,
    seed: int = 0,
    folds: int = 4,
    c: float = C,
    cache: second.VectorCache | None = None,
) -> CrossValidation:
    """Score every training-side text in `items` by models fitted without its group (see module doc)."""
    side = [r for r in items if r.split in ("train", "dev")]
    rows = _real_rows(side)
    examiner = Analyser(second_reading=False)
    examples = generate(size, seed)
    reading = _reading(examiner)
    generated = [(e.text, e.label) for e in examples if examiner.examine(e.text) is not None]
    random.Random(seed).shuffle(generated)
    generated = generated[: second.GENERATED_SAMPLE]
    cache = cache or second.VectorCache()
    fold_of = {r.id: _fold_of(r.group, folds) for r in side}
    held: list[HeldOut] = []
    for k in range(folds):
        keep = [(r, f) for r, f in rows if fold_of[r.id] != k]
        model, _ = _fit(examples, seed, c, keep)
        second_model = _second_model(keep, generated, reading, cache, seed)
        out = [r for r in side if fold_of[r.id] == k]
        examined = [(r, examiner.examine(r.text)) for r in out]
        vectors = cache.vectors([e.reading or e.folded for _, e in examined if e is not None])
        at = 0
        for r, e in examined:
            if e is None:
                held.append(HeldOut(r, 0.0, False, False, None, False))
                continue
            features = e.features()
            p = sum(v for label, v in model.probabilities(features).items() if label in TRAFFICKING_LABELS)
            categories = {cue.category for cue in e.cues}
            p2 = float(second._probability(*second_model, vectors[at][None, :])[0])
            at += 1
            guarded = guard(e.cues, e.facts, e.folded)
            held.append(
                HeldOut(
                    r,
                    p,
                    bool(categories & DOUBT),
                    bool(categories & TRANSFER_ACTS),
                    p2,
                    True,
                    None if guarded is None else guarded[1],
                    lifts(e.cues),
                    e.english,
                    states_nothing(e),
                )
            )
    return CrossValidation(held, _guarded(held, _final_risks(held)))


def _second_model(
    rows: list[tuple[RealText, dict[str, float]]],
    generated: list[tuple[str, str]],
    reading: Callable[[str], str],
    cache: second.VectorCache,
    seed: int,
) -> tuple[np.ndarray, float]:
    texts = [reading(r.text) for r, _ in rows] + [reading(t) for t, _ in generated]
    labels = [r.label in TRAFFICKING_LABELS for r, _ in rows] + [
        lab in TRAFFICKING_LABELS for _, lab in generated
    ]
    weights = [second.quoted_weight(r.ambiguous) if r.quoted else 1.0 for r, _ in rows] + [1.0] * len(
        generated
    )
    return second._fit(cache.vectors(texts), labels, weights, seed)


def _final_risks(held: list[HeldOut]) -> list[float]:
    """Calibrate the label model's risk, then combine the second reading over the band, as `huijia train`
    does — ordinary texts weigh `DEV_SHARE` (train calibrates on the dev split's share of them)."""
    gated = [h for h in held if h.gated and not h.item.ambiguous]
    weights = [1.0 if h.item.quoted else DEV_SHARE for h in gated]
    labels = [int(h.trafficking) for h in gated]
    a, b = second._platt([[_logit(h.probability)] for h in gated], labels, weights)
    calibrated = {id(h): _sigmoid(a * _logit(h.probability) + b) for h in held if h.gated}
    band = second.BAND
    low = second.LOW_WITH_ACT

    def read_twice(h: HeldOut) -> bool:
        return in_band(band, calibrated[id(h)], h.doubt, low if h.act else None)

    inside = [(h, w, y) for h, w, y in zip(gated, weights, labels, strict=True) if read_twice(h)]
    xs = [[combined(calibrated[id(h)], h.second or 0.0, second.SECOND_WEIGHT)] for h, _, _ in inside]
    shared, english = second.calibrations(
        xs, [y for _, _, y in inside], [h.english for h, _, _ in inside], [w for _, w, _ in inside]
    )
    risks: list[float] = []
    for h in held:
        if not h.gated:
            risks.append(0.0)
        elif (within := read_twice(h)) or over_band(band, calibrated[id(h)], h.bare):
            # over the band (a bare post) the risk may only come down; the calibration is the band's
            x = combined(calibrated[id(h)], h.second or 0.0, second.SECOND_WEIGHT)
            a2, b2 = calibration_for(h.english, shared, english)
            risks.append(kept(calibrated[id(h)], _sigmoid(a2 * x + b2), h.lifts and within))
        else:
            risks.append(calibrated[id(h)])
    return risks


def _guarded(held: list[HeldOut], risks: list[float]) -> list[float]:
    """Each risk as the pipeline reports it: a flag that a guard rail overrules keeps at most the guard's
    risk (so it is no flag), as `Analyser.analyse_gated` does after the calibration."""
    return [
        min(risk, h.guard_cap) if h.guard_cap is not None and risk >= FLAG_AT else risk
        for h, risk in zip(held, risks, strict=True)
    ]


def _reading(examiner: Analyser) -> Callable[[str], str]:
    def reading(text: str) -> str:
        examined = examiner.examine(text)
        return text if examined is None else examined.reading or examined.folded

    return reading


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0
