"""Encoding choice and line walking with byte offsets."""

from __future__ import annotations

import io

import pytest

from huijia.ingest.textfile import UndecodableError, detect_encoding, iter_lines

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
        (b"plain ascii", "utf-8"),
    ],
)
def test_detect_encoding(raw: bytes, expected: str) -> None:
    assert detect_encoding(raw, complete=True) == expected


def test_a_sample_cut_inside_a_character_is_still_utf8() -> None:
    raw = ("男宝" * 100).encode()
    assert detect_encoding(raw[:-1]) == "utf-8"


def test_binary_garbage_is_refused() -> None:
    with pytest.raises(UndecodableError):
        detect_encoding(bytes(range(256)) * 4)


def test_mostly_utf8_with_a_damaged_byte_stays_utf8() -> None:
    raw = ("营养费三万，男宝两个月。" * 50).encode() + b"\xff" + "结束".encode()
    assert detect_encoding(raw, complete=True) == "utf-8"


def test_lines_carry_numbers_offsets_and_crlf_flags() -> None:
    raw = b"\xef\xbb\xbfab\r\n\xe4\xb8\xad\ncd"
    lines = list(iter_lines(io.BytesIO(raw), "utf-8-sig"))
    assert lines == [(1, 0, "ab", True), (2, 7, "中", False), (3, 11, "cd", False)]


def test_lines_across_chunk_boundaries(monkeypatch) -> None:
    import huijia.ingest.textfile as textfile

    monkeypatch.setattr(textfile, "CHUNK_BYTES", 3)
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
