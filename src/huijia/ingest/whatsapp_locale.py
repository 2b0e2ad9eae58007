"""What WhatsApp writes in place of media, deleted messages and system events, in its most used languages.

The exporter writes these strings in the phone's language, so a reader that knows only English turns a
Spanish "imagen omitida" into a person's text and a Spanish encryption notice into a person's message.
The tables cover English, Spanish, Portuguese, German, French, Italian, Russian, Indonesian, Turkish,
Dutch, Vietnamese, Thai, Ukrainian, Czech, Arabic, Hindi, Chinese (simplified, traditional, Hong Kong)
and Japanese. Their spellings are
WhatsApp's own: the strings of its Android app (2.12.550 of 2016, 2.17.351 of 2017, 2.19.188 of 2019)
and of its iOS app (2022), checked against real exports where there are any;
`scripts/whatsapp_strings.py` rebuilds that check from the mirrors, and docs/formats.md names the sources
per language. Placeholders, deletions, notices and calls are matched in NFC, case-insensitively, with or
without a final full stop.

iOS marks every line it generates (placeholders, deletions, system events) with a leading U+200E; the
reader uses that mark too, so that a system event in a language not listed here is still not read as a
person's message (see `whatsapp.py`).
"""

from __future__ import annotations

import re
import unicodedata

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
    "<archivo omitido>": "file",  # Android 2016–2017
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
    "<mídia omitida>": "file",  # Android 2016–2017 (Brazil)
    # Portuguese (Portugal): iOS and Android 2019
    "<ficheiro não revelado>": "file",
    "imagem não revelada": "image",
    "vídeo não revelado": "video",
    "ficheiro de áudio não revelado": "voice",
    "sticker não revelado": "sticker",
    "gif não revelada": "video",
    "contacto não revelado": "file",
    "documento não revelado": "file",
    # German
    "<medien ausgeschlossen>": "file",
    "<medien weggelassen>": "file",
    "bild weggelassen": "image",
    "video weggelassen": "video",
    "audio weggelassen": "voice",
    "sticker weggelassen": "sticker",
    "gif weggelassen": "video",
    "dokument weggelassen": "file",
    "kontaktkarte ausgelassen": "file",
    # French
    "<médias omis>": "file",
    "image absente": "image",
    "vidéo absente": "video",
    "audio omis": "voice",
    "autocollant omis": "sticker",
    "gif retiré": "video",
    "document omis": "file",
    "<fichier omis>": "file",  # Android 2016–2017
    "sticker omis": "sticker",
    "fiche contact manquante": "file",
    "document manquant": "file",
    # Italian
    "<media omessi>": "file",
    "immagine omessa": "image",
    "video omesso": "video",
    "audio omesso": "voice",
    "sticker omesso": "sticker",
    "gif omessa": "video",
    "documento omesso": "file",
    "<media omesso>": "file",  # Android 2016–2017
    "sticker non incluso": "sticker",
    "gif esclusa": "video",
    "scheda contatto omessa": "file",
    # Russian
    "<без медиафайлов>": "file",
    "изображение отсутствует": "image",
    "видео отсутствует": "video",
    "аудиофайл отсутствует": "voice",
    "стикер отсутствует": "sticker",
    "gif отсутствует": "video",
    "документ отсутствует": "file",
    "<файл пропущен>": "file",  # Android 2016–2017
    "стикер не добавлен": "sticker",
    "карточка контакта отсутствует": "file",
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
    "<medya atlanmış>": "file",  # Android 2016–2017
    "kişi kartı dahil edilmedi": "file",
    # Dutch (Android 2017–2022, iOS)
    "<media weggelaten>": "file",
    "afbeelding weggelaten": "image",
    "video weggelaten": "video",
    "audio weggelaten": "voice",
    "sticker weggelaten": "sticker",
    "gif weggelaten": "video",
    "visitekaartje weggelaten": "file",
    "document weggelaten": "file",
    # Vietnamese, Thai, Ukrainian, Czech (Android 2016–2019, iOS)
    "<bỏ qua media>": "file",
    "đã bỏ qua hình ảnh": "image",
    "đã bỏ video": "video",
    "bỏ qua tệp âm thanh": "voice",
    "đã bỏ sticker": "sticker",
    "đã bỏ qua ảnh gif": "video",
    "bỏ qua thẻ liên lạc": "file",
    "đã bỏ qua tài liệu": "file",
    "<สื่อถูกลบ>": "file",
    "<ไฟล์สื่อถูกลบ>": "file",
    "ไม่มีรูปภาพ": "image",
    "วิดีโอถูกลบ": "video",
    "ไม่มีไฟล์เสียง": "voice",
    "ไม่มีสติกเกอร์": "sticker",
    "ละเว้น gif": "video",
    "บัตรรายชื่อที่ละเว้น": "file",
    "ละเว้นเอกสาร": "file",
    "<медіа пропущено>": "file",
    "зображення відсутнє": "image",
    "відео відсутнє": "video",
    "аудіо відсутнє": "voice",
    "наклейку не додано": "sticker",
    "gif-анімацію пропущено": "video",
    "картка контакту відсутня": "file",
    "документ пропущено": "file",
    "< média vynechána >": "file",
    "<média vynechány>": "file",
    "obrázek vynechán": "image",
    "video vynecháno": "video",
    "zvukový soubor vynechán": "voice",
    "nálepka vynechána": "sticker",
    "gif vynechán": "video",
    "vizitka vynechána": "file",
    "dokument vynechán": "file",
    # Arabic
    "<تم استبعاد الوسائط>": "file",
    "تم استبعاد الصورة": "image",
    "تم استبعاد الفيديو": "video",
    "تم استبعاد الصوت": "voice",
    "تم استبعاد الملصق": "sticker",
    "لم يتم إدراج الصورة": "image",
    "لم يتم إدراج الفيديوهات": "video",
    "لم يتم إدراج المقاطع الصوتية": "voice",
    "تم حذف الملصقات": "sticker",
    "لم يتم إدراج صورة gif": "video",
    "لم يتم إدراج بطاقة جهة اتصال": "file",
    "لم يتم إدراج المستند": "file",
    # Hindi
    "<मीडिया के बिना>": "file",
    "<मीडिया छोड़ दिया गया>": "file",
    "फ़ोटो हटाई गई": "image",
    "वीडियो छोड़ा गया": "video",
    "ऑडियो हटाई गयी": "voice",
    "स्टिकर छोड़ा गया": "sticker",
    "gif छोड़ा गया": "video",
    "कॉन्टैक्ट कार्ड छोड़ा गया": "file",
    "डॉक्यूमेंट छोड़ा गया": "file",
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
    # Chinese, from WhatsApp's own strings (Android 2016–2019; iOS, simplified, traditional and Hong Kong)
    "<省略多媒体文件>": "file",
    "<省略媒体文件>": "file",
    "照片已忽略": "image",
    "贴图已省略": "sticker",
    "gif 动态图已被忽略": "video",
    "联系人卡片已忽略": "file",
    "<忽略多媒體檔>": "file",
    "<省略多媒體>": "file",
    "圖像已省略": "image",
    "影片已省略": "video",
    "音訊已省略": "voice",
    "gif 圖片已被省略": "video",
    "聯絡人卡片已省略": "file",
    "文件已忽略": "file",
    "貼圖已略去": "sticker",
    "gif 已略去": "video",
    "聯絡人卡片已略去": "file",
    "文件已略去": "file",
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
    "ビデオは含まれていません": "video",
    "gifは含まれていません": "video",
    "連絡先カードを省略": "file",
    "ドキュメントは含まれていません": "file",
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
        # from WhatsApp's own strings (Android 2017–2019, iOS 2022)
        "esta mensagem foi apagada pelo remetente",
        "apagou esta mensagem",
        "вы удалили это сообщение",
        "anda telah menghapus pesan ini",
        "أنت حذفت هذه الرسالة",
        "لقد حذَفت هذه الرسالة",
        "यह संदेश मिटाया गया",
        "यह संदेश आपने मिटाया है",
        "यह मैसेज डिलीट कर दिया गया है",
        "信息已删除",
        "消息已删除",
        "您删除这个信息",
        "您已删除这条消息",
        "这条消息已被删除",
        "您已刪除此訊息",
        "このメッセージを削除しました",
        "dit bericht is verwijderd",
        "u hebt dit bericht verwijderd",
        "tin nhắn này đã bị xoá",
        "tin nhắn này đã bị xóa",
        "bạn đã xoá tin nhắn này",
        "bạn đã xóa tin nhắn này",
        "ข้อความนี้ได้ถูกลบ",
        "ข้อความนี้ถูกลบแล้ว",
        "คุณลบข้อความนี้",
        "คุณได้ลบข้อความนี้",
        "це повідомлення було видалено",
        "ви видалили це повідомлення",
        "видалено",  # Android 2019: "Deleted."
        "tato zpráva byla odstraněna",
        "tato zpráva byla smazána",
        "tuto zprávu jste odstranil/a",
        "tuto zprávu jste smazal/a",
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
    # English: iOS 2022; Android 2016 ("messages you send to…") and 2017–2019
    "messages and calls are end-to-end encrypted",
    "messages to this group are now secured with end-to-end encryption",
    "messages to this chat and calls are now secured with end-to-end encryption",
    "messages you send to this chat and calls are now secured with end-to-end encryption",
    "messages you send to this group are now secured with end-to-end encryption",
    # Spanish
    "los mensajes y las llamadas están cifrados de extremo a extremo",
    "los mensajes y las llamadas están cifrados de punta a punta",
    "los mensajes y llamadas en este chat ahora están protegidos con cifrado de extremo a extremo",
    "los mensajes en este grupo ahora están protegidos con cifrado de extremo a extremo",
    "las llamadas y mensajes enviados a este chat ahora están seguros con cifrado de extremo a extremo",
    "los mensajes enviados a este grupo ahora están seguros con cifrado de extremo a extremo",
    # Portuguese (Brazil, then Portugal)
    "as mensagens e ligações são protegidas com a criptografia de ponta a ponta",
    "as mensagens e as ligações são protegidas com a criptografia de ponta a ponta",
    "as mensagens e as chamadas são protegidas com a criptografia de ponta a ponta",
    "as mensagens que você enviar para esta conversa e chamadas agora são protegidas",
    "as mensagens e chamadas desta conversa estão agora seguras com criptografia",
    "as mensagens que você enviar para este grupo agora são protegidas",
    "as mensagens enviadas a este grupo estão agora protegidas",
    "as mensagens e chamadas são encriptadas ponto a ponto",
    "nesta conversa, as mensagens que enviar e as chamadas que efetuar são completamente encriptadas",
    "as mensagens que enviar a este grupo passarão a ser completamente encriptadas",
    # German
    "nachrichten und anrufe sind ende-zu-ende-verschlüsselt",
    "nachrichten in diesem chat sowie anrufe sind jetzt mit ende-zu-ende-verschlüsselung geschützt",
    "nachrichten an diese gruppe sind jetzt mit ende-zu-ende-verschlüsselung geschützt",
    "nachrichten, die du in diesem chat sendest, sowie anrufe, sind jetzt mit ende-zu-ende-verschlüsselung",
    "nachrichten, die du an diese gruppe sendest, sind jetzt mit ende-zu-ende-verschlüsselung",
    # French (the Android 2019 notice is also in a real export: rwhatsapp issue 8)
    "les messages et les appels sont chiffrés de bout en bout",
    "les messages envoyés dans cette discussion et les appels sont désormais protégés avec le chiffrement",
    "les messages envoyés dans ce groupe sont désormais protégés avec le chiffrement",
    "les messages que vous envoyez dans cette discussion et les appels sont désormais protégés",
    "les messages que vous envoyez dans ce groupe sont désormais protégés",
    # Italian
    "i messaggi e le chiamate sono crittografati end-to-end",
    "i messaggi inviati a questa chat sono ora protetti",
    "i messaggi inviati a questa chat e le chiamate sono ora protetti",
    "i messaggi inviati a questo gruppo sono ora protetti con la crittografia end-to-end",
    "i messaggi che invii in questa chat e le chiamate sono ora protetti con la crittografia end-to-end",
    "i messaggi che invii in questo gruppo sono ora protetti con la crittografia end-to-end",
    # Russian (the 2019 group notice is also in a real export: whatsapp-archive issue 7)
    "сообщения и звонки защищены сквозным шифрованием",
    "сообщения в данной группе теперь защищены сквозным шифрованием",
    "сообщения в данном чате и звонки теперь защищены сквозным шифрованием",
    "сообщения и звонки в данном чате теперь защищены сквозным шифрованием",
    "сообщения, которые вы отправляете в данный чат, и звонки сейчас защищены шифрованием",
    # Indonesian
    "pesan dan panggilan terenkripsi secara end-to-end",
    "pesan yang dikirim ke chat ini dan panggilan kini diamankan dengan enkripsi end-to-end",
    "pesan yang dikirim ke grup ini kini diamankan dengan enkripsi end-to-end",
    "pesan-pesan yang anda kirimkan ke chat ini dan panggilan kini diamankan",
    "pesan-pesan yang dikirimkan ke chat ini dan panggilan kini diamankan",
    "pesan-pesan yang anda kirimkan ke grup ini kini diamankan",
    "pesan-pesan yang dikirimkan ke grup ini kini diamankan",
    # Turkish
    "mesajlar ve aramalar uçtan uca şifrelidir",
    "bu sohbete gönderdiğiniz mesajlar ve yaptığınız aramalar artık uçtan uca şifrele",
    "bu gruba gönderdiğiniz mesajlar artık uçtan uca şifrele",
    # Dutch
    "berichten en oproepen worden end-to-end versleuteld",
    "berichten en gesprekken worden end-to-end versleuteld",
    "berichten en oproepen in deze chat zijn nu beveiligd met end-to-end encryptie",
    "berichten die naar deze groep worden verzonden, zijn nu beveiligd met end-to-end encryptie",
    "voor berichten die u naar deze chat verzendt en de oproepen die u maakt, wordt vanaf nu gebruik gemaakt",
    "voor berichten die u naar deze groep verzendt, wordt vanaf nu gebruik gemaakt van end-to-end encryptie",
    # Vietnamese, Thai, Ukrainian, Czech
    "tin nhắn và cuộc gọi được mã hóa đầu cuối",
    "các tin nhắn bạn gửi tới cuộc trò chuyện này và các cuộc gọi đã được bảo mật với mã hoá đầu-cuối",
    "các tin nhắn gửi tới cuộc trò chuyện này và các cuộc gọi đã được bảo mật với mã hoá đầu-cuối",
    "những tin nhắn bạn gửi tới nhóm này được mã hoá đầu-cuối",
    "những tin nhắn gửi tới nhóm này được bảo mật với mã hoá đầu-cuối",
    "ข้อความและการโทรได้รับการเข้ารหัสจากต้นทางถึงปลายทาง",
    "ข้อความที่คุณส่งถึงแชทและการโทรนี้ขณะนี้มีความปลอดภัยด้วยการเข้ารหัสจากต้นทางถึงปลายทาง",
    "ข้อความที่คุณส่งถึงกลุ่มนี้ขณะนี้มีความปลอดภัยด้วยการเข้ารหัสจากต้นทางถึงปลายทาง",
    "ข้อความที่ส่งถึงแชทและการโทรนี้ขณะนี้มีความปลอดภัยด้วยการเข้ารหัสจากต้นทางถึงปลายทาง",
    "ข้อความที่ส่งถึงแชทและการโทรนี้ได้รับการปกป้องด้วยการเข้ารหัสจากต้นทางถึงปลายทาง",
    "ข้อความที่คุณส่งถึงกลุ่มนี้ได้รับการปกป้องด้วยการเข้ารหัสจากต้นทางถึงปลายทาง",
    "повідомлення й дзвінки захищено наскрізним шифруванням",
    "повідомлення у цій бесіді та дзвінки тепер захищено наскрізним шифруванням",
    "повідомлення в цій бесіді та дзвінки тепер захищено наскрізним шифруванням",
    "повідомлення у цій групі тепер захищено наскрізним шифруванням",
    "повідомлення в цій групі тепер захищено наскрізним шифруванням",
    "повідомлення, які ви надсилаєте до цієї бесіди, та дзвінки зараз захищені шифруванням",
    "повідомлення, які ви надсилаєте до цієї групи, зараз захищені шифруванням",
    "zprávy a hovory jsou opatřeny koncovým šifrováním",
    "zprávy a hovory jsou zabezpečeny koncovým šifrováním",
    "hovory a zprávy v tomto chatu jsou teď zabezpečeny koncovým šifrováním",
    "zprávy pro tuto skupinu jsou teď zabezpečeny koncovým šifrováním",
    "zprávy odeslané v této skupině jsou teď zabezpečeny koncovým šifrováním",
    "vaše zprávy odeslané v tomto chatu jsou teď zabezpečeny koncovým šifrováním",
    "vaše zprávy odeslané do této skupiny jsou teď zabezpečeny koncovým šifrováním",
    # Arabic
    "الرسائل والمكالمات مشفرة تمامًا",
    "باتت الرسائل التي ترسلها إلى هذه الدردشة والمكالمات التي تجريها ضمنها محمية من خلال التشفير التام",
    "باتت الرسائل التي ترسلها إلى هذه المجموعة محمية من خلال التشفير التام",
    # Hindi
    "मैसेजेस और कॉल्स एंड-टू-एंड एन्क्रिप्टेड हैं",
    "संदेश और कॉल एंड-टू-एंड एन्क्रिप्टेड हैं",
    "इस चैट में भेजे गए संदेश और किए गए कॉल्स शुरू से अंत तक एन्क्रिप्शन से सुरक्षित",
    "इस ग्रुप में भेजे गए संदेश शुरू से अंत तक एन्क्रिप्शन से सुरक्षित",
    # Chinese (simplified, traditional, Hong Kong); Android's notices whole, up to their 。
    "消息和通话都进行端到端加密",
    "消息和通话已进行端到端加密",
    "此对话中的信息和通话已进行端到端的加密，点击获取更多信息",
    "此群组中的信息已进行端到端的加密，点击获取更多信息",
    "发送到此群组的消息都经端到端加密，点击获取更多信息",
    "您在此对话中所发送的信息和通话都已进行端到端的加密，点击获取更多信息",
    "您在此群组中所发送的信息都已进行端到端的加密，点击获取更多信息",
    "訊息和通話皆受端對端加密保護",
    "訊息已受端對端加密保護",
    "訊息和通話經端對端加密",
    "此對話中的訊息和通話已進行端對端的加密，點擊獲取更多資訊",
    "此群組中的訊息已進行端對端的加密，點擊獲取更多資訊",
    "此群組中的訊息已進行端對端加密，點擊獲取更多資訊",
    "您在此對話中所傳送的訊息和通話都已進行端對端的加密，點擊獲取更多資訊",
    "您在此群組中所傳送的訊息都已進行端對端的加密，點擊獲取更多資訊",
    # Japanese
    "メッセージと通話はエンドツーエンドで暗号化されています",
    "メッセージと通話はエンドツーエンド暗号化されています",
    "このチャットと通話へのメッセージは、エンドツーエンドの暗号化で保護されています",
    "このチャット内のメッセージ、および通話は、エンドツーエンド暗号化で保護されています",
    "このグループへのメッセージは、エンドツーエンドの暗号化で保護されています",
    "このグループへのメッセージはエンドツーエンド暗号化で保護されています",
)
PHONE_CHANGED = re.compile(
    # Android's "X changed to +44 …" / "X changed from +44 … to +44 …": the whole line, a number at its end
    r"changed (?:their|his|her) phone number|changed (?:from \+\d[\d\s().-]{6,} )?to \+\d[\d\s().-]{6,}$"
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
    "archivo adjuntado",
    "arquivo anexado",
    "ficheiro anexado",
    "datei angehängt",
    "fichier joint",
    "file allegato",
    "файл добавлен",
    "файл в приложении",
    "file terlampir",
    "dosya ekli",
    "bestand bijgevoegd",
    "tệp đính kèm",
    "ไฟล์ที่แนบ",
    "файл додано",
    "soubor byl přiložen",
    "الملف مرفق",
    "फाइल अटैच कर दी गई है",
    "文件附件",
    "附件檔案",
    "文件已附上",
    "附件",
    "添付ファイル有り",
    "ファイルを添付",
)

