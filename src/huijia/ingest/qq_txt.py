"""Classic PC QQ / TIM "导出消息记录" text exports (消息管理器, QQ ≤ 9.7).

Structure (research/export-formats.md §1.1): a title line, then one or more conversation blocks framed by
lines of `=` around `消息分组:` and `消息对象:`, then records: a header line
`YYYY-MM-DD H:MM:SS [AM|PM] sender` followed by content lines and a blank line.

Two rules keep spoofed or accidental header-like content from splitting a message:
- a header must name a sender (a bare timestamp on its own line is content);
- in files whose records end in CRLF, a line break inside a message is a bare LF, so a header-like line
  that follows a bare LF is content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from huijia.ingest.base import Reader, ReadOptions, SourceFile, register
from huijia.ingest.textfile import DETECT_BYTES, UndecodableError, decode_head, detect_encoding, iter_lines
from huijia.ingest.timeparse import hour_from_12h
from huijia.model import Attachment, Author, Message, Notice, ReadEvent

HEADER = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})[ \t]+(\d{1,2}):(\d{2}):(\d{2})(?:[ \t]?([AaPp][Mm]))?[ \t]+(\S.*?)[ \t]*$"
)
TITLES = re.compile(r"^(?:【[^】]*】\s*)+")
UIN_TAIL = re.compile(r"\((\d{3,13})\)$")
MAIL_TAIL = re.compile(r"<([^<>\s]+@[^<>\s]+)>$")
BLOCK_LABEL = re.compile(r"^(消息分组|MSGMGR_MSGFOLDER|消息对象|MSGMGR_MSGOBJ)\s*[:：=]\s*(.*)$")
SEPARATOR = re.compile(r"^={3,}\s*$")
BLOCK_SEP = re.compile(r"^={10,}\s*$")
TITLE_LINE = "消息记录（此消息记录为文本格式，不支持重新导入）"
SYSTEM_UINS = frozenset(("10000", "1000000"))

# Whole-message placeholders → kind. `[坏笑]`-style face names are text, not media.
PLACEHOLDER_KIND = {
    "[图片]": "image",
    "[表情]": "sticker",
    "[语音]": "voice",
    "[视频]": "video",
    "[文件]": "file",
    "[闪照]": "image",
}
ATTACHMENT_TOKENS = re.compile(r"\[(图片|表情|语音|视频|文件|闪照)\]")
RECALL_MARK = "撤回了一条消息"


def parse_sender(who: str) -> Author:
    """Name and handle from the sender part of a header: `name(QQ)`, `name<mail>`, or a bare name."""
    who = TITLES.sub("", who).strip()
    match = UIN_TAIL.search(who)
    if match:
        name = who[: match.start()].strip()
        return Author(name or None, f"qq:{match.group(1)}")
    match = MAIL_TAIL.search(who)
    if match:
        name = who[: match.start()].strip()
        return Author(name or None, f"email:{match.group(1).lower()}")
    return Author(who or None, None)


def classify(author: Author, text: str) -> tuple[str, tuple[Attachment, ...]]:
    """The message kind and attachments implied by the sender and the placeholders in the text."""
    handle = author.handle or ""
    if (author.name == "系统消息" and handle[3:] in SYSTEM_UINS) or (
        author.name == "系统消息" and author.handle is None
    ):
        return "system", ()
    stripped = text.strip()
    if RECALL_MARK in stripped and len(stripped) <= 40 and "\n" not in stripped:
        return "recall", ()
    if "[" not in text:
        return "text", ()
    attachments = tuple(
        Attachment(PLACEHOLDER_KIND[f"[{m.group(1)}]"], m.group(0)) for m in ATTACHMENT_TOKENS.finditer(text)
    )
    kind = PLACEHOLDER_KIND.get(stripped, "text")
    return kind, attachments


@register
class QQTextReader(Reader):
    name = "qq-txt"
    description = "QQ / TIM message-manager text export (.txt)"
    extensions = (".txt",)
    examples = ("qq-txt/group-crlf-utf8bom.txt", "qq-txt/gb18030-ampm.txt")

    def sniff(self, head: bytes, path: Path) -> bool:
        text = decode_head(head)
        if TITLE_LINE[:6] in text[:200] or "消息对象:" in text or "MSGMGR_MSGOBJ" in text:
            return True
        for line in text.splitlines()[:20]:
            header = HEADER.match(line)
            if header is not None and (UIN_TAIL.search(header.group(8)) or MAIL_TAIL.search(header.group(8))):
                return True
        return False

    def read(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
        head = src.head(DETECT_BYTES)
        if not head:
            yield src.skip("empty file", fatal=True)
            return
        try:
            encoding = detect_encoding(head, complete=len(head) == src.size)
        except UndecodableError as exc:
            yield src.skip(str(exc), fatal=True)
            return
        replaced: list[int] = []
        with src.open(options.on_bytes) as fh:
            yield from self._records(
                src, options, iter_lines(fh, encoding, replaced.append), encoding, replaced
            )

    def _records(
        self,
        src: SourceFile,
        options: ReadOptions,
        lines: Iterator[tuple[int, int, str, bool]],
        encoding: str,
        replaced: list[int],
    ) -> Iterator[ReadEvent]:
        clock = options.clock
        tz = options.tz
        fmt = self.name
        prefix = f"{fmt}:{src.short}:"
        channel: str | None = None
        authors: dict[str, Author] = {}
        dates: dict[tuple[str, str, str], tuple[int, int, int]] = {}
        crlf_mode: bool | None = None
        blank_between: bool | None = None
        prev_crlf = True
        prev_blank = True

        # the record being collected
        cur_line = 0
        cur_offset = 0
        cur_author: Author | None = None
        cur_time: str | None = None
        body: list[str] = []
        stray: list[int] = []

        def finish() -> Message:
            while body and not body[-1].strip():
                body.pop()
            text = "\n".join(body)
            assert cur_author is not None
            kind, attachments = classify(cur_author, text)
            return Message(
                id=prefix + str(cur_line),
                kind=kind,
                source=src.source(fmt, line=cur_line, offset=cur_offset, encoding=encoding, tz_assumed=tz),
                text=text,
                channel=channel,
                author=cur_author,
                sent_at=cur_time,
                attachments=attachments,
            )

        for line_no, offset, text, crlf in lines:
            if replaced:
                for bad in replaced:
                    yield Notice(src.display, f"undecodable bytes replaced (read as {encoding})", bad)
                replaced.clear()
            # Where a record boundary may fall: after a CRLF in CRLF files, and after a blank line in
            # files that separate records with one (decided at the second header).
            at_boundary = cur_author is None or (
                (prev_crlf or not crlf_mode) and (prev_blank or not blank_between)
            )
            if at_boundary and cur_author is not None and text[:10] == "==========" and BLOCK_SEP.match(text):
                yield finish()
                cur_author = None
            header = HEADER.match(text) if at_boundary and text[:1].isdigit() else None
            if header is not None:
                if crlf_mode is None:
                    crlf_mode = crlf
                if cur_author is not None:
                    if blank_between is None:
                        blank_between = prev_blank
                    yield finish()
                    cur_author = None
                body = []
                y, mo, d, hh, mi, ss, ampm, who = header.groups()
                key = (y, mo, d)
                ymd = dates.get(key)
                if ymd is None:
                    ymd = dates[key] = (int(y), int(mo), int(d))
                try:
                    hour = int(hh) if ampm is None else hour_from_12h(int(hh), ampm.lower())
                    cur_time = clock.iso(ymd[0], ymd[1], ymd[2], hour, int(mi), int(ss))
                except ValueError:
                    yield src.skip(f"impossible date or time in message header {text[:19]!r}", line=line_no)
                    prev_crlf, prev_blank = crlf, False
                    continue
                author = authors.get(who)
                if author is None:
                    author = authors[who] = parse_sender(who)
                cur_author = author
                cur_line, cur_offset = line_no, offset
            elif cur_author is not None:
                body.append(text)
            else:
                stripped = text.strip()
                label = BLOCK_LABEL.match(stripped) if stripped else None
                if label is not None:
                    if label.group(1) in ("消息对象", "MSGMGR_MSGOBJ"):
                        channel = label.group(2).strip() or None
                elif stripped and not SEPARATOR.match(stripped) and not stripped.startswith(TITLE_LINE[:4]):
                    stray.append(line_no)
            prev_crlf = crlf
            prev_blank = not text.strip()
        if replaced:
            for bad in replaced:
                yield Notice(src.display, f"undecodable bytes replaced (read as {encoding})", bad)
        if cur_author is not None:
            yield finish()
        if stray:
            where = ", ".join(str(n) for n in stray[:5]) + (" …" if len(stray) > 5 else "")
            yield Notice(src.display, f"{len(stray)} line(s) outside any message ignored (lines {where})")
