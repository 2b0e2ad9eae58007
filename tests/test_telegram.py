"""Telegram Desktop result.json, single-chat and whole-account."""

from __future__ import annotations

from huijia.model import Author

from .conftest import data, read


def test_single_chat_export_kinds_texts_and_handles() -> None:
    result = read(data("telegram/result.json"))
    assert result.skips == []
    service, offer, photo, _old, voice, unsupported = result.messages
    assert service.kind == "service"
    assert service.text == "invite_members: Sam Roe"
    assert offer.text == "Baby boy available, fee is $16,000, call +10000000000"  # entities joined with ""
    assert offer.author == Author("Alex Doe", "telegram:user111")
    assert offer.channel == "Baby adoption (private)"
    assert offer.sent_at == "2021-03-04T09:05:07+08:00"
    assert offer.source.tz_assumed is None
    assert photo.kind == "image"
    assert photo.author == Author(None, "telegram:user222")  # deleted account
    assert photo.reply_to == offer.id
    assert photo.attachments[0].name.startswith("(File not included")
    assert voice.kind == "voice"
    assert unsupported.kind == "service"


def test_old_export_with_bare_integer_ids_naive_dates_and_x_escapes() -> None:
    old = read(data("telegram/result.json")).messages[3]
    assert old.author == Author("Old Client", "telegram:333")
    assert old.text == "control\x07char"  # the exporter's invalid \x07 escape repaired
    assert old.sent_at == "2021-03-04T09:07:00+08:00"
    assert old.source.tz_assumed == "Asia/Shanghai"


def test_account_export_reads_chats_and_left_chats_with_unique_ids() -> None:
    result = read(data("telegram/account"))  # a folder: result.json plus a photos/ folder
    assert [(m.channel, m.text) for m in result.messages] == [
        ("宝宝群", "有女宝吗"),
        (None, "note to self"),  # saved messages have no name, and must not inherit one
        ("Left group", "bye"),
    ]
    assert len({m.id for m in result.messages}) == 3
    assert result.notices == []  # the photo beside it is media, passed over quietly


def test_truncated_telegram_file_keeps_earlier_messages(tmp_path) -> None:
    raw = data("telegram/result.json").read_bytes()
    path = tmp_path / "result.json"
    path.write_bytes(raw[: raw.index(b'"id": 4104')])
    result = read(path)
    assert [m.id.rsplit(":", 1)[1] for m in result.messages] == ["4100", "4101", "4102", "4103"]
    assert len(result.skips) == 1 and "ends in the middle" in result.skips[0].reason


def test_third_party_chat_miner_exports(shared_exports) -> None:
    single = read(shared_exports / "chat-miner/telegram/test_single_export.json")
    batch = read(shared_exports / "chat-miner/telegram/test_batch_export.json")
    for result in (single, batch):
        assert [(m.author.name, m.text) for m in result.messages] == [
            ("Author 1", "Minimal Message"),
            ("Author 2", "Link:https://telegram.org/"),
        ]
        assert result.messages[0].sent_at == "2018-12-05T18:39:10+08:00"
    assert batch.messages[0].channel == "Chatname"


def test_json_with_a_utf8_byte_order_mark(tmp_path) -> None:
    path = tmp_path / "result.json"
    path.write_bytes(b"\xef\xbb\xbf" + data("telegram/result.json").read_bytes())
    assert len(read(path).messages) == 6


def test_2020_poll_keeps_its_question_and_options() -> None:
    # issue 16, finding 8: the question and options were dropped; the message was an empty text
    poll = read(data("telegram/2020-poll/result.json")).messages[0]
    assert poll.kind == "text"
    assert poll.text == "这个月谁能去广州接孩子？\n- 我可以 (2)\n- 下个月 (1)"
    assert poll.author == Author("Lily Chen", "telegram:77001")


