"""WhatsApp text exports in several locales."""

from __future__ import annotations

import json

import pytest

from huijia.ingest.whatsapp import DMY, MDY, YMD, classify, infer_date_order, split_author
from huijia.model import Attachment, Author

from .conftest import data, read


def test_android_day_first_export() -> None:
    result = read(data("whatsapp/android-en-gb.txt"))
    kinds = [m.kind for m in result.messages]
    assert kinds == ["system", "text", "file", "image", "recall", "text", "text", "system"]
    assert result.messages[5].text == "line one\nline two of the same message"
    seller = result.messages[6]
    assert seller.author == Author("+44 7700 900123", "phone:+447700900123")
    assert seller.sent_at == "2021-01-01T09:00:00+08:00"
    assert result.messages[3].attachments[0].name == "IMG-20201231-WA0001.jpg"


def test_ios_chinese_export_with_afternoon_markers_and_direction_marks() -> None:
    result = read(data("whatsapp/ios-zh.txt"))
    assert [m.sent_at for m in result.messages][:3] == [
        "2020-12-31T21:15:03+08:00",
        "2020-12-31T21:16:10+08:00",
        "2020-12-31T00:05:00+08:00",
    ]
    phone = result.messages[3]
    assert phone.author == Author("+86 138 0013 8000", "phone:+8613800138000")
    assert phone.text == "男宝三个月，营养费八九万"
    assert result.messages[4].kind == "image"


def test_us_export_with_narrow_no_break_space_before_pm() -> None:
    result = read(data("whatsapp/android-en-us-12h.txt"))
    assert [m.sent_at for m in result.messages] == [
        "2020-12-31T21:15:00+08:00",
        "2020-12-31T21:16:00+08:00",
        "2021-01-01T00:01:00+08:00",
    ]


def test_unsettled_date_order_is_reported() -> None:
    result = read(data("whatsapp/ambiguous-dates.txt"))
    assert [n.text for n in result.notices] == [
        "day/month order not settled by any date; read as day/month/year"
    ]


@pytest.mark.parametrize(
    ("samples", "expected"),
    [
        ([((2020, 12, 31), (0, 0))], (YMD, True)),  # four-digit year first
        ([((31, 12, 20), (0, 0))], (DMY, True)),  # first component over 12
        ([((12, 31, 20), (0, 0))], (MDY, True)),  # second component over 12
        # 1/2, 1/3, 4/1: as M/D (2 Jan, 3 Jan, 1 Apr) time runs forward; as D/M (1 Feb, 1 Mar, 4 Jan)
        # it jumps back once, so month-first wins, but the choice is not certain
        ([((1, 2, 21), (9, 0)), ((1, 3, 21), (9, 0)), ((4, 1, 21), (9, 0))], (MDY, False)),
    ],
)
def test_infer_date_order(samples, expected) -> None:
    assert infer_date_order(samples) == expected


@pytest.mark.parametrize(
    ("rest", "expected"),
    [
        ("Alice: hi", ("Alice", "hi")),
        ("John Doe:.", ("John Doe", ".")),
        ("A: b: c", ("A", "b: c")),
        ("You were added", (None, "You were added")),
    ],
)
def test_split_author(rest, expected) -> None:
    assert split_author(rest) == expected


def test_third_party_chat_miner_locales_agree_with_their_target(shared_exports) -> None:
    folder = shared_exports / "chat-miner/whatsapp"
    target = json.loads((folder / "target.json").read_text())
    expected = sorted((t["timestamp"], t["author"], t["message"].replace("\n", " ")) for t in target)
    for path in sorted(folder.glob("test_*.txt")):
        result = read(path, tz="UTC")
        got = sorted(
            (m.sent_at[:19], m.author.name, m.text.replace("\n", " "))
            for m in result.messages
            if m.author is not None and m.text != "."  # chat-miner's target leaves out "." messages
        )
        assert got == expected, path.name


