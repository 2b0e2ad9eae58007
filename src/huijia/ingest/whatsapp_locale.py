"""What WhatsApp writes in place of media, deleted messages and system events, in its most used languages.

The exporter writes these strings in the phone's language, so a reader that knows only English turns a
Spanish "imagen omitida" into a person's text and a Spanish encryption notice into a person's message.
The tables cover English, Spanish, Portuguese, German, French, Italian, Russian, Indonesian, Turkish,
Arabic, Hindi, Chinese (simplified and traditional) and Japanese. docs/formats.md says, per language, which
spellings were checked against real exports (and which) and which remain unverified. All are matched
case-insensitively, with or without a final full stop.

iOS marks every line it generates (placeholders, deletions, system events) with a leading U+200E; the
reader uses that mark too, so that a system event in a language not listed here is still not read as a
person's message (see `whatsapp.py`).
"""

from __future__ import annotations

import re

# iOS "<kind> omitted" placeholders and Android "<Media omitted>", by language → our kind.
MEDIA_OMITTED: dict[str, str] = {
    # English
    "<media omitted>": "file",
    "image omitted": "image",
    "video omitted": "video",
    "audio omitted": "voice",
    "sticker omitted": "sticker",
    "gif omitted": "video",
    "document omitted": "file",
    "contact card omitted": "file",
    "<view once voice message omitted>": "voice",
    "<video note omitted>": "video",
    # Spanish (verified: real iOS exports)
    "<multimedia omitido>": "file",
    "imagen omitida": "image",
    "video omitido": "video",
    "audio omitido": "voice",
    "sticker omitido": "sticker",
    "gif omitido": "video",
    "documento omitido": "file",
    "tarjeta de contacto omitida": "file",
    "se omitió la nota de video": "video",
    # Portuguese
    "<mídia oculta>": "file",
    "<arquivo de mídia oculto>": "file",
    "imagem ocultada": "image",
    "vídeo omitido": "video",
    "vídeo ocultado": "video",
    "áudio ocultado": "voice",
    "figurinha omitida": "sticker",
    "documento ocultado": "file",  # and "documento omitido", as in Spanish
    "cartão do contato omitido": "file",
    # German
    "<medien ausgeschlossen>": "file",
    "<medien weggelassen>": "file",
    "bild weggelassen": "image",
    "video weggelassen": "video",
    "audio weggelassen": "voice",
    "sticker weggelassen": "sticker",
    "gif weggelassen": "video",
    "dokument weggelassen": "file",
    # French
    "<médias omis>": "file",
    "image absente": "image",
    "vidéo absente": "video",
    "audio omis": "voice",
    "autocollant omis": "sticker",
    "gif retiré": "video",
    "document omis": "file",
    # Italian
    "<media omessi>": "file",
    "immagine omessa": "image",
    "video omesso": "video",
    "audio omesso": "voice",
    "sticker omesso": "sticker",
    "gif omessa": "video",
    "documento omesso": "file",
    # Russian
    "<без медиафайлов>": "file",
    "изображение отсутствует": "image",
    "видео отсутствует": "video",
    "аудиофайл отсутствует": "voice",
    "стикер отсутствует": "sticker",
    "gif отсутствует": "video",
    "документ отсутствует": "file",
    # Indonesian (iOS verified: real exports, 2022 and 2024)
    "<media tidak disertakan>": "file",
    "gambar tidak disertakan": "image",
    "video tidak disertakan": "video",
    "audio tidak disertakan": "voice",
    "stiker tidak disertakan": "sticker",
    "gif tidak disertakan": "video",
    "dokumen tidak disertakan": "file",
    "kartu kontak tidak disertakan": "file",
    "catatan video tidak disertakan": "video",
    # Turkish
    "<medya dahil edilmedi>": "file",
    "görüntü dahil edilmedi": "image",
    "video dahil edilmedi": "video",
    "ses dahil edilmedi": "voice",
    "çıkartma dahil edilmedi": "sticker",
    "gif dahil edilmedi": "video",
    "belge dahil edilmedi": "file",
    # Arabic
    "<تم استبعاد الوسائط>": "file",
    "تم استبعاد الصورة": "image",
    "تم استبعاد الفيديو": "video",
    "تم استبعاد الصوت": "voice",
    "تم استبعاد الملصق": "sticker",
    # Hindi
    "<मीडिया के बिना>": "file",
    "<मीडिया छोड़ दिया गया>": "file",
    # Chinese
    "<省略影音内容>": "file",
    "<已省略多媒體檔案>": "file",
    "<媒体文件已省略>": "file",
    "<省略了媒体文件>": "file",
    "圖片已略去": "image",
    "影片已略去": "video",
    "貼圖已忽略": "sticker",
    "音訊已略去": "voice",
    "图片已忽略": "image",
    "图片已省略": "image",
    "视频已忽略": "video",
    "视频已省略": "video",
    "音频已忽略": "voice",
    "音频已省略": "voice",
    "贴图已忽略": "sticker",
    "贴纸已省略": "sticker",
    "文档已省略": "file",
    # Japanese
    "<メディアなし>": "file",
    "<メディアは含まれていません>": "file",
    "画像を省略しました": "image",
    "画像は含まれていません": "image",
    "動画を省略しました": "video",
    "動画は含まれていません": "video",
    "音声を省略しました": "voice",
    "音声は含まれていません": "voice",
    "ステッカーを省略しました": "sticker",
    "スタンプは含まれていません": "sticker",
}

