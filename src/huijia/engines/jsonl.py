"""Stream exports to JSON lines: what `huijia read` and `huijia analyse` write.

Lines are written a batch at a time: one write call a message costs as much as encoding it. A reader's
`MessageBatch` is encoded in one go, a reader's own `EncodedMessages` written as they come, and single
messages gathered `WRITE_BATCH` at a time. A problem (a skipped record, a notice) first flushes what was
read before it, so the output and the problems on stderr stay in order.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import BinaryIO

from huijia.model import EncodedMessages, Message, MessageBatch, Notice, ReadStats, Skip

WRITE_BATCH = 2048  # JSON lines gathered per write
GC_YOUNG_THRESHOLD = 10_000  # allocations between young-generation collections while streaming messages

Event = Message | MessageBatch | EncodedMessages | Skip | Notice


@contextmanager
def streaming_gc() -> Iterator[None]:
    """Collect garbage less often while a stream of short-lived messages goes through.

    Messages hold no reference cycles, but each is a few objects the collector tracks, so at the default
    young-generation threshold (700) it ran every 150 messages or so: a tenth of `huijia read`'s time.
    What exists before reading (modules, lexicon, model) is frozen out of the collector's walks.
    """
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def write_jsonl(
    events: Iterable[Event],
    out: BinaryIO,
    encode: Callable[[Message], bytes],
    on_problem: Callable[[Skip | Notice], None],
) -> ReadStats:
    """Write `encode(message)` for each message of `events`, in order; hand each problem to
    `on_problem` after flushing what came before it. Returns the tallies."""
    stats = ReadStats()
    lines: list[bytes] = []

    def write_lines() -> None:
        stats.messages += len(lines)
        out.write(b"".join(lines))
        lines.clear()

    for event in events:
        if isinstance(event, EncodedMessages):
            write_lines()
            out.write(event.lines)
            stats.messages += event.count
        elif isinstance(event, MessageBatch):
            write_lines()
            out.write(b"".join(map(encode, event)))
            stats.messages += len(event)
        elif isinstance(event, Message):
            lines.append(encode(event))
            if len(lines) >= WRITE_BATCH:
                write_lines()
        else:
            write_lines()
            out.flush()
            count_problem(event, stats)
            on_problem(event)
    write_lines()
    out.flush()
    return stats


def count_problem(event: Skip | Notice, stats: ReadStats) -> None:
    if isinstance(event, Skip):
        if event.fatal:
            stats.files_failed += 1
        else:
            stats.skipped += 1
    else:
        stats.notices += 1
