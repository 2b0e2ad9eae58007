"""Scans that meet trouble: three at once into one store, a disk that fills up. Each ends with a clear
line, never a traceback, and the store holds exactly what one clean scan would."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from .conftest import chat

ROWS = [(f"2024-05-{1 + i // 86400:02d}T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}+08:00",
         f"u{i % 50}", f"第{i}条消息，今天的团购链接已经发了") for i in range(20000)]  # fmt: skip


def _scan(url: str, export: Path, **popen: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "huijia.cli", "scan", "--no-progress", "--db", url, str(export)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        **popen,  # type: ignore[call-overload]
    )


def _counts(url: str) -> tuple[int, int, int]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        found = tuple(
            conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("sources", "messages", "occurrences")
        )
    engine.dispose()
    return found  # type: ignore[return-value]


@pytest.mark.slow
@pytest.mark.parametrize("store", ["new", "existing"])
def test_three_scans_of_one_file_at_once_take_turns(tmp_path: Path, store: str) -> None:
    export = chat(tmp_path / "big.jsonl", ROWS)
    url = f"sqlite:///{tmp_path / 'huijia.db'}"
    if store == "existing":
        earlier = chat(tmp_path / "earlier.jsonl", [("2024-04-01T10:00:00+08:00", "a", "早")])
        assert _scan(url, earlier).wait() == 0
    scans = [_scan(url, export) for _ in range(3)]
    results = [(scan.wait(), scan.stderr.read() if scan.stderr else "") for scan in scans]
    for code, said in results:
        assert code == 0, said
        assert "Traceback" not in said
    assert sum("1 new" in said for _, said in results) == 1
    assert sum("1 already stored" in said for _, said in results) == 2
    assert any("another scan is writing to this store: waiting" in said for _, said in results)
    sources = 2 if store == "existing" else 1
    assert _counts(url) == (sources, 20000 + sources - 1, 20000 + sources - 1)


@pytest.mark.slow
def test_a_full_disk_stops_the_scan_with_one_line_and_the_next_scan_resumes(tmp_path: Path) -> None:
    export = chat(tmp_path / "big.jsonl", ROWS)
    url = f"sqlite:///{tmp_path / 'huijia.db'}"
    assert _scan(url, chat(tmp_path / "first.jsonl", ROWS[:1])).wait() == 0  # the store exists, small

    def small_disk() -> None:  # files of this process may not grow past 1.5 MB: a disk that fills up
        resource.setrlimit(resource.RLIMIT_FSIZE, (1_500_000, 1_500_000))

    full = _scan(url, export, preexec_fn=small_disk)
    code = full.wait()
    said = full.stderr.read() if full.stderr else ""
    assert code == 2, said
    assert "Traceback" not in said and "the store could not be written" in said and "resume" in said
    again = _scan(url, export)
    assert again.wait() == 0
    said = again.stderr.read() if again.stderr else ""
    assert "1 resumed" in said
    assert _counts(url) == (2, 20000, 20001)  # the first file shares one message with the big one


def test_the_scan_lock_makes_a_second_holder_wait_on_both_backends(db_url: str) -> None:
    import threading

    from huijia.store import connect
    from huijia.store.locks import scan_lock

    first, second = connect(db_url), connect(db_url)
    told: list[str] = []
    held = threading.Event()

    def later() -> None:
        with scan_lock(second, on_wait=lambda: told.append("waiting")):
            held.set()

    with scan_lock(first):
        thread = threading.Thread(target=later)
        thread.start()
        thread.join(timeout=1.0)
        assert told == ["waiting"] and not held.is_set()  # it waits while the first holds the lock
    thread.join(timeout=10)
    assert held.is_set()
