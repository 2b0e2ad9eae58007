"""How the analyser does on real text: false flags per 10,000 ordinary messages by kind and language, flag
F1 on posts quoted by published pages, whether flags survive the sellers' rewrites, and whether risk is
calibrated (Brier score and a reliability table). Rates and F1 come with their 95 % intervals
(`training.intervals`): a figure over a few dozen posts or a few flags is a wide one.

Only the `test` split of `realtext` is reported by default: nothing in it is trained or tuned on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from huijia.analyse.pipeline import Analyser
from huijia.model import TRAFFICKING_LABELS
from huijia.training.evasions import RULES
from huijia.training.intervals import page_f1_interval, per_10k_interval
from huijia.training.metrics import Scores, states_its_price
from huijia.training.realtext import RealText

BINS = (0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0001)


@dataclass
class OrdinaryTally:
    n: int = 0
    flagged: int = 0
    missing: int = 0

    def per_10k(self, count: int) -> float:
        return count / self.n * 10_000 if self.n else 0.0

    def per_10k_interval(self, count: int) -> tuple[float, float]:
        return per_10k_interval(count, self.n)


@dataclass
class RealReport:
    split: str
    ordinary: dict[tuple[str, str], OrdinaryTally] = field(default_factory=dict)
    notices: OrdinaryTally = field(default_factory=OrdinaryTally)  # real missing-person circulars
    quoted: Scores = field(default_factory=Scores)
    quoted_by_lang: dict[str, Scores] = field(default_factory=dict)
    quoted_ambiguous: int = 0
    evasion: dict[str, list[int]] = field(default_factory=dict)  # rule → [still flagged, flagged originals]
    reliability: list[list[float]] = field(default_factory=lambda: [[0, 0.0, 0.0] for _ in BINS[:-1]])
    brier_sum: float = 0.0
    brier_n: int = 0
    false_flags: list[dict[str, Any]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    ordinary_read_twice: int = 0  # ordinary texts the second reading read (its cost on real text)
    # each non-ambiguous quoted post: (its page, language, should be flagged, flagged), for F1's interval
    quoted_outcomes: list[tuple[str, str, bool, bool]] = field(default_factory=list)

    @property
    def brier(self) -> float:
        return self.brier_sum / self.brier_n if self.brier_n else 0.0

    def add_risk(self, risk: float, positive: bool) -> None:
        self.brier_sum += (risk - float(positive)) ** 2
        self.brier_n += 1
        for i in range(len(BINS) - 1):
            if BINS[i] <= risk < BINS[i + 1]:
                row = self.reliability[i]
                row[0] += 1
                row[1] += risk
                row[2] += float(positive)
                break

    def f1_interval(self, lang: str | None = None) -> tuple[float, float]:
        """The 95 % interval of the quoted posts' flag F1, in one language or all, drawing whole pages."""
        return page_f1_interval(
            [(page, gold, flagged) for page, language, gold, flagged in self.quoted_outcomes
             if lang is None or language == lang]
        )  # fmt: skip

    def ordinary_total(self, kinds: Sequence[str] | None = None, lang: str | None = None) -> OrdinaryTally:
        total = OrdinaryTally()
        for (kind, language), tally in self.ordinary.items():
            if (kinds is None or kind in kinds) and (lang is None or language == lang):
                total.n += tally.n
                total.flagged += tally.flagged
                total.missing += tally.missing
        return total

    def to_json(self) -> dict[str, Any]:
        return {
            "split": self.split,
            "ordinary": {
                f"{kind}/{lang}": {
                    "n": t.n,
                    "flagged_per_10k": round(t.per_10k(t.flagged), 1),
                    "flagged_per_10k_interval": [round(x, 1) for x in t.per_10k_interval(t.flagged)],
                    "missing_notice_per_10k": round(t.per_10k(t.missing), 1),
                }
                for (kind, lang), t in sorted(self.ordinary.items())
            },
            "ordinary_read_twice_per_10k": round(self.ordinary_total().per_10k(self.ordinary_read_twice), 1),
            "missing_person_circulars": {
                "n": self.notices.n,
                "flagged": self.notices.flagged,
                "labelled_missing_notice": self.notices.missing,
            },
            "quoted": self.quoted.to_json(),
            "quoted_by_lang": {lang: s.to_json() for lang, s in sorted(self.quoted_by_lang.items())},
            "quoted_f1_interval": {
                "all": [round(x, 3) for x in self.f1_interval()],
                **{
                    lang: [round(x, 3) for x in self.f1_interval(lang)]
                    for lang in sorted(self.quoted_by_lang)
                },
            },
            "quoted_ambiguous_left_out": self.quoted_ambiguous,
            "evasion": {
                rule: {
                    "still_flagged": kept,
                    "flagged_originals": base,
                    "share": round(kept / base, 3) if base else None,
                }
                for rule, (kept, base) in self.evasion.items()
            },
            "brier": round(self.brier, 4),
            "reliability": [
                {
                    "from": BINS[i],
                    "to": min(BINS[i + 1], 1.0),
                    "n": int(n),
                    "mean_risk": round(r / n, 3) if n else None,
                    "share_positive": round(p / n, 3) if n else None,
                }
                for i, (n, r, p) in enumerate(self.reliability)
            ],
        }

    def render(self) -> str:
        lines = [f"real text, split {self.split!r}", "", "ordinary text (every item labelled none):"]
        lines.append(f"  {'kind/lang':<16}{'n':>8}{'flags/10k':>11}{'95 % interval':>15}{'missing/10k':>13}")
        every = self.ordinary_total()
        for name, t in [*((f"{kind}/{lang}", t) for (kind, lang), t in sorted(self.ordinary.items())),
                        ("all", every)]:  # fmt: skip
            low, high = t.per_10k_interval(t.flagged)
            lines.append(
                f"  {name:<16}{t.n:>8}{t.per_10k(t.flagged):>11.1f}{f'{low:.1f}–{high:.1f}':>15}"
                f"{t.per_10k(t.missing):>13.1f}"
            )
        lines.append(f"  read a second time: {every.per_10k(self.ordinary_read_twice):.1f} per 10,000")
        notices = self.notices
        if notices.n:
            lines.append(
                f"  missing-person circulars: {notices.n}, flagged {notices.flagged}, "
                f"labelled missing_notice {notices.missing} ({notices.missing / notices.n:.0%})"
            )
        lines += [
            "",
            f"quoted posts ({self.quoted.total} non-ambiguous, {self.quoted_ambiguous} ambiguous left out):",
        ]
        for lang, scores in [(None, self.quoted), *sorted(self.quoted_by_lang.items())]:
            p, r, f, n = scores.flagging()
            low, high = self.f1_interval(lang)
            lines.append(
                f"  {lang or 'all'}: flag precision {p:.3f} recall {r:.3f} F1 {f:.3f} "
                f"(95 % interval {low:.2f}–{high:.2f}, pages drawn) ({n} trafficking posts)"
            )
        lines.append(f"  missing-child notices flagged: {self.quoted.missing_as_sale()}")
        for name, (right, checked) in sorted(self.quoted.fields.items()):
            lines.append(f"  {name}: {right}/{checked} right")
        if self.evasion:
            lines += ["", "flags that survive the rewrites (of the flagged originals):"]
            for rule, (kept, base) in self.evasion.items():
                lines.append(f"  {rule:<10} {kept:>4}/{base:<4} {kept / base if base else 0:.0%}")
        lines += [
            "",
            f"calibration on this split: Brier {self.brier:.4f}",
            "  risk bin     n   mean risk   share flagged-worthy",
        ]
        for i, (count, risk, positive) in enumerate(self.reliability):
            if count:
                low, high = BINS[i], min(BINS[i + 1], 1.0)
                lines.append(
                    f"  {low:.1f}–{high:.1f} {int(count):>7} {risk / count:>10.3f} {positive / count:>12.3f}"
                )
        return "\n".join(lines)


