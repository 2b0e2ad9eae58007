"""WeChat tool exports: the three CSV layouts, MemoTrace's JSON and TXT, PyWxDump's HTML export."""

from __future__ import annotations

import subprocess
import sys

import pytest

from huijia.ingest.wechat import pywxdump_fields
from huijia.model import Attachment, Author

from .conftest import data, read

DATA_JS = "wechat/pywxdump-html/wxid_mama88/data.js"


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


def test_pywxdump_html_export_is_read_from_its_data_js() -> None:
    # issue 16: PyWxDump's HTML export (3.1.x) was listed as not read
    result = read(data(DATA_JS))
    (chosen,) = result.chosen
    assert "read as wechat" in chosen.text
    assert result.skips == []
    kinds = [(m.kind, m.author.name if m.author else None) for m in result.messages]
    assert kinds == [("text", "小雨"), ("image", "小雨"), ("voice", "阿明"), ("text", "阿明"),
                     ("recall", "小雨"), ("text", "小雨"), ("text", "小雨")]  # fmt: skip
    offer, photo, voice, question, *_ = result.messages
    assert offer.author == Author("小雨", "wxid:wxid_mama88")  # the remark from local_user_list
    assert offer.text == "女儿四个月，想给她找个好人家"
    assert offer.channel == "wxid_mama88"
    assert offer.sent_at == "2024-05-02T10:01:02+08:00" and offer.source.tz_assumed == "Asia/Shanghai"
    assert offer.id.endswith(":n1") and offer.source.line is None  # one JSON line: items are numbered
    assert photo.attachments == (
        Attachment("image", "FileStorage\\MsgAttach\\ab12\\Image\\2024-05\\c3d4.dat"),
    )
    assert voice.author == Author("阿明", "wxid:wxid_me01")  # is_sender: PyWxDump's own wxid, named too
    assert question.text == "可以，营养费怎么算？"


