"""Telegram Desktop's HTML export: an export folder with `messages.html`, `messages2.html`, … (1,000
messages a page; research/export-formats.md §3, tdesktop `export_output_html.cpp`).

Each page is one file of the same chat, read on its own: `div.message.default` is a message (`.from_name`,
`.date[title]`, `.text`, `.media_wrap`), `div.message.service` a service message (its `.body.details`
text; those with a negative id are date separators, not messages). A message the exporter "joined" to the
one before (same sender within 15 minutes) has no `.from_name`: it takes the previous message's author,
also across pages (from the end of the page before). Ids are the message div ids (`message4101` → 4101),
so they are the chat's own message ids; a folder is read in page order (`messages2.html` before
`messages10.html`, see `inputs._expand`).

The date title is `dd.MM.yyyy hh:mm:ss`, since 2022 followed by ` UTC+03:00`: with the offset it is exact,
without it local time in `--tz`. Pages carry no user ids: authors have a name only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from huijia.ingest.base import Reader, ReadOptions, SourceFile
from huijia.ingest.forum import _text
from huijia.ingest.html_page import MAX_PAGE_BYTES, decode_page
from huijia.ingest.textfile import UndecodableError
from huijia.model import Attachment, Author, Message, Notice, ReadEvent

PAGE_NAME = re.compile(r"^messages(\d*)\.html$")
DATE_TITLE = re.compile(
    r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?:\s*UTC([+-])(\d{1,2}):?(\d{2}))?\s*$"
)
MESSAGE_ID = re.compile(r"^message(-?\d+)$")
REPLY_HREF = re.compile(r"^(?:(messages\d*\.html))?#go_to_message(\d+)$")
# the classes of the link (or, for media not downloaded, of the div) in .media_wrap → kind
MEDIA_CLASSES = (
    ("photo_wrap", "image"),
    ("media_photo", "image"),
    ("sticker_wrap", "sticker"),
    ("media_sticker", "sticker"),
    ("animated_wrap", "video"),
    ("video_file_wrap", "video"),
    ("media_video", "video"),
    ("media_voice_message", "voice"),
    ("media_audio_file", "file"),
    ("media_file", "file"),
)
TAIL_BYTES = 256 * 1024  # how much of the page before is parsed for the author a joined message continues


def _classes(el: Any) -> set[str]:
    return set((el.get("class") or "").split())


def _child(el: Any, cls: str) -> Any:
    for child in el:
        if isinstance(child.tag, str) and cls in _classes(child):
            return child
    return None


def page_number(path: Path) -> int | None:
    match = PAGE_NAME.match(path.name)
    if match is None:
        return None
    return int(match.group(1) or 1)


def is_telegram_html(head: bytes) -> bool:
    """Whether the first bytes are a page of Telegram Desktop's HTML export with messages on it."""
    return b'class="page_wrap"' in head and (
        b'class="history"' in head or b'class="message default' in head or b'class="message service' in head
    )