def evaluate_real(
    analyser: Analyser, items: Sequence[RealText], split: str = "test", evasions: bool = True
) -> RealReport:
    """Score `analyser` on the real items (already restricted to one split by the caller)."""
    report = RealReport(split)
    for item in items:
        finding = analyser.analyse(item.text, item.id)
        flagged = finding.label in TRAFFICKING_LABELS
        if not item.quoted and item.label == "missing_notice":
            # a police circular about a missing person: never flagged, ideally labelled a notice
            report.notices.n += 1
            report.notices.flagged += int(flagged)
            report.notices.missing += int(finding.label == "missing_notice")
            continue
        if not item.quoted and item.label == "none":
            tally = report.ordinary.setdefault((item.kind, item.lang), OrdinaryTally())
            tally.n += 1
            tally.flagged += int(flagged)
            tally.missing += int(finding.label == "missing_notice")
            report.ordinary_read_twice += int(finding.second_reading is not None)
            report.add_risk(finding.risk, False)
            if flagged:
                report.false_flags.append(
                    {
                        "id": item.id,
                        "label": finding.label,
                        "risk": round(finding.risk, 3),
                        "text": item.text[:400],
                    }
                )
            continue
        if item.ambiguous:
            report.quoted_ambiguous += 1
            continue
        report.add_risk(finding.risk, item.label in TRAFFICKING_LABELS)
        found = finding.to_dict()
        for scores in (report.quoted, report.quoted_by_lang.setdefault(item.lang, Scores())):
            scores.add(item.label, finding.label)
            want = item.price
            if (
                item.label in TRAFFICKING_LABELS
                and want is not None
                and want.get("amount") is not None
                and states_its_price(want)
            ):
                got = found.get("price") or {}
                scores.check(
                    "price (stated)",
                    got.get("amount") == want["amount"]
                    and got.get("currency") == want.get("currency", got.get("currency")),
                )
        gold_flag = item.label in TRAFFICKING_LABELS
        report.quoted_outcomes.append((item.group, item.lang, gold_flag, flagged))
        if gold_flag != flagged:
            (report.missed if gold_flag else report.false_flags).append(
                {
                    "id": item.id,
                    "gold": item.label,
                    "label": finding.label,
                    "risk": round(finding.risk, 3),
                    "text": item.text[:400],
                }
            )
        if evasions and gold_flag and flagged:
            for rule, rewrite in RULES.items():
                changed = rewrite(item.text)
                if changed == item.text:
                    continue
                tally_rule = report.evasion.setdefault(rule, [0, 0])
                tally_rule[1] += 1
                tally_rule[0] += int(analyser.analyse(changed, item.id).label in TRAFFICKING_LABELS)
    return report
