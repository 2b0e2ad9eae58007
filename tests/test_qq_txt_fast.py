"""The compiled qq-txt scanner (huijia.ingest._qq_scan) reads exactly what the pure-Python parser reads.

Every file is read twice, with and without the scanner, and the two event lists must be equal: the same
messages (text, sender, time, line and byte offset), the same skipped records, the same notices. The
files are the fixtures, the third-party export, and exports generated with the edge cases the research
lists (CRLF records with bare LF breaks, no blank lines, header-like content, impossible dates, AM/PM
forms, block separators, placeholders, recalls, every encoding) read in chunks of every size.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import huijia.ingest.textfile as textfile
from huijia.ingest import ReadOptions, native, qq_txt, read_input_batches, read_inputs
from huijia.model import EncodedMessages, Message, MessageBatch, Notice, Skip

from .conftest import SHARED, data

Event = Message | Skip | Notice


@contextmanager
def scanner_counted() -> Iterator[list[int]]:
    """Counts the messages that came through the compiled scanner while the block runs."""
    counted = [0]
    original = qq_txt._QQTextParser._scan

    def counting(self: qq_txt._QQTextParser, chunk: textfile.TextChunk, idx: int):  # type: ignore[no-untyped-def]
        batch, stop, handover = original(self, chunk, idx)
        if batch is not None:
            counted[0] += batch.count if isinstance(batch, EncodedMessages) else len(batch)
        return batch, stop, handover

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(qq_txt._QQTextParser, "_scan", counting)
        yield counted


@contextmanager
def reading(*, compiled: bool, chunk_bytes: int | None) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        if not compiled:
            patch.setattr(native, "qq_scan", lambda: None)
        if chunk_bytes is not None:
            patch.setattr(textfile, "TEXT_CHUNK_BYTES", chunk_bytes)
        yield


def read_events(path: Path, *, compiled: bool, chunk_bytes: int | None = None) -> list[Event]:
    with reading(compiled=compiled, chunk_bytes=chunk_bytes):
        return list(read_inputs([path], "qq-txt", ReadOptions(tz="Asia/Shanghai")))


def read_json_lines(
    path: Path, *, compiled: bool, chunk_bytes: int | None = None
) -> tuple[bytes, list[Event]]:
    """What `huijia read` writes (the messages' JSON lines, which the scanner writes itself when asked)
    and the problems it reports."""
    lines = bytearray()
    problems: list[Event] = []
    with reading(compiled=compiled, chunk_bytes=chunk_bytes):
        options = ReadOptions(tz="Asia/Shanghai", json_lines=True)
        for event in read_input_batches([path], "qq-txt", options):
            if isinstance(event, EncodedMessages):
                lines += event.lines
            elif isinstance(event, MessageBatch):
                lines += b"".join(
                    orjson.dumps(message, option=orjson.OPT_APPEND_NEWLINE) for message in event
                )
            elif isinstance(event, Message):
                lines += orjson.dumps(event, option=orjson.OPT_APPEND_NEWLINE)
            else:
                problems.append(event)
    return bytes(lines), problems


def assert_same_both_ways(path: Path, chunk_bytes: int | None = None) -> list[Event]:
    """Both readings of the file give the same events, and `huijia read`'s bytes are the same whether
    the scanner writes the JSON or orjson writes the parser's messages."""
    pure = read_events(path, compiled=False, chunk_bytes=chunk_bytes)
    fast = read_events(path, compiled=True, chunk_bytes=chunk_bytes)
    assert fast == pure
    expected = b"".join(
        orjson.dumps(e, option=orjson.OPT_APPEND_NEWLINE) for e in pure if isinstance(e, Message)
    )
    lines, problems = read_json_lines(path, compiled=True, chunk_bytes=chunk_bytes)
    assert lines == expected
    assert problems == [event for event in pure if not isinstance(event, Message)]
    return fast


def test_the_compiled_scanner_is_built_and_current() -> None:
    assert native.qq_scan() is not None, "the compiled qq-txt scanner is missing or stale: run `make setup`"


def test_a_stale_build_is_refused_with_a_warning(monkeypatch) -> None:
    module = native.qq_scan()
    assert module is not None
    monkeypatch.setattr(module, "SOURCE_SHA256", "0" * 64)
    with pytest.warns(RuntimeWarning, match="older than its source"):
        assert native.qq_scan.__wrapped__() is None


def test_the_scanner_can_be_turned_off(monkeypatch) -> None:
    monkeypatch.setenv("HUIJIA_PURE_PYTHON", "1")
    assert native.qq_scan.__wrapped__() is None


def test_ordinary_records_go_through_the_scanner(tmp_path) -> None:
    records = "".join(
        f"2015-03-11 {n // 3600 % 24}:{n // 60 % 60:02d}:{n % 60:02d} 宝妈{n % 7}({10000 + n % 7})\r\n"
        f"第{n}条{'[图片]' if n % 5 == 0 else ''}\n第二行\r\n\r\n"
        for n in range(3000)
    )
    path = tmp_path / "group.txt"
    path.write_bytes(("\ufeff消息对象:大群\r\n\r\n" + records).encode("utf-8"))
    with scanner_counted() as counted:
        events = assert_same_both_ways(path, chunk_bytes=16 * 1024)
    assert len(events) == 3000 and all(isinstance(event, Message) for event in events)
    # the first record of the file and the last of each chunk are the parser's own
    assert counted[0] >= 3000 - 20
    raw = path.read_bytes()
    for event in events[::97]:
        assert isinstance(event, Message)
        assert raw[event.source.offset :].startswith(event.sent_at[:10].encode())
        assert raw[: event.source.offset].count(b"\n") + 1 == event.source.line


@pytest.mark.parametrize("chunk_bytes", [None, 7, 333])
@pytest.mark.parametrize(
    "name", ["qq-txt/group-crlf-utf8bom.txt", "qq-txt/gb18030-ampm.txt", "qq-txt/utf16le.txt"]
)
def test_fixtures_read_the_same_both_ways(name: str, chunk_bytes: int | None) -> None:
    assert assert_same_both_ways(data(name), chunk_bytes)


def test_the_third_party_export_reads_the_same_both_ways() -> None:
    path = SHARED / "qq-chat-history" / "file.txt"
    if not path.exists():
        pytest.skip("../shared is not present")
    events = assert_same_both_ways(path)
    assert [event.text for event in events if isinstance(event, Message)] == ["A", "B"]


# --- generated exports ---------------------------------------------------------------------------------

SENDERS = [
    "湖南送男宝(123456789)",
    "湖南送男宝(123456789)",
    "小明<XM@Example.com>",
    "【管理员】阿华(10001)",
    "路人甲",
    "(10002)",
    "系统消息(10000)",
    "系统消息(1000000)",
    "名字 带空格 (10003)",
    "尾空格(10005)  ",
    "=========(10006)",
    "撤回侠(10007)",
    "\u3000全角(10008)",
]
CONTENT = [  # the first ten are ordinary messages; the rest are the edge cases
    "本人湖南的，男宝刚满两个月，身体健康，营养费3万，有意私聊",
    "求女宝，江浙沪优先",
    "[图片]",
    "收到[表情]",
    "[图片][图片]看看",
    "湖南送男宝撤回了一条消息",
    "[坏笑]",
    "trailing space ",
    "ok 👍 see you",
    "\u3000全角空格开头",
    "",
    "   ",
    "2015-03-11 9:00:00 某人(10002)",
    "2015-03-11 09:00:00",
    "==========",
    "=== 分割 ===",
    "x==========y",
    "消息对象:假的",
    "a\rb",
]


def mostly(usual: list[str], rare: list[str]) -> st.SearchStrategy[str]:
    """One of `usual`, or one time in eight one of `rare` (an odd form or an impossible value)."""
    return st.tuples(st.integers(0, 7), st.sampled_from(usual), st.sampled_from(rare)).map(
        lambda pick: pick[2] if pick[0] == 0 else pick[1]
    )


headers = st.builds(
    lambda date, gap, clock, ampm, sep, who: f"{date}{gap}{clock}{ampm}{sep}{who}",
    mostly(["2015-03-11", "2015-3-1", "2016-02-29"], ["2015-13-01", "2015-02-30", "0000-01-01"]),
    mostly([" "], ["\t", "  "]),
    mostly(["9:05:07", "09:05:07", "23:59:59", "12:00:00", "0:00:00"], ["24:00:00", "9:60:00", "9:05:60"]),
    mostly(["", "", " AM", " PM"], ["PM", " am", "pm", "AM", "\tPM"]),
    mostly([" "], ["\t", "  "]),
    st.sampled_from(SENDERS),
)
ordinary_headers = st.builds(
    lambda clock, who: f"2015-03-11 {clock} {who}",
    st.sampled_from(["9:05:07", "10:00:00", "23:59:59"]),
    st.sampled_from(SENDERS[:5]),
)
# half the records ordinary (the scanner's stretches), half drawn from every edge case
records = st.one_of(
    st.tuples(
        ordinary_headers, st.lists(st.sampled_from(CONTENT[:10]), min_size=1, max_size=3), st.just(False)
    ),
    st.tuples(headers, st.lists(st.sampled_from(CONTENT), min_size=0, max_size=4), st.booleans()),
)
exports = st.fixed_dictionaries(
    {
        "records": st.lists(records, min_size=1, max_size=40),
        "crlf": st.booleans(),
        "blank_between": st.sampled_from([True, True, False]),
        "preamble": st.sampled_from(["qq", "qq", "tim", "none"]),
        "encoding": st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
        "chunk_bytes": st.sampled_from([None, None, 5, 64, 300, 1000, 4096]),
        "blocks": st.booleans(),
        "final_newline": st.booleans(),
    }
)


def build_export(spec: dict) -> str:
    """A QQ text export as the message manager writes one, with the spec's conventions."""
    newline = "\r\n" if spec["crlf"] else "\n"
    rule = "=" * 64
    preamble = {
        "qq": f"消息记录（此消息记录为文本格式，不支持重新导入）{newline}{newline}{rule}{newline}"
        f"消息分组:我的群{newline}{rule}{newline}消息对象:第一群{newline}{rule}{newline}{newline}",
        "tim": f"MSGMGR_MSGREC{newline}{rule}{newline}MSGMGR_MSGOBJ:TIM群{newline}{rule}{newline}",
        "none": "",
    }[spec["preamble"]]
    parts = [preamble]
    for number, (header, lines, crlf_inside) in enumerate(spec["records"]):
        inner = "\r\n" if crlf_inside and spec["crlf"] and number % 3 == 0 else "\n"
        body = inner.join(lines)
        parts.append(header + newline + (body + newline if lines else ""))
        if spec["blank_between"]:
            parts.append(newline)
        if spec["blocks"] and number % 7 == 6:
            parts.append(f"{rule}{newline}消息对象:第{number}群{newline}{rule}{newline}{newline}")
    text = "".join(parts)
    return text if spec["final_newline"] else text.rstrip("\r\n")


def check_generated(folder: Path, spec: dict) -> None:
    path = folder / "export.txt"
    path.write_bytes(build_export(spec).encode(spec["encoding"]))
    assert_same_both_ways(path, spec["chunk_bytes"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=exports)
def test_generated_exports_read_the_same_both_ways(tmp_path_factory, spec) -> None:
    check_generated(tmp_path_factory.mktemp("qq"), spec)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=exports)
def test_many_generated_exports_read_the_same_both_ways(tmp_path_factory, spec) -> None:
    check_generated(tmp_path_factory.mktemp("qq"), spec)


def test_undecodable_bytes_and_a_record_split_by_them_read_the_same(tmp_path) -> None:
    body = "".join(f"2020-01-01 10:{n:02d}:00 甲(10001)\r\n第{n}条\r\n\r\n" for n in range(40)).encode(
        "utf-8"
    )
    path = tmp_path / "bad.txt"
    path.write_bytes(body[:500] + b"\xff\xfe" + body[500:])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        events = assert_same_both_ways(path, chunk_bytes=256)
    assert any(isinstance(event, Notice) and "undecodable" in event.text for event in events)


def test_big5_export_reads_the_same_both_ways_with_exact_offsets(tmp_path) -> None:
    records = "".join(
        f"2015-03-11 10:{n:02d}:00 台北阿姨({20000 + n % 3})\r\n第{n}則：寶寶滿月了，營養費面議\r\n\r\n"
        for n in range(60)
    )
    path = tmp_path / "big5.txt"
    path.write_bytes(records.encode("big5"))
    with scanner_counted() as counted:
        events = assert_same_both_ways(path, chunk_bytes=1024)
    assert counted[0] > 30
    raw = path.read_bytes()
    assert len(events) == 60
    for event in events:
        assert isinstance(event, Message) and event.source.encoding == "big5"
        assert raw[event.source.offset :].startswith(b"2015-03-11 10:")


def test_huijia_read_writes_the_same_bytes_with_and_without_the_scanner(tmp_path) -> None:
    records = "".join(
        f"2015-03-11 10:{n % 60:02d}:00 宝妈{n % 4}({30000 + n % 4})\r\n{CONTENT[n % 10]}\r\n\r\n"
        for n in range(500)
    )
    path = tmp_path / "group.txt"
    path.write_bytes(("\ufeff消息对象:大群\r\n\r\n" + records).encode("utf-8"))
    outputs = []
    for pure in ("1", "0"):
        done = subprocess.run(
            [sys.executable, "-m", "huijia.cli", "read", str(path)],
            capture_output=True,
            check=False,
            env={**os.environ, "HUIJIA_PURE_PYTHON": pure},
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"\n") == 500
