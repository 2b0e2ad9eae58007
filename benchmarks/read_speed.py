"""How fast `huijia read` turns big exports into JSONL, and how much memory it needs.

Generates a QQ text export and a Telegram result.json of about --mb megabytes each (default 200) under
benchmarks/out/, then for each:
- runs `huijia read FILE -o OUT` in a child process and reports MB/s and the child's peak RSS;
- times the floor: the same file decoded and split into lines, nothing else;
- reports the reader's speed as a fraction of that floor.
Goals (issue 2): qq-txt ≥ 20 MB/s on one core; peak RSS under 200 MB whatever the size.

Usage: python benchmarks/read_speed.py [--mb 200] [--keep]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).parent / "out"
NAMES = ["湖南送男宝", "小明", "阿华", "想要个女宝", "豫东宝妈", "Alex", "广东宝妈", "有缘人", "路人甲", ""]
TEXTS = [
    "本人湖南的，男宝刚满两个月，身体健康，营养费3万，有意私聊",
    "早上好",
    "[图片]",
    "求女宝，江浙沪优先，价格好说\n最好是刚出生的",
    "今天天气不错，大家吃饭了吗？",
    "收到[表情]",
    "孕七个月，预产期七月，男孩，生了就送",
    "有",
    "ok 👍 see you tomorrow",
]


def make_qq(path: Path, size: int, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\ufeff消息记录（此消息记录为文本格式，不支持重新导入）\r\n\r\n")
        fh.write(
            "=" * 64
            + "\r\n消息分组:我的群聊\r\n"
            + "=" * 64
            + "\r\n消息对象:基准测试群\r\n"
            + "=" * 64
            + "\r\n\r\n"
        )
        written = 0
        second = 0
        while written < size:
            second += rng.randint(1, 90)
            day, rest = divmod(second, 86400)
            hh, rest = divmod(rest, 3600)
            mm, ss = divmod(rest, 60)
            name = rng.choice(NAMES)
            uin = 10000 + NAMES.index(name) * 7919
            text = rng.choice(TEXTS)  # multi-line texts keep bare LF inside, as real exports do
            date = f"2015-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}"
            record = f"{date} {hh}:{mm:02d}:{ss:02d} {name}({uin})\r\n{text}\r\n\r\n"
            fh.write(record)
            written += len(record.encode())


def make_telegram(path: Path, size: int, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(
            '{\n "name": "Benchmark group",\n "type": "private_supergroup",\n "id": 1,\n "messages": [\n'
        )
        written = 0
        index = 0
        epoch = 1614819907
        while written < size:
            index += 1
            epoch += rng.randint(1, 90)
            name = rng.choice(NAMES) or "Deleted Account"
            message = {
                "id": index,
                "type": "message",
                "date": "2021-03-04T09:05:07",
                "date_unixtime": str(epoch),
                "from": name,
                "from_id": f"user{NAMES.index(name) if name in NAMES else 0}",
                "text": rng.choice(TEXTS),
                "text_entities": [{"type": "plain", "text": rng.choice(TEXTS)}],
            }
            chunk = ("  " if index == 1 else ",\n  ") + json.dumps(message, ensure_ascii=False, indent=None)
            fh.write(chunk)
            written += len(chunk.encode())
        fh.write("\n ]\n}\n")


# Runs the CLI in a child and reports that child's own peak RSS (RUSAGE_CHILDREN would mix runs).
PEAK_WRAPPER = """
import atexit, resource, sys
peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
atexit.register(lambda: sys.stderr.write(f"\\nPEAK_KB {peak()}\\n"))
from huijia.cli import main
sys.argv = ["huijia", *sys.argv[1:]]
main()
"""


def floor_seconds(path: Path, encoding: str = "utf-8") -> float:
    """Decode the file and split it into lines, nothing else: the least any text reader must do."""
    start = time.perf_counter()
    with path.open("rb") as fh:
        rest = b""
        while chunk := fh.read(1 << 20):
            parts = (rest + chunk).split(b"\n")
            rest = parts.pop()
            for raw in parts:
                raw.decode(encoding)
    return time.perf_counter() - start


def run_cli(*args: str) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of `huijia ARGS...` in a child process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK_WRAPPER, *args], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"huijia {' '.join(args)} failed: {done.stderr[-500:]}")
    peak_kb = int(done.stderr.rsplit("PEAK_KB ", 1)[1].split()[0])
    return seconds, peak_kb / 1024


def run_reader(path: Path, out: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of `huijia read FILE -o OUT` in a child process."""
    return run_cli("read", "--no-progress", str(path), "-o", str(out))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=int, default=200, help="size of each generated export in MB")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261123)
    size = args.mb * 1_000_000
    cases = [
        ("qq-txt", OUT / "bench-qq.txt", make_qq),
        ("telegram", OUT / "bench-result.json", make_telegram),
    ]
    print(
        f"{'format':10} {'size MB':>8} {'messages':>10} {'read s':>8} {'MB/s':>7} {'floor MB/s':>10} "
        f"{'of floor':>8} {'peak RSS MB':>12}"
    )
    for fmt, path, make in cases:
        if not path.exists() or abs(path.stat().st_size - size) > size * 0.05:
            make(path, size, rng)
        megabytes = path.stat().st_size / 1e6
        out = OUT / f"{path.stem}.jsonl"
        seconds, peak = run_reader(path, out)
        with out.open("rb") as fh:
            messages = sum(1 for _ in fh)
        floor = floor_seconds(path)
        print(
            f"{fmt:10} {megabytes:8.0f} {messages:10,} {seconds:8.1f} {megabytes / seconds:7.1f} "
            f"{megabytes / floor:10.1f} {floor / seconds:8.2f} {peak:12.0f}"
        )
        out.unlink()
        if not args.keep:
            path.unlink()


if __name__ == "__main__":
    main()
