"""Issue 4's load goals: 50 concurrent reviewers against a PostgreSQL store of 1,000,000 messages.

1. Generates a realistic JSONL export under benchmarks/out/: 200 chat groups, 20,000 authors, a year of
   timestamps, ~1 % relevant posts and hard negatives from the training generator (another seed).
2. Starts a throwaway PostgreSQL server with its durable defaults (fsync on), unless --db is given.
3. Scans the file into it with `huijia scan` in a child process: wall time, messages/s (goal: 1,000,000
   messages in under 5 minutes).
4. Starts `huijia serve` in a child process and signs in --reviewers reviewer accounts.
5. Once all have signed in (sign-in is argon2id, slow on purpose, and not measured), each reviewer loops
   for --seconds: open the queue (every third time with a filter: label, price stated or date range),
   read it for about --think seconds, open a case from it, read that, again. Reports p50,
   p95, p99 and max latency per page and the request rate (goal: p95 under 300 ms for both pages).

Usage: python benchmarks/ui_load.py [--messages 1000000] [--reviewers 50] [--seconds 60] [--think 5]
       [--db URL] [--keep]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import orjson

from huijia.training.generate import FAMILIES, generate

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.pgserver import create_database, running_server

from analyse_speed import CHAT
from read_speed import OUT

PASSWORD = "load test password"
HUIJIA = str(Path(sys.executable).with_name("huijia"))


def make_export(path: Path, messages: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    each = max(100, messages // 100)
    relevant = generate(each, seed=97, families=[f for f in FAMILIES if f.label != "none"])
    negatives = generate(each, seed=96, families=[f for f in FAMILIES if f.label == "none"])
    special = [e.text for e in relevant] + [e.text for e in negatives]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    step = 365 * 86400 / messages
    with path.open("wb") as fh:
        for i in range(messages):
            text = rng.choice(special) if rng.random() < 0.01 else rng.choice(CHAT)
            author = rng.randrange(20_000)
            record = {
                "id": f"m{i}",
                "chat": f"群{rng.randrange(200):03d}",
                "author": f"用户{author}",
                "handle": f"qq:{100000 + author}",
                "sent_at": (start + timedelta(seconds=i * step)).isoformat(timespec="seconds"),
                "text": text,
            }
            fh.write(orjson.dumps(record) + b"\n")


def scan(db_url: str, export: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [HUIJIA, "scan", "--no-progress", "--db", db_url, str(export)], check=True, stderr=subprocess.PIPE
    )
    return time.perf_counter() - started


def add_reviewers(db_url: str, count: int) -> None:
    """Accounts reviewer00… (kept if they exist: --db may name a store used before)."""
    from huijia.store import connect
    from huijia.store.users import UserError, add_user, set_password

    engine = connect(db_url)
    for i in range(count):
        try:
            add_user(engine, f"reviewer{i:02d}", "reviewer", PASSWORD, by="benchmark")
        except UserError:
            set_password(engine, f"reviewer{i:02d}", PASSWORD, by="benchmark")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Run:
    """What the simulated reviewers share: the measured window, the results, the sign-in barrier."""

    reviewers: int
    think: float
    seconds: float
    until: float = float("inf")
    signed_in: int = 0
    everyone_in: asyncio.Event = field(default_factory=asyncio.Event)
    signing_in: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(2))
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)


async def reviewer(base: str, name: str, run: Run) -> None:
    rng = random.Random(name)
    filters = ["label=sale_offer", "price=yes", "since=2024-03-01&until=2024-06-30", "label=purchase_request"]
    async with httpx.AsyncClient(base_url=base, timeout=30, follow_redirects=False) as client:
        async with run.signing_in:  # sign-ins (argon2id, slow on purpose) are not what is measured
            signed = await client.post("/login", data={"username": name, "password": PASSWORD})
        run.signed_in += 1
        if run.signed_in == run.reviewers:
            run.until = time.perf_counter() + run.seconds
            run.everyone_in.set()
        await run.everyone_in.wait()
        if signed.status_code != 303:
            run.errors.append(f"{name}: login {signed.status_code}")
            return
        await asyncio.sleep(rng.uniform(0, run.think))  # reviewers do not all click in the same instant
        turn = 0
        while time.perf_counter() < run.until:
            turn += 1
            query = rng.choice(filters) if turn % 3 == 0 else ""
            t0 = time.perf_counter()
            page = await client.get(f"/queue?{query}")
            run.timings["queue"].append(time.perf_counter() - t0)
            keys = re.findall(r'href="/case/([0-9a-f]{32})"', page.text)
            if page.status_code != 200 or not keys:
                run.errors.append(f"{name}: queue {page.status_code}, {len(keys)} cases")
                await asyncio.sleep(run.think or 0.1)
                continue
            await asyncio.sleep(rng.uniform(0.5 * run.think, 1.5 * run.think))
            t0 = time.perf_counter()
            case = await client.get(f"/case/{rng.choice(keys)}")
            run.timings["case"].append(time.perf_counter() - t0)
            if case.status_code != 200:
                run.errors.append(f"{name}: case {case.status_code}")
            await asyncio.sleep(rng.uniform(0.5 * run.think, 1.5 * run.think))


async def load(base: str, reviewers: int, seconds: float, think: float) -> Run:
    run = Run(reviewers, think, seconds)
    await asyncio.gather(*(reviewer(base, f"reviewer{i:02d}", run) for i in range(reviewers)))
    return run


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def serve_and_load(db_url: str, args: argparse.Namespace) -> None:
    port = free_port()
    env = {**os.environ, "HUIJIA_SECRET": "load-test-secret"}
    server = subprocess.Popen(
        [HUIJIA, "serve", "--db", db_url, "--port", str(port), "--insecure-cookies"], env=env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        run = asyncio.run(load(base, args.reviewers, args.seconds, args.think))
        timings, errors = run.timings, run.errors
    finally:
        server.terminate()
        server.wait(timeout=10)
    total = sum(len(v) for v in timings.values())
    print(f"{args.reviewers} reviewers for {args.seconds:.0f} s, think {args.think} s: "
          f"{total:,} requests, {total / args.seconds:.1f}/s, {len(errors)} errors")  # fmt: skip
    for page, values in sorted(timings.items()):
        ms = [v * 1000 for v in values]
        print(
            f"  {page:5}: n {len(ms):5,}  p50 {percentile(ms, 50):6.0f} ms  "
            f"p95 {percentile(ms, 95):6.0f} ms  p99 {percentile(ms, 99):6.0f} ms  max {max(ms):6.0f} ms"
            "   (goal: p95 < 300 ms)"
        )
    for line in errors[:5]:
        print("  error:", line)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--reviewers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds a reviewer reads a page")
    parser.add_argument("--db", help="an existing PostgreSQL URL to use instead of a throwaway server")
    parser.add_argument("--keep", action="store_true", help="keep the generated export")
    parser.add_argument("--no-scan", action="store_true", help="--db is already scanned: only the load")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    export = OUT / f"ui-load-{args.messages}.jsonl"
    if not export.exists():
        make_export(export, args.messages)
    print(f"export: {args.messages:,} messages, {export.stat().st_size / 1e6:.0f} MB")

    def run(db_url: str) -> None:
        if not args.no_scan:
            seconds = scan(db_url, export)
            print(f"scan into PostgreSQL: {seconds:.0f} s, {args.messages / seconds:,.0f} messages/s "
                  f"(goal: {args.messages:,} in < 300 s)")  # fmt: skip
        add_reviewers(db_url, args.reviewers)
        serve_and_load(db_url, args)

    try:
        if args.db:
            run(args.db)
        else:
            with running_server(durable=True) as socket_dir:
                run(create_database(socket_dir, "huijia_load"))
    finally:
        if not args.keep:
            export.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
