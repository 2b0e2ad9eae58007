"""Precision, recall and F1 per label, the confusion matrix, flagging F1 and per-field accuracy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from huijia.model import LABELS, TRAFFICKING_LABELS


@dataclass
class Scores:
    labels: tuple[str, ...] = LABELS
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)  # (gold, predicted) → count
    fields: dict[str, list[int]] = field(default_factory=dict)  # field → [right, checked]

    def add(self, gold: str, predicted: str) -> None:
        self.confusion[(gold, predicted)] = self.confusion.get((gold, predicted), 0) + 1

    def check(self, name: str, right: bool) -> None:
        tally = self.fields.setdefault(name, [0, 0])
        tally[0] += int(right)
        tally[1] += 1

    @property
    def total(self) -> int:
        return sum(self.confusion.values())

    def per_label(self, label: str) -> tuple[float, float, float, int]:
        tp = self.confusion.get((label, label), 0)
        predicted = sum(n for (g, p), n in self.confusion.items() if p == label)
        gold = sum(n for (g, p), n in self.confusion.items() if g == label)
        return (*_prf(tp, predicted, gold), gold)

    def flagging(self) -> tuple[float, float, float, int]:
        """Trafficking (any of the three labels) vs everything else."""
        tp = sum(
            n for (g, p), n in self.confusion.items() if g in TRAFFICKING_LABELS and p in TRAFFICKING_LABELS
        )
        predicted = sum(n for (g, p), n in self.confusion.items() if p in TRAFFICKING_LABELS)
        gold = sum(n for (g, p), n in self.confusion.items() if g in TRAFFICKING_LABELS)
        return (*_prf(tp, predicted, gold), gold)

    def missing_as_sale(self) -> int:
        return sum(
            n for (g, p), n in self.confusion.items() if g == "missing_notice" and p in TRAFFICKING_LABELS
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.total,
            "flagging": dict(zip(("precision", "recall", "f1", "support"), self.flagging(), strict=True)),
            "labels": {
                label: dict(zip(("precision", "recall", "f1", "support"), self.per_label(label), strict=True))
                for label in self.labels
            },
            "missing_notices_flagged": self.missing_as_sale(),
            "fields": {name: {"right": r, "checked": n} for name, (r, n) in self.fields.items()},
        }

    def render(self) -> str:
        lines = [f"{'label':<18}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}"]
        for label in self.labels:
            p, r, f, n = self.per_label(label)
            lines.append(f"{label:<18}{p:>10.3f}{r:>10.3f}{f:>10.3f}{n:>10}")
        p, r, f, n = self.flagging()
        lines.append(f"{'FLAGGING':<18}{p:>10.3f}{r:>10.3f}{f:>10.3f}{n:>10}")
        lines.append(f"missing-child notices flagged as trafficking: {self.missing_as_sale()}")
        lines.append("")
        lines.append("confusion (rows: gold, columns: predicted)")
        short = [label[:8] for label in self.labels]
        lines.append(" " * 18 + "".join(f"{s:>10}" for s in short))
        for gold in self.labels:
            row = "".join(f"{self.confusion.get((gold, p), 0):>10}" for p in self.labels)
            lines.append(f"{gold:<18}{row}")
        if self.fields:
            lines.append("")
            lines.append("field accuracy")
            for name, (right, checked) in sorted(self.fields.items()):
                lines.append(f"  {name:<16}{right:>6}/{checked:<6}{right / checked if checked else 0:>8.3f}")
        return "\n".join(lines)


def _prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def states_its_price(price: dict[str, Any]) -> bool:
    """Whether a labelled text itself states the price its source gives: `"stated": false` marks a sum
    that only the page around the text names (a mother quoted without the sum the reporter gives after);
    there is nothing to find in the text, so it is not checked."""
    return price.get("stated", True) is not False


def score(gold: Sequence[dict[str, Any]], found: Sequence[dict[str, Any]]) -> Scores:
    """Compare labelled records (`label`, optional `price` and `gender`) with findings, in the same order.
    A price marked `"stated": false` is one the text does not state (its page does) and is not checked."""
    scores = Scores()
    for record, finding in zip(gold, found, strict=True):
        scores.add(str(record["label"]), str(finding["label"]))
        if "price" in record:
            want = record["price"]
            got = finding.get("price")
            if want is None:
                scores.check("price (none)", got is None)
            elif states_its_price(want):
                right = (
                    got is not None
                    and got["amount"] == want["amount"]
                    and got["currency"] == want.get("currency", got["currency"])
                    and got.get("amount_max") == want.get("amount_max")
                )
                scores.check("price (stated)", right)
        if record.get("gender") is not None:
            child = finding.get("child") or {}
            scores.check("child gender", child.get("gender") == record["gender"])
    return scores
