"""How well `huijia analyse` labels posts it was not trained on.

Two numbers, both printed:
- the internal test that `huijia train` records in the bundled model: whole post families held out of
  training (posts written in ways the model never saw);
- benchmarks/data/quality_probes.jsonl: 71 posts written by hand from the phrasings quoted in
  shared/research/anchors-detection.md §10 and the seed articles, with hard negatives (news that quotes
  ads, court reports, welfare-institute notices, 营养费 in compensation, IVF, pets, bare bids). The team
  looks at this set while developing, so it is a development set, not a blind test.
The real bar (issue 3) is a blind set of real posts: F1 ≥ 0.80 for flagging, no missing-child notice
flagged, stated prices right.

Usage: python benchmarks/analyse_quality.py
"""

from __future__ import annotations

from pathlib import Path

from huijia.analyse.classify import load_model
from huijia.training.evaluate import evaluate_file

PROBES = Path(__file__).parent / "data" / "quality_probes.jsonl"


def main() -> None:
    model = load_model()
    trained = model.trained
    print(f"model {model.version}: {trained.get('examples')} generated posts, seed {trained.get('seed')}")
    print(f"cross-validation over post families ({trained.get('folds')} folds, every family held out once):")
    print(f"  flagging F1 {trained.get('heldout_flagging_f1')}, ", end="")
    print(f"missing-child notices flagged {trained.get('heldout_missing_flagged')}")
    scores, problems = evaluate_file(PROBES)
    for problem in problems:
        print(problem)
    print(f"\n{PROBES.name}:")
    print(scores.render())


if __name__ == "__main__":
    main()
