"""A readable overview of what a set of exports holds: per file, the format, the chats, how many messages
of which kind, the time span and the most active authors. What `make demo` shows first.

Counting (`Summariser`) is pure; `render_summary` is the only part that prints.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from huijia.model import Message, ReadEvent, ReadStats, Skip


@dataclass(slots=True)
class FileSummary:
    file: str
    format: str
    messages: int = 0
    skipped: int = 0
    encoding: str | None = None
    channels: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    authors: Counter[str] = field(default_factory=Counter)
    first: str | None = None
    last: str | None = None

    def add(self, message: Message) -> None:
        self.messages += 1
        self.encoding = self.encoding or message.source.encoding
        self.kinds[message.kind] += 1
        if message.channel:
            self.channels[message.channel] += 1
        if message.author is not None and message.kind not in ("system", "service"):
            who = message.author.name or message.author.handle or "?"
            if message.author.handle and message.author.name:
                who = f"{message.author.name} ({message.author.handle})"
            self.authors[who] += 1
        sent_at = message.sent_at
        if sent_at:
            if self.first is None or _earlier(sent_at, self.first):
                self.first = sent_at
            if self.last is None or _earlier(self.last, sent_at):
                self.last = sent_at


def _earlier(one: str, other: str) -> bool:
    """Is ISO time `one` before `other`? Two `YYYY-MM-DDTHH:MM:SS±HH:MM` strings with the same offset
    compare as strings (the usual case: one file, one zone); others are compared in UTC."""
    if len(one) == len(other) == 25 and one[19:] == other[19:]:
        return one < other
    return _utc_key(one) < _utc_key(other)


def _utc_key(iso: str) -> str:
    from datetime import UTC, datetime

    try:
        return datetime.fromisoformat(iso).astimezone(UTC).isoformat()
    except ValueError:
        return iso


@dataclass(slots=True)
class Summariser:
    """Accumulates a FileSummary per source file from a stream of read events."""

    files: dict[str, FileSummary] = field(default_factory=dict)
    stats: ReadStats = field(default_factory=ReadStats)
    problems: list[str] = field(default_factory=list)

    def add(self, event: ReadEvent) -> None:
        if isinstance(event, Message):
            self.stats.messages += 1
            key = event.source.file
            summary = self.files.get(key)
            if summary is None:
                summary = self.files[key] = FileSummary(key, event.source.format)
            summary.add(event)
        elif isinstance(event, Skip):
            if event.fatal:
                self.stats.files_failed += 1
            else:
                self.stats.skipped += 1
                if event.file in self.files:
                    self.files[event.file].skipped += 1
            self.problems.append(event.describe())
        else:
            self.stats.notices += 1


def render_summary(summariser: Summariser, top: int = 3) -> None:
    """One block per file (a wide table folds file names and chat names on narrow terminals)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    for summary in summariser.files.values():
        heading = Text(summary.file, style="bold")
        heading.append(
            f"  ({summary.format}" + (f", {summary.encoding})" if summary.encoding else ")"), style="dim"
        )
        console.print(heading)
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="cyan", no_wrap=True)
        grid.add_column()
        chats = ", ".join(name for name, _ in summary.channels.most_common(3)) or "—"
        if len(summary.channels) > 3:
            chats += f" (+{len(summary.channels) - 3} more)"
        grid.add_row("chat", chats)
        kinds = ", ".join(f"{kind} {n:,}" for kind, n in summary.kinds.most_common())
        count = f"{summary.messages:,}  ({kinds})"
        if summary.skipped:
            count += f"; {summary.skipped:,} skipped"
        grid.add_row("messages", count)
        span = f"{_minute(summary.first)} → {_minute(summary.last)}" if summary.first else "—"
        grid.add_row("time span", span)
        authors = " · ".join(f"{name} {n:,}" for name, n in summary.authors.most_common(top)) or "—"
        grid.add_row("most active", authors)
        console.print(grid)
        console.print()


def _minute(iso: str | None) -> str:
    """`2019-09-23T20:43:38+08:00` → `2019-09-23 20:43 +08:00`."""
    if not iso:
        return "?"
    return f"{iso[:10]} {iso[11:16]} {iso[19:]}".rstrip()