# The word iOS writes in `<attached: 00000012-PHOTO-….jpg>`, by language (French writes spaces inside:
# `< pièce jointe : … >`; Chinese a full-width colon: `<附件：…>`; Turkish `<… eklendi>` is read apart).
# `добавлен` is from a Russian user's report to another parser (mtln/chat-export issue 7), unconfirmed.
ATTACHED_WORDS = (
    "attached",
    "adjunto",
    "anexado",
    "anexo",
    "Anhang",
    "pièce jointe",
    "allegato",
    "прикреплено",
    "вложение",
    "добавлен",
    "terlampir",
    "ekli",
    "bijgevoegd",
    "đính kèm",
    "แนบ",
    "додано",
    "příloha",
    "المُرفق",
    "अटैच किया गया",
    "附件",
    "添付ファイル",
)

# A missed call, which the exporter writes under the caller's name: an event of the platform, kept with its
# author (kind `service`, as Telegram's calls are).
MISSED_CALLS: frozenset[str] = frozenset(
    (
        "missed voice call",
        "missed video call",
        "missed group voice call",
        "missed group video call",
        "llamada de voz perdida",
        "videollamada perdida",
        "chamada de voz perdida",
        "chamada de vídeo perdida",
        "videochamada perdida",
        "verpasster sprachanruf",
        "verpasster videoanruf",
        "appel vocal manqué",
        "appel vidéo manqué",
        "chiamata vocale persa",
        "videochiamata persa",
        "пропущенный аудиозвонок",
        "пропущенный видеозвонок",
        "panggilan suara tak terjawab",
        "panggilan video tak terjawab",
        "cevapsız sesli arama",
        "cevapsız görüntülü arama",
        "gemiste spraakoproep",
        "gemiste video-oproep",
        "gemist spraakgesprek",
        "gemist videogesprek",
        "cuộc gọi nhỡ video",
        "สายโทรวิดีโอที่ไม่ได้รับ",
        "วิดีโอคอลที่ไม่ได้รับ",
        "пропущений аудіодзвінок",
        "пропущений відеодзвінок",
        "zmeškaný hlasový hovor",
        "zmeškaný videohovor",
        # the bare "missed call" of some languages, as Android writes it (a real 2023 Czech export) and iOS
        "llamada perdida",
        "tak terjawab",
        "不在着信",
        "cuộc gọi nhỡ",
        "สายที่ไม่ได้รับ",
        "zmeškaný hovor",
        "مكالمة صوتية فائتة",
        "مكالمة فيديو فائتة",
        "वीडियो कॉल छूटी",
        "वॉइस कॉल मिस हुई",
        "मिस्ड वॉइस कॉल",
        "मिस्ड वीडियो कॉल",
        "未接语音通话",
        "未接视频通话",
        "未接語音通話",
        "未接視像通話",
        "ビデオ通話不在着信",
        "音声通話不在着信",
    )
)

