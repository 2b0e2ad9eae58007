"""How fast `huijia link` goes on a big chat, and how fast template clustering is (issue 15, item 8).

Generates a JSONL chat of --messages messages (default 1,000,000) under benchmarks/out/: ordinary chat (the
lines of benchmarks/analyse_speed.py) from a few thousand authors, and ~1 % relevant posts written by
benchmarks/link_world.py's post maker: template families (one post re-posted with price, age, due month,
place and contact changed) and one-off offers, requests and broker posts, by brokers who post from several
accounts with their contacts written in different forms, and by parents and buyers. Then reports:
- end to end: `huijia link FILE -o OUT` in a child process — wall time, messages/s, peak RSS, and how many
  actor, cluster and group records it wrote. Goal: under 3 minutes and under 2 GB for 1,000,000 messages;
- template clustering in process: `huijia.link.templates.find_clusters` on --posts relevant posts (default
  20,000; the same kind of posts, all flagged), with as many workers as `huijia link` uses — posts/s,
  and the same without the templates (TemplateIndex only: MinHash, LSH and joining). Goal ≥ 7,000
  posts/s on the 2-core machine.

- the scan: `huijia scan` of a --scan-message chat (default 200,000) into a fresh SQLite store with and
  without `--no-link`: what linking as it stores costs.

Usage: python benchmarks/link_speed.py [--messages 1000000] [--posts 20000] [--scan 200000] [--json OUT.json]
                                       [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path
from typing import Any

import orjson

from analyse_speed import CHAT
from link_world import CANONICAL, FORMS, Actor, Maker, kind_of
from read_speed import OUT, run_cli

SEED = 20261208  # not a test's seed, nor link_quality's


def relevant_posts(count: int, seed: int) -> list[tuple[str, str, str]]:
    """(author name, handle, text) of `count` relevant posts: families re-posted from several accounts,
    and one-offs."""
    maker = Maker(seed, 1.0)
    r = maker.r
    posts: list[tuple[str, str, str]] = []
    brokers = [
        maker.actor("broker", ("phone", "qq", "wechat", "email", "telegram"))
        for _ in range(max(5, count // 400))
    ]
    handles: dict[str, list[str]] = {
        b.id: [f"wxid:{b.id}-{k}" for k in range(r.randint(2, 6))] for b in brokers
    }

    def contact(actor: Actor) -> str:
        form = r.choice([f for f in FORMS if kind_of(f) in actor.contacts and f != "phone_account"])
        return maker.contact_text(actor, form)

    while len(posts) < count:
        roll = r.random()
        if roll < 0.5:  # a broker's family, re-posted from its accounts
            broker = r.choice(brokers)
            template = maker.broker_template() if r.random() < 0.6 else maker.offer_template()
            for _ in range(r.randint(2, 12)):
                handle = r.choice(handles[broker.id])
                posts.append((handle.split(":")[1], handle, maker.fill(template, contact(broker))))
        elif roll < 0.8:  # a parent's offer, sometimes re-posted
            kind = r.choice(["phone", "wechat", "qq"])
            parent = maker.actor("parent", (kind,))
            template = maker.offer_template()
            for _ in range(r.choice([1, 1, 2, 3])):
                text = maker.fill(template, maker.contact_text(parent, CANONICAL[kind]))
                posts.append((parent.id, f"qq:{parent.id[6:]}", text))
        else:  # a buyer's request
            buyer = maker.actor("buyer", ("wechat",))
            text = maker.fill(maker.request_template(), maker.contact_text(buyer, "wechat_微信"))
            posts.append((buyer.id, f"wxid:{buyer.id}", text))
    return posts[:count]


def make_chat(path: Path, messages: int, seed: int) -> int:
    """The chat as JSONL (huijia read's input form); returns how many relevant posts it holds."""
    rng = random.Random(seed)
    relevant = relevant_posts(max(100, messages // 100), seed)
    channels = [f"群{k}" for k in range(40)]
    start = 1_546_300_800  # 2019-01-01
    placed = 0
    with path.open("wb") as fh:
        for i in range(messages):
            if rng.random() < 0.01:
                name, handle, text = relevant[placed % len(relevant)]
                placed += 1
            else:
                author = rng.randrange(5000)
                name, handle, text = f"u{author}", f"qq:{100000 + author}", rng.choice(CHAT)
            record = {
                "id": f"m{i}",
                "channel": rng.choice(channels),
                "sent_at": time.strftime("%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(start + 8 * 3600 + i * 20)),
                "author": {"name": name, "handle": handle},
                "text": text,
            }
            fh.write(orjson.dumps(record) + b"\n")
    return placed


def clustering_rate(posts: int, seed: int) -> dict[str, float]:
    """posts/s of find_clusters (and of TemplateIndex.add alone) on `posts` relevant posts, all flagged."""
    from huijia.link.templates import TemplateIndex, find_clusters

    texts = [text for _, _, text in relevant_posts(posts, seed + 1)]
    ids = [f"p{i}" for i in range(len(texts))]
    find_clusters(ids[:200], texts[:200], [True] * 200)  # warm: imports, numpy
    start = time.perf_counter()
    clusters = find_clusters(ids, texts, [True] * len(texts), workers=os.cpu_count() or 1)
    whole = time.perf_counter() - start
    start = time.perf_counter()
    TemplateIndex().add(texts)
    index_only = time.perf_counter() - start
    return {
        "posts": len(texts),
        "clusters": len(clusters),
        "posts_per_s": len(texts) / whole,
        "index_only_posts_per_s": len(texts) / index_only,
    }


def scan_cost(messages: int, seed: int) -> dict[str, float]:
    """`huijia scan` of a `messages`-message chat into a fresh SQLite store, with linking and without
    (`--no-link`): what linking as it stores costs the scan."""
    import tempfile

    chat = OUT / "link-bench-scan.jsonl"
    make_chat(chat, messages, seed + 2)
    out: dict[str, float] = {"messages": messages}
    try:
        for mode in ("--no-link", "--link"):
            with tempfile.TemporaryDirectory() as folder:
                env = {"HUIJIA_SIGNING_KEY": f"{folder}/k", "HUIJIA_CHECKPOINTS": f"{folder}/cp"}
                os.environ.update(env)
                db = f"sqlite:///{folder}/h.db"
                seconds, peak_mb = run_cli("scan", "--no-progress", mode, "--db", db, str(chat))
                out[f"seconds{mode.replace('-', '_')}"] = seconds
                out[f"peak_mb{mode.replace('-', '_')}"] = peak_mb
    finally:
        chat.unlink(missing_ok=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--posts", type=int, default=20_000, help="posts for the in-process clustering rate")
    parser.add_argument("--json", dest="json_out", type=Path, help="also write the numbers here")
    parser.add_argument("--keep", action="store_true", help="keep the generated chat")
    parser.add_argument(
        "--scan", type=int, default=200_000, help="messages for the scan with and without linking"
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    chat = OUT / "link-bench-chat.jsonl"
    relevant = make_chat(chat, args.messages, SEED)
    out = OUT / "link-bench-links.jsonl"
    seconds, peak_mb = run_cli("link", str(chat), "-o", str(out))
    kinds: dict[str, int] = {}
    with out.open("rb") as fh:
        for raw in fh:
            kind = orjson.loads(raw).get("type", "?")
            kinds[kind] = kinds.get(kind, 0) + 1
    report: dict[str, Any] = {
        "messages": args.messages,
        "relevant": relevant,
        "seconds": seconds,
        "messages_per_s": args.messages / seconds,
        "peak_rss_mb": peak_mb,
        "records": kinds,
    }
    print(f"messages              {args.messages:,} ({relevant:,} relevant posts)")
    print(f"huijia link           {seconds:.1f} s = {args.messages / seconds:,.0f} messages/s (goal < 180 s)")
    print(f"peak RSS              {peak_mb:.0f} MB (goal < 2048)")
    print(f"records               {kinds}")
    rate = clustering_rate(args.posts, SEED)
    report["clustering"] = rate
    print(
        f"template clustering   {rate['posts_per_s']:,.0f} posts/s on {rate['posts']:,} posts, "
        f"{rate['clusters']:,} clusters (goal ≥ 7,000); "
        f"index alone {rate['index_only_posts_per_s']:,.0f} posts/s"
    )
    if args.scan:
        cost = scan_cost(args.scan, SEED)
        report["scan"] = cost
        without, linked = cost["seconds__no_link"], cost["seconds__link"]
        print(
            f"huijia scan           {args.scan:,} messages: {without:.1f} s without linking, "
            f"{linked:.1f} s with it (×{linked / without:.2f}); "
            f"peak RSS {cost['peak_mb__no_link']:.0f} / {cost['peak_mb__link']:.0f} MB"
        )
    if args.json_out:
        args.json_out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    for path in (out,) if args.keep else (out, chat):
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
