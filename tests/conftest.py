"""Shared helpers: read a fixture and split what came back into messages, skips and notices."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from huijia.ingest import ReadOptions, read_inputs
from huijia.model import Message, Notice, Skip

from .pgserver import create_database, find_bindir, running_server

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


# --- databases for the store tests: SQLite and a throwaway PostgreSQL server ---------------------------
_database_names = itertools.count()


@pytest.fixture(scope="session")
def pg_socket() -> Iterator[str]:
    if find_bindir() is None:
        pytest.skip("PostgreSQL is not installed here (make test installs it)")
    with running_server() as socket_dir:
        yield socket_dir


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'huijia.db'}"
    socket_dir = request.getfixturevalue("pg_socket")
    return create_database(socket_dir, f"t{os.getpid()}_{next(_database_names)}")