class TelegramHtml:
    """Reads the pages for the `telegram` reader (whose name and ids the messages carry)."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.name = reader.name

    def message_id(self, src: SourceFile, position: int | str) -> str:
        return self.reader.message_id(src, position)

    def read(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
        if src.size > MAX_PAGE_BYTES:
            yield src.skip(f"page larger than {MAX_PAGE_BYTES // 2**20} MiB", fatal=True)
            return
        with src.open(options.on_bytes) as fh:
            data = fh.read()
        try:
            text, encoding, problem = decode_page(data)
        except UndecodableError as exc:
            yield src.skip(str(exc), fatal=True)
            return
        if problem is not None:
            yield Notice(src.display, problem)
        from lxml import html as lxml_html

        try:
            doc = lxml_html.document_fromstring(text)
        except Exception as exc:  # lxml's ParserError and others for empty or odd documents
            yield src.skip(f"not parseable as HTML ({type(exc).__name__})", fatal=True)
            return
        history = doc.xpath("//div[contains(concat(' ', normalize-space(@class), ' '), ' history ')]")
        if not history:
            yield src.skip("no message history on the page", fatal=True)
            return
        channel = doc.xpath("string(//div[contains(@class,'page_header')]//div[contains(@class,'text')])")
        channel = " ".join(channel.split()) or None
        author = self._author_before(src.path)
        replies: dict[str, str | None] = {}
        for div in history[0]:
            if not isinstance(div.tag, str) or "message" not in _classes(div):
                continue
            made = self._message(div, src, options, encoding, channel, author, replies)
            for event in made:
                if isinstance(event, Message) and event.kind != "service":
                    author = event.author
                yield event

    def _message(
        self,
        div: Any,
        src: SourceFile,
        options: ReadOptions,
        encoding: str,
        channel: str | None,
        previous: Author | None,
        replies: dict[str, str | None],
    ) -> Iterator[ReadEvent]:
        line = div.sourceline
        found = MESSAGE_ID.match(div.get("id") or "")
        classes = _classes(div)
        if found is None:
            yield Notice(src.display, "a message with no message id; passed over", line)
            return
        number = found.group(1)
        if number.startswith("-"):  # a date separator between days: not a message
            return
        body = _child(div, "body")
        if body is None:
            yield Notice(src.display, f"message {number}: no body; passed over", line)
            return
        where = f"message {number}"
        source_kw: dict[str, Any] = {"line": line, "encoding": encoding}
        if "service" in classes:
            text = _text(body)
            yield Message(
                self.message_id(src, number), "service", src.source(self.name, **source_kw), channel,
                None, None, text,
            )  # fmt: skip
            return
        notes: list[str] = []
        sent_at, tz_assumed = self._time(_child(body, "date"), options, notes)
        name_el = _child(body, "from_name")
        if name_el is not None:
            author: Author | None = Author(" ".join(name_el.text_content().split()) or None)
        elif "joined" in classes and previous is not None:
            author = previous
        else:
            author = None
            notes.append("no sender on the page, and none before it to continue; kept without one")
        text_el = _child(body, "text")
        text = _text(text_el) if text_el is not None else ""
        attachments = self._media(_child(body, "media_wrap"), notes)
        kind = attachments[0].kind if attachments and not text else "text"
        reply_to = self._reply(_child(body, "reply_to"), src, replies, notes)
        source_kw["tz_assumed"] = tz_assumed
        yield Message(
            self.message_id(src, number), kind, src.source(self.name, **source_kw), channel, author,
            sent_at, text, attachments, reply_to,
        )  # fmt: skip
        for note in notes:
            yield Notice(src.display, f"{where}: {note}", line)

    def _time(self, date_el: Any, options: ReadOptions, notes: list[str]) -> tuple[str | None, str | None]:
        if date_el is None or not date_el.get("title"):
            notes.append("no date on the page; kept without a time")
            return None, None
        match = DATE_TITLE.match(date_el.get("title"))
        if match is None:
            notes.append("the date title is not dd.MM.yyyy hh:mm:ss; kept without a time")
            return None, None
        d, mo, y, h, mi, s, sign, oh, om = match.groups()
        try:
            if sign is None:
                return options.clock.iso(int(y), int(mo), int(d), int(h), int(mi), int(s)), options.tz
            from datetime import datetime, timedelta, timezone

            offset = timedelta(hours=int(oh), minutes=int(om)) * (1 if sign == "+" else -1)
            moment = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s), tzinfo=timezone(offset))
            return moment.isoformat(timespec="seconds"), None
        except ValueError:
            notes.append("the date title is an impossible date or time; kept without a time")
            return None, None

    def _media(self, wrap: Any, notes: list[str]) -> tuple[Attachment, ...]:
        if wrap is None:
            return ()
        found: list[Attachment] = []
        for el in wrap.iter("a", "div"):
            classes = _classes(el)
            kind = next((k for cls, k in MEDIA_CLASSES if cls in classes), None)
            if kind is None:
                continue
            href = el.get("href") if el.tag == "a" else None
            if el.tag == "div" and any(a.tag == "a" for a in el.iterancestors()):
                continue  # the description inside a downloaded media link
            found.append(Attachment(kind, href or None))
            if el.tag == "a":
                break
        if not found:
            notes.append("media of a kind not known; left out")
        return tuple(found[:1])

    def _reply(
        self, reply_el: Any, src: SourceFile, replies: dict[str, str | None], notes: list[str]
    ) -> str | None:
        if reply_el is None:
            return None
        for link in reply_el.iter("a"):
            match = REPLY_HREF.match(link.get("href") or "")
            if match is None:
                continue
            page, number = match.groups()
            if not page or page == src.path.name:
                return self.message_id(src, number)
            if page not in replies:
                other = src.path.with_name(page)
                replies[page] = SourceFile.from_path(other).short if other.is_file() else None
            short = replies[page]
            if short is None:
                notes.append(f"replies to a message on {page}, which is not beside this page")
                return None
            return f"{self.name}:{short}:{number}"
        notes.append("a reply whose message could not be found")
        return None

    def _author_before(self, path: Path) -> Author | None:
        """The author of the last message on the page before this one (for a first message joined to it)."""
        number = page_number(path)
        if number is None or number < 2:
            return None
        before = path.with_name("messages.html" if number == 2 else f"messages{number - 1}.html")
        if not before.is_file():
            return None
        try:
            with before.open("rb") as fh:
                size = fh.seek(0, 2)
                fh.seek(max(0, size - TAIL_BYTES))
                tail = fh.read().decode("utf-8", errors="replace")
        except OSError:
            return None
        names = re.findall(r'<div class="from_name">\s*(.*?)\s*</div>', tail, re.S)
        if not names:
            return None
        from lxml import html as lxml_html

        name = lxml_html.fromstring(f"<div>{names[-1]}</div>").text_content()
        return Author(" ".join(name.split()) or None)
