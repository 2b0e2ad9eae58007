"""`huijia reanalyse`: run the current analyser over every stored message after an upgrade of the model
or the lexicon, without reading any file again. Findings are replaced; a bid raised by thread context is
kept while the message itself still does not pass the gate."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from huijia.analyse.message import analyse_post
from huijia.analyse.pipeline import Analyser
from huijia.engines.scan import finding_row
from huijia.store.schema import findings, messages

PAGE = 1000


@dataclass
class ReanalyseStats:
    messages: int = 0
    findings_before: int = 0
    findings_after: int = 0
    changed: Counter[tuple[str, str]] = field(default_factory=Counter)  # (old label, new label)
    # (message key, what failed): the message keeps a finding with an error field
    failed: list[tuple[str, str]] = field(default_factory=list)


def _failed(stats: ReanalyseStats, key: str, what: str) -> None:
    stats.failed.append((key, what))


def reanalyse(engine: Engine, analyser: Analyser) -> ReanalyseStats:
    stats = ReanalyseStats()
    last = ""
    while True:
        with engine.begin() as conn:
            page = conn.execute(
                sa.select(
                    messages.c.key,
                    messages.c.kind,
                    messages.c.text,
                    messages.c.sent_at,
                    messages.c.author_name,
                )
                .where(messages.c.key > last)
                .order_by(messages.c.key)
                .limit(PAGE)
            ).all()
            if not page:
                break
            last = page[-1].key
            keys = [row.key for row in page]
            old = {
                row.message_key: (row.label, row.raised_by)
                for row in conn.execute(
                    sa.select(findings.c.message_key, findings.c.label, findings.c.raised_by).where(
                        findings.c.message_key.in_(keys)
                    )
                )
            }
            now = datetime.now(UTC)
            rows = []
            replaced = []
            for row in page:
                found = analyse_post(
                    analyser, row.kind, row.text, row.key, row.sent_at, row.author_name,
                    partial(_failed, stats, row.key),
                )  # fmt: skip
                before = old.get(row.key)
                if found is None:
                    if before is not None and before[1] is None:
                        replaced.append(row.key)  # analysed before, not any more
                        stats.changed[(before[0], "none")] += 1
                    continue
                rows.append(finding_row(row.key, found, now))
                replaced.append(row.key)
                previous = before[0] if before is not None else "none"
                if previous != found.label:
                    stats.changed[(previous, found.label)] += 1
            if replaced:
                conn.execute(findings.delete().where(findings.c.message_key.in_(replaced)))
            if rows:
                conn.execute(findings.insert(), rows)
            stats.messages += len(page)
            stats.findings_before += len(old)
            stats.findings_after += len(old) - len(replaced) + len(rows)
    return stats
