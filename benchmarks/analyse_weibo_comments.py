"""False flags on real Weibo comments that the analyser was never trained on.

`scripts/build_weibo_comments.py` rebuilds `data/heldout/weibo_comments.jsonl` from a mirror of
thunlp/Chinese_Rumor_Dataset: 537,781 repost comments (under rumours, news, giveaways and pets for
adoption) outside the 8,000 the shared real text holds. None offers, seeks or brokers a child, as far as
anyone knows; every flag is counted as false. The comments come in two halves by a hash of the text:
`find`, whose flags may be read to learn what kinds of text are flagged, and `check`, whose flags are
only counted — so the `check` figure stays a measurement on text nobody tuned on. Comments that differ
only in whom they mention or in spaces and marks (@A 求领养 and @B 求领养) fall in both halves; the row
`check*` counts only the check comments that are like no find comment in that way (a review found 6.7 %
of check comments alike one in find).

With `--file data/heldout/stc3_dialogues.jsonl` (`scripts/build_stc3_dialogues.py`): 17,258 turns of real
Weibo dialogues between customers and helpdesk accounts, all in the `check` half.

The bar (issue 12): ≤ 2 flags per 10,000 chat messages, `missing_notice` ≤ 2 per 10,000.

Usage: python benchmarks/analyse_weibo_comments.py [--file PATH] [--model MODEL.json] [--show N]
(--show lists up to N flagged comments of the `find` half, never of `check`)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from huijia.analyse.classify import load_model
from huijia.analyse.pipeline import Analyser
from huijia.model import TRAFFICKING_LABELS
from huijia.training.intervals import per_10k_interval

FILE = Path(__file__).resolve().parents[1] / "data" / "heldout" / "weibo_comments.jsonl"
BAR = 2.0
_MENTION = re.compile(r"@[\w-]{1,30}")
_NOT_WORD = re.compile(r"[\W_]+")


def likeness(text: str) -> str:
    """A comment as it reads once mentions, spaces and marks are gone."""
    return _NOT_WORD.sub("", _MENTION.sub("", text))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--file", type=Path, default=FILE)
    parser.add_argument("--model", help="a model file (default: the bundled one)")
    parser.add_argument("--show", type=int, default=0, help="flagged comments of the find half to list")
    args = parser.parse_args()
    if not args.file.is_file():
        print(f"{args.file} is missing: run scripts/build_weibo_comments.py first", file=sys.stderr)
        return 1
    analyser = Analyser(load_model(args.model))
    records: list[tuple[str, str, str]] = []  # (id, text, half)
    with args.file.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            try:
                record = json.loads(line)
                records.append((str(record.get("id", number)), record["text"], record["half"]))
            except (ValueError, KeyError, TypeError) as exc:
                print(f"{args.file}:{number}: not a comment record ({exc})", file=sys.stderr)
    found = {likeness(text) for _, text, half in records if half == "find"}
    counts: dict[str, list[int]] = {}  # half → [comments, flags, missing_notice]
    shown: list[str] = []
    started = time.perf_counter()
    for key, text, half in records:
        finding = analyser.analyse(text, key)
        halves = [half, "check*"] if half == "check" and likeness(text) not in found else [half]
        for name in halves:
            tally = counts.setdefault(name, [0, 0, 0])
            tally[0] += 1
            tally[1] += finding.label in TRAFFICKING_LABELS
            tally[2] += finding.label == "missing_notice"
        if half == "find" and finding.label in TRAFFICKING_LABELS and len(shown) < args.show:
            shown.append(f"  {finding.label:16s} {finding.risk:.2f} {text[:100]!r}")
    elapsed = time.perf_counter() - started
    print(f"{args.file.name}: {len(records):,} comments in {elapsed:.0f} s")
    print(
        f"{'half':6s} {'comments':>9s} {'flags':>6s} {'per 10k':>8s} {'95 % interval':>14s} {'missing':>8s} "
        f"{'per 10k':>8s}"
    )
    for half in ("find", "check", "check*"):
        if half not in counts:
            continue
        n, flags, missing = counts[half]
        rate = flags / n * 1e4 if n else 0.0
        low, high = per_10k_interval(flags, n)
        print(
            f"{half:6s} {n:9,d} {flags:6d} {rate:8.2f} {f'{low:.2f}–{high:.2f}':>14s} {missing:8d} "
            f"{missing / n * 1e4 if n else 0.0:8.2f}"
            + ("" if rate <= BAR else f"   (over the bar ≤ {BAR:g})")
            + ("" if rate > BAR or high <= BAR else f"   (the interval reaches the bar, {BAR:g})")
        )
    if shown:
        print("flagged in the find half:")
        print("\n".join(shown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