# iOS's "Your security code with X changed. Tap to learn more.", written under X's name: an event.
SECURITY_CODE_CHANGED = re.compile(
    r"(?:your security code with .+ changed|cambió tu código de seguridad con .+"
    r"|seu código de segurança com .+ mudou|o seu código de segurança partilhado com .+ mudou"
    r"|deine sicherheitsnummer für .+ hat sich geändert|votre code de sécurité avec .+ a changé"
    r"|il tuo codice di sicurezza con .+ è cambiato|ваш код безопасности с контактом .+ изменился"
    r"|kode keamanan anda dengan .+ telah berubah|.+ ile aranızdaki güvenlik kodu değişti"
    r"|uw beveiligingscode voor .+ is gewijzigd"
    r"|mã bảo mật của bạn với .+ đã thay đổi|รหัสความปลอดภัยของคุณกับ .+ มีการเปลี่ยนแปลง"
    r"|код безпеки з контактом .+ змінився|bezpečnostní kód mezi vámi a\s?uživatelem .+ byl změněn"
    r"|تغيّر رمز أمانك المُستخدَم مع .+|.+ के लिए आपका सुरक्षा कोड बदल गया है"
    r"|您和 ?.+ ?的安全代码已更改|您與 ?.+ ?(?:之間)?的安全(?:碼|代碼)已變更"
    r"|.+とのセキュリティコードが変更されました)[.。]?",  # matched whole (`fullmatch`), one line
    re.I,
)


