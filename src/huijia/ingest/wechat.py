"""WeChat exports made by the common tools (WeChat has no export of its own).

Layouts, told apart by their exact header row or JSON keys (research/export-formats.md §2):
- MemoTrace/WeChatMsg v1–v2 CSV: the raw MSG table row (`localId,TalkerId,Type,SubType,IsSender,
  CreateTime,…,StrContent,StrTime,Remark,NickName,Sender`);
- MemoTrace v3–v4 CSV (wxManager): `消息ID,类型,发送人,时间,内容,备注,昵称,更多信息`;
- PyWxDump CSV: `id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime` (3.x), or before
  that `…,room_name,content,CreateTime` with `content` = JSON `{"src": …, "msg": …}`;
- the JSON list MemoTrace writes beside its HTML export (`type, is_send, timestamp, display_name, …`).
Epoch `CreateTime`/`timestamp` is preferred over local time strings. The chat name comes from the file
or folder name where the layout does not carry it (MemoTrace names both after the contact's remark).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import ijson
import orjson

from huijia.ingest.base import Reader, ReadOptions, SourceFile, register, text_encoding
from huijia.ingest.generic import RecordError, parse_time, read_csv_rows
from huijia.ingest.jsonstream import JSON_ERRORS, broken_json, skip_bom
from huijia.ingest.memotrace_txt import is_memotrace_txt, read_memotrace_txt
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
}
RECALL = re.compile(r"撤回了一条消息")
CHANNEL_FROM_FOLDER = re.compile(r"^(.+?)\((?:wxid_|gh_)?[\w-]+\)$")


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
    description = "WeChat tool exports: MemoTrace/WeChatMsg CSV (v2 and v4), TXT and JSON, PyWxDump CSV"
    extensions = (".csv", ".json", ".txt")
    examples = (
        "wechat/memotrace-v2_utf8.csv",
        "wechat/memotrace-v4.csv",
        "wechat/pywxdump.csv",
        "wechat/memotrace.json",
        "wechat/memotrace-txt/宝妈互助群(wxid_mama2024)/宝妈互助群.txt",
    )

    def sniff(self, head: bytes, path: Path) -> bool:
        text = decode_head(head)
        first = text.splitlines()[0] if text else ""
        if _layout(first.split(",")) is not None or is_memotrace_txt(text, path):
            return True
        stripped = text.lstrip()
        return stripped.startswith("[") and '"is_send"' in text[:4000] and '"display_name"' in text[:4000]

    def read(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
        encoding = text_encoding(src)
        if isinstance(encoding, Skip):
            yield encoding
            return
        head = decode_head(src.head(SNIFF_BYTES))
        if is_memotrace_txt(head, src.path):
            yield from read_memotrace_txt(self, src, options)
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
            return self._message(src, options, line, encoding, fields_of(record), channel)

        yield from read_csv_rows(src, options, encoding, row_to_message)

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
        index = 0
        kept = 0
        with src.open(options.on_bytes) as fh:
            try:
                for item in ijson.items(skip_bom(fh), "item", use_float=True):
                    index += 1
                    if not isinstance(item, dict):
                        yield src.skip("item is not a JSON object", where=f"item #{index}")
                        continue
                    kept += 1
                    yield from self._message(
                        src, options, f"n{index}", "utf-8", memotrace_json_fields(item), channel
                    )
            except JSON_ERRORS as exc:
                yield broken_json(src, exc, kept, index)


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
    kind = NAME_KIND.get((r.get("类型") or "").strip(), "text")
    name = (r.get("发送人") or r.get("昵称") or "").strip() or None
    return Fields(kind, r.get("内容") or "", Author(name, None), r.get("时间"), time_field="时间")


def pywxdump_fields(r: dict[str, Any]) -> Fields:
    kind = NAME_KIND.get((r.get("type_name") or "").strip(), "text")
    talker = (r.get("talker") or "").strip()
    notes: tuple[str, ...] = ()
    if "msg" in r:  # PyWxDump 3.x: text and media path in columns of their own
        text, src = str(r.get("msg") or ""), str(r.get("src") or "")
    else:  # older PyWxDump: `content` holds json.dumps({"src": …, "msg": …})
        text, src, problem = _pywxdump_content(r.get("content") or "")
        notes = (problem,) if problem else ()
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


LAYOUTS: dict[str, Callable[[dict[str, Any]], Fields]] = {
    "memotrace-v2": memotrace_v2_fields,
    "memotrace-v4": memotrace_v4_fields,
    "pywxdump": pywxdump_fields,
}
MEDIA_KINDS = frozenset(("image", "video", "voice", "file", "sticker"))
