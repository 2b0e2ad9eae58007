"""How far a measured rate or F1 could be from the true one: 95 % intervals for the figures the quality
reports give.

A figure on real text is a count over a sample: 44 false flags in 239,136 Weibo comments, 27 of 57 quoted
offers found. Two models that differ by two flags in that many comments, or by one post in fifty, cannot
be told apart by that sample, and a report that prints the figure alone invites reading such noise as
progress. So the reports give each figure with its interval:

- a rate (flags per 10,000 ordinary messages, missing-child labels): the exact Clopper–Pearson interval of
  a binomial proportion, from SciPy's `binomtest` — exact, so it holds for the small counts these are
  (0 of 9,211 chat messages still has an upper end, 4.0 per 10,000);
- flag F1 on quoted posts: a percentile bootstrap that draws whole pages, not posts. One page quotes
  several posts of one seller, or one reporter's several sentences; they are right or wrong together,
  and drawing them one by one would make the interval too narrow. (A text that several pages quote is
  drawn as one cluster of its own, as the split keeps it on one side.)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.stats import binomtest

CONFIDENCE = 0.95
RESAMPLES = 2_000  # bootstrap draws: the ends move by less than 0.005 between seeds at this many


def rate_interval(count: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """The exact (Clopper–Pearson) interval of the proportion `count / n`; (0, 0) for no trials."""
    if n <= 0:
        return (0.0, 0.0)
    if not 0 <= count <= n:
        raise ValueError(f"count {count} is not between 0 and n = {n}")
    interval = binomtest(count, n).proportion_ci(confidence_level=confidence, method="exact")
    return float(interval.low), float(interval.high)


def per_10k_interval(count: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """`rate_interval` per 10,000 messages."""
    low, high = rate_interval(count, n, confidence)
    return low * 10_000, high * 10_000


def page_f1_interval(
    outcomes: Sequence[tuple[str, bool, bool]],
    resamples: int = RESAMPLES,
    seed: int = 0,
    confidence: float = CONFIDENCE,
) -> tuple[float, float]:
    """The percentile bootstrap interval of flag F1 over `outcomes` — (cluster, should be flagged,
    flagged) for each post, the cluster its page (or, for a text several pages quote, the text) — drawing
    clusters with replacement, each with all its posts. Seeded: the same outcomes give the same interval.

    A draw with nothing to flag and nothing flagged has no F1 and is left out (counting it as 0 would
    pull the low end down for a reason that is not a miss); (0, 0) when every draw is so, or for no
    outcomes. Where every post is right, every draw is too, and the interval is the point 1–1: the
    bootstrap cannot show doubt the sample does not hold — read it with the number of posts beside it."""
    if not outcomes:
        return (0.0, 0.0)
    clusters: dict[str, list[int]] = {}
    for cluster, gold, flagged in outcomes:
        tally = clusters.setdefault(cluster, [0, 0, 0])
        tally[0] += int(gold and flagged)
        tally[1] += int(flagged and not gold)
        tally[2] += int(gold and not flagged)
    counts = np.array(list(clusters.values()), dtype=np.int64)
    rng = np.random.default_rng(seed)
    # how often each cluster is drawn in each resample: (resamples × clusters), summed as a product
    times = rng.multinomial(len(counts), np.full(len(counts), 1 / len(counts)), size=resamples)
    tp, fp, fn = (times @ counts).T
    denominator = 2 * tp + fp + fn
    defined = denominator > 0
    if not defined.any():
        return (0.0, 0.0)
    f1 = 2 * tp[defined] / denominator[defined]
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(f1, [tail, 100 - tail])
    return float(low), float(high)
