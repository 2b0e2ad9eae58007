"""`huijia scan`: read → analyse → store, idempotent and resumable.

- A file whose SHA-256 is already stored as `complete` is passed over without being read again. A file
  none of whose records could be read (a CSV scanned as JSONL) is stored as `partial`, not `complete`:
  the next scan, with the right format, reads it, where it would otherwise be passed over for good.
- Messages are stored once: their key is chat, author, time, text (and the rank among identical messages
  in the same second), so two overlapping exports of one chat add each message once; every place a
  message was seen is kept as an occurrence (file, line, byte offset, reader id).
- Work is committed in batches. After a crash or `kill -9` the file's row is still `reading`; the next
  scan reads the file again and inserts only what is missing, then marks it `complete`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from huijia.analyse.message import MAX_CHARS, analyse_message
from huijia.analyse.pipeline import Analyser
from huijia.engines.photos import ExportImages, image_refs, photo_bytes
from huijia.engines.relink import LinkCounts, Stored, feature_rows, rebuild_links
from huijia.ingest import read_inputs
from huijia.ingest.base import ReadOptions, SourceFile
from huijia.link.photos import photos_wanted
from huijia.link.thread import ThreadContext
from huijia.media import Limits
from huijia.model import TRAFFICKING_LABELS, Finding, ImageRef, Message, Notice, ReadEvent, Skip
from huijia.store import audit, login_name, message_key
from huijia.store.locks import scan_lock
from huijia.store.media import MediaStats, queued_posts, store_photos
from huijia.store.schema import findings, link_features, messages, occurrences, sources

BATCH = 5000  # messages per transaction: fewer commits (fsyncs) made a PostgreSQL scan 30 % faster than 500


@dataclass
class ScanStats:
    files_new: int = 0
    files_resumed: int = 0
    files_already: int = 0
    files_failed: int = 0
    messages_seen: int = 0
    messages_new: int = 0
    records_skipped: int = 0
    notices: int = 0  # every note printed (reported to on_problem), as `huijia read` counts them
    labels: Counter[str] = field(default_factory=Counter)
    media: MediaStats = field(default_factory=MediaStats)
    links: LinkCounts | None = None  # what linking after the scan found (None: not linked)

    @property
    def flagged(self) -> int:
        return sum(n for label, n in self.labels.items() if label in TRAFFICKING_LABELS)


@dataclass
class _Current:
    id: int
    file: str
    path: Path
    reader: str
    sha256: str
    resumed: bool  # read before and interrupted: some of its occurrences are already stored
    images: list[ImageRef] = field(default_factory=list)
    skipped: int = 0
    seen: int = 0
    failed: bool = False
    second: str | None = None
    ranks: Counter[tuple[str | None, str | None, str]] = field(default_factory=Counter)


class Scanner:
    def __init__(self, engine: Engine, analyser: Analyser, user: str | None = None) -> None:
        self.engine = engine
        self.analyser = analyser
        self.user = user or login_name()
        self.stats = ScanStats()
        self._current: _Current | None = None
        self._on_problem: Callable[[Skip | Notice], None] | None = None
        self.media_limits = Limits()
        self._images = ExportImages(self.media_limits.max_bytes)  # renewed (and cleaned up) by each scan
        self._batch: list[tuple[str, Message]] = []
        self.thread = ThreadContext(f"{analyser.version} + thread context")
        self.link = True  # link the store's posts again after the scan (huijia.store.links)

    def scan(
        self,
        inputs: Iterable[str | Path],
        fmt: str = "auto",
        options: ReadOptions | None = None,
        on_problem: Callable[[Skip | Notice], None] | None = None,
        on_bytes: Callable[[int], None] | None = None,
        tz: str | None = None,
    ) -> ScanStats:
        """Read, analyse and store `inputs`; when no `options` are given (the web UI), `on_bytes` is told
        of the bytes read and `tz` is the zone of naive times (the readers' default when None);
        `on_problem` hears of each skipped record and notice."""
        if options is None:
            options = ReadOptions(on_bytes=on_bytes) if tz is None else ReadOptions(tz=tz, on_bytes=on_bytes)
        self._on_problem = on_problem
        # the readers hand over the images their exports hold inside them as they read: each export is
        # read once, and its photos come from there at the end of the file
        self._images = ExportImages(self.media_limits.max_bytes)
        options = replace(options, attachments=self._images)

        def waiting() -> None:
            self._report(Notice("store", "another scan is writing to this store: waiting for it to finish"))

        try:
            with scan_lock(self.engine, on_wait=waiting):  # one scan per store; the next waits its turn
                for event in read_inputs(inputs, fmt, options, wanted=self._begin_source):
                    self._take(event)
                self._end_source()
                if self.link:
                    with self.engine.begin() as conn:
                        self.stats.links = rebuild_links(conn, self.user)
        finally:
            self._images.close()
        return self.stats

    # -- per event ----------------------------------------------------------------------------------------
    def _take(self, event: ReadEvent) -> None:
        if isinstance(event, Message):
            current = self._current
            if current is None:  # cannot happen: a message always follows its file's _begin_source
                raise RuntimeError("message outside a source")
            current.seen += 1
            self.stats.messages_seen += 1
            self._batch.append((self._key(current, event), event))
            if len(self._batch) >= BATCH:
                self._flush()
            return
        if isinstance(event, Skip):
            if event.fatal:
                self.stats.files_failed += 1
                current = self._current
                if current is not None and event.file == current.file and not current.failed:
                    current.failed = True
                    # a file that could not be read at all is counted once, as unreadable, not also as new
                    # or resumed (one that broke off after some messages is both)
                    if not current.seen and current.resumed:
                        self.stats.files_resumed -= 1
                    elif not current.seen:
                        self.stats.files_new -= 1
            else:
                self.stats.records_skipped += 1
                if self._current is not None:
                    self._current.skipped += 1
        self._report(event)

    def _report(self, event: Skip | Notice) -> None:
        """Hand a skipped record or a note to `on_problem`; notes are counted for the closing line."""
        if isinstance(event, Notice):
            self.stats.notices += 1
        if self._on_problem is not None:
            self._on_problem(event)

    def _key(self, current: _Current, message: Message) -> str:
        author = message.author.identity if message.author is not None else None
        if message.sent_at is None:
            # no time: nothing identifies the message across exports, so its place in this file does
            return message_key(message.channel, author, f"#{message.id}", message.text, 0)
        if message.sent_at != current.second:
            current.second = message.sent_at
            current.ranks.clear()
        rank_key = (message.channel, author, message.text)
        n = current.ranks[rank_key]
        current.ranks[rank_key] += 1
        return message_key(message.channel, author, message.sent_at, message.text, n)

    # -- sources ------------------------------------------------------------------------------------------
    def _begin_source(self, src: SourceFile, reader_name: str) -> bool:
        self._end_source()
        with self.engine.begin() as conn:
            row = conn.execute(
                sa.select(sources.c.id, sources.c.status).where(sources.c.sha256 == src.sha256)
            ).first()
            if row is not None and row.status == "complete":
                self.stats.files_already += 1
                return False
            if row is None:
                inserted = conn.execute(
                    sources.insert().values(
                        sha256=src.sha256,
                        file_name=Path(src.display).name,
                        format=reader_name,
                        size_bytes=src.path.stat().st_size,
                        ingested_at=datetime.now(UTC),
                        ingested_by=self.user,
                        status="reading",
                    )
                ).inserted_primary_key
                assert inserted is not None
                source_id = inserted[0]
                self.stats.files_new += 1
            else:
                source_id = row.id
                self.stats.files_resumed += 1
                # the reader of this reading, not of the one that failed: a referral's check of its
                # originals reads the file again with the reader stored here
                conn.execute(sources.update().where(sources.c.id == row.id).values(format=reader_name))
        self._current = _Current(
            int(source_id), src.display, src.path, reader_name, src.sha256, resumed=row is not None
        )
        return True

    def _end_source(self) -> None:
        self._flush()
        current = self._current
        if current is None:
            return
        notices: list[Notice] = []
        nothing_read = not current.seen and current.skipped > 0  # every record skipped: a wrong format?
        with self.engine.begin() as conn:
            if current.images:
                refs = photos_wanted(current.images, queued_posts(conn, current.id))
                found = photo_bytes(
                    current.path, current.reader, refs, self.media_limits, self._images, current.sha256
                )
                _, notices = store_photos(conn, current.file, found, self.media_limits, self.stats.media)
            conn.execute(
                sources.update()
                .where(sources.c.id == current.id)
                .values(
                    status="partial" if current.failed or nothing_read else "complete",
                    messages_seen=current.seen,
                    records_skipped=current.skipped,
                )
            )
            detail = {"format": current.reader, "messages": current.seen, "resumed": current.resumed}
            audit.append(conn, self.user, "source.ingest", current.sha256, detail)  # the hash, never the name
        self._images.forget(current.sha256)
        self._current = None
        for notice in notices:
            self._report(notice)

    # -- batches ------------------------------------------------------------------------------------------
    def _flush(self) -> None:
        if not self._batch or self._current is None:
            self._batch = []
            return
        batch, self._batch = self._batch, []
        source_id = self._current.id
        for key, message in batch:
            if message.attachments:
                self._current.images.extend(image_refs(key, message))
        keys = list({key for key, _ in batch})
        with self.engine.connect() as conn:  # what is stored already: read, no write lock held
            stored = _stored_keys(conn, keys)
            seen_here: set[str] = set()
            if self._current.resumed:
                seen_here = {
                    row[0]
                    for row in conn.execute(
                        sa.select(occurrences.c.reader_id).where(
                            occurrences.c.source_id == source_id,
                            occurrences.c.reader_id.in_([m.id for _, m in batch]),
                        )
                    )
                }
        new_messages: dict[str, Message] = {}
        for key, message in batch:
            if key not in stored and key not in new_messages:
                new_messages[key] = message
        # The analysis runs outside the write transaction: a write lock is held only while rows go in.
        finding_rows, feature_rows_ = self._finding_rows(new_messages)
        new_occurrences: dict[str, dict[str, Any]] = {}
        for k, m in batch:
            if m.id not in seen_here and m.id not in new_occurrences:
                new_occurrences[m.id] = {
                    "source_id": source_id,
                    "reader_id": m.id,
                    "message_key": k,
                    "line": m.source.line,
                    "byte_offset": m.source.offset,
                }
        with self.engine.begin() as conn:
            # another scan may have stored some of these meanwhile: the first one's rows stand
            meanwhile = _stored_keys(conn, list(new_messages)) if new_messages else set()
            if meanwhile:
                new_messages = {k: m for k, m in new_messages.items() if k not in meanwhile}
                finding_rows = [row for row in finding_rows if row["message_key"] not in meanwhile]
                feature_rows_ = [row for row in feature_rows_ if row["message_key"] not in meanwhile]
            bulk_insert(conn, messages, [_message_row(k, m) for k, m in new_messages.items()])
            if finding_rows:
                conn.execute(findings.insert(), finding_rows)
            if feature_rows_:
                conn.execute(link_features.insert(), feature_rows_)
            bulk_insert(conn, occurrences, list(new_occurrences.values()))
        self.stats.messages_new += len(new_messages)

    def _analysis_failed(self, message: Message, what: str) -> None:
        """A message the analyser failed on: named (file and line, never its text) and kept."""
        self._report(Notice(message.source.file, what, message.source.line))

    def _finding_rows(
        self, new_messages: dict[str, Message]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The findings of the new messages, and what each gives the link stage (`link_features`)."""
        now = datetime.now(UTC)
        rows = []
        linked: list[Stored] = []
        for key, message in new_messages.items():
            found = analyse_message(self.analyser, message, self._analysis_failed)
            raised_by = None
            raised = self.thread.see(key, message, found)  # a bid under an offer, a reply under a request
            if raised is not None:
                found, raised_by = raised
            linked.append(Stored(key, message.text[:MAX_CHARS], None if found is None else found.contacts))
            if found is None:
                self.stats.labels["none"] += 1
                continue  # ungated: `none` at the fixed risk; no row (see docs/store.md)
            self.stats.labels[found.label] += 1
            rows.append(finding_row(key, found, now, raised_by))
        return rows, feature_rows(linked) if self.link else []


# what a finding row keeps as JSON: the extracted facts, and what a second reading gave
FACTS = ("child", "price", "places", "contacts", "second_reading")


def finding_row(key: str, found: Finding, now: datetime, raised_by: str | None = None) -> dict[str, Any]:
    data = found.to_dict()
    return {
        "message_key": key,
        "label": found.label,
        "risk": found.risk,
        "role": found.role,
        "facts": {k: data[k] for k in FACTS if k in data},
        "indicators": data["indicators"],
        "evidence": data["evidence"],
        "model": found.model,
        "analysed_at": now,
        "raised_by": raised_by,
    }


def _message_row(key: str, message: Message) -> dict[str, Any]:
    return {
        "key": key,
        "kind": message.kind,
        "channel": message.channel,
        "author_name": message.author.name if message.author else None,
        "author_handle": message.author.handle if message.author else None,
        "sent_at": message.sent_at,
        "text": message.text,
        "reply_to": message.reply_to,
        "attachments": [a.to_dict() for a in message.attachments],
    }


def _stored_keys(conn: Connection, keys: list[str]) -> set[str]:
    return {row[0] for row in conn.execute(sa.select(messages.c.key).where(messages.c.key.in_(keys)))}


def bulk_insert(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows: PostgreSQL's COPY (an executemany there sends one statement per row, which made
    a scan four times slower than into SQLite), an executemany elsewhere."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(table.insert(), rows)
        return
    from psycopg.types.json import Json

    names = list(rows[0])
    as_json = {name for name in names if isinstance(table.c[name].type, sa.JSON)}
    driver = conn.connection.driver_connection
    assert driver is not None
    columns = ", ".join(f'"{name}"' for name in names)
    with driver.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([Json(row[n]) if n in as_json else row[n] for n in names])