# "This message was deleted" and "You deleted this message", by language.
DELETED: frozenset[str] = frozenset(
    (
        "this message was deleted",
        "you deleted this message",
        "se eliminó este mensaje",
        "eliminaste este mensaje",
        "este mensaje fue eliminado",
        "mensagem apagada",
        "esta mensagem foi apagada",
        "você apagou esta mensagem",
        "diese nachricht wurde gelöscht",
        "du hast diese nachricht gelöscht",
        "ce message a été supprimé",
        "vous avez supprimé ce message",
        "questo messaggio è stato eliminato",
        "hai eliminato questo messaggio",
        "данное сообщение удалено",
        "сообщение удалено",
        "вы удалили данное сообщение",
        "pesan ini dihapus",
        "pesan ini telah dihapus",
        "anda menghapus pesan ini",
        "bu mesaj silindi",
        "bu mesajı sildiniz",
        "تم حذف هذه الرسالة",
        "لقد حذفت هذه الرسالة",
        "यह मैसेज डिलीट किया गया",
        "आपने यह मैसेज डिलीट किया",
        "这条消息已删除",
        "此消息已删除",
        "此消息已被删除",
        "此訊息已刪除",
        "你删除了此消息",
        "你已刪除此訊息",
        "このメッセージは削除されました",
        "メッセージを削除しました",
    )
)
# Deletions by a group admin, which name the admin: `‎Mensagem apagada por um admin (Ana)`.
DELETED_BY_ADMIN: tuple[str, ...] = (
    "this message was deleted by admin",
    "mensagem apagada por um admin",
    "diese nachricht wurde von admin",
)

# What WhatsApp appends to an edited message's text (iOS puts U+200E before it): the exporter's, not the
# sender's, so it is taken off the text.
EDITED: tuple[str, ...] = (
    "<this message was edited>",
    "<diese nachricht wurde bearbeitet.>",
    "<mensagem editada>",
    "<questo messaggio è stato modificato>",
    "<bu mesaj düzenlendi>",
    "<pesan ini diedit>",
)

