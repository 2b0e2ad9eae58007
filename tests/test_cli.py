"""`huijia read`, `huijia summary` and `huijia formats` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from huijia.cli import main
from huijia.engines.jsonl import WRITE_BATCH

from .conftest import DATA, data, read


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "huijia.cli", *args], capture_output=True, text=True, check=False
    )


def test_read_writes_jsonl_to_stdout_and_a_summary_to_stderr() -> None:
    done = run("read", str(data("qq-txt/gb18030-ampm.txt")))
    assert done.returncode == 0
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rows) == 3
    # the keys in the contract's order (ARCHITECTURE.md §3.0), the same object as Message.to_dict()
    assert list(rows[0]) == [
        "id",
        "kind",
        "source",
        "channel",
        "author",
        "sent_at",
        "text",
        "attachments",
        "reply_to",
    ]
    assert list(rows[0]["source"]) == ["file", "format", "sha256", "line", "offset", "encoding", "tz_assumed"]
    assert rows == [message.to_dict() for message in read(data("qq-txt/gb18030-ampm.txt")).messages]
    assert rows[0]["author"] == {"name": "豫东宝妈", "handle": "qq:20001"}
    assert done.stderr.splitlines() == [
        f"{data('qq-txt/gb18030-ampm.txt')}: note: read as qq-txt (QQ / TIM message-manager text export)",
        "read 3 messages, 0 records skipped, 1 note",
    ]


def test_read_writes_every_message_of_a_file_larger_than_one_write_batch(tmp_path) -> None:
    assert WRITE_BATCH < 5000
    records = [
        f"2015-03-11 17:{n // 60 % 60:02d}:{n % 60:02d} 宝妈{n % 7}(1000{n % 7})\r\n第{n}条\r\n"
        for n in range(5000)
    ]
    export = tmp_path / "big.txt"
    export.write_text("消息对象:大群\r\n\r\n" + "\r\n".join(records), encoding="utf-8", newline="")
    out = tmp_path / "out.jsonl"
    done = run("read", str(export), "-o", str(out))
    assert done.returncode == 0, done.stderr
    texts = [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert texts == [f"第{n}条" for n in range(5000)]
    assert done.stderr.splitlines() == [
        f"{export}: note: read as qq-txt (QQ / TIM message-manager text export)",
        "read 5,000 messages, 0 records skipped, 1 note",
    ]


def test_read_reports_bad_records_by_line_and_still_exits_0() -> None:
    done = run("read", str(data("generic/posts.jsonl")))
    assert done.returncode == 0
    assert f"{data('generic/posts.jsonl')}:3: not valid JSON (unexpected end of data)" in done.stderr
    assert done.stderr.strip().endswith("read 4 messages, 3 records skipped, 2 notes")
    assert "Traceback" not in done.stderr


def test_the_closing_line_counts_the_notes_printed_above_it(tmp_path) -> None:
    export = tmp_path / "chat.txt"  # a QQ export with one undecodable byte: one note, the message kept
    export.write_bytes("消息对象:大群\r\n\r\n2015-03-11 17:00:00 宝妈(10001)\r\n你好".encode() + b"\xff\r\n")
    done = run("read", "--format", "qq-txt", str(export))
    assert done.returncode == 0, done.stderr
    lines = done.stderr.strip().splitlines()
    assert [line for line in lines if ": note: " in line] == [
        f"{export}:4: note: undecodable bytes replaced (read as utf-8)"
    ]
    assert lines[-1] == "read 1 message, 0 records skipped, 1 note"
    summary = run("summary", "--format", "qq-txt", str(export))
    assert summary.stderr.strip().splitlines()[-1] == "read 1 message, 0 records skipped, 1 note"


def test_nothing_readable_exits_2_without_a_traceback(tmp_path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    done = run("read", str(empty))
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"{empty}: empty file" in done.stderr
    assert "Traceback" not in done.stderr


def test_bad_tz_and_bad_format_are_usage_errors() -> None:
    runner = CliRunner()
    bad_tz = runner.invoke(main, ["read", "--tz", "Mars/Base", str(data("qq-txt/gb18030-ampm.txt"))])
    assert bad_tz.exit_code == 2 and "unknown time zone" in bad_tz.output
    assert "$HUIJIA_TZ" in bad_tz.output  # where a zone the user never typed comes from
    bad_format = runner.invoke(main, ["read", "--format", "docx", str(data("qq-txt/gb18030-ampm.txt"))])
    assert bad_format.exit_code == 2


def test_format_override_and_output_file(tmp_path) -> None:
    out = tmp_path / "out.jsonl"
    done = run("read", "--format", "qq-txt", "--tz", "UTC", "-o", str(out), str(data("qq-txt/utf16le.txt")))
    assert done.returncode == 0 and done.stdout == ""
    first = json.loads(out.read_text().splitlines()[0])
    assert first["sent_at"] == "2019-09-23T20:43:38+00:00"
    assert first["source"]["tz_assumed"] == "UTC"


@pytest.mark.parametrize("command", ["read", "analyse"])
def test_an_output_path_that_cannot_be_written_is_one_line_before_any_reading(tmp_path, command) -> None:
    out = tmp_path / "no such folder" / "out.jsonl"
    result = CliRunner().invoke(main, [command, "-o", str(out), str(data("qq-txt/utf16le.txt"))])
    assert result.exit_code == 2 and not isinstance(result.exception, OSError)
    assert f"error: cannot write {out}: No such file or directory" in result.stderr
    assert "Traceback" not in result.output


def test_settings_out_of_range_are_refused_before_any_work(tmp_path) -> None:
    """A port past 65535 is one line, not a traceback from the socket; `train` says that its model could
    not be written before it trains for minutes, not after."""
    db = f"sqlite:///{tmp_path / 'h.db'}"
    port = CliRunner().invoke(main, ["serve", "--port", "70000", "--db", db])
    assert port.exit_code == 2 and "'--port': 70000 is not in the range" in port.output
    zone = CliRunner().invoke(main, ["serve", "--db", db], env={"HUIJIA_TZ": "Mars/Olympus"})
    assert zone.exit_code == 2 and "unknown time zone 'Mars/Olympus'" in zone.output
    cap = CliRunner().invoke(main, ["serve", "--db", db], env={"HUIJIA_MAX_UPLOAD_BYTES": "0"})
    assert cap.exit_code == 2 and "HUIJIA_MAX_UPLOAD_BYTES must be positive" in cap.output
    weak = CliRunner().invoke(main, ["serve", "--db", db], env={"HUIJIA_SECRET": "x"})
    assert weak.exit_code == 2 and "HUIJIA_SECRET has 1 characters; use 16" in weak.output
    nowhere = tmp_path / "no such folder" / "model.json"
    train = CliRunner().invoke(main, ["train", "-o", str(nowhere)])
    assert train.exit_code == 2 and f"no folder {nowhere.parent} to write model.json in" in train.output
    assert not isinstance(train.exception, FileNotFoundError)


def test_summary_lists_each_file_with_format_chat_and_authors() -> None:
    result = CliRunner().invoke(main, ["summary", str(DATA / "qq-txt"), str(data("telegram/result.json"))])
    assert result.exit_code == 0
    for expected in (
        "gb18030-ampm.txt",
        "qq-txt",
        "河南抱养交流",
        "豫东宝妈",
        "result.json",
        "telegram",
        "Alex Doe",
    ):
        assert expected in result.output


def test_summary_time_span_compares_times_in_different_zones() -> None:
    from huijia.model import Message, Source
    from huijia.summary import FileSummary

    summary = FileSummary("f.jsonl", "jsonl")
    for sent_at in (
        "2015-03-11T10:00:00+08:00",
        "2015-03-11T09:59:59+08:00",  # earliest in Beijing time
        "2015-03-11T03:30:00+00:00",  # 11:30 in Beijing: the latest, though it sorts first as text
        "2015-03-11T11:00:00+08:00",
        "2015-03-11T01:59:00.500000+00:00",  # 09:59:00.5 in Beijing: earlier than all
    ):
        source = Source("f.jsonl", "jsonl", "0" * 64, 1, 0)
        summary.add(Message("m", "text", source, None, None, sent_at, "text"))
    assert (summary.first, summary.last) == ("2015-03-11T01:59:00.500000+00:00", "2015-03-11T03:30:00+00:00")


def test_formats_lists_every_reader() -> None:
    result = CliRunner().invoke(main, ["formats"])
    names = [line.split()[0] for line in result.output.splitlines()]
    assert sorted(names) == sorted(
        ["qq-txt", "qq-mht", "qq-json", "wechat", "telegram", "whatsapp", "warc", "html", "csv", "jsonl"]
    )


def test_tz_can_come_from_the_environment() -> None:
    result = CliRunner().invoke(
        main, ["read", str(data("qq-txt/gb18030-ampm.txt"))], env={"HUIJIA_TZ": "UTC"}
    )
    first = json.loads(result.stdout.splitlines()[0])
    assert first["sent_at"] == "2019-09-23T20:43:38+00:00"


def _commands(help_text: str) -> list[str]:
    listed = help_text.split("Commands:", 1)[1]
    return [line.split()[0] for line in listed.splitlines() if line.startswith("  ") and line.split()]


def test_python_m_huijia_lists_the_same_commands_as_huijia() -> None:
    installed = CliRunner().invoke(main, ["--help"]).output
    for module in ("huijia", "huijia.cli"):
        done = subprocess.run(
            [sys.executable, "-m", module, "--help"], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0
        assert _commands(done.stdout) == _commands(installed)
    assert {"read", "analyse", "scan", "refer", "registry", "alerts", "faces", "train"} <= set(
        _commands(installed)
    )