@pytest.mark.parametrize(
    ("line", "sent_at", "author", "text"),
    [
        # (one exported line, as the locale writes it) → what must come out
        ("31.12.20, 21:15 - Anna: Frohes neues Jahr", "2020-12-31T21:15:00", "Anna", "Frohes neues Jahr"),
        ("31/12/20, 9:15\u00a0p.\u00a0m. - Ana: Feliz año", "2020-12-31T21:15:00", "Ana", "Feliz año"),
        ("31/12/2020 à 21:15 - Marie: Bonne année", "2020-12-31T21:15:00", "Marie", "Bonne année"),
        ("[31.12.20, 21:15:03] Anna: hallo", "2020-12-31T21:15:03", "Anna", "hallo"),
        ("31.12.2020, 21:15 - Иван: Привет", "2020-12-31T21:15:00", "Иван", "Привет"),
        ("2020. 12. 31. 오후 9:15, 김철수 : 안녕", "2020-12-31T21:15:00", "김철수", "안녕"),
        ("2020/12/31 21:15 - 小红: 新年快乐", "2020-12-31T21:15:00", "小红", "新年快乐"),
    ],
)
def test_locales(tmp_path, line: str, sent_at: str, author: str, text: str) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(line + "\n", encoding="utf-8")
    (message,) = read(path).messages
    assert (message.sent_at[:19], message.author.name, message.text) == (sent_at, author, text)


def test_spanish_ios_export_placeholders_deletions_and_system_events() -> None:
    # issue 16, finding 5: a real Spanish iOS export lost media kinds, recalls and system events
    result = read(data("whatsapp/ios-es/_chat.txt"))
    assert [m.kind for m in result.messages] == [
        "system",  # the encryption notice, written under the group's name
        "system",  # "Marta creó el grupo", also under the group's name
        "text",
        "image",  # ‎imagen omitida
        "text",
        "sticker",  # ‎sticker omitido
        "video",  # ‎Video omitido
        "voice",  # ‎audio omitido
        "recall",  # ‎Se eliminó este mensaje.
        "system",  # … cambió su número de teléfono
        "text",
    ]
    system = [m for m in result.messages if m.kind == "system"]
    assert all(m.author is None for m in system)
    assert {m.channel for m in result.messages} == {"Bebés Valencia"}
    assert result.messages[3].attachments == (Attachment("image", "imagen omitida"),)


def test_spanish_ios_authors_and_texts_lose_their_marks() -> None:
    messages = read(data("whatsapp/ios-es/_chat.txt")).messages
    assert messages[3].author == Author("Lucía", None)  # "~" + U+202F: not in the contacts
    assert messages[4].author == Author("+34 612 34 56 78", "phone:+34612345678")  # no-break spaces
    assert messages[7].author == Author("+1 415-555-0134", "phone:+14155550134")  # U+2011 hyphens
    assert messages[10].author == Author("Lucía", None)
    assert messages[10].text == "Te escribo por privado"  # no leading U+200E
    assert not any(m.text.startswith("\u200e") for m in messages)


def test_english_android_encryption_notice_under_the_group_name_is_system() -> None:
    first, second = read(data("whatsapp/WhatsApp Chat with Baby Home UK.txt")).messages
    assert (first.kind, first.author) == ("system", None)
    assert (second.kind, second.author) == ("text", Author("Tom", None))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # one placeholder per language, as each locale writes it
        ("\u200eimagem ocultada", "image"),  # pt
        ("\u200eBild weggelassen", "image"),  # de
        ("\u200evidéo absente", "video"),  # fr
        ("\u200eaudio omesso", "voice"),  # it
        ("\u200eстикер отсутствует", "sticker"),  # ru
        ("<Media tidak disertakan>", "file"),  # id
        ("<Medya dahil edilmedi>", "file"),  # tr
        ("Diese Nachricht wurde gelöscht.", "recall"),  # de
        ("Ce message a été supprimé", "recall"),  # fr
        ("このメッセージは削除されました", "recall"),  # ja
        ("\u200e画像は含まれていません", "image"),  # ja
    ],
)
def test_localised_placeholders(text: str, kind: str) -> None:
    assert classify(text)[0] == kind
