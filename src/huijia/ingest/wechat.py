"""WeChat exports made by the common tools (WeChat has no export of its own).

Layouts, told apart by their exact header row or JSON keys (research/export-formats.md §2):
- MemoTrace/WeChatMsg v1–v2 CSV: the raw MSG table row (`localId,TalkerId,Type,SubType,IsSender,
  CreateTime,…,StrContent,StrTime,Remark,NickName,Sender`);
- MemoTrace v3–v4 CSV (wxManager): `消息ID,类型,发送人,时间,内容,备注,昵称,更多信息`;
- PyWxDump CSV: `id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime` (3.x), or before
  that `…,room_name,content,CreateTime` with `content` = JSON `{"src": …, "msg": …}`;
- the JSON list MemoTrace writes beside its HTML export (`type, is_send, timestamp, display_name, …`);
- MemoTrace v2's HTML page read alone: `const chatMessages = [{ type:1, text: '…', …}, …]` in the page
  (`memotrace_html`); where the JSON above sits beside the page, the JSON is read and the page is not;
- PyWxDump's HTML export (3.1.x, `api/export/exportHtml.py`): a copy of its web viewer with the chat in
  `data.js`, one JavaScript declaration a line (`const local_mywxid = '…'`, `const local_user_list = {…}`,
  `const local_msg_list = […]`); the messages are the same objects as the 3.x CSV rows, the users give
  the authors' names;
- PyWxDump 2.4–3.0's HTML export (`api/api.py` `export`): `data/msg_user.json` beside its viewer,
  `{"msg_list": […], "user_list": {…}, "my_wxid": "…", "myuserdata": {…}}`; the messages are the older
  CSV's rows with `content` a `{src, msg}` object, the users come after them;
- PyWxDump 2.2's HTML export (`show_chat/main_window.py`): rendered pages `{name}_{n}.html`, one table row
  a message (`pywxdump_page`);
- EchoTrace's JSON (`lib/services/chat_export_service.dart` `exportToJson`, 1.0–3.0) and WeFlow's, which
  kept its layout (`electron/services/exportService.ts`, later `export/formatters/JsonFormatter.ts`):
  `{"session": {…}, "messages": [{localId, createTime, formattedTime, type, localType, content, isSend,
  senderUsername, senderDisplayName, …}]}`, WeFlow from 1.4.0 with a `weflow` header object first, and
  WeFlow's ArkMe JSON with a `senders` list that messages name by `senderID`.
Epoch `CreateTime`/`timestamp` is preferred over local time strings. The chat name comes from the file
or folder name where the layout does not carry it (MemoTrace names both after the contact's remark).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import ijson
import orjson

from huijia.ingest.base import (
    Reader,
    ReadOptions,
    SourceFile,
    none_readable,
    record_events,
    register,
    text_encoding,
)
from huijia.ingest.generic import RecordError, parse_time, read_csv_rows
from huijia.ingest.jsonstream import (
    JSON_ERRORS,
    BrokenJson,
    broken_json,
    parsed,
    skip_bom,
    stream,
)
from huijia.ingest.memotrace_html import (
    LIST_START,
    Broken,
    Cut,
    NoList,
    PageScan,
    Record,
    html_text,
    is_memotrace_html,
    js_string,
)
from huijia.ingest.memotrace_txt import is_memotrace_txt, read_memotrace_txt
from huijia.ingest.pywxdump_page import BadRow, PageCut, PageRow, is_pywxdump_page, scan_page
from huijia.ingest.textfile import SNIFF_BYTES, decode_head
from huijia.model import Attachment, Author, Message, Notice, ReadEvent, Skip

MEMOTRACE_V2 = ("localid", "talkerid", "type", "subtype", "issender", "createtime")
MEMOTRACE_V4 = ("消息id", "类型", "发送人", "时间", "内容")
PYWXDUMP = ("id", "msgsvrid", "type_name", "is_sender", "talker")  # then `msg,src` (3.x) or `content`

# WeChat's base message types (MSG.Type) → our kinds.
TYPE_KIND = {
    1: "text",
    3: "image",
    34: "voice",
    42: "text",
    43: "video",
    47: "sticker",
    48: "link",
    49: "link",
    50: "service",
    10000: "system",
    10002: "system",
}
APP_SUBTYPE_KIND = {6: "file", 57: "text", 2000: "service", 2001: "service", 62: "system"}
# Chinese type names of wxManager and PyWxDump → our kinds.
NAME_KIND = {
    "文本": "text",
    "图片": "image",
    "视频": "video",
    "语音": "voice",
    "表情包": "sticker",
    "动画表情": "sticker",
    "文件": "file",
    "分享链接": "link",
    "卡片式链接": "link",
    "引用消息": "text",
    "引用回复": "text",
    "合并转发的聊天记录": "text",
    "系统消息": "system",
    "系统通知": "system",
    "拍一拍": "system",
    "红包": "service",
    "转账": "service",
    "位置分享": "link",
    "位置": "link",
    "小程序": "link",
    "视频号": "link",
    "音视频通话": "service",
    "个人/公众号名片": "text",
    "名片": "text",
    "撤回消息": "recall",
    # PyWxDump 3.x names beyond these (`db/utils/common_utils.py`, type_converter)
    "语音通话": "service",
    "用户上传的GIF表情": "sticker",
    "位置共享": "link",
    "文件(猜)": "file",
    "粘贴的文本": "text",
    "群公告": "text",
    "接龙": "text",
    "推荐公众号": "text",
    "添加好友": "system",
    "邀请加群": "system",
    "赠送红包封面": "service",
    "游戏相关": "link",
    "视频号直播或直播回放": "link",
    "视频号直播或直播回放等": "link",
    # PyWxDump 2.4–3.0 names (`analyzer/utils.py`, get_type_name)
    "带有引用的文本消息": "text",
    "转账消息": "service",
    "地图信息": "link",
    "分享收藏夹": "link",
    "分享的小程序": "link",
    "类似文字消息而不一样的消息": "text",
    "用户上传的 GIF 表情": "sticker",  # 2.2's spelling
}
# EchoTrace's `type` strings (`Message.getTypeDescriptionFromInt` in lib/models/message.dart, the same
# from 1.0 to 3.0 but for 通话消息, added in 2.3.2) and WeFlow's (`getMessageTypeName`, from 1.0.0;
# 引用消息, 文件消息, 聊天记录, 小程序消息 and 转账消息 from 2026-02-02, 群公告 from 02-03, 音乐消息
# from 03-03) → our kinds.
ECHO_TYPE_KIND = {
    "文本消息": "text",
    "图片消息": "image",
    "语音消息": "voice",
    "名片消息": "text",
    "视频消息": "video",
    "动画表情": "sticker",
    "位置消息": "link",
    "通话消息": "service",
    "系统消息": "system",
    "引用消息": "text",
    "卡片式链接": "link",
    "图文消息": "link",
    "小程序分享": "link",
    "音乐卡片": "link",
    "红包卡片": "service",
    "聊天记录合并转发": "text",
    "拍一拍消息": "system",
    "转账卡片": "service",
    "视频号直播卡片": "link",
    "文件消息": "file",
    "链接消息": "link",
    "音乐消息": "link",
    "群公告": "text",
    "转账消息": "service",
    "聊天记录": "text",
    "小程序消息": "link",
}
# The exporters' own words for a type they do not name: EchoTrace `未知消息类型(N)` (to 1.2.x), then
# `未知类型(N)`; WeFlow `其他消息`. The kind then comes from `localType`.
ECHO_UNNAMED_TYPE = re.compile(r"^(?:未知(?:消息)?类型\(-?\d+\)|其他消息)$")
ECHO_SESSION_TYPES = {"群聊": True, "私聊": False, "公众号": False}
# A media file the exporter copied, as `content` names it in place of the text: `media/images/….jpg`
# (`media/<file name>/…` in WeFlow's shared layout, `../…` beside its `texts/` folder), `\` on Windows
ECHO_MEDIA_PATH = re.compile(
    r"^(?:\.\.|media(?:[/\\][^/\\]+)?)[/\\](?:images|voices|videos|emojis|file[/\\][^/\\]+)[/\\][^/\\]+$"
)
ECHO_FILE_NAME = re.compile(r"_聊天记录_\d+$")  # EchoTrace's `{chat}_聊天记录_{epoch ms}.json`
ECHO_ITEMS = {"weflow": "header", "session": "session", "senders.item": "sender", "messages": "list"}
# Recall notices; `[撤回消息]` is EchoTrace's text for one it cannot parse
RECALL = re.compile(r"撤回了一条消息|^\[撤回消息\]$")
CHANNEL_FROM_FOLDER = re.compile(r"^(.+?)\((?:wxid_|gh_)?[\w-]+\)$")


def _name_kind(name: str) -> str | None:
    """Our kind for a tool's Chinese type name; None for a name not known."""
    if name in NAME_KIND:
        return NAME_KIND[name]
    if name.startswith("(分享)"):  # PyWxDump: shared music, notes, mini programs, channel videos…
        return "link"
    if name.startswith("消息撤回"):  # PyWxDump: 消息撤回1, 消息撤回5, …
        return "recall"
    return None


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _code_kind(code: int) -> str | None:
    """Our kind for a WeChat type code, plain (`3`) or composite (`SubType << 32 | Type`, as wxManager and
    WeChat 4's `local_type` write them); None for a base type not known."""
    base, sub = code & 0xFFFFFFFF, code >> 32
    if base == 49:
        return APP_SUBTYPE_KIND.get(sub, "link")
    return TYPE_KIND.get(base)


