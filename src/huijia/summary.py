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
        if message.sent_at:
            # ISO strings with offsets compare correctly only in one zone; keep the lexical extremes of
            # the UTC-normalised form.
            if self.first is None or _utc_key(message.sent_at) < _utc_key(self.first):
                self.first = message.sent_at
            if self.last is None or _utc_key(message.sent_at) > _utc_key(self.last):
                self.last = message.sent_at


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
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title="Exports read", show_lines=True)
    for column in ("file", "format", "chat", "messages", "kinds", "time span", "most active"):
        table.add_column(column, overflow="fold")
    for summary in summariser.files.values():
        chats = ", ".join(name for name, _ in summary.channels.most_common(3)) or "—"
        if len(summary.channels) > 3:
            chats += f" (+{len(summary.channels) - 3})"
        kinds = ", ".join(f"{kind} {n:,}" for kind, n in summary.kinds.most_common())
        span = f"{(summary.first or '?')[:16]}\n→ {(summary.last or '?')[:16]}" if summary.first else "—"
        authors = "\n".join(f"{name}: {n:,}" for name, n in summary.authors.most_common(top)) or "—"
        count = f"{summary.messages:,}"
        if summary.skipped:
            count += f"\n({summary.skipped:,} skipped)"
        fmt = summary.format + (f"\n{summary.encoding}" if summary.encoding else "")
        table.add_row(summary.file, fmt, chats, count, kinds, span, authors)
    console.print(table)