# The start of the end-to-end encryption notice, which some exports write after the chat's name as if
# the chat had said it, and the phone-number-change event; either is the platform speaking, never a person.
SYSTEM_STARTS: tuple[str, ...] = (
    "messages and calls are end-to-end encrypted",
    "messages to this group are now secured with end-to-end encryption",
    "messages to this chat and calls are now secured with end-to-end encryption",
    "messages you send to this chat and calls are now secured with end-to-end encryption",
    "los mensajes y las llamadas están cifrados de extremo a extremo",
    "los mensajes y las llamadas están cifrados de punta a punta",
    "los mensajes y llamadas en este chat ahora están protegidos con cifrado de extremo a extremo",
    "as mensagens e ligações são protegidas com a criptografia de ponta a ponta",
    "as mensagens e as ligações são protegidas com a criptografia de ponta a ponta",
    "as mensagens e as chamadas são protegidas com a criptografia de ponta a ponta",
    "nachrichten und anrufe sind ende-zu-ende-verschlüsselt",
    "les messages et les appels sont chiffrés de bout en bout",
    # French Android, 2019 (the notice of the time, a line of its own; rwhatsapp issue 8)
    "les messages envoyés dans cette discussion et les appels sont désormais protégés avec le chiffrement"
    " de bout en bout",
    "i messaggi e le chiamate sono crittografati end-to-end",
    "сообщения и звонки защищены сквозным шифрованием",
    # Russian Android, 2019: the group notice of the time (whatsapp-archive issue 7)
    "сообщения в данной группе теперь защищены сквозным шифрованием",
    "pesan dan panggilan terenkripsi secara end-to-end",
    "mesajlar ve aramalar uçtan uca şifrelidir",
    "الرسائل والمكالمات مشفرة تمامًا",
    "संदेश और कॉल एंड-टू-एंड एन्क्रिप्टेड हैं",
    "消息和通话都进行端到端加密",
    "消息和通话已进行端到端加密",
    "訊息和通話皆受端對端加密保護",
    "メッセージと通話はエンドツーエンドで暗号化されています",
)
PHONE_CHANGED = re.compile(
    r"changed (?:their|his|her) phone number|changed to \+?\d"
    r"|cambió su número de teléfono|mudou (?:seu|o) número de telefone"
    r"|hat (?:seine|ihre|die|eine neue) telefonnummer|a changé de numéro de téléphone"
    r"|ha cambiato il (?:suo )?numero di telefono|изменил[аи]? (?:свой )?номер телефона"
    r"|telah mengganti nomor teleponnya|telefon numarasını değiştirdi"
    r"|غيّر رقم هاتفه|ने अपना फ़ोन नंबर बदल दिया|更换了电话号码|已更換電話號碼|電話番号を変更しました",
    re.I,
)

# Words after an Android attachment's file name: `IMG-….jpg (file attached)`.
FILE_ATTACHED = (
    "file attached",
    "archivo adjunto",
    "arquivo anexado",
    "datei angehängt",
    "fichier joint",
    "file allegato",
    "файл добавлен",
    "file terlampir",
    "dosya ekli",
    "文件已附上",
    "附件",
    "ファイルを添付",
)


def probe(text: str, marks: str) -> str:
    """The form placeholders are looked up in: no marks or spaces around, lower case, no final stop."""
    return text.strip(marks + " \u00a0\u202f").lower().rstrip(".。")


def is_deleted(key: str) -> bool:
    """True for a deleted-message marker, `key` as `probe` gives it."""
    return key in DELETED or key.startswith(DELETED_BY_ADMIN)


def strip_edited(text: str, marks: str) -> str:
    """The text without the edited marker WhatsApp appends (and the space and marks before it)."""
    tail = text.rstrip(marks + " \u00a0\u202f")
    for marker in EDITED:
        if tail[-len(marker) :].lower() == marker:
            return tail[: -len(marker)].rstrip(marks + " \u00a0\u202f")
    return text


def is_system_text(text: str, marks: str) -> bool:
    """True for the platform's own events that exports write like a person's message."""
    first = probe(text.split("\n", 1)[0], marks)
    return first.startswith(SYSTEM_STARTS) or (
        "\n" not in text.strip() and len(first) < 300 and PHONE_CHANGED.search(first) is not None
    )