def test_pywxdump_html_broken_fields_are_notes_on_stderr_and_the_messages_kept() -> None:
    path = data(DATA_JS)
    done = subprocess.run(
        [sys.executable, "-m", "huijia.cli", "read", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stderr.splitlines() if ": note: n" in line]
    assert notes == [
        f"{path}: note: n6: field src is not a media path (a forwarded chat's items?); left out",
        f"{path}: note: n7: field CreateTime is an impossible date or time; message kept without a time",
    ]
    assert done.stderr.strip().endswith("read 7 messages, 0 records skipped, 3 notes")
    assert "视频" not in done.stderr and "出生证明" not in done.stderr  # no message text in a note
    assert len(done.stdout.splitlines()) == 7


def test_pywxdump_html_cut_short_keeps_the_messages_before_the_break(tmp_path) -> None:
    whole = data(DATA_JS).read_bytes()
    cut = tmp_path / "data.js"
    cut.write_bytes(whole[: whole.index("下午可以视频".encode())])
    result = read(cut)
    assert [m.id.rsplit(":", 1)[1] for m in result.messages] == ["n1", "n2", "n3", "n4", "n5", "n6"]
    (skip,) = result.skips
    assert (skip.reason, skip.where, skip.fatal) == (
        "the file ends in the middle of the JSON; 6 messages before it were kept",
        "after message #6",
        False,
    )


def test_pywxdump_html_user_list_that_is_not_json_names_authors_by_wxid(tmp_path) -> None:
    lines = data(DATA_JS).read_text(encoding="utf-8").split("\n")
    lines[3] = "const local_user_list = {broken"
    path = tmp_path / "data.js"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = read(path)
    assert [(n.line, n.text) for n in result.notices] == [
        (4, "local_user_list is not the JSON object PyWxDump writes; authors named by wxid"),
        (None, "n6: field src is not a media path (a forwarded chat's items?); left out"),
        (None, "n7: field CreateTime is an impossible date or time; message kept without a time"),
    ]
    assert result.messages[0].author == Author("wxid_mama88", "wxid:wxid_mama88")


def test_pywxdump_html_count_that_disagrees_with_the_list_is_reported(tmp_path) -> None:
    text = data(DATA_JS).read_text(encoding="utf-8").replace("local_msg_count = 7", "local_msg_count = 9")
    path = tmp_path / "data.js"
    path.write_text(text, encoding="utf-8")
    assert "local_msg_count declares 9 messages; the list holds 7" in [n.text for n in read(path).notices]


@pytest.mark.parametrize(
    ("type_name", "kind", "noted"),
    [
        ("(分享)音乐", "link", False),
        ("消息撤回1", "recall", False),
        ("用户上传的GIF表情", "sticker", False),
        ("语音通话", "service", False),
        ("新的类型", "text", True),
    ],
)
def test_pywxdump_type_names_of_3x(type_name: str, kind: str, noted: bool) -> None:
    fields = pywxdump_fields(
        {"type_name": type_name, "talker": "wxid_a", "msg": "x", "src": "", "createtime": ""}
    )
    assert fields.kind == kind
    assert bool(fields.notes) == noted
    assert all(type_name not in note for note in fields.notes)


MEMO_HTML = "wechat/memotrace-html/小雨妈妈(wxid_mama66)/小雨妈妈.html"


def test_memotrace_html_page_alone_is_read_from_its_chat_messages_list() -> None:
    result = read(data(MEMO_HTML))
    (chosen,) = result.chosen
    assert "read as wechat" in chosen.text
    assert result.skips == []
    got = [(m.kind, m.author.name if m.author else None) for m in result.messages]
    assert got == [("text", "小雨妈妈"), ("image", "小雨妈妈"), ("voice", "阿明"), ("video", "小雨妈妈"),
                   ("file", "小雨妈妈"), ("recall", None), ("text", "小雨妈妈"), ("service", "阿明"),
                   ("text", "小雨妈妈")]  # fmt: skip
    offer, photo, voice, _video, doc, _recall, quoted, transfer, _late = result.messages
    assert offer.text == "女儿四个月，想给她找个好人家 <急>"  # HTML and JavaScript escapes undone
    assert offer.channel == "小雨妈妈" and offer.author == Author("小雨妈妈", None)
    assert offer.sent_at == "2024-05-02T10:01:02+08:00" and offer.source.tz_assumed is None  # epoch
    assert offer.id.endswith(":n1")
    assert photo.attachments == (Attachment("image", "./image/2024-05/c3d4.jpg"),) and photo.text == ""
    assert voice.text == "营养费怎么算？" and voice.attachments == (Attachment("voice", "./voice/6655.mp3"),)
    assert doc.text == "出生证明.pdf" and doc.attachments == (Attachment("file", "./file/出生证明.pdf"),)
    assert quoted.text == "她说'下午'可以\n视频看看孩子 & 证明"
    assert transfer.text == "发起转账 ￥2000.00"


def test_memotrace_html_broken_field_is_a_note_on_stderr_and_the_message_kept() -> None:
    path = data(MEMO_HTML)
    done = subprocess.run(
        [sys.executable, "-m", "huijia.cli", "read", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stderr.splitlines() if ": note: n" in line]
    assert notes == [f"{path}: note: n9: field timestamp is not a date and time; message kept without a time"]
    assert done.stderr.strip().endswith("read 9 messages, 0 records skipped, 2 notes")
    assert len(done.stdout.splitlines()) == 9


def test_memotrace_html_broken_record_is_skipped_with_a_note_and_the_rest_read(tmp_path) -> None:
    page = data(MEMO_HTML).read_text(encoding="utf-8")
    text = page.replace("type:43,text: './video", "type:43,text: ,'x", 1)
    path = tmp_path / "小雨妈妈.html"
    path.write_text(text, encoding="utf-8")
    result = read(path)
    assert len(result.messages) == 8
    (skip,) = result.skips
    assert (skip.where, skip.fatal) == ("message #4", False)
    assert [m.id.rsplit(":", 1)[1] for m in result.messages][3:5] == ["n5", "n6"]


def test_memotrace_html_cut_short_keeps_the_messages_before_the_break(tmp_path) -> None:
    whole = data(MEMO_HTML).read_bytes()
    path = tmp_path / "小雨妈妈.html"
    path.write_bytes(whole[: whole.index("她说".encode())])
    result = read(path)
    assert [m.id.rsplit(":", 1)[1] for m in result.messages] == ["n1", "n2", "n3", "n4", "n5", "n6"]
    (skip,) = result.skips
    assert (skip.reason, skip.where, skip.fatal) == (
        "the page ends in the middle of its message list; 6 messages before it were kept",
        "after message #6",
        False,
    )


def test_memotrace_html_with_its_json_beside_is_read_once_through_the_json(tmp_path) -> None:
    (tmp_path / "小雨妈妈.html").write_bytes(data(MEMO_HTML).read_bytes())
    (tmp_path / "小雨妈妈.json").write_bytes(data("wechat/memotrace.json").read_bytes())
    result = read(tmp_path)
    assert len(result.messages) == 2  # the JSON's two, not the page's nine as well
    assert any("not read: 小雨妈妈.json beside it holds the same messages" in n.text for n in result.notices)
    # given the page alone, the note says which file to give instead (nothing is lost in silence)
    alone = read(tmp_path / "小雨妈妈.html")
    assert alone.messages == []
    assert any("give that file" in n.text for n in alone.notices)


def test_memotrace_page_and_forum_pages_are_each_claimed_by_one_reader_only() -> None:
    from huijia.ingest.inputs import candidate_readers

    page = data(MEMO_HTML)
    forum_words = page.read_bytes().replace("等你消息".encode(), "tieba discuz 帖子".encode())
    assert [r.name for r in candidate_readers(forum_words[:65536], page)] == ["wechat"]
    for forum in ("html/discuz-thread.html", "html/tieba-thread.html"):
        path = data(forum)
        assert [r.name for r in candidate_readers(path.read_bytes()[:65536], path)] == ["html"]


MSG_USER = "wechat/pywxdump-html-2x/20881234@chatroom/data/msg_user.json"


def test_pywxdump_2x_html_export_is_read_from_its_msg_user_json() -> None:
    # PyWxDump 2.4.35–3.0.0's HTML export (api/api.py `export`, commit 26ffb64): was listed as not read
    result = read(data(MSG_USER))
    (chosen,) = result.chosen
    assert "read as wechat" in chosen.text
    assert result.skips == []
    got = [(m.kind, m.author.name if m.author else None) for m in result.messages]
    assert got == [("text", "卖家阿强"), ("image", "卖家阿强"), ("voice", "小李"), ("text", "小李"),
                   ("service", "卖家阿强"), ("sticker", "wxid_buyer7"), ("recall", "未知"),
                   ("text", "wxid_buyer7")]  # fmt: skip
    offer, photo, voice, quote, *_ = result.messages
    assert offer.author == Author("卖家阿强", "wxid:wxid_seller5")  # the remark from user_list
    assert offer.text == "新生男宝，手续齐全，要的私聊"
    assert offer.channel == "20881234@chatroom"
    assert offer.sent_at == "2024-03-10T20:01:02+08:00" and offer.source.tz_assumed == "Asia/Shanghai"
    assert [m.sent_at[11:19] for m in result.messages if m.sent_at] == [
        "20:01:02", "20:01:40", "20:03:11", "20:04:00", "20:06:30", "20:07:00", "20:08:00", "20:09:00"
    ]  # fmt: skip
    assert offer.id.endswith(":n1") and offer.source.line is None
    assert photo.attachments == (
        Attachment("image", "img\\FileStorage\\MsgAttach\\9a8b\\Image\\2024-03\\e5f6.dat_0f1e2d3c.jpg"),
    )
    # `我`, PyWxDump's talker for one's own messages, is my_wxid, named from user_list
    assert voice.author == Author("小李", "wxid:wxid_me02")
    assert voice.attachments == (
        Attachment("voice", "audio\\20881234@chatroom\\2024-03-10_20-03-11_1_7788.wav"),
    )
    assert quote.text.startswith("在哪个城市？")
    assert [n.text for n in result.notices] == [
        "n8: field content.src is not a media path (a forwarded chat's items?); left out"
    ]


def test_pywxdump_2x_broken_fields_are_notes_on_stderr_and_the_messages_kept(tmp_path) -> None:
    import json

    whole = json.loads(data(MSG_USER).read_text(encoding="utf-8"))
    whole["msg_list"][0]["content"] = "新生男宝"  # not the {src, msg} object
    whole["msg_list"][1]["CreateTime"] = "2024-02-30 09:00:00"
    whole["msg_list"][3]["type_name"] = 49
    del whole["msg_list"][4]["content"]
    whole["myuserdata"]["chat_count"] = 9
    path = tmp_path / "msg_user.json"
    path.write_text(json.dumps(whole, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "huijia.cli", "read", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    notes = [line.split(": note: ", 1)[1] for line in done.stderr.splitlines() if ": note: " in line]
    assert notes[1:] == [
        "n1: field content is not the {src, msg} object PyWxDump writes; kept as text",
        "n2: field CreateTime is an impossible date or time; message kept without a time",
        "n4: field type_name is not a PyWxDump type this reader knows; read as text",
        "n4: field type_name is not a string; kept as JSON",
        "n5: field content is missing or null; message kept without text",
        "n8: field content.src is not a media path (a forwarded chat's items?); left out",
        "myuserdata.chat_count declares 9 messages; the list holds 8",
    ]
    assert done.stderr.strip().endswith("read 8 messages, 0 records skipped, 8 notes")
    assert "新生男宝" not in done.stderr  # no message text in a note
    assert len(done.stdout.splitlines()) == 8


def test_pywxdump_2x_cut_short_keeps_the_messages_before_the_break_and_says_the_users_are_lost(
    tmp_path,
) -> None:
    whole = data(MSG_USER).read_bytes()
    cut = tmp_path / "msg_user.json"
    cut.write_bytes(whole[: whole.index("孩子照片".encode())])
    result = read(cut)
    assert [m.id.rsplit(":", 1)[1] for m in result.messages] == [f"n{i}" for i in range(1, 8)]
    assert result.messages[0].author == Author("wxid_seller5", "wxid:wxid_seller5")
    assert result.messages[2].author == Author("我", None)  # my_wxid, after the list, is lost too
    assert [n.text for n in result.notices] == [
        "user_list was not read (the file breaks before it); authors named by wxid"
    ]
    (skip,) = result.skips
    assert (skip.reason, skip.where, skip.fatal) == (
        "the file ends in the middle of the JSON; 7 messages before it were kept",
        "after message #7",
        False,
    )


def test_pywxdump_2x_msg_user_json_is_claimed_by_wechat_only(tmp_path) -> None:
    import json

    from huijia.ingest.inputs import candidate_readers

    path = data(MSG_USER)
    assert [r.name for r in candidate_readers(path.read_bytes()[:65536], path)] == ["wechat"]
    # one line longer than the sniffed head, with a message whose text is `text` (what jsonl looks for)
    whole = json.loads(path.read_text(encoding="utf-8"))
    whole["msg_list"] *= 200
    whole["msg_list"][0]["content"]["msg"] = "text"
    big = tmp_path / "msg_user.json"
    big.write_text(json.dumps(whole, ensure_ascii=False), encoding="utf-8")
    head = big.read_bytes()[:65536]
    assert len(head) == 65536
    assert [r.name for r in candidate_readers(head, big)] == ["wechat"]
    assert len(read(big).messages) == 1600
    # other JSON objects are not taken: a msg_list of something else, an object starting otherwise
    for other in (
        {"msg_list": [{"text": "hello", "time": 1}]},
        {"user_list": {}, "msg_list": []},
        {"messages": [], "msg_list": []},
    ):
        other_path = tmp_path / "other.json"
        other_path.write_text(json.dumps(other), encoding="utf-8")
        assert "wechat" not in [r.name for r in candidate_readers(other_path.read_bytes(), other_path)]
    for fixture in (
        "qq-json/qce-v5.json",
        "telegram/result.json",
        "generic/posts.jsonl",
    ):
        other_path = data(fixture)
        names = [r.name for r in candidate_readers(other_path.read_bytes()[:65536], other_path)]
        assert names and "wechat" not in names, fixture


PAGE_22 = "wechat/pywxdump-2.2/芳芳_0.html"


def test_pywxdump_22_rendered_page_is_read_row_by_row() -> None:
    # PyWxDump 2.2's HTML export (show_chat/main_window.py export_html, commits 21fe2bb–03b694e)
    result = read(data(PAGE_22))
    (chosen,) = result.chosen
    assert "read as wechat" in chosen.text
    assert result.skips == []
    got = [(m.kind, m.author.name if m.author else None) for m in result.messages]
    assert got == [("text", None), ("text", "我"), ("image", None), ("voice", None), ("sticker", None),
                   ("recall", None), ("text", None), ("text", None)]  # fmt: skip
    first, own, photo, voice, sticker, *_, last = result.messages
    assert first.text == "宝宝下个月生，男孩女孩都行" and first.channel == "芳芳"  # the file's `{name}_{n}`
    assert first.sent_at == "2023-11-20T09:00:05+08:00" and first.source.tz_assumed == "Asia/Shanghai"
    assert first.source.line == 12 and first.id.endswith(":12")  # the row's <tr> line
    assert own.text == 'A&B <先说好> "价钱" 别在这里说'  # Jinja's escapes undone
    assert own.author == Author("我", None)
    assert photo.attachments == (Attachment("image", None),)  # embedded data: URL, no file name
    assert voice.attachments == (Attachment("voice", None),)
    assert sticker.attachments == (Attachment("sticker", "http://emoji.example/wx_emoji/77aa/0"),)
    assert last.text == "第一行\n第二行" and last.sent_at is None


def test_pywxdump_22_broken_fields_are_notes_on_stderr_and_the_messages_kept(tmp_path) -> None:
    page = data(PAGE_22).read_text(encoding="utf-8")
    damaged = page.replace("[收][文本] 2023-11-20 09:00:05</label>", "[收][文本] 昨天</label>", 1)
    damaged = damaged.replace('<label style="color:#f54f71">[收][图片]', "<span>[收][图片]", 1)
    path = tmp_path / "芳芳_0.html"
    path.write_text(damaged, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "huijia.cli", "read", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    said = [line.split(f"{path}:", 1)[1] for line in done.stderr.splitlines() if line.startswith(f"{path}:")]
    assert said[1:] == [
        "12: note: field CreateTime is not a date and time; message kept without a time",
        "40: table row without the [发]/[收] label PyWxDump 2.2 writes; not a message",
        "98: note: field type_name is not a PyWxDump type this reader knows; read as text",
        "112: note: field CreateTime is an impossible date or time; message kept without a time",
    ]
    assert done.stderr.strip().endswith("read 7 messages, 1 record skipped, 4 notes")
    assert "宝宝下个月生" not in done.stderr and "先说好" not in done.stderr


def test_pywxdump_22_page_cut_short_keeps_the_messages_before_the_break(tmp_path) -> None:
    whole = data(PAGE_22).read_bytes()
    inside = tmp_path / "芳芳_0.html"
    inside.write_bytes(whole[: whole.index("第一行".encode())])
    result = read(inside)
    assert len(result.messages) == 7
    (skip,) = result.skips
    assert (skip.reason, skip.line, skip.fatal) == (
        "the page ends in the middle of a message; 7 messages before it were kept",
        112,
        False,
    )
    after = tmp_path / "芳芳_1.html"
    after.write_bytes(whole[: whole.index(b"</tbody>")])
    result = read(after)
    assert len(result.messages) == 8 and result.skips == []
    assert "it may be cut short after 8 messages" in result.notices[-1].text


def test_pywxdump_22_page_is_claimed_by_wechat_only() -> None:
    from huijia.ingest.inputs import candidate_readers

    path = data(PAGE_22)
    assert [r.name for r in candidate_readers(path.read_bytes()[:65536], path)] == ["wechat"]
    forum_words = path.read_bytes().replace("都行".encode(), "tieba discuz 帖子".encode())
    assert [r.name for r in candidate_readers(forum_words[:65536], path)] == ["wechat"]
    for other in ("wechat/memotrace-html/小雨妈妈(wxid_mama66)/小雨妈妈.html", "html/tieba-thread.html"):
        other_path = data(other)
        names = [r.name for r in candidate_readers(other_path.read_bytes()[:65536], other_path)]
        assert names == ["wechat" if other.startswith("wechat") else "html"]


def test_a_time_of_digits_int_cannot_read_is_a_note_not_a_break(tmp_path) -> None:
    # found by the msg_user.json fuzz test: `²`.isdigit() is True, int("²") raises; the message was lost
    # and the file called invalid JSON
    import json

    whole = json.loads(data(MSG_USER).read_text(encoding="utf-8"))
    whole["msg_list"][0]["CreateTime"] = "²"
    path = tmp_path / "msg_user.json"
    path.write_text(json.dumps(whole, ensure_ascii=False), encoding="utf-8")
    result = read(path)
    assert len(result.messages) == 8 and result.skips == []
    assert result.messages[0].sent_at is None
    assert result.notices[0].text.startswith("n1: field CreateTime")


ECHOTRACE = "wechat/echotrace/宝宝之家互助群_聊天记录_1717401600000.json"
WEFLOW = "wechat/weflow/卖家小凯.json"
ARKME = "wechat/weflow-arkme/江浙沪宝宝交流群.json"


@pytest.mark.parametrize(
    ("fixture", "layout"), [(ECHOTRACE, "echotrace"), (WEFLOW, "weflow"), (ARKME, "weflow-arkme")]
)
def test_echotrace_and_weflow_json_are_claimed_by_wechat_only_and_the_layout_named(
    fixture: str, layout: str
) -> None:
    from huijia.ingest.inputs import candidate_readers
    from huijia.ingest.textfile import decode_head
    from huijia.ingest.wechat import echotrace_layout

    path = data(fixture)
    head = path.read_bytes()[:65536]
    assert [r.name for r in candidate_readers(head, path)] == ["wechat"]
    assert echotrace_layout(decode_head(head)) == layout
    (chosen,) = read(path).chosen
    assert "read as wechat" in chosen.text


def test_echotrace_sniffing_declines_other_json_objects(tmp_path) -> None:
    import json

    from huijia.ingest.inputs import candidate_readers
    from huijia.ingest.textfile import decode_head
    from huijia.ingest.wechat import echotrace_layout

    session = {"wxid": "a", "displayName": "b", "type": "私聊", "lastTimestamp": 1, "messageCount": 0}
    for other in (
        {"messages": [], "session": session},  # session not first, and no message to tell it by
        {"session": {"id": 1}, "messages": []},  # not EchoTrace's session keys
        {"weflow": {"generator": "WeFlow"}, "chatlab": {}, "session": session},  # another WeFlow format
        {"messages": [{"text": "hello", "createTime": 1}]},
    ):
        path = tmp_path / "other.json"
        path.write_text(json.dumps(other, indent=2), encoding="utf-8")
        assert "wechat" not in [r.name for r in candidate_readers(path.read_bytes(), path)], other
    for fixture in ("qq-json/qce-v5.json", "telegram/result.json", "generic/posts.jsonl"):
        path = data(fixture)
        names = [r.name for r in candidate_readers(path.read_bytes()[:65536], path)]
        assert names and "wechat" not in names, fixture
        assert echotrace_layout(decode_head(path.read_bytes()[:65536])) is None, fixture
    assert echotrace_layout(decode_head(data("wechat/memotrace.json").read_bytes())) is None


def test_echotrace_json_group_chat() -> None:
    # EchoTrace 3.0.0 (`exportToJson`, commit e9e0d6c): the session names the chat, epoch createTime
    result = read(data(ECHOTRACE))
    assert result.skips == []
    got = [(m.kind, m.author.name if m.author else None) for m in result.messages]
    assert got == [("text", "湖南宝妈"), ("image", "湖南宝妈"), ("voice", "江浙求领养"),
                   ("text", "江浙求领养"), ("sticker", "湖南宝妈"), ("recall", None), ("file", "湖南宝妈"),
                   ("service", "阿华"), ("text", "湖南宝妈")]  # fmt: skip
    offer, photo, voice, quote, sticker, recall, doc, transfer, _ = result.messages
    assert offer.channel == "宝宝之家互助群"
    assert offer.author == Author("湖南宝妈", "wxid:wxid_hnmama01")
    assert offer.text == "女宝刚满月，家里实在养不起，想给她找个好人家"
    assert offer.sent_at == "2024-06-02T11:46:40+08:00" and offer.source.tz_assumed is None
    # localId is a row id in one of WeChat 4's message databases (EchoTrace merges several): by position
    assert [m.id.rsplit(":", 1)[1] for m in result.messages] == [f"n{i}" for i in range(1, 10)]
    assert offer.source.line is None and offer.reply_to is None
    assert photo.text == "" and photo.attachments == (Attachment("image", "media/images/5f2a9c0d.jpg"),)
    assert voice.text == "[语音 6秒]" and voice.attachments == (Attachment("voice", None),)
    assert quote.text == "营养费多少？可以先视频看看孩子吗"  # 引用消息, composite localType 57 << 32 | 49
    assert sticker.attachments == (Attachment("sticker", "media/emojis/a1b2c3d4.gif"),)
    assert recall.text == '"湖南宝妈" 撤回了一条消息'  # sent by the group's id and `群成员`: no author
    assert doc.text == "[文件] 出生证明.pdf" and doc.attachments == (Attachment("file", None),)
    assert transfer.author == Author("阿华", "wxid:wxid_me_ahua")
    # a type name no version wrote: its kind from localType, with a note naming the item, not its text
    assert [n.text for n in result.notices] == [
        "n9: field type is not an EchoTrace or WeFlow type this reader knows; kind from localType"
    ]


def test_weflow_json_private_chat_ids_replies_and_a_broken_time() -> None:
    # WeFlow 5.0 (`JsonFormatter.ts`, commit 4daeb59): `weflow` header; platformMessageId and
    # replyToMessageId from 2.1.0 (commit b52bdcf)
    result = read(data(WEFLOW))
    assert result.skips == []
    got = [(m.kind, m.author.name if m.author else None) for m in result.messages]
    assert got == [("text", "卖家小凯"), ("text", "林姐"), ("video", "卖家小凯"), ("voice", "卖家小凯"),
                   ("text", "林姐"), ("service", "卖家小凯"), ("recall", "卖家小凯")]  # fmt: skip
    offer, question, video, voice, reply, _, recall = result.messages
    assert offer.channel == "卖家小凯" and offer.author == Author("卖家小凯", "wxid:wxid_kai2024")
    assert question.author == Author("林姐", "wxid:wxid_me_lin")
    assert offer.sent_at == "2025-03-09T14:01:00+08:00"
    assert offer.id.endswith(":6120000000000000001")  # the server's id
    assert recall.id.endswith(":n7")  # none written: the position
    assert reply.reply_to == offer.id
    assert video.text == "" and video.attachments == (Attachment("video", "media\\videos\\4e5f6a7b.mp4"),)
    assert voice.text == "在湖南，价格当面说" and voice.attachments == (Attachment("voice", None),)  # as text
    assert voice.sent_at is None
    assert [n.text for n in result.notices] == [
        "n4: field createTime is not a date and time; field formattedTime is an impossible date or time;"
        " message kept without a time"
    ]


def test_weflow_arkme_json_names_senders_from_its_list() -> None:
    result = read(data(ARKME))
    assert result.skips == []
    got = [(m.kind, m.author) for m in result.messages]
    assert got == [
        ("text", Author("浙江宝妈", "wxid:wxid_zhe_ma")),
        ("image", Author("江苏王哥", "wxid:wxid_jiang99")),
        ("text", Author("江苏王哥", "wxid:wxid_jiang99")),
        ("system", None),  # WeFlow's sender `unknown`
        ("text", None),
        ("recall", Author("浙江宝妈", "wxid:wxid_zhe_ma")),  # 其他消息: the kind of localType 10002
    ]
    assert {m.channel for m in result.messages} == {"江浙沪宝宝交流群"}
    assert result.messages[1].attachments == (Attachment("image", "media/images/9c8b7a6d.jpg"),)
    assert [n.text for n in result.notices] == [
        "n5: field senderID names no one in senders; message kept without an author"
    ]


def test_echotrace_broken_fields_are_notes_on_stderr_and_the_messages_kept(tmp_path) -> None:
    import json

    whole = json.loads(data(ECHOTRACE).read_text(encoding="utf-8"))
    messages = whole["messages"]
    messages[0]["createTime"] = 0  # what EchoTrace writes for none: formattedTime (its local form) not used
    messages[1]["type"] = 3
    messages[2]["content"] = ["x"]
    messages[3] = "not an object"
    messages[4]["senderUsername"] = 42
    del messages[5]["content"]
    messages[6]["type"], messages[6]["localType"] = "未知类型(99)", 99
    whole["session"]["type"] = "群"
    whole["session"]["messageCount"] = 12
    path = tmp_path / "宝宝之家互助群_聊天记录_1717401600000.json"
    path.write_text(json.dumps(whole, ensure_ascii=False, indent=2), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "huijia.cli", "read", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    said = [line.split(f"{path}", 1)[1] for line in done.stderr.splitlines() if line.startswith(str(path))]
    assert said[1:] == [
        ": note: session.type is not 群聊, 私聊 or 公众号; a group chat told by its wxid",
        ": note: n1: field createTime is empty; message kept without a time",
        ": note: n2: field type is not a string; kind from localType",
        ": note: n3: field content is not a string; kept as JSON",
        ":item #4: item is not a JSON object",
        ": note: n5: field senderUsername is not a string; kept as JSON",
        ": note: n6: field content is missing; message kept without text",
        ": note: n7: field localType is not a WeChat type this reader knows; read as text",
        ": note: n9: field type is not an EchoTrace or WeFlow type this reader knows; kind from localType",
        ": note: session.messageCount declares 12 messages; the list holds 9",
    ]
    assert "湖南宝妈" not in done.stderr and "养不起" not in done.stderr  # no message text in a note
    assert len(done.stdout.splitlines()) == 8


def test_echotrace_cut_short_keeps_the_messages_before_the_break(tmp_path) -> None:
    whole = data(ECHOTRACE).read_bytes()
    cut = tmp_path / "宝宝之家互助群_聊天记录_1717401600000.json"
    cut.write_bytes(whole[: whole.index("出生证明".encode())])
    result = read(cut)
    assert [m.id.rsplit(":", 1)[1] for m in result.messages] == [f"n{i}" for i in range(1, 7)]
    assert {m.channel for m in result.messages} == {"宝宝之家互助群"}
    (skip,) = result.skips
    assert (skip.reason, skip.where, skip.fatal) == (
        "the file ends in the middle of the JSON; 6 messages before it were kept",
        "after message #6",
        False,
    )
    # cut before the list: nothing to keep, said once, fatal
    early = tmp_path / "early.json"
    early.write_bytes(whole[: whole.index(b'"messages"')])
    result = read(early)
    assert result.messages == [] and result.notices == []
    (skip,) = result.skips
    assert (skip.reason, skip.fatal) == (
        "the file ends in the middle of the JSON; 0 messages before it were kept",
        True,
    )


def test_echotrace_without_a_session_is_named_after_the_file(tmp_path) -> None:
    import json

    whole = json.loads(data(ECHOTRACE).read_text(encoding="utf-8"))
    whole["session"] = "宝宝之家互助群"
    path = tmp_path / "宝宝之家互助群_聊天记录_1717401600000.json"
    path.write_text(json.dumps(whole, ensure_ascii=False, indent=2), encoding="utf-8")
    result = read(path, fmt="wechat")
    assert len(result.messages) == 9 and {m.channel for m in result.messages} == {"宝宝之家互助群"}
    assert result.notices[0].text == "session is not an object; the chat is named after the file"
    # the session after the list (no version writes it so): missing when the messages start
    reordered = {"messages": whole["messages"], "session": {"displayName": "x"}}
    path.write_text(json.dumps(reordered, ensure_ascii=False, indent=2), encoding="utf-8")
    result = read(path)
    assert len(result.messages) == 9 and {m.channel for m in result.messages} == {"宝宝之家互助群"}
    assert (
        result.notices[0].text
        == "session is missing before the message list; the chat is named after the file"
    )


def test_echotrace_before_1_3_names_own_messages_and_the_private_partner(tmp_path) -> None:
    # EchoTrace 1.0.1–1.2.7 (commit e62be15 on): no senderDisplayName, senderUsername as the database
    # gave it (may be null); 1.0.x's session has `username`, not `wxid`
    import json

    messages = [
        {"localId": 5, "createTime": 1729000000, "formattedTime": "2024-10-15 21:46:40", "type": "文本消息",
         "localType": 1, "content": "孩子还在吗", "isSend": 0, "senderUsername": None, "source": ""},
        {"localId": 6, "createTime": 1729000060, "formattedTime": "2024-10-15 21:47:40", "type": "文本消息",
         "localType": 1, "content": "在的", "isSend": 1, "senderUsername": None, "source": ""},
        {"localId": 7, "createTime": 1729000090, "formattedTime": "2024-10-15 21:48:10",
         "type": "未知消息类型(10002)", "localType": 10002, "content": "[撤回消息]", "isSend": 0,
         "senderUsername": None, "source": ""},
    ]  # fmt: skip
    whole = {
        "session": {"username": "wxid_old01", "displayName": "老客户", "type": "私聊",
                    "lastTimestamp": 1729000090, "messageCount": 3},
        "messages": messages,
        "exportTime": "2024-10-16T08:00:00.000",
    }  # fmt: skip
    path = tmp_path / "老客户_聊天记录_1729036800000.json"
    path.write_text(json.dumps(whole, ensure_ascii=False, indent=2), encoding="utf-8")
    result = read(path)
    assert [(m.kind, m.author) for m in result.messages] == [
        ("text", Author("老客户", "wxid:wxid_old01")),
        ("text", Author("我", None)),
        ("recall", Author("老客户", "wxid:wxid_old01")),
    ]
    assert result.notices == [] and result.skips == []


def test_echotrace_group_member_without_a_name_is_named_by_wxid(tmp_path) -> None:
    # EchoTrace writes `群成员` for a member whose name it could not find (`_resolveSenderDisplayName`)
    import json

    whole = json.loads(data(ECHOTRACE).read_text(encoding="utf-8"))
    whole["messages"][0]["senderDisplayName"] = "群成员"
    path = tmp_path / "宝宝之家互助群_聊天记录_1717401600000.json"
    path.write_text(json.dumps(whole, ensure_ascii=False, indent=2), encoding="utf-8")
    assert read(path).messages[0].author == Author("wxid_hnmama01", "wxid:wxid_hnmama01")


# A page as MemoTrace's HTML exporter wrote it from November 2023 (commit 12b1431) until its template was
# rebuilt in January 2024 (aa6ee88): one contact's chat, records without times or names, a time divider
# (`type:0`) before a message that follows five minutes' silence. Our own page in that layout.
EARLY_MEMOTRACE_RECORDS = (
    "{ type:0, text: '2023-12-01 10:02:11',is_send:0,avatar_path:''},"
    "{ type:1, text: '宝宝出生了，男孩，要的私聊',is_send:0,avatar_path:'tahead.png'},"
    "{ type:1, text: '多少钱',is_send:1,avatar_path:'myhead.png'},"
    "{ type:3, text: 'D:/WeChatMsg/data/聊天记录/小雨妈妈/image/a1.jpg',is_send:0,avatar_path:'tahead.png'},"
    "{ type:0, text: '2023-12-01 11:30:00',is_send:0,avatar_path:''},"
    "{ type:1, text: '好的 I\\'ll wait',is_send:1,avatar_path:'myhead.png'},"
)
EARLY_MEMOTRACE_PAGE = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="UTF-8"><title>Chat Records</title></head>\n'
    '<body><div class="content" id="chat-container"></div>\n<script>\n'
    "const chatContainer = document.getElementById('chat-container');\nconst chatMessages = [\n"
    + "".join(EARLY_MEMOTRACE_RECORDS)
    + "\n];\nfunction renderMessages(messages) {}\n</script></body></html>\n"
)


def test_memotrace_page_from_before_january_2024(tmp_path) -> None:
    folder = tmp_path / "小雨妈妈"
    folder.mkdir()
    page = folder / "小雨妈妈.html"
    page.write_text(EARLY_MEMOTRACE_PAGE, encoding="utf-8")
    result = read(page)
    assert result.skips == []
    (chosen,) = result.chosen
    assert "layout: MemoTrace HTML page (before January 2024)" in chosen.text
    offer, question, photo, reply = result.messages
    assert (offer.author, offer.channel, offer.sent_at) == (
        Author("小雨妈妈", None),
        "小雨妈妈",
        "2023-12-01T10:02:11+08:00",
    )
    assert (question.author, question.sent_at) == (Author("我", None), None)
    assert (photo.kind, photo.sent_at) == ("image", None)
    assert photo.attachments[0].name == "D:/WeChatMsg/data/聊天记录/小雨妈妈/image/a1.jpg"
    assert (reply.text, reply.sent_at) == ("好的 I'll wait", "2023-12-01T11:30:00+08:00")
    # the missing times are said once for the page, not once a message
    (summary,) = result.notices
    assert "2 of 4 messages have one" in summary.text and "2 time dividers" in summary.text


def test_early_memotrace_page_notices_are_messages_and_a_broken_first_record_changes_nothing(
    tmp_path,
) -> None:
    folder = tmp_path / "小雨妈妈"
    folder.mkdir()
    records = (
        "{ type:1, text: 'broken' oops,is_send:0,avatar_path:''},"  # not a record as the exporter writes one
        "{ type:0, text: '2023-12-01 10:02:11',is_send:0,avatar_path:''},"
        "{ type:1, text: '宝宝出生了',is_send:0,avatar_path:'tahead.png'},"
        "{ type:0, text: '\"小雨妈妈\" 撤回了一条消息',is_send:0,avatar_path:''},"  # a notice, not a time
        "{ type:1, text: '在吗',is_send:1,avatar_path:'myhead.png'},"
    )
    page = folder / "小雨妈妈.html"
    page.write_text(EARLY_MEMOTRACE_PAGE.replace("".join(EARLY_MEMOTRACE_RECORDS), "".join(records)), "utf-8")
    result = read(page)
    assert [s.where for s in result.skips] == ["message #1"]
    born, recall, question = result.messages
    assert (born.author, born.sent_at) == (Author("小雨妈妈", None), "2023-12-01T10:02:11+08:00")
    assert (recall.kind, recall.author, recall.text) == ("recall", None, '"小雨妈妈" 撤回了一条消息')
    assert (question.author, question.sent_at) == (Author("我", None), None)
    (summary,) = result.notices
    assert "1 of 3 messages have one" in summary.text and "1 time dividers" in summary.text


def test_memotrace_page_keeps_a_replys_quoted_message_and_writes_emoji_as_wechat_does(tmp_path) -> None:
    # v2.0.5's reply record (type 49, sub_type 57) carries the quoted message in refer_text; the early
    # exporter wrote emoji into the text as <img … id="微笑" class="emoji_img">
    folder = tmp_path / "小雨妈妈"
    folder.mkdir()
    smile = '好的<img src="https://res.wx.qq.com/t/Expression_1@2x.png" id="微笑" class="emoji_img">'
    records = (
        "{ type:0, text: '2023-12-01 10:02:11',is_send:0,avatar_path:''},"
        f"{{ type:1, text: '{smile}',is_send:0,avatar_path:'tahead.png'}},"
        "{ type:49, text: '多少钱',is_send:1,sub_type:57,refer_text: '小雨妈妈：男宝送养',"
        "avatar_path:'myhead.png'},"
    )
    page = folder / "小雨妈妈.html"
    page.write_text(EARLY_MEMOTRACE_PAGE.replace("".join(EARLY_MEMOTRACE_RECORDS), "".join(records)), "utf-8")
    smile, reply = read(page).messages
    assert smile.text == "好的[微笑]"
    assert reply.text == "多少钱\n「小雨妈妈：男宝送养」"
