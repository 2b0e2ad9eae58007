"""MemoTrace (WeChatMsg, 留痕) TXT export (`exporter_txt.py`): one block a message, blocks separated by a
blank line, the file named after the chat, in a folder `<remark>(wxid_…)` beside the CSV.

```
2021-03-04 09:05:07 小明
早上好

2021-03-04 09:06:30 阿华
[图片]

2021-03-04 09:06:00
"阿华" 撤回了一条消息

2021-03-04 09:07:12 "小明" 拍了拍 "阿华"
```
A block starts at a line `YYYY-MM-DD HH:MM:SS name`, and its text is the lines after it. A system
message is written as the time alone, its text on the next line (v3/v4), or as a single line
`time text` (v1/v2): a block of one line is therefore a system message whose text follows the time.
Media are placeholders: `[图片]`, `[语音]`, `[表情包]`, `[文件]`, `[视频]`, `[音乐分享]` (v1/v2) or
`【图片】`, `【语音】…` (v3/v4). A text's own blank lines would split it: a paragraph that does not start
with a time line belongs to the message before it. Times are local; authors have a display name only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from huijia.ingest.base import Reader, ReadOptions, SourceFile, text_encoding
from huijia.ingest.textfile import iter_lines
from huijia.model import Author, Message, Notice, ReadEvent, Skip

HEADER = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?: (.*))?$")
FOLDER = re.compile(r"^(.+?)\((?:wxid_|gh_)[\w-]+\)$")
PLACEHOLDER = re.compile(r"^[\[【](图片|语音|表情包|文件|视频|音乐分享|分享链接|链接|位置分享|名片)[\]】]")
PLACEHOLDER_KIND = {
    "图片": "image",
    "语音": "voice",
    "表情包": "sticker",
    "文件": "file",
    "视频": "video",
    "音乐分享": "link",
    "分享链接": "link",
    "链接": "link",
    "位置分享": "text",
    "名片": "text",
}
RECALL = re.compile(r"撤回了一条消息")

Line = tuple[int, int, str]


def is_memotrace_txt(text: str, path: Path) -> bool:
    """The first line is a MemoTrace header line, and the file sits in MemoTrace's chat folder (a QQ
    text export, whose message lines look alike, starts with its own banner and is never there)."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    return bool(HEADER.match(first)) and (
        FOLDER.match(path.parent.name) is not None or path.parent.name == "聊天记录"
    )


def read_memotrace_txt(reader: Reader, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
    encoding = text_encoding(src)
    if isinstance(encoding, Skip):
        yield encoding
        return
    folder = FOLDER.match(src.path.parent.name)
    chat = folder.group(1) if folder else (src.path.stem or None)
    block: list[Line] = []
    count = 0
    after_blank = True
    replaced: list[int] = []
    with src.open(options.on_bytes) as fh:
        for line_no, offset, text, _ in iter_lines(fh, encoding, replaced.append):
            for bad in replaced:
                yield Notice(src.display, f"undecodable bytes replaced (read as {encoding})", bad)
            replaced.clear()
            text = text.rstrip("\r")
            if after_blank and HEADER.match(text.lstrip("\ufeff")):
                if block:
                    count += 1
                    yield from _message(reader, src, options, encoding, chat, block)
                block = []
            elif not block:
                if text.strip():
                    yield src.skip("text before the first message's time line; kept out", line=line_no)
                after_blank = not text.strip()
                continue
            block.append((line_no, offset, text))
            after_blank = not text.strip()
    if block:
        count += 1
        yield from _message(reader, src, options, encoding, chat, block)
    if count == 0:
        yield src.skip("no messages in this MemoTrace text export", fatal=True)


def _message(
    reader: Reader,
    src: SourceFile,
    options: ReadOptions,
    encoding: str,
    chat: str | None,
    block: list[Line],
) -> Iterator[ReadEvent]:
    (line, offset, head), rest = block[0], [text for _, _, text in block[1:]]
    while rest and not rest[-1].strip():
        rest.pop()  # the blank line that ends a block (and any after the file's last message)
    match = HEADER.match(head.lstrip("\ufeff"))
    assert match is not None  # a block starts at a header line
    y, mo, d, h, mi, s = (int(part) for part in match.groups()[:6])
    after_time = (match.group(7) or "").strip()
    try:
        sent_at, tz_assumed = options.clock.iso(y, mo, d, h, mi, s), options.tz
    except ValueError:
        sent_at, tz_assumed = None, None
        yield Notice(
            src.display, "impossible date or time in the message header; message kept without a time", line
        )
    if rest:
        author: Author | None = Author(after_time or None) if after_time else None
        text = "\n".join(rest)
        kind = "text" if after_time else "system"
    else:  # one line: a v1/v2 system message, its text after the time
        author, text, kind = None, after_time, "system"
    if kind == "system" and RECALL.search(text):
        kind = "recall"
    elif kind == "text" and (placeholder := PLACEHOLDER.match(text)):
        kind = PLACEHOLDER_KIND[placeholder.group(1)]
    yield Message(
        id=reader.message_id(src, line),
        kind=kind,
        source=src.source(reader.name, line=line, offset=offset, encoding=encoding, tz_assumed=tz_assumed),
        text=text,
        channel=chat,
        author=author,
        sent_at=sent_at,
    )