def _nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


# Hindi exports write नुक़्ता letters decomposed (ड + ़), as NFC does; the tables are compared in NFC
MEDIA_OMITTED = {_nfc(key): kind for key, kind in MEDIA_OMITTED.items()}
DELETED = frozenset(map(_nfc, DELETED))
SYSTEM_STARTS = tuple(map(_nfc, SYSTEM_STARTS))
MISSED_CALLS = frozenset(map(_nfc, MISSED_CALLS))


def probe(text: str, marks: str) -> str:
    """The form placeholders are looked up in: no marks or spaces around, NFC, lower case, no final stop."""
    return _nfc(text.strip(marks + " \u00a0\u202f")).lower().rstrip(".。")


def is_deleted(key: str) -> bool:
    """True for a deleted-message marker, `key` as `probe` gives it."""
    return key in DELETED or key.startswith(DELETED_BY_ADMIN)


def strip_edited(text: str, marks: str) -> str:
    """The text without the edited marker WhatsApp appends (and the space and marks before it)."""
    tail = text.rstrip(marks + " \u00a0\u202f")
    if not tail.endswith(">"):  # every marker ends so: the common case costs one test
        return text
    for marker in EDITED:
        if tail[-len(marker) :].lower() == marker:
            return tail[: -len(marker)].rstrip(marks + " \u00a0\u202f")
    return text


