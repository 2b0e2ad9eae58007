"""QQChatExporter's TXT export (QCE V4 and V5, `TextExporter.ts`): a banner, then one block a message.

```
[QQChatExporter V5 / https://github.com/shuakami/qq-chat-exporter]
[本软件是免费的开源项目~ …]

===============================================
           QQ聊天记录导出文件
===============================================

聊天名称: 江西宝宝送养交流群
聊天类型: 群聊
导出时间: 2024-11-03 20:00:00
消息总数: 3
时间范围: …

江西送养-芳:
时间: 2024-11-02 09:15:03
内容: 女宝刚满月…
资源: 1 个文件
  - image: 5A1B2C3D.jpg
提及: …
回复: 求子心切 - …

===============================================
              导出完成
===============================================
总计导出 3 条消息
```
A message starts at a line `name:` followed by `时间: …` (an optional `[N]` line before it); its text runs
from `内容: ` to the `资源:` / `提及:` / `回复:` lines at its end. With no text QCE writes a placeholder:
`[image消息]` (the resources' types), `[系统消息]`, `[表情消息]`, `[无文本内容]`. Times are local
(`YYYY-MM-DD HH:mm:ss`); other time formats QCE offers (date only, time only, "3天前") keep the message
without a time, with a note. Authors have a name only (an opaque `u_…` uid when QCE had no name).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from huijia.ingest.base import Reader, ReadOptions, SourceFile, text_encoding
from huijia.ingest.textfile import iter_lines
from huijia.model import Attachment, Author, Message, Notice, ReadEvent, Skip

BANNER = re.compile(r"^\ufeff?\[QQChatExporter V\d")
TIME = re.compile(r"^时间: (.*)$")
FULL_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$")
NUMBER = re.compile(r"^\[\d+\]$")
DECLARED = re.compile(r"^消息总数: (\d+)$")
RESOURCES = re.compile(r"^资源: (\d+) 个文件$")
RESOURCE = re.compile(r"^  - ([A-Za-z]+): (.*)$")
TYPES_PLACEHOLDER = re.compile(r"^\[([a-z、]+)消息\]$")
RESOURCE_KIND = {"image": "image", "video": "video", "audio": "voice", "voice": "voice", "file": "file"}
PLACEHOLDER_KIND = {"[系统消息]": "system", "[表情消息]": "sticker", "[无文本内容]": "text"}
UID = re.compile(r"^u_[\w-]{6,}$")
RULE = "=" * 20

Line = tuple[int, int, str]


def is_qce_txt(text: str) -> bool:
    return bool(BANNER.match(text.lstrip("\ufeff")))


def read_qce_txt(reader: Reader, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
    encoding = text_encoding(src)
    if isinstance(encoding, Skip):
        yield encoding
        return
    chat: str | None = None
    declared: int | None = None
    block: list[Line] = []
    started = False
    finished = False
    count = 0
    replaced: list[int] = []
    with src.open(options.on_bytes) as fh:
        for line_no, offset, text, _ in iter_lines(fh, encoding, replaced.append):
            for bad in replaced:
                yield Notice(src.display, f"undecodable bytes replaced (read as {encoding})", bad)
            replaced.clear()
            if not started and chat is None and text.startswith("聊天名称: "):
                chat = text[len("聊天名称: ") :].strip() or None
            if not started and declared is None and (total := DECLARED.match(text.strip())):
                declared = int(total[1])
            if text.strip() == "导出完成" and block and block[-1][2].startswith(RULE):
                block.pop()
                finished = True
                break
            if TIME.match(text) and block and _is_name(block[-1][2]):
                head = [block.pop()]
                if block and NUMBER.match(block[-1][2]):
                    head.insert(0, block.pop())
                if started:
                    count += 1
                    yield from _message(reader, src, options, encoding, chat, block)
                started = True
                block = head
            block.append((line_no, offset, text))
    if started:
        count += 1
        yield from _message(reader, src, options, encoding, chat, block)
    if started and not finished:
        yield Notice(
            src.display,
            "the file ends before QCE's closing 导出完成 lines: the last message may be cut short",
        )
    if declared is not None and count != declared:
        yield Notice(
            src.display,
            f"the header (消息总数) gives {declared:,} messages; {count:,} were read"
            + (" (cut short?)" if count < declared else ""),
        )
    if count == 0:
        yield src.skip("no messages in this QQChatExporter text export", fatal=True)


def _message(
    reader: Reader,
    src: SourceFile,
    options: ReadOptions,
    encoding: str,
    chat: str | None,
    block: list[Line],
) -> Iterator[ReadEvent]:
    if NUMBER.match(block[0][2]):
        block = block[1:]
    if len(block) < 2:  # cannot happen with the loop above; a damaged file must still not raise
        yield src.skip("a name line without its 时间 line", line=block[0][0] if block else None)
        return
    (line, offset, name_line), (_, _, time_line) = block[0], block[1]
    rest = [text for _, _, text in block[2:]]
    while rest and not rest[-1].strip():
        rest.pop()
    for prefix in ("回复: ", "提及: "):
        if rest and rest[-1].startswith(prefix):
            rest.pop()
    attachments = _resources(rest)
    if rest and rest[0].startswith("类型: "):
        rest.pop(0)
    name = name_line[:-1].strip()
    author = Author(name or None, f"qq:{name}" if UID.match(name) else None)
    sent_at, tz_assumed, time_note = _time(time_line[len("时间: ") :], options)  # block[1] matched TIME
    if time_note:
        yield Notice(src.display, time_note, line)
    text = ""
    if rest and rest[0].startswith("内容: "):
        text = "\n".join([rest[0][len("内容: ") :], *rest[1:]])
    else:
        yield Notice(src.display, "field 内容 missing; message kept without text", line)
    kind = "text"
    if text in PLACEHOLDER_KIND:
        kind, text = PLACEHOLDER_KIND[text], ""
    elif (placeholder := TYPES_PLACEHOLDER.match(text)) and attachments:
        kind, text = RESOURCE_KIND.get(placeholder[1].split("、")[0], "file"), ""
    elif not text and attachments:
        kind = attachments[0].kind
    yield Message(
        id=reader.message_id(src, line),
        kind=kind,
        source=src.source(reader.name, line=line, offset=offset, encoding=encoding, tz_assumed=tz_assumed),
        text=text,
        channel=chat,
        author=author,
        sent_at=sent_at,
        attachments=attachments,
    )


def _is_name(text: str) -> bool:
    """A `name:` line that starts a message (a `时间: …:` line is a time cut short, not a name)."""
    return text.endswith(":") and len(text) > 1 and not TIME.match(text)


def _resources(rest: list[str]) -> tuple[Attachment, ...]:
    """The `资源: N 个文件` list at the end of a block (taken off `rest`), as attachments."""
    for start in range(len(rest) - 1, -1, -1):
        match = RESOURCES.match(rest[start])
        if match is None:
            continue
        items = [RESOURCE.match(text) for text in rest[start + 1 :]]
        if len(items) != int(match[1]) or not all(items):
            return ()
        del rest[start:]
        return tuple(Attachment(RESOURCE_KIND.get(m[1], "file"), m[2] or None) for m in items if m)
    return ()


def _time(value: str, options: ReadOptions) -> tuple[str | None, str | None, str | None]:
    """(ISO time, zone assumed, note) for the `时间` field; the note never quotes the value."""
    match = FULL_TIME.match(value.strip())
    if match is None:
        return None, None, "field 时间 is not a full date and time; message kept without a time"
    y, mo, d, h, mi, s = (int(part) for part in match.groups())
    try:
        return options.clock.iso(y, mo, d, h, mi, s), options.tz, None
    except ValueError:
        return None, None, "field 时间 is an impossible date or time; message kept without a time"
