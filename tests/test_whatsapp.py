"""WhatsApp text exports in several locales."""

from __future__ import annotations

import hashlib
import json
import zipfile

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


ZIP = "whatsapp/WhatsApp Chat - Hogar Bebé.zip"


def test_ios_zip_is_read_with_its_media_as_hashed_attachments() -> None:
    # issue 16, finding 6: .zip exports (iOS always, Android with media) were not read at all
    result = read(data(ZIP))
    assert result.skips == []
    assert [m.kind for m in result.messages] == ["system", "text", "image", "voice", "image"]
    photo = result.messages[2]
    assert photo.id.startswith("whatsapp:") and photo.source.line == 3
    assert photo.channel == "Hogar Bebé"
    (attachment,) = photo.attachments
    assert attachment.name == "00000003-PHOTO-2024-05-12-21-31-20.jpg"
    with zipfile.ZipFile(data(ZIP)) as zf:
        expected = hashlib.sha256(zf.read("00000003-PHOTO-2024-05-12-21-31-20.jpg")).hexdigest()
    assert attachment.sha256 == expected
    assert result.messages[3].author == Author("Andrés", None)


def test_zip_media_missing_or_unnamed_are_reported() -> None:
    notes = [(n.line, n.text) for n in read(data(ZIP)).notices]
    assert (5, "attachment named by the message is not in the zip") in notes
    assert (None, "1 media file(s) in the zip are named by no message") in notes
    assert (None, "read as a WhatsApp zip: the chat is _chat.txt; lines are its lines") in notes


def test_zip_attachments_hands_over_the_named_media() -> None:
    from huijia.ingest.base import AttachmentsWanted
    from huijia.ingest.whatsapp import WhatsAppReader

    name = "00000003-PHOTO-2024-05-12-21-31-20.jpg"
    found = WhatsAppReader().attachments(data(ZIP), AttachmentsWanted(names=frozenset([name])), 1 << 20)
    assert found.by_name[name][:2] == b"\xff\xd8"


def _zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, payload in members.items():
            zf.writestr(name, payload)
    return path


CHAT = b"[12/05/2024, 21:31:02] Rosa: hola\r\n"


def test_zip_member_that_climbs_out_of_the_export_is_refused(tmp_path) -> None:
    path = _zip(tmp_path / "chat.zip", {"_chat.txt": CHAT, "../../evil.jpg": b"x"})
    result = read(path)
    assert [m.text for m in result.messages] == ["hola"]
    assert "zip member refused (a path that climbs out of the export (..)); not read" in [
        n.text for n in result.notices
    ]


def test_zip_bomb_member_is_refused(tmp_path) -> None:
    path = _zip(tmp_path / "chat.zip", {"_chat.txt": CHAT, "big.jpg": bytes(8 * 1024 * 1024)})
    result = read(path)
    assert len(result.messages) == 1
    assert "zip member refused (a compression ratio over 200:1); not read" in [n.text for n in result.notices]


def test_zip_with_too_many_entries_is_refused_whole(tmp_path, monkeypatch) -> None:
    from huijia.ingest import zipsafe

    monkeypatch.setattr(zipsafe, "MAX_ENTRIES", 3)
    path = _zip(tmp_path / "chat.zip", {"_chat.txt": CHAT, **{f"{i}.jpg": b"x" for i in range(4)}})
    result = read(path, fmt="whatsapp")
    assert result.messages == []
    assert result.skips[0].reason == "zip has 5 entries, more than the limit of 3"
    assert result.skips[0].fatal


def test_zip_without_a_chat_is_not_a_whatsapp_export(tmp_path) -> None:
    path = _zip(tmp_path / "photos.zip", {"a.jpg": b"x", "b.jpg": b"y"})
    result = read(path, fmt="whatsapp")
    assert result.skips[0].reason == "the zip holds no WhatsApp chat (_chat.txt or WhatsApp Chat….txt)"


def test_japanese_export_headers_with_gozen_and_gogo() -> None:
    result = read(data("whatsapp/android-ja.txt"))
    assert result.skips == [] and result.notices == []
    system, offer, image, question = result.messages
    assert system.kind == "system"
    assert (offer.author, offer.sent_at) == (Author("佐藤", None), "2024-05-03T21:12:00+08:00")
    assert offer.text == "男の子、三か月です。\n健康です"
    # Android writes `<メディアなし>` (WhatsApp's own string, 2019) for any media left out of the export
    assert (image.kind, image.sent_at) == ("file", "2024-05-04T00:05:00+08:00")  # 午前0:05 is past midnight
    assert question.author == Author("+81 90-1234-5678", "phone:+819012345678")
    assert question.sent_at == "2024-05-04T10:30:00+08:00"


