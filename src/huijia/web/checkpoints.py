"""The desk signs the audit log's head when it starts and then at least every `checkpoint_seconds`
(an hour by default), so that a cut-off tail is found even where nobody runs `huijia audit checkpoint`
from cron (see huijia.report.checkpoint and docs/evidence.md)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from sqlalchemy.engine import Engine

from huijia.report.checkpoint import CheckpointError, write_checkpoint
from huijia.report.signing import SigningKey

logger = logging.getLogger("huijia.web")


class CheckpointClock:
    """A daemon thread that writes a signed checkpoint now and then every `seconds` until stopped."""

    def __init__(self, engine: Engine, key: SigningKey, folder: Path, seconds: float) -> None:
        self.engine = engine
        self.key = key
        self.folder = folder
        self.seconds = seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="audit-checkpoints", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while True:
            self.once()
            if self._stop.wait(self.seconds):
                return

    def once(self) -> None:
        try:
            write_checkpoint(self.engine, self.key, self.folder, "huijia serve")
        except CheckpointError as exc:  # paths only, never content
            logger.error("audit checkpoint not written: %s", exc)
        except Exception as exc:  # a database that is down for a moment: try again at the next tick
            logger.error("audit checkpoint not written: %s", type(exc).__name__)
