"""The classic QQ text export: sender forms, multi-line records, block headers, encodings."""

from __future__ import annotations

import pytest

from huijia.ingest.qq_txt import parse_sender
from huijia.model import Author

from .conftest import data, read

CRLF = data("qq-txt/group-crlf-utf8bom.txt")


def test_reads_every_record_of_both_conversation_blocks() -> None:
    result = read(CRLF)
    assert len(result.messages) == 10
    assert result.skips == []
    assert {m.channel for m in result.messages} == {"湖南宝贝之家", "小李"}


def test_message_fields_follow_the_read_contract() -> None:
    first = read(CRLF).messages[0]
    assert first.id == f"qq-txt:{first.source.sha256[:8]}:9"
    assert first.kind == "text"
    assert first.author == Author("湖南送男宝", "qq:10001")
    assert first.sent_at == "2015-03-11T09:05:07+08:00"  # one-digit hour read right
    assert first.text == "本人湖南的，男宝刚满两个月，身体健康，营养费3万，有意私聊"
    assert first.source.format == "qq-txt"
    assert first.source.encoding == "utf-8-sig"
    assert first.source.tz_assumed == "Asia/Shanghai"
    assert first.source.line == 9


def test_byte_offset_points_at_the_header_line_in_the_raw_file() -> None:
    raw = CRLF.read_bytes()
    for message in read(CRLF).messages:
        at = raw[message.source.offset :]
        assert at.decode("utf-8", "replace").startswith(message.sent_at[:4])


def test_header_like_line_after_a_bare_lf_stays_content() -> None:
    # CRLF ends records; a bare LF is a break inside a message, so this "header" is text
    message = read(CRLF).by_id_suffix("24")
    assert message.text.splitlines() == [
        "求女宝，江浙沪优先，价格好说",
        "最好是刚出生的",
        "2015-03-11 09:10:59 这一行是消息内容不是新消息(10009)",
    ]


def test_bare_timestamp_line_is_content_not_a_header() -> None:
    message = read(CRLF).by_id_suffix("46")
    assert message.author == Author("小李", None)  # private chat: name only
    assert message.text.startswith("2006-01-02 15:04:05\n")


def test_blank_lines_inside_a_message_are_kept_and_trailing_ones_trimmed() -> None:
    assert read(CRLF).by_id_suffix("35").text == "第一段\n\n第二段，中间有空行"


def test_kinds_from_placeholders_system_sender_and_recall() -> None:
    result = read(CRLF)
    image = result.by_id_suffix("12")
    assert image.kind == "image"
    assert image.author == Author("阿华", "qq:10002")  # 【管理员】 title stripped
    assert [a.kind for a in image.attachments] == ["image"]
    sticker_in_text = result.by_id_suffix("15")
    assert sticker_in_text.kind == "text"
    assert sticker_in_text.author == Author("访客", "email:guest.one@example.com")
    assert [a.kind for a in sticker_in_text.attachments] == ["sticker"]
    assert result.by_id_suffix("18").kind == "system"
    assert result.by_id_suffix("32").kind == "recall"


def test_gb18030_file_with_am_pm_clock() -> None:
    result = read(data("qq-txt/gb18030-ampm.txt"))
    assert [m.sent_at for m in result.messages] == [
        "2019-09-23T20:43:38+08:00",
        "2019-09-23T00:05:00+08:00",  # 12:05 AM is just after midnight
        "2019-09-24T09:15:00+08:00",
    ]
    assert result.messages[0].source.encoding == "gb18030"
    assert result.messages[0].text == "女孩八个月，老家周口，感谢费面议"


def test_utf16_file_reads_the_same_messages_with_byte_offsets() -> None:
    utf16 = read(data("qq-txt/utf16le.txt"))
    gb = read(data("qq-txt/gb18030-ampm.txt"))
    assert [(m.text, m.sent_at, m.author) for m in utf16.messages] == [
        (m.text, m.sent_at, m.author) for m in gb.messages
    ]
    raw = data("qq-txt/utf16le.txt").read_bytes()
    first = utf16.messages[0]
    assert raw[first.source.offset :].decode("utf-16-le").startswith("2019-09-23 8:43:38 PM")


def test_tz_option_changes_offset_and_is_recorded() -> None:
    message = read(CRLF, tz="Europe/London").messages[0]
    assert message.sent_at == "2015-03-11T09:05:07+00:00"
    assert message.source.tz_assumed == "Europe/London"


def test_same_file_read_twice_gives_same_ids() -> None:
    assert [m.id for m in read(CRLF).messages] == [m.id for m in read(CRLF).messages]


def test_sender_forms() -> None:
    # (header text, expected author) — research/export-formats.md §1.1
    cases = [
        ("小明(10001)", Author("小明", "qq:10001")),
        ("【管理员】【冒泡】阿华(10002)", Author("阿华", "qq:10002")),
        ("访客<A.B@Example.com>", Author("访客", "email:a.b@example.com")),
        ("(10003)", Author(None, "qq:10003")),
        ("(A)(B(123456)", Author("(A)(B", "qq:123456")),
        ("只有名字", Author("只有名字", None)),
    ]
    for who, expected in cases:
        assert parse_sender(who) == expected, who