def test_chinese_export_headers_with_shangwu_and_xiawu() -> None:
    result = read(data("whatsapp/android-zh-cn.txt"))
    assert result.skips == [] and result.notices == []
    system, offer, media, question = result.messages
    assert system.kind == "system"
    assert (offer.author, offer.sent_at) == (Author("阿华", None), "2024-05-03T21:12:00+08:00")
    assert offer.text == "男宝三个月，身体健康\n营养费私聊"
    assert media.sent_at == "2024-05-04T00:05:00+08:00"  # 上午12:05 is just after midnight
    assert question.author == Author("+86 138 0013 8000", "phone:+8613800138000")


# issue 16: the localised strings checked against real exports (docs/formats.md names the sources); each
# fixture is a short chat we wrote in that locale's layout.


def test_portuguese_ios_notice_documents_contact_cards_admin_deletions_and_edits() -> None:
    result = read(data("whatsapp/ios-pt/_chat.txt"))
    assert result.skips == []
    notice, offer, sticker, document, card, deleted, edited = result.messages
    assert (notice.kind, notice.author, notice.channel) == ("system", None, "Mães de Recife")
    assert (offer.kind, offer.author) == ("text", Author("Joana", None))
    assert (sticker.kind, sticker.author) == ("sticker", Author("Carla", None))
    assert document.kind == "file"
    assert document.attachments == (Attachment("file", "certidao.pdf"),)
    assert card.kind == "file"
    assert (deleted.kind, deleted.author) == ("recall", Author("Carla", None))
    assert (edited.kind, edited.text) == ("text", "Só pagamento em dinheiro")


def test_german_android_document_name_after_the_placeholder_edits_and_number_change() -> None:
    result = read(data("whatsapp/WhatsApp Chat mit Sabine.txt"))
    assert result.skips == []
    notice, document, photo, edited, deleted, number = result.messages
    assert {m.channel for m in result.messages} == {"Sabine"}  # from the German file name
    assert (notice.kind, notice.author) == ("system", None)
    assert document.kind == "file"
    assert document.text == "<Medien ausgeschlossen>\nGeburtsurkunde.pdf"  # the name stays in the text
    assert photo.kind == "image"
    assert photo.attachments == (Attachment("image", "IMG-20250402-WA0003.jpg"),)
    assert (edited.kind, edited.text) == ("text", "Wie alt ist das Kind?")
    assert deleted.kind == "recall"
    assert (number.kind, number.author) == ("system", None)


def test_arabic_android_digits_comma_and_am_pm_markers() -> None:
    # before: every line of an Arabic export was "text before the first message"
    result = read(data("whatsapp/android-ar.txt"))
    assert result.skips == [] and result.notices == []
    notice, offer, question = result.messages
    assert (notice.kind, notice.author, notice.sent_at) == ("system", None, "2023-04-09T22:08:00+08:00")
    assert (offer.author, offer.sent_at) == (Author("أم خالد", None), "2023-04-09T22:10:00+08:00")
    assert offer.text == "عندي طفل عمره شهرين"
    assert question.author == Author("+966 50 123 4567", "phone:+966501234567")
    assert question.sent_at == "2023-04-13T09:05:00+08:00"  # ص is the morning


def test_turkish_ios_attachment_tags_gifs_deletions_and_edits() -> None:
    result = read(data("whatsapp/ios-tr/_chat.txt"))
    photo, gif, deleted, edited = result.messages
    assert photo.kind == "image"
    assert photo.attachments == (Attachment("image", "00000007-PHOTO-2025-01-03-09-02-11.jpg"),)
    assert gif.kind == "video"
    assert deleted.kind == "recall"
    assert (edited.kind, edited.text) == ("text", "fiyat nedir?")