def is_missed_call(key: str) -> bool:
    """True for a missed-call event, `key` as `probe` gives it."""
    return key in MISSED_CALLS


NOTICE_WHOLE = 40  # a notice's opening this long is the notice, whatever follows it


def _opens_notice(first: str, marked: bool) -> bool:
    """True when `first` (as `probe` gives it) opens with the encryption notice: after iOS's mark, any
    known opening; without it (Android 2018–2019 wrote the notice under a name, unmarked), a long opening,
    or a short one that ends its sentence there — "訊息和通話經端對端加密，加我微信" is a person's."""
    if not first.startswith(SYSTEM_STARTS):
        return False
    if marked:
        return True
    for start in SYSTEM_STARTS:
        if first.startswith(start) and (
            len(start) >= NOTICE_WHOLE or first[len(start) : len(start) + 1] in ".。"
        ):
            return True
    return False


def _security_code_event(text: str, marks: str) -> bool:
    """iOS's `‎‎Your security code with X changed. ‎Tap to learn more.`: after the mark iOS writes, the whole
    event sentence, then at most its short "learn more"."""
    body = text.strip(" \u00a0\u202f")
    if body[:1] not in "\u200e\u200f":
        return False
    parts = [part.strip(" \u00a0\u202f") for part in re.split("[\u200e\u200f]+", body.lstrip(marks))]
    event, rest = parts[0], [p for p in parts[1:] if p]
    return SECURITY_CODE_CHANGED.fullmatch(_nfc(event)) is not None and len(" ".join(rest)) <= 80


def is_system_text(text: str, marks: str) -> bool:
    """True for the platform's own events that exports write like a person's message."""
    line = text.split("\n", 1)[0]
    first = probe(line, marks)
    if _opens_notice(first, line.lstrip(" ")[:1] in "\u200e\u200f"):
        return True
    if "\n" in text.strip() or len(first) >= 300:
        return False
    return PHONE_CHANGED.search(first) is not None or _security_code_event(text, marks)
