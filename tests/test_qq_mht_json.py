"""QQ .mht (MIME + HTML table, embedded images) and the QQNT exporter's JSON."""

from __future__ import annotations

import hashlib

from huijia.model import Attachment, Author

from .conftest import DATA, data, read


def test_mht_rows_become_messages_with_dates_carried_forward() -> None:
    result = read(data("qq-mht/group.mht"))
    assert result.skips == []
    assert [(m.author.name if m.author else None, m.sent_at) for m in result.messages] == [
        ("广东宝妈", "2016-05-02T09:05:07+08:00"),
        ("有缘人", "2016-05-02T09:06:30+08:00"),
        ("广东宝妈", "2016-05-02T09:07:00+08:00"),
        ("系统消息", "2016-05-03T10:00:00+08:00"),
    ]
    assert {m.channel for m in result.messages} == {"宝宝送养群"}
    assert result.messages[0].text == "孕七个月，预产期七月，男孩，生了就送，营养费五万"
    assert result.messages[2].text == "第一行\n第二行"
    assert result.messages[3].kind == "system"


def test_mht_embedded_image_carries_the_sha256_of_its_decoded_bytes() -> None:
    import base64
    import re

    raw = data("qq-mht/group.mht").read_bytes().decode("utf-8")
    b64 = re.search(r"Content-Location:\{0A1B2C3D[^\r\n]*\r\n\r\n(.*?)\r\n-", raw, re.S).group(1)
    expected = hashlib.sha256(base64.b64decode(b64)).hexdigest()
    message = read(data("qq-mht/group.mht")).messages[1]
    assert message.text == "看看宝宝照片"
    assert [(a.kind, a.sha256) for a in message.attachments] == [("image", expected)]


def test_mht_line_numbers_point_at_the_row_in_the_file() -> None:
    lines = data("qq-mht/group.mht").read_text("utf-8").splitlines()
    for message in read(data("qq-mht/group.mht")).messages:
        assert message.author.name in lines[message.source.line - 1]


def test_mht_without_boundary_is_a_clean_file_error(tmp_path) -> None:
    path = tmp_path / "x.mht"
    path.write_bytes(b"From: <Save by Tencent MsgMgr>\r\nSubject: Tencent IM Message\r\n\r\nno parts\r\n")
    result = read(path)
    assert result.messages == []
    assert [s.reason for s in result.skips] == ["no multipart boundary in the MIME headers"]


def test_qce_v4_keys_group_card_uin_reply_and_recall() -> None:
    result = read(data("qq-json/qce-v4.json"))
    first, image, recalled = result.messages
    assert first.author == Author("群名片宝妈", "qq:30001")  # group card wins over nickname
    assert first.channel == "四川宝宝互助群"
    assert first.sent_at == "2021-03-04T09:05:07+08:00"
    assert first.source.tz_assumed is None  # epoch milliseconds are exact
    assert image.author == Author("匿名买家", "qq:u_x2")  # uin "0" → opaque uid
    assert image.kind == "image"
    assert image.reply_to == first.id
    assert recalled.kind == "recall"


def test_qce_v5_keys_iso_timestamps_and_system_messages() -> None:
    text, system = read(data("qq-json/qce-v5.json")).messages
    assert text.author == Author("小王", "qq:40001")
    assert text.sent_at == "2023-07-01T12:00:00+00:00"
    assert text.text == "双胞胎，龙凤胎，一起送"
    assert system.kind == "system"


def test_truncated_qce_json_keeps_the_messages_before_the_break(tmp_path) -> None:
    raw = (DATA / "qq-json/qce-v4.json").read_bytes()
    cut = raw.index(b'"7301000000000000003"')
    path = tmp_path / "cut.json"
    path.write_bytes(raw[:cut])
    result = read(path)
    assert len(result.messages) == 2
    assert len(result.skips) == 1
    assert "ends in the middle" in result.skips[0].reason
    assert not result.skips[0].fatal


def test_qce_2025_json_seq_ids_element_kinds_and_reply_elements() -> None:
    # issue 16, finding 7: image, file and voice came out as text, reply_to null, ids made up (n1…n7)
    result = read(data("qq-json/qce-2025.json"))
    assert [m.id.rsplit(":", 1)[1] for m in result.messages] == [str(n) for n in range(8801, 8808)]
    assert [m.kind for m in result.messages] == ["text", "image", "file", "voice", "text", "system", "text"]
    image, file, voice, reply = result.messages[1:5]
    assert image.attachments == (Attachment("image", "B1C2D3E4F5.jpg"),)
    assert file.attachments == (Attachment("file", "出生证明.pdf"),)
    assert voice.attachments == (Attachment("voice", "7f0e.amr"),)
    assert reply.reply_to == file.id
    assert reply.text == "收到，私聊"
    assert image.sent_at == "2024-10-04T11:42:20+08:00" and image.source.tz_assumed is None


def test_qce_unknown_element_type_is_named_in_a_note() -> None:
    result = read(data("qq-json/qce-2025.json"))
    assert [n.text for n in result.notices] == ["message #7: element type(s) type_99 not known; left out"]


def test_mht_with_an_unknown_charset_is_read_as_utf8_and_says_so(tmp_path) -> None:
    raw = data("qq-mht/group.mht").read_bytes()
    path = tmp_path / "group.mht"
    path.write_bytes(
        raw.replace(b"Content-Type: text/html\r\n", b"Content-Type: text/html; charset=x-nonsense\r\n", 1)
    )
    result = read(path)
    assert len(result.messages) == len(read(data("qq-mht/group.mht")).messages)
    assert "the page declares an unknown charset 'x-nonsense'; read as UTF-8" in [
        n.text for n in result.notices
    ]