# Indonesian iOS as real 2022 and 2024 exports write it: dots in the time, `‎Pesan ini dihapus.` (not
# `Pesan ini telah dihapus`), contact cards, GIFs, video notes and `‎<Pesan ini diedit>`
WA_IOS_ID = (
    "[03/02/24, 16.09.55] Bunda Sehat: \u200ePesan dan panggilan terenkripsi secara end-to-end. Tidak"
    " seorang pun di luar chat ini, termasuk WhatsApp, yang dapat membaca atau mendengarkannya.\n"
    "[03/02/24, 16.10.02] Rina: ada yang mau adopsi bayi?\n"
    "\u200e[03/02/24, 16.11.40] Rina: \u200eKartu kontak tidak disertakan\n"
    "\u200e[03/02/24, 16.12.05] Dewi: \u200eGIF tidak disertakan\n"
    "\u200e[03/02/24, 16.12.30] Dewi: \u200ecatatan video tidak disertakan\n"
    "[03/02/24, 16.13.11] Rina: \u200ePesan ini dihapus.\n"
    "[03/02/24, 16.14.20] Rina: transfer dulu ya \u200e<Pesan ini diedit>\n"
    "\u200e[03/02/24, 16.15.00] Dewi: akta.pdf \u2022 \u200e2 halaman \u200edokumen tidak disertakan\n"
    "[03/02/24, 16.16.00] Dewi: \u200e\u200eDewi telah mengganti nomor teleponnya ke nomor baru."
    " \u200eKetuk untuk mengirim pesan atau menambah nomor baru.\n"
)


def test_indonesian_ios_deletions_contact_cards_gifs_video_notes_and_edits(tmp_path) -> None:
    path = tmp_path / "_chat.txt"
    path.write_text(WA_IOS_ID, encoding="utf-8")
    result = read(path)
    assert result.skips == []
    notice, offer, card, gif, note, deleted, edited, document, number = result.messages
    assert (notice.kind, notice.author, notice.channel) == ("system", None, "Bunda Sehat")
    assert (offer.sent_at, offer.author) == ("2024-02-03T16:10:02+08:00", Author("Rina", None))
    assert card.kind == "file"
    assert (gif.kind, note.kind) == ("video", "video")
    assert (deleted.kind, deleted.author) == ("recall", Author("Rina", None))
    assert (edited.kind, edited.text) == ("text", "transfer dulu ya")
    assert document.attachments == (Attachment("file", "akta.pdf"),)
    assert (number.kind, number.author) == ("system", None)


def test_turkish_android_notice_and_group_events_are_system(tmp_path) -> None:
    # as a real 2025 Turkish Android export writes them: four-digit years, no author on events
    path = tmp_path / "chat.txt"
    path.write_text(
        "14.02.2025 00:08 - Mesajlar ve aramalar uçtan uca şifrelidir. WhatsApp da dahil olmak üzere bu"
        " sohbetin dışında bulunan hiç kimse mesaj ve aramalarınızı okuyamaz ve dinleyemez.\n"
        "14.02.2025 00:08 - Bu grubu siz oluşturdunuz\n"
        "14.02.2025 00:09 - +90 532 000 00 00 bu grubun davet bağlantısıyla katıldı\n"
        "14.02.2025 00:10 - +90 532 000 00 00: bebek için ne kadar?\n"
        "14.02.2025 00:11 - +90 532 000 00 00 ayrıldı\n",
        encoding="utf-8",
    )
    result = read(path)
    assert [m.kind for m in result.messages] == ["system", "system", "system", "text", "system"]
    question = result.messages[3]
    assert question.author == Author("+90 532 000 00 00", "phone:+905320000000")
    assert question.sent_at == "2025-02-14T00:10:00+08:00"


@pytest.mark.parametrize(
    ("line", "kind", "attachment", "text"),
    [
        # English iOS: a document's name, page count and placeholder, and the edited marker
        (
            "[4/10/24, 8:01:12 PM] Dana: forms.pdf • \u200e3 pages \u200edocument omitted",
            "file",
            "forms.pdf",
            None,
        ),
        ("[4/10/24, 8:02:00 PM] Dana: call me \u200e<This message was edited>", "text", None, "call me"),
        # English iOS, 2019: the encryption notice of the time, under the other person's name
        (
            "[28/01/19 21.31.10] Lala: \u200eMessages to this chat and calls are now secured with"
            " end-to-end encryption.",
            "system",
            None,
            None,
        ),
        # English Android, 2025: view-once voice messages and video notes
        ("10/4/24, 20:03 - Dana: <View once voice message omitted>", "voice", None, None),
        ("10/4/24, 20:04 - Dana: <Video note omitted>", "video", None, None),
        # Spanish iOS, 2025: a video note; the 2018 encryption notice under a person's name
        ("[4/10/24, 20:05:00] Rosa: \u200ese omitió la nota de video", "video", None, None),
        (
            "[25/3/18 11:27:48] Rosa: Los mensajes y llamadas en este chat ahora están protegidos con"
            " cifrado de extremo a extremo.",
            "system",
            None,
            None,
        ),
        # German iOS: an admin's deletion, a document without a page count
        (
            "[07.06.23, 20:28:13] Jan: \u200eDiese Nachricht wurde von Admin Jan gelöscht.",
            "recall",
            None,
            None,
        ),
        ("[07.06.23, 20:29:13] Jan: Plan 2024.png \u200eDokument weggelassen", "file", "Plan 2024.png", None),
    ],
)
def test_placeholders_read_from_real_exports(tmp_path, line: str, kind: str, attachment, text) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(line + "\n", encoding="utf-8")
    (message,) = read(path).messages
    assert message.kind == kind
    if attachment is not None:
        assert [a.name for a in message.attachments] == [attachment]
    if text is not None:
        assert message.text == text


