"""Shared helpers: read a fixture and split what came back into messages, skips and notices."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from huijia.ingest import ReadOptions, read_inputs
from huijia.model import Message, Notice, Skip

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "exports" / "third_party"


@dataclass
class ReadResult:
    messages: list[Message] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    def by_id_suffix(self, suffix: str) -> Message:
        found = [m for m in self.messages if m.id.endswith(":" + suffix)]
        assert len(found) == 1, [m.id for m in self.messages]
        return found[0]


def read(*paths: str | Path, fmt: str = "auto", tz: str = "Asia/Shanghai") -> ReadResult:
    result = ReadResult()
    for event in read_inputs([Path(p) for p in paths], fmt, ReadOptions(tz=tz)):
        if isinstance(event, Message):
            result.messages.append(event)
        elif isinstance(event, Skip):
            result.skips.append(event)
        else:
            result.notices.append(event)
    return result


def data(name: str) -> Path:
    return DATA / name


@pytest.fixture
def shared_exports() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared/data is not beside this checkout")
    return SHARED
