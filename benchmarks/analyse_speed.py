"""How fast `huijia analyse` goes end to end on a big chat where about 1 % of messages matter.

Generates a JSONL chat of --messages messages (default 1,000,000) under benchmarks/out/: ordinary chat
in Chinese and English (some of it about children, so it reaches the gate) and ~1 % relevant posts and
hard negatives from the training generator (seed different from training). Then reports:
- end to end: `huijia analyse FILE -o OUT` in a child process: messages/s and peak RSS, and the share of
  messages read a second time by the sentence encoder (at most 1 in 10,000, issue 12);
- the floor: read the JSONL, one regex search per message, write JSONL — and the fraction of it reached;
- the gated path: posts/s for posts that pass the gate, in process;
- start-up: imports and model load in a fresh interpreter.
Goals (issue 3): ≥ 50,000 messages/s per core end to end, ≥ 1,000 gated posts/s, peak RSS < 1 GB,
start-up < 2 s.

Usage: python benchmarks/analyse_speed.py [--messages 1000000] [--keep]
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import orjson

from huijia.training.generate import FAMILIES, generate
from read_speed import OUT, run_cli

CHAT = [
    "早上好", "收到", "好的", "哈哈哈哈", "今天天气真好", "晚上一起吃饭吗", "在吗", "谢谢", "明天见", "晚安",
    "这个周末去哪玩", "刚下班，累死了", "群里好安静", "有人打游戏吗", "[图片]", "[表情]", "我到了",
    "今天带孩子去公园了", "孩子作业写完了没", "周末加班", "ok", "lol", "see you tomorrow", "good morning",
    "who is coming tonight?", "thanks!", "happy birthday", "我家宝宝今天会叫妈妈了", "快递到了吗",
    "下午三点开会", "这家店的菜不错", "哪里有好吃的火锅", "明天下雨记得带伞", "老板发红包了",
]  # fmt: skip


def make_chat(path: Path, messages: int, rng: random.Random) -> int:
    relevant = generate(
        max(100, messages // 100), seed=99, families=[f for f in FAMILIES if f.label != "none"]
    )
    negatives = generate(
        max(100, messages // 100), seed=98, families=[f for f in FAMILIES if f.label == "none"]
    )
    special = [e.text for e in relevant] + [e.text for e in negatives]
    with path.open("wb") as fh:
        for i in range(messages):
            text = rng.choice(special) if rng.random() < 0.01 else rng.choice(CHAT)
            fh.write(orjson.dumps({"id": f"m{i}", "author": f"u{i % 500}", "text": text}) + b"\n")
    return len(relevant)


def floor_seconds(path: Path, out: Path) -> float:
    """Read the JSONL, one regex search per message, write JSONL: the least an analyser must do."""
    cue = re.compile(r"宝|孩|婴|baby|child")
    start = time.perf_counter()
    with path.open("rb") as src, out.open("wb") as dst:
        for raw in src:
            record = orjson.loads(raw)
            hit = cue.search(record["text"]) is not None
            dst.write(orjson.dumps({"id": record["id"], "hit": hit}) + b"\n")
    return time.perf_counter() - start


def startup_seconds() -> float:
    code = (
        "import time; t = time.perf_counter()\n"
        "from huijia.analyse.pipeline import default_analyser\n"
        "default_analyser().analyse('男宝送养，营养费3万', 'x')\n"
        "print(time.perf_counter() - t)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def gated_rate(n: int = 5000) -> float:
    from huijia.analyse.pipeline import default_analyser

    analyser = default_analyser()
    posts = [e.text for e in generate(n, seed=97)]
    analyser.analyse(posts[0], "warm")
    start = time.perf_counter()
    passed = sum(analyser.analyse_gated(text, str(i)) is not None for i, text in enumerate(posts))
    return passed / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the generated chat")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    chat = OUT / "bench-chat.jsonl"
    make_chat(chat, args.messages, random.Random(20261123))
    out = OUT / "bench-findings.jsonl"
    seconds, peak_mb = run_cli("analyse", "--no-progress", str(chat), "-o", str(out))
    flagged = read_twice = 0
    with out.open("rb") as fh:
        for raw in fh:
            if b'"label":"none"' not in raw:
                flagged += 1
            if b'"second_reading"' in raw:
                read_twice += 1
    floor = floor_seconds(chat, OUT / "bench-floor.jsonl")
    print(f"messages              {args.messages:,}")
    print(f"flagged or notices    {flagged:,}")
    print(
        f"read a second time    {read_twice:,} = {read_twice / args.messages * 1e4:.2f} per 10,000 messages "
        "(the sentence encoder's share; limit 1)"
    )
    print(
        f"end to end            {seconds:.1f} s = {args.messages / seconds:,.0f} messages/s (goal ≥ 50,000)"
    )
    print(
        f"floor                 {floor:.1f} s = {args.messages / floor:,.0f} messages/s; "
        f"reached {floor / seconds:.2f} of it"
    )
    print(f"peak RSS              {peak_mb:.0f} MB (goal < 1024)")
    print(f"gated posts           {gated_rate():,.0f} posts/s (goal ≥ 1,000)")
    print(f"start-up              {startup_seconds():.2f} s (goal < 2)")
    for path in (out, OUT / "bench-floor.jsonl") if args.keep else (out, OUT / "bench-floor.jsonl", chat):
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
