"""Encoding choice and line walking with byte offsets."""

from __future__ import annotations

import io

import pytest

from huijia.ingest.textfile import UndecodableError, detect_encoding, iter_byte_lines, iter_lines

from .conftest import read

SAMPLE = "2021-03-04 09:05:07 小明(10001)\r\n早上好\r\n"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"\xef\xbb\xbf" + SAMPLE.encode(), "utf-8-sig"),
        (b"\xff\xfe" + SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),  # no BOM: NULs at odd positions
        (SAMPLE.encode("utf-8"), "utf-8"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        # traditional Chinese from Taiwan or Hong Kong: Big5 bytes also decode as (wrong) GB18030
        (
            "2019-09-23 20:43:38 台北媽媽(20001)\r\n女孩八個月，營養費面議，有意者私聊\r\n".encode("big5"),
            "big5",
        ),
        (b"plain ascii", "utf-8"),
    ],
)
def test_detect_encoding(raw: bytes, expected: str) -> None:
    assert detect_encoding(raw) == expected


def test_a_sample_cut_inside_a_character_is_still_utf8() -> None:
    raw = ("男宝" * 100).encode()
    assert detect_encoding(raw[:-1]) == "utf-8"


def test_binary_garbage_is_refused() -> None:
    with pytest.raises(UndecodableError):
        detect_encoding(bytes(range(256)) * 4)


def test_a_stray_nul_does_not_make_a_text_export_binary(tmp_path) -> None:
    assert detect_encoding(b"id,text\n1,a\x00b\n2,hello\n") == "utf-8"
    assert detect_encoding(("男宝两个月，营养费三万\n" * 500).encode() + b"\x00\n") == "utf-8"
    export = tmp_path / "posts.csv"
    export.write_bytes(b"id,text\n1,a\x00b\n2,hello\n")
    assert [m.text for m in read(export).messages] == ["a\x00b", "hello"]
    for binary in (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"x" * 20, bytes(range(64)) * 3):
        with pytest.raises(UndecodableError):
            detect_encoding(binary)


def test_mostly_utf8_with_a_damaged_byte_stays_utf8() -> None:
    raw = ("营养费三万，男宝两个月。" * 50).encode() + b"\xff" + "结束".encode()
    assert detect_encoding(raw) == "utf-8"


def test_lines_carry_numbers_offsets_and_crlf_flags() -> None:
    raw = b"\xef\xbb\xbfab\r\n\xe4\xb8\xad\ncd"
    lines = list(iter_lines(io.BytesIO(raw), "utf-8-sig"))
    # offsets point at each line's first byte of text: line 1 starts after the 3-byte BOM
    assert lines == [(1, 3, "ab", True), (2, 7, "中", False), (3, 11, "cd", False)]
    assert all(raw[offset:].decode("utf-8").startswith(text) for _, offset, text, _ in lines)


def test_lines_across_chunk_boundaries(monkeypatch) -> None:
    import huijia.ingest.textfile as textfile

    monkeypatch.setattr(textfile, "TEXT_CHUNK_BYTES", 3)
    raw = "第一行\n第二行\r\n".encode("gb18030")
    lines = list(iter_lines(io.BytesIO(raw), "gb18030"))
    assert [(n, t, c) for n, _, t, c in lines] == [(1, "第一行", False), (2, "第二行", True)]
    assert lines[1][1] == len("第一行\n".encode("gb18030"))


def test_undecodable_lines_are_replaced_and_reported() -> None:
    bad: list[int] = []
    lines = list(iter_lines(io.BytesIO(b"ok\nbad \xff here\n"), "utf-8", bad.append))
    assert lines[1][2] == "bad \ufffd here"
    assert bad == [2]


def test_utf16_offsets_count_bytes() -> None:
    raw = "甲\r\n乙\n".encode("utf-16-le")
    lines = list(iter_lines(io.BytesIO(raw), "utf-16-le"))
    assert [(n, o, t, c) for n, o, t, c in lines] == [(1, 0, "甲", True), (2, 6, "乙", False)]


@pytest.mark.parametrize(
    ("name", "skip", "expected"),
    [("qq-txt/group-crlf-utf8bom.txt", 3, "utf-8"), ("qq-txt/gb18030-ampm.txt", 0, "gb18030")],
)
def test_an_export_cut_anywhere_keeps_its_encoding(name: str, skip: int, expected: str) -> None:
    from pathlib import Path

    raw = (Path(__file__).parent / "data" / name).read_bytes()[skip:]
    wrong = [cut for cut in range(20, len(raw)) if detect_encoding(raw[:cut]) != expected]
    assert wrong == []


def test_truncated_export_reads_every_whole_record_and_reports_the_cut_character(tmp_path) -> None:
    from pathlib import Path

    from huijia.ingest import ReadOptions, read_inputs
    from huijia.model import Message, Notice

    raw = (Path(__file__).parent / "data" / "qq-txt" / "gb18030-ampm.txt").read_bytes()
    path = tmp_path / "cut.txt"
    path.write_bytes(raw[:-2])  # ends "我" plus the first byte of "要"
    events = list(read_inputs([path], "auto", ReadOptions()))
    messages = [e for e in events if isinstance(e, Message)]
    assert [m.text for m in messages][:2] == ["女孩八个月，老家周口，感谢费面议", "凌晨还在线吗"]
    assert messages[-1].text.startswith("我")
    assert any(isinstance(e, Notice) and "undecodable" in e.text for e in events)


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 64, 1 << 20])
def test_byte_lines_are_the_same_whatever_the_chunk_size(chunk: int) -> None:
    raw = '\ufeff{"a": 1}\r\n\n{"text": "男宝"}\n{"b": 2}'.encode()
    lines = list(iter_byte_lines(io.BytesIO(raw), chunk_bytes=chunk))
    assert [(n, o) for n, o, _ in lines] == [(1, 3), (2, 13), (3, 14), (4, 33)]
    assert [line for _, _, line in lines] == [b'{"a": 1}\r', b"", '{"text": "男宝"}'.encode(), b'{"b": 2}']
    for _, offset, line in lines:
        assert raw[offset : offset + len(line)] == line