def test_dates_ending_in_z_are_exact_and_assume_no_zone() -> None:
    # issue 16, finding 10: right time, but labelled tz_assumed Asia/Shanghai
    ken = read(data("telegram/2020-poll/result.json")).messages[1]
    assert ken.sent_at == "2020-06-14T12:15:00+00:00"
    assert ken.source.tz_assumed is None


def test_a_date_that_cannot_be_read_is_a_note_and_the_message_is_kept() -> None:
    result = read(data("telegram/2020-poll/result.json"))
    assert result.messages[2].sent_at is None and result.messages[2].text == "?"
    assert [n.text for n in result.notices] == [
        "message #3: field date is not an ISO 8601 time; kept without a time"
    ]


TG_HTML = "telegram-html/ChatExport_2024-05-03"


def test_html_export_pages_are_one_chat_in_page_order() -> None:
    result = read(data(TG_HTML))
    assert result.skips == [] and result.notices == []
    assert [n.text for n in result.chosen] == [
        "read as telegram (Telegram Desktop export), layout: Telegram Desktop HTML (messages.html)"
    ] * 2
    assert [m.id.rsplit(":", 1)[1] for m in result.messages] == [
        "4100",
        "4101",
        "4102",
        "4103",
        "4104",
        "4105",
        "4106",
    ]
    service, offer, photo, question, joined, voice, left = result.messages
    assert {m.channel for m in result.messages} == {"宝贝之家 交流群"}
    assert (service.kind, service.author, service.sent_at) == ("service", None, None)
    assert offer.text == "男宝三个月，身体健康，\n营养费私聊"
    assert offer.sent_at == "2024-05-03T21:12:40+08:00" and offer.source.tz_assumed is None
    assert offer.author == Author("阿华", None)
    assert photo.author == Author("阿华", None)  # joined: no from_name, the previous sender's
    assert (photo.kind, [a.name for a in photo.attachments]) == (
        "image",
        ["photos/photo_1@03-05-2024_21-14-09.jpg"],
    )
    assert question.reply_to == offer.id
    assert joined.author == Author("想当妈妈", None)  # joined across pages: from the end of messages.html
    assert joined.source.file.endswith("messages2.html")
    assert (voice.kind, voice.attachments[0].name) == ("voice", None)  # not downloaded
    assert left.kind == "service"


def test_html_export_a_message_with_a_broken_field_is_kept_and_noted(tmp_path) -> None:
    secret = "出售女婴"
    page = data(f"{TG_HTML}/messages.html").read_text(encoding="utf-8")
    page = page.replace('title="03.05.2024 21:14:09 UTC+08:00"', f'title="{secret}"', 1)
    page = page.replace('title="03.05.2024 21:30:00 UTC+08:00"', 'title="31.02.2024 21:30:00"', 1)
    page = page.replace('class="photo_wrap clearfix pull_left"', 'class="hologram_wrap"', 1)
    page = page.replace('id="message4101"', 'id="msg"', 1)
    export = tmp_path / "messages.html"
    export.write_text(page.replace("男宝三个月", secret), encoding="utf-8")
    result = read(export, fmt="telegram")
    assert [m.id.rsplit(":", 1)[1] for m in result.messages] == ["4100", "4102", "4103"]
    assert [m.sent_at for m in result.messages] == [None, None, None]
    assert result.messages[1].author is None  # joined to a message that could not be read
    assert [n.describe().split(": ", 1)[1] for n in result.notices] == [
        "note: a message with no message id; passed over",
        "note: message 4102: the date title is not dd.MM.yyyy hh:mm:ss; kept without a time",
        "note: message 4102: no sender on the page, and none before it to continue; kept without one",
        "note: message 4102: media of a kind not known; left out",
        "note: message 4103: the date title is an impossible date or time; kept without a time",
    ]
    assert [n.line for n in result.notices] == [55, 83, 83, 83, 105]
    assert not any(secret in n.describe() for n in result.notices)
