"""`huijia link` end to end: the example in docs/link.md is what the command writes, the records keep the
contract's fields, and bad input is a line on stderr, never a traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from huijia.cli import main

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = {
    "actor": {"type", "id", "messages", "authors", "channels", "contacts", "links"},
    "cluster": {"type", "id", "messages", "template", "slots"},
    "photo_reuse": {"type", "id", "messages", "authors", "distance"},
    "group": {"type", "channel", "messages", "authors", "flagged", "risk", "recommendation", "reasons"},
}


def run_link(*args: str) -> tuple[int, list[dict[str, object]], str]:
    result = CliRunner().invoke(main, ["link", "--no-second-reading", *args])
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, lines, result.stderr


def test_the_documented_example_is_what_link_writes() -> None:
    doc = (ROOT / "docs" / "link.md").read_text(encoding="utf-8")
    block = re.search(r"```jsonl\n(.*?)```", doc, re.DOTALL)
    assert block is not None
    documented = [json.loads(line) for line in block.group(1).splitlines()]
    code, written, stderr = run_link(str(ROOT / "examples" / "link"))
    assert code == 0, stderr
    assert written == documented
    assert "3 actors, 1 template clusters, 1 reused photos, 3 groups (2 takedown, 1 watch)" in stderr


def test_every_record_keeps_the_contract_fields() -> None:
    code, written, _ = run_link(str(ROOT / "examples"))
    assert code == 0
    assert {line["type"] for line in written} >= {"actor", "group"}
    for line in written:
        assert CONTRACT[str(line["type"])] <= set(line), line
        if line["type"] == "group":
            assert 0.0 <= float(line["risk"]) <= 1.0  # type: ignore[arg-type]
            assert line["recommendation"] in {"takedown", "watch", "none"}


def test_an_unreadable_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "chat.json"
    broken.write_text('{"messages": [', encoding="utf-8")
    code, written, stderr = run_link(str(broken))
    assert code == 2 and written == []
    assert "chat.json" in stderr and "Traceback" not in stderr


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["link", "--format", "nope", str(tmp_path / "a.txt")])
    assert result.exit_code == 2 and "nope" in result.stderr


def test_an_output_that_cannot_be_written_is_said_before_reading(tmp_path: Path) -> None:
    code, _, stderr = run_link(
        str(ROOT / "examples" / "link"), "-o", str(tmp_path / "missing" / "links.jsonl")
    )
    assert code == 2 and "cannot write" in stderr and "Traceback" not in stderr
    assert "read " not in stderr  # nothing was read for nothing
