"""WeChat tool exports: the three CSV layouts and MemoTrace's JSON."""

from __future__ import annotations

from huijia.model import Attachment, Author

from .conftest import data, read


def test_memotrace_v2_prefers_epoch_and_keeps_multiline_fields() -> None:
    result = read(data("wechat/memotrace-v2_utf8.csv"))
    assert result.skips == []
    broker = result.messages[1]
    assert broker.author == Author("阿华中介", "wxid:wxid_broker01")
    assert broker.text == "有个男宝要送人，\n出生证明齐全，可以上户口，感谢费6万"
    assert broker.sent_at == "2021-03-04T09:06:30+08:00"
    assert broker.source.tz_assumed is None  # CreateTime epoch
    assert broker.source.line == 3
    assert [m.kind for m in result.messages] == ["text", "text", "image", "recall", "file"]
    # the row after a two-line field starts on line 5
    assert result.messages[2].source.line == 5


def test_memotrace_v4_chinese_type_names_and_local_times() -> None:
    result = read(data("wechat/memotrace-v4.csv"))
    assert [m.kind for m in result.messages] == ["text", "image", "text", "recall"]
    assert result.messages[0].sent_at == "2022-01-05T10:00:00+08:00"
    assert result.messages[0].source.tz_assumed == "Asia/Shanghai"
    assert result.messages[2].text == "多少钱\n引用：阿华: 【图片】"


def test_pywxdump_room_is_the_channel_and_self_has_no_wxid() -> None:
    result = read(data("wechat/pywxdump.csv"))
    assert {m.channel for m in result.messages} == {"12345678@chatroom"}
    assert result.messages[0].author == Author("wxid_example1", "wxid:wxid_example1")
    assert result.messages[0].text == "求购男孩，18万以内"
    assert result.messages[2].author == Author("我", None)
    assert result.messages[1].attachments[0].name == "FileStorage/MsgAttach/abc/x.dat"


def test_memotrace_json_composite_type_codes() -> None:
    result = read(data("wechat/memotrace.json"))
    assert [m.kind for m in result.messages] == ["text", "link"]  # 49 | 5<<32 is a link
    assert result.messages[0].text == "孩子三个月了，女孩"


def test_channel_comes_from_the_memotrace_folder_name() -> None:
    result = read(data("../../examples/wechat"))
    assert {m.channel for m in result.messages} == {"阿华"}


def test_pywxdump_times_resaved_without_zero_padding_are_read() -> None:
    # issue 16, finding 1: `2024/10/4 11:42` came out as sent_at null, with nothing said
    result = read(data("wechat/pywxdump-resaved.csv"))
    assert [m.sent_at for m in result.messages] == [
        "2024-10-04T09:05:00+08:00",
        "2024-10-04T09:06:00+08:00",
        "2024-10-04T11:42:00+08:00",
        "2024-10-12T21:07:00+08:00",
        None,
    ]
    assert result.messages[0].source.tz_assumed == "Asia/Shanghai"
    assert result.messages[0].source.encoding == "gb18030"


def test_a_time_that_cannot_be_read_is_reported_and_the_message_kept() -> None:
    result = read(data("wechat/pywxdump-resaved.csv"))
    assert [n.describe() for n in result.notices] == [
        f"{data('wechat/pywxdump-resaved.csv')}:6: note: field CreateTime is an impossible date or time;"
        " message kept without a time"
    ]
    assert result.messages[4].text == "可以视频吗"
    assert "视频" not in result.notices[0].text  # the message's text never goes into a note


def test_older_pywxdump_content_json_gives_text_and_media_paths() -> None:
    # issue 16, finding 2: every text was the raw JSON and the image paths in `src` were lost
    result = read(data("wechat/wxid_mama77_0_6.csv"))
    assert [m.text for m in result.messages[:4]] == ["女儿三个月，想找个好人家", "图片", "语音", "可以，私聊"]
    assert [m.kind for m in result.messages[:4]] == ["text", "image", "voice", "text"]
    assert result.messages[1].attachments == (
        Attachment("image", "FileStorage/MsgAttach/5c1e/Image/2024-04/7f3a.dat"),
    )
    assert result.messages[2].attachments == (
        Attachment("voice", "audio/wxid_agent02/2024-04-20_10-03-11.wav"),
    )
    assert result.messages[0].attachments == ()
    assert result.messages[0].channel == "wxid_mama77"  # from the page's file name
    assert result.messages[0].sent_at == "2024-04-20T10:01:02+08:00"


def test_older_pywxdump_content_that_is_not_json_is_kept_and_reported() -> None:
    result = read(data("wechat/wxid_mama77_0_6.csv"))
    assert result.messages[4].text == "{这不是JSON"
    assert [(n.line, n.text) for n in result.notices] == [
        (6, "field content is not valid JSON; kept as written")
    ]


def test_memotrace_txt_export_is_read_without_a_format() -> None:
    result = read(data("wechat/memotrace-txt/宝妈互助群(wxid_mama2024)/宝妈互助群.txt"))
    (chosen,) = result.chosen
    assert "read as wechat" in chosen.text
    kinds = [(m.kind, m.author.name if m.author else None) for m in result.messages]
    assert kinds == [("text", "湖南宝妈"), ("image", "小李"), ("recall", None), ("text", "领妈"),
                     ("system", None), ("text", "阿华"), ("voice", "阿华")]  # fmt: skip
    offer, _, _, request, pat, impossible, _ = result.messages
    assert offer.channel == "宝妈互助群" and offer.sent_at == "2024-05-01T10:00:05+08:00"
    assert offer.source.line == 1 and "营养费3万" in offer.text
    assert request.text == "江浙沪求领养女宝，刚出生的\n\n价格好说，可以先见面"  # its own blank line kept
    assert pat.text == '"领妈" 拍了拍 "湖南宝妈"' and pat.source.line == 15
    assert impossible.sent_at is None
    (note,) = result.notices
    assert note.line == 17 and "impossible date" in note.text and "天气" not in note.text
