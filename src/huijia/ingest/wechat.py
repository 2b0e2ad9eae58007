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
  a message (`pywxdump_page`).
Epoch `CreateTime`/`timestamp` is preferred over local time strings. The chat name comes from the file
or folder name where the layout does not carry it (MemoTrace names both after the contact's remark).
"""

from __future__ import annotations

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
RECALL = re.compile(r"撤回了一条消息")
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
        "PyWxDump CSV, HTML (data.js, data/msg_user.json, 2.2 pages)"
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
    )

    def sniff(self, head: bytes, path: Path) -> bool:
        text = decode_head(head)
        first = text.splitlines()[0] if text else ""
        if _layout(first.split(",")) is not None or is_memotrace_txt(text, path) or is_pywxdump_js(text):
            return True
        if is_pywxdump_msg_user(text):
            return True
        return is_memotrace_json(text) or is_memotrace_html(head) or is_pywxdump_page(head)

    def read(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
        encoding = text_encoding(src)
        if isinstance(encoding, Skip):
            yield encoding
            return
        if is_memotrace_html(src.head(SNIFF_BYTES)):
            yield from self._read_memotrace_html(src, options, encoding)
            return
        if is_pywxdump_page(src.head(SNIFF_BYTES)):
            yield from self._read_pywxdump_page(src, options)
            return
        head = decode_head(src.head(SNIFF_BYTES))
        if is_memotrace_txt(head, src.path):
            yield from read_memotrace_txt(self, src, options)
            return
        if is_pywxdump_js(head):
            yield from self._read_pywxdump_js(src, options)
            return
        if is_pywxdump_msg_user(head):
            yield from self._read_pywxdump_msg_user(src, options)
            return
        if head.lstrip().startswith("["):
            yield from self._read_json(src, options)
            return
        first = next(iter(head.splitlines()), "")
        layout = _layout(first.split(","))
        if layout is None:
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
        if sent_at is None:
            problems = problems or [f"field {fields.time_field} is empty"]
            note(f"{'; '.join(problems)}; message kept without a time")
        kind = fields.kind
        attachments = fields.attachments or ((Attachment(kind, None),) if kind in MEDIA_KINDS else ())
        notes.append(
            Message(
                id=self.message_id(src, line),
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
        with src.open(options.on_bytes) as fh:
            scan = PageScan(fh, encoding)
            for event in scan:
                channel = scan.title if scan.title and scan.title != "出错了" else channel_for(src.path)
                if isinstance(event, Record):
                    number, raw = event.number, event.fields
                    yield from record_events(
                        src,
                        self._message_of,
                        *(src, options, f"n{number}", encoding, memotrace_html_fields, raw, channel),
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
    code = _int(item.get("type")) or 1
    base, sub = code & 0xFFFFFFFF, code >> 32  # wxManager's composite (SubType << 32) | Type
    kind = APP_SUBTYPE_KIND.get(sub, "link") if base == 49 else TYPE_KIND.get(base, "text")
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
HTML_STRINGS += ("link_url",)
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
        text = html_text(raw)
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


LAYOUTS: dict[str, Callable[[dict[str, Any]], Fields]] = {
    "memotrace-v2": memotrace_v2_fields,
    "memotrace-v4": memotrace_v4_fields,
    "pywxdump": pywxdump_fields,
}
MEDIA_KINDS = frozenset(("image", "video", "voice", "file", "sticker"))
