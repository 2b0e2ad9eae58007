"""How well `huijia analyse` does on real text it was not trained or tuned on.

Prints, for the bundled model (or --model):
- the real **test** split (`huijia.training.realtext`): false flags and `missing_notice` labels per
  10,000 ordinary messages by kind (chat, parenting, news, review, sale, …) and language; flag precision,
  recall and F1 on posts quoted by published pages, per language, with stated prices checked; the
  share of flags that survive each evasion rewrite (`huijia.training.evasions`); the Brier score and a
  reliability table of `risk`;
- the internal test that `huijia train` records in the model: whole generated post families held out;
- benchmarks/data/quality_probes.jsonl: 71 posts written by hand from published phrasings. The team
  wrote them, so they guide work and prove nothing.

The bar (issue 12): ≤ 2 flags per 10,000 chat messages, ≤ 10 per 10,000 reviews, ≤ 30 per 10,000 parents'
posts, `missing_notice` ≤ 2 per 10,000; flag F1 ≥ 0.85 on quoted posts (English ≥ 0.75), no
missing-child notice flagged; ≥ 80 % of flags kept under each evasion.

Usage: python benchmarks/analyse_quality.py [--model MODEL.json] [--split test|dev] [--json OUT.json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from huijia.analyse.classify import load_model
from huijia.analyse.pipeline import Analyser
from huijia.training.evaluate import evaluate_file
from huijia.training.realeval import evaluate_real
from huijia.training.realtext import load_real

PROBES = Path(__file__).parent / "data" / "quality_probes.jsonl"
BAR = {"chat": 2.0, "review": 10.0, "parenting": 30.0}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", help="a model file (default: the bundled one)")
    parser.add_argument("--split", default="test", choices=["test", "dev"])
    parser.add_argument("--json", dest="json_out", help="also write the real-text report as JSON here")
    args = parser.parse_args()
    model = load_model(args.model)
    corpus = load_real()
    for problem in corpus.problems:
        print(problem)
    report = evaluate_real(Analyser(model), corpus.split(args.split), args.split)
    print(report.render())
    print("\nagainst the bar (flags per 10,000 ordinary messages, both languages):")
    for kind, bar in BAR.items():
        tally = report.ordinary_total([kind])
        low, high = tally.per_10k_interval(tally.flagged)
        rate = tally.per_10k(tally.flagged)
        print(f"  {kind:<10} {rate:>7.1f} (95 % interval {low:.1f}–{high:.1f}; bar {bar})")
    every = report.ordinary_total()
    low, high = every.per_10k_interval(every.missing)
    print(
        f"  missing_notice over all ordinary text {every.per_10k(every.missing):.1f} "
        f"(95 % interval {low:.1f}–{high:.1f}; bar 2)"
    )
    if args.json_out:
        Path(args.json_out).write_text(
            json.dumps(report.to_json(), ensure_ascii=False, indent=2), encoding="utf-8"
        )
    trained = model.trained
    print(f"\nmodel {model.version}: {trained.get('examples')} generated posts and "
          f"{trained.get('real_train_texts')} real texts, seed {trained.get('seed')}")  # fmt: skip
    print(
        f"generated families held out ({trained.get('folds')} folds): flagging F1 "
        f"{trained.get('heldout_flagging_f1')}, "
        f"missing-child notices flagged {trained.get('heldout_missing_flagged')}"
    )
    scores, problems = evaluate_file(PROBES, args.model)
    for problem in problems:
        print(problem)
    p, r, f, n = scores.flagging()
    print(
        f"{PROBES.name} (written by the team): flag precision {p:.3f} recall {r:.3f} F1 {f:.3f} ({n} posts)"
    )


if __name__ == "__main__":
    main()