def test_a_person_writing_a_placeholder_after_a_mark_is_still_text() -> None:
    assert classify("hello \u200eimage omitted") == ("text", ())  # no document name before it
    assert classify("image omitted\nand more") == ("text", ())  # iOS placeholders are one line


def test_a_content_line_in_full_width_digits_is_not_a_header(tmp_path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(
        "12/05/2024, 21:31 - Rosa: hola\n１２/０５/２０２４, ２１:３１ - Ana: no\n", encoding="utf-8"
    )
    (message,) = read(path).messages
    assert message.text == "hola\n１２/０５/２０２４, ２１:３１ - Ana: no"


def test_russian_ios_attachments_in_both_reported_wordings(tmp_path) -> None:
    # `<вложение: …>` as we knew it, and `<добавлен: …>` as a Russian user reported it to another parser
    path = tmp_path / "_chat.txt"
    path.write_text(
        "[12.03.2024, 10:01:02] Оля: есть малыш, пишите\n"
        "[12.03.2024, 10:01:30] Оля: \u200e<вложение: 00000003-PHOTO-2024-03-12-10-01-30.jpg>\n"
        "[12.03.2024, 10:02:10] Оля: \u200e<добавлен: 00000004-PHOTO-2024-03-12-10-02-10.jpg>\n",
        encoding="utf-8",
    )
    text, first, second = read(path).messages
    assert text.kind == "text"
    assert first.attachments == (Attachment("image", "00000003-PHOTO-2024-03-12-10-01-30.jpg"),)
    assert second.attachments == (Attachment("image", "00000004-PHOTO-2024-03-12-10-02-10.jpg"),)


# Checked against lines users pasted from their own exports into other parsers' issue threads
# (docs/formats.md names them); the chats below are ours, only WhatsApp's own strings are as quoted.


def test_french_android_2019_header_notice_and_file_name(tmp_path) -> None:
    # `26/09/2019 à 22:39 - `, the notice of the time as a line of its own, `Discussion WhatsApp avec X.txt`
    path = tmp_path / "Discussion WhatsApp avec Aline.txt"
    path.write_text(
        "14/03/2019 à 20:05 - Les messages envoyés dans cette discussion et les appels sont désormais"
        " protégés avec le chiffrement de bout en bout. Appuyez pour plus d'informations.\n"
        "14/03/2019 à 20:06 - Aline: bébé de 3 mois, écrivez-moi\n"
        "14/03/2019 à 21:40 - Marc: combien ?\n",
        encoding="utf-8",
    )
    result = read(path)
    notice, offer, question = result.messages
    assert (notice.kind, notice.author) == ("system", None)
    assert (offer.kind, offer.author, offer.sent_at) == (
        "text",
        Author("Aline", None),
        "2019-03-14T20:06:00+08:00",
    )
    assert question.sent_at == "2019-03-14T21:40:00+08:00"
    assert {m.channel for m in result.messages} == {"Aline"}  # from the French file name


def test_swiss_french_android_2018_dotted_date_with_a(tmp_path) -> None:
    # `02.05.18 à 18:00 - name: text` (a French-speaking Swiss user's export, 2018)
    path = tmp_path / "chat.txt"
    path.write_text("13.05.18 à 18:00 - Léa: dispo ce soir\n13.05.18 à 18:02 - Noé: oui\n", encoding="utf-8")
    first, second = read(path).messages
    assert (first.author, first.sent_at) == (Author("Léa", None), "2018-05-13T18:00:00+08:00")
    assert (second.author, second.text) == (Author("Noé", None), "oui")


@pytest.mark.parametrize(
    "line",
    [
        # French 2019 and Russian 2019 notices, under a name as iOS writes the chat's own events
        "[14/03/2019 20:05:01] Aline: Les messages envoyés dans cette discussion et les appels sont désormais"
        " protégés avec le chiffrement de bout en bout. Appuyez pour plus d'informations.",
        "[12.03.19, 09:15:02] Мамы Казани: Сообщения в данной группе теперь защищены сквозным шифрованием."
        " Подробнее.",
    ],
)
def test_older_french_and_russian_notices_under_a_name_are_system(tmp_path, line: str) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(line + "\n", encoding="utf-8")
    (message,) = read(path).messages
    assert message.kind == "system"


def test_russian_android_2019_group_notice_and_header(tmp_path) -> None:
    # `12.02.19, 14:22 - ` and the group notice of the time as a line of its own
    path = tmp_path / "chat.txt"
    path.write_text(
        "12.03.19, 09:15 - Сообщения в данной группе теперь защищены сквозным шифрованием. Подробнее.\n"
        "12.03.19, 09:16 - Оля: есть малыш, пишите в личку\n",
        encoding="utf-8",
    )
    notice, offer = read(path).messages
    assert (notice.kind, notice.author) == ("system", None)
    assert (offer.author, offer.sent_at) == (Author("Оля", None), "2019-03-12T09:16:00+08:00")


def test_traditional_chinese_ios_2023_header_year_first_xiawu_before_the_time(tmp_path) -> None:
    # `[2023/8/11 下午6:25:13] name: text`: no comma, 下午 written before the time
    path = tmp_path / "_chat.txt"
    path.write_text(
        "[2023/8/11 下午6:25:13] 阿美: 哈囉\n[2023/8/11 上午11:02:40] 小華: 你好呀\n", encoding="utf-8"
    )
    first, second = read(path).messages
    assert (first.author, first.sent_at) == (Author("阿美", None), "2023-08-11T18:25:13+08:00")
    assert second.sent_at == "2023-08-11T11:02:40+08:00"


# Lines as WhatsApp's own strings have them (its Android apps of 2016, 2017 and 2019 and its iOS app of 2022,
# read by scripts/whatsapp_strings.py) and as real exports in those languages write them; texts are ours.
@pytest.mark.parametrize(
    ("line", "kind", "attachment"),
    [
        # Hindi iOS: नुक़्ता letters decomposed (ड + ़), as exports write them
        ("[3/9/24, 21:41:55] Ravi: \u200eफ़ोटो हटाई गई", "image", None),
        ("[3/9/24, 21:42:00] Ravi: \u200eवीडियो छो\u0921\u093cा गया", "video", None),
        ("[3/9/24, 21:42:10] Ravi: \u200eऑडियो हटाई गयी", "voice", None),
        ("[3/9/24, 21:42:20] Ravi: \u200eस्टिकर छो\u0921\u093cा गया", "sticker", None),
        (
            "[3/9/24, 21:42:30] Ravi: janm.pdf • \u200e2 पन्ने \u200eडॉक्यूमेंट छो\u0921\u093cा गया",
            "file",
            "janm.pdf",
        ),
        ("[3/9/24, 21:42:40] Ravi: \u200eयह मैसेज डिलीट कर दिया गया है.", "recall", None),
        ("[3/9/24, 21:42:50] Ravi: \u200eमिस्ड वॉइस कॉल", "service", None),
        (
            "[3/9/24, 21:43:00] Ravi: \u200e<अटैच किया गया: 00000031-PHOTO-2024-03-09-21-43-00.jpg>",
            "image",
            "00000031-PHOTO-2024-03-09-21-43-00.jpg",
        ),
        # Hindi Android 2019
        ("09/03/2024, 21:44 - Ravi: <मीडिया के बिना>", "file", None),
        ("09/03/2024, 21:45 - Ravi: यह संदेश मिटाया गया", "recall", None),
        (
            "09/03/2024, 21:46 - Ravi: IMG-20240309-WA0004.jpg (फाइल अटैच कर दी गई है)",
            "image",
            "IMG-20240309-WA0004.jpg",
        ),
        # Japanese iOS
        ("[2024/03/09 21:41:55] 佐藤: \u200eビデオは含まれていません", "video", None),
        ("[2024/03/09 21:42:00] 佐藤: \u200e連絡先カードを省略", "file", None),
        (
            "[2024/03/09 21:42:10] 佐藤: 書類.pdf • \u200eページ数: 2 \u200eドキュメントは含まれていません",
            "file",
            "書類.pdf",
        ),
        (
            "[2024/03/09 21:42:20] 佐藤: \u200e<添付ファイル: 00000032-PHOTO-2024-03-09-21-42-20.jpg>",
            "image",
            "00000032-PHOTO-2024-03-09-21-42-20.jpg",
        ),
        ("[2024/03/09 21:42:30] 佐藤: \u200e音声通話不在着信", "service", None),
        # French iOS and the Android strings of 2016–2017
        ("[09/03/2024 21:41:55] Léa: \u200esticker omis", "sticker", None),
        ("[09/03/2024 21:42:00] Léa: \u200eFiche contact manquante", "file", None),
        ("[09/03/2024 21:42:10] Léa: acte.pdf • \u200e2 pages \u200edocument manquant", "file", "acte.pdf"),
        (
            "[09/03/2024 21:42:20] Léa: \u200e< pièce jointe : 00000033-PHOTO-2024-03-09-21-42-20.jpg >",
            "image",
            "00000033-PHOTO-2024-03-09-21-42-20.jpg",
        ),
        ("09/03/2017 21:43 - Léa: <Fichier omis>", "file", None),
        # Portuguese (Portugal) iOS
        ("[09/03/24, 21:41:55] Rui: \u200eimagem não revelada", "image", None),
        ("[09/03/24, 21:42:00] Rui: \u200eficheiro de áudio não revelado", "voice", None),
        ("[09/03/24, 21:42:10] Rui: \u200eApagou esta mensagem.", "recall", None),
        (
            "[09/03/24, 21:42:20] Rui: \u200e<anexo: 00000034-PHOTO-2024-03-09-21-42-20.jpg>",
            "image",
            "00000034-PHOTO-2024-03-09-21-42-20.jpg",
        ),
        # Italian, Russian and Arabic iOS
        ("[09/03/24, 21:41:55] Gio: \u200esticker non incluso", "sticker", None),
        ("[09/03/24, 21:42:00] Gio: \u200eGIF esclusa", "video", None),
        ("[09.03.24, 21:41:55] Оля: \u200eстикер не добавлен", "sticker", None),
        ("[09.03.24, 21:42:00] Оля: \u200eКарточка контакта отсутствует", "file", None),
        (
            "[09.03.24, 21:42:10] Оля: \u200e<прикреплено: 00000035-PHOTO-2024-03-09-21-42-10.jpg>",
            "image",
            "00000035-PHOTO-2024-03-09-21-42-10.jpg",
        ),
        ("[9/3/24, 21:41:55] Ali: \u200fلم يتم إدراج الصورة", "image", None),
        ("[9/3/24, 21:42:00] Ali: \u200fتم حذف الملصقات", "sticker", None),
        (
            "[9/3/24, 21:42:10] Ali: wathiqa.pdf • \u200fصفحتان 2 \u200fلم يتم إدراج المستند",
            "file",
            "wathiqa.pdf",
        ),
        # Chinese iOS (simplified): a full-width colon in the attachment tag
        ("[2024/3/9 21:41:55] 王: \u200e照片已忽略", "image", None),
        ("[2024/3/9 21:42:00] 王: \u200eGIF 动态图已被忽略", "video", None),
        (
            "[2024/3/9 21:42:10] 王: \u200e<附件：00000036-PHOTO-2024-03-09-21-42-10.jpg>",
            "image",
            "00000036-PHOTO-2024-03-09-21-42-10.jpg",
        ),
        ("[2024/3/9 21:42:20] 王: \u200e这条消息已被删除。", "recall", None),
        ("2016/3/9 21:43 - 王: <省略多媒体文件>", "file", None),
        # Spanish: the 2016–2017 Android placeholder; iOS's bare "missed call", marked
        ("9/3/17 21:41 - Rosa: <Archivo omitido>", "file", None),
        ("[9/3/24, 21:42:00] Rosa: \u200eLlamada perdida", "service", None),
        # Vietnamese, Thai, Ukrainian and Czech iOS; Czech Android 2023
        ("[21:41:55, 3/9/24] Lan: \u200eđã bỏ qua hình ảnh", "image", None),
        ("[21:42:00, 3/9/24] Lan: \u200eTin nhắn này đã bị xóa.", "recall", None),
        ("[3/9/24 21:41:55] Som: \u200eไม่มีสติกเกอร์", "sticker", None),
        (
            "[3/9/24 21:42:00] Som: \u200e<แนบ: 00000037-PHOTO-2024-03-09-21-42-00.jpg>",
            "image",
            "00000037-PHOTO-2024-03-09-21-42-00.jpg",
        ),
        ("[09.03.24, 21:41:55] Олена: \u200eнаклейку не додано", "sticker", None),
        ("[09.03.24, 21:42:00] Олена: \u200eЦе повідомлення було видалено.", "recall", None),
        ("[09.03.24 21:41:55] Petr: \u200ezvukový soubor vynechán", "voice", None),
        ("09.03.24 21:42 - Petr: <Média vynechány>", "file", None),
        # Dutch Android 2022 and iOS
        ("09-03-2024 21:41 - Sanne: <Media weggelaten>", "file", None),
        (
            "09-03-2024 21:42 - Sanne: \u200eSTK-20240309-WA0000.webp (bestand bijgevoegd)",
            "sticker",
            "STK-20240309-WA0000.webp",
        ),
        ("[09-03-2024 21:43:00] Sanne: \u200eafbeelding weggelaten", "image", None),
        ("[09-03-2024 21:43:10] Sanne: \u200eDit bericht is verwijderd.", "recall", None),
    ],
)
def test_whatsapp_own_strings_in_eighteen_languages(tmp_path, line: str, kind: str, attachment) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(line + "\n", encoding="utf-8")
    (message,) = read(path).messages
    assert message.kind == kind
    assert message.author is not None  # a placeholder, deletion or call stays its sender's
    if attachment is not None:
        assert [a.name for a in message.attachments] == [attachment]


def test_a_missed_call_is_a_service_event_with_its_caller(tmp_path) -> None:
    # as real Android exports write them (Russian 2022, Czech 2023): under the caller's name, no mark
    path = tmp_path / "chat.txt"
    path.write_text(
        "09.03.24 21:41 - Оля: Пропущенный аудиозвонок\n09.03.24 21:42 - Petr: Zmeškaný hovor\n"
        "09.03.24 21:43 - Petr: Zmeškaný hovor, zavolej mi\n",
        encoding="utf-8",
    )
    call, bare, words = read(path).messages
    assert (call.kind, call.author) == ("service", Author("Оля", None))
    assert (bare.kind, bare.author) == ("service", Author("Petr", None))
    assert words.kind == "text"  # more than the event's words: a person's message


HINDI_IOS_CHAT = (
    "[3/9/24, 14:56:00] Ravi Kumar: \u200eमैसेजेस और कॉल्स एंड-टू-एंड एन्क्रिप्टेड हैं. इस चैट में शामिल लोगों के"
    " अलावा कोई भी इन्हें पढ़ या सुन नहीं सकता, WhatsApp भी नहीं.\n"
    "[3/9/24, 21:41:35] Meena: बच्चा कब पैदा होगा?\n"
    "\u200e[3/9/24, 21:41:55] Ravi Kumar: \u200eफ़ोटो हटाई गई\n"
    "[3/9/24, 21:42:00] Ravi Kumar: \u200e\u200eMeena के लिए आपका सुरक्षा कोड बदल गया है. \u200eज़्यादा जानने के लिए"
    " टैप करें.\n"
    "[3/9/24, 21:43:00] Meena: \u200eलोकेशन: https://maps.google.com/?q=26.8,80.9\n"
)


def test_hindi_ios_notice_and_security_code_event_are_the_chats_own(tmp_path) -> None:
    path = tmp_path / "_chat.txt"
    path.write_text(HINDI_IOS_CHAT, encoding="utf-8")
    result = read(path)
    assert result.skips == []
    notice, question, photo, security, location = result.messages
    assert (notice.kind, notice.author, notice.channel) == ("system", None, "Ravi Kumar")
    assert (question.kind, question.author) == ("text", Author("Meena", None))
    assert photo.kind == "image"
    assert (security.kind, security.author) == ("system", None)
    assert location.kind == "text"


def test_arabic_ios_headers_with_marks_inside_the_date(tmp_path) -> None:
    # iOS in Arabic writes U+200F after each date component, Arabic-Indic digits or ASCII ones, and ص/م
    path = tmp_path / "_chat.txt"
    path.write_text(
        "\u200f[\u0661\u0668\u200f/\u0663\u200f/\u0662\u0660\u0662\u0664\u060c "
        "\u0662:\u0665\u0666:\u0660\u0660\u00a0\u0645] \u202a+20 100 000 0000\u202c: \u200fكم الثمن؟\n"
        "\u200f[\u200f27\u200f/3\u200f/2024\u060c 21:41:55] Ali: \u200fلم يتم إدراج الصورة\n",
        encoding="utf-8",
    )
    result = read(path)
    assert result.skips == []
    question, photo = result.messages
    assert question.sent_at == "2024-03-18T14:56:00+08:00"
    assert question.author == Author("+20 100 000 0000", "phone:+201000000000")
    assert (photo.sent_at, photo.kind) == ("2024-03-27T21:41:55+08:00", "image")


def test_vietnamese_ios_time_before_the_date(tmp_path) -> None:
    path = tmp_path / "_chat.txt"
    path.write_text(
        "[14:56:01, 3/18/24] Lan: xin chào\n[21:41:35, 3/27/24] Minh: bé bao nhiêu tháng?\n", encoding="utf-8"
    )
    result = read(path)
    assert result.skips == []
    assert [m.sent_at for m in result.messages] == ["2024-03-18T14:56:01+08:00", "2024-03-27T21:41:35+08:00"]
    assert [m.author for m in result.messages] == [Author("Lan", None), Author("Minh", None)]


@pytest.mark.parametrize(
    "header",
    [
        "[3/18/R4, 14:56:01]",  # iOS under the Japanese calendar: Reiwa 4
        "[3/18/2565 BE, 14:56:01]",  # iOS under the Buddhist calendar
        "[3/18/2565 14:56:01]",  # Thai iOS, the era not written
    ],
)
def test_ios_era_calendars_are_read_as_gregorian_years(tmp_path, header: str) -> None:
    path = tmp_path / "_chat.txt"
    path.write_text(f"{header} Kenji: hello\n", encoding="utf-8")
    (message,) = read(path).messages
    assert message.sent_at == "2022-03-18T14:56:01+08:00"


def test_a_pasted_time_first_quote_stays_inside_its_message(tmp_path) -> None:
    # WhatsApp's "copy messages" writes `[10:00 AM, 25/12/2019] Bob: hello`; pasted into an Android chat it
    # is content, and it must neither make a message nor settle the file's day/month order
    path = tmp_path / "chat.txt"
    path.write_text(
        "1/2/20, 10:00 AM - Ana: look what he sent\n"
        "[10:00 AM, 25/12/2019] Bob: hello\n"
        "1/3/20, 10:00 AM - Ana: ok\n"
        "1/20/20, 10:00 AM - Ana: later\n",
        encoding="utf-8",
    )
    messages = read(path).messages
    assert [m.author for m in messages] == [Author("Ana", None)] * 3
    assert messages[0].text == "look what he sent\n[10:00 AM, 25/12/2019] Bob: hello"
    assert [m.sent_at[:10] for m in messages] == ["2020-01-02", "2020-01-03", "2020-01-20"]


@pytest.mark.parametrize(
    "line",
    [
        # a person's words that open like a platform event, or equal one without iOS's mark
        "[1/2/23, 10:01:00] Bob: Your security code with the bank changed. Call +44 7700 900123 now",
        "[1/2/23, 10:01:00] Bob: Kode keamanan anda dengan bank telah berubah, cek sms",
        "1/2/23, 10:01 - Bob: Changed to 12 to 1 for T1/T4",
        "1/2/23, 10:01 - Bob: The price changed to 20000, wechat abc123",
        "1/2/23, 10:01 - Bob: 訊息和通話經端對端加密，放心，加我微信 abc",
        "1/2/23, 10:01 - Bob: ไม่มีรูปภาพ",
        "1/2/23, 10:01 - Bob: <anexo: segue o contrato>",
    ],
)
def test_a_persons_words_like_an_event_stay_their_message(tmp_path, line: str) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(line + "\n1/2/23, 10:02 - Bob: \u200eok\n", encoding="utf-8")
    first, second = read(path).messages
    assert (first.kind, first.author, first.attachments) == ("text", Author("Bob", None), ())
    assert (second.kind, second.author) == ("text", Author("Bob", None))


def test_the_security_code_event_is_the_chats_own_only_whole_and_marked(tmp_path) -> None:
    path = tmp_path / "_chat.txt"
    path.write_text(
        "[1/2/23, 10:01:00] Bob: \u200e\u200eYour security code with Bob changed. \u200eTap to learn more.\n",
        encoding="utf-8",
    )
    (event,) = read(path).messages
    assert (event.kind, event.author) == ("system", None)


def test_the_layout_note_passes_over_blank_lines_before_the_first_message(tmp_path) -> None:
    path = tmp_path / "_chat.txt"
    path.write_text("\r\n[09/03/2024, 21:41:55] Ana: hola\r\n", encoding="utf-8")
    (chosen,) = read(path).chosen
    assert chosen.text.endswith("layout: iOS")
