"""The layout's rules of the house (ARCHITECTURE §2), checked on the source: data flows down the stages
and never back up. Every import in a file counts, lazy ones inside functions too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "huijia"

# room → rooms it must never import
FORBIDDEN = {
    "store": {"analyse", "ingest", "link", "registry", "engines", "report", "web", "cli", "training"},
    "web": {"analyse", "ingest", "cli", "training"},
    "link": {"store", "engines", "web", "cli", "ingest"},
    "text": {"store", "engines", "web", "cli", "ingest", "analyse", "report"},
    "analyse": {"store", "engines", "web", "cli", "ingest", "report"},
    "report": {"web", "cli", "engines"},
}
PURE_REGISTRY = ("records.py", "ranking.py", "alerts.py")  # the registry's pure modules never touch the store


def _imported_rooms(path: Path) -> set[str]:
    rooms: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "huijia" and len(parts) > 1:
                rooms.add(parts[1])
    return rooms


@pytest.mark.parametrize("room", sorted(FORBIDDEN))
def test_a_room_never_imports_the_rooms_below_it(room: str) -> None:
    broken = {
        str(path.relative_to(SRC)): sorted(_imported_rooms(path) & FORBIDDEN[room])
        for path in sorted((SRC / room).rglob("*.py"))
    }
    assert {where: rooms for where, rooms in broken.items() if rooms} == {}


def test_the_registrys_pure_modules_never_touch_the_store() -> None:
    for name in PURE_REGISTRY:
        assert not _imported_rooms(SRC / "registry" / name) & {"store", "engines", "web"}, name
