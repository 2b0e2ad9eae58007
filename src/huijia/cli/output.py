"""What commands print besides their output: problems, the closing line, a progress bar."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from huijia.model import Notice, ReadStats, Skip


def report(event: Skip | Notice, stream: IO[str]) -> None:
    stream.write(event.describe() + "\n")


def _count(n: int, what: str) -> str:
    return f"{n:,} {what}{'s' if n != 1 else ''}"


def closing_line(stats: ReadStats) -> str:
    """The last line on stderr: messages read, records skipped, notes (every one of them printed above:
    a count of zero says that nothing was left out or repaired), and files that could not be read."""
    parts = [f"read {_count(stats.messages, 'message')}"]
    parts.append(f"{_count(stats.skipped, 'record')} skipped")
    parts.append(_count(stats.notices, "note"))
    if stats.files_failed:
        parts.append(f"{_count(stats.files_failed, 'file')} unreadable")
    return ", ".join(parts)


def progress_total(inputs: tuple[str, ...]) -> int:
    total = 0
    for given in inputs:
        path = Path(given)
        if path.is_file():
            total += path.stat().st_size
        elif path.is_dir():
            total += sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return total


class Progress:
    """A rich progress bar over the bytes read, shown only when stderr is a terminal."""

    def __init__(self, inputs: tuple[str, ...], enabled: bool) -> None:
        self.bar: Any = None
        self.task: Any = None
        if not enabled:
            return
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )
        from rich.progress import Progress as RichProgress

        self.bar = RichProgress(
            "[progress.description]{task.description}",
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            transient=True,
            console=stderr_console(),
        )
        self.task = self.bar.add_task("reading", total=progress_total(inputs))

    def advance(self, n: int) -> None:
        self.bar.advance(self.task, n)

    def __enter__(self) -> Progress:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)
