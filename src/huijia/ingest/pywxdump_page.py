"""PyWxDump 2.2's HTML export: rendered pages, read one table row at a time.

Layout, as 2.2.x writes it (github.com/xaoyaoo/PyWxDump, commit 21fe2bb of November 2023 to 03b694e:
`pywxdump/show_chat/main_window.py` `export_html` rendering `show_chat/templates/chat.html` with Flask's
Jinja, HTML-escaped): pages `{remark or nickname or wxid}_{n}.html` of 500 messages each, titled `chat`,
one `<tr id="{MsgSvrID}">` a message holding a `<label>` `[发]` (sent) or `[收]` (received),
`[{type_name}] {CreateTime}` (local `YYYY-MM-DD HH:MM:SS`), then the body: `<audio>` with a `<source src>`
for a voice, `<img src alt>` for an image or a sticker, else `<p>{text}</p>`. Images and voices are
embedded as `data:` URLs, so a page can be large: it is read in chunks, each row parsed when whole.
The page names no sender, so received messages have no author.

This module only scans; `wechat` turns the rows into messages.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

CHUNK = 1 << 20
ROW_START = b"<tr id="
ROW_END = b"</tr>"
TABLE_END = b"</tbody>"
PAGE_MARKS = (b"<title>chat</title>", b"bootstrap/4.0.0/")
LABEL_MARKS = tuple(
    f'<label style="color:#{colour}">[{side}]['.encode()
    for colour, side in (("A13A50", "发"), ("f54f71", "收"))
)

ROW_ID = re.compile(r'<tr id="([^"]*)">')
LABEL = re.compile(r'<label style="color:#\w+">\[(发|收)\]\[([^\]]*)\]([^<]*)</label>')
AUDIO = re.compile(r'<audio controls>\s*<source src="([^"]*)"')
IMAGE = re.compile(r'<img src="([^"]*)" alt="([^"]*)"')
TEXT = re.compile(r"<p>(.*?)</p>", re.S)


class PageRow(NamedTuple):
    line: int
    msg_id: str
    sent: bool
    type_name: str
    time: str
    text: str
    media: str | None  # the `src` of a voice, an image or a sticker; None for a text


class BadRow(NamedTuple):
    line: int


class PageCut(NamedTuple):
    line: int
    inside_row: bool  # True: the page ends in a row; False: after a row, before the table's end


def is_pywxdump_page(head: bytes) -> bool:
    """True for a page PyWxDump 2.2's HTML export rendered (its template's title and message labels)."""
    return all(mark in head for mark in PAGE_MARKS) and any(mark in head for mark in LABEL_MARKS)


def _row(block: bytes, line: int) -> PageRow | BadRow:
    text = block.decode("utf-8", "replace")
    label = LABEL.search(text)
    if label is None:
        return BadRow(line)
    row_id = ROW_ID.match(text)
    body = text[label.end() :]
    media: str | None = None
    shown = ""
    if audio := AUDIO.search(body):
        media = html.unescape(audio.group(1))
    elif image := IMAGE.search(body):
        media, shown = html.unescape(image.group(1)), html.unescape(image.group(2))
    elif paragraph := TEXT.search(body):
        shown = html.unescape(paragraph.group(1))
    return PageRow(
        line,
        html.unescape(row_id.group(1)) if row_id else "",
        label.group(1) == "发",
        html.unescape(label.group(2)).strip(),
        html.unescape(label.group(3)).strip(),
        shown,
        media,
    )


def scan_page(fh: BinaryIO) -> Iterator[PageRow | BadRow | PageCut]:
    """Each row of the page in order; a PageCut last where the page ends inside a row or before the
    table's end. Memory holds one row (with its embedded media) and a chunk."""
    buf = b""
    line = 1  # the line `buf` starts on
    in_row = False
    search = 0
    table_ended = False
    while chunk := fh.read(CHUNK):
        buf += chunk
        while True:
            if not in_row:
                start = buf.find(ROW_START)
                if start < 0:
                    table_ended = table_ended or TABLE_END in buf
                    keep = max(0, len(buf) - len(TABLE_END))
                    line += buf.count(b"\n", 0, keep)
                    buf = buf[keep:]
                    break
                line += buf.count(b"\n", 0, start)
                buf, in_row, search = buf[start:], True, 0
            end = buf.find(ROW_END, search)
            if end < 0:
                search = max(0, len(buf) - len(ROW_END))
                break
            yield _row(buf[:end], line)
            line += buf.count(b"\n", 0, end)
            buf, in_row, table_ended = buf[end + len(ROW_END) :], False, False
    if in_row:
        yield PageCut(line, True)
    elif not (table_ended or TABLE_END in buf):
        yield PageCut(line, False)
