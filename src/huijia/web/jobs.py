"""Background scans of uploaded exports: one thread per upload, progress in bytes, the outcome kept in
memory for the upload page (the stored results are in the database, like any scan)."""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine

from huijia.engines.archive import UnsafeZipError, unpacked
from huijia.engines.scan import Scanner, ScanStats
from huijia.model import Notice, Skip

MAX_NOTES = 5
_UNSAFE = re.compile(r"[^\w.\-]+")


def safe_name(name: str) -> str:
    """A file name that cannot climb out of the upload folder or hide in it."""
    base = _UNSAFE.sub("_", Path(name).name).strip("._") or "export"
    return base[:120]


@dataclass
class Job:
    id: str
    file_name: str
    size: int
    user: str
    done_bytes: int = 0
    status: str = "running"  # running | done | failed
    stats: ScanStats | None = None
    problems: int = 0
    notes: list[str] = field(default_factory=list)  # the first problems, as `huijia scan` prints them
    error: str | None = None

    @property
    def percent(self) -> int:
        return 100 if self.status != "running" else min(99, int(100 * self.done_bytes / max(self.size, 1)))


@dataclass
class JobBoard:
    engine: Engine
    scanner: Callable[[Engine, str], Scanner]  # a scan on behalf of a user (the app's pipeline)
    tz: str | None = None  # the zone of naive times in the exports (HUIJIA_TZ)
    jobs: dict[str, Job] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, path: Path, original_name: str, user: str) -> Job:
        job = Job(uuid.uuid4().hex[:12], original_name, path.stat().st_size, user)
        with self._lock:
            self.jobs[job.id] = job
        thread = threading.Thread(target=self._run, args=(job, path), name=f"scan-{job.id}", daemon=True)
        thread.start()
        return job

    def _run(self, job: Job, path: Path) -> None:
        def advance(n: int) -> None:
            job.done_bytes += n

        stored_names = [str(path)]  # shown as the name the file was uploaded under, never ours

        def problem(event: Skip | Notice) -> None:
            job.problems += 1
            if len(job.notes) < MAX_NOTES:  # where and what, never content
                said = event.describe()
                for stored in stored_names:
                    said = said.replace(stored, job.file_name)
                job.notes.append(said)

        try:
            read, notes = unpacked(path)  # a zipped folder (a Telegram export with its photos) is unpacked
        except (UnsafeZipError, OSError) as exc:
            job.status = "failed"
            job.error = str(exc) if isinstance(exc, UnsafeZipError) else type(exc).__name__
            return
        for note in notes:
            problem(note)
        if read != path:
            stored_names.insert(0, str(read))
            job.size = sum(f.stat().st_size for f in read.rglob("*") if f.is_file())  # what will be read
        try:
            scanner = self.scanner(self.engine, job.user)
            stats = scanner.scan([read], on_bytes=advance, on_problem=problem, tz=self.tz)
        except Exception as exc:
            job.status = "failed"
            job.error = type(exc).__name__
            return
        job.stats = stats
        if stats.files_failed and not stats.messages_seen:
            job.status = "failed"
            job.error = "nothing could be read"
        else:
            job.status = "done"

    def for_user(self, user: str, everyone: bool) -> list[Job]:
        with self._lock:
            return [j for j in self.jobs.values() if everyone or j.user == user]