def test_impossible_date_in_a_header_keeps_the_message_and_notes_its_line(tmp_path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(
        "消息对象:群\n\n2021-02-30 10:00:00 甲(10001)\n坏日期\n\n2021-03-01 10:00:00 乙(10002)\n好的\n",
        encoding="utf-8",
    )
    result = read(path)
    assert [(m.text, m.sent_at) for m in result.messages] == [
        ("坏日期", None),  # kept: the text is evidence even when its header's date is not
        ("好的", "2021-03-01T10:00:00+08:00"),
    ]
    assert result.skips == []
    assert [n.describe() for n in result.notices] == [
        f"{path}:3: note: impossible date or time in the message header (2021-02-30 10:00:00); "
        "message kept without a time"
    ]  # the date as written, never the sender or the text


@pytest.mark.parametrize("chunk_bytes", [1, 7, 64, 333])
@pytest.mark.parametrize(
    "name", ["qq-txt/group-crlf-utf8bom.txt", "qq-txt/gb18030-ampm.txt", "qq-txt/utf16le.txt"]
)
def test_records_straddling_chunk_boundaries_read_the_same(monkeypatch, name: str, chunk_bytes: int) -> None:
    import huijia.ingest.textfile as textfile

    whole = read(data(name))
    monkeypatch.setattr(textfile, "TEXT_CHUNK_BYTES", chunk_bytes)
    assert read(data(name)) == whole


def test_tim_resource_keys_lf_endings_and_records_without_blank_lines(tmp_path) -> None:
    path = tmp_path / "tim.txt"
    path.write_text(
        "MSGMGR_MSGREC\n"
        "================================================================\n"
        "MSGMGR_MSGFOLDER:Groups\n"
        "================================================================\n"
        "MSGMGR_MSGOBJ:TIM群\n"
        "================================================================\n"
        "2020-01-01 10:00:00 甲(10001)\n第一条\n"
        "2020-01-01 10:01:00 乙(10002)\n第二条\n",
        encoding="utf-8",
    )
    result = read(path, fmt="qq-txt")
    assert [(m.channel, m.author.handle, m.text) for m in result.messages] == [
        ("TIM群", "qq:10001", "第一条"),
        ("TIM群", "qq:10002", "第二条"),
    ]
    assert [n.text for n in result.notices] == ["1 line(s) outside any message ignored (lines 1)"]


def test_undecodable_bytes_are_replaced_reported_and_offsets_stay_exact(tmp_path) -> None:
    raw = (
        "消息对象:群\r\n\r\n2020-01-01 10:00:00 甲(10001)\r\n好\xff的\r\n\r\n"
        "2020-01-01 10:01:00 乙(10002)\r\n二\r\n"
    )
    path = tmp_path / "bad.txt"
    path.write_bytes(raw.encode("utf-8").replace("\xff".encode(), b"\xff"))
    data_bytes = path.read_bytes()
    result = read(path, fmt="qq-txt")
    assert [m.text for m in result.messages] == ["好\ufffd的", "二"]
    assert [(n.line, n.text) for n in result.notices] == [(4, "undecodable bytes replaced (read as utf-8)")]
    second = result.messages[1]
    assert data_bytes[second.source.offset :].startswith(b"2020-01-01 10:01:00")


def test_header_like_line_after_a_bare_lf_blank_line_stays_content(tmp_path) -> None:
    # A pasted paragraph break inside a CRLF record is "\n\n": still inside the message.
    path = tmp_path / "paste.txt"
    path.write_bytes(
        "2015-03-11 9:05:07 阿华(10001)\r\n转发一条：\n\n2015-03-11 9:00:00 某人(10002)\n原帖内容\r\n\r\n"
        "2015-03-11 9:06:00 小明(10003)\r\n看到了\r\n\r\n".encode()
    )
    result = read(path)
    assert [m.author.name for m in result.messages if m.author] == ["阿华", "小明"]
    assert result.messages[0].text == "转发一条：\n\n2015-03-11 9:00:00 某人(10002)\n原帖内容"


def test_phone_number_logins_get_a_phone_handle_and_bare_cr_breaks_lines() -> None:
    # issue 16, finding 9: `name<18800000000>` became the whole name; bare CR stayed `\r` in the text
    result = read(data("qq-txt/phone-login-bare-cr.txt"))
    first, second, third = result.messages
    assert first.author == Author("阿芳", "phone:+8618800000000")
    assert first.text == "孩子六个月了\n男孩\n营养费面议"
    assert second.author == Author("我", "phone:+8613912345678")
    assert third.author == Author("老周<1234567>", None)  # not a phone number: the name as written