def _kind(kind: str, text: str) -> str:
    if kind == "system" and RECALL.search(text):
        return "recall"
    return kind


def channel_for(path: Path) -> str | None:
    """The chat name a MemoTrace or PyWxDump export encodes in its file or folder name."""
    stem = re.sub(r"_utf8$", "", path.stem)
    stem = re.sub(r"^(.+)_\d+_\d+$", r"\1", stem)  # PyWxDump pages: `{wxid}_{start}_{end}.csv`
    folder = CHANNEL_FROM_FOLDER.match(path.parent.name)
    if folder and folder.group(1) == stem:
        return stem
    return stem or None


def _layout(columns: list[str]) -> str | None:
    lowered = [c.strip().lower() for c in columns]
    if lowered[: len(MEMOTRACE_V2)] == list(MEMOTRACE_V2):
        return "memotrace-v2"
    if lowered[: len(MEMOTRACE_V4)] == list(MEMOTRACE_V4):
        return "memotrace-v4"
    if lowered[: len(PYWXDUMP)] == list(PYWXDUMP):
        return "pywxdump"
    return None


ECHO_LAYOUTS = frozenset(("echotrace", "weflow", "weflow-arkme"))
LAYOUT_NAMES = {
    "memotrace-html": "MemoTrace HTML page (v2.0.5 template)",
    "pywxdump-page": "PyWxDump 2.2 rendered page",
    "memotrace-txt": "MemoTrace TXT",
    "pywxdump-js": "PyWxDump 3.1 HTML export (data.js)",
    "pywxdump-msg-user": "PyWxDump 2.4–3.0 HTML export (data/msg_user.json)",
    "echotrace": "EchoTrace JSON",
    "weflow": "WeFlow JSON",
    "weflow-arkme": "WeFlow ArkMe JSON",
    "memotrace-json": "MemoTrace JSON",
    "memotrace-v2": "MemoTrace CSV (v2)",
    "memotrace-v4": "MemoTrace CSV (v4)",
    "pywxdump": "PyWxDump CSV",
}


def wechat_layout(head: bytes, path: Path) -> str | None:
    """The layout of a WeChat tool's file, from its first bytes: one decision for `read` and for the note
    that names it. None when none fits (a CSV whose header row is not one of the known ones)."""
    if is_memotrace_html(head):
        return "memotrace-html"
    if is_pywxdump_page(head):
        return "pywxdump-page"
    text = decode_head(head)
    if is_memotrace_txt(text, path):
        return "memotrace-txt"
    if is_pywxdump_js(text):
        return "pywxdump-js"
    if is_pywxdump_msg_user(text):
        return "pywxdump-msg-user"
    echo = echotrace_layout(text)
    if echo is not None:
        return echo
    if text.lstrip().startswith("["):
        return "memotrace-json"
    return _layout(next(iter(text.splitlines()), "").split(","))


def _wxid(value: Any) -> str | None:
    text = "" if value is None else str(value).strip()
    if not text or text in ("我", "系统", "未知") or " " in text:
        return None
    return f"wxid:{text}"


