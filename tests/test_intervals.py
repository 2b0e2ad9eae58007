"""The 95 % intervals the quality reports give: exact binomial ones for rates, a page bootstrap for F1."""

from __future__ import annotations

import math
import random

import pytest

from huijia.training.intervals import page_f1_interval, per_10k_interval, rate_interval


def test_no_flags_in_n_messages_still_has_an_upper_end() -> None:
    """0 of n: the exact interval's upper end is 1 − (α/2)^(1/n), about 3.7 / n (the rule of three's
    two-sided form) — 4.0 per 10,000 for the 9,211 chat messages of the test split."""
    low, high = rate_interval(0, 9_211)
    assert low == 0.0
    assert high == pytest.approx(1 - 0.025 ** (1 / 9_211), rel=1e-6)
    assert per_10k_interval(0, 9_211)[1] == pytest.approx(4.0, abs=0.01)


def test_the_interval_holds_the_rate_and_narrows_with_more_messages() -> None:
    small = per_10k_interval(4, 20_000)  # 2 per 10,000 from 4 flags
    large = per_10k_interval(44, 220_000)  # 2 per 10,000 from 44 flags
    for low, high in (small, large):
        assert low < 2.0 < high
    assert large[1] - large[0] < (small[1] - small[0]) / 2
    # 44 flags in 239,136 Weibo comments: 1.84 per 10,000, and the bar of 2 lies inside
    low, high = per_10k_interval(44, 239_136)
    assert low < 1.84 < 2.0 < high


def test_a_count_over_n_is_refused_and_no_messages_give_an_empty_interval() -> None:
    with pytest.raises(ValueError, match="between 0 and n"):
        rate_interval(5, 3)
    assert rate_interval(0, 0) == (0.0, 0.0)


def _outcomes(pages: int, per_page: int, seed: int, together: bool) -> list[tuple[str, bool, bool]]:
    """Quoted posts, 1 in 4 pages of offers, 60 % of offers found and 1 in 20 reports flagged; with
    `together`, a page's posts are all found or all missed, as one seller's posts on one page are."""
    rng = random.Random(seed)
    out = []
    for page in range(pages):
        gold = rng.random() < 0.25
        hit = rng.random() < (0.6 if gold else 0.05)
        for post in range(per_page):
            flagged = hit if together else rng.random() < (0.6 if gold else 0.05)
            out.append((f"page{page}" if together else f"page{page}.{post}", gold, flagged))
    return out


def test_the_f1_interval_holds_the_f1_and_is_the_same_for_the_same_seed() -> None:
    outcomes = _outcomes(120, 3, seed=1, together=False)
    tp = sum(g and f for _, g, f in outcomes)
    fp = sum(f and not g for _, g, f in outcomes)
    fn = sum(g and not f for _, g, f in outcomes)
    low, high = page_f1_interval(outcomes)
    assert low < 2 * tp / (2 * tp + fp + fn) < high
    assert 0.05 < high - low < 0.5
    assert page_f1_interval(outcomes) == (low, high)


def test_posts_of_one_page_are_drawn_together_so_their_interval_is_wider() -> None:
    """Five posts of one page, right or wrong together, are worth about one post: drawn as a page, their
    F1's interval is wider than the same outcomes drawn post by post."""
    by_page = _outcomes(60, 5, seed=2, together=True)
    one_by_one = [(f"{page}#{i}", gold, flagged) for i, (page, gold, flagged) in enumerate(by_page)]
    pages_low, pages_high = page_f1_interval(by_page)
    posts_low, posts_high = page_f1_interval(one_by_one)
    assert pages_high - pages_low > 1.5 * (posts_high - posts_low)


def test_every_post_right_gives_a_point_and_no_posts_an_empty_interval() -> None:
    right = [(f"p{i}", i % 3 == 0, i % 3 == 0) for i in range(30)]
    assert page_f1_interval(right) == (1.0, 1.0)
    assert page_f1_interval([]) == (0.0, 0.0)
    assert not math.isnan(page_f1_interval([("p", False, False)])[0])


def test_a_draw_with_nothing_to_flag_has_no_f1_and_is_left_out() -> None:
    """One offer, found, among pages of reports that nobody flagged: a draw without the offer has no F1
    (nothing to find, nothing flagged), not an F1 of 0 — every draw that has one says 1."""
    outcomes = [("offer page", True, True)] + [(f"report {i}", False, False) for i in range(3)]
    assert page_f1_interval(outcomes) == (1.0, 1.0)
    assert page_f1_interval([(f"report {i}", False, False) for i in range(3)]) == (0.0, 0.0)