@register
class WeChatReader(Reader):
    name = "wechat"
    description = (
        "WeChat tool exports: MemoTrace/WeChatMsg CSV (v2, v4), TXT, JSON, HTML; "
        "PyWxDump CSV, HTML (data.js, data/msg_user.json, 2.2 pages); EchoTrace and WeFlow JSON"
    )
    extensions = (".csv", ".json", ".txt", ".js", ".html")
    examples = (
        "wechat/memotrace-v2_utf8.csv",
        "wechat/memotrace-v4.csv",
        "wechat/pywxdump.csv",
        "wechat/memotrace.json",
        "wechat/memotrace-txt/宝妈互助群(wxid_mama2024)/宝妈互助群.txt",
        "wechat/pywxdump-html/wxid_mama88/data.js",
        "wechat/pywxdump-html-2x/20881234@chatroom/data/msg_user.json",
        "wechat/pywxdump-2.2/芳芳_0.html",
        "wechat/memotrace-html/小雨妈妈(wxid_mama66)/小雨妈妈.html",
        "wechat/echotrace/宝宝之家互助群_聊天记录_1717401600000.json",
        "wechat/weflow/卖家小凯.json",
        "wechat/weflow-arkme/江浙沪宝宝交流群.json",
    )

    def sniff(self, head: bytes, path: Path) -> bool:
        text = decode_head(head)
        first = text.splitlines()[0] if text else ""
        if _layout(first.split(",")) is not None or is_memotrace_txt(text, path) or is_pywxdump_js(text):
            return True
        if is_pywxdump_msg_user(text) or echotrace_layout(text) is not None:
            return True
        return is_memotrace_json(text) or is_memotrace_html(head) or is_pywxdump_page(head)

    def layout(self, head: bytes, path: Path) -> str | None:
        """The WeChat tool and layout, as `read` decides it (`wechat_layout`)."""
        key = wechat_layout(head, path)
        if key == "memotrace-html":
            listing = head[head.find(LIST_START.encode()) :]
            if b"is_send:" in listing and b"timestamp:" not in listing:
                return "MemoTrace HTML page (before January 2024)"
        return LAYOUT_NAMES.get(key or "")

    def read(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
        encoding = text_encoding(src)
        if isinstance(encoding, Skip):
            yield encoding
            return
        layout = wechat_layout(src.head(SNIFF_BYTES), src.path)
        if layout == "memotrace-html":
            yield from self._read_memotrace_html(src, options, encoding)
            return
        if layout == "pywxdump-page":
            yield from self._read_pywxdump_page(src, options)
            return
        if layout == "memotrace-txt":
            yield from read_memotrace_txt(self, src, options)
            return
        if layout == "pywxdump-js":
            yield from self._read_pywxdump_js(src, options)
            return
        if layout == "pywxdump-msg-user":
            yield from self._read_pywxdump_msg_user(src, options)
            return
        if layout in ECHO_LAYOUTS:
            yield from self._read_echotrace(src, options, layout)
            return
        if layout == "memotrace-json":
            yield from self._read_json(src, options)
            return
        if layout not in LAYOUTS:
            yield src.skip(
                "not one of the known WeChat CSV layouts (header row not recognised)", line=1, fatal=True
            )
            return
        channel = channel_for(src.path)
        fields_of = LAYOUTS[layout]

        def row_to_message(
            row: dict[str, Any], src: SourceFile, options: ReadOptions, line: int, encoding: str
        ) -> list[ReadEvent]:
            record = {k.strip().lower(): v for k, v in row.items() if k is not None}
            return record_events(
                src, self._message_of, src, options, line, encoding, fields_of, record, channel, at_line=line
            )

        yield from read_csv_rows(src, options, encoding, row_to_message)

    def _message_of(
        self,
        src: SourceFile,
        options: ReadOptions,
        line: int | str,
        encoding: str,
        convert: Callable[[Any], Fields],
        raw: Any,
        channel: str | None,
    ) -> list[ReadEvent]:
        """`_message` of a record as its layout's `convert` turns it into fields (inside `record_events`,
        so that an error converting it is that record's note)."""
        return self._message(src, options, line, encoding, convert(raw), channel)

    def _message(
        self,
        src: SourceFile,
        options: ReadOptions,
        line: int | str,
        encoding: str,
        fields: Fields,
        channel: str | None,
    ) -> list[ReadEvent]:
        """The message of one row, after a Notice for each field it expected and could not read (the
        row is kept: a message without its time is still evidence, but the analyst must be told)."""
        notes: list[ReadEvent] = []
        where = line if isinstance(line, int) else None

        def note(text: str) -> None:
            notes.append(Notice(src.display, text if where is not None else f"{line}: {text}", where))

        for problem in fields.notes:
            note(problem)
        sent_at: str | None = None
        tz_assumed: str | None = None
        problems: list[str] = []
        for value, field in ((fields.time, fields.time_field), (fields.fallback_time, fields.fallback_field)):
            if sent_at is not None or value is None or value == "":
                continue
            try:
                sent_at, tz_assumed = parse_time(value, options, field)
            except RecordError as exc:
                problems.append(str(exc))
        if sent_at is None and (problems or fields.time_expected):
            problems = problems or [f"field {fields.time_field} is empty"]
            note(f"{'; '.join(problems)}; message kept without a time")
        kind = fields.kind
        attachments = fields.attachments or ((Attachment(kind, None),) if kind in MEDIA_KINDS else ())
        notes.append(
            Message(
                id=self.message_id(src, fields.ident or line),
                kind=_kind(kind, fields.text),
                source=src.source(
                    self.name,
                    line=where,
                    encoding=encoding,
                    tz_assumed=tz_assumed,
                ),
                text=fields.text,
                channel=fields.channel or channel,
                author=fields.author,
                sent_at=sent_at,
                attachments=attachments,
                reply_to=self.message_id(src, fields.reply_to) if fields.reply_to else None,
            )
        )
        return notes

    def _read_json(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
        channel = channel_for(src.path)
        with src.open(options.on_bytes) as fh:
            items = ijson.items(skip_bom(fh), "item", use_float=True)
            yield from self._json_messages(src, options, items, memotrace_json_fields, channel)

    def _json_messages(
        self,
        src: SourceFile,
        options: ReadOptions,
        items: Iterable[Any],
        fields_of: Callable[[dict[str, Any]], Fields],
        channel: str | None,
    ) -> Generator[ReadEvent, None, int | None]:
        """The messages of a streamed JSON list, numbered `n1`, `n2`… in its order; an item that is no
        object is skipped with its number. Returns how many items the list held, or None where the JSON
        broke (said, with the messages before the break kept)."""
        index = kept = 0
        try:
            for item in parsed(items):
                index += 1
                if not isinstance(item, dict):
                    yield src.skip("item is not a JSON object", where=f"item #{index}")
                    continue
                events = record_events(
                    src,
                    self._message_of,
                    *(src, options, f"n{index}", "utf-8", fields_of, item, channel),
                    where=f"item #{index}",
                )
                kept += any(isinstance(event, Message) for event in events)
                yield from events
        except BrokenJson as exc:
            yield broken_json(src, exc.cause, kept, index)
            return None
        if index and not kept:
            yield none_readable(src, index)
        return index

    def _read_memotrace_html(
        self, src: SourceFile, options: ReadOptions, encoding: str
    ) -> Iterator[ReadEvent]:
        """MemoTrace v2's page alone. Where MemoTrace's JSON sits beside it (same name, `.json`), that file
        is read and the page is not, so a folder holding both gives each message once."""
        beside = src.path.with_suffix(".json")
        if beside.is_file():
            with beside.open("rb") as fh:
                if is_memotrace_json(decode_head(fh.read(SNIFF_BYTES))):
                    yield Notice(
                        src.display,
                        f"not read: {beside.name} beside it holds the same messages (MemoTrace writes both);"
                        f" give that file, so that each message is read once",
                    )
                    return
        early: EarlyPage | None = None  # set when the page is one of MemoTrace's from before January 2024
        decided = False  # by the first record read whole
        with src.open(options.on_bytes) as fh:
            scan = PageScan(fh, encoding)
            for event in scan:
                channel = scan.title if scan.title and scan.title != "出错了" else channel_for(src.path)
                if isinstance(event, Broken | Cut) and early is not None:
                    early.pending = None  # a divider's time is not carried over a broken record
                if isinstance(event, Record):
                    number, raw = event.number, event.fields
                    if not decided:
                        decided = True
                        if is_early_memotrace_record(raw):
                            early = EarlyPage(early_contact(src.path))
                    convert: Callable[[Any], Fields] = memotrace_html_fields
                    if early is not None:
                        channel = early.contact
                        if not early.take(raw):
                            continue  # a time divider: the time of the message after it
                        convert = early.fields
                    yield from record_events(
                        src,
                        self._message_of,
                        *(src, options, f"n{number}", encoding, convert, raw, channel),
                        where=f"message #{number}",
                    )
                elif isinstance(event, Broken):
                    yield src.skip(
                        "not a message object as MemoTrace writes it; read on from the next message",
                        where=f"message #{event.number}",
                    )
                elif isinstance(event, Cut):
                    yield src.skip(
                        f"the page ends in the middle of its message list; {event.kept:,} messages before it "
                        "were kept",
                        where=f"after message #{event.number}",
                        fatal=event.kept == 0,
                    )
                elif isinstance(event, NoList):
                    yield src.skip("MemoTrace page without its chatMessages list: no messages", fatal=True)
        if early is not None:
            yield Notice(src.display, early.summary())

    def _read_pywxdump_js(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
        """PyWxDump's `data.js`: the users line first, then the message list (one line, which may be
        hundreds of megabytes: it is streamed, never read whole)."""
        users: dict[str, Any] = {}
        declared: int | None = None
        index: int | None = 0
        seen_list = False
        with src.open(options.on_bytes) as fh:
            line_no = 0
            while start := fh.readline(64):
                line_no += 1
                match = JS_DECLARATION.match(start)
                if match is not None and match.group(1) == b"local_msg_list":
                    seen_list = True
                    items = ijson.items(_Chained(start[match.end() :], fh), "item", use_float=True)
                    index = yield from self._json_messages(
                        src, options, items, partial(pywxdump_js_fields, users=users), None
                    )
                    if index is None:
                        return
                    break
                line = start if start.endswith(b"\n") else start + fh.readline()
                if match is None:
                    continue
                name, value = match.group(1), line[match.end() :].strip()
                if name == b"local_user_list":
                    try:
                        parsed = orjson.loads(value)
                    except orjson.JSONDecodeError:
                        parsed = None
                    if isinstance(parsed, dict):
                        users = parsed
                    else:
                        yield Notice(
                            src.display,
                            "local_user_list is not the JSON object PyWxDump writes; authors named by wxid",
                            line_no,
                        )
                elif name == b"local_msg_count":
                    declared = _int(value.decode("utf-8", "replace"))
        if not seen_list:
            yield src.skip("data.js declares no local_msg_list: no messages to read", fatal=True)
        elif declared is not None and declared != index:
            yield Notice(
                src.display, f"local_msg_count declares {declared:,} messages; the list holds {index:,}"
            )

    def _read_pywxdump_msg_user(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
        """PyWxDump 2.4–3.0's `data/msg_user.json`. `json.dump` wrote the message list first and the users
        after it, so a first pass reads the users (the list is only scanned, never built) and a second
        streams the messages; a file cut short keeps every message before the break."""
        found: dict[str, Any] = {}
        cut_early = False
        with src.open(options.on_bytes) as fh:
            try:
                for _, prefix, value in stream(skip_bom(fh), {"user_list": "users"}, MSG_USER_SCALARS):
                    found.setdefault(prefix, value)
            except JSON_ERRORS:
                cut_early = True
        users = found.get("user_list")
        my_wxid = found.get("my_wxid")
        if not isinstance(users, dict):
            if "user_list" in found:
                why = "is not the JSON object PyWxDump writes"
            else:
                why = "was not read (the file breaks before it)" if cut_early else "is missing"
            yield Notice(src.display, f"user_list {why}; authors named by wxid")
            users = {}
        if not isinstance(my_wxid, str) or not my_wxid.strip():
            my_wxid = None
        with src.open(options.on_bytes) as fh:
            items = ijson.items(skip_bom(fh), "msg_list.item", use_float=True)
            index = yield from self._json_messages(
                src, options, items, partial(pywxdump_msg_user_fields, users=users, my_wxid=my_wxid), None
            )
        if index is None:
            return
        declared = _int(found.get("myuserdata.chat_count"))
        if declared is not None and declared != index:
            yield Notice(
                src.display, f"myuserdata.chat_count declares {declared:,} messages; the list holds {index:,}"
            )

    def _read_echotrace(self, src: SourceFile, options: ReadOptions, layout: str) -> Iterator[ReadEvent]:
        """EchoTrace's or WeFlow's JSON. Both write WeFlow's `weflow` header, the `session`, WeFlow ArkMe's
        `senders`, then `messages` (then avatars and group members, not needed): a first pass reads what
        comes before the list and stops where it starts, a second streams the list, so that every message
        knows its chat and, in ArkMe's layout, its sender's name."""
        found: dict[str, Any] = {}
        senders: list[Any] = []
        cut_early = False
        with src.open(options.on_bytes) as fh:
            try:
                for _, prefix, value in stream(skip_bom(fh), ECHO_ITEMS, frozenset()):
                    if prefix == "senders.item":
                        senders.append(value)
                        continue
                    found.setdefault(prefix, value)
                    if prefix == "messages":  # the list's start (None), or what stands there instead
                        break
            except JSON_ERRORS:
                cut_early = True
        if "messages" in found and found["messages"] is not None:
            yield src.skip("`messages` is not the list EchoTrace and WeFlow write: no messages", fatal=True)
            return
        if "messages" not in found and not cut_early:
            yield src.skip("no `messages` list: no messages to read", fatal=True)
            return
        file_channel = ECHO_FILE_NAME.sub("", src.path.stem) or None
        export, notes = echo_export(
            layout, found, senders if layout == "weflow-arkme" else None, file_channel
        )
        for note in notes:
            yield Notice(src.display, note)
        with src.open(options.on_bytes) as fh:
            items = ijson.items(skip_bom(fh), "messages.item", use_float=True)
            index = yield from self._json_messages(
                src, options, items, partial(echotrace_fields, export=export), export.channel
            )
        if index is not None and export.declared is not None and export.declared != index:
            yield Notice(
                src.display,
                f"session.messageCount declares {export.declared:,} messages; the list holds {index:,}",
            )

    def _read_pywxdump_page(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
        """PyWxDump 2.2's rendered page `{name}_{n}.html` (module `pywxdump_page`): the chat is `{name}`."""
        channel = re.sub(r"_\d+$", "", src.path.stem) or None
        kept = 0
        with src.open(options.on_bytes) as fh:
            for event in scan_page(fh):
                if isinstance(event, PageRow):
                    kept += 1
                    yield from record_events(
                        src,
                        self._message_of,
                        *(src, options, event.line, "utf-8", pywxdump_page_fields, event, channel),
                        at_line=event.line,
                    )
                elif isinstance(event, BadRow):
                    yield src.skip(
                        "table row without the [发]/[收] label PyWxDump 2.2 writes; not a message",
                        line=event.line,
                    )
                elif isinstance(event, PageCut) and event.inside_row:
                    yield src.skip(
                        f"the page ends in the middle of a message; {kept:,} messages before it were kept",
                        line=event.line,
                        fatal=kept == 0,
                    )
                elif isinstance(event, PageCut):
                    yield Notice(
                        src.display,
                        f"the page ends before the end of its message table: it may be cut short after "
                        f"{kept:,} messages",
                        event.line,
                    )


class _Chained:
    """A binary stream that reads `first`, then the rest of `rest` (the message list after `= `)."""

    def __init__(self, first: bytes, rest: Any) -> None:
        self._first = first
        self._rest = rest

    def read(self, size: int = -1) -> bytes:
        if not self._first:
            rest: bytes = self._rest.read(size)
            return rest
        cut = len(self._first) if size < 0 else size
        data, self._first = self._first[:cut], self._first[cut:]
        return data


def is_memotrace_json(head: str) -> bool:
    """True for the JSON list MemoTrace writes beside its HTML export."""
    return head.lstrip().startswith("[") and '"is_send"' in head[:4000] and '"display_name"' in head[:4000]


JS_START = "localStorage.setItem('isUseLocalData'"
JS_DECLARATION = re.compile(rb"^const (local_\w+) = ")


MSG_USER_START = re.compile(r'\{\s*"msg_list"\s*:\s*\[\s*(?:(?P<empty>\]\s*,\s*"user_list")|\{)')
MSG_USER_SCALARS = frozenset(("my_wxid", "myuserdata.chat_count"))


def is_pywxdump_msg_user(head: str) -> bool:
    """True for the `data/msg_user.json` PyWxDump 2.4–3.0's HTML export writes beside its viewer: an object
    whose first key is `msg_list`, a list of the older CSV's rows (or empty, then `user_list`)."""
    text = head.lstrip("\ufeff \t\r\n")
    match = MSG_USER_START.match(text)
    if match is None:
        return False
    if match.group("empty") is not None:
        return True
    first = text[match.end() - 1 : match.end() + 4000]
    return all(f'"{key}"' in first for key in ("type_name", "room_name", "content", "CreateTime"))


def is_pywxdump_js(head: str) -> bool:
    """True for the `data.js` PyWxDump's HTML export writes beside its viewer."""
    return head.lstrip("\ufeff \r\n").startswith(JS_START) and "const local_msg_" in head


class Fields(NamedTuple):
    """What one layout's row says, before it becomes a Message."""

    kind: str
    text: str
    author: Author | None
    time: Any
    fallback_time: Any = None
    attachments: tuple[Attachment, ...] = ()
    channel: str | None = None
    time_field: str = "time"
    fallback_field: str = "time"
    notes: tuple[str, ...] = ()  # fields that could not be read as the layout writes them
    ident: str | None = None  # the export's own id of the message, where it has one that is unique
    time_expected: bool = True  # False where the layout gives no time to this message (said once per file)
    reply_to: str | None = None  # that id of the message this one replies to


def memotrace_v2_fields(r: dict[str, Any]) -> Fields:
    base = _int(r.get("type"))
    if base is None:
        raise RecordError("field Type is not a number")
    kind = TYPE_KIND.get(base, "text")
    if base == 49:
        kind = APP_SUBTYPE_KIND.get(_int(r.get("subtype")) or 0, "link")
    name = (r.get("nickname") or r.get("remark") or "").strip() or None
    return Fields(
        kind,
        r.get("strcontent") or "",
        Author(name, _wxid(r.get("sender"))),
        r.get("createtime"),
        r.get("strtime"),
        time_field="CreateTime",
        fallback_field="StrTime",
    )


def memotrace_v4_fields(r: dict[str, Any]) -> Fields:
    kind = _name_kind((r.get("类型") or "").strip()) or "text"
    name = (r.get("发送人") or r.get("昵称") or "").strip() or None
    return Fields(kind, r.get("内容") or "", Author(name, None), r.get("时间"), time_field="时间")


def pywxdump_fields(r: dict[str, Any]) -> Fields:
    known = _name_kind((r.get("type_name") or "").strip())
    kind = known or "text"
    talker = (r.get("talker") or "").strip()
    notes: tuple[str, ...] = ()
    if not (r.get("type_name") or "").strip():
        notes = ("field type_name is empty; read as text",)
    elif known is None:
        notes = ("field type_name is not a PyWxDump type this reader knows; read as text",)
    if "msg" in r:  # PyWxDump 3.x: text and media path in columns of their own
        text, src = str(r.get("msg") or ""), str(r.get("src") or "")
    else:  # older PyWxDump: `content` holds json.dumps({"src": …, "msg": …})
        text, src, problem = _pywxdump_content(r.get("content") or "")
        notes += (problem,) if problem else ()
    attachments = (Attachment(kind, src),) if src else ()
    return Fields(
        kind,
        text,
        Author(talker or None, _wxid(talker)),
        r.get("createtime"),
        attachments=attachments,
        channel=(r.get("room_name") or "").strip() or None,
        time_field="CreateTime",
        notes=notes,
    )


def pywxdump_js_fields(item: dict[str, Any], users: Mapping[str, Any], inner: str = "") -> Fields:
    """A message of PyWxDump's `data.js`: the 3.x row's fields, the author named from `local_user_list`
    (remark, else nickname, else the wxid). A field of the wrong JSON type is read as text, with a note.
    `inner` names where `msg` and `src` were (`content.` in 2.4–3.0's `msg_user.json`)."""
    record = {str(k).lower(): v for k, v in item.items()}
    notes: list[str] = []
    for key in ("type_name", "talker", "room_name", "msg"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            notes.append(f"field {inner if key == 'msg' else ''}{key} is not a string; kept as JSON")
            record[key] = orjson.dumps(value).decode()
    if record.get("src") is not None and not isinstance(record["src"], str):
        # PyWxDump keeps a forwarded chat's items there (合并转发的聊天记录): the text has its title only
        notes.append(f"field {inner}src is not a media path (a forwarded chat's items?); left out")
        record["src"] = ""
    fields = pywxdump_fields(record)
    talker = (record.get("talker") or "").strip()
    user = users.get(talker)
    name = None
    if isinstance(user, dict):
        name = next((str(user[k]).strip() for k in ("remark", "nickname") if user.get(k)), None)
    author = Author(name or talker or None, _wxid(talker))
    return fields._replace(author=author, notes=fields.notes + tuple(notes))


def pywxdump_msg_user_fields(item: dict[str, Any], users: Mapping[str, Any], my_wxid: str | None) -> Fields:
    """A message of PyWxDump 2.4–3.0's `msg_user.json`: the older CSV's row with `content` the `{src, msg}`
    object itself, read as the 3.x row once `msg` and `src` are lifted out of it. PyWxDump wrote `我` as
    the talker of one's own messages: that is `my_wxid`, named from the users like the others."""
    record = {str(k): v for k, v in item.items() if str(k).lower() != "content"}
    content = next((v for k, v in item.items() if str(k).lower() == "content"), None)
    notes: list[str] = []
    record["msg"] = record["src"] = None
    if isinstance(content, dict):
        record["msg"], record["src"] = content.get("msg"), content.get("src")
    elif isinstance(content, str):
        notes.append("field content is not the {src, msg} object PyWxDump writes; kept as text")
        record["msg"] = content
    elif content is None:
        notes.append("field content is missing or null; message kept without text")
    else:
        notes.append("field content is not the {src, msg} object PyWxDump writes; kept as JSON")
        record["msg"] = orjson.dumps(content).decode()
    talker = record.get("talker")
    if my_wxid and (talker == "我" or (talker in (None, "") and record.get("is_sender") in (1, True))):
        record["talker"] = my_wxid
    fields = pywxdump_js_fields(record, users, inner="content.")
    return fields._replace(notes=tuple(notes) + fields.notes)


def pywxdump_page_fields(row: PageRow) -> Fields:
    """A row of PyWxDump 2.2's page: the type name and local time from its label, the text from its
    paragraph (or an image's `alt`), a voice's or image's `src` an attachment unless it is an embedded
    `data:` URL. Own messages (`[发]`) are `我`; the page names no other sender."""
    known = _name_kind(row.type_name)
    notes: tuple[str, ...] = ()
    if not row.type_name:
        notes = ("field type_name is empty; read as text",)
    elif known is None:
        notes = ("field type_name is not a PyWxDump type this reader knows; read as text",)
    kind = known or "text"
    attachments: tuple[Attachment, ...] = ()
    if row.media is not None:
        name = None if not row.media or row.media.startswith("data:") else row.media
        attachments = (Attachment(kind, name),)
    return Fields(
        kind,
        row.text,
        Author("我", None) if row.sent else None,
        row.time,
        attachments=attachments,
        time_field="CreateTime",
        notes=notes,
    )


def _pywxdump_content(raw: str) -> tuple[str, str, str | None]:
    """(text, media path, problem) of the older PyWxDump `content` column, which holds JSON.

    Its exporter wrote `json.dumps(content)` of the parsed message: an object with `msg` (the text) and
    `src` (the media file's path); a cell that is not such JSON is kept as written, with a note.
    """
    cell = raw.strip()
    if not cell.startswith(("{", '"')):
        return raw, "", "field content is not the JSON PyWxDump writes; kept as written"
    try:
        value = orjson.loads(cell)
    except orjson.JSONDecodeError:
        return raw, "", "field content is not valid JSON; kept as written"
    if isinstance(value, str):
        return value, "", None
    if not isinstance(value, dict):
        return raw, "", "field content is JSON but not an object; kept as written"
    msg, src = value.get("msg"), value.get("src")
    problem = None
    if msg is not None and not isinstance(msg, str):
        problem, msg = "field content.msg is not a string; kept as JSON", orjson.dumps(msg).decode()
    if src is not None and not isinstance(src, str):
        problem, src = "field content.src is not a path; media left out", None
    return msg or "", src or "", problem


def memotrace_json_fields(item: dict[str, Any]) -> Fields:
    kind = _code_kind(_int(item.get("type")) or 1) or "text"
    text = item.get("text") or item.get("content") or ""
    name = item.get("display_name")
    return Fields(
        kind,
        str(text),
        Author(None if name is None else str(name), _wxid(item.get("wxid"))),
        item.get("timestamp"),
        time_field="timestamp",
    )


HTML_STRINGS: tuple[str, ...] = (
    "text",
    "displayname",
    "voice_to_text",
    "file_name",
    "title",
    "description",
    "url",
)
HTML_STRINGS += ("link_url", "refer_text")
# the early exporter (before January 2024) wrote WeChat's emoji into the text as images of this form
EMOJI_IMG = re.compile(r'<img\b[^<>]*?\bid="([^"<>]{1,20})"[^<>]*?\bclass="emoji_img"[^<>]*>')
EMOJI_TEXT = r"[\1]"  # back to how WeChat writes it: [微笑]
HTML_ESCAPED_TEXT = frozenset(("text", "system", "recall"))  # `text` went through escape_js_and_html


def memotrace_html_fields(record: Mapping[str, str | int]) -> Fields:
    """A message of MemoTrace's HTML page. `type` is WeChat's base type (0 for system notices, which the
    page writes apart from 10000), `sub_type` the app message's (49) subtype; media records carry the
    media's relative path in `text`, a voice its transcript in `voice_to_text`. A field of the wrong kind
    (a number where a string belongs, or the reverse) is noted and read as best it can be."""
    notes: list[str] = []
    strings: dict[str, str] = {}
    for key in HTML_STRINGS:
        value = record.get(key)
        if isinstance(value, int):
            notes.append(f"field {key} is not a quoted string; kept as written")
        strings[key] = "" if value is None else str(value)
    base = record.get("type")
    if not isinstance(base, int):
        notes.append("field type is not a number; read as text")
        base = 1
    sub = record.get("sub_type")
    if base == 0:
        kind = "system"
    elif base == 49:
        kind = APP_SUBTYPE_KIND.get(sub if isinstance(sub, int) else 0, "link")
    else:
        kind = TYPE_KIND.get(base, "text")
    raw = strings["text"]
    text = js_string(raw)
    attachments: tuple[Attachment, ...] = ()
    if kind in HTML_ESCAPED_TEXT:
        text = html_text(EMOJI_IMG.sub(EMOJI_TEXT, raw))
    if kind in ("image", "video", "sticker"):
        text, attachments = "", ((Attachment(kind, js_string(raw)),) if raw else ())
    elif kind == "voice":
        text = html_text(strings["voice_to_text"])
        attachments = (Attachment(kind, js_string(raw)),) if raw else ()
    elif kind == "file":
        text = js_string(strings["file_name"])
        attachments = (Attachment(kind, js_string(raw)),) if raw else ()
    elif kind == "link":  # music (3) and cards (5): what the page shows of them
        parts = (strings[k] for k in ("title", "description", "url", "link_url"))
        text = "\n".join(js_string(p) for p in parts if p) or text
    elif kind == "service" and isinstance(record.get("feedesc"), str):  # a transfer's amount
        text = " ".join(t for t in (text, js_string(str(record["feedesc"]))) if t)
    if strings["refer_text"]:  # a reply: the message it quotes, `name：content`, as the page shows it under
        quoted = html_text(EMOJI_IMG.sub(EMOJI_TEXT, strings["refer_text"]))
        text = f"{text}\n「{quoted}」"
    name = html_text(strings["displayname"]).strip()
    return Fields(
        kind,
        text,
        Author(name, None) if name else None,
        record.get("timestamp"),
        attachments=attachments,
        time_field="timestamp",
        notes=tuple(notes),
    )


def is_early_memotrace_record(record: Mapping[str, Any]) -> bool:
    """True for a record of MemoTrace's page before its January 2024 template (commit aa6ee88 rebuilt it;
    the HTML export began at 12b1431, November 2023): `{ type:1, text: '…',is_send:0,avatar_path:'…'}`, no
    `timestamp` and no `displayname`."""
    return "is_send" in record and "timestamp" not in record and "displayname" not in record


DIVIDER_TIME = re.compile(r"\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}(?::\d{2})?")


def early_contact(path: Path) -> str | None:
    """The chat of an early MemoTrace page: its folder `data/聊天记录/<remark>/<remark>.html` names it; a
    page renamed or moved out of its folder is named by its file."""
    folder = path.parent.name
    return folder if folder and folder == path.stem else channel_for(path)


class EarlyPage:
    """How a page of MemoTrace before January 2024 is read. Its exporter wrote a time divider
    `{ type:0, text: '2023-12-01 10:02:11', …}` before a message that came five minutes or more after the
    one before, with that message's local time, and no other time or name: the divider's time is the next
    message's, other messages have none (said once for the page), and authors are 我 (is_send 1) or the
    chat's one contact, the page's folder name (it exported one contact's chat)."""

    def __init__(self, contact: str | None) -> None:
        self.contact = contact
        self.pending: str | None = None
        self.messages = self.timed = self.dividers = 0

    def take(self, record: Mapping[str, Any]) -> bool:
        """False for a time divider (kept as the next message's time), True for a message. A divider is a
        `type:0` record whose text is a local time and nothing else; the exporter wrote its system notices
        (a recall, a joining) as `type:0` too, and those are messages."""
        text = js_string(str(record.get("text") or "")) if record.get("type") == 0 else ""
        if DIVIDER_TIME.fullmatch(text):
            self.dividers += 1
            self.pending = text
            return False
        return True

    def fields(self, record: Mapping[str, Any]) -> Fields:
        fields = memotrace_html_fields(record)
        time, self.pending = self.pending, None
        self.messages += 1
        self.timed += time is not None
        if fields.kind == "system":
            author = None
        elif record.get("is_send") == 1:
            author = Author("我", None)
        else:
            author = Author(self.contact, None) if self.contact else None
        return fields._replace(author=author, time=time, time_field="time divider", time_expected=False)

    def summary(self) -> str:
        return (
            f"a MemoTrace page from before its January 2024 template: it writes a time only before a message "
            f"that follows five minutes' silence ({self.timed:,} of {self.messages:,} messages have one; its "
            f"{self.dividers:,} time dividers are not messages) and no sender's name: a message not one's "
            f"own is given the chat's name ({self.contact or 'unknown'}), in a group chat the group's"
        )


ECHO_START = re.compile(
    r'\{\s*(?:"weflow"\s*:\s*\{(?P<header>[^{}]*)\}\s*,\s*)?"(?P<first>session|messages)"\s*:\s*(?P<object>\{)?'
)
ECHO_SESSION_KEYS = ("displayName", "type", "lastTimestamp", "messageCount")
ECHO_MESSAGE_KEYS = ("localType", "createTime", "formattedTime", "isSend")


def echotrace_layout(head: str) -> str | None:
    """`echotrace`, `weflow` or `weflow-arkme` for the JSON EchoTrace or WeFlow writes, else None: an object
    whose first key is `session` (after WeFlow's `weflow` header, from 1.4.0) holding the keys every version
    writes there; or, its session damaged or missing, whose first message has the keys every version
    writes. WeFlow before 1.4.0 wrote EchoTrace's layout exactly, and is read as it."""
    text = head.lstrip("\ufeff \t\r\n")
    match = ECHO_START.match(text)
    if match is None:
        return None
    after = text[match.end() : match.end() + 8000]
    has_session = match.group("first") == "session" and match.group("object") is not None
    if not (
        (has_session and all(f'"{key}"' in after for key in ECHO_SESSION_KEYS))
        or all(f'"{key}"' in after for key in ECHO_MESSAGE_KEYS)
    ):
        return None
    header = match.group("header")
    if header is None:
        return "echotrace"
    return "weflow-arkme" if re.search(r'"format"\s*:\s*"arkme-json"', header) else "weflow"


@dataclasses.dataclass
class EchoExport:
    """What an EchoTrace or WeFlow export says before its message list, for reading each message."""

    layout: str
    channel: str | None
    chat_id: str | None = None  # session.wxid (session.username before EchoTrace 1.2.4)
    is_group: bool = False
    declared: int | None = None  # session.messageCount
    senders: dict[int, Author | None] | None = None  # WeFlow ArkMe's, by senderID
    seen: set[int] = dataclasses.field(default_factory=set)  # platformMessageIds met so far

    def partner(self) -> Author | None:
        """The other person of a private chat, who sent every message not one's own."""
        if self.is_group or self.chat_id is None:
            return None
        return Author(self.channel or self.chat_id, _wxid(self.chat_id))


def echo_export(
    layout: str, found: Mapping[str, Any], senders: list[Any] | None, file_channel: str | None
) -> tuple[EchoExport, list[str]]:
    """The export's session (and ArkMe's senders), and a note for each part of them that cannot be read.
    The chat is named by the session's `displayName` (EchoTrace: the remark, else the nickname; WeFlow: the
    name its user preferred), else `remark`, `nickname`, the wxid; else after the file."""
    notes: list[str] = []
    session = found.get("session")
    export = EchoExport(layout, file_channel)
    if not isinstance(session, dict):
        if session is not None:
            why = "is not an object"
        elif "messages" in found:
            why = "is missing before the message list"
        else:
            why = "was not read (the file breaks before the message list)"
        notes.append(f"session {why}; the chat is named after the file")
        session = {}
    else:
        names = (session.get(k) for k in ("displayName", "remark", "nickname", "wxid", "username"))
        channel = next((n.strip() for n in names if isinstance(n, str) and n.strip()), None)
        if channel is None:
            notes.append("session names no chat (displayName, remark, nickname, wxid); named after the file")
        export.channel = channel or file_channel
    chat_id = next((session[k] for k in ("wxid", "username") if isinstance(session.get(k), str)), "")
    export.chat_id = chat_id.strip() or None
    kind = session.get("type")
    if isinstance(kind, str) and kind in ECHO_SESSION_TYPES:
        export.is_group = ECHO_SESSION_TYPES[kind]
    else:
        export.is_group = "@chatroom" in (export.chat_id or "")
        if session:
            notes.append("session.type is not 群聊, 私聊 or 公众号; a group chat told by its wxid")
    count = session.get("messageCount")
    export.declared = count if isinstance(count, int) and not isinstance(count, bool) else None
    if senders is not None:
        export.senders, bad = _arkme_senders(senders)
        if bad:
            notes.append(
                f"{bad:,} of senders are not the objects WeFlow writes; their messages have no author"
            )
        if "messages" not in found:
            notes.append("senders may be incomplete (the file breaks before the message list)")
    return export, notes


def _arkme_senders(items: list[Any]) -> tuple[dict[int, Author | None], int]:
    """WeFlow ArkMe's senders by `senderID`: named by `displayName`, else `nickname`, else the wxid; and
    how many were not such objects. WeFlow's sender `unknown` (wxid and names) stands for messages
    without one (a group's notices)."""
    senders: dict[int, Author | None] = {}
    bad = 0
    for item in items:
        ident = item.get("senderID") if isinstance(item, dict) else None
        if not isinstance(ident, int) or isinstance(ident, bool):
            bad += 1
            continue
        wxid = item.get("wxid") if isinstance(item.get("wxid"), str) else None
        wxid = None if wxid in (None, "", "unknown") else wxid
        names = (item.get(k) for k in ("displayName", "nickname"))
        name = next(
            (n.strip() for n in names if isinstance(n, str) and n.strip() not in ("", "unknown")), wxid
        )
        senders[ident] = Author(name, _wxid(wxid)) if name or wxid else None
    return senders, bad


def echotrace_fields(item: dict[str, Any], export: EchoExport) -> Fields:
    """A message of EchoTrace's or WeFlow's JSON. `type` is the exporter's Chinese name, `localType` WeChat
    4's composite code (the kind where the name is the exporter's `unknown`); `createTime` epoch seconds
    (0 where there is none), `formattedTime` the exporting machine's local time. `content` is the text, or
    the path of the media file copied beside the export (EchoTrace also in `mediaPath`). Ids: WeFlow's
    `platformMessageId` (the server's id) where it writes one, which `replyToMessageId` names; else the
    position — EchoTrace's `localId` is a row id in one of WeChat's message databases, and it merges
    several, so two messages of a file can share one."""
    notes: list[str] = []
    kind = _echo_kind(item, notes)
    text = _echo_text(item, "content", notes, missing="message kept without text") or ""
    attachments: tuple[Attachment, ...] = ()
    path = _echo_text(item, "mediaPath", notes)
    if path:
        attachments = (Attachment(kind if kind in MEDIA_KINDS else "file", path),)
        text = "" if text == path else text
    elif kind in MEDIA_KINDS and ECHO_MEDIA_PATH.match(text):
        attachments, text = (Attachment(kind, text),), ""
    elif kind == "sticker" and isinstance(item.get("emojiCdnUrl"), str) and item["emojiCdnUrl"]:
        attachments = (Attachment(kind, item["emojiCdnUrl"]),)
    time, fallback = item.get("createTime"), item.get("formattedTime")
    if time == 0 and not isinstance(time, bool):  # what both write for a message without a time
        time = fallback = None
    ident = _echo_id(item, "platformMessageId", notes, export.seen)
    return Fields(
        kind,
        text,
        _echo_author(item, export, notes),
        time,
        fallback,
        attachments,
        time_field="createTime",
        fallback_field="formattedTime",
        notes=tuple(notes),
        ident=ident,
        reply_to=_echo_id(item, "replyToMessageId", notes, None),
    )


def _echo_kind(item: dict[str, Any], notes: list[str]) -> str:
    """The kind of the exporter's type name; where it is the exporter's `unknown`, or not a name this
    reader knows (noted), the kind of `localType`."""
    name, code = item.get("type"), item.get("localType")
    if isinstance(name, str) and name in ECHO_TYPE_KIND:
        return ECHO_TYPE_KIND[name]
    by_code = _code_kind(code) if isinstance(code, int) and not isinstance(code, bool) else None
    if isinstance(name, str) and ECHO_UNNAMED_TYPE.match(name):
        if by_code is None:
            notes.append("field localType is not a WeChat type this reader knows; read as text")
        return by_code or "text"
    if name is None:
        problem = "field type is missing or null"
    elif not isinstance(name, str):
        problem = "field type is not a string"
    else:
        problem = "field type is not an EchoTrace or WeFlow type this reader knows"
    notes.append(f"{problem}; {'kind from localType' if by_code else 'read as text'}")
    return by_code or "text"


def _echo_text(item: dict[str, Any], key: str, notes: list[str], missing: str | None = None) -> str | None:
    """A string field; one of another JSON type is kept as JSON, with a note, as is a missing field that
    every version writes (`missing` says what follows from it)."""
    if key not in item:
        if missing is not None:
            notes.append(f"field {key} is missing; {missing}")
        return None
    value = item[key]
    if value is None or isinstance(value, str):
        return value
    notes.append(f"field {key} is not a string; kept as JSON")
    return orjson.dumps(value).decode()


def _echo_author(item: dict[str, Any], export: EchoExport, notes: list[str]) -> Author | None:
    """The sender: ArkMe's by `senderID`; else `senderDisplayName` (EchoTrace from 1.3.0, WeFlow) and the
    `senderUsername` wxid. EchoTrace names a group member it has no name for `群成员`, and gives a group's
    notices the group's own id: neither is a person. Where neither is given (EchoTrace before 1.3.0), own
    messages (`isSend` 1) are `我`, the others of a private chat the other person's."""
    if export.senders is not None:
        sender = item.get("senderID")
        if isinstance(sender, bool) or not isinstance(sender, int) or sender not in export.senders:
            notes.append("field senderID names no one in senders; message kept without an author")
            return None
        return export.senders[sender]
    wxid = (_echo_text(item, "senderUsername", notes) or "").strip()
    name = (_echo_text(item, "senderDisplayName", notes) or "").strip()
    if export.is_group and (wxid == export.chat_id or wxid.endswith("@chatroom")):
        wxid = ""
    if name == "群成员" and export.is_group and export.layout == "echotrace":
        name = ""
    if wxid or name:
        return Author(name or wxid, _wxid(wxid))
    if item.get("isSend") == 1:
        return Author("我", None)
    return export.partner()


def _echo_id(item: dict[str, Any], key: str, notes: list[str], seen: set[int] | None) -> str | None:
    """WeFlow's message id at `key` (a string of digits), or None where there is none; one that is not
    such an id, or (with `seen`) that an earlier message had, is noted and not used."""
    value = item.get(key)
    if value is None or value == "":
        return None
    text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if not (text.isascii() and text.isdigit()):
        notes.append(
            f"field {key} is not a message id; {'numbered by position' if seen is not None else 'left out'}"
        )
        return None
    if seen is not None:
        number = int(text)
        if number in seen:
            notes.append(f"field {key} repeats an earlier message's; numbered by position")
            return None
        seen.add(number)
    return text


LAYOUTS: dict[str, Callable[[dict[str, Any]], Fields]] = {
    "memotrace-v2": memotrace_v2_fields,
    "memotrace-v4": memotrace_v4_fields,
    "pywxdump": pywxdump_fields,
}
MEDIA_KINDS = frozenset(("image", "video", "voice", "file", "sticker"))
